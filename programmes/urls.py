from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("programmes/<slug:slug>/", views.AreaDetailView.as_view(), name="area_detail"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project_detail"),
]
