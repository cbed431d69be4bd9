from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from iom_romania.preview import PreviewableDetailMixin

from .models import ProgrammeArea, Project


class AreaDetailView(PreviewableDetailMixin, DetailView):
    model = ProgrammeArea
    template_name = "programmes/area_detail.html"
    context_object_name = "area"

    def get_base_queryset(self):
        return ProgrammeArea.objects.prefetch_related(
            Prefetch("projects", Project.objects.published(), to_attr="published_projects")
        )


class ProjectListView(ListView):
    template_name = "programmes/project_list.html"
    context_object_name = "projects"

    def get_queryset(self):
        return published_projects()


def published_projects() -> list[Project]:
    return list(
        Project.objects.published().prefetch_related(
            Prefetch("areas", ProgrammeArea.objects.published(), to_attr="published_areas")
        )
    )


class ProjectDetailView(PreviewableDetailMixin, DetailView):
    model = Project
    template_name = "programmes/project_detail.html"
    context_object_name = "project"

    def get_base_queryset(self):
        return Project.objects.prefetch_related(
            Prefetch("areas", ProgrammeArea.objects.published(), to_attr="published_areas")
        )
