from django.views.generic import DetailView, ListView

from .models import ScamAlert


class AlertListView(ListView):
    template_name = "alerts/alert_list.html"
    context_object_name = "alerts"
    queryset = ScamAlert.objects.published()
    paginate_by = 20


class AlertDetailView(DetailView):
    template_name = "alerts/alert_detail.html"
    context_object_name = "alert"
    queryset = ScamAlert.objects.visible_by_url()
