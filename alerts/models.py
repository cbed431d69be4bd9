"""Scam warnings (ScamAlert), their indicators and the public's scam reports."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iom_romania.i18n import cached_reverse
from iom_romania.publishing import PublishableModel, PublishedQuerySet

from .indicators import IndicatorKind, normalise

REPORT_TRIAGE_GROUP = "Report triage"

# Slugs the alerts URLs use for their own pages, so no alert can hide one of them.
RESERVED_SLUGS = {
    "check",
    "how-to-check",
    "report",
    "feed",
    "cap",
    "rss",
    "atom",
    "subscribe",
    "subscription",
}


class Severity(models.TextChoices):
    """CAP 1.2 severity values, which also rank alerts for the site-wide banner."""

    EXTREME = "Extreme", _("Extreme")
    SEVERE = "Severe", _("Severe")
    MODERATE = "Moderate", _("Moderate")
    MINOR = "Minor", _("Minor")
    # CAP 1.2 allows "Unknown": what a warning says until staff assess it.
    UNKNOWN = "Unknown", _("Not assessed")


class Urgency(models.TextChoices):
    """CAP 1.2 urgency: how soon people should act."""

    IMMEDIATE = "Immediate", _("Immediate")
    EXPECTED = "Expected", _("Expected")
    FUTURE = "Future", _("Future")
    PAST = "Past", _("Past")
    UNKNOWN = "Unknown", _("Not assessed")


class Certainty(models.TextChoices):
    """CAP 1.2 certainty: how sure the office is of the threat."""

    OBSERVED = "Observed", _("Observed")
    LIKELY = "Likely", _("Likely")
    POSSIBLE = "Possible", _("Possible")
    UNLIKELY = "Unlikely", _("Unlikely")
    UNKNOWN = "Unknown", _("Not assessed")


SEVERITY_RANK = {Severity.EXTREME: 4, Severity.SEVERE: 3, Severity.MODERATE: 2, Severity.MINOR: 1}


class ScamType(models.TextChoices):
    JOB_OFFER = "job_offer", _("Fake job offer abroad")
    VISA = "visa", _("Fake visa, work permit or residence permit service")
    MIGRATION_ASSISTANCE = (
        "migration_assistance",
        _("Fake migration assistance, relocation or resettlement programme"),
    )
    IMPERSONATION = "impersonation", _("Impersonation of an organisation or official")
    DOCUMENTS = "documents", _("Fake or forged documents")
    TRAVEL = "travel", _("Fake travel, tickets or smuggling offer")
    ADVANCE_FEE = "advance_fee", _("Advance fee, lottery or prize")
    HOUSING = "housing", _("Fake accommodation offer")
    OTHER = "other", _("Other")


class Channel(models.Model):
    """How a scam reaches people (e-mail, website, ...). A table rather than a list of
    choices so an alert can name several and the list pages can filter on one."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=60)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("channel")

    def __str__(self) -> str:
        return self.name


class ReportingContact(models.Model):
    """Somewhere to report a scam (IOM Romania, the police, DNSC's 1911 line). Data, not
    template text, so staff can correct or add one without a developer."""

    name = models.CharField(max_length=120)
    description = models.CharField(
        max_length=300, blank=True, help_text=_("When to use it, in one sentence.")
    )
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(blank=True, verbose_name=_("web address"))
    is_default = models.BooleanField(
        default=True, help_text=_("Listed on every alert that names no contacts of its own.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("where to report")
        verbose_name_plural = _("where to report")

    def __str__(self) -> str:
        return self.name


class ScamAlertQuerySet(PublishedQuerySet):
    def with_severity_rank(self) -> ScamAlertQuerySet:
        return self.annotate(
            severity_rank=Case(
                *(When(severity=value, then=Value(rank)) for value, rank in SEVERITY_RANK.items()),
                default=Value(0),
                output_field=IntegerField(),
            )
        )

    def most_severe_first(self) -> ScamAlertQuerySet:
        return (
            self.with_severity_rank()
            .annotate(published_on=Coalesce("publish_at", "created_at"))
            .order_by("-severity_rank", "-published_on", "-pk")
        )

    def newest_first(self) -> ScamAlertQuerySet:
        return self.annotate(published_on=Coalesce("publish_at", "created_at")).order_by(
            "-published_on", "-pk"
        )


class ScamAlert(PublishableModel):
    """A warning about a scam targeting migrants. `publish_at` is when it was (or will
    be) published and `unpublish_at` when it expires; the queryset applies both."""

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences shown in the banner, in lists and when shared."),
    )
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Markdown: *italic*, **bold**, lists, links. Raw HTML is removed."),
    )
    scam_type = models.CharField(
        _("type of scam"), max_length=30, choices=ScamType.choices, default=ScamType.OTHER
    )
    channels = models.ManyToManyField(
        Channel,
        blank=True,
        related_name="alerts",
        verbose_name=_("channels"),
        help_text=_("How the scam reaches people."),
    )
    impersonated_organisation = models.CharField(
        _("impersonated organisation"),
        max_length=160,
        blank=True,
        help_text=_('Who the scammers pretend to be, e.g. "IOM" or "Canadian embassy".'),
    )
    red_flags = models.TextField(_("red flags"), blank=True, help_text=_("One red flag per line."))
    what_to_do = models.TextField(_("what to do"), blank=True, help_text=_("Markdown."))
    where_to_report = models.ManyToManyField(
        ReportingContact,
        blank=True,
        related_name="alerts",
        verbose_name=_("where to report"),
        help_text=_("Leave empty to list the default contacts."),
    )
    severity = models.CharField(
        _("severity"),
        max_length=10,
        choices=Severity.choices,
        default=Severity.UNKNOWN,
        help_text=_("Common Alerting Protocol severity. The banner shows the most severe alert."),
    )
    urgency = models.CharField(
        _("urgency"),
        max_length=10,
        choices=Urgency.choices,
        default=Urgency.UNKNOWN,
        help_text=_("Common Alerting Protocol urgency: how soon people should act."),
    )
    certainty = models.CharField(
        _("certainty"),
        max_length=10,
        choices=Certainty.choices,
        default=Certainty.UNKNOWN,
        help_text=_("Common Alerting Protocol certainty: how sure the office is."),
    )
    portal_published_at = models.DateTimeField(
        _("published on this portal at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when a Publisher publishes the warning; empty for loaded text."),
    )
    # The publication fields of PublishableModel, named as a warning's dates are.
    publish_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish at once, or pick a time to publish it later."),
    )
    unpublish_at = models.DateTimeField(
        _("expires at"),
        null=True,
        blank=True,
        help_text=_("Optional: when the warning stops being current and leaves the site."),
    )
    last_reviewed_at = models.DateTimeField(
        _("last reviewed at"),
        null=True,
        blank=True,
        help_text=_("When staff last checked that the warning is still accurate."),
    )

    objects = ScamAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        verbose_name = _("scam alert")
        verbose_name_plural = _("scam alerts")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is used by another page.")})

    def get_absolute_url(self) -> str:
        return cached_reverse("alerts:alert_detail", self.slug)

    def get_cap_url(self) -> str:
        return cached_reverse("alerts:alert_cap", self.slug)

    def reporting_contacts(self) -> list[ReportingContact]:
        """Where to report this scam: its own contacts, else every default one."""
        # One query for both lists: the page already runs one per part of the alert.
        links = ScamAlert.where_to_report.through.objects.filter(
            scamalert=self.pk, reportingcontact=OuterRef("pk")
        )
        contacts = list(
            ReportingContact.objects.annotate(is_own=Exists(links)).filter(
                Q(is_own=True) | Q(is_default=True)
            )
        )
        return [c for c in contacts if c.is_own] or [c for c in contacts if c.is_default]

    @property
    def red_flag_list(self) -> list[str]:
        return [line.strip(" -*•\t") for line in self.red_flags.splitlines() if line.strip()]


class VerificationLink(models.Model):
    """An official page where a person can check a claim (a register of licensed
    agencies, an embassy's visa page)."""

    alert = models.ForeignKey(ScamAlert, on_delete=models.CASCADE, related_name="verify_links")
    label = models.CharField(max_length=160)
    url = models.URLField(_("official web address"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("how to verify")
        verbose_name_plural = _("how to verify")

    def __str__(self) -> str:
        return self.label


class IndicatorKindChoices(models.TextChoices):
    DOMAIN = IndicatorKind.DOMAIN, _("Web site")
    EMAIL = IndicatorKind.EMAIL, _("E-mail address")
    PHONE = IndicatorKind.PHONE, _("Phone number")
    SOCIAL = IndicatorKind.SOCIAL, _("Social-media profile")


class IndicatorFields(models.Model):
    kind = models.CharField(max_length=10, choices=IndicatorKindChoices.choices)
    value = models.CharField(
        max_length=255,
        help_text=_("Typed any way: it is stored normalised (e.g. 0721 234 567 as +40721234567)."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.value

    def save(self, *args, **kwargs) -> None:
        # Stored normalised whatever the path (admin, seed, shell), so matching is exact.
        self.value = normalise(self.kind, self.value) or self.value
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.kind and self.value:
            normalised = normalise(self.kind, self.value)
            if not normalised:
                message = _("This does not look like a valid %(kind)s.")
                raise ValidationError({"value": message % {"kind": self.get_kind_display()}})
            self.value = normalised


class AlertIndicator(IndicatorFields):
    alert = models.ForeignKey(ScamAlert, on_delete=models.CASCADE, related_name="indicators")

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "kind", "value"], name="unique_alert_indicator"
            )
        ]
        indexes = [models.Index(fields=["kind", "value"])]
        verbose_name = _("indicator")


def new_reference() -> str:
    """A reference people can read out on the phone: no 0/O, 1/I/L; not the database id,
    so it says nothing about how many reports there are."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"SR-{code[:4]}-{code[4:]}"


class ReportStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class MoneyAsked(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure")


class ScamReport(models.Model):
    """A member of the public's report. It holds personal data, so it has no history
    table (a copy would outlive the purge) and only the triage group can see it."""

    reference = models.CharField(max_length=14, unique=True, default=new_reference, editable=False)
    what_happened = models.TextField(_("what happened"), max_length=5000)
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    scam_type = models.CharField(max_length=30, choices=ScamType.choices, blank=True)
    first_contact_on = models.DateField(_("first contact"), null=True, blank=True)
    scammer_website = models.CharField(_("their website"), max_length=300, blank=True)
    scammer_email = models.CharField(_("their e-mail address"), max_length=254, blank=True)
    scammer_phone = models.CharField(_("their phone number"), max_length=50, blank=True)
    scammer_profile = models.CharField(_("their social-media profile"), max_length=300, blank=True)
    money_asked = models.CharField(max_length=10, choices=MoneyAsked.choices, blank=True)
    money_amount = models.CharField(_("how much"), max_length=100, blank=True)
    reporter_name = models.CharField(_("your name"), max_length=100, blank=True)
    reporter_contact = models.CharField(_("your e-mail or phone"), max_length=200, blank=True)
    contact_consent = models.BooleanField(default=False)
    language = models.CharField(max_length=10, blank=True, editable=False)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.NEW, db_index=True
    )
    triage_notes = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    alert = models.ForeignKey(
        ScamAlert, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    contact_purged_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scam report")

    def __str__(self) -> str:
        return self.reference

    @property
    def indicator_text(self) -> str:
        return "\n".join(
            (self.scammer_website, self.scammer_email, self.scammer_phone, self.scammer_profile)
        )


class ReportIndicator(IndicatorFields):
    """Indicators read from a report, normalised when it is saved, so "Check an offer"
    can count confirmed reports with one indexed query."""

    report = models.ForeignKey(ScamReport, on_delete=models.CASCADE, related_name="indicators")

    class Meta:
        ordering = ["kind", "value"]
        indexes = [models.Index(fields=["kind", "value"])]
        verbose_name = _("indicator")


# E-mail subscriptions to scam warnings (alerts/subscriptions.py, alerts/outbox.py).


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self) -> SubscriberQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def interested_in(self, scam_type: str) -> SubscriberQuerySet:
        """Subscribers who chose no topics (every warning) or chose this scam type."""
        return self.filter(Q(topics="") | Q(topics__contains=f",{scam_type},"))


class Subscriber(models.Model):
    """One address that asked for scam warnings by e-mail. Personal data: no history
    table, only administrators see the addresses, deleted on unsubscribe, and deleted
    after SUBSCRIPTION_CONFIRM_DAYS when never confirmed."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # ",job_offer,visa," or "" for every topic: a plain text column, so matching works on
    # SQLite (`make run`) and PostgreSQL alike with one LIKE.
    topics = models.CharField(_("topics"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email

    @property
    def topic_list(self) -> list[str]:
        return [topic for topic in self.topics.split(",") if topic]

    def set_topics(self, topics) -> None:
        chosen = [topic for topic in ScamType.values if topic in set(topics)]
        self.topics = f",{','.join(chosen)}," if chosen else ""


class Mailing(models.Model):
    """One sending of a warning to its subscribers: the first when it is published, one
    more each time a Publisher ticks "send an update". Its deliveries are its outbox."""

    alert = models.ForeignKey(ScamAlert, on_delete=models.CASCADE, related_name="mailings")
    is_update = models.BooleanField(_("update"), default=False)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, editable=False)
    # How many deliveries were written; 0 for warnings published before subscriptions.
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("warning e-mail")
        verbose_name_plural = _("warning e-mails")

    def __str__(self) -> str:
        return str(self.alert)


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    CLAIMED = "claimed", _("Claimed by a worker")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # Caught mid-send by a dead worker or a broken connection: the server almost certainly
    # took it, and sending it again could give someone the warning twice (alerts/outbox.py).
    UNKNOWN = "unknown", _("Outcome unknown (probably delivered, not sent again)")


class DeliveryKind(models.TextChoices):
    WARNING = "warning", _("Scam warning")
    CONFIRMATION = "confirmation", _("Subscription confirmation")
    STAFF_NOTIFICATION = "staff", _("New scam report (to staff)")


class Delivery(models.Model):
    """The outbox: one e-mail to send. Written in the transaction that publishes the
    warning (or saves the report), so nothing is lost if the broker is down; workers claim
    rows with SELECT ... FOR UPDATE SKIP LOCKED (alerts/outbox.py)."""

    kind = models.CharField(max_length=12, choices=DeliveryKind.choices)
    mailing = models.ForeignKey(
        Mailing, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    # Unsubscribing deletes the address and, with it, whatever was still to be sent to it.
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A staff notification of a new scam report: the report and the staff address.
    report = models.ForeignKey(
        ScamReport, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.EmailField(max_length=254, blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Which worker's batch holds the row, and until when: every step a worker takes checks
    # both, so a row whose lease ran out and went to another worker is never sent twice.
    claimed_by = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        constraints = [
            # One e-mail per subscriber per sending, whatever happens to the workers.
            models.UniqueConstraint(
                fields=["mailing", "subscriber"], name="one_delivery_per_subscriber"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=Q(status="queued"),
            ),
            models.Index(fields=["status", "claimed_until"], name="delivery_claims"),
        ]

    def __str__(self) -> str:
        return f"{self.mailing or self.report} #{self.pk}"
