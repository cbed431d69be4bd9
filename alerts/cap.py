"""Build OASIS Common Alerting Protocol (CAP) 1.2 documents from plain values.

No Django here: the view turns a ScamAlert into a `CapAlert` and this module writes
the XML, in the element order the CAP 1.2 schema requires.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_CONTENT_TYPE = "application/cap+xml"

MSG_TYPES = ("Alert", "Update", "Cancel")
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
RESPONSE_TYPES = (
    "Shelter",
    "Evacuate",
    "Prepare",
    "Execute",
    "Avoid",
    "Monitor",
    "Assess",
    "AllClear",
    "None",
)

# CAP 1.2 section 3.2.1: identifiers and senders "MUST NOT include spaces, commas or
# restricted characters (< and &)".
_FORBIDDEN_IN_ID = re.compile(r"[\s,<&]")


@dataclass(frozen=True)
class CapReference:
    """An earlier message this one updates or cancels."""

    sender: str
    identifier: str
    sent: dt.datetime

    def as_text(self) -> str:
        return f"{self.sender},{self.identifier},{cap_datetime(self.sent)}"


@dataclass(frozen=True)
class CapInfo:
    """One `<info>` block: the alert in one language."""

    event: str
    headline: str
    description: str
    severity: str
    language: str = "en"
    urgency: str = "Expected"
    certainty: str = "Observed"
    category: str = "Security"
    response_types: Sequence[str] = ("Avoid",)
    effective: dt.datetime | None = None
    expires: dt.datetime | None = None
    sender_name: str = ""
    instruction: str = ""
    web: str = ""
    contact: str = ""
    parameters: Sequence[tuple[str, str]] = ()
    area_description: str = "Romania"
    # ISO 3166-1 alpha-2 geocode of the area, so machines need not parse the name.
    area_geocodes: Sequence[tuple[str, str]] = (("ISO3166-1", "RO"),)


@dataclass(frozen=True)
class CapAlert:
    identifier: str
    sender: str
    sent: dt.datetime
    infos: Sequence[CapInfo]
    msg_type: str = "Alert"
    status: str = "Actual"
    scope: str = "Public"
    note: str = ""
    references: Sequence[CapReference] = field(default_factory=tuple)


def cap_datetime(value: dt.datetime) -> str:
    """CAP's date-time form: seconds precision and an explicit offset ("+00:00",
    never "Z"), as the schema's pattern requires."""
    if value.tzinfo is None:
        raise ValueError("CAP times must be timezone-aware")
    text = value.replace(microsecond=0).isoformat()
    return text


def _check_choice(name: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def _check(alert: CapAlert) -> None:
    for name in ("identifier", "sender"):
        value = getattr(alert, name)
        if not value or _FORBIDDEN_IN_ID.search(value):
            raise ValueError(f"CAP {name} must be non-empty without spaces, commas, < or &")
    _check_choice("msgType", alert.msg_type, MSG_TYPES)
    if alert.msg_type in ("Update", "Cancel") and not alert.references:
        raise ValueError(f"a CAP {alert.msg_type} must reference the message it replaces")
    for info in alert.infos:
        _check_choice("urgency", info.urgency, URGENCIES)
        _check_choice("severity", info.severity, SEVERITIES)
        _check_choice("certainty", info.certainty, CERTAINTIES)
        for response_type in info.response_types:
            _check_choice("responseType", response_type, RESPONSE_TYPES)


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CAP_NAMESPACE}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _add_info(root: etree._Element, info: CapInfo) -> None:
    element = _sub(root, "info")
    _sub(element, "language", info.language)
    _sub(element, "category", info.category)
    _sub(element, "event", info.event)
    for response_type in info.response_types:
        _sub(element, "responseType", response_type)
    _sub(element, "urgency", info.urgency)
    _sub(element, "severity", info.severity)
    _sub(element, "certainty", info.certainty)
    if info.effective:
        _sub(element, "effective", cap_datetime(info.effective))
    if info.expires:
        _sub(element, "expires", cap_datetime(info.expires))
    optional_text = (
        ("senderName", info.sender_name),
        ("headline", info.headline),
        ("description", info.description),
        ("instruction", info.instruction),
        ("web", info.web),
        ("contact", info.contact),
    )
    for tag, text in optional_text:
        if text:
            _sub(element, tag, text)
    for name, value in info.parameters:
        parameter = _sub(element, "parameter")
        _sub(parameter, "valueName", name)
        _sub(parameter, "value", value)
    area = _sub(element, "area")
    _sub(area, "areaDesc", info.area_description)
    for name, value in info.area_geocodes:
        geocode = _sub(area, "geocode")
        _sub(geocode, "valueName", name)
        _sub(geocode, "value", value)


def build_cap_xml(alert: CapAlert) -> bytes:
    """The CAP 1.2 XML document for `alert`, UTF-8 with an XML declaration."""
    _check(alert)
    root = etree.Element(f"{{{CAP_NAMESPACE}}}alert", nsmap={None: CAP_NAMESPACE})
    _sub(root, "identifier", alert.identifier)
    _sub(root, "sender", alert.sender)
    _sub(root, "sent", cap_datetime(alert.sent))
    _sub(root, "status", alert.status)
    _sub(root, "msgType", alert.msg_type)
    _sub(root, "scope", alert.scope)
    if alert.note:
        _sub(root, "note", alert.note)
    if alert.references:
        _sub(root, "references", " ".join(ref.as_text() for ref in alert.references))
    for info in alert.infos:
        _add_info(root, info)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
