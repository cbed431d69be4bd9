"""Fixtures for the page-list gates: one seeded portal per test module, one browser per session.

pytest-django's `live_server` makes every test that uses it a TransactionTestCase that
empties the database afterwards, so each test would load the seed again, and the rows that
data migrations made (scam channels, the report triage group) would be gone for the tests
that follow. The page-list gates only read, so they share one server (started once) and one
seed load per module; the module's teardown deletes exactly the rows added since it began.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models.deletion import ProtectedError, RestrictedError
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
        before = _last_row_ids()
        call_command("load_seed", verbosity=0)
        portal_server._live_server_modified_settings.enable()
        try:
            yield portal_server.url
        finally:
            portal_server._live_server_modified_settings.disable()
            _delete_rows_added_since(before)


@pytest.fixture
def portal(site, db) -> str:
    """`site` for one test. Asking for `db` tells pytest-django to set up the test database;
    the test's own queries run in a transaction that is rolled back, the seed stays."""
    return site


_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField)


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _last_row_ids() -> dict[type[models.Model], object]:
    """For each table: its highest auto id, or the set of its keys for other keys."""
    state: dict[type[models.Model], object] = {}
    for model in _tables():
        rows = model._base_manager.all()
        if isinstance(model._meta.pk, _INTEGER_KEYS):
            state[model] = rows.aggregate(last=models.Max("pk"))["last"] or 0
        else:
            state[model] = set(rows.values_list("pk", flat=True))
    return state


def _delete_rows_added_since(before: dict[type[models.Model], object]) -> None:
    pending = list(before)
    for _ in range(5):  # a protected row goes once the rows protecting it are gone
        blocked = []
        for model in pending:
            rows = model._base_manager.all()
            mark = before[model]
            rows = rows.filter(pk__gt=mark) if isinstance(mark, int) else rows.exclude(pk__in=mark)
            try:
                rows.delete()
            except (ProtectedError, RestrictedError):
                blocked.append(model)
        if not blocked:
            return
        pending = blocked
    raise RuntimeError(f"could not remove the rows the page gates added to {pending}")
