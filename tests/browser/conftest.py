"""Fixtures for the page-list gates: one seeded portal per test module, one browser per session.

pytest-django's `live_server` makes every test that uses it a TransactionTestCase that
empties the database afterwards, so each test would load the seed again. The page-list
gates only read, so they share one server (started once) and one seed load per module; the
module's teardown empties the database the way TransactionTestCase does.
"""

import pytest
from django.core.management import call_command
from pytest_django import live_server_helper


@pytest.fixture(scope="session")
def portal_server(django_db_setup):
    server = live_server_helper.LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site(portal_server, django_db_blocker) -> str:
    """The base URL of a portal serving the office's seed content."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
        portal_server._live_server_modified_settings.enable()
        try:
            yield portal_server.url
        finally:
            portal_server._live_server_modified_settings.disable()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def portal(site, db) -> str:
    """`site` for one test. Asking for `db` tells pytest-django to set up the test database;
    the test's own queries run in a transaction that is rolled back, the seed stays."""
    return site
