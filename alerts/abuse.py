"""Abuse protection for the public report form, without third-party services:
a minimum fill time carried in a signed token, and a per-client rate limit kept in
Django's cache under a keyed hash, so no IP address is written anywhere."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

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


def hit_rate_limit(fingerprint: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True when this client is over `limit` in the window."""
    key = f"alerts:report-rate:{fingerprint}"
    if cache.add(key, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds)
        count = 1
    return count > limit


def sign_reference(reference: str) -> str:
    """The reference for the confirmation page's URL, signed so the page cannot be used
    to make the site display arbitrary text as a "reference"."""
    return signing.dumps(reference, salt="alerts.report-reference", compress=False)


def unsign_reference(token: str, max_age: int = 3600) -> str | None:
    try:
        return signing.loads(token, salt="alerts.report-reference", max_age=max_age)
    except signing.BadSignature:
        return None
