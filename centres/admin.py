from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from iom_romania.admin import ContentAdmin, LabelledInlineMixin
from iom_romania.technical_admin import AdministratorsOnlyMixin

from .forms import BROWSER_PICKERS, WeekHoursField, save_week
from .gazetteer import Status
from .gazetteer_db import get_gazetteer
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
    PlaceName,
    ServiceType,
    language_choices,
)
from .week import Week


class CentreForm(forms.ModelForm):
    weekly_hours = WeekHoursField(
        label=_("Usual opening hours"),
        help_text=_(
            "For each day, tick “Closed” or type when the centre opens and closes; a second "
            "range is for a day with a break. If every day is “Closed”, the centre's page "
            "says its hours are not published yet. Holidays and one-off changes go in "
            "“Exceptions to the opening hours” below."
        ),
    )
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["weekly_hours"] = Week.from_rows(self.instance.weekly_hours.all())


class PhoneInline(LabelledInlineMixin, TranslationTabularInline):
    model = CentrePhone
    extra = 0
    fields = ["number", "kind", "label", "order"]


class MessagingLinkInline(LabelledInlineMixin, admin.TabularInline):
    model = MessagingLink
    extra = 0
    fields = ["platform", "url", "label", "order"]


class HoursExceptionInline(LabelledInlineMixin, TranslationTabularInline):
    model = HoursException
    extra = 0
    formfield_overrides = BROWSER_PICKERS
    fields = ["date", "closed", "opens", "closes", "note"]


class NoticeInline(LabelledInlineMixin, TranslationTabularInline):
    model = CentreNotice
    extra = 0
    formfield_overrides = BROWSER_PICKERS
    fields = ["kind", "text", "starts_on", "ends_on"]


@admin.register(Centre)
class CentreAdmin(ContentAdmin):
    form = CentreForm
    list_display = ["name", "city", "county", "operating_status", "status", "updated_at"]
    list_filter = ["status", "operating_status", "services", "county"]
    search_fields = ["name", "city", "county", "address", "partner_organisation"]
    prepopulated_fields = {"slug": ["city"]}
    ordering = ["order", "city"]
    inlines = [
        PhoneInline,
        MessagingLinkInline,
        HoursExceptionInline,
        NoticeInline,
    ]
    # What staff correct most (contact and hours) first, then the address, the text, and
    # last the publication settings; the phones, hours and notices follow the first part.
    fieldsets = [
        (_("Contact and opening hours"), {"fields": ["name", "operating_status", "email",
                                                     "website", "weekly_hours", "hours_note",
                                                     "open_on_public_holidays",
                                                     "information_checked_on"]}),
        (_("Address and location"), {"fields": ["address", "city", "county", "postal_code",
                                                 "siruta_code", "latitude", "longitude",
                                                 "exact_location_set_at",
                                                 "how_to_get_there", "accessibility_notes"]}),
        (_("What the centre offers"), {"fields": ["description", "services", "languages",
                                                   "interpretation_available", "free_of_charge",
                                                   "partner_organisation"]}),
        (_("Publication"), {"fields": ["status", "publish_at", "unpublish_at", "slug", "order",
                                       "created_at", "updated_at"]}),
    ]  # fmt: skip
    inlines_before_fieldset = 1
    # The weekly hours are edited with the week grid (CentreForm), not an inline.
    edited_parts = [OpeningHours]
    help_texts = {
        "name": _("The centre's name, as visitors see it at the top of its page."),
        "operating_status": _(
            "Is the centre open as usual? Leave “Not yet confirmed” until you know."
        ),
        "hours_note": _("A short note shown under the hours, for example: appointments preferred."),
        "open_on_public_holidays": _(
            "Tick only if the centre opens on public holidays. If not ticked, the page shows "
            "it closed on those days."
        ),
        "information_checked_on": _("The day someone last checked these details with the centre."),
        "latitude": _(
            "Where the pin goes on the map. Until you change it, it is the middle of the city."
        ),
        "description": _("What the centre does and for whom. You can use **bold** and lists."),
        "slug": _(
            "The end of the page's web address. Change it only if you must: old links stop working."
        ),
        "order": _("Centres with a lower number come first in lists."),
    }
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        # A handful of services: ticks take less room than Django's two-box chooser.
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "exact_location_set_at"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not (change and self.must_propose(request, form.instance)):
            save_week(form.instance, form.cleaned_data["weekly_hours"])

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
    actions = ["mark_handled"]

    @admin.action(description=_("Mark the selected reports as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.filter(handled=False).update(handled=True)
        self.message_user(request, _("%(count)d reports marked as handled.") % {"count": count})

    @admin.display(description=_("message"))
    def short_message(self, obj):
        return obj.message[:80]

    def has_add_permission(self, request):
        return False  # reports come from the public form


@admin.register(GazetteerPlace)
class GazetteerPlaceAdmin(AdministratorsOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "county", "population", "kind", "latitude", "longitude"]
    list_filter = ["kind", "county"]
    search_fields = ["name", "folded_name"]
    readonly_fields = [f.name for f in GazetteerPlace._meta.fields]

    def has_add_permission(self, request):
        return False  # loaded from the GeoNames file by `manage.py load_gazetteer`


@admin.register(GazetteerCounty)
class GazetteerCountyAdmin(AdministratorsOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "code", "latitude", "longitude"]
    readonly_fields = ["code", "name", "seat_geonameid", "latitude", "longitude"]

    def has_add_permission(self, request):
        return False


class PlaceNameForm(forms.ModelForm):
    """Another name for a place: the name as people type it, and the place it means, typed
    as the finder knows it (the form looks it up in the gazetteer)."""

    place = forms.CharField(
        label=_("the place it means"),
        max_length=200,
        help_text=_(
            "As the finder knows it, for example Brașov. When several places share the name, "
            "add the county after a comma: Sălcioara, Buzău."
        ),
    )

    class Meta:
        model = PlaceName
        fields = ["name", "place"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["place"].initial = self.instance.place_label

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not any(ch.isalpha() for ch in name):
            raise forms.ValidationError(_("Type the name with letters."))
        return name

    def clean(self):
        cleaned = super().clean()
        name, typed = cleaned.get("name"), cleaned.get("place")
        if not name or not typed:
            return cleaned
        gazetteer = get_gazetteer()
        result = gazetteer.lookup(typed)
        if result.status == Status.AMBIGUOUS:
            raise forms.ValidationError(
                _("Several places have this name: add the county after a comma, such as %s.")
                % f"{result.candidates[0].name}, {result.candidates[0].county}"
            )
        if result.status != Status.FOUND:
            raise forms.ValidationError(_("The finder does not know this place: check its name."))
        place = result.place
        already = gazetteer.lookup(name)
        if already.status == Status.FOUND and already.place.id == place.id:
            raise forms.ValidationError(
                _("The finder already finds %(place)s by this name.") % {"place": place.label}
            )
        self.instance.geonameid = place.id
        self.instance.place_label = place.label
        return cleaned


@admin.register(PlaceName)
class PlaceNameAdmin(SimpleHistoryAdmin):
    """Names the finder learnt from staff; they survive a gazetteer reload (docs/demand.md)."""

    form = PlaceNameForm
    list_display = ["name", "place_label", "created_at"]
    search_fields = ["name", "place_label"]
    readonly_fields = ["created_at"]
