import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from alerts.models import ScamAlert
from iom_romania.publishing import Status
from iom_romania.translation_status import mark_reviewed
from programmes.models import ProgrammeArea, Project

LANGUAGES = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "fa"}
PAGES = [
    "/{}/",
    "/{}/programmes/migration-health/",
    "/{}/projects/",
    "/{}/projects/refugee-resettlement-to-canada/",
    "/{}/centres/",
    "/{}/centres/brasov/",
    "/{}/alerts/",
    "/{}/alerts/internet-scams/",
    "/{}/alerts/check/",
    "/{}/alerts/report/",
    "/{}/search/",
    "/{}/search/?q=Brasov",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)  # not "page": pytest-playwright's fixture
def test_every_language_renders_every_public_page_with_its_lang_and_dir(
    client, seeded, language, path
):
    response = client.get(path.format(language))
    assert response.status_code == 200
    direction = "rtl" if language in RTL else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in response.content.decode()


def test_language_switcher_keeps_the_page_and_names_each_language_in_its_own_script(client, seeded):
    page = client.get("/en/projects/refugee-resettlement-to-canada/").content.decode()
    switcher = page[page.index('class="language-switcher"') :].split("</nav>")[0]
    for code, name in [("ro", "Română"), ("uk", "Українська"), ("ar", "العربيّة"), ("ne", "नेपाली")]:
        link = (
            f'href="/language/{code}/?next=%2F{code}%2Fprojects%2Frefugee-resettlement-to-canada%2F"'
            f' lang="{code}"'
        )
        assert link in switcher
        assert f">{name}</a>" in switcher
    assert "<form" not in switcher  # plain links: it works without JavaScript


def test_switching_language_keeps_the_page_and_remembers_the_choice(client, seeded):
    next_url = "/ar/projects/refugee-resettlement-to-canada/"
    response = client.get("/language/ar/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert client.get(next_url).status_code == 200
    # Next time, the bare address opens in the chosen language, whatever the browser says.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/ar/"


def test_switching_language_never_redirects_elsewhere(client, seeded):
    response = client.get("/language/fa/", {"next": "https://evil.example/"})
    assert response["Location"] == "/fa/"
    assert client.get("/language/xx/").status_code == 404


def test_root_redirects_by_accept_language(client, seeded):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_root_uses_the_language_cookie_when_the_browser_says_nothing_we_have(client, seeded):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response["Location"] == "/uk/"


def test_a_page_address_without_language_redirects_to_one(client, seeded):
    response = client.get("/projects/", HTTP_ACCEPT_LANGUAGE="tr")
    assert response.status_code == 302
    assert response["Location"] == "/tr/projects/"


def test_romanian_content_comes_from_the_seed(client, seeded):
    page = client.get("/ro/programmes/migration-health/").content.decode()
    assert "<h1>Sănătate și migrație</h1>" in page
    assert "notice-translation" not in page


def test_untranslated_page_falls_back_to_english_and_says_so(client, seeded):
    area = ProgrammeArea.objects.get(slug="migration-health")
    area.title_fa = area.summary_fa = ""
    area.save()
    page = client.get("/fa/programmes/migration-health/").content.decode()
    assert 'class="notice notice-translation"' in page
    notice = re.search(r'<p class="notice notice-translation"[^>]*>(.*?)</p>', page).group(1)
    assert "فارسی" in notice  # the language named in the reader's language
    assert '<h1 lang="en" dir="ltr">Migration Health</h1>' in page


def test_a_partly_translated_page_names_the_parts_shown_in_english(client, seeded):
    page = client.get("/fa/programmes/migration-health/").content.decode()
    assert "<h1>سلامت و مهاجرت</h1>" in page  # the seed's starting translation
    notice = re.findall(r'<p class="notice notice-translation"[^>]*>(.*?)</p>', page)
    assert "هنوز به فارسی ترجمه نشده" in notice[0]  # "not yet translated into Persian"
    assert notice[0].endswith(": متن.")  # the part in English: the body


def test_translated_page_has_no_fallback_marks(client, seeded):
    area = ProgrammeArea.objects.get(slug="migration-health")
    for field in ("title", "summary", "body"):
        setattr(area, f"{field}_fa", "متن فارسی")
    area.save()
    mark_reviewed(area, "fa", get_user_model().objects.create_user("reviewer"))
    page = client.get("/fa/programmes/migration-health/").content.decode()
    assert "notice-translation" not in page
    assert "<h1>متن فارسی</h1>" in page


def test_hreflang_alternates_for_every_language_and_x_default(client, seeded):
    page = client.get("/ro/projects/").content.decode()
    for code in LANGUAGES:
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}/projects/">'
            in page
        )
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/projects/">' in page


def test_sitemap_lists_every_language_version_of_every_published_page(client, seeded):
    Project.objects.filter(slug="us-refugee-programme").update(status=Status.DRAFT)
    sitemap = client.get("/sitemap.xml").content.decode()
    locations = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    for code in LANGUAGES:
        for path in [
            "/",
            "/projects/",
            "/programmes/migration-health/",
            "/projects/refugee-resettlement-to-canada/",
            "/centres/brasov/",
            "/alerts/internet-scams/",
        ]:
            assert f"http://testserver/{code}{path}" in locations
    assert not any("us-refugee-programme" in url for url in locations)
    assert not any("#" in url for url in locations)
    assert 'hreflang="x-default" href="http://testserver/projects/"' in sitemap


def test_robots_txt_points_at_the_sitemap(client, seeded):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_numbers_stay_left_to_right_in_rtl_pages(client, seeded):
    page = client.get("/ar/projects/enhancing-avr-in-romania/").content.decode()
    assert '<bdi dir="ltr">2010/2011</bdi>' in page
    home = client.get("/ar/").content.decode()
    assert "<bdi>157</bdi>" in home


@pytest.mark.parametrize("url", ["/{}/", "/{}/projects/"])
def test_query_counts_do_not_grow_with_languages_or_items(
    client, seeded, django_assert_max_num_queries, url
):
    area = ProgrammeArea.objects.first()
    for number in range(20):
        project = Project.objects.create(
            title=f"Project {number}", slug=f"project-{number}", status=Status.PUBLISHED
        )
        project.areas.add(area)
    limits = {"/{}/": 8, "/{}/projects/": 4}
    for code in LANGUAGES:
        with django_assert_max_num_queries(limits[url]):
            assert client.get(url.format(code)).status_code == 200


def test_seed_text_is_english_whatever_language_is_active(db):
    from django.core.management import call_command
    from django.utils import translation

    with translation.override("ro"):
        call_command("load_seed", verbosity=0)
    area = ProgrammeArea.objects.get(slug="migration-health")
    assert (area.title_en, area.title_ro) == ("Migration Health", "Sănătate și migrație")


def test_home_page_says_when_its_main_text_is_in_english(client, seeded):
    assert "notice-translation" in client.get("/tr/").content.decode()
    assert "notice-translation" not in client.get("/ro/").content.decode()
    assert "notice-translation" not in client.get("/en/").content.decode()


def test_scam_banner_marks_english_fallback_text(client, seeded):
    page = client.get("/ar/projects/").content.decode()
    assert '<strong id="scam-banner-title">تحذير – عمليات احتيال عبر الإنترنت' in page
    ScamAlert.objects.filter(slug="internet-scams").update(title_ar="", summary_ar="")
    page = client.get("/ar/projects/").content.decode()
    assert '<strong id="scam-banner-title" lang="en" dir="ltr">Warning - Internet Scams' in page
    page = client.get("/ro/projects/").content.decode()
    assert '<strong id="scam-banner-title">Atenție – înșelătorii pe internet' in page


def test_romanian_seed_of_centres_and_alerts(seeded):
    from django.apps import apps

    from alerts.models import ScamAlert
    from centres.models import Centre

    brasov = Centre.objects.get(slug="brasov")
    assert brasov.name_ro == "Centrul de informare pentru migranți Brașov"
    assert ScamAlert.objects.get(slug="internet-scams").title_ro.startswith("Atenție")
    service_type = apps.get_model("centres", "ServiceType")
    assert service_type.objects.get(slug="health").name_ro == "Sănătate"


def test_stylesheets_use_logical_properties_only():
    """So that right-to-left pages mirror: margin-inline-start, never margin-left."""
    from pathlib import Path

    physical = re.compile(
        r"(margin|padding|border)-(left|right)\b|(^|[\s;{])(left|right)\s*:"
        r"|text-align:\s*(left|right)|float:\s*(left|right)"
    )
    for css in sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(), flags=re.S)  # comments may say "left"
        for line in text.splitlines():
            assert not physical.search(line), f"{css.name}: {line.strip()}"
