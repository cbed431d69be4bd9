from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from centres.urls import export_urlpatterns as centre_exports

from . import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include((centre_exports, "centres_export"))),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("", include("programmes.urls")),
    path("centres/", include("centres.urls")),
    path("alerts/", include("alerts.urls")),
)

handler404 = "iom_romania.views.page_not_found"
handler500 = "iom_romania.views.server_error"
