"""'Check an offer': matches against published alerts and confirmed reports; a clear
"no match does not prove it is safe" otherwise; nothing pasted is stored."""

import pytest
from django.db import connection

from alerts.checker import check_text
from alerts.models import AlertIndicator, ReportIndicator, ReportStatus, ScamReport
from iom_romania.publishing import Status


@pytest.fixture
def scam_alert(make_alert):
    return make_alert(
        title="Fake Canada visa office",
        indicators=[
            ("domain", "https://www.Canada-Visa-Office.com/"),
            ("email", "Desk@Canada-Visa-Office.com"),
            ("phone", "+40 721 234 567"),
            ("social", "https://t.me/canada_visa_desk"),
        ],
    )


def test_indicators_are_stored_normalised(scam_alert):
    assert set(AlertIndicator.objects.values_list("kind", "value")) == {
        ("domain", "canada-visa-office.com"),
        ("email", "desk@canada-visa-office.com"),
        ("phone", "+40721234567"),
        ("social", "t.me/canada_visa_desk"),
    }


@pytest.mark.parametrize(
    "pasted",
    [
        "HTTPS://apply.canada-visa-office.com/form?id=7",
        "desk@CANADA-visa-office.com",
        "0721234567",
        "0040 721 234 567",
        "Write to me on Telegram @Canada_Visa_Desk",
        "Dear applicant, pay the fee today. Call 0721 234 567. Regards, Visa Desk",
    ],
)
def test_checker_finds_a_match_however_it_is_written(client, scam_alert, pasted):
    response = client.post("/en/alerts/check/", {"text": pasted})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Warning: this matches a known scam" in page
    assert f'href="{scam_alert.get_absolute_url()}"' in page


def test_checker_says_no_match_is_not_proof_of_safety(client, scam_alert):
    page = client.post("/en/alerts/check/", {"text": "Visit https://honest-jobs.ro"}).content
    page = page.decode()
    assert "No match found" in page
    assert "No match does not prove the offer is safe." in page
    assert "Red flags of a migration scam" in page
    assert "How to verify an offer" in page
    assert '<code dir="ltr">honest-jobs.ro</code>' in page


def test_checker_with_nothing_to_check_still_warns(client, db):
    page = client.post("/en/alerts/check/", {"text": "Hello, good job for you"}).content.decode()
    assert "This does not prove the offer is safe." in page


def test_unpublished_alerts_do_not_match(make_alert):
    make_alert(status=Status.DRAFT, indicators=[("domain", "draft-scam.com")])
    make_alert(status=Status.ARCHIVED, indicators=[("domain", "old-scam.com")])
    result = check_text("draft-scam.com and old-scam.com")
    assert len(result.matches) == 2
    assert not result.any_match


def test_only_confirmed_reports_count(db):
    for status in (ReportStatus.CONFIRMED, ReportStatus.CONFIRMED, ReportStatus.NEW):
        report = ScamReport.objects.create(what_happened="x", status=status)
        ReportIndicator.objects.create(report=report, kind="phone", value="0722 000 111")
    rejected = ScamReport.objects.create(what_happened="x", status=ReportStatus.REJECTED)
    ReportIndicator.objects.create(report=rejected, kind="domain", value="rejected.com")
    result = check_text("+40722000111 rejected.com")
    phone, domain = result.matches
    assert phone.confirmed_reports == 2 and phone.matched
    assert domain.confirmed_reports == 0 and not domain.matched


def test_checker_shows_confirmed_report_counts(client, db):
    report = ScamReport.objects.create(what_happened="x", status=ReportStatus.CONFIRMED)
    ReportIndicator.objects.create(report=report, kind="email", value="boss@jobs-abroad.biz")
    page = client.post("/en/alerts/check/", {"text": "boss@jobs-abroad.biz"}).content.decode()
    assert "Confirmed in 1 report to IOM Romania" in page


def test_nothing_pasted_is_stored(client, scam_alert):
    def row_counts():
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            return counts

    before = row_counts()
    response = client.post("/en/alerts/check/", {"text": "secret-offer.com 0733 111 222"})
    assert response.status_code == 200
    assert row_counts() == before
    assert "no-store" in response["Cache-Control"]


def test_check_page_query_count(client, scam_alert, django_assert_max_num_queries):
    text = " ".join(f"site{n}.com" for n in range(20))
    with django_assert_max_num_queries(6):
        assert client.post("/en/alerts/check/", {"text": text}).status_code == 200


# (a stored profile, what a person gives, whether they are the same): also what triage's
# "Matches" line is held to (tests/alerts/test_triage_plain_words.py).
SOCIAL_PROFILE_MATCHES = [
    ("t.me/visa_desk", "https://t.me/Visa_Desk", True),
    ("t.me/visa_desk", "@visa_desk", True),
    ("@visa_desk", "https://www.instagram.com/visa_desk/", True),
    ("t.me/visa_desk", "https://www.instagram.com/visa_desk/", False),
    ("t.me/visa_desk", "@visa_desk_2", False),
]


@pytest.mark.parametrize(("stored", "pasted", "matches"), SOCIAL_PROFILE_MATCHES)
def test_social_profiles_match_by_network_or_bare_handle(make_alert, stored, pasted, matches):
    make_alert(indicators=[("social", stored)])
    assert check_text(pasted).any_match is matches


def test_confirmed_report_links_to_its_published_alert(make_alert):
    alert = make_alert(title="Fake embassy")
    draft = make_alert(title="Not yet written", status=Status.DRAFT)
    for linked in (alert, draft):
        report = ScamReport.objects.create(
            what_happened="x", status=ReportStatus.CONFIRMED, alert=linked
        )
        ReportIndicator.objects.create(report=report, kind="phone", value="+40722000999")
        ReportIndicator.objects.create(report=report, kind="social", value="@same_report")
    report.indicators.create(kind="social", value="t.me/same_report")
    phone, handle = check_text("0722 000 999 @same_report").matches
    assert phone.alerts == [alert]
    assert phone.confirmed_reports == 2
    assert handle.confirmed_reports == 2  # one report with two forms of it counts once


@pytest.mark.parametrize(
    "pasted",
    [
        "http://[zz",
        "Apply at http://[zz or write to desk@canada-visa-office.com",
        "hxxps://[::1x]/pay https://[",
    ],
)
def test_unreadable_links_are_checked_as_plain_text(client, scam_alert, pasted):
    """They gave a 500 (urlsplit's ValueError); the rest of the text is still checked."""
    response = client.post("/en/alerts/check/", {"text": pasted})
    assert response.status_code == 200
    page = response.content.decode()
    if "desk@" in pasted:
        assert "Warning: this matches a known scam" in page
    else:
        assert "We found no website, e-mail address or phone number to check" in page


def test_check_form_errors_follow_the_error_pattern(client, db):
    response = client.post("/ro/alerts/check/", {"text": ""})
    page = response.content.decode()
    assert "data-error-summary" in page and 'href="#id_text"' in page
    assert 'aria-invalid="true"' in page and 'id="id_text_error"' in page
