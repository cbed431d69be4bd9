from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .i18n import DEFAULT_LANGUAGE, missing_translation_q
from .preview import PreviewableDetailMixin
from .publishing import Status
from .roles import can_publish

admin.site.site_header = _("IOM Romania portal: staff area")
admin.site.site_title = _("IOM Romania staff")
admin.site.index_title = _("Content and reports")

SOON = timedelta(days=7)


class ScheduleFilter(admin.SimpleListFilter):
    title = _("schedule")
    parameter_name = "schedule"

    def lookups(self, request, model_admin):
        return [
            ("publishes-soon", _("Publishes in the next 7 days")),
            ("expires-soon", _("Expires in the next 7 days")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "publishes-soon":
            return queryset.filter(publish_at__gt=now, publish_at__lte=now + SOON)
        if self.value() == "expires-soon":
            return queryset.filter(unpublish_at__gt=now, unpublish_at__lte=now + SOON)
        return queryset


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("missing translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        return [
            (code, get_language_info(code)["name_translated"])
            for code, _name in settings.LANGUAGES
            if code != DEFAULT_LANGUAGE
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(settings.LANGUAGES):
            return queryset.filter(missing_translation_q(queryset.model, self.value()))
        return queryset


class ContentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Admin for every public model.

    - one tab per language for translated fields (jQuery UI self-hosted in static/vendor/);
    - history of every change, with a diff and a revert (django-simple-history);
    - only Publishers (`iom_romania.publish_content`) may set the status, publish-at and
      unpublish-at: for everyone else those fields are read-only, so new items stay drafts;
    - a preview link opening the item at its public address, drafts included;
    - filters by schedule and by missing translation, used by the admin front page.
    """

    list_filter = ["status"]
    readonly_fields = ["created_at", "updated_at"]
    publication_fields = ("status", "publish_at", "unpublish_at")

    class Media:
        js = (
            "admin/js/jquery.init.js",
            "modeltranslation/js/force_jquery.js",
            "vendor/jquery-ui/jquery-ui.min.js",
            "modeltranslation/js/tabbed_translation_fields.js",
        )
        css = {"all": ("modeltranslation/css/tabbed_translation_fields.css",)}

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        extra = [f for f in (ScheduleFilter, MissingTranslationFilter) if f not in filters]
        return [*filters, *extra]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "preview_link"]
        if not can_publish(request.user):
            fields += [name for name in self.publication_fields if name not in fields]
        return fields

    @admin.display(description=_("public page"))
    def preview_link(self, obj):
        url = obj.get_absolute_url() if obj and obj.pk else ""
        if not url or "#" in url:
            return "-"
        if obj.is_public or obj.is_archived:
            return format_html('<a href="{}">{}</a>', url, _("View on the site"))
        if not previews(url):
            return _("Not public yet; this page has no preview.")
        return format_html('<a href="{}">{}</a>', url, _("Preview (not public)"))

    def get_actions(self, request):
        # Added here, not in `actions`, so that an admin defining its own actions keeps these.
        actions = super().get_actions(request)
        if can_publish(request.user):
            for name in ("publish_selected", "archive_selected"):
                func = getattr(type(self), name)
                actions[name] = (func, name, func.short_description)
        return actions

    @admin.action(description=_("Publish the selected items"))
    def publish_selected(self, request, queryset):
        count = self._set_status(queryset, Status.PUBLISHED)
        self.message_user(request, _("%(count)d items published.") % {"count": count})

    @admin.action(description=_("Archive the selected items"))
    def archive_selected(self, request, queryset):
        count = self._set_status(queryset, Status.ARCHIVED)
        self.message_user(request, _("%(count)d items archived.") % {"count": count})

    def _set_status(self, queryset, status) -> int:
        # One save per item (not queryset.update) so that history records each change.
        count = 0
        for obj in queryset.exclude(status=status):
            obj.status = status
            obj.save()
            count += 1
        return count

    def save_model(self, request, obj, form, change):
        # The read-only fields already keep these out of the form; this is the second lock.
        if not can_publish(request.user):
            if change:
                before = (
                    type(obj)._default_manager.filter(pk=obj.pk).values(*self.publication_fields)[0]
                )
                changed = any(before[name] != getattr(obj, name) for name in before)
            else:
                changed = obj.status != Status.DRAFT or obj.publish_at or obj.unpublish_at
            if changed:
                raise PermissionDenied
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if not obj.is_public and not can_publish(request.user) and obj.status == Status.DRAFT:
            self.message_user(
                request, _("Saved as a draft. A Publisher will publish it."), messages.INFO
            )
        return super().response_change(request, obj)


def previews(url: str) -> bool:
    """Whether the view at this address shows drafts to staff (PreviewableDetailMixin)."""
    try:
        view_class = getattr(resolve(url).func, "view_class", None)
    except Resolver404:
        return False
    return view_class is not None and issubclass(view_class, PreviewableDetailMixin)


def scheduled_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(publish_at__gt=now, publish_at__lte=now + SOON) | Q(
        unpublish_at__gt=now, unpublish_at__lte=now + SOON
    )


# -- staff accounts (two-factor reset): iom_romania/staff_admin.py ---------------------------
from . import staff_admin  # noqa: E402, F401
