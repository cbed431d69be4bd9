"""Every page fits a 320 px wide screen without sideways scrolling, and every tap target is
at least 24×24 CSS px (WCAG 2.2, 2.5.8 Target Size (Minimum), with its exceptions)."""

import pytest

from tests.browser.browsing import open_page
from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser


@pytest.fixture
def page(reused_page):
    """These tests only load pages and look at them: one page serves them all, reset
    between tests (tests/browser/conftest.py, `reused_page`)."""
    return reused_page


NARROW = {"width": 320, "height": 640}
MIN_TARGET = 24

# Elements wider than the viewport, for a useful failure message.
OVERFLOWING_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
      wide.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}`
        + ` (${Math.round(box.left)}..${Math.round(box.right)})`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""

# WCAG 2.5.8: a target under 24×24 passes when it is inline in a sentence (or its size is
# set by the line height of the text around it), or when a 24 px circle centred on it
# touches no other target nor another small target's circle (the spacing exception).
SMALL_TARGETS_JS = """min => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [role=button], [role=link], [tabindex]:not([tabindex="-1"])';
  const targets = [];
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || box.width <= 1 || box.height <= 1) continue;
    if (box.bottom + window.scrollY <= 0 || el.closest('[aria-hidden=true]')) continue;
    targets.push({el, style, box});
  }
  // In a sentence: an inline link whose nearest block holds more text than the link.
  const inSentence = ({el, style}) => {
    if (style.display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) {
      block = block.parentElement;
    }
    if (!block) return false;
    const own = (el.textContent || '').trim().length;
    return (block.textContent || '').trim().length > own;
  };
  const centre = box => [box.left + box.width / 2, box.top + box.height / 2];
  const distanceToBox = ([x, y], box) => Math.hypot(
    Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  const small = targets.filter(t => t.box.width < min || t.box.height < min);
  const failures = [];
  for (const target of small) {
    if (inSentence(target)) continue;
    const c = centre(target.box);
    const crowded = targets.some(other => other !== target && (
      distanceToBox(c, other.box) < min / 2
      || (small.includes(other) && Math.hypot(...centre(other.box).map((v, i) => v - c[i])) < min)
    ));
    if (crowded) {
      const label = (target.el.textContent || target.el.getAttribute('aria-label') || '').trim();
      failures.push(`${target.el.tagName.toLowerCase()} "${label.slice(0, 40)}" `
        + `${Math.round(target.box.width)}×${Math.round(target.box.height)}`);
    }
  }
  return failures;
}"""


@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.name)
def test_page_fits_320px_and_targets_are_big_enough(page, portal, entry):
    page.set_viewport_size(NARROW)
    url = open_page(page, portal, entry)
    overflow = page.evaluate(OVERFLOWING_JS)
    assert overflow["scrollWidth"] <= overflow["width"], (
        f"{url} scrolls sideways at 320 px: {overflow}"
    )
    small_targets = page.evaluate(SMALL_TARGETS_JS, MIN_TARGET)
    assert not small_targets, f"{url}: tap targets under 24×24 px: {small_targets}"
