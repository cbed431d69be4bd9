from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from iom_romania.admin import ContentAdmin

from .models import (
    Centre,
    CentreNotice,
    CentrePhone,
    GazetteerCounty,
    GazetteerPlace,
    HoursException,
    InformationReport,
    MessagingLink,
    OpeningHours,
    ServiceType,
    language_choices,
)


class CentreForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages spoken"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages staff speak on site."),
    )

    class Meta:
        model = Centre
        fields = ["languages"]  # the admin adds the others from its fieldsets


class PhoneInline(TranslationTabularInline):
    model = CentrePhone
    extra = 0
    fields = ["number", "kind", "label", "order"]


class MessagingLinkInline(admin.TabularInline):
    model = MessagingLink
    extra = 0
    fields = ["platform", "url", "label", "order"]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    fields = ["weekday", "opens", "closes"]


class HoursExceptionInline(TranslationTabularInline):
    model = HoursException
    extra = 0
    fields = ["date", "closed", "opens", "closes", "note"]


class NoticeInline(TranslationTabularInline):
    model = CentreNotice
    extra = 0
    fields = ["kind", "text", "starts_on", "ends_on"]


@admin.register(Centre)
class CentreAdmin(ContentAdmin):
    form = CentreForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "city", "county", "operating_status", "status", "updated_at"]
    list_filter = ["status", "operating_status", "services", "county"]
    search_fields = ["name", "city", "county", "address", "partner_organisation"]
    prepopulated_fields = {"slug": ["city"]}
    ordering = ["order", "city"]
    filter_horizontal = ["services"]
    inlines = [
        NoticeInline,
        PhoneInline,
        MessagingLinkInline,
        OpeningHoursInline,
        HoursExceptionInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "operating_status", "partner_organisation",
                           "description", "services", "free_of_charge", "order"]}),
        (_("Address and location"), {"fields": ["address", "city", "county", "postal_code",
                                                 "siruta_code", "latitude", "longitude",
                                                 "exact_location_set_at",
                                                 "how_to_get_there", "accessibility_notes"]}),
        (_("Contact"), {"fields": ["email", "website", "languages",
                                   "interpretation_available", "hours_note",
                                   "open_on_public_holidays", "information_checked_on"]}),
        (_("Publication"), {"fields": ["status", "publish_at", "unpublish_at",
                                       "created_at", "updated_at"]}),
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "exact_location_set_at"]

    def save_model(self, request, obj, form, change):
        # Staff typed a position: from now on it is the centre's own, not its city's.
        if {"latitude", "longitude"} & set(form.changed_data):
            obj.exact_location_set_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(ServiceType)
class ServiceTypeAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(InformationReport)
class InformationReportAdmin(admin.ModelAdmin):
    list_display = ["centre", "created_at", "handled", "short_message"]
    list_filter = ["handled", "centre"]
    list_editable = ["handled"]
    readonly_fields = ["centre", "message", "contact", "created_at"]
    search_fields = ["message", "centre__name"]

    @admin.display(description=_("message"))
    def short_message(self, obj):
        return obj.message[:80]

    def has_add_permission(self, request):
        return False  # reports come from the public form


@admin.register(GazetteerPlace)
class GazetteerPlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "population", "kind", "latitude", "longitude"]
    list_filter = ["kind", "county"]
    search_fields = ["name", "folded_name"]
    readonly_fields = [f.name for f in GazetteerPlace._meta.fields]

    def has_add_permission(self, request):
        return False  # loaded from the GeoNames file by `manage.py load_gazetteer`


@admin.register(GazetteerCounty)
class GazetteerCountyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "latitude", "longitude"]
    readonly_fields = ["code", "name", "seat_geonameid", "latitude", "longitude"]

    def has_add_permission(self, request):
        return False
