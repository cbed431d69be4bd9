from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import DetailView, ListView, TemplateView

from iom_romania.downloads import qr_code_download
from iom_romania.preview import PreviewableDetailMixin
from iom_romania.public_forms import BOT_TRAP

from . import abuse, posters
from .checker import check_text
from .forms import CheckForm, ScamReportForm
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
    return render(request, "alerts/check.html", {"form": form, "result": result})


def _min_fill_seconds() -> int:
    return getattr(settings, "SCAM_REPORT_MIN_FILL_SECONDS", 5)


def _notify_staff(report: ScamReport, request) -> None:
    """Tell the triage team a report arrived. Only the reference and a link: the
    report's personal data stays in the admin, not in mailboxes."""
    recipients = settings.STAFF_NOTIFICATION_EMAILS
    if not recipients:
        logger.warning("Scam report %s: STAFF_NOTIFICATION_EMAILS is empty", report.reference)
        return
    admin_url = request.build_absolute_uri(
        reverse("admin:alerts_scamreport_change", args=[report.pk])
    )
    try:
        send_mail(
            subject=f"New scam report {report.reference}",
            message=(
                f"A new suspected scam was reported on the portal.\n\n"
                f"Reference: {report.reference}\n"
                f"Type: {report.get_scam_type_display() or '-'}\n"
                f"Language: {report.language}\n\n"
                f"Triage it here: {admin_url}\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        # The report is saved; a mail outage must not lose it or show the person an error.
        logger.exception("Could not send the notification for scam report %s", report.reference)


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
    transaction.on_commit(lambda: _notify_staff(report, request))
    return report


@never_cache
@require_http_methods(["GET", "POST"])
def report_scam(request):
    if request.method != "POST":
        form = ScamReportForm(initial={"started": abuse.form_started_token()})
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
