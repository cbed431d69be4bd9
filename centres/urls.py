from django.urls import path

from . import hsds_views, views

app_name = "centres"
urlpatterns = [
    path("", views.CentreListView.as_view(), name="centre_list"),
    path("<slug:slug>/", views.CentreDetailView.as_view(), name="centre_detail"),
    path("<slug:slug>/report/", views.ReportView.as_view(), name="centre_report"),
    path("<slug:slug>/qr.svg", views.centre_qr_code, name="centre_qr_code"),
]

# Machine-readable exports, outside the language prefix (included from iom_romania/urls.py).
export_urlpatterns = [
    path("centres.geojson", views.centres_geojson, name="centres_geojson"),
    path("centres/hsds.json", hsds_views.package, name="centres_hsds"),
    path("centres/<slug:slug>.vcf", views.centre_vcard, name="centre_vcard"),
]
