from django.contrib import admin

from iom_romania.admin import ContentAdmin

from .models import Centre


@admin.register(Centre)
class CentreAdmin(ContentAdmin):
    list_display = ["name", "city", "county", "phone", "status", "updated_at"]
    list_filter = ["status", "county"]
    search_fields = ["name", "city", "county", "address", "partner_organisation"]
    prepopulated_fields = {"slug": ["city"]}
    ordering = ["order", "city"]
