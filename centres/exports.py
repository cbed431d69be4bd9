"""Machine-readable views of the directory: schema.org JSON-LD, GeoJSON, vCard.

HSDS 3.0 (the /hsds/ API and /centres/hsds.json) is built in centres/hsds.py.

Plain functions from centres to dicts/strings; the views only serialise them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import Centre

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
IOM_NAME = "International Organization for Migration (IOM) Romania"
IOM_WEBSITE = "https://www.iom.int/"


def _address(centre: Centre) -> dict:
    address = {
        "@type": "PostalAddress",
        "addressLocality": centre.city,
        "addressCountry": centre.country,
    }
    if centre.address:
        address["streetAddress"] = centre.address
    if centre.county:
        address["addressRegion"] = centre.county
    if centre.postal_code:
        address["postalCode"] = centre.postal_code
    return address


def jsonld(centre: Centre, url: str) -> dict:
    """schema.org GovernmentOffice for a centre page; unknown facts are left out."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "@id": url,
        "url": url,
        "name": centre.name,
        "address": _address(centre),
        "parentOrganization": {"@type": "Organization", "name": IOM_NAME, "url": IOM_WEBSITE},
    }
    # Only the centre's own position: a city-centre point would be shown as its door.
    if centre.has_exact_location:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": centre.latitude,
            "longitude": centre.longitude,
        }
    phones = [p["number"] for p in centre.phone_list if p["kind"] != "fax"]
    if phones:
        data["telephone"] = phones[0] if len(phones) == 1 else phones
    faxes = [p["number"] for p in centre.phone_list if p["kind"] == "fax"]
    if faxes:
        data["faxNumber"] = faxes[0]
    if centre.email:
        data["email"] = centre.email
    if centre.website:
        data["sameAs"] = centre.website
    if centre.languages:
        data["availableLanguage"] = [
            {"@type": "Language", "name": name, "alternateName": code}
            for code, name in zip(centre.languages, centre.language_names, strict=True)
        ]
    specs = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[row.weekday]}",
            "opens": row.opens.strftime("%H:%M"),
            "closes": row.closes.strftime("%H:%M"),
        }
        for row in centre.weekly_hours_data
    ]
    for exc in centre.hours_exceptions_data:
        day = exc.date.isoformat()
        opens = "00:00" if exc.closed else exc.opens.strftime("%H:%M")
        closes = "00:00" if exc.closed else exc.closes.strftime("%H:%M")
        specs.append(
            {
                "@type": "OpeningHoursSpecification",
                "validFrom": day,
                "validThrough": day,
                "opens": opens,
                "closes": closes,
            }
        )
    if specs:
        data["openingHoursSpecification"] = specs
    return data


def approximate_location(centre: Centre) -> str:
    """ "city centre of X, exact address not yet published", in the active language."""
    return render_to_string("centres/includes/approximate_location.html", {"centre": centre})


def notices(centre: Centre) -> list[dict]:
    """The centre's notices running now or soon (prefetched `notices`)."""
    return [
        {
            "kind": notice.kind,
            "text": notice.text,
            "starts_on": notice.starts_on.isoformat(),
            "ends_on": notice.ends_on.isoformat() if notice.ends_on else None,
            "closes_centre": notice.closes_centre,
        }
        for notice in centre.current_notices()
    ]


def geojson(centres: Iterable[Centre], url_for) -> dict:
    """RFC 7946 FeatureCollection; coordinates are [longitude, latitude].

    GeoJSON has no member for a point's precision: `location_precision` says whether the
    point is the centre's own ("exact", set by staff) or its city's centre ("city").
    Unknown facts are null, never a default that reads as a fact.
    """
    features = []
    for centre in centres:
        features.append(
            {
                "type": "Feature",
                "id": centre.slug,
                "geometry": {"type": "Point", "coordinates": [centre.longitude, centre.latitude]},
                "properties": {
                    "name": centre.name,
                    "url": url_for(centre),
                    "city": centre.city,
                    "county": centre.county,
                    "address": centre.address,
                    "location_precision": "exact" if centre.has_exact_location else "city",
                    "exact_location_set_at": (
                        centre.exact_location_set_at.isoformat()
                        if centre.has_exact_location
                        else None
                    ),
                    "operating_status": centre.operating_status or None,
                    "free_of_charge": centre.free_of_charge,
                    "information_checked_on": (
                        centre.information_checked_on.isoformat()
                        if centre.information_checked_on
                        else None
                    ),
                    "notices": notices(centre),
                    "phones": [p["number"] for p in centre.phone_list],
                    "email": centre.email,
                    "languages": centre.languages,
                    "services": [s.slug for s in centre.services.all()],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _vcard_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def vcard(centre: Centre, url: str) -> str:
    """vCard 4.0 (RFC 6350) for saving a centre in the phone's contacts."""
    e = _vcard_escape
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:org",
        f"FN:{e(centre.name)}",
        f"ORG:{e(IOM_NAME)}",
        f"ADR;TYPE=work:;;{e(centre.address)};{e(centre.city)};{e(centre.county)};"
        f"{e(centre.postal_code)};Romania",
    ]
    if centre.has_exact_location:
        lines.append(f"GEO:geo:{centre.latitude},{centre.longitude}")
    else:
        # A city-centre point in GEO would be taken for the door: say where it is instead.
        note = _("Location: %(where)s.") % {"where": approximate_location(centre)}
        lines.append(f"NOTE:{e(note)}")
    tel_types = {"voice": "voice", "cell": "cell", "fax": "fax", "textphone": "textphone"}
    for phone in centre.phone_list:
        kind = tel_types.get(phone["kind"], "voice")
        lines.append(f"TEL;VALUE=uri;TYPE=work,{kind}:tel:{phone['number']}")
    if centre.email:
        lines.append(f"EMAIL;TYPE=work:{centre.email}")
    for code in centre.languages:
        lines.append(f"LANG:{code}")
    lines.append(f"URL:{url}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
