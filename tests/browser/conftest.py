"""The portal for the browser tests: one server per test session, answering inside each test's
own database transaction.

pytest-django's `live_server` answers from a database connection of its own, so it sees only
committed rows, and it empties every table after each test that uses it: the seed and the
rows that data migrations made (scam channels, the report triage group) were then gone for
the tests that followed, whatever their order. Here the server thread uses the test thread's
connection instead. It sees the seed loaded with the test database and the rows the test
made, and whatever a page writes (a scam report sent in the browser) is rolled back with the
test, like any other test's writes.

The server handles one request at a time, so the connection is never used by two requests
at once; the test thread waits for the browser while a page loads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections


class _RequestHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass  # the portal logs each request itself (iom_romania.requests)


class _TestConnectionServer(WSGIServer):
    """Django's development WSGI server, one request at a time, on the test's connection."""

    def __init__(self, connection):
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.connection = connection
        self.set_app(StaticFilesHandler(WSGIHandler()))

    def serve_forever(self, *args, **kwargs):
        connections[DEFAULT_DB_ALIAS] = self.connection
        super().serve_forever(*args, **kwargs)

    def finish_request(self, request, client_address):
        # Django closes a connection found inside a transaction at the start and end of each
        # request; this one is inside the test's transaction on purpose. Django's test
        # client does the same around its requests.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            super().finish_request(request, client_address)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.fixture(scope="session")
def site(django_db_setup) -> Iterator[str]:
    """The base URL of the portal (http://127.0.0.1:PORT). Tests ask for `portal`, which
    also gives them the database the server answers from."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.inc_thread_sharing()
    server = _TestConnectionServer(connection)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        connection.dec_thread_sharing()


@pytest.fixture
def portal(site, seeded) -> str:
    """`site` for one test, serving the office's seed content and whatever the test adds;
    everything is rolled back after the test."""
    return site


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """No service worker, except in the offline tests (test_offline.py allows it): the
    worker fetches pages in the background after each load, and this server answers them
    one at a time on the test's own database connection, also after a test has ended."""
    return {**browser_context_args, "service_workers": "block"}
