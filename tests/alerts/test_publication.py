"""Publication rules: only published, started, unexpired alerts are public; archived
ones stay reachable by URL with a notice; the banner picks the most severe."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts.models import ScamAlert, Severity
from iom_romania.publishing import Status

NOW = timezone.now


@pytest.fixture
def alerts_in_every_state(make_alert):
    return {
        "current": make_alert(title="Current warning"),
        "no_dates": make_alert(title="Warning without dates", publish_at=None),
        "draft": make_alert(title="Draft warning", status=Status.DRAFT),
        "future": make_alert(title="Future warning", publish_at=NOW() + dt.timedelta(days=1)),
        "expired": make_alert(title="Expired warning", unpublish_at=NOW() - dt.timedelta(hours=1)),
        "archived": make_alert(title="Archived warning", status=Status.ARCHIVED),
        "expires_later": make_alert(
            title="Expiring warning", unpublish_at=NOW() + dt.timedelta(days=3)
        ),
    }


def test_published_queryset_applies_every_rule(alerts_in_every_state):
    public = set(ScamAlert.objects.published().values_list("title", flat=True))
    assert public == {"Current warning", "Warning without dates", "Expiring warning"}


@pytest.mark.parametrize(
    ("state", "status_code"),
    [
        ("current", 200),
        ("no_dates", 200),
        ("archived", 200),
        ("draft", 404),
        ("future", 404),
        ("expired", 404),
    ],
)
def test_detail_pages_follow_the_rules(client, alerts_in_every_state, state, status_code):
    alert = alerts_in_every_state[state]
    assert client.get(alert.get_absolute_url()).status_code == status_code


def test_archived_alert_says_it_is_archived(client, alerts_in_every_state):
    response = client.get(alerts_in_every_state["archived"].get_absolute_url())
    assert "This page is archived" in response.content.decode()


def test_list_shows_only_current_alerts_newest_first(client, alerts_in_every_state, make_alert):
    make_alert(title="Newest warning", publish_at=NOW() - dt.timedelta(minutes=5))
    page = client.get("/en/alerts/").content.decode()
    for hidden in ["Draft warning", "Future warning", "Expired warning", "Archived warning"]:
        assert hidden not in page
    main = page[page.index("<main") :]
    assert main.index("Newest warning") < main.index("Current warning")


def test_list_filters_by_channel_and_type(client, make_alert):
    make_alert(title="Phone job scam", channels=["phone-call"], scam_type="job_offer")
    make_alert(title="E-mail visa scam", channels=["email"], scam_type="visa")
    make_alert(title="E-mail job scam", channels=["email", "sms"], scam_type="job_offer")
    by_channel = client.get("/en/alerts/", {"channel": "email"}).content.decode()
    assert "E-mail visa scam" in by_channel and "E-mail job scam" in by_channel
    assert "Phone job scam" not in by_channel
    both = client.get("/en/alerts/", {"channel": "email", "type": "job_offer"}).content.decode()
    assert "E-mail job scam" in both
    assert "E-mail visa scam" not in both and "Phone job scam" not in both


def test_list_is_paginated(client, make_alert):
    for number in range(12):
        make_alert(title=f"Paged warning {number:02d}")
    first = client.get("/en/alerts/").content.decode()
    second = client.get("/en/alerts/", {"page": 2}).content.decode()
    assert "Page 1 of 2" in first
    assert first.count('class="alert-card ') == 10
    assert second.count('class="alert-card ') == 2


def test_banner_shows_the_most_severe_current_alert(client, make_alert):
    make_alert(title="Minor one", severity=Severity.MINOR)
    make_alert(title="Extreme but draft", severity=Severity.EXTREME, status=Status.DRAFT)
    make_alert(title="Extreme but archived", severity=Severity.EXTREME, status=Status.ARCHIVED)
    make_alert(title="The severe one", severity=Severity.SEVERE)
    make_alert(title="Moderate one", severity=Severity.MODERATE)
    page = client.get("/en/centres/").content.decode()
    banner = page[page.index('class="scam-banner') : page.index("</aside>")]
    assert "The severe one" in banner
    assert "<script" not in banner


def test_banner_falls_back_to_the_standing_warning(client, make_alert):
    make_alert(title="Only a draft", status=Status.DRAFT)
    page = client.get("/en/").content.decode()
    banner = page[page.index('class="scam-banner') : page.index("</aside>")]
    assert "Beware of fraudulent offers of migration assistance" in banner
    assert "Only a draft" not in banner


@pytest.mark.smoke
def test_seeded_office_warning_is_the_first_alert(client, seeded):
    alert = ScamAlert.objects.published().get()
    assert alert.title == "Warning - Internet Scams"
    assert alert.summary == (
        "Beware of fraudulent offers of migration assistance in the internet or email marketing."
    )
    assert not alert.indicators.exists()  # the office named none; none are invented
    page = client.get(alert.get_absolute_url()).content.decode()
    assert 'property="og:title" content="Warning - Internet Scams"' in page
    assert 'name="twitter:card"' in page
    assert "DNSC" in page and "1911" in page


def test_markdown_body_is_sanitised(client, make_alert):
    alert = make_alert(
        body="**Bold** <script>alert(1)</script> <img src=x onerror=alert(2)>",
        what_to_do="<iframe src='https://evil.example'></iframe>Do not pay.",
    )
    page = client.get(alert.get_absolute_url()).content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)" not in page
    assert "onerror" not in page
    assert "<iframe" not in page


def test_list_page_queries_do_not_grow(client, make_alert, django_assert_max_num_queries):
    for number in range(25):
        make_alert(channels=["email", "sms"], title=f"Counted warning {number}")
    with django_assert_max_num_queries(8):
        assert client.get("/en/alerts/").status_code == 200


def test_detail_page_queries_are_bounded(client, make_alert, django_assert_max_num_queries):
    alert = make_alert(
        channels=["email"], indicators=[("domain", f"scam{n}.com") for n in range(10)]
    )
    with django_assert_max_num_queries(10):
        assert client.get(alert.get_absolute_url()).status_code == 200
