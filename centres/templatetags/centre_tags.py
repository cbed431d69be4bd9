import decimal
import html
import json
from dataclasses import dataclass

import phonenumbers
from django import template
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from centres import geo
from centres.hours import TZ, State
from centres.models import OperatingStatus
from iom_romania.content_cache import cached_content

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the script element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def jsonld(data):
    """<script type="application/ld+json">: data for search engines, never executed (CSP)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def phone_display(number):
    """E.164 '+40268123456' -> '+40 268 123 456' for reading; the tel: link keeps E.164."""
    try:
        parsed = phonenumbers.parse(number, "RO")
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.simple_tag
def geo_link(centre):
    return geo.geo_uri(geo.Point(centre.latitude, centre.longitude), centre.name)


@register.simple_tag
def directions_link(centre):
    """OpenStreetMap directions; from the searched place when the view set one."""
    url = getattr(centre, "directions_url", None)
    return url or geo.osm_directions_url(geo.Point(centre.latitude, centre.longitude))


@register.inclusion_tag("centres/includes/open_status.html")
def open_status(centre, status=None):
    status = status or centre.current_status
    context = {
        "state": status.state.value,
        "operating_status": centre.operating_status,
        "temporarily_closed": centre.operating_status == OperatingStatus.TEMPORARILY_CLOSED,
        "closed_for_good": centre.operating_status == OperatingStatus.CLOSED,
        "closed_today": status.closed_today,
        "opens_today": status.state == State.CLOSED and status.opens_today,
    }
    if status.closes_at:
        context["closes"] = status.closes_at.astimezone(TZ).strftime("%H:%M")
    if status.opens_at:
        opens = status.opens_at.astimezone(TZ)
        context["opens"] = opens.strftime("%H:%M")
        context["opens_day"] = date_format(opens, "l")
        context["opens_date"] = date_format(opens, "j F")
    return context


@dataclass(frozen=True)
class CardParts:
    top: str  # the rest of the card's <li> tag, and its heading
    middle: str  # address, open-now status, phones and messaging links
    bottom: str  # the link to a map app


def card_parts(centre) -> CardParts:
    """The parts of a centre's card that depend only on the centre and whether it is open
    now: rendered once per content generation and language (iom_romania.content_cache) and
    shared by the list, every lookup and every filter. One cache look-up for the three."""
    status = centre.current_status

    def render():
        context = {"centre": centre, "status": status}
        return CardParts(
            *(
                render_to_string(f"centres/includes/centre_card_{part}.html", context)
                for part in ("top", "middle", "bottom")
            )
        )

    return cached_content(f"centre_card_parts:{centre.pk}:{status}", render)


@register.simple_tag
def centre_card(centre, nearest=False):
    """A centre's card: its cached parts (card_parts) around the lines that are this page's
    own: "Nearest centre", the distance and the directions from the searched place.

    Put together here rather than in an included template: a lookup shows 15 cards, and the
    template engine's work on each was a fifth of the page's time."""
    parts = card_parts(centre)  # rendered templates
    nearest_class = badge = distance = ""
    if nearest:
        nearest_class = " centre-nearest"
        label = html.escape(gettext("Nearest centre"))
        badge = f'<p class="nearest-badge"><strong>{label}</strong></p>'
    if centre.distance_km is not None:
        distance = f'<p class="distance">{html.escape(distance_away(centre.distance_km))}</p>'
    directions = html.escape(directions_link(centre))
    directions_label = html.escape(gettext("Directions (OpenStreetMap)"))
    return mark_safe(  # noqa: S308 - the parts are rendered templates, the rest is escaped
        f'<li class="centre-card{nearest_class}"{parts.top}  {badge}\n  {distance}\n'
        f'  {parts.middle}    <li><a href="{directions}" rel="noopener">'
        f"{directions_label}</a></li>\n    {parts.bottom}  </ul>\n</li>\n"
    )


@register.simple_tag
def ranked_centre_cards(centres):
    """A lookup's results, the nearest first marked so: one tag for all the cards, the loop
    in Python (a template loop with a tag per card cost as much again as the cards)."""
    cards = (centre_card(centre, nearest=rank == 0) for rank, centre in enumerate(centres))
    return mark_safe("".join(cards))  # noqa: S308 - each card is safe (centre_card)


def distance_away(distance_km: float) -> str:
    """ "12 km away (straight line)": the number as floatformat:0 gives it (rounded half up,
    no thousands separator: USE_THOUSAND_SEPARATOR is off), at a tenth of its cost."""
    km = decimal.Decimal(repr(distance_km)).quantize(decimal.Decimal(1), decimal.ROUND_HALF_UP)
    return gettext("%(km)s km away (straight line)") % {"km": km}
