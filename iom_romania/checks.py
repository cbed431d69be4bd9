"""System checks for deployment settings that Django's own checks cannot know about."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

W001 = "iom_romania.W001"


@register(Tags.security)
def client_address_header(app_configs, **kwargs):
    """Behind a proxy, without CLIENT_IP_HEADER every visitor has the proxy's address.

    Then one person's reports use up everybody's rate limit, and a few wrong passwords sent
    through the proxy lock staff out for everybody. SECURE_PROXY_SSL_HEADER says the site
    trusts a proxy in front of it (settings.py sets it whenever DEBUG is off).
    """
    if settings.SECURE_PROXY_SSL_HEADER and not settings.CLIENT_IP_HEADER:
        return [
            Warning(
                "Requests come through a proxy (SECURE_PROXY_SSL_HEADER is set) but "
                "CLIENT_IP_HEADER is empty, so every visitor counts as the proxy's address "
                "for the report rate limit and the login lockout.",
                hint=(
                    "Set CLIENT_IP_HEADER to the header the proxy puts the visitor's address "
                    "in: HTTP_X_REAL_IP with deploy/iom-romania-proxy.conf."
                ),
                id=W001,
            )
        ]
    return []
