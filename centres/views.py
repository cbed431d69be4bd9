from django.views.generic import DetailView, ListView

from .models import Centre


class CentreListView(ListView):
    template_name = "centres/centre_list.html"
    context_object_name = "centres"
    queryset = Centre.objects.published()


class CentreDetailView(DetailView):
    template_name = "centres/centre_detail.html"
    context_object_name = "centre"
    queryset = Centre.objects.visible_by_url()
