"""The bilingual warning poster: A4 PDF and PNG, Romanian plus the reader's language, with
Arabic and Nepali text shaped and extractable, built once per content version, downloadable
by visitors from the warning page and by staff from the admin.

Posters take a second or more each to build, so this module builds the few it reads once
(`built`) into one poster folder, and the HTTP tests ask for those same posters again.
"""

from __future__ import annotations

import io
import subprocess
import unicodedata

import pypdfium2
import pytest
import zxingcpp
from django.test import override_settings
from PIL import Image

from alerts import posters
from alerts.models import ScamAlert
from iom_romania.models import OfficeContact
from iom_romania.publishing import Status

SLUG = "internet-scams"
HOST = "http://testserver"
# Made-up translations of the seed's warning, kept in memory (never saved). pdftotext gives
# text back in the order it is drawn: an Arabic lam-alef ligature comes back as alef-lam and
# a Devanagari short i before its consonant, so the words checked have neither.
ARABIC_TITLE = "تحذير من عروض عمل مزيفة"
NEPALI_TITLE = "झुटो रोजगारीको प्रस्ताव"
# Bidi embedding marks pdftotext adds around right-to-left lines, and spaces it puts inside
# Devanagari words.
IGNORED = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f \n"))


def page_url_for(path: str) -> str:
    return HOST + path


def seed_alert() -> ScamAlert:
    return ScamAlert.objects.get(slug=SLUG)


def translated_alert() -> ScamAlert:
    alert = seed_alert()
    alert.title_ar = ARABIC_TITLE
    alert.title_ne = NEPALI_TITLE
    return alert


@pytest.fixture(scope="module")
def poster_dir(tmp_path_factory):
    location = tmp_path_factory.mktemp("posters")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "posters": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    with override_settings(STORAGES=storages):
        yield location


@pytest.fixture(scope="module")
def built(poster_dir, django_db_setup, django_db_blocker) -> dict[str, posters.Poster]:
    """The posters the tests read, each built once: Arabic and Nepali (translated titles),
    and Ukrainian as a visitor asks for it (the seed's warning as it is)."""
    with django_db_blocker.unblock():
        return {
            "ar.pdf": posters.get_poster(translated_alert(), "ar", "pdf", page_url_for),
            "ar.png": posters.get_poster(translated_alert(), "ar", "png", page_url_for),
            "ne.pdf": posters.get_poster(translated_alert(), "ne", "pdf", page_url_for),
            "uk.pdf": posters.get_poster(seed_alert(), "uk", "pdf", page_url_for),
            "uk.png": posters.get_poster(seed_alert(), "uk", "png", page_url_for),
        }


@pytest.fixture
def poster_storage(poster_dir, built):
    """The module's poster folder, in the test's own settings too (pytest-django's
    `settings` fixture is reset between tests)."""
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            "posters": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": poster_dir},
            },
        }
    ):
        yield poster_dir


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def page_count(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


@pytest.mark.parametrize(
    ("name", "words", "label"),
    [
        ("ar.pdf", ARABIC_TITLE.split(), "أين تُبلِّغ"),  # "Where to report"
        ("ne.pdf", NEPALI_TITLE.split(), "खतराका"),  # "Red flags"
    ],
)
def test_poster_text_reads_back_in_romanian_and_the_chosen_language(built, name, words, label):
    text = pdf_text(built[name].content)
    assert "Atenție – înșelătorii pe internet" in text  # the seed's Romanian title
    assert "Semnale de alarmă" in text
    # NFC puts combining marks (Arabic vowel signs) in one order on both sides.
    letters = unicodedata.normalize("NFC", text.translate(IGNORED))
    for word in [*words, label]:  # shaped text still maps back to the letters typed
        assert unicodedata.normalize("NFC", word.translate(IGNORED)) in letters
    assert "DNSC" in text and "1911" in text  # where to report
    assert page_count(built[name].content) == 1


def test_poster_png_is_legible_at_phone_size_and_small(built):
    png = built["ar.png"].content
    assert len(png) <= 300 * 1024
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width == posters.PNG_WIDTH
    assert 1.40 < image.height / image.width < 1.43  # an A4 page


def test_poster_qr_code_leads_to_the_warning_in_the_chosen_language(built):
    image = Image.open(io.BytesIO(built["uk.png"].content)).convert("L")
    found = zxingcpp.read_barcodes(image)
    assert [code.text for code in found] == [f"{HOST}/uk/alerts/{SLUG}/"]


def test_posters_are_built_once_per_content_version(built, poster_storage, django_db_blocker):
    files_before = sorted(p.name for p in poster_storage.rglob("*") if p.is_file())
    with django_db_blocker.unblock():
        again = posters.get_poster(seed_alert(), "uk", "pdf", page_url_for)
        assert again.version == built["uk.pdf"].version
        assert sorted(p.name for p in poster_storage.rglob("*") if p.is_file()) == files_before
        # A changed warning is a new version, with its own file.
        changed = seed_alert()
        changed.summary_ro = "Un rezumat nou."
        html_before = posters.poster_html(seed_alert(), "uk", page_url_for)
        assert posters.poster_html(changed, "uk", page_url_for) != html_before


def test_visitors_download_posters_from_the_warning_page(client, seeded, poster_storage, built):
    page = client.get(f"/uk/alerts/{SLUG}/").content.decode()
    assert f'href="/alerts/{SLUG}/poster/uk.pdf"' in page
    assert f'href="/alerts/{SLUG}/poster/uk.png"' in page
    # The picker: a plain GET form, then the file.
    response = client.get(f"/en/alerts/{SLUG}/poster/", {"language": "uk", "format": "png"})
    assert response.status_code == 302
    assert response["Location"] == f"/alerts/{SLUG}/poster/uk.png"
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == built["uk.png"].content  # the stored file, not a new one
    assert "attachment" in response["Content-Disposition"]
    response = client.get(f"/alerts/{SLUG}/poster/uk.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content == built["uk.pdf"].content


@pytest.mark.parametrize(
    "address",
    [
        f"/en/alerts/{SLUG}/poster/?language=xx&format=pdf",
        f"/en/alerts/{SLUG}/poster/?language=uk&format=gif",
        f"/en/alerts/{SLUG}/poster/",
        f"/alerts/{SLUG}/poster/xx.pdf",
        f"/alerts/{SLUG}/poster/uk.gif",
        "/alerts/no-such-warning/poster/uk.pdf",
    ],
)
def test_bad_poster_requests_get_a_clear_404(client, seeded, address):
    assert client.get(address).status_code == 404


def test_no_public_poster_of_a_draft(client, seeded):
    ScamAlert.objects.filter(slug=SLUG).update(status=Status.DRAFT)
    assert client.get(f"/alerts/{SLUG}/poster/uk.pdf").status_code == 404
    page = client.get(f"/en/alerts/{SLUG}/")
    assert "/poster/" not in page.content.decode()


def test_staff_download_posters_from_the_admin(staff_client, seeded, poster_storage, built):
    alert = seed_alert()
    page = staff_client.get(f"/admin/alerts/scamalert/{alert.pk}/change/").content.decode()
    address = f"/admin/alerts/scamalert/{alert.pk}/poster/uk.pdf"
    assert f'href="{address}"' in page
    response = staff_client.get(address)
    assert response.status_code == 200
    assert response.content == built["uk.pdf"].content
    assert staff_client.get(f"/admin/alerts/scamalert/{alert.pk}/poster/xx.pdf").status_code == 404


@pytest.mark.django_db
def test_the_poster_carries_the_offices_contact_line_once_published(built):
    # Made-up contact details, in this test's transaction only.
    assert "IOM Romania:" not in pdf_text(built["uk.pdf"].content)
    office = OfficeContact.get_solo()
    office.phones = "+40 700 000 000 (test)"
    office.email = "office@example.org"
    office.save()
    html = posters.poster_html(seed_alert(), "uk", page_url_for)
    text = pdf_text(posters.render_pdf(html))
    assert "+40 700 000 000 (test)" in text and "office@example.org" in text
