from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import DetailView, ListView, TemplateView

from iom_romania import usage
from iom_romania.downloads import qr_code_download
from iom_romania.preview import PreviewableDetailMixin
from iom_romania.public_forms import BOT_TRAP

from . import abuse, posters, subscriptions
from .checker import MAX_CHECK_LENGTH, check_text
from .forms import CheckForm, ManageSubscriptionForm, ScamReportForm, SubscribeForm
from .indicators import extract_indicators
from .models import (
    Channel,
    ReportIndicator,
    ReportingContact,
    ScamAlert,
    ScamReport,
    ScamType,
)
from .retention import retention_days

logger = logging.getLogger(__name__)

ALERTS_PER_PAGE = 10


class AlertListView(ListView):
    template_name = "alerts/scamalert_list.html"
    paginate_by = ALERTS_PER_PAGE
    context_object_name = "alerts"
    cached_query_params = ("channel", "type", "page")

    def get_queryset(self):
        self.channel = self.request.GET.get("channel", "")
        self.scam_type = self.request.GET.get("type", "")
        if self.scam_type not in ScamType.values:
            self.scam_type = ""  # an unknown type filters nothing
        return published_alerts(self.channel, self.scam_type)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        channels = list(Channel.objects.all())
        context.update(
            channels=channels,
            scam_types=ScamType.choices,
            # Only values the filters offer.
            selected_channel=self.channel if self.channel in {c.code for c in channels} else "",
            selected_type=self.scam_type,
        )
        return context


def published_alerts(channel: str = "", scam_type: str = "") -> list[ScamAlert]:
    alerts = ScamAlert.objects.published().newest_first().prefetch_related("channels")
    if channel:
        alerts = alerts.filter(channels__code=channel)
    if scam_type:
        alerts = alerts.filter(scam_type=scam_type)
    return list(alerts)


class AlertDetailView(PreviewableDetailMixin, DetailView):
    model = ScamAlert
    template_name = "alerts/scamalert_detail.html"
    context_object_name = "alert"

    def get_base_queryset(self):
        return ScamAlert.objects.prefetch_related("channels", "verify_links", "indicators")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reporting_contacts"] = self.object.reporting_contacts()
        usage.note(self.request, usage.page_event(usage.ALERT_PAGE, self.object.slug))
        context["poster_languages"] = poster_language_choices()
        return context


def poster_language_choices() -> list[tuple[str, str]]:
    """(code, name in its own language) for the poster's language picker."""
    return [(code, get_language_info(code)["name_local"]) for code in posters.poster_languages()]


class HowToCheckView(TemplateView):
    """How to check an offer: the advice alone, without the checking form (whose CSRF
    token would keep it out of the offline copy), so that it opens with no connection."""

    template_name = "alerts/how_to_check.html"

    def get_context_data(self, **kwargs):
        contacts = ReportingContact.objects.filter(is_default=True)
        return super().get_context_data(reporting_contacts=contacts, **kwargs)


@require_GET
def alert_qr_code(request, slug):
    alert = get_object_or_404(ScamAlert.objects.published(), slug=slug)
    return qr_code_download(request, alert.get_absolute_url(), f"warning-{alert.slug}-qr.svg")


@require_GET
def alert_poster_choice(request, slug):
    """The poster form's target (a plain GET form, works without JavaScript): on to the file."""
    alert = get_object_or_404(ScamAlert.objects.published(), slug=slug)
    language = request.GET.get("language", "")
    file_format = request.GET.get("format", "pdf")
    if language not in posters.poster_languages() or file_format not in posters.FORMATS:
        raise Http404(_("There is no poster in that language or format."))
    return redirect("alerts_poster:alert_poster_file", alert.slug, language, file_format)


def poster_response(poster: posters.Poster) -> HttpResponse:
    response = HttpResponse(poster.content, content_type=poster.content_type)
    response["Content-Disposition"] = f'attachment; filename="{poster.filename}"'
    response["ETag"] = f'"{poster.version}"'
    return response


@require_GET
def alert_poster_file(request, slug, language, file_format):
    """A published warning's poster (outside the language prefix, like the other files)."""
    alert = get_object_or_404(ScamAlert.objects.published(), slug=slug)
    if language not in posters.poster_languages():
        raise Http404(_("There is no poster in that language or format."))
    poster = posters.get_poster(alert, language, file_format, request.build_absolute_uri)
    return poster_response(poster)


@never_cache
@require_http_methods(["GET", "POST"])
def check_offer(request):
    """Nothing typed here is stored or logged: the form posts (so the text stays out of
    URLs and access logs), is checked in memory and the response is not cached."""
    result = None
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = check_text(form.cleaned_data["text"])
        usage.note(request, usage.check_event(result.any_match, _first_alert_slug(result)))
    context = {"form": form, "result": result, "checked_text_name": CHECKED_TEXT}
    return render(request, "alerts/check.html", context)


def _first_alert_slug(result) -> str:
    return next((alert.slug for match in result.matches for alert in match.alerts), "")


def _min_fill_seconds() -> int:
    return getattr(settings, "SCAM_REPORT_MIN_FILL_SECONDS", 5)


def _blocked_reason(request, form: ScamReportForm) -> tuple[str, int] | None:
    """Why this submission is refused before validation, with the HTTP status. Bots
    count against the rate limit; the person's own mistakes (form errors) do not."""
    if abuse.over_rate_limit(request):
        return abuse.RATE_LIMITED_MESSAGE, 429
    if form.caught_a_bot():
        abuse.count_submission(request)
        message = _(
            "Your report could not be sent. Please leave the field marked "
            "“Leave this field empty” empty and send it again."
        )
        return message, 400
    elapsed = abuse.seconds_since_started(request.POST.get("started", ""))
    if elapsed is None or elapsed < _min_fill_seconds():
        abuse.count_submission(request)
        message = _("Your report was sent very quickly. Please check it and send it again.")
        return message, 400
    return None


def _save_report(form: ScamReportForm, request) -> ScamReport:
    """The report first, on its own: what the person wrote is kept even if reading its
    indicators or telling staff fails afterwards."""
    report = form.save(commit=False)
    report.language = get_language() or settings.LANGUAGE_CODE
    report.save()
    try:
        ReportIndicator.objects.bulk_create(
            ReportIndicator(report=report, kind=found.kind, value=found.value)
            for found in extract_indicators(report.indicator_text)
        )
    except Exception:
        # Indicators only help matching; staff can still read the report's details.
        logger.exception("Could not read the indicators of scam report %s", report.reference)
    subscriptions.queue_staff_notification(report)
    return report


# The "Report this" button of Check an offer posts the checked text under this name.
CHECKED_TEXT = "checked_text"


@never_cache
@require_http_methods(["GET", "POST"])
def report_scam(request):
    """The report form; sent, it stores the report.

    "Report this" on Check an offer posts here with the text that was checked: it opens
    the form with that text already under "What happened?". Nothing is stored then (the
    text only travels in the two POST bodies and this uncached page) until the person
    sends the report.
    """
    if request.method != "POST" or CHECKED_TEXT in request.POST:
        checked = request.POST.get(CHECKED_TEXT, "")[:MAX_CHECK_LENGTH]
        form = ScamReportForm(
            initial={"started": abuse.form_started_token(), "what_happened": checked}
        )
        return render(
            request,
            "alerts/report_form.html",
            {"form": form, "retention_days": retention_days()},
        )

    form = ScamReportForm(request.POST)
    blocked = _blocked_reason(request, form)
    if blocked is None and form.is_valid():
        report = _save_report(form, request)
        abuse.count_submission(request)
        signed = abuse.sign_reference(report.reference)
        return redirect(f"{reverse('alerts:report_sent')}?ref={signed}")

    # Same data with a fresh start token, so a resubmission is not "too fast" again.
    data = request.POST.copy()
    data["started"] = abuse.form_started_token()
    data[BOT_TRAP] = ""
    form = ScamReportForm(data)
    blocked_reason, status = blocked or (None, 400)
    return render(
        request,
        "alerts/report_form.html",
        {"form": form, "blocked_reason": blocked_reason, "retention_days": retention_days()},
        status=status,
    )


@never_cache  # a reporter's own reference: never kept by the page cache or a browser
def report_sent(request):
    reference = abuse.unsign_reference(request.GET.get("ref", ""))
    if reference is None:
        return redirect("alerts:report")
    return render(request, "alerts/report_sent.html", {"reference": reference})


# E-mail subscriptions (alerts/subscriptions.py).


def _subscribe_blocked(request, form: SubscribeForm) -> tuple[str, int] | None:
    """The report form's defences: the shared rate limit, the bot trap, the fill time."""
    if abuse.over_rate_limit(request):
        return abuse.RATE_LIMITED_MESSAGE, 429
    if form.caught_a_bot():
        abuse.count_submission(request)
        message = _(
            "Your request could not be sent. Please leave the field marked "
            "“Leave this field empty” empty and send it again."
        )
        return message, 400
    elapsed = abuse.seconds_since_started(request.POST.get("started", ""))
    if elapsed is None or elapsed < _min_fill_seconds():
        abuse.count_submission(request)
        return _("Your request was sent very quickly. Please check it and send it again."), 400
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method != "POST":
        initial = {"started": abuse.form_started_token(), "language": get_language()}
        form = SubscribeForm(initial=initial)
        context = {"form": form, "subscription_days": subscriptions.confirm_days()}
        return render(request, "alerts/subscribe.html", context)
    form = SubscribeForm(request.POST)
    blocked = _subscribe_blocked(request, form)
    if blocked is None and form.is_valid():
        data = form.cleaned_data
        subscriptions.subscribe(data["email"], data["language"], data["topics"])
        abuse.count_submission(request)
        # The same answer for a new, an unconfirmed and an already confirmed address.
        return redirect("alerts:subscribe_sent")
    data = request.POST.copy()
    data["started"] = abuse.form_started_token()
    data[BOT_TRAP] = ""
    blocked_reason, status = blocked or (None, 400)
    context = {
        "form": SubscribeForm(data),
        "blocked_reason": blocked_reason,
        "subscription_days": subscriptions.confirm_days(),
    }
    return render(request, "alerts/subscribe.html", context, status=status)


@never_cache
def subscribe_sent(request):
    return render(request, "alerts/subscribe_sent.html", {"days": subscriptions.confirm_days()})


def _bad_link(request, error: Exception):
    """A clear page for a link that cannot be used: 410 when it is too old, 400 else."""
    expired = isinstance(error, subscriptions.LinkExpired)
    context = {"expired": expired, "days": subscriptions.confirm_days()}
    return render(request, "alerts/subscription_link.html", context, status=410 if expired else 400)


@never_cache
@require_http_methods(["GET"])
def confirm_subscription(request, token):
    try:
        subscriber = subscriptions.subscriber_from_token(token, subscriptions.CONFIRM)
    except (subscriptions.LinkExpired, subscriptions.LinkInvalid) as error:
        return _bad_link(request, error)
    subscriptions.confirm(subscriber)
    context = {
        "manage_url": reverse(
            "alerts:manage_subscription",
            args=[subscriptions.make_token(subscriber, subscriptions.MANAGE)],
        )
    }
    return render(request, "alerts/subscription_confirmed.html", context)


@never_cache
@csrf_exempt  # mail providers POST here (RFC 8058); the signed token is the protection
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (link checkers and previews must not unsubscribe anyone); POST, from our
    button or a mail provider's one-click "List-Unsubscribe=One-Click", unsubscribes."""
    try:
        subscriber = subscriptions.subscriber_from_token(token, subscriptions.UNSUBSCRIBE)
    except subscriptions.LinkExpired as error:  # pragma: no cover - these links do not expire
        return _bad_link(request, error)
    except subscriptions.LinkInvalid:
        if request.method == "POST":
            # Already unsubscribed (the row is gone): done, as far as the person is concerned.
            return render(request, "alerts/unsubscribed.html")
        return _bad_link(request, subscriptions.LinkInvalid())
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber)
        return render(request, "alerts/unsubscribed.html")
    return render(request, "alerts/unsubscribe.html", {"token": token})


@never_cache
@require_http_methods(["GET", "POST"])
def manage_subscription(request, token):
    try:
        subscriber = subscriptions.subscriber_from_token(token, subscriptions.MANAGE)
    except (subscriptions.LinkExpired, subscriptions.LinkInvalid) as error:
        return _bad_link(request, error)
    saved = False
    if request.method == "POST":
        form = ManageSubscriptionForm(request.POST)
        if form.is_valid():
            subscriber.language = form.cleaned_data["language"]
            subscriber.set_topics(form.cleaned_data["topics"])
            subscriber.save(update_fields=["language", "topics"])
            saved = True
    else:
        form = ManageSubscriptionForm(
            initial={"language": subscriber.language, "topics": subscriber.topic_list}
        )
    context = {
        "form": form,
        "saved": saved,
        "unsubscribe_token": subscriptions.make_token(subscriber, subscriptions.UNSUBSCRIBE),
    }
    status = 400 if form.is_bound and not saved else 200
    return render(request, "alerts/manage_subscription.html", context, status=status)
