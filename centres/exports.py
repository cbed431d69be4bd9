"""Machine-readable views of the directory: schema.org JSON-LD, GeoJSON, HSDS 3.0, vCard.

Plain functions from centres to dicts/strings; the views only serialise them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Centre, ServiceType

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HSDS_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
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
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": centre.latitude,
            "longitude": centre.longitude,
        },
        "parentOrganization": {"@type": "Organization", "name": IOM_NAME, "url": IOM_WEBSITE},
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


def geojson(centres: Iterable[Centre], url_for) -> dict:
    """RFC 7946 FeatureCollection; coordinates are [longitude, latitude]."""
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
                    "operating_status": centre.operating_status,
                    "phones": [p["number"] for p in centre.phone_list],
                    "email": centre.email,
                    "languages": centre.languages,
                    "services": [s.slug for s in centre.services.all()],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _hsds_schedules(centre: Centre) -> list[dict]:
    schedules = [
        {
            "id": f"{centre.slug}-weekly-{i}",
            "location_id": centre.slug,
            "freq": "WEEKLY",
            "byday": HSDS_DAYS[row.weekday],
            "opens_at": row.opens.strftime("%H:%M"),
            "closes_at": row.closes.strftime("%H:%M"),
            "description": "Local time in Romania (Europe/Bucharest)",
        }
        for i, row in enumerate(centre.weekly_hours_data)
    ]
    for i, exc in enumerate(centre.hours_exceptions_data):
        schedule = {
            "id": f"{centre.slug}-exception-{i}",
            "location_id": centre.slug,
            "valid_from": exc.date.isoformat(),
            "valid_to": exc.date.isoformat(),
            "description": "closed" if exc.closed else "special opening hours",
        }
        if not exc.closed:
            schedule["opens_at"] = exc.opens.strftime("%H:%M")
            schedule["closes_at"] = exc.closes.strftime("%H:%M")
        schedules.append(schedule)
    return schedules


def hsds(centres: Iterable[Centre], services: Iterable[ServiceType], url_for) -> dict:
    """The directory shaped like Open Referral HSDS 3.0 (organization, services, locations,
    service_at_location, with phones, schedules, languages and addresses nested)."""
    org_id = "iom-romania"
    service_list = [
        {
            "id": service.slug,
            "organization_id": org_id,
            "name": service.name,
            "description": service.description,
            "status": "active",
        }
        for service in services
    ]
    locations, links = [], []
    for centre in centres:
        location = {
            "id": centre.slug,
            "location_type": "physical",
            "url": url_for(centre),
            "organization_id": org_id,
            "name": centre.name,
            "description": centre.description,
            "transportation": centre.how_to_get_there,
            "latitude": centre.latitude,
            "longitude": centre.longitude,
            "external_identifiers": (
                [{"identifier": str(centre.siruta_code), "identifier_type": "SIRUTA"}]
                if centre.siruta_code
                else []
            ),
            "languages": [
                {
                    "id": f"{centre.slug}-{code}",
                    "location_id": centre.slug,
                    "code": code,
                    "name": name,
                }
                for code, name in zip(centre.languages, centre.language_names, strict=True)
            ],  # fmt: skip
            "addresses": [
                {
                    "id": f"{centre.slug}-address",
                    "location_id": centre.slug,
                    "address_1": centre.address,
                    "city": centre.city,
                    "region": centre.county,
                    "state_province": centre.county,
                    "postal_code": centre.postal_code,
                    "country": centre.country,
                    "address_type": "physical",
                }
            ],
            "phones": [
                {
                    "id": f"{centre.slug}-phone-{i}",
                    "location_id": centre.slug,
                    "number": p["number"],
                    "type": p["kind"],
                    "description": p["label"],
                }
                for i, p in enumerate(centre.phone_list)
            ],  # fmt: skip
            "schedules": _hsds_schedules(centre),
            "accessibility": (
                [
                    {
                        "id": f"{centre.slug}-accessibility",
                        "location_id": centre.slug,
                        "description": centre.accessibility_notes,
                    }
                ]
                if centre.accessibility_notes
                else []
            ),  # fmt: skip
        }
        locations.append(location)
        for service in centre.services.all():
            links.append(
                {
                    "id": f"{service.slug}@{centre.slug}",
                    "service_id": service.slug,
                    "location_id": centre.slug,
                }
            )
    return {
        "organization": {
            "id": org_id,
            "name": IOM_NAME,
            "description": "Migrant information centres run with local partner organisations.",
            "website": IOM_WEBSITE,
        },
        "services": service_list,
        "locations": locations,
        "service_at_location": links,
    }


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
        f"GEO:geo:{centre.latitude},{centre.longitude}",
    ]
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
