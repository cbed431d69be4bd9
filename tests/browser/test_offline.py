"""Pages that open offline (issue 17): after one visit, the centre list, each centre page
opened, the current warnings and "How to check an offer" open with no connection and say
when they were saved; the service worker never keeps or answers what it must not."""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import Error as PlaywrightError

from centres.models import Centre, CentrePhone
from tests.browser.browsing import run_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def portal(browser, portal):
    """Chromium started before the test's database transaction: a test's own rows reach the
    in-process server only then (a page made before the transaction, from pytest-playwright's
    `page` fixture, did not see them here). Pages are made inside the tests."""
    return portal


CORE_PAGES = ["/centres/", "/alerts/", "/alerts/how-to-check/"]
WAIT_MS = 15_000

KEPT_PATHS = """async () => {
  const paths = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
  }
  return paths;
}"""


@pytest.fixture
def context(browser, browser_context_args, portal):
    """A browser context with service workers allowed (the other browser tests block them),
    that goes offline when the test ends, after the server has answered everything the
    worker asked: its background fetches must not reach the server after the test's
    database transaction is gone."""
    context = browser.new_context(**{**browser_context_args, "service_workers": "allow"})
    yield context
    context.set_offline(True)
    # The server answers one request at a time, in order: once this file comes back, the
    # worker's last request has been answered too.
    with urllib.request.urlopen(f"{portal}/static/img/favicon.svg") as response:
        assert response.status == 200
    context.close()


@pytest.fixture
def worker_page(context, portal):
    return context.new_page()


def kept_paths(page) -> list[str]:
    return page.evaluate(KEPT_PATHS)


# Playwright's wait_for_function takes a promise for a truthy value, so waits run in the
# page instead: `check` (an async function of `arg`) every 100 ms of the browser's clock.
WAIT_IN_PAGE = """async ([check, arg, tries]) => {
  const test = eval(check);
  for (let attempt = 0; attempt < tries; attempt++) {
    if (await test(arg)) return true;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return false;
}"""
ALL_KEPT = """async paths => {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const found = await Promise.all(paths.map(path => cache.match(path)));
    if (found.every(Boolean)) return true;
  }
  return false;
}"""


def wait_in_page(page, check: str, arg) -> bool:
    return page.evaluate(WAIT_IN_PAGE, [check, arg, WAIT_MS // 100])


def wait_until_kept(page, paths: list[str]) -> None:
    assert wait_in_page(page, ALL_KEPT, paths), f"not kept: {paths}"


def visit(page, portal: str, path: str) -> None:
    page.goto(portal + path)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=WAIT_MS)


def test_pages_open_offline_after_one_visit_and_say_when_they_were_saved(
    portal, context, worker_page
):
    page = worker_page
    centre = Centre.objects.published().order_by("pk").first()
    other = Centre.objects.published().exclude(pk=centre.pk).first()
    centre_path = centre.get_absolute_url()
    page.goto(portal + centre_path)  # one visit, of one centre's page
    wanted = [centre_path, *(f"/en{path}" for path in CORE_PAGES)]
    wait_until_kept(page, wanted)

    context.set_offline(True)
    for path in wanted:
        page.goto(portal + path)
        notice = page.locator("[data-saved-notice]")
        assert notice.is_visible(), path
        assert notice.inner_text().startswith("Saved on ")
        assert "may be out of date" in notice.inner_text()
        assert page.locator("[data-saved-on]").get_attribute("datetime")
    assert centre.name in page.goto(portal + centre_path).text()
    # A centre page never opened is not there.
    with pytest.raises(PlaywrightError):
        page.goto(portal + other.get_absolute_url())


def test_online_pages_never_show_the_saved_notice(portal, context, worker_page):
    page = worker_page
    visit(page, portal, "/en/alerts/")
    wait_until_kept(page, [f"/en{path}" for path in CORE_PAGES])
    page.goto(f"{portal}/en/centres/")
    assert not page.locator("[data-saved-notice]").is_visible()


def test_what_is_kept_is_refreshed_on_the_next_visit_with_a_connection(
    portal, context, worker_page
):
    page = worker_page
    page.goto(f"{portal}/en/centres/brasov/")
    wait_until_kept(page, ["/en/centres/brasov/", "/en/alerts/"])
    context.set_offline(True)
    page.goto(f"{portal}/en/alerts/")  # the saved copy
    centre = Centre.objects.get(slug="brasov")
    CentrePhone.objects.create(centre=centre, number="+40268000000", kind="voice")
    context.set_offline(False)
    # The next visit with a connection: the worker fetches everything it keeps anew.
    visit(page, portal, "/en/alerts/")
    renamed = """async path => {
      const cache = await caches.open((await caches.keys())[0]);
      const saved = await cache.match(path);
      return Boolean(saved) && (await saved.text()).includes("+40 268 000 000");
    }"""
    assert wait_in_page(page, renamed, "/en/centres/brasov/")
    context.set_offline(True)
    page.goto(f"{portal}/en/centres/brasov/")
    assert "+40 268 000 000" in page.locator("main").inner_text()
    assert page.locator("[data-saved-notice]").is_visible()


def test_the_worker_never_keeps_admin_search_forms_or_query_strings(portal, context, worker_page):
    page = worker_page
    visit(page, portal, "/en/centres/")
    wait_until_kept(page, [f"/en{path}" for path in CORE_PAGES])
    never = [
        "/admin/login/",
        "/en/search/?q=brasov",
        "/en/centres/?q=brasov",
        "/en/alerts/check/",
        "/en/alerts/report/",
        "/en/centres/brasov/report/",
    ]
    for path in never:
        assert not page.goto(portal + path).from_service_worker, path
    visit(page, portal, "/en/alerts/")
    wait_until_kept(page, ["/en/alerts/"])
    kept = kept_paths(page)
    for path in never:
        assert path.split("?")[0] not in kept or "?" in path, f"{path} was kept"
    assert not [path for path in kept if "admin" in path or "search" in path]
    assert "/en/alerts/check/" not in kept and "/en/alerts/report/" not in kept

    context.set_offline(True)
    # The staff area and a search are not answered from the cache: the network fails.
    for path in ["/admin/login/", "/en/search/?q=brasov"]:
        try:
            response = page.goto(portal + path)
        except PlaywrightError:
            continue  # nothing answered: the worker did not
        # The browser's own HTTP cache may still hold a fresh public page; never the worker.
        assert not response.from_service_worker, path


def test_the_worker_never_answers_a_post(portal, context, worker_page):
    page = worker_page
    visit(page, portal, "/en/alerts/how-to-check/")
    wait_until_kept(page, [f"/en{path}" for path in CORE_PAGES])
    post = """path => fetch(path, {method: "POST", body: "text=x"})
        .then(response => [response.status, response.headers.get("X-Served-From")],
              () => "failed")"""
    # Online, the server answers (403: no CSRF token), not the worker.
    assert (
        page.evaluate(post, "/en/alerts/how-to-check/") == [405, None]
        or page.evaluate(post, "/en/alerts/how-to-check/")[1] is None
    )
    context.set_offline(True)
    # Offline, a POST fails even to an address the worker keeps.
    assert page.evaluate(post, "/en/alerts/how-to-check/") == "failed"
    assert page.evaluate(post, "/en/alerts/check/") == "failed"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_shown_offline_pass_axe(portal, context, worker_page, language):
    page = worker_page
    page.goto(f"{portal}/{language}/centres/")
    wait_until_kept(page, [f"/{language}{path}" for path in CORE_PAGES])
    context.set_offline(True)
    for path in CORE_PAGES:
        page.goto(f"{portal}/{language}{path}")
        assert page.locator("[data-saved-notice]").is_visible()
        results = run_axe(page)
        assert results.violations_count == 0, results.generate_report()
