"""The read-only HSDS 3.0 API, outside the language prefix (included from iom_romania/urls.py).

Paths as in Open Referral's openapi.json; `lang` or Accept-Language picks the language.
"""

from django.urls import path, re_path

from . import hsds_views as views

app_name = "hsds"
urlpatterns = [
    path("", views.api_root, name="root"),
    path("services", views.services, name="services"),
    path("services/<str:id>", views.service_detail, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:id>", views.organization_detail, name="organization"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:id>",
        views.service_at_location_detail,
        name="service_at_location",
    ),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", views.taxonomy_term_detail, name="taxonomy_term"),
    # Anything else under /hsds/ answers in JSON too, not with the site's HTML 404 page.
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
