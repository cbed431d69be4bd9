import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# from that thread are safe here because each test owns its database connection.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _production_defaults_for_tests(settings):
    """Each test starts with empty caches, no page cache, no staff 2FA step.

    The page cache would otherwise carry pages from one test (or one data change made with
    `.update()`, which sends no signal) into the next; tests of the page cache and of 2FA
    turn them on themselves (tests/production/).
    """
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    settings.PAGE_CACHE_SECONDS = 0
    settings.OTP_REQUIRED = False
    # Demand counts stay in this process's buffer (no Redis, no background writer) until a
    # test flushes them (tests/iom_romania/test_usage.py).
    from iom_romania import usage

    settings.USAGE_REDIS_URL = ""
    settings.USAGE_FLUSH_SECONDS = 0
    usage._buffer.clear()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Staff logins in tests hash with MD5: production's PBKDF2 (1,000,000 rounds) costs
    about half a second of CPU per login or new user, paid hundreds of times in the suite.
    What the tests check (who may log in, lockouts, two-factor) does not depend on it."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The gazetteer (7,000 places) and the office's seed content, committed once per test
    database (one per pytest-xdist worker), not in every test. Each test runs in a
    transaction that is rolled back, so the seed is there, unchanged, for the next one."""
    with django_db_blocker.unblock():
        call_command("load_gazetteer", verbosity=0)
        call_command("load_seed", verbosity=0)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request to /ro/... leaves Romanian active in the thread,
    and reverse() or get_absolute_url() in the next test would build /ro/ addresses."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def seeded(db):
    """The office's starting content, as `make run` loads it (loaded with the test database:
    see django_db_setup). Tests that read the seed ask for it by this name."""


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser; no calls home from the sandbox.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(items):
    """Tests marked `slow` (several seconds each) go first, the rest keep pytest-randomly's
    order: started last, one of them would keep one worker busy alone at the end.

    The seed is committed once per test database (django_db_setup above). A test that
    commits (pytest-django's `transactional_db`, `live_server`, `django_db(transaction=True)`)
    empties every table afterwards, seed included, and the tests after it would fail or
    pass depending on the order. Browser tests use `portal` (tests/browser/conftest.py)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable
    for item in items:
        marker = item.get_closest_marker("django_db")
        committing = {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        if committing or (marker and marker.kwargs.get("transaction")):
            raise pytest.UsageError(
                f"{item.nodeid}: tests here run in a rolled-back transaction; use `db` "
                f"(and `portal` for a browser) instead of {committing or 'transaction=True'}"
            )
