from django.contrib import admin

from iom_romania.admin import ContentAdmin

from .models import ScamAlert


@admin.register(ScamAlert)
class ScamAlertAdmin(ContentAdmin):
    list_display = ["title", "status", "publish_at", "unpublish_at", "updated_at"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
