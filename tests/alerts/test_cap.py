"""CAP 1.2 documents built by alerts.cap validate against the OASIS schema."""

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from alerts.cap import (
    CAP_NAMESPACE,
    CapAlert,
    CapInfo,
    CapReference,
    build_cap_xml,
    cap_datetime,
)

pytestmark = pytest.mark.smoke

CAP_XSD = Path(__file__).resolve().parents[1] / "data" / "CAP-v1.2.xsd"
NS = {"cap": CAP_NAMESPACE}
SENT = dt.datetime(2026, 11, 29, 9, 30, 15, 123456, tzinfo=dt.UTC)
BUCHAREST = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture(scope="module")
def cap_schema():
    return etree.XMLSchema(etree.parse(str(CAP_XSD)))


def make_info(**overrides):
    values = {
        "event": "Migration assistance scam",
        "headline": "Beware of fraudulent offers of migration assistance",
        "description": "Fake job offers abroad <ask> for fees & documents.",
        "severity": "Severe",
        "instruction": "Do not pay. Check the offer on the IOM Romania portal.",
        "web": "https://example.org/en/alerts/fake-job-offers/",
        "contact": "IOM Romania",
        "expires": dt.datetime(2027, 1, 1, 12, 0, tzinfo=BUCHAREST),
        "effective": SENT,
        "sender_name": "IOM Romania",
        "parameters": (("scamType", "job offer"),),
    }
    values.update(overrides)
    return CapInfo(**values)


def make_alert(**overrides):
    values = {
        "identifier": "portal.example.org:scam-alert:1:1",
        "sender": "portal.example.org",
        "sent": SENT,
        "infos": (make_info(),),
    }
    values.update(overrides)
    return CapAlert(**values)


def parse(xml: bytes):
    return etree.fromstring(xml)


def test_alert_validates_against_cap_schema(cap_schema):
    document = parse(build_cap_xml(make_alert()))
    cap_schema.assertValid(document)
    assert document.findtext("cap:status", namespaces=NS) == "Actual"
    assert document.findtext("cap:msgType", namespaces=NS) == "Alert"
    assert document.findtext("cap:scope", namespaces=NS) == "Public"
    assert document.findtext("cap:sent", namespaces=NS) == "2026-11-29T09:30:15+00:00"
    info = document.find("cap:info", namespaces=NS)
    assert info.findtext("cap:category", namespaces=NS) == "Security"
    assert info.findtext("cap:severity", namespaces=NS) == "Severe"
    assert info.findtext("cap:expires", namespaces=NS) == "2027-01-01T12:00:00+02:00"
    assert info.findtext("cap:area/cap:areaDesc", namespaces=NS) == "Romania"
    # Markup-like text is escaped, not interpreted.
    assert info.findtext("cap:description", namespaces=NS).startswith(
        "Fake job offers abroad <ask>"
    )


@pytest.mark.parametrize("msg_type", ["Update", "Cancel"])
def test_update_and_cancel_reference_the_earlier_message(cap_schema, msg_type):
    earlier = CapReference("portal.example.org", "portal.example.org:scam-alert:1:1", SENT)
    document = parse(
        build_cap_xml(
            make_alert(
                identifier="portal.example.org:scam-alert:1:2",
                msg_type=msg_type,
                references=(earlier,),
            )
        )
    )
    cap_schema.assertValid(document)
    assert document.findtext("cap:references", namespaces=NS) == (
        "portal.example.org,portal.example.org:scam-alert:1:1,2026-11-29T09:30:15+00:00"
    )


def test_one_info_block_per_language_and_minimal_info_validate(cap_schema):
    minimal = CapInfo(
        event="Scam",
        headline="",
        description="",
        severity="Minor",
        language="ro",
        response_types=(),
    )
    document = parse(build_cap_xml(make_alert(infos=(make_info(), minimal))))
    cap_schema.assertValid(document)
    assert [e.text for e in document.findall("cap:info/cap:language", namespaces=NS)] == [
        "en",
        "ro",
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        {"identifier": "has space"},
        {"identifier": "has,comma"},
        {"sender": ""},
        {"msg_type": "Ack"},
        {"msg_type": "Update"},  # without references
        {"infos": (make_info(severity="Catastrophic"),)},
        {"sent": dt.datetime(2026, 1, 1)},  # naive
    ],
)
def test_invalid_values_are_refused(overrides):
    with pytest.raises(ValueError):
        build_cap_xml(make_alert(**overrides))


def test_cap_datetime_has_seconds_and_offset():
    assert cap_datetime(SENT) == "2026-11-29T09:30:15+00:00"
