"""Which content is translated, and what falls back to English.

Content translation is django-modeltranslation's: a translated field `title` has one column
per language (`title_en`, `title_ro`, ...) and reading `obj.title` gives the current
language's text, or English when it is empty. These helpers say when that happened, so
pages can tell the reader and mark the English text with lang="en".
"""

import functools

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse, translate_url
from django.utils.translation import get_language, get_language_from_path
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


def untranslatable_fields(model) -> list[str]:
    """The form fields a translator may not change: the English, and everything that is
    not a translation (for the admin's read-only fields)."""
    translated = translated_fields(model)
    translations = {
        f"{name}_{code}"
        for name in translated
        for code, _name in settings.LANGUAGES
        if code != DEFAULT_LANGUAGE
    }
    return [
        field.name
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.editable
        and not field.primary_key
        and field.name not in translated  # the admin shows only its per-language columns
        and field.name not in translations
    ]


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


def page_in_each_language(request: HttpRequest) -> dict[str, str]:
    """This page's path (no query string) in every language, worked out once per request.

    Addresses are the same in every language but for their prefix (/en/, /ro/, ...), so a
    page found under one prefix is swapping it; that is what a page renders 17 times (the
    hreflang links and the language switcher), and resolving each would cost more than the
    rest of the page. Anything else (a 404 outside the patterns) goes through translate_url.
    """
    found = getattr(request, "_page_in_each_language", None)
    if found is not None:
        return found
    path_info = request.path_info
    script_prefix = request.path[: len(request.path) - len(path_info)]
    language = get_language_from_path(path_info)
    if language and request.resolver_match is not None:
        rest = path_info[len(language) + 1 :]
        found = {code: f"{script_prefix}/{code}{rest}" for code, _name in settings.LANGUAGES}
    else:
        found = {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    request._page_in_each_language = found
    return found


def cached_reverse(viewname: str, *args) -> str:
    """reverse(), remembered per language: lists call it for every item on every page."""
    return _reverse(get_language(), get_script_prefix(), viewname, args)


@functools.lru_cache(maxsize=8192)
def _reverse(language, script_prefix, viewname, args):
    # The language and script prefix are part of the key: reverse() reads both.
    return reverse(viewname, args=args)
