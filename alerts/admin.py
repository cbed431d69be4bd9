from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from iom_romania.admin import ContentAdmin
from iom_romania.roles import can_publish

from . import posters
from .models import (
    REPORT_TRIAGE_GROUP,
    AlertIndicator,
    Channel,
    ReportIndicator,
    ReportingContact,
    ReportStatus,
    ScamAlert,
    ScamReport,
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


@admin.register(ScamAlert)
class ScamAlertAdmin(ContentAdmin):
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
