"""The site's URLs plus two views that fail, to see the 500 and 503 pages."""

from django.db import OperationalError
from django.urls import path

from iom_romania.urls import handler400, handler403, handler404, handler500  # noqa: F401
from iom_romania.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise ZeroDivisionError("a bug with SECRET details")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 refused")


urlpatterns = [
    path("broken/", broken),
    path("database-gone/", database_gone),
    *site_urlpatterns,
]
