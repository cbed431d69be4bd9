"""The translation status board in the staff area: every translatable item in every
language (missing, outdated, not reviewed, reviewed), with filters, counts and a
"Mark reviewed" button that records who checked it and when.

Imported by iom_romania/admin.py. The states come from iom_romania/translation_status.py.
"""

from collections import Counter

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import translation_status
from .models import ContentTranslation
from .roles import REVIEW_PERMISSION
from .translation_status import TRANSLATED_LANGUAGES, State


class BoardFilterForm(forms.Form):
    content = forms.ChoiceField(label=_("content"), required=False)
    language = forms.ChoiceField(label=_("language"), required=False)
    state = forms.ChoiceField(label=_("state"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].choices = [("", _("all content"))] + [
            (model._meta.label, model._meta.verbose_name_plural)
            for model in translation_status.translatable_models()
        ]
        self.fields["language"].choices = [("", _("all languages"))] + [
            (code, name) for code, name in settings.LANGUAGES if code in TRANSLATED_LANGUAGES
        ]
        self.fields["state"].choices = [("", _("any state")), *State.choices]

    def values(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


def change_url(obj) -> str:
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:  # edited inside its parent's form (a centre's phone, ...)
        return ""


@admin.register(ContentTranslation)
class ContentTranslationAdmin(admin.ModelAdmin):
    """Not a list of rows: the changelist is the board (admin/translations/board.html)."""

    def has_add_permission(self, request):
        return False  # written when content is saved, reviewed or imported

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(REVIEW_PERMISSION) or super().has_view_permission(request, obj)

    def get_urls(self):
        return [
            path(
                "mark-reviewed/",
                self.admin_site.admin_view(require_POST(self.mark_reviewed_view)),
                name="iom_romania_contenttranslation_mark_reviewed",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = BoardFilterForm(request.GET or None)
        chosen = form.values()
        languages = [chosen["language"]] if chosen.get("language") else TRANSLATED_LANGUAGES
        labels = [chosen["content"]] if chosen.get("content") else None
        rows = translation_status.board(labels, languages)
        counts = {code: Counter(row.states[code] for row in rows) for code in languages}
        if chosen.get("state"):
            rows = [row for row in rows if chosen["state"] in row.states.values()]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Translation status"),
            "opts": self.model._meta,
            "form": form,
            "languages": [(code, get_language_info(code)["name_translated"]) for code in languages],
            "states": State,
            "counts": [
                (
                    get_language_info(code)["name_translated"],
                    [(s.label, counts[code][s]) for s in State],
                )
                for code in languages
            ],
            "rows": [
                {
                    "model": row.model._meta.verbose_name,
                    "label": row.model._meta.label,
                    "obj": row.obj,
                    "url": change_url(row.obj),
                    "cells": [(code, row.states[code]) for code in languages],
                }
                for row in rows
            ],
            "can_review": request.user.has_perm(REVIEW_PERMISSION),
            "to_review": (State.NOT_REVIEWED, State.OUTDATED),
        }
        return TemplateResponse(request, "admin/translations/board.html", context)

    def mark_reviewed_view(self, request):
        """Each ticked "<model label> <id> <language>": checked against today's English."""
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        from django.apps import apps

        marked = 0
        for value in request.POST.getlist("item"):
            label, _sep, rest = value.partition(" ")
            pk, _sep, language = rest.partition(" ")
            if language not in TRANSLATED_LANGUAGES or not pk.isdigit():
                continue
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError):
                continue
            obj = model._default_manager.filter(pk=pk).first()
            if obj is not None and model in translation_status.translatable_models():
                marked += bool(translation_status.mark_reviewed(obj, language, request.user))
        messages.success(
            request, _("%(count)d translations marked as reviewed.") % {"count": marked}
        )
        back = request.POST.get("next", "")
        board = reverse("admin:iom_romania_contenttranslation_changelist")
        return HttpResponseRedirect(board + back if back.startswith("?") else board)
