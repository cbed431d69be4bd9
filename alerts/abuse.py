"""Abuse protection for the public forms (a scam report, a centre correction), without
third-party services: a bot trap field, a minimum fill time carried in a signed token, and
one rate limit for both forms kept in Django's cache under a keyed hash, so no IP address is
written anywhere.

The rate limit counts what costs the office something, accepted submissions and refused
bots, not a person's own mistakes: a form sent back with errors does not count.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

_SALT = "alerts.report-form-started"


def form_started_token(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=_SALT)


def seconds_since_started(token: str, now: float | None = None) -> float | None:
    """Seconds since the form was shown, or None when the token is missing or forged."""
    try:
        started = signing.loads(token, salt=_SALT, max_age=24 * 3600)
    except (signing.BadSignature, TypeError):
        return None
    return (now if now is not None else time.time()) - int(started)


def client_address(meta: dict, header: str = "") -> str:
    """The client's address: REMOTE_ADDR, or behind a proxy the last address in the
    proxy's header (the one the proxy itself saw; earlier ones can be forged)."""
    if header and meta.get(header):
        return meta[header].split(",")[-1].strip()
    return meta.get("REMOTE_ADDR", "")


def client_fingerprint(remote_addr: str) -> str:
    """A keyed hash of the client address: enough to count requests in the cache,
    useless for finding the person (the key is the site's secret)."""
    message = remote_addr.encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


RATE_LIMITED_MESSAGE = _(
    "We have received several reports from your connection in a short time. "
    "Please try again later; what you typed is still below."
)


def _rate_key(request: HttpRequest) -> str:
    address = client_address(request.META, settings.CLIENT_IP_HEADER)
    return f"forms:submission-rate:{client_fingerprint(address)}"


def over_rate_limit(request: HttpRequest) -> bool:
    """True when this client has used up its submissions for the window
    (SCAM_REPORT_RATE_LIMIT per SCAM_REPORT_RATE_WINDOW_SECONDS, for both public forms)."""
    return cache.get(_rate_key(request), 0) >= settings.SCAM_REPORT_RATE_LIMIT


def count_submission(request: HttpRequest) -> None:
    """Count one accepted submission, or one refused as a bot's, against the limit."""
    key = _rate_key(request)
    if cache.add(key, 1, timeout=settings.SCAM_REPORT_RATE_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=settings.SCAM_REPORT_RATE_WINDOW_SECONDS)


def sign_reference(reference: str) -> str:
    """The reference for the confirmation page's URL, signed so the page cannot be used
    to make the site display arbitrary text as a "reference"."""
    return signing.dumps(reference, salt="alerts.report-reference", compress=False)


def unsign_reference(token: str, max_age: int = 3600) -> str | None:
    try:
        return signing.loads(token, salt="alerts.report-reference", max_age=max_age)
    except signing.BadSignature:
        return None
