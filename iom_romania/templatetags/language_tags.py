"""Language machinery for templates: alternates, fallback notice, lang of fallback text."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from iom_romania.i18n import (
    DEFAULT_LANGUAGE,
    current_language,
    fallback_fields,
    page_in_each_language,
    translated_fields,
)
from iom_romania.translation_status import State, item_states

register = template.Library()


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """<link rel="alternate" hreflang> for each language version of this page, and x-default.

    x-default is the address without a language prefix: it redirects by Accept-Language.
    """
    request = context.get("request")
    if request is None:
        return ""
    paths = page_in_each_language(request)
    origin = request.build_absolute_uri("/")[:-1]  # once: it validates the Host header
    links = [
        format_html('<link rel="alternate" hreflang="{}" href="{}{}">', code, origin, path)
        for code, path in paths.items()
    ]
    default_path = paths[DEFAULT_LANGUAGE]
    prefix = f"/{DEFAULT_LANGUAGE}/"
    if default_path.startswith(prefix):
        x_default = origin + "/" + default_path[len(prefix) :]
        link = '<link rel="alternate" hreflang="x-default" href="{}">'
        links.append(format_html(link, x_default))
    return mark_safe("\n".join(links))  # noqa: S308 - each link built with format_html


@register.simple_tag
def fallback_lang(obj, field_name):
    """' lang="en" dir="ltr"' when this field shows English because it is not translated."""
    if obj is not None and field_name in fallback_fields(obj):
        return mark_safe(f' lang="{DEFAULT_LANGUAGE}" dir="ltr"')  # noqa: S308 - constant
    return ""


@register.simple_tag(takes_context=True)
def translation_notice(context):
    """In the reader's language: which parts of this page are shown in English, and whether
    its translation is outdated or not yet checked by the office.

    The page's content is `translation_source` if the view names one, else the DetailView's
    `object`; pages with neither show no notice.
    """
    obj = context.get("translation_source") or context.get("object")
    language = current_language()
    if obj is None or not hasattr(obj, "_meta") or language == DEFAULT_LANGUAGE:
        return ""
    in_english = fallback_fields(obj, language)
    translated = [
        name for name in translated_fields(type(obj)) if getattr(obj, f"{name}_{language}", "")
    ]
    if not in_english and not translated:
        return ""
    # The review states are read only when something is translated (one query).
    states = item_states(obj, [language])[language].values() if translated else []
    request = context.get("request")
    return render_to_string(
        "includes/translation_notice.html",
        {
            "all_in_english": not translated,
            "in_english": [obj._meta.get_field(name).verbose_name for name in in_english],
            "outdated": State.OUTDATED in states,
            "not_reviewed": State.NOT_REVIEWED in states,
            "english_url": page_in_each_language(request)[DEFAULT_LANGUAGE] if request else "",
            "language_name": get_language_info(language)["name_translated"],
            "default_name": get_language_info(DEFAULT_LANGUAGE)["name_translated"],
        },
    )
