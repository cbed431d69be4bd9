from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.AlertListView.as_view(), name="alert_list"),
    path("<slug:slug>/", views.AlertDetailView.as_view(), name="alert_detail"),
]
