"""A staff member's first day, in Chromium, with the settings production runs.

DEBUG off, two-factor authentication required, PostgreSQL, and the page cache in Redis (its
own database number, its own key prefix): sign in with the password, set up the
authenticator app on the page, keep the recovery codes, correct a centre's phone number in
the admin; then a visitor (a fresh browser, no cookies) sees the new number at once, though
the old page was in the cache.
"""

from base64 import b32decode
from uuid import uuid4

import pytest
import redis
from django.conf import settings as django_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from playwright.sync_api import expect

from centres.models import Centre, CentrePhone

pytestmark = pytest.mark.browser

REDIS_URL = "redis://127.0.0.1:6379/14"
PASSWORD = "a long passphrase for the first day"


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def _redis_cache(key_prefix: str) -> dict:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }


@pytest.fixture
def production_like(settings):
    """The settings `make serve` and the servers run with (DEBUG is already off in tests)."""
    assert _redis_answers(), f"Redis must answer at {REDIS_URL}: run make test"
    assert not settings.DEBUG
    prefix = f"journey-{uuid4().hex[:8]}"
    settings.OTP_REQUIRED = True
    settings.CACHES = {"default": _redis_cache(prefix), "pages": _redis_cache(f"{prefix}:pages")}
    settings.PAGE_CACHE_SECONDS = 300
    yield
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def test_a_new_staff_member_signs_in_and_corrects_a_phone_number_visitors_then_see(
    browser, portal, django_user_model, production_like
):
    centre = Centre.objects.published().order_by("order", "city").first()
    CentrePhone.objects.create(centre=centre, number="+40268000000", kind="voice")
    django_user_model.objects.create_superuser("ioana", "ioana@example.org", PASSWORD)
    public_url = f"{portal}{centre.get_absolute_url()}"

    # Two visitors before the change: the second gets the page from the page cache.
    for expected in ("miss", "hit"):
        # No offline copy: its worker would go on fetching pages from the shared test
        # server after this test (tests/browser/conftest.py, browser_context_args).
        visitor = browser.new_context(service_workers="block")
        response = visitor.new_page().goto(public_url)
        assert response.headers["x-page-cache"] == expected
        assert "+40 268 000 000" in response.text()
        visitor.close()

    staff = browser.new_context(service_workers="block").new_page()
    staff.goto(f"{portal}/{django_settings.ADMIN_URL}")
    staff.fill("#id_username", "ioana")
    staff.fill("#id_password", PASSWORD)
    staff.click("input[type=submit]")

    # First sign-in: no authenticator app yet, so the page sets one up.
    expect(staff.get_by_text("scan this QR code")).to_be_visible()
    expect(staff.locator(".otp-qr-code svg")).to_be_visible()
    secret = staff.locator("#otp-secret").inner_text()
    staff.fill("#id_otp_token", f"{TOTP(b32decode(secret)).token():06d}")
    staff.get_by_role("button", name="Confirm").click()

    expect(staff.locator("#recovery-codes code")).to_have_count(10)
    codes = staff.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    saved_codes = set(codes)
    stored = StaticDevice.objects.get(user__username="ioana").token_set.values_list("token")
    assert saved_codes == {token for (token,) in stored}
    staff.get_by_role("link", name="I have saved my recovery codes: continue").click()
    expect(staff).to_have_url(f"{portal}/{django_settings.ADMIN_URL}")

    staff.goto(f"{portal}/{django_settings.ADMIN_URL}centres/centre/{centre.pk}/change/")
    staff.fill("#id_phones-0-number", "+40 268 123 456")
    staff.click("input[name=_save]")
    expect(staff.locator(".messagelist .success")).to_be_visible()

    anonymous = browser.new_context(service_workers="block")
    after = anonymous.new_page()
    after.goto(public_url)
    page = after.content()
    assert "+40 268 123 456" in page
    assert "+40 268 000 000" not in page
    anonymous.close()
