"""Machine-readable alerts: RSS and Atom of current alerts, each alert as a CAP 1.2
document, and an Atom index of the CAP documents."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from iom_romania.publishing import Status

from .cap import CAP_CONTENT_TYPE, CapAlert, CapInfo, CapReference, build_cap_xml
from .models import ScamAlert

FEED_SIZE = 50
# CAP <note> of a warning no Publisher has published here (the seed's): why `sent` is the
# time the portal loaded it, not a publication date.
NOT_PUBLISHED_BY_STAFF_NOTE = (
    "Loaded from the office's earlier country page; not yet published by staff on this "
    "portal. 'sent' is when the portal loaded it; severity, urgency and certainty say "
    "'Unknown' where staff have not assessed them."
)


def _current_alerts() -> list[ScamAlert]:
    return list(ScamAlert.objects.published().newest_first()[:FEED_SIZE])


class AlertsRssFeed(Feed):
    title = _("IOM Romania: scam warnings")
    description = _("Current warnings about scams targeting migrants in and from Romania.")

    def link(self):
        return reverse("alerts:alert_list")

    def items(self):
        return _current_alerts()

    def item_title(self, item: ScamAlert) -> str:
        return item.title

    def item_description(self, item: ScamAlert) -> str:
        return item.summary

    def item_pubdate(self, item: ScamAlert):
        # When a Publisher published it here; a warning loaded from the seed has none, and
        # RSS and Atom both allow the item without a publication date.
        return item.portal_published_at

    def item_updateddate(self, item: ScamAlert):
        return item.updated_at

    def item_categories(self, item: ScamAlert):
        return [item.get_scam_type_display()]


class AlertsAtomFeed(AlertsRssFeed):
    feed_type = Atom1Feed
    subtitle = AlertsRssFeed.description


class CapIndexFeed(AlertsAtomFeed):
    """Atom index whose entries link to each current alert's CAP document."""

    title = _("IOM Romania: scam warnings (CAP 1.2)")

    def item_link(self, item: ScamAlert) -> str:
        return reverse("alerts:alert_cap", kwargs={"slug": item.slug})


def cap_sender(request: HttpRequest) -> str:
    return getattr(settings, "CAP_SENDER", "") or request.get_host().split(":")[0]


def _identifier(sender: str, alert: ScamAlert, version: str = "") -> str:
    base = f"{sender}:scam-alert:{alert.pk}"
    return f"{base}:{version}" if version else base


def _info_for_language(alert: ScamAlert, language: str, request: HttpRequest, contacts) -> CapInfo:
    with translation.override(language):
        red_flags = "\n".join(f"- {flag}" for flag in alert.red_flag_list)
        description = "\n\n".join(part for part in (alert.summary, alert.body, red_flags) if part)
        verify = "\n".join(f"{link.label}: {link.url}" for link in alert.verify_links.all())
        instruction = "\n\n".join(part for part in (alert.what_to_do, verify) if part)
        contact = "; ".join(
            " ".join(part for part in (c.name, c.phone, c.url) if part) for c in contacts
        )
        return CapInfo(
            language=language,
            event=str(alert.get_scam_type_display()),
            headline=alert.title,
            description=description,
            instruction=instruction,
            severity=alert.severity,
            urgency=alert.urgency,
            certainty=alert.certainty,
            effective=alert.publish_at,
            expires=alert.unpublish_at,
            sender_name="IOM Romania",
            web=request.build_absolute_uri(alert.get_absolute_url()),
            contact=contact,
        )


def alert_languages(alert: ScamAlert) -> list[str]:
    """Languages the title has been translated into (the default always)."""
    languages = [settings.LANGUAGE_CODE]
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and getattr(alert, f"title_{code}", ""):
            languages.append(code)
    return languages


def cap_alert_for(alert: ScamAlert, request: HttpRequest) -> CapAlert:
    """The CAP message for `alert` as it stands now. The first version is an Alert;
    an edited one is an Update and an archived one a Cancel, both referencing it."""
    sender = cap_sender(request)
    # First sent when a Publisher published it on this portal. CAP requires `sent`; a warning
    # never published by staff (the seed's) was first sent when the portal took it in, and
    # its note says so. Saves after that make later versions Updates.
    first_sent = alert.portal_published_at or alert.created_at
    note = "" if alert.portal_published_at else NOT_PUBLISHED_BY_STAFF_NOTE
    original = CapReference(sender, _identifier(sender, alert), first_sent)
    contacts = alert.reporting_contacts()
    infos = [_info_for_language(alert, code, request, contacts) for code in alert_languages(alert)]
    if alert.status == Status.ARCHIVED:
        msg_type, sent = "Cancel", alert.updated_at
    elif alert.updated_at > first_sent + dt.timedelta(minutes=1):
        msg_type, sent = "Update", alert.updated_at
    else:
        return CapAlert(
            identifier=original.identifier, sender=sender, sent=first_sent, infos=infos, note=note
        )
    return CapAlert(
        identifier=_identifier(sender, alert, f"{int(sent.timestamp())}"),
        sender=sender,
        sent=sent,
        note=note,
        msg_type=msg_type,
        references=(original,),
        infos=infos,
    )


def alert_cap(request: HttpRequest, slug: str) -> HttpResponse:
    alert = (
        ScamAlert.objects.visible_by_url()
        .prefetch_related("verify_links")
        .filter(slug=slug)
        .first()
    )
    if alert is None:
        raise Http404
    return HttpResponse(build_cap_xml(cap_alert_for(alert, request)), content_type=CAP_CONTENT_TYPE)
