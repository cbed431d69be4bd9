"""Issue 14 for the warnings: the seed's warning claims only what the seed says, and feeds and
CAP date a warning by when a Publisher published it on this portal."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from lxml import etree

from alerts.models import ScamAlert
from iom_romania.publishing import Status
from iom_romania.roles import PUBLISHER

CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
CAP_XSD = Path(__file__).resolve().parents[1] / "data" / "CAP-v1.2.xsd"
SEED_WARNING = "/en/alerts/internet-scams/"


@pytest.fixture(scope="module")
def cap_schema():
    return etree.XMLSchema(etree.parse(str(CAP_XSD)))


@pytest.fixture
def publisher(django_user_model):
    user = django_user_model.objects.create_user("publisher", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHER))
    return user


def test_the_seed_warning_is_not_assessed(client, seeded, cap_schema):
    html = client.get(SEED_WARNING).content.decode()
    assert "Severity: Not assessed" in html
    assert "Severe" not in html and "Immediate" not in html and "Observed" not in html
    assert "Not recorded: this warning comes from the office's earlier page." in html
    document = etree.fromstring(client.get(f"{SEED_WARNING}cap.xml").content)
    cap_schema.assertValid(document)
    info = document.find("cap:info", CAP)
    assert info.findtext("cap:severity", namespaces=CAP) == "Unknown"
    assert info.findtext("cap:urgency", namespaces=CAP) == "Unknown"
    assert info.findtext("cap:certainty", namespaces=CAP) == "Unknown"
    # CAP requires `sent`: the load time, and the note says that is what it is.
    assert "not yet published by staff" in document.findtext("cap:note", namespaces=CAP)


def test_feeds_give_no_publication_date_staff_never_set(client, seeded):
    atom = etree.fromstring(client.get("/en/alerts/feed/atom/").content)
    (entry,) = atom.findall("atom:entry", ATOM)
    assert entry.find("atom:published", ATOM) is None
    assert entry.find("atom:updated", ATOM) is not None  # required by Atom
    rss = etree.fromstring(client.get("/en/alerts/feed/rss/").content)
    assert rss.find("channel/item/pubDate") is None


def test_a_publisher_publishing_dates_the_feeds_and_cap(client, publisher, seeded, cap_schema):
    warning = ScamAlert.objects.get(slug="internet-scams")
    ScamAlert.objects.filter(pk=warning.pk).update(status=Status.DRAFT)
    moment = dt.datetime(2026, 12, 5, 9, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        client.force_login(publisher)  # inside: sessions expire after two idle hours
        response = client.post(
            "/admin/alerts/scamalert/",
            {"action": "publish_selected", "_selected_action": [warning.pk]},
        )
        assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.portal_published_at == moment
    client.logout()
    with time_machine.travel(moment + dt.timedelta(minutes=5), tick=False):
        html = client.get(SEED_WARNING).content.decode()
        assert "Not recorded" not in html
        assert 'datetime="2026-12-05' in html
        atom = etree.fromstring(client.get("/en/alerts/feed/atom/").content)
        published = atom.findtext("atom:entry/atom:published", namespaces=ATOM)
        assert published.startswith("2026-12-05T")
        document = etree.fromstring(client.get(f"{SEED_WARNING}cap.xml").content)
    cap_schema.assertValid(document)
    assert document.findtext("cap:sent", namespaces=CAP) == "2026-12-05T09:30:00+00:00"
    assert document.find("cap:note", CAP) is None


def test_staff_set_severity_urgency_and_certainty(client, seeded, cap_schema):
    ScamAlert.objects.filter(slug="internet-scams").update(
        severity="Severe", urgency="Expected", certainty="Likely"
    )
    html = client.get(SEED_WARNING).content.decode()
    assert "Severity: Severe" in html and "Expected" in html and "Likely" in html
    document = etree.fromstring(client.get(f"{SEED_WARNING}cap.xml").content)
    cap_schema.assertValid(document)
    info = document.find("cap:info", CAP)
    assert info.findtext("cap:urgency", namespaces=CAP) == "Expected"
    assert info.findtext("cap:certainty", namespaces=CAP) == "Likely"
