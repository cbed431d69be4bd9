from __future__ import annotations

import functools

from django import forms
from django.conf import settings
from django.contrib import admin, messages
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

from iom_romania.admin import ContentAdmin
from iom_romania.publishing import Status
from iom_romania.roles import can_publish
from iom_romania.translation_status import missing_languages

from . import posters, subscriptions
from .models import (
    REPORT_TRIAGE_GROUP,
    AlertIndicator,
    Channel,
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
from .triage import draft_alert_from_report


class AlertIndicatorInline(admin.TabularInline):
    model = AlertIndicator
    extra = 1


# Staff paste addresses without a scheme too: read them as https, as Django 6 will.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class VerificationLinkInline(TranslationTabularInline):
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
    filter_horizontal = ["channels", "where_to_report"]
    inlines = [AlertIndicatorInline, VerificationLinkInline]
    actions = ["mark_reviewed"]

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

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        # Only a Publisher, and only for a warning that was already sent once.
        if "send_update" in fields and (obj is None or not can_publish(request.user)):
            fields.remove("send_update")
        if "publish_missing_languages" in fields and not can_publish(request.user):
            fields.remove("publish_missing_languages")
        return fields

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


class ReportIndicatorInline(admin.TabularInline):
    model = ReportIndicator
    extra = 0
    fields = ("kind", "value")


@admin.register(ScamReport)
class ScamReportAdmin(admin.ModelAdmin):
    list_display = ("reference", "created_at", "status", "scam_type", "channel", "handled_by")
    list_filter = ("status", "scam_type", "channel", "language")
    search_fields = ("reference", "indicators__value")
    date_hierarchy = "created_at"
    list_select_related = ("channel", "handled_by")
    readonly_fields = (
        "reference",
        "created_at",
        "language",
        "what_happened",
        "channel",
        "scam_type",
        "first_contact_on",
        "scammer_website",
        "scammer_email",
        "scammer_phone",
        "scammer_profile",
        "money_asked",
        "money_amount",
        "reporter_name",
        "reporter_contact",
        "contact_consent",
        "contact_purged_at",
        "handled_by",
    )
    fieldsets = (
        (_("Triage"), {"fields": ("status", "triage_notes", "alert", "handled_by")}),
        (
            _("Report"),
            {
                "fields": (
                    "reference",
                    "created_at",
                    "language",
                    "what_happened",
                    "channel",
                    "scam_type",
                    "first_contact_on",
                    "money_asked",
                    "money_amount",
                )
            },
        ),
        (
            _("Scammer's details"),
            {"fields": ("scammer_website", "scammer_email", "scammer_phone", "scammer_profile")},
        ),
        (
            _("Reporter (personal data)"),
            {
                "fields": (
                    "reporter_name",
                    "reporter_contact",
                    "contact_consent",
                    "contact_purged_at",
                )
            },
        ),
    )
    autocomplete_fields = ("alert",)
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

    @admin.action(description=_("Create a draft alert from the selected report"))
    def create_draft_alert(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one report."), messages.WARNING)
            return None
        report = queryset.get()
        if report.alert_id:
            self.message_user(
                request,
                _("%(reference)s is already linked to an alert.") % {"reference": report.reference},
                messages.WARNING,
            )
            return redirect(reverse("admin:alerts_scamalert_change", args=[report.alert_id]))
        with transaction.atomic():
            alert = draft_alert_from_report(report)
            report.alert = alert
            report.handled_by = request.user
            if report.status == ReportStatus.NEW:
                report.status = ReportStatus.UNDER_REVIEW
            report.save()
        self.message_user(
            request,
            _("Draft alert created from %(reference)s. Remove any personal data before publishing.")
            % {"reference": report.reference},
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

    list_display = ["alert", "is_update", "created_at", "recipients", "queued", "sent", "failed"]
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
                delivery_count=Count("deliveries"),
            )
        )

    @admin.display(description=_("queued"))
    def queued(self, obj):
        return obj.delivery_count - obj.sent_count - obj.failed_count

    @admin.display(description=_("sent"))
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description=_("failed"))
    def failed(self, obj):
        return obj.failed_count

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
