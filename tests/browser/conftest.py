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


@pytest.fixture(scope="session")
def _reused_pages(browser) -> Iterator[dict]:
    """The pages that `reused_page` and `reused_no_js_page` hand out, one per worker each
    (closed before the browser is)."""
    pages: dict[bool, tuple] = {}
    yield pages
    for page, _ in pages.values():
        page.context.close()


def _reused_page(request, pages: dict, browser, context_args: dict, site: str, javascript: bool):
    """A page of a browser context kept for the whole session, reset to how a new context
    starts: no cookies, nothing stored for the portal, an empty HTTP cache, the default
    viewport. A new context per test costs Chromium a new renderer process, and in it a new
    compile of axe-core (~570 KB) and of every page's CSS and scripts; the page-list gates
    load hundreds of pages, one per test, and nothing they check depends on the process.

    After the test the page goes to about:blank, so that nothing it loaded keeps asking the
    server (which answers on the test's own database connection) once the test has ended.
    If that fails, or the test failed, the context is closed and the next test gets a new one.
    """
    if javascript not in pages or pages[javascript][0].is_closed():
        context = browser.new_context(**{**context_args, "java_script_enabled": javascript})
        page = context.new_page()
        pages[javascript] = (page, page.viewport_size)
    page, viewport = pages[javascript]
    page.context.clear_cookies()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.clearBrowserCache")
    cdp.send("Storage.clearDataForOrigin", {"origin": site, "storageTypes": "all"})
    cdp.detach()
    page.set_viewport_size(viewport)
    # The focused window, as a new page is: the two reused pages take turns.
    page.bring_to_front()
    yield page
    failed = getattr(request.node, "rep_call", None) is None or request.node.rep_call.failed
    try:
        page.goto("about:blank")
    except Exception:  # Playwright's errors: a crashed or stuck page
        failed = True
    if failed:
        del pages[javascript]
        page.context.close()


@pytest.fixture
def reused_page(request, _reused_pages, browser, browser_context_args, site):
    """A page with JavaScript, for tests that only load pages and look at them (the
    page-list gates); see `_reused_page`. Tests that change the context (geolocation,
    routes, service workers) use pytest-playwright's own `page`."""
    yield from _reused_page(request, _reused_pages, browser, browser_context_args, site, True)


@pytest.fixture
def reused_no_js_page(request, _reused_pages, browser, browser_context_args, site):
    """Like `reused_page`, with JavaScript turned off."""
    yield from _reused_page(request, _reused_pages, browser, browser_context_args, site, False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, for `_reused_page` to see a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
