import json

import phonenumbers
from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from centres import geo
from centres.hours import TZ, State
from centres.models import OperatingStatus

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
def open_status(centre):
    status = centre.current_status
    context = {
        "state": status.state.value,
        "operating_status": centre.operating_status,
        "temporarily_closed": centre.operating_status == OperatingStatus.TEMPORARILY_CLOSED,
        "closed_for_good": centre.operating_status == OperatingStatus.CLOSED,
        "closed_today": status.closed_today,
        "opens_today": status.state == State.CLOSED and status.opens_today,
        "closed_by": status.closed_by.value,
    }
    if status.closes_at:
        context["closes"] = status.closes_at.astimezone(TZ).strftime("%H:%M")
    if status.opens_at:
        opens = status.opens_at.astimezone(TZ)
        context["opens"] = opens.strftime("%H:%M")
        context["opens_day"] = date_format(opens, "l")
        context["opens_date"] = date_format(opens, "j F")
    return context
