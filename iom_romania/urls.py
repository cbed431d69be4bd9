from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from alerts.urls import poster_urlpatterns
from centres.urls import export_urlpatterns as centre_exports

from . import health, offline, two_factor, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before the admin's own URLs, which would answer it with their catch-all.
    path(f"{settings.ADMIN_URL}otp/", two_factor.verify, name="admin_otp_verify"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("language/<str:code>/", views.switch_language, name="switch_language"),
    path("qr/<path:target>", views.poster_visit, name="poster_visit"),
    path("", include((centre_exports, "centres_export"))),
    path("hsds/", include("centres.hsds_urls")),
    path("", include((poster_urlpatterns, "alerts_poster"))),
    path("manifest.webmanifest", offline.web_manifest, name="web_manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("", include("programmes.urls")),
    path("centres/", include("centres.urls")),
    path("alerts/", include("alerts.urls")),
    path("search/", views.SearchView.as_view(), name="search"),
    path("contact/", views.ContactView.as_view(), name="contact"),
)

handler400 = "iom_romania.views.bad_request"
handler403 = "iom_romania.views.permission_denied"
handler404 = "iom_romania.views.page_not_found"
handler500 = "iom_romania.views.server_error"
