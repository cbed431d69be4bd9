import html
from urllib.parse import quote, quote_plus

from django import template
from django.template.base import NodeList
from django.template.loader_tags import BlockNode
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.html import strip_tags
from django.utils.translation import get_language_info

from iom_romania import page_cache
from iom_romania.i18n import current_language, page_in_each_language
from iom_romania.markdown import render_markdown
from iom_romania.qr import MAX_DATA_LENGTH, qr_svg_markup

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    request = context["request"]
    return request.build_absolute_uri(path if path is not None else request.path)


@register.inclusion_tag("includes/share_links.html", takes_context=True)
def share_links(context, title, message=""):
    """Plain share links: no third-party script loads until the reader clicks one.

    `message` is the text a "send to a phone" link fills in (SMS, WhatsApp, Telegram,
    Viber), already in the page's language; the page's address follows it."""
    url = absolute_url(context)
    u, t = quote(url, safe=""), quote(title, safe="")
    text = quote(f"{message or title}\n{url}", safe="")
    message_only = quote(message or title, safe="")
    return {
        "share_url": url,
        "phone_links": [
            ("SMS", f"sms:?&body={text}"),
            ("WhatsApp", f"https://wa.me/?text={text}"),
            ("Telegram", f"https://t.me/share/url?url={u}&text={message_only}"),
            ("Viber", f"viber://forward?text={text}"),
        ],
        "links": [
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
            ("X", f"https://x.com/intent/post?url={u}&text={t}"),
            ("E-mail", f"mailto:?subject={t}&body={u}"),
        ],
    }


@register.simple_tag(takes_context=True)
def page_address(context) -> str:
    """This page's absolute address with the query parameters the page reads (a lookup's
    ?q=...) and no others (utm_..., junk): what a printed page shows and its QR code holds.
    Other parameters change nothing on the page; they would only make the code denser."""
    request = context["request"]
    params = request.GET.copy()
    for name in set(params) - page_cache.query_params_read(request):
        del params[name]
    query = params.urlencode()
    return request.build_absolute_uri(f"{request.path}?{query}" if query else request.path)


@register.inclusion_tag("includes/qr_code.svg", takes_context=True)
def qr_code(context, url=None, label=""):
    """An inline QR code (SVG) for `url`, by default this page's address (page_address)."""
    request = context["request"]
    if url is None:
        url = page_address(context)
        if len(url) > MAX_DATA_LENGTH:
            url = request.build_absolute_uri(request.path)
    if len(url) > MAX_DATA_LENGTH:
        return {"size": 0}  # no code rather than one nobody can scan
    size, path = qr_svg_markup(url)
    return {"size": size, "path": path, "label": label, "url": url, "standalone": False}


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The language switcher's items (includes/language_links.html): each language in its
    own name, with the address that shows this page in it.

    A link goes through the switch_language view, which remembers the choice in the language
    cookie (so `/` opens in it next time) and redirects to this page in that language. Plain
    links: the switcher works without JavaScript.
    """
    request = context["request"]
    current = current_language()
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    links = []
    for code, path in page_in_each_language(request).items():
        info = get_language_info(code)
        next_url = quote_plus(f"{path}?{query}" if query else path)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "current": code == current,
                "url": f"{reverse('switch_language', args=[code])}?next={next_url}",
            }
        )
    return links


@register.filter
def html_datetime(value):
    """A machine-readable date for <time datetime>: HTML allows at most milliseconds."""
    if hasattr(value, "hour"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat() if value else ""


@register.simple_tag
def office_contact():
    """The office's contact details (OfficeContact), for includes/office_contact_line.html."""
    from iom_romania.models import OfficeContact

    return OfficeContact.get_solo()


@register.simple_tag(takes_context=True)
def block_text(context, name):
    """The block `name` as this page fills it in, rendered once more as plain text.

    Lets base.html repeat a page's title and description in its Open Graph tags, so each
    page sets them once (its `title` and `meta_description` blocks). A BlockNode rendered
    in place of the block renders the page's own version of it, `{{ block.super }}` included.
    """
    text = BlockNode(name, NodeList()).render(context)
    # Plain text, whitespace collapsed; unescaped here because autoescaping escapes it again.
    return html.unescape(" ".join(strip_tags(text).split()))


# Open Graph locales (language_TERRITORY): where each site language is mainly spoken.
OG_LOCALES = {
    "en": "en_GB",
    "ro": "ro_RO",
    "uk": "uk_UA",
    "ru": "ru_RU",
    "ar": "ar_AR",
    "fa": "fa_IR",
    "tr": "tr_TR",
    "ne": "ne_NP",
}


@register.simple_tag
def og_locale():
    language = current_language()
    return OG_LOCALES.get(language, language)
