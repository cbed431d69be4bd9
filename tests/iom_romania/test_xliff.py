"""Translators' XLIFF files: export from the admin, translate, import through the admin's
own forms with a preview, and every reason a file is refused (nothing saved, a 4xx)."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from translate.storage import xliff

from centres.models import Centre
from iom_romania.translation_status import State, item_states

pytestmark = pytest.mark.django_db
BOARD = "/admin/iom_romania/contenttranslation/"
EXPORT = f"{BOARD}export/"
IMPORT = f"{BOARD}import/"


@pytest.fixture
def brasov():
    centre = Centre.objects.get(slug="brasov")
    centre.description_en = (
        "Open on weekdays. Call 0268 000 000 or see [the map](https://example.org/map)."
    )
    centre.save()
    return centre


def translate(data: bytes, targets: dict[str, str]) -> bytes:
    """What a translator's tool does: fill in each unit's target, save the file."""
    store = xliff.xlifffile.parsestring(data)
    for unit in store.getunits():
        key = unit.getid().rpartition(xliff.ID_SEPARATOR)[2]
        if key in targets:
            unit.target = targets[key]
    return bytes(store)


def upload(client, content: bytes, language="uk", **extra):
    file = SimpleUploadedFile("uk.xlf", content, content_type="application/x-xliff+xml")
    return client.post(IMPORT, {"language": language, "file": file, **extra})


def unit_key(centre, field):
    return f"centres.centre:{centre.pk}:{field}"


DESCRIPTION_UK = (
    "Відкрито в робочі дні. Телефонуйте 0268 000 000 або дивіться [мапу](https://example.org/map)."
)


def test_round_trip_export_translate_import_and_the_public_page_shows_it(
    client, translator, brasov
):
    response = client.get(EXPORT, {"item": f"centres.Centre {brasov.pk} uk"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="iom-romania-uk.xlf"'
    exported = response.content
    units = {
        u.getid().rpartition(xliff.ID_SEPARATOR)[2]
        for u in xliff.xlifffile.parsestring(exported).getunits()
    }
    assert units == {unit_key(brasov, "description")}  # only what Ukrainian lacks
    translated = translate(exported, {unit_key(brasov, "description"): DESCRIPTION_UK})

    preview = upload(client, translated)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "What the import will change" in page and DESCRIPTION_UK in page
    brasov.refresh_from_db()
    assert not brasov.description_uk  # nothing saved before confirmation

    confirmed = client.post(
        IMPORT, {"language": "uk", "content": translated.decode(), "confirm": "1"}
    )
    assert confirmed.status_code == 302
    brasov.refresh_from_db()
    assert brasov.description_uk == DESCRIPTION_UK
    assert brasov.history.latest().history_user == translator
    assert item_states(brasov, ["uk"])["uk"]["description"] == State.NOT_REVIEWED
    client.logout()
    public = client.get("/uk/centres/brasov/").content.decode()
    assert "Відкрито в робочі дні." in public
    assert "Ще не перекладено" not in public  # no part in English any more


def test_an_english_edit_makes_the_import_a_conflict_and_the_export_offers_it_again(
    client, translator, brasov
):
    exported = client.get(EXPORT, {"item": f"centres.Centre {brasov.pk} uk"}).content
    translated = translate(exported, {unit_key(brasov, "description"): DESCRIPTION_UK})
    brasov.description_en = "Open on weekdays and Saturdays. Call 0268 000 000."
    brasov.save()
    response = upload(client, translated)
    assert response.status_code == 400
    assert "the English changed since the file was made" in response.content.decode()
    brasov.refresh_from_db()
    assert not brasov.description_uk


def test_everything_export_lists_every_language_gap(client, translator, brasov):
    response = client.get(EXPORT, {"language": "ne"})
    units = xliff.xlifffile.parsestring(response.content).getunits()
    ids = {u.getid().rpartition(xliff.ID_SEPARATOR)[2] for u in units}
    assert unit_key(brasov, "description") in ids
    assert unit_key(brasov, "name") not in ids  # translated and up to date


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown id", "no such text on the portal"),
        ("empty target", "the translation is empty"),
        ("changed link", "numbers, links or placeholders differ from the English"),
        ("changed number", "numbers, links or placeholders differ from the English"),
        ("wrong language", "The file is for “ru”, not for Ukrainian."),
        ("not xliff", "This is not an XLIFF file the portal can read."),
    ],
)
def test_a_bad_file_is_refused_whole_with_a_clear_message(
    client, translator, brasov, change, message
):
    exported = client.get(EXPORT, {"language": "uk"}).content
    store = xliff.xlifffile.parsestring(exported)
    good = {u.getid().rpartition(xliff.ID_SEPARATOR)[2]: u for u in store.getunits()}
    key = unit_key(brasov, "description")
    for unit_id, unit in good.items():  # a good translation for every other unit
        unit.target = unit.source if unit_id != key else DESCRIPTION_UK
    unit = good[key]
    if change == "unknown id":
        extra = store.addsourceunit("Ghost")
        extra.setid("centres.centre:999999:name")
        extra.target = "Привид"
    elif change == "empty target":
        unit.target = ""
    elif change == "changed link":
        unit.target = DESCRIPTION_UK.replace("https://example.org/map", "https://evil.example/map")
    elif change == "changed number":
        unit.target = DESCRIPTION_UK.replace("0268 000 000", "0268 000 001")
    elif change == "wrong language":
        store.settargetlanguage("ru")
    content = b"<xliff>not closed" if change == "not xliff" else bytes(store)
    before = list(Centre.objects.values_list("pk", "description_uk", "name_uk"))
    response = upload(client, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Nothing was imported" in page or change == "not xliff"
    assert list(Centre.objects.values_list("pk", "description_uk", "name_uk")) == before


def test_import_without_a_file_says_so_and_a_publisherless_editor_cannot_import(
    client, translator, django_user_model
):
    response = client.post(IMPORT, {"language": "uk"})
    assert response.status_code == 400
    assert "Choose the translated XLIFF file to import." in response.content.decode()
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    assert client.get(IMPORT).status_code == 403
    assert client.get(EXPORT, {"language": "uk"}).status_code == 403
