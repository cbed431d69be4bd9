"""Table-driven tests of indicator extraction and normalisation (plain module, no DB)."""

import pytest

from alerts.indicators import (
    Indicator,
    IndicatorKind,
    extract_indicators,
    is_possible_phone,
    normalise,
    normalise_domain,
    normalise_email,
    normalise_phone,
    normalise_social,
    registrable_domain,
    social_handle,
)

pytestmark = pytest.mark.smoke

DOMAIN = IndicatorKind.DOMAIN
EMAIL = IndicatorKind.EMAIL
PHONE = IndicatorKind.PHONE
SOCIAL = IndicatorKind.SOCIAL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HTTPS://www.Example-Visa.com/apply?x=1", "example-visa.com"),
        ("example-visa.com", "example-visa.com"),
        ("www.example-visa.com", "example-visa.com"),
        ("http://apply.example-visa.com:8080/form", "example-visa.com"),
        ("  https://Jobs.Example.CO.UK/  ", "example.co.uk"),
        ("visa-ro.com.ro", "visa-ro.com.ro"),
        ("https://offers.visa-ro.com.ro/path.", "visa-ro.com.ro"),
        ("example-visa.com.", "example-visa.com"),
        ("hxxps://example-visa.com/defanged", "example-visa.com"),
        # A private suffix keeps the site: not every github.io page is the same scam.
        ("https://visa-help.github.io/", "visa-help.github.io"),
        # Cyrillic "а" look-alike: punycode shows that it is not example.com.
        ("exаmple.com", "xn--exmple-4nf.com"),
        ("http://185.22.1.4/login", "185.22.1.4"),
        ("localhost", None),
        ("not a domain", None),
        ("", None),
    ],
)
def test_normalise_domain(text, expected):
    assert normalise_domain(text) == expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("a.b.example.co.uk", "example.co.uk"),
        ("example.com.ro", "example.com.ro"),
        ("WWW.EXAMPLE.RO", "example.ro"),
        ("co.uk", None),
    ],
)
def test_registrable_domain(host, expected):
    assert registrable_domain(host) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jobs.Office@Example-Visa.COM", "jobs.office@example-visa.com"),
        ("mailto:visa@example.ro", "visa@example.ro"),
        (" visa+apply@example.ro. ", "visa+apply@example.ro"),
        ("not-an-email", None),
        ("a@b", None),
    ],
)
def test_normalise_email(text, expected):
    assert normalise_email(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+40 721 234 567", "+40721234567"),
        ("0721234567", "+40721234567"),
        ("0040721234567", "+40721234567"),
        ("0721 234 567", "+40721234567"),
        ("(+40) 721-234-567", "+40721234567"),
        ("021 318 3095", "+40213183095"),
        ("+44 20 7946 0958", "+442079460958"),
        ("0044 20 7946 0958", "+442079460958"),
        ("12345", None),
        ("call me", None),
    ],
)
def test_normalise_phone(text, expected):
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.facebook.com/Visa.Help/", "facebook.com/visa.help"),
        (
            "https://m.facebook.com/profile.php?id=1000123",
            "facebook.com/profile.php?id=1000123",
        ),
        ("https://twitter.com/VisaHelp", "x.com/visahelp"),
        ("t.me/Visa_Helper", "t.me/visa_helper"),
        ("https://telegram.me/visa_helper", "t.me/visa_helper"),
        (
            "https://www.linkedin.com/in/Jane-Recruiter/",
            "linkedin.com/in/jane-recruiter",
        ),
        ("https://www.tiktok.com/@VisaJobs", "tiktok.com/@visajobs"),
        ("@Visa_Helper", "@visa_helper"),
        ("https://www.facebook.com/", None),
        ("https://example.com/page", None),
    ],
)
def test_normalise_social(text, expected):
    assert normalise_social(text) == expected


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("domain", "https://www.Example-Visa.com/apply", "example-visa.com"),
        ("email", "A@Example.com", "a@example.com"),
        ("phone", "0721234567", "+40721234567"),
        (SOCIAL, "t.me/visa", "t.me/visa"),
        ("phone", "not a phone", None),
    ],
)
def test_normalise_by_kind(kind, text, expected):
    assert normalise(kind, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "HTTPS://www.Example-Visa.com/apply?x=1",
            [Indicator(DOMAIN, "example-visa.com")],
        ),
        ("jobs@example-visa.com", [Indicator(EMAIL, "jobs@example-visa.com")]),
        ("+40 721 234 567", [Indicator(PHONE, "+40721234567")]),
        # The same number written three ways is one indicator.
        (
            "Call +40 721 234 567, 0721234567 or 0040721234567!",
            [Indicator(PHONE, "+40721234567")],
        ),
        (
            (
                "Dear applicant, your Canada work visa is approved. Pay the 450 EUR fee at "
                "https://www.canada-visa-office.com/pay or write to "
                "Visa.Desk@Canada-Visa-Office.com or WhatsApp https://wa.me/40721234568. "
                "Questions: 0721 234 567."
            ),
            [
                Indicator(DOMAIN, "canada-visa-office.com"),
                Indicator(EMAIL, "visa.desk@canada-visa-office.com"),
                Indicator(PHONE, "+40721234568"),
                Indicator(PHONE, "+40721234567"),
            ],
        ),
        (
            "Visit apply.jobs-uk.co.uk or follow https://www.facebook.com/JobsUK and @jobs_uk",
            [
                Indicator(DOMAIN, "jobs-uk.co.uk"),
                Indicator(SOCIAL, "facebook.com/jobsuk"),
                Indicator(SOCIAL, "@jobs_uk"),
            ],
        ),
        # E-mail domains are not listed again as web sites; digits in links are not phones.
        (
            "mail: visa@gmail.com site: https://example.ro/apply?ref=0721234567",
            [Indicator(EMAIL, "visa@gmail.com"), Indicator(DOMAIN, "example.ro")],
        ),
        # Ordinary prose, amounts, versions, dates and abbreviations give nothing.
        ("Pay 1.200 EUR by 2026-01-05, e.g. by card. Version 1.5 is out.", []),
        ("", []),
    ],
)
def test_extract_indicators(text, expected):
    assert extract_indicators(text) == expected


@pytest.mark.parametrize(
    ("value", "handle"),
    [
        ("t.me/visa_helper", "visa_helper"),
        ("@visa_helper", "visa_helper"),
        ("x.com/a", "a"),
    ],
)
def test_social_handle(value, handle):
    assert social_handle(value) == handle


def test_domain_reduction_never_touches_the_network(monkeypatch, tmp_path):
    """The Public Suffix List comes from tldextract's bundled snapshot: no download, no
    cache written, so the portal works the same offline and in CI."""
    import socket

    import tldextract

    def no_network(*args, **kwargs):
        raise AssertionError("tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(tmp_path))
    fresh = tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )
    assert fresh("https://a.b.example.co.uk/x").top_domain_under_public_suffix == ("example.co.uk")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # urlsplit() raises ValueError on these; they are plain text, not links.
        ("http://[zz", []),
        ("see https://[::1x]/apply or hxxp://[zz", []),
        ("http://[zz and jobs@example-visa.com", [Indicator(EMAIL, "jobs@example-visa.com")]),
        ("https://example-visa.com/ then http://[", [Indicator(DOMAIN, "example-visa.com")]),
    ],
)
def test_unreadable_links_are_plain_text(text, expected):
    assert extract_indicators(text) == expected
    for kind in IndicatorKind:
        normalise(kind, text)  # never raises


@pytest.mark.parametrize(
    ("text", "possible"),
    [
        ("0721 234 567", True),
        ("+44 20 7946 0000", True),
        ("0721234", True),  # the right shape, even if no such number is in use
        ("+40 abc 721", False),
        ("++++", False),
        ("9" * 40, False),
        ("http://[zz", False),
    ],
)
def test_is_possible_phone(text, possible):
    assert is_possible_phone(text) is possible
