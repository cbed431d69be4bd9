"""Forms: every field has a label, personal-data fields say how to autocomplete, and a form
with errors follows the GOV.UK error pattern — a summary at the top, announced, linking to
each field, and each message next to its field (templates/includes/form_errors.html)."""

import pytest

from tests.browser.browsing import open_page
from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser


@pytest.fixture
def page(reused_page):
    """These tests only load pages and look at them: one page serves them all, reset
    between tests (tests/browser/conftest.py, `reused_page`)."""
    return reused_page


FORM_CHECKS_JS = """() => {
  const visible = el => !!el && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[aria-hidden=true]');
  const text = el => (el && el.innerText || '').replace(/\\s+/g, ' ').trim();
  const byIds = ids => (ids || '').split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean);
  const describe = el => `${el.tagName.toLowerCase()}[name=${el.name}]`;
  const fields = [...document.querySelectorAll('form input, form select, form textarea')]
    .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
    .filter(visible);

  const problems = [];
  for (const field of fields) {
    const labelled = [...field.labels].some(l => visible(l) && text(l))
      || byIds(field.getAttribute('aria-labelledby')).some(l => visible(l) && text(l));
    if (!labelled) problems.push(`${describe(field)} has no visible label`);
    const personal = ['email', 'tel'].includes(field.type)
      || /(^|[_-])(e?mail|phone|tel|name|first_name|last_name|address|postcode|postal_code)$/
        .test(field.name);
    if (personal && !field.getAttribute('autocomplete')) {
      problems.push(`${describe(field)} holds personal data but has no autocomplete attribute`);
    }
    if (field.type === 'email' && !/(^|\\s)(email|off)$/.test(field.autocomplete)) {
      problems.push(`${describe(field)}: autocomplete should be "email" (or "off")`);
    }
    if (field.type === 'tel' && !/(^|\\s)(tel(-[a-z-]+)?|off)$/.test(field.autocomplete)) {
      problems.push(`${describe(field)}: autocomplete should be "tel" (or "off")`);
    }
  }

  const main = document.querySelector('main');
  const summary = main && main.querySelector('[data-error-summary]');
  const invalid = fields.filter(f => f.getAttribute('aria-invalid') === 'true');
  if (!summary && !invalid.length) return {problems, errorState: false};
  if (!summary) {
    problems.push('fields are marked invalid but there is no error summary');
    return {problems, errorState: true};
  }
  const form = main.querySelector('form');
  if (!form || !(summary.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING)) {
    problems.push('the error summary is not above the form');
  }
  if (summary.getAttribute('role') !== 'alert') {
    problems.push('the error summary has no role="alert"');
  }
  const linked = new Set();
  for (const link of summary.querySelectorAll('a')) {
    const target = document.getElementById((link.getAttribute('href') || '').slice(1));
    if (!target || !fields.includes(target)) {
      problems.push(`the summary links "${text(link)}" to no visible field`);
      continue;
    }
    linked.add(target.name);
    const fieldset = target.closest('fieldset');
    const near = byIds(target.getAttribute('aria-describedby')).concat(
      fieldset ? [...fieldset.querySelectorAll('.errorlist, .invalid-feedback')] : []);
    if (!near.some(el => visible(el) && text(el).includes(text(link)))) {
      problems.push(`${describe(target)}: "${text(link)}" is not shown next to the field`);
    }
  }
  for (const field of invalid) {
    if (!linked.has(field.name)) {
      problems.push(`${describe(field)} is invalid but not in the summary`);
    }
  }
  return {problems, errorState: true};
}"""


@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.name)
def test_forms_are_labelled_and_show_errors_the_govuk_way(page, portal, entry):
    url = open_page(page, portal, entry)
    report = page.evaluate(FORM_CHECKS_JS)
    assert not report["problems"], f"{url}: " + "; ".join(report["problems"])
    if "form-errors" in entry.tags:
        assert report["errorState"], f"{url}: submitting the empty form shows no errors"
        focused = page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
        assert focused, f"{url}: the error summary does not take the focus"


def test_the_error_pattern_check_accepts_the_shared_include(page):
    """The check above, run on a Django form rendered with templates/includes/form_errors.html
    and Django's own field markup: the pattern every form follows passes."""
    from django import forms
    from django.template import Context, Template

    class ContactForm(forms.Form):
        name = forms.CharField(widget=forms.TextInput(attrs={"autocomplete": "name"}))
        email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
        channel = forms.ChoiceField(
            choices=[("email", "E-mail"), ("phone", "Phone")], widget=forms.RadioSelect
        )

    html = Template(
        "<main>{% include 'includes/form_errors.html' %}<h1>Contact</h1>"
        "<form method='post' novalidate>{{ form }}<button>Send</button></form></main>"
    ).render(Context({"form": ContactForm(data={"email": "nope"})}))
    page.set_content(html)
    report = page.evaluate(FORM_CHECKS_JS)
    assert report == {"problems": [], "errorState": True}
    page.set_content(html.replace('role="alert"', ""))
    assert page.evaluate(FORM_CHECKS_JS)["problems"] == ['the error summary has no role="alert"']


@pytest.mark.parametrize("path", ["/ar/alerts/report/", "/fa/centres/brasov/report/"])
def test_the_bot_trap_stays_hidden_in_right_to_left_pages(page, portal, path):
    """Every public form has the same trap field; people never see, hear or reach it, and it
    does not push a right-to-left page sideways (an off-screen offset did)."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{portal}{path}")
    trap = page.locator("input[name=website]")
    assert trap.count() == 1
    box = trap.bounding_box()
    clipped = page.evaluate(
        "el => getComputedStyle(el.closest('.bot-trap')).clipPath", trap.element_handle()
    )
    assert clipped == "inset(50%)" and 0 <= box["x"] <= 360, (clipped, box)
    assert trap.get_attribute("tabindex") == "-1"
    assert page.locator(".bot-trap").get_attribute("aria-hidden") == "true"
    width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client_width
