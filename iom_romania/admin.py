from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

admin.site.site_header = _("IOM Romania portal: staff area")
admin.site.site_title = _("IOM Romania staff")
admin.site.index_title = _("Content and reports")


class ContentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Admin for public content: per-language fields, history, publication status."""

    list_filter = ["status"]
    readonly_fields = ["created_at", "updated_at"]
    publication_fields = ("status", "publish_at", "unpublish_at")
