"""RSS and Atom parse and list current alerts; every alert's CAP document and the CAP
index validate against the OASIS CAP 1.2 schema."""

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from alerts.models import ScamAlert, VerificationLink
from iom_romania.publishing import Status

CAP_XSD = Path(__file__).resolve().parents[1] / "data" / "CAP-v1.2.xsd"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


@pytest.fixture(scope="module")
def cap_schema():
    return etree.XMLSchema(etree.parse(str(CAP_XSD)))


@pytest.fixture
def feed_alerts(make_alert):
    return {
        "current": make_alert(title="Fake visa office", severity="Severe"),
        "draft": make_alert(title="Draft visa office", status=Status.DRAFT),
        "archived": make_alert(title="Old visa office", status=Status.ARCHIVED),
    }


def test_rss_feed_parses_and_lists_current_alerts(client, feed_alerts):
    response = client.get("/en/alerts/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Fake visa office"]
    assert channel.find("item").findtext("link").endswith("/en/alerts/scam-warning-1/")


def test_atom_feed_parses_and_lists_current_alerts(client, feed_alerts):
    response = client.get("/en/alerts/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall("atom:entry", ATOM)
    assert [e.findtext("atom:title", namespaces=ATOM) for e in entries] == ["Fake visa office"]
    assert entries[0].findtext("atom:summary", namespaces=ATOM) == "Summary of warning 1."


def test_cap_index_feed_links_each_cap_document(client, feed_alerts, cap_schema):
    feed = ET.fromstring(client.get("/en/alerts/feed/cap/").content)
    links = [e.find("atom:link", ATOM).get("href") for e in feed.findall("atom:entry", ATOM)]
    assert links == ["http://testserver/en/alerts/scam-warning-1/cap.xml"]
    document = client.get(links[0].removeprefix("http://testserver"))
    assert document["Content-Type"] == "application/cap+xml"
    cap_schema.assertValid(etree.fromstring(document.content))


def test_cap_document_carries_the_alert(client, make_alert, cap_schema, settings):
    settings.CAP_SENDER = "portal.example.org"
    alert = make_alert(
        title="Fake IOM job offers",
        title_ro="Oferte false de locuri de muncă IOM",
        summary="Messages claim IOM hires for jobs abroad.",
        red_flags="Asks for a fee\nUses a free e-mail address",
        what_to_do="Do not pay.",
        severity="Extreme",
        unpublish_at=timezone.now() + dt.timedelta(days=30),
    )
    VerificationLink.objects.create(alert=alert, label="IOM", url="https://www.iom.int/")
    document = etree.fromstring(client.get(f"/en/alerts/{alert.slug}/cap.xml").content)
    cap_schema.assertValid(document)
    assert document.findtext("cap:sender", namespaces=CAP) == "portal.example.org"
    assert document.findtext("cap:msgType", namespaces=CAP) == "Alert"
    infos = document.findall("cap:info", CAP)
    assert [i.findtext("cap:language", namespaces=CAP) for i in infos] == ["en", "ro"]
    english, romanian = infos
    assert english.findtext("cap:headline", namespaces=CAP) == "Fake IOM job offers"
    assert romanian.findtext("cap:headline", namespaces=CAP) == (
        "Oferte false de locuri de muncă IOM"
    )
    assert english.findtext("cap:severity", namespaces=CAP) == "Extreme"
    assert english.findtext("cap:category", namespaces=CAP) == "Security"
    assert english.findtext("cap:expires", namespaces=CAP)
    assert "- Asks for a fee" in english.findtext("cap:description", namespaces=CAP)
    assert "https://www.iom.int/" in english.findtext("cap:instruction", namespaces=CAP)
    assert english.findtext("cap:area/cap:areaDesc", namespaces=CAP) == "Romania"
    assert english.findtext("cap:web", namespaces=CAP).endswith(f"/en/alerts/{alert.slug}/")


def test_edited_and_archived_alerts_are_updates_and_cancels(client, make_alert, cap_schema):
    published = timezone.now() - dt.timedelta(days=2)
    alert = make_alert(publish_at=published)
    ScamAlert.objects.filter(pk=alert.pk).update(created_at=published)
    alert.refresh_from_db()
    alert.summary = "Corrected summary."
    alert.save()  # updated_at is now: later than the first publication
    document = etree.fromstring(client.get(f"/en/alerts/{alert.slug}/cap.xml").content)
    cap_schema.assertValid(document)
    assert document.findtext("cap:msgType", namespaces=CAP) == "Update"
    references = document.findtext("cap:references", namespaces=CAP)
    assert f"testserver:scam-alert:{alert.pk}," in references

    alert.status = Status.ARCHIVED
    alert.save()
    document = etree.fromstring(client.get(f"/en/alerts/{alert.slug}/cap.xml").content)
    cap_schema.assertValid(document)
    assert document.findtext("cap:msgType", namespaces=CAP) == "Cancel"


def test_no_cap_document_for_drafts(client, feed_alerts):
    assert client.get(f"/en/alerts/{feed_alerts['draft'].slug}/cap.xml").status_code == 404
