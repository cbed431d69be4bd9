"""The keyboard alone reaches everything: the skip link first, then every interactive
element in document order, always with a visible focus indicator; the centre finder can be
filled in and submitted without a mouse."""

import pytest

from tests.browser.browsing import DESKTOP, PHONE, open_page
from tests.browser.pages import PAGES, PAGES_BY_NAME

pytestmark = pytest.mark.browser


@pytest.fixture
def page(reused_page):
    """These tests only load pages and look at them: one page serves them all, reset
    between tests (tests/browser/conftest.py, `reused_page`)."""
    return reused_page


# Every control that Tab should reach, in document order. A group of radio buttons is one
# Tab stop (the arrow keys move inside it), so its buttons share one key.
INTERACTIVE_JS = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
    + ' select:not([disabled]), textarea:not([disabled]), summary, [tabindex]';
  const seen = new Set();
  const controls = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.tabIndex < 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (!el.getClientRects().length || el.closest('[inert], [aria-hidden=true]')) continue;
    if (!el.dataset.kbIndex) {
      el.dataset.kbIndex = el.type === 'radio' && el.name
        ? `radio-${el.form ? [...document.forms].indexOf(el.form) : 'none'}-${el.name}`
        : Math.random().toString(36).slice(2);
    }
    if (seen.has(el.dataset.kbIndex)) continue;
    seen.add(el.dataset.kbIndex);
    const text = (el.innerText || el.name || el.getAttribute('aria-label') || '').trim();
    controls.push([el.dataset.kbIndex, `${el.tagName.toLowerCase()} "${text.slice(0, 40)}"`]);
  }
  return controls;
}"""

# What has the focus now, and whether a person can see that it does.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const inView = box.bottom > 0 && box.top < window.innerHeight && box.right > 0
    && box.left < window.innerWidth;
  return {
    id: el.dataset.kbIndex || null,
    tag: el.tagName.toLowerCase() + (el.type ? `[type=${el.type}]` : ''),
    style: `outline: ${style.outlineStyle} ${style.outlineWidth}; box-shadow: ${style.boxShadow}`,
    text: (el.innerText || el.name || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    positiveTabindex: el.tabIndex > 0,
    // The focus can sit on a part of a native control (a date field's calendar button),
    // which the browser outlines itself; the field then does not match :focus.
    visible: (outline || shadow || !el.matches(':focus')) && inView,
  };
}"""


def tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until the focus leaves the page."""
    # Start from the top, even when the page has put the focus somewhere (an error summary).
    page.evaluate(
        """() => {
      document.body.tabIndex = -1; document.body.focus(); document.body.blur();
      document.body.removeAttribute('tabindex'); window.scrollTo(0, 0);
    }"""
    )
    focused = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED_JS)
        if now is None or (focused and now["id"] == focused[0]["id"]):
            break
        focused.append(now)
    return focused


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_skip_link_comes_first_and_moves_focus_to_main(page, portal, viewport):
    page.set_viewport_size(viewport)
    open_page(page, portal, PAGES_BY_NAME["home"])
    page.keyboard.press("Tab")
    skip = page.evaluate(
        "() => ({cls: document.activeElement.className,"
        " href: document.activeElement.getAttribute('href'),"
        " top: document.activeElement.getBoundingClientRect().top})"
    )
    assert skip["cls"] == "skip-link" and skip["href"] == "#main", skip
    assert skip["top"] >= 0, "the skip link is not visible when it has the focus"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab continues inside the main content, not back at the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.name)
def test_tab_reaches_every_control_in_order_with_visible_focus(page, portal, entry):
    page.set_viewport_size(DESKTOP)
    url = open_page(page, portal, entry)
    described = dict(page.evaluate(INTERACTIVE_JS))
    interactive = list(described)
    focused = tab_through(page)
    order = [item["id"] for item in focused]
    unreachable = [described[i] for i in interactive if i not in order]
    assert not unreachable, f"{url}: these cannot be reached with Tab: {unreachable}"
    tab_order = [described[i] for i in dict.fromkeys(order) if i in described]
    page_order = list(described.values())
    assert tab_order == page_order, f"{url}: the Tab order does not follow the page:\n" + "\n".join(
        f"{t:<50} {p}" for t, p in zip(tab_order, page_order, strict=True)
    )
    assert not [f for f in focused if f["positiveTabindex"]], f"{url}: positive tabindex"
    invisible = [f"{f['tag']} {f['text']!r} ({f['style']})" for f in focused if not f["visible"]]
    assert not invisible, f"{url}: focus is not visible on {invisible}"


def test_centre_finder_works_with_the_keyboard_alone(page, portal):
    page.set_viewport_size(PHONE)
    url = open_page(page, portal, PAGES_BY_NAME["centre-list"])
    field = page.locator("main form input[type=text], main form input[type=search]").first
    assert field.count(), f"{url} has no finder form"
    field_id = field.evaluate("el => el.dataset.kbIndex = 'finder-field'")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.dataset.kbIndex") == field_id:
            break
    else:
        pytest.fail("Tab never reaches the finder's text field")
    page.keyboard.type("brasov")
    # Tab on to the form's submit button and press it.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(
            "() => document.activeElement.type === 'submit'"
            " && document.activeElement.closest('main form') !== null"
        ):
            break
    else:
        pytest.fail("Tab never reaches the finder's submit button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=brasov" in page.url
    assert "Brașov" in page.locator("main").inner_text()
