import functools
from urllib.parse import quote, quote_plus

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from iom_romania.i18n import current_language, page_in_each_language
from iom_romania.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    request = context["request"]
    return request.build_absolute_uri(path if path is not None else request.path)


@register.inclusion_tag("includes/share_links.html", takes_context=True)
def share_links(context, title):
    """Plain share links: no third-party script loads until the reader clicks one."""
    url = absolute_url(context)
    u, t = quote(url, safe=""), quote(title, safe="")
    return {
        "share_url": url,
        "links": [
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
            ("X", f"https://x.com/intent/post?url={u}&text={t}"),
            ("WhatsApp", f"https://wa.me/?text={t}%20{u}"),
            ("Telegram", f"https://t.me/share/url?url={u}&text={t}"),
            ("E-mail", f"mailto:?subject={t}&body={u}"),
        ],
    }


@register.simple_tag(takes_context=True)
def language_links(context):
    """The language switcher's items: each language in its own name, linking to this page.

    A link goes through the switch_language view, which remembers the choice in the language
    cookie (so `/` opens in it next time) and redirects to this page in that language. Plain
    links: the switcher works without JavaScript. Built here rather than in a template loop:
    every page has it, and this is a tenth of the cost.
    """
    request = context["request"]
    current = current_language()
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    items = []
    for code, path in page_in_each_language(request).items():
        start, end = _language_link_parts(get_script_prefix(), code, code == current)
        next_url = quote_plus(f"{path}?{query}" if query else path)  # needs no HTML escaping
        items.append(f"{start}{next_url}{end}")
    return mark_safe("\n".join(items))  # noqa: S308 - parts escaped in _language_link_parts


@functools.cache
def _language_link_parts(script_prefix, code, is_current):
    """A switcher item around its `next` address: the same on every page, so built once
    (per script prefix too: reverse() reads it)."""
    info = get_language_info(code)
    start = format_html('<li><a href="{}?next=', reverse("switch_language", args=[code]))
    end = format_html(
        '" lang="{}" hreflang="{}" dir="{}"{}>{}</a></li>',
        code,
        code,
        "rtl" if info["bidi"] else "ltr",
        mark_safe(' aria-current="true"') if is_current else "",  # noqa: S308 - constant
        info["name_local"],
    )
    return start, end


@register.filter
def html_datetime(value):
    """A machine-readable date for <time datetime>: HTML allows at most milliseconds."""
    if hasattr(value, "hour"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat() if value else ""
