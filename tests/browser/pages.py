"""Every public page, once: the one list that the accessibility, HTML, keyboard, small-screen
and no-JavaScript gates walk.

A new page is covered by adding a `Page` to `PAGES`. An entry whose URL name does not exist
(yet) is skipped, so entries for pages that another branch is still building can wait here
and turn on when that code lands. Object pages take the first published object of the seed
data; programme areas take every area of programmes/seed_data.json.

An entry can submit the page's form after loading it (`Submit`) to reach a result or an
error state. Both the browser and Django's test client do that the same way: the first
<form> inside <main>, the text typed into its main field (its first textarea, else its
first text or search box), the other fields left as the page gives them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

REPO = Path(__file__).resolve().parents[2]

# Text that a person might paste into "Check an offer": a domain, an e-mail and a phone.
SCAM_OFFER_TEXT = (
    "Guaranteed work visa for Canada in 2 weeks! Pay the 450 EUR fee today. "
    "Apply at https://www.example-visa.com/apply or write to agent@example-visa.com, "
    "WhatsApp +40 721 234 567."
)


@dataclass(frozen=True)
class Submit:
    """After loading the page, submit the first form in <main>.

    `text` goes into the form's main field; empty text submits the form as it is, which
    shows the form's error state when it has required fields.
    """

    text: str = ""


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    kwargs: Callable[[], dict[str, str]] = dict
    # The query string, or a function that builds it (called when the page is loaded).
    query: str | Callable[[], str] = ""
    submit: Submit | None = None
    # The status of the page shown: after the submission when there is one.
    status: int = 200
    # A path under the language prefix used instead of reversing url_name (e.g. a 404).
    path: str | None = None
    tags: frozenset[str] = field(default_factory=frozenset)
    # Django settings in force while the page is loaded and its form submitted.
    settings: dict[str, object] = field(default_factory=dict)

    def exists(self) -> bool:
        return self.url_name in public_url_names()

    def url(self, language: str = "en") -> str:
        """The page's path (with query) in `language`."""
        with translation.override(language):
            if self.path is not None:
                base = reverse("home") + self.path
            else:
                base = reverse(self.url_name, kwargs=self.kwargs())
        query = self.query() if callable(self.query) else self.query
        return f"{base}?{query}" if query else base


def _first_published_slug(model_path: str) -> Callable[[], dict[str, str]]:
    def kwargs() -> dict[str, str]:
        from django.apps import apps

        model = apps.get_model(model_path)
        obj = model.objects.published().order_by("pk").first()
        assert obj is not None, f"the seed has no published {model_path}"
        return {"slug": obj.slug}

    return kwargs


def _slug(value: str) -> Callable[[], dict[str, str]]:
    return lambda: {"slug": value}


def _signed_report_reference() -> str:
    from urllib.parse import urlencode

    from alerts import abuse

    return urlencode({"ref": abuse.sign_reference("TEST-REFERENCE")})


def _subscription_token(purpose: str) -> Callable[[], dict[str, str]]:
    """A link from a subscription e-mail, for a subscriber made in the test's transaction."""

    def kwargs() -> dict[str, str]:
        import uuid

        from django.utils import timezone

        from alerts import subscriptions
        from alerts.models import Subscriber

        subscriber = Subscriber.objects.create(
            email=f"reader-{uuid.uuid4().hex[:12]}@example.org",
            language="en",
            confirmed_at=None if purpose == subscriptions.CONFIRM else timezone.now(),
        )
        return {"token": subscriptions.make_token(subscriber, purpose)}

    return kwargs


def _seed_area_slugs() -> list[str]:
    data = json.loads((REPO / "programmes" / "seed_data.json").read_text(encoding="utf-8"))
    return [area["slug"] for area in data["areas"]]


PAGES: list[Page] = [
    Page("home", "home", tags=frozenset({"keyboard"})),
    *[Page(f"area-{slug}", "programmes:area_detail", _slug(slug)) for slug in _seed_area_slugs()],
    Page("project-list", "programmes:project_list"),
    Page("project", "programmes:project_detail", _first_published_slug("programmes.Project")),
    Page("centre-list", "centres:centre_list", tags=frozenset({"finder"})),
    Page("centre-lookup", "centres:centre_list", query="q=brasov"),
    Page("centre", "centres:centre_detail", _first_published_slug("centres.Centre")),
    Page("centre-report", "centres:centre_report", _first_published_slug("centres.Centre")),
    Page(
        "centre-report-errors",
        "centres:centre_report",
        _first_published_slug("centres.Centre"),
        submit=Submit(""),
        tags=frozenset({"form-errors"}),
    ),
    Page("alert-list", "alerts:alert_list"),
    Page("alert", "alerts:alert_detail", _first_published_slug("alerts.ScamAlert")),
    Page("report", "alerts:report"),
    # An invalid report answers 400 Bad Request, with the form and its error summary. The
    # gates submit at once, which the anti-spam minimum fill time would block.
    Page(
        "report-errors",
        "alerts:report",
        submit=Submit(""),
        status=400,
        tags=frozenset({"form-errors"}),
        settings={"SCAM_REPORT_MIN_FILL_SECONDS": 0},
    ),
    Page("report-sent", "alerts:report_sent", query=_signed_report_reference),
    Page("subscribe", "alerts:subscribe"),
    Page(
        "subscribe-errors",
        "alerts:subscribe",
        submit=Submit(""),
        status=400,
        tags=frozenset({"form-errors"}),
        settings={"SCAM_REPORT_MIN_FILL_SECONDS": 0},
    ),
    Page("subscribe-sent", "alerts:subscribe_sent"),
    Page(
        "subscription-confirmed",
        "alerts:confirm_subscription",
        _subscription_token("alerts.subscription.confirm"),
    ),
    Page(
        "subscription-bad-link",
        "alerts:confirm_subscription",
        path="alerts/subscription/confirm/not-a-link/",
        status=400,
    ),
    Page(
        "manage-subscription",
        "alerts:manage_subscription",
        _subscription_token("alerts.subscription.manage"),
    ),
    Page(
        "unsubscribe",
        "alerts:unsubscribe",
        _subscription_token("alerts.subscription.unsubscribe"),
    ),
    Page(
        "unsubscribed",
        "alerts:unsubscribe",
        _subscription_token("alerts.subscription.unsubscribe"),
        submit=Submit(""),
    ),
    Page("check-offer", "alerts:check"),
    Page("check-offer-result", "alerts:check", submit=Submit(SCAM_OFFER_TEXT)),
    Page("how-to-check", "alerts:how_to_check"),
    Page("search", "search", query="q=brasov"),
    Page("contact", "contact"),
    Page("not-found", "home", path="no-such-page/", status=404),
]

# URL names under the language prefix that are not HTML pages for people (feeds, exports,
# redirects). Every other public URL name must have an entry in PAGES: see
# tests/html/test_page_list.py.
NOT_PAGES: set[str] = {
    "alerts:feed_rss",
    "alerts:feed_atom",
    "alerts:feed_cap",
    "alerts:alert_cap",
    # Files to take away (issue 17) and the poster picker's redirect to its file.
    "alerts:alert_qr_code",
    "alerts:alert_poster",
    "centres:centre_qr_code",
}

PAGES_BY_NAME = {page.name: page for page in PAGES}
assert len(PAGES_BY_NAME) == len(PAGES), "page names must be unique"


def rtl_language() -> str | None:
    """The right-to-left language to test in: Arabic when the site has it, else the first
    bidi language, else None."""
    codes = [code for code, _ in settings.LANGUAGES]
    bidi = [code for code in codes if code in settings.LANGUAGES_BIDI]
    return "ar" if "ar" in bidi else (bidi[0] if bidi else None)


def languages_to_test() -> list[str]:
    rtl = rtl_language()
    return ["en", rtl] if rtl else ["en"]


def public_url_names() -> frozenset[str]:
    """Names ("namespace:name") of the URL patterns under the language prefix."""
    return _url_names(settings.ROOT_URLCONF)


@cache
def _url_names(urlconf: str) -> frozenset[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str = "", in_i18n: bool = False) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                localized = in_i18n or type(pattern.pattern).__name__ == "LocalePrefixPattern"
                child_ns = namespace
                if pattern.namespace:
                    child_ns = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, child_ns, localized)
            elif isinstance(pattern, URLPattern) and pattern.name and in_i18n:
                names.add(namespace + pattern.name)

    walk(get_resolver(urlconf).url_patterns)
    return frozenset(names)


# --- Submitting a page's form with Django's test client -------------------------------------


@dataclass
class _Form:
    action: str
    method: str
    fields: list[tuple[str, str]]
    main_field: str | None


class _MainFormParser(HTMLParser):
    """Finds the first <form> inside <main> and the values it would submit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = False
        self.in_form = False
        self.form: _Form | None = None
        self.first_textarea: str | None = None
        self.first_text_box: str | None = None
        self.textarea: str | None = None
        self.textarea_value = ""
        self.select: str | None = None
        self.select_value: str | None = None
        self.submit_used = False

    def handle_starttag(self, tag, attrs):
        attr = {name: (value or "") for name, value in attrs}
        if tag == "main":
            self.in_main = True
        elif tag == "form" and self.in_main and self.form is None:
            self.form = _Form(attr.get("action", ""), attr.get("method", "get").lower(), [], None)
            self.in_form = True
        elif not self.in_form or "disabled" in attr or not attr.get("name"):
            return
        elif tag == "input":
            self._input(attr.get("type", "text").lower(), attr["name"], attr)
        elif tag == "textarea":
            self.textarea, self.textarea_value = attr["name"], ""
            self.first_textarea = self.first_textarea or attr["name"]
        elif tag == "select":
            self.select, self.select_value = attr["name"], None
        elif tag == "option" and self.select is not None:
            if self.select_value is None or "selected" in attr:
                self.select_value = attr.get("value", "")
        elif tag == "button" and attr.get("type", "submit") == "submit":
            self._submit_button(attr["name"], attr.get("value", ""))

    def _input(self, kind: str, name: str, attr: dict[str, str]) -> None:
        if kind in {"checkbox", "radio"}:
            if "checked" in attr:
                self.form.fields.append((name, attr.get("value", "on")))
        elif kind == "submit":
            self._submit_button(name, attr.get("value", ""))
        elif kind not in {"image", "button", "reset", "file"}:
            if kind in {"text", "search"}:
                self.first_text_box = self.first_text_box or name
            self.form.fields.append((name, attr.get("value", "")))

    def _submit_button(self, name: str, value: str) -> None:
        # Like a click on the form's first submit button.
        if not self.submit_used:
            self.submit_used = True
            self.form.fields.append((name, value))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea_value += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            self.form.fields.append((self.textarea, self.textarea_value))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            self.form.fields.append((self.select, self.select_value or ""))
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form = False
            self.form.main_field = self.first_textarea or self.first_text_box
        elif tag == "main":
            self.in_main = False


def submit_with_client(client, url: str, html: str, submit: Submit):
    """Submit the first form in <main> of `html` (fetched from `url`) as a browser would."""
    parser = _MainFormParser()
    parser.feed(html)
    form = parser.form
    assert form is not None, f"{url} has no <form> in <main> to submit"
    fields = list(form.fields)
    if submit.text and form.main_field:
        fields = [(n, submit.text if n == form.main_field else v) for n, v in fields]
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    target = urlsplit(urljoin(url, form.action or url))
    path = target.path + (f"?{target.query}" if target.query and form.method == "post" else "")
    if form.method == "post":
        return client.post(path, data, follow=True)
    return client.get(path, data, follow=True)


def fetch_with_client(client, page: Page, language: str = "en"):
    """The page as a person reaches it: loaded, then its form submitted if the entry says so."""
    from django.core.cache import cache
    from django.test import override_settings

    url = page.url(language)
    with override_settings(**page.settings):
        response = client.get(url, follow=True)
        if page.submit is not None:
            cache.clear()  # forms may rate-limit through the cache
            response = submit_with_client(client, url, response.content.decode(), page.submit)
    return url, response
