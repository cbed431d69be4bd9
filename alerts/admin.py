from __future__ import annotations

import functools

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_field
from django.db import models, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from iom_romania.admin import ContentAdmin, LabelledInlineMixin
from iom_romania.publishing import Status
from iom_romania.roles import can_publish
from iom_romania.translation_status import missing_languages

from . import posters, subscriptions
from .models import (
    REPORT_TRIAGE_GROUP,
    AlertIndicator,
    Channel,
    DeliveryStatus,
    Mailing,
    ReportIndicator,
    ReportingContact,
    ReportStatus,
    ScamAlert,
    ScamReport,
    ScamType,
    Subscriber,
    VerificationLink,
)
from .triage import draft_alert_from_reports, report_matches


class AlertIndicatorInline(LabelledInlineMixin, admin.TabularInline):
    model = AlertIndicator
    extra = 1


# Staff paste addresses without a scheme too: read them as https, as Django 6 will.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class VerificationLinkInline(LabelledInlineMixin, TranslationTabularInline):
    model = VerificationLink
    extra = 1
    formfield_overrides = HTTPS_URLS


class ScamAlertForm(forms.ModelForm):
    send_update = forms.BooleanField(
        required=False,
        label=_("Send an update to subscribers"),
        help_text=_(
            "Tick to e-mail this change to everyone subscribed to this type of scam. "
            "Otherwise a correction to a published warning sends nothing."
        ),
    )
    publish_missing_languages = forms.BooleanField(
        required=False,
        label=_("Publish although some languages are missing"),
        help_text=_("Readers of a missing language see the warning in English."),
    )

    def clean(self):
        """Publishing a warning that lacks a language takes a Publisher's explicit yes."""
        cleaned = super().clean()
        publishing = (
            cleaned.get("status") == Status.PUBLISHED and self.instance.status != Status.PUBLISHED
        )
        if publishing and not cleaned.get("publish_missing_languages"):
            missing = missing_languages(
                ScamAlert, lambda name: cleaned.get(name, getattr(self.instance, name, ""))
            )
            if missing:
                names = ", ".join(
                    str(get_language_info(code)["name_translated"]) for code in missing
                )
                message = _(
                    "This warning has no text in: %(languages)s. Add it, or tick the box to "
                    "publish it in English for those readers."
                )
                self.add_error("publish_missing_languages", message % {"languages": names})
        return cleaned


@admin.register(ScamAlert)
class ScamAlertAdmin(ContentAdmin):
    form = ScamAlertForm
    list_display = ["title", "severity", "scam_type", "status", "publish_at", "unpublish_at"]
    list_filter = ["status", "severity", "scam_type", "channels"]
    search_fields = ["title", "summary", "body", "impersonated_organisation", "indicators__value"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    # A few channels and contacts: ticks take less room than Django's two-box chooser.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = [AlertIndicatorInline, VerificationLinkInline]
    actions = ["mark_reviewed"]
    # The warning's text first; then how it reached people (with the scammers' phones and
    # sites, the inlines), where to report, and last the publication settings.
    fieldsets = [
        (_("The warning"), {"fields": ["title", "summary", "red_flags", "what_to_do", "body",
                                       "scam_type", "impersonated_organisation", "severity"]}),
        (_("How it reached people"), {"fields": ["channels"]}),
        (_("Where to report"), {"fields": ["where_to_report"]}),
        (_("Publication"), {"fields": ["status", "publish_at", "unpublish_at", "send_update",
                                       "publish_missing_languages", "last_reviewed_at", "slug",
                                       "urgency", "certainty", "poster_links", "created_at",
                                       "updated_at"]}),
    ]  # fmt: skip
    inlines_before_fieldset = 2
    help_texts = {
        "title": _("The warning's headline, in plain words."),
        "red_flags": _("The signs of this scam, one per line."),
        "channels": _("How the scam reached people: phone call, WhatsApp, Facebook…"),
        "where_to_report": _("Who people should tell. Leave empty to list the usual contacts."),
        "severity": _(
            "How serious it is. The most serious warning shows in a banner on every page."
        ),
        "urgency": _("For partner systems: how soon people should act."),
        "certainty": _("For partner systems: how sure the office is."),
    }

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "poster_links"]

    @admin.display(description=_("posters"))
    def poster_links(self, obj):
        if not obj or not obj.pk:
            return _("Save the warning first; its posters can then be downloaded here.")
        links = [
            {
                "name": name,
                "pdf": reverse("admin:alerts_scamalert_poster", args=[obj.pk, code, "pdf"]),
                "png": reverse("admin:alerts_scamalert_poster", args=[obj.pk, code, "png"]),
            }
            for code, name in settings.LANGUAGES
        ]
        return render_to_string("admin/alerts/poster_links.html", {"links": links})

    def get_urls(self):
        poster = path(
            "<int:object_id>/poster/<str:language>.<str:file_format>",
            self.admin_site.admin_view(self.poster_view),
            name="alerts_scamalert_poster",
        )
        return [poster, *super().get_urls()]

    def poster_view(self, request, object_id, language, file_format):
        """Staff download any warning's poster, drafts included, to print or check it."""
        from .views import poster_response

        alert = get_object_or_404(ScamAlert, pk=object_id)
        if not self.has_view_permission(request, alert):
            raise Http404
        if language not in posters.poster_languages() or file_format not in posters.FORMATS:
            raise Http404
        poster = posters.get_poster(alert, language, file_format, request.build_absolute_uri)
        return poster_response(poster)

    def get_actions(self, request):
        # "Last reviewed" is shown on the public page: it changes a live warning at once.
        actions = super().get_actions(request)
        if not can_publish(request.user):
            actions.pop("mark_reviewed", None)
        return actions

    def get_fieldsets(self, request, obj=None):
        # "Send an update": only a Publisher, and only for a warning that was already saved;
        # "Publish although some languages are missing": only a Publisher.
        hidden = set()
        if not can_publish(request.user):
            hidden = {"send_update", "publish_missing_languages"}
        elif obj is None:
            hidden = {"send_update"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def save_model(self, request, obj, form, change):
        was_sent = change and Mailing.objects.filter(alert_id=obj.pk).exists()
        super().save_model(request, obj, form, change)
        wants_update = form.cleaned_data.get("send_update") and can_publish(request.user)
        if was_sent and wants_update and obj.is_public:
            mailing = subscriptions.queue_mailing(obj, is_update=True)
            self.message_user(
                request,
                _("The update is being sent to %(count)d subscribers.")
                % {"count": mailing.recipients},
            )

    @admin.action(description=_("Publish the selected items"))
    def publish_selected(self, request, queryset):
        # A warning that lacks a language is published from its own form, where the
        # Publisher sees which languages are missing and confirms.
        lacking = [
            alert
            for alert in queryset
            if missing_languages(ScamAlert, functools.partial(getattr, alert))
        ]
        if lacking:
            names = ", ".join(str(alert) for alert in lacking)
            message = _(
                "Not published, some languages are missing: %(items)s. Publish each from its "
                "own page, where you can confirm."
            )
            self.message_user(request, message % {"items": names}, messages.WARNING)
            queryset = queryset.exclude(pk__in=[alert.pk for alert in lacking])
        super().publish_selected(request, queryset)

    @admin.action(description=_("Mark as reviewed now"))
    def mark_reviewed(self, request, queryset):
        updated = queryset.update(last_reviewed_at=timezone.now())
        self.message_user(request, _("%(count)d alerts marked as reviewed.") % {"count": updated})


@admin.register(Channel)
class ChannelAdmin(TranslationAdmin):
    list_display = ["name", "code", "sort_order"]
    list_editable = ["sort_order"]


@admin.register(ReportingContact)
class ReportingContactAdmin(SimpleHistoryAdmin, TranslationAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "phone", "url", "is_default", "sort_order"]
    list_editable = ["is_default", "sort_order"]


def can_triage(user) -> bool:
    """Reports hold personal data: only superusers and the triage group see them,
    whatever model permissions a staff account was given."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=REPORT_TRIAGE_GROUP).exists()


class ReportIndicatorInline(LabelledInlineMixin, admin.TabularInline):
    model = ReportIndicator
    extra = 0
    fields = ("kind", "value")


def shown_to_staff(name: str, label):
    """A report's field, read-only, under a label for staff: the model's labels were written
    for the reporter ("your name")."""
    model_field = ScamReport._meta.get_field(name)

    @admin.display(description=label)
    def value(model_admin, obj):
        return display_for_field(getattr(obj, name), model_field, "-")

    return value


class ReportLanguageFilter(admin.SimpleListFilter):
    """By the language the report was written in, named, not as a code."""

    title = _("language of the report")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language=self.value())
        return queryset


@admin.register(ScamReport)
class ScamReportAdmin(admin.ModelAdmin):
    list_display = ("reference", "created_at", "status", "scam_type", "channel", "handled_by")
    list_filter = ("status", "scam_type", "channel", ReportLanguageFilter)
    search_fields = ("reference", "indicators__value")
    date_hierarchy = "created_at"
    list_select_related = ("channel", "handled_by")

    what_happened_shown = shown_to_staff("what_happened", _("What happened (reporter's words)"))
    first_contact_shown = shown_to_staff("first_contact_on", _("First contacted on"))
    money_asked_shown = shown_to_staff("money_asked", _("Money asked for"))
    money_amount_shown = shown_to_staff("money_amount", _("Amount asked"))
    website_shown = shown_to_staff("scammer_website", _("Scammer's website"))
    email_shown = shown_to_staff("scammer_email", _("Scammer's e-mail address"))
    phone_shown = shown_to_staff("scammer_phone", _("Scammer's phone number"))
    profile_shown = shown_to_staff("scammer_profile", _("Scammer's social-media profile"))
    reporter_name_shown = shown_to_staff("reporter_name", _("Reporter's name"))
    reporter_contact_shown = shown_to_staff("reporter_contact", _("Reporter's e-mail or phone"))
    consent_shown = shown_to_staff("contact_consent", _("Reporter agrees to be contacted"))

    readonly_fields = (
        "reference",
        "created_at",
        "language_name",
        "matches",
        "what_happened_shown",
        "channel",
        "scam_type",
        "first_contact_shown",
        "website_shown",
        "email_shown",
        "phone_shown",
        "profile_shown",
        "money_asked_shown",
        "money_amount_shown",
        "reporter_name_shown",
        "reporter_contact_shown",
        "consent_shown",
        "contact_purged_at",
        "handled_by",
    )
    fieldsets = (
        (_("Triage"), {"fields": ("status", "triage_notes", "alert", "handled_by", "matches")}),
        (
            _("Report"),
            {
                "fields": (
                    "reference",
                    "created_at",
                    "language_name",
                    "what_happened_shown",
                    "channel",
                    "scam_type",
                    "first_contact_shown",
                    "money_asked_shown",
                    "money_amount_shown",
                )
            },
        ),
        (
            _("Scammer's details"),
            {"fields": ("website_shown", "email_shown", "phone_shown", "profile_shown")},
        ),
        (
            _("Reporter (personal data)"),
            {
                "fields": (
                    "reporter_name_shown",
                    "reporter_contact_shown",
                    "consent_shown",
                    "contact_purged_at",
                )
            },
        ),
    )
    inlines = [ReportIndicatorInline]
    actions = ["create_draft_alert", "mark_spam"]

    def has_module_permission(self, request):
        return can_triage(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_triage(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return can_triage(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_triage(request.user) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return False  # reports come from the public form

    def save_model(self, request, obj, form, change):
        # Who handled it comes from the session, never from the form.
        if change and form.changed_data:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("language of the report"))
    def language_name(self, obj):
        return dict(settings.LANGUAGES).get(obj.language, obj.language) or "-"

    @admin.display(description=_("matches"))
    def matches(self, obj):
        found = report_matches(obj)
        return render_to_string("admin/alerts/report_matches.html", found)

    @admin.action(description=_("Create a draft warning from these reports"))
    def create_draft_alert(self, request, queryset):
        reports = list(queryset.order_by("created_at"))
        linked = [report for report in reports if report.alert_id]
        if linked:
            self.message_user(
                request,
                _("%(reference)s is already linked to an alert.")
                % {"reference": linked[0].reference},
                messages.WARNING,
            )
            return redirect(reverse("admin:alerts_scamalert_change", args=[linked[0].alert_id]))
        with transaction.atomic():
            alert = draft_alert_from_reports(reports)
            for report in reports:
                report.alert = alert
                report.handled_by = request.user
                if report.status == ReportStatus.NEW:
                    report.status = ReportStatus.UNDER_REVIEW
                report.save()
        self.message_user(
            request,
            _("Draft alert created from %(reference)s. Remove any personal data before publishing.")
            % {"reference": ", ".join(report.reference for report in reports)},
        )
        return redirect(reverse("admin:alerts_scamalert_change", args=[alert.pk]))

    @admin.action(description=_("Mark the selected reports as spam"))
    def mark_spam(self, request, queryset):
        count = queryset.update(status=ReportStatus.SPAM, handled_by=request.user)
        self.message_user(request, _("%(count)d reports marked as spam.") % {"count": count})


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    """Each warning's e-mails and how far the sending is; above the list, how many
    subscribers there are per language and topic. Never the addresses (SubscriberAdmin)."""

    list_display = [
        "alert",
        "is_update",
        "created_at",
        "recipients",
        "queued",
        "sent",
        "failed",
        "unknown",
    ]
    list_filter = ["is_update"]
    list_select_related = ["alert"]
    date_hierarchy = "created_at"
    fields = ["alert", "is_update", "created_at", "recipients"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # written when a warning is published

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("deliveries", filter=Q(deliveries__status="sent")),
                failed_count=Count("deliveries", filter=Q(deliveries__status="failed")),
                unknown_count=Count("deliveries", filter=Q(deliveries__status="unknown")),
                delivery_count=Count("deliveries"),
            )
        )

    @admin.display(description=_("queued"))
    def queued(self, obj):
        return obj.delivery_count - obj.sent_count - obj.failed_count - obj.unknown_count

    @admin.display(description=_("sent"))
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description=_("failed"))
    def failed(self, obj):
        return obj.failed_count

    # A worker stopped while the mail server was taking these (alerts/outbox.py).
    @admin.display(description=DeliveryStatus.UNKNOWN.label)
    def unknown(self, obj):
        return obj.unknown_count

    def changelist_view(self, request, extra_context=None):
        context = {"subscriber_counts": subscriber_counts(), **(extra_context or {})}
        return super().changelist_view(request, context)


def subscriber_counts() -> dict:
    """Confirmed subscribers per language and per topic, in two queries."""
    confirmed = Subscriber.objects.confirmed()
    languages = dict(settings.LANGUAGES)
    by_language = [
        (languages.get(row["language"], row["language"]), row["count"])
        for row in confirmed.values("language").annotate(count=Count("pk")).order_by("language")
    ]
    topic_counts = confirmed.aggregate(
        every=Count("pk", filter=Q(topics="")),
        **{
            value: Count("pk", filter=Q(topics__contains=f",{value},")) for value in ScamType.values
        },
    )
    by_topic = [(_("Every type of scam"), topic_counts.pop("every"))]
    by_topic += [(ScamType(value).label, count) for value, count in topic_counts.items()]
    return {
        "total": sum(count for _name, count in by_language),
        "unconfirmed": Subscriber.objects.filter(confirmed_at__isnull=True).count(),
        "by_language": by_language,
        "by_topic": by_topic,
    }


def is_administrator(user) -> bool:
    return user.is_active and user.is_staff and user.is_superuser


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """The addresses: administrators only, whatever permissions a group is given."""

    list_display = ["email", "language", "topics", "created_at", "confirmed_at"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at", "confirmed_at"]
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_add_permission(self, request):
        return False  # only the person subscribes, through the double opt-in
