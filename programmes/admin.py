from django.contrib import admin

from iom_romania.admin import ContentAdmin

from .models import Fact, HomeSection, Initiative, ProgrammeArea, Project, TextReviewSettings


@admin.register(HomeSection)
class HomeSectionAdmin(ContentAdmin):
    list_display = ["title", "order", "status", "last_reviewed", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["order"]


@admin.register(ProgrammeArea)
class ProgrammeAreaAdmin(ContentAdmin):
    list_display = ["title", "order", "status", "last_reviewed", "updated_at"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["order"]


@admin.register(Project)
class ProjectAdmin(ContentAdmin):
    list_display = ["title", "period", "implementation", "status", "last_reviewed", "updated_at"]
    list_filter = ["status", "implementation", "areas"]
    search_fields = ["title", "summary", "body", "funders"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["areas"]
    ordering = ["order", "title"]


@admin.register(Fact)
class FactAdmin(ContentAdmin):
    list_display = ["value", "label", "as_of", "order", "status"]
    search_fields = ["value", "label"]
    ordering = ["order"]


@admin.register(Initiative)
class InitiativeAdmin(ContentAdmin):
    list_display = ["title", "link", "order", "status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["order"]


@admin.register(TextReviewSettings)
class TextReviewSettingsAdmin(admin.ModelAdmin):
    """One row: Publishers set how old a text may grow before it needs attention."""

    list_display = ["__str__", "review_after_years"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not TextReviewSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
