"""Which content is translated, and what falls back to English.

Content translation is django-modeltranslation's: a translated field `title` has one column
per language (`title_en`, `title_ro`, ...) and reading `obj.title` gives the current
language's text, or English when it is empty. These helpers say when that happened, so
pages can tell the reader and mark the English text with lang="en".
"""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator

DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def current_language() -> str:
    return (get_language() or DEFAULT_LANGUAGE).split("-")[0]


def translated_fields(model) -> list[str]:
    """The model's translated field names, in declaration order ([] if none)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return [field.name for field in model._meta.fields if field.name in options.fields]


def fallback_fields(obj, language: str | None = None) -> list[str]:
    """Fields that have English text but none in `language`: the page shows English."""
    language = language or current_language()
    if language == DEFAULT_LANGUAGE:
        return []
    model = obj.__class__  # not type(obj): a SimpleLazyObject (the banner's alert) proxies it
    return [
        name
        for name in translated_fields(model)
        if getattr(obj, f"{name}_{DEFAULT_LANGUAGE}", "")
        and not getattr(obj, f"{name}_{language}", "")
    ]


def missing_translation_q(model, language: str) -> Q:
    """Rows with English text in some translated field and nothing in `language`."""
    query = Q(pk__in=[])
    for name in translated_fields(model):
        english, other = f"{name}_{DEFAULT_LANGUAGE}", f"{name}_{language}"
        has_english = Q(**{f"{english}__isnull": False}) & ~Q(**{english: ""})
        query |= has_english & (Q(**{f"{other}__isnull": True}) | Q(**{other: ""}))
    return query
