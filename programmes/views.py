from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from .models import ProgrammeArea, Project


class AreaDetailView(DetailView):
    template_name = "programmes/area_detail.html"
    context_object_name = "area"

    def get_queryset(self):
        return ProgrammeArea.objects.visible_by_url().prefetch_related(
            Prefetch("projects", Project.objects.published(), to_attr="published_projects")
        )


class ProjectListView(ListView):
    template_name = "programmes/project_list.html"
    context_object_name = "projects"

    def get_queryset(self):
        return Project.objects.published().prefetch_related(
            Prefetch("areas", ProgrammeArea.objects.published(), to_attr="published_areas")
        )


class ProjectDetailView(DetailView):
    template_name = "programmes/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return Project.objects.visible_by_url().prefetch_related(
            Prefetch("areas", ProgrammeArea.objects.published(), to_attr="published_areas")
        )
