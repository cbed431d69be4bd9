"""Staff sign-in protection: django-axes lockout, and the client address it counts by."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come through a web request.

    `authenticate()` without a request (a management command, the test client's `login()`)
    cannot be a web login attempt, so there is nothing to count or lock.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address as the trusted reverse proxy saw it, else the connection's.

    The same rule as the scam-report rate limit, so both count the same clients.
    """
    from alerts.abuse import client_address

    return client_address(request.META, settings.CLIENT_IP_HEADER)
