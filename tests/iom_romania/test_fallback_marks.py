"""Content shown in English because it is not translated is marked lang="en" dir="ltr",
so screen readers pronounce it as English and right-to-left pages keep its punctuation."""

from alerts.models import ScamAlert
from centres.models import Centre


def test_untranslated_alert_is_marked_english_on_a_persian_page(client, seeded):
    ScamAlert.objects.filter(slug="internet-scams").update(title_fa="", summary_fa="")
    page = client.get("/fa/alerts/internet-scams/").content.decode()
    assert '<h1 lang="en" dir="ltr">Warning - Internet Scams</h1>' in page
    assert '<p class="lead" lang="en" dir="ltr">Beware of fraudulent offers' in page


def test_untranslated_centre_is_marked_english_on_an_arabic_page(client, seeded):
    Centre.objects.filter(slug="iasi").update(name_ar="")
    page = client.get("/ar/centres/iasi/").content.decode()
    assert '<h1 lang="en" dir="ltr">Migrant Information Centre Iași</h1>' in page


def test_home_alert_is_marked_english_on_an_arabic_page(client, seeded):
    ScamAlert.objects.filter(slug="internet-scams").update(title_ar="")
    page = client.get("/ar/").content.decode()
    assert '<h2 id="home-alert-title" lang="en" dir="ltr">Warning - Internet Scams</h2>' in page


def test_translated_text_carries_no_english_mark(client, seeded):
    page = client.get("/ro/alerts/internet-scams/").content.decode()
    assert '<h1 lang="en"' not in page
