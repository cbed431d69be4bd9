"""The bare floor of `make bench`: a Django project with one view that returns "hello".

No middleware, no database, no templates: what Django itself costs per request under the
same gunicorn (sync workers) as the portal. bench/run.py serves it with

    gunicorn --chdir bench/bare hello:application

and reports every page of the portal as a fraction of it.
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-only-not-a-secret",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
