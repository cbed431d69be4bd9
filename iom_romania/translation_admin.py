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
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import translation_status, xliff
from .models import ContentTranslation
from .roles import REVIEW_PERMISSION
from .translation_status import TRANSLATED_LANGUAGES, State


def language_choices():
    return [(code, name) for code, name in settings.LANGUAGES if code in TRANSLATED_LANGUAGES]


class ImportForm(forms.Form):
    language = forms.ChoiceField(label=_("language"))
    file = forms.FileField(label=_("XLIFF file"), required=False)
    # The file's text, carried from the preview to the confirmation (checked again then).
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            cleaned["content"] = upload.read().decode("utf-8", errors="replace")
        if not cleaned.get("content"):
            raise forms.ValidationError(_("Choose the translated XLIFF file to import."))
        return cleaned


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
        self.fields["language"].choices = [("", _("all languages")), *language_choices()]
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
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="iom_romania_contenttranslation_export",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="iom_romania_contenttranslation_import",
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
            "to_export": xliff.NEEDS_WORK,
            "export_languages": language_choices(),
        }
        return TemplateResponse(request, "admin/translations/board.html", context)

    def export_view(self, request):
        """An XLIFF file of what one language lacks or has outdated: of one item, of the
        items ticked on the board ("<model label> <id> <language>"), or of everything."""
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        picked = [_parse_item(value) for value in data.getlist("item")]
        picked = [item for item in picked if item is not None]
        languages = {language for _obj, language in picked} or {data.get("language", "")}
        if len(languages) != 1 or not languages <= set(TRANSLATED_LANGUAGES):
            return TemplateResponse(
                request,
                "admin/translations/problem.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Export for translation"),
                    "problems": [_("Choose one language to export.")],
                },
                status=400,
            )
        (language,) = languages
        objects = [obj for obj, _language in picked] if picked else None
        body = xliff.export_xliff(language, objects, everything=bool(data.get("everything")))
        response = HttpResponse(body, content_type="application/x-xliff+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="iom-romania-{language}.xlf"'
        return response

    def import_view(self, request):
        """Upload, preview every change, confirm: the file is checked again on confirmation
        and saved in one transaction, or not at all."""
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a translated file"),
            "form": form,
        }
        if request.method != "POST":
            return TemplateResponse(request, "admin/translations/import.html", context)
        if not form.is_valid():
            return TemplateResponse(request, "admin/translations/import.html", context, status=400)
        language = form.cleaned_data["language"]
        plan = xliff.plan_import(form.cleaned_data["content"].encode("utf-8"), language)
        context["plan"] = plan
        if plan.errors:
            return TemplateResponse(request, "admin/translations/import.html", context, status=400)
        if "confirm" not in request.POST:
            context["preview"] = ImportForm(
                initial={"language": language, "content": form.cleaned_data["content"]}
            )
            return TemplateResponse(request, "admin/translations/import.html", context)
        saved = xliff.apply_import(plan)
        messages.success(
            request,
            _("Imported %(changes)d translations into %(items)d items.")
            % {"changes": len(plan.changes), "items": saved},
        )
        return HttpResponseRedirect(reverse("admin:iom_romania_contenttranslation_changelist"))

    def mark_reviewed_view(self, request):
        """Each ticked "<model label> <id> <language>": checked against today's English."""
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        marked = 0
        for item in map(_parse_item, request.POST.getlist("item")):
            if item is not None:
                obj, language = item
                marked += bool(translation_status.mark_reviewed(obj, language, request.user))
        messages.success(
            request, _("%(count)d translations marked as reviewed.") % {"count": marked}
        )
        back = request.POST.get("next", "")
        board = reverse("admin:iom_romania_contenttranslation_changelist")
        return HttpResponseRedirect(board + back if back.startswith("?") else board)


def _parse_item(value: str):
    """(item, language) from a board checkbox's "<model label> <id> <language>", or None."""
    from django.apps import apps

    label, _sep, rest = value.partition(" ")
    pk, _sep, language = rest.partition(" ")
    if language not in TRANSLATED_LANGUAGES or not pk.isdigit():
        return None
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if model not in translation_status.translatable_models():
        return None
    obj = model._default_manager.filter(pk=pk).first()
    return None if obj is None else (obj, language)
