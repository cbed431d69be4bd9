from django.urls import path

from . import views

app_name = "centres"
urlpatterns = [
    path("", views.CentreListView.as_view(), name="centre_list"),
    path("<slug:slug>/", views.CentreDetailView.as_view(), name="centre_detail"),
]
