"""The read-only HSDS 3.0 API under /hsds/, checked against Open Referral's own schemas."""

import copy
import datetime as dt
import json
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from centres import hsds
from centres.models import (
    Centre,
    CentrePhone,
    HoursException,
    OpeningHours,
    OperatingStatus,
    ServiceType,
)
from iom_romania.publishing import Status

from .hsds_schema import (
    DETAIL_SCHEMAS,
    LIST_ITEM_SCHEMAS,
    errors,
    openapi_validator,
    page_errors,
)

LISTS = list(LIST_ITEM_SCHEMAS)


@pytest.fixture(autouse=True)
def confirmed_centres(db):
    """Staff confirmed every centre open as usual: HSDS lists a service only then (a
    required status with no "unknown"); test_unconfirmed_services_are_left_out shows why."""
    Centre.objects.update(operating_status=OperatingStatus.ACTIVE)


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"] == "application/json", url
    assert response["Access-Control-Allow-Origin"] == "*", url
    return json.loads(response.content)


def walk_list(client, endpoint, query=""):
    """Every item of a list endpoint, page after page, each page checked as a Page."""
    items, page = [], 1
    while True:
        data = get_json(client, f"/hsds/{endpoint}?page={page}&per_page=500{query}")
        assert page_errors(data) == [], (endpoint, page)
        assert data["page_number"] == page and data["size"] == len(data["contents"])
        items += data["contents"]
        if data["last_page"]:
            assert data["total_items"] == len(items)
            return items
        page += 1


def validate_everything(client) -> dict[str, list[dict]]:
    """Every object of every endpoint (lists, lists with full=true, every detail) against
    the official schemas; returns the plain lists by endpoint."""
    root = get_json(client, "/hsds/")
    root_schema = ("paths", "/", "get", "responses", "200", "content", "application/json")
    assert list(openapi_validator(*root_schema, "schema").iter_errors(root)) == []
    everything = {}
    for endpoint in LISTS:
        items = walk_list(client, endpoint)
        full_items = walk_list(client, endpoint, "&full=true")
        assert len(items) == len(full_items)
        for item in items + full_items:
            assert errors(LIST_ITEM_SCHEMAS[endpoint], item) == [], (endpoint, item["id"])
            # The nested objects the list schemas leave open are held to their own schemas.
            if "location" in item:
                assert errors("location.json", item["location"]) == []
            if "service" in item:
                assert errors("service.json", item["service"]) == []
        for item in full_items:
            assert errors(DETAIL_SCHEMAS[endpoint], item) == [], (endpoint, item["id"])
        ids = [item["id"] for item in items]
        assert len(ids) == len(set(ids)), endpoint
        everything[endpoint] = items
    return everything


def validate_details(client, everything, endpoints=LISTS):
    for endpoint in endpoints:
        for item in everything[endpoint]:
            detail = get_json(client, f"/hsds/{endpoint}/{item['id']}")
            assert detail["id"] == item["id"]
            assert errors(DETAIL_SCHEMAS[endpoint], detail) == [], (endpoint, item["id"])


@pytest.fixture
def detailed(full_centre):
    """`full_centre` (tests/centres/conftest.py) with the details only HSDS shows as well:
    accessibility, directions, a SIRUTA code, a labelled phone and dated exceptions."""
    centre = full_centre
    centre.accessibility_notes = "Step-free entrance"
    centre.how_to_get_there = "Bus 4"
    centre.siruta_code = 40198
    centre.save()
    CentrePhone.objects.filter(centre=centre).update(label="Desk")
    HoursException.objects.create(centre=centre, date=dt.date(2026, 12, 25), note="Christmas")
    HoursException.objects.create(
        centre=centre,
        date=dt.date(2026, 12, 24),
        closed=False,
        opens=dt.time(9),
        closes=dt.time(12),
    )
    return centre


# -- validity ------------------------------------------------------------------------------------


def test_the_format_checker_really_checks_formats():
    # A validator that skipped formats would pass every one of these.
    assert errors("service.json", {"id": str(uuid.uuid4()), "name": "x", "status": "active",
                                   "email": "not an address"})  # fmt: skip
    assert errors("service.json", {"id": "brasov", "name": "x", "status": "active"})
    assert errors("service.json", {"id": str(uuid.uuid4()), "name": "x", "status": "active",
                                   "last_modified": "yesterday"})  # fmt: skip
    assert errors("location.json", {"id": str(uuid.uuid4()), "location_type": "physical",
                                    "url": "not a uri"})  # fmt: skip


@pytest.mark.smoke
def test_every_object_of_every_endpoint_validates_with_seed_data(client, seeded):
    everything = validate_everything(client)
    validate_details(client, everything)
    assert len(everything["service_at_locations"]) == 15
    # Only the service the seed names for the centres is listed (issue 14).
    assert [s["name"] for s in everything["services"]] == ["Information on integration services"]
    assert len(everything["taxonomy_terms"]) == ServiceType.objects.count()


def test_every_object_validates_with_every_detail_filled_in(client, detailed):
    everything = validate_everything(client)
    validate_details(client, everything)
    (brasov_link,) = [
        link
        for link in walk_list(client, "service_at_locations", "&full=true&search=Strada")
        if link["service"]["name"] == "Information on integration services"
    ]
    location = brasov_link["location"]
    assert location["addresses"][0]["address_1"] == "Strada Exemplu 1"
    assert location["addresses"][0]["postal_code"] == "500001"
    assert location["external_identifier"] == "40198"
    assert [lang["code"] for lang in location["languages"]] == ["ro", "en", "uk"]
    assert [lang["name"] for lang in location["languages"]] == ["Romanian", "English", "Ukrainian"]
    assert location["phones"][0]["number"] == "+40268000000"
    assert location["phones"][0]["description"] == "Desk"
    weekly, *_rest, special, closed = location["schedules"]
    assert weekly["freq"] == "WEEKLY" and weekly["byday"] == "MO"
    assert (weekly["opens_at"], weekly["closes_at"]) == ("09:00", "17:00")
    assert "Europe/Bucharest" in weekly["description"]
    assert closed["valid_from"] == closed["valid_to"] == "2026-12-25"
    assert "opens_at" not in closed and closed["notes"] == "Christmas"
    assert special["valid_from"] == "2026-12-24" and special["closes_at"] == "12:00"
    assert location["accessibility"][0]["description"] == "Step-free entrance"


def test_a_service_nests_its_locations_phones_and_schedules(client, detailed):
    (legal,) = [s for s in walk_list(client, "services") if s["name"] == "Legal information"]
    data = get_json(client, f"/hsds/services/{legal['id']}")
    assert data["organization"]["id"] == hsds.ORGANIZATION_ID
    (link,) = data["service_at_locations"]
    assert link["service_id"] == legal["id"]
    assert link["location"]["name"] == detailed.name
    assert link["location"]["phones"][0]["number"] == "+40268000000"
    assert len(link["location"]["schedules"]) == 7
    (attribute,) = data["attributes"]
    assert attribute["taxonomy_term"]["code"] == "legal-information"


@pytest.mark.slow
@pytest.mark.django_db
def test_every_object_validates_with_10000_centres(client, seeded):
    information = ServiceType.objects.get(slug="information")
    legal = ServiceType.objects.get(slug="legal-information")
    # Copies of one unsaved centre, each given its own values: Centre() works out the
    # defaults of every translated field, about 0.2 ms a centre (2 s of CPU for 10,000).
    template = Centre(
        city="Cluj-Napoca",
        county="Cluj",
        latitude=46.77,
        longitude=23.6,
        status=Status.PUBLISHED,
    )

    def generated(i: int) -> Centre:
        centre = copy.copy(template)
        centre.name = f"Generated centre {i}"
        centre.slug = f"generated-{i}"
        centre.languages = ["ro", "en"] if i % 2 else []
        centre.information_checked_on = dt.date(2026, 1, 1) if i % 3 else None
        centre.operating_status = (
            OperatingStatus.TEMPORARILY_CLOSED if i % 7 == 0 else OperatingStatus.ACTIVE
        )
        return centre

    centres = Centre.objects.bulk_create(generated(i) for i in range(10_000))
    through = Centre.services.through
    through.objects.bulk_create(
        [through(centre=c, servicetype=information) for c in centres]
        + [through(centre=c, servicetype=legal) for c in centres[::10]]
    )
    CentrePhone.objects.bulk_create(
        CentrePhone(centre=c, number="+40264000000", kind="voice") for c in centres[::50]
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(centre=c, weekday=0, opens=dt.time(9), closes=dt.time(17))
        for c in centres[::50]
    )
    if connection.vendor == "postgresql":
        # As autovacuum does after a bulk load: the tables just filled, not the whole
        # database (the gazetteer and history tables took most of this test's time).
        tables = [Centre, through, CentrePhone, OpeningHours]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(model._meta.db_table for model in tables))
    links = walk_list(client, "service_at_locations", "&full=true")
    assert len(links) == 15 + 10_000 + 1_000
    for link in links:
        assert errors("compiled/service_at_location_list.json", link) == []
        assert errors("service_at_location.json", link) == []
    assert len({link["id"] for link in links}) == len(links)
    for link in walk_list(client, "service_at_locations"):
        assert errors("compiled/service_at_location_list.json", link) == []
        assert errors("location.json", link["location"]) == []
        assert errors("service.json", link["service"]) == []
    for endpoint in ("services", "organizations", "taxonomies", "taxonomy_terms"):
        for item in walk_list(client, endpoint):
            assert errors(LIST_ITEM_SCHEMAS[endpoint], item) == []
    legal_service = get_json(client, f"/hsds/services/{hsds.service_id(legal.pk)}")
    assert errors("service.json", legal_service) == []
    assert len(legal_service["service_at_locations"]) == 1_000


# -- pagination and parameters ---------------------------------------------------------------


def test_pagination(client, seeded):
    first = get_json(client, "/hsds/service_at_locations?per_page=4")
    assert (first["total_items"], first["total_pages"], first["size"]) == (15, 4, 4)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    last = get_json(client, "/hsds/service_at_locations?per_page=4&page=4")
    assert last["size"] == 3 and last["last_page"] and not last["first_page"]
    beyond = get_json(client, "/hsds/service_at_locations?per_page=4&page=5")
    assert beyond["contents"] == [] and beyond["empty"] and beyond["last_page"]
    pages = [
        get_json(client, f"/hsds/service_at_locations?per_page=4&page={n}")["contents"]
        for n in range(1, 5)
    ]
    ids = [item["id"] for page in pages for item in page]
    assert len(ids) == len(set(ids)) == 15
    nothing = get_json(client, "/hsds/services?search=no-such-service-anywhere")
    assert (nothing["total_items"], nothing["total_pages"], nothing["empty"]) == (0, 0, True)
    assert nothing["first_page"] and nothing["last_page"]


HOSTILE = [
    "page=0",
    "page=-1",
    "page=abc",
    "page=1.5",
    "page=%EF%BC%91",  # a full-width digit one
    "per_page=0",
    f"per_page={10**9}",
    "per_page=501",
    "modified_after=garbage",
    "modified_after=2025-13-45",
    "modified_after=2025-02-30T25:61:00Z",
    "full=maybe",
    "full_service=2",
    "top_only=yes please",
    "lang=xx",
    "lang=%00",
    "search=%00",
    "search=brasov%00",
    "taxonomy_term_id=%00",
    "search=" + "a" * 201,
    "%00=1",
]
HARMLESS = [
    "search=' OR 1=1 --",
    "search=<script>alert(1)</script>",
    "search=%F0%9F%98%80",
    "search=Брашов",
    "taxonomy_term_id=not-a-uuid",
    "taxonomy_id=" + str(uuid.uuid4()),
    "organization_id=" + str(uuid.uuid4()),
    "parent_id=x",
    "page=999999999",
    "modified_after=2025-01-31",
    "modified_after=2025-01-31T09:00:00+02:00",
    "modified_after=2025-01-31T09:00:00 02:00",
    "unknown=1",
    "format=json",
]


@pytest.mark.parametrize("endpoint", [""] + LISTS)
def test_hostile_parameters_get_400_json_never_500(client, seeded, endpoint):
    for query in HOSTILE:
        if endpoint == "" and not query.startswith(("lang", "%00")):
            continue  # the root takes no list parameters
        data = get_json(client, f"/hsds/{endpoint}?{query}", status=400)
        assert data["status"] == 400 and data["error"], query
    for query in HARMLESS:
        get_json(client, f"/hsds/{endpoint}?{query}")


def test_error_messages_are_in_the_readers_language(client, seeded):
    data = get_json(client, "/hsds/services?page=0&lang=ro", status=400)
    assert data["error"] == "page trebuie să fie un număr întreg, 1 sau mai mare."
    data = get_json(client, "/hsds/services?page=0", status=400, HTTP_ACCEPT_LANGUAGE="uk")
    assert data["error"] == "page має бути цілим числом, 1 або більше."


@pytest.mark.parametrize("endpoint", LISTS)
def test_unknown_ids_get_404_json(client, seeded, endpoint):
    for bad in [str(uuid.uuid4()), "brasov", "1", "x" * 500]:
        data = get_json(client, f"/hsds/{endpoint}/{bad}", status=404)
        assert data["status"] == 404 and data["error"]
    # A NUL byte is refused before any view (iom_romania/request_checks.py), in JSON here.
    data = get_json(client, f"/hsds/{endpoint}/%00", status=400)
    assert data["status"] == 400 and data["error"]


def test_unknown_paths_under_the_api_get_404_json(client):
    get_json(client, "/hsds/locations", status=404)
    get_json(client, "/hsds/services/x/y", status=404)


def test_only_get_and_head(client, seeded):
    assert client.post("/hsds/services").status_code == 405
    assert client.head("/hsds/services").status_code == 200


# -- queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 4),  # the services' facts, the count, the page, the centres' notices
        ("&full=true", 7),  # + phones, weekly hours, exceptions, notices
        ("&full=true&taxonomy_term_id=TERM", 8),  # + the service types, to find the term
        ("&modified_after=2020-01-01", 3),  # nothing staff-edited: no notices to fetch
    ],
)
def test_service_at_locations_queries_do_not_grow_with_the_page(
    client, detailed, django_assert_num_queries, query, count
):
    query = query.replace("TERM", hsds.taxonomy_term_id(ServiceType.objects.first().pk))
    for per_page in (1, 5, 500):
        with django_assert_num_queries(count):
            client.get(f"/hsds/service_at_locations?per_page={per_page}{query}")


@pytest.mark.parametrize(
    ("url", "count"),
    [
        ("/hsds/", 0),
        ("/hsds/services", 1),
        ("/hsds/services?full=true", 6),  # + the links, and the centres' four details
        ("/hsds/organizations", 0),
        ("/hsds/organizations?full=true", 6),
        ("/hsds/taxonomies", 0),
        ("/hsds/taxonomy_terms", 2),
        ("/centres/hsds.json", 8),
    ],
)
def test_queries_per_request(client, detailed, django_assert_num_queries, url, count):
    with django_assert_num_queries(count):
        client.get(url)


def test_detail_queries(client, detailed, django_assert_max_num_queries):
    service = walk_list(client, "services")[0]
    link = walk_list(client, "service_at_locations")[0]
    with django_assert_max_num_queries(6):
        client.get(f"/hsds/services/{service['id']}")
    with django_assert_max_num_queries(8):
        client.get(f"/hsds/service_at_locations/{link['id']}")


# -- what is public ------------------------------------------------------------------------------


def test_nothing_unpublished_ever_appears(client, seeded):
    legal = ServiceType.objects.get(slug="legal-information")
    now = timezone.now()
    hidden = [
        {"status": Status.DRAFT},
        {"status": Status.ARCHIVED},
        {"status": Status.PUBLISHED, "publish_at": now + dt.timedelta(days=1)},
        {"status": Status.PUBLISHED, "unpublish_at": now - dt.timedelta(days=1)},
    ]
    secret_ids = []
    for i, fields in enumerate(hidden):
        centre = Centre.objects.create(
            name=f"Secret centre {i}", slug=f"secret-{i}", city="Secretville",
            latitude=45.0, longitude=25.0, **fields,
        )  # fmt: skip
        centre.services.add(legal)
        CentrePhone.objects.create(centre=centre, number="+40268999999")
        secret_ids += [
            hsds.location_id(centre.pk),
            hsds.service_at_location_id(centre.pk, legal.pk),
        ]
    bodies = []
    for endpoint in LISTS:
        for query in ("", "&full=true", "&full_service=true", "&search=Secret"):
            bodies.append(client.get(f"/hsds/{endpoint}?per_page=500{query}").content.decode())
    bodies.append(client.get("/centres/hsds.json").content.decode())
    for body in bodies:
        assert "Secret" not in body and "+40268999999" not in body
        assert hsds.service_id(legal.pk) not in body  # offered only at hidden centres
        for secret in secret_ids:
            assert secret not in body
    get_json(client, f"/hsds/services/{hsds.service_id(legal.pk)}", status=404)
    get_json(client, f"/hsds/service_at_locations/{secret_ids[1]}", status=404)


# -- truth ---------------------------------------------------------------------------------------


def test_ids_are_stable_uuids_that_survive_renaming(client, seeded):
    before = walk_list(client, "service_at_locations", "&full=true")
    Centre.objects.filter(slug="brasov").update(slug="brasov-renamed", name="Renamed")
    ServiceType.objects.filter(slug="information").update(slug="info-renamed", name="Info")
    after = walk_list(client, "service_at_locations", "&full=true")
    assert [item["id"] for item in before] == [item["id"] for item in after]
    assert [item["location"]["id"] for item in before] == [item["location"]["id"] for item in after]
    assert [item["service_id"] for item in before] == [item["service_id"] for item in after]
    for item in after:
        uuid.UUID(item["id"])
    centre = Centre.objects.get(slug="brasov-renamed")
    assert hsds.location_id(centre.pk) == str(uuid.uuid5(hsds.NAMESPACE, f"location:{centre.pk}"))


def test_city_centre_points_are_not_given_as_positions(client, seeded):
    for link in walk_list(client, "service_at_locations", "&full=true"):
        location = link["location"]
        assert "latitude" not in location and "longitude" not in location
        assert "Exact position not yet published" in location["description"]
        city = Centre.objects.get(pk=_centre_pk(location["id"])).city
        assert city in location["description"]
        # The street and postal code are unknown: required by HSDS, so empty, never invented.
        (address,) = location["addresses"]
        assert address["address_1"] == "" and address["postal_code"] == ""
        assert address["city"] == city and address["country"] == "RO"
        assert location["phones"] == [] and location["schedules"] == []
        assert location["languages"] == []


def _centre_pk(location_id):
    return next(pk for pk in Centre.objects.values_list("pk", flat=True)
                if hsds.location_id(pk) == location_id)  # fmt: skip


def test_assured_date_only_when_every_centre_was_checked(client, seeded):
    (service,) = walk_list(client, "services")
    assert "assured_date" not in service  # no centre has been checked
    Centre.objects.update(information_checked_on=dt.date(2026, 3, 1))
    Centre.objects.filter(slug="brasov").update(information_checked_on=dt.date(2026, 2, 1))
    (service,) = walk_list(client, "services")
    assert service["assured_date"] == "2026-02-01"  # the oldest check


def test_service_status_follows_the_centres(client, seeded):
    (service,) = walk_list(client, "services")
    assert service["status"] == "active"
    Centre.objects.update(operating_status=OperatingStatus.TEMPORARILY_CLOSED)
    (service,) = walk_list(client, "services")
    assert service["status"] == "temporarily closed"
    link = walk_list(client, "service_at_locations")[0]
    assert link["description"] == "Temporarily closed"
    Centre.objects.update(operating_status=OperatingStatus.CLOSED)
    (service,) = walk_list(client, "services")
    assert service["status"] == "inactive"


def test_last_modified_comes_from_staff_edits_and_filters(client, seeded, admin_user):
    (service,) = walk_list(client, "services")
    assert "last_modified" not in service  # loading the seed is not an edit
    assert walk_list(client, "service_at_locations", "&modified_after=2000-01-01") == []
    centre = Centre.objects.get(slug="brasov")
    centre.description = "Edited by staff"
    centre.save()
    edit = centre.history.latest()
    edit.history_user = admin_user  # as the admin records it (HistoryRequestMiddleware)
    edit.save()
    (service,) = walk_list(client, "services")
    assert service["last_modified"] == edit.history_date.astimezone(dt.UTC).isoformat(
        timespec="milliseconds"
    ).replace("+00:00", "Z")
    before = (edit.history_date - dt.timedelta(seconds=1)).isoformat().replace("+", "%2B")
    after = (edit.history_date + dt.timedelta(hours=1)).isoformat().replace("+", "%2B")
    changed = walk_list(client, "service_at_locations", f"&modified_after={before}")
    assert [link["location"]["name"] for link in changed] == [centre.name]
    assert walk_list(client, "service_at_locations", f"&modified_after={after}") == []
    assert len(walk_list(client, "services", f"&modified_after={before}")) == 1
    assert walk_list(client, "services", f"&modified_after={after}") == []


def test_filters(client, detailed):
    terms = {t["code"]: t["id"] for t in walk_list(client, "taxonomy_terms")}
    legal = walk_list(
        client, "service_at_locations", f"&taxonomy_term_id={terms['legal-information']}"
    )
    assert [link["location_id"] for link in legal] == [hsds.location_id(detailed.pk)]
    services = walk_list(client, "services", f"&taxonomy_term_id={terms['legal-information']}")
    assert [s["name"] for s in services] == ["Legal information"]
    assert len(walk_list(client, "service_at_locations", "&search=Brașov")) == 2
    assert len(walk_list(client, "service_at_locations", "&search=cluj")) == 1
    assert walk_list(client, "service_at_locations", f"&organization_id={uuid.uuid4()}") == []
    assert (
        len(walk_list(client, "service_at_locations", f"&organization_id={hsds.ORGANIZATION_ID}"))
        == 16
    )
    assert len(walk_list(client, "taxonomy_terms", f"&taxonomy_id={hsds.TAXONOMY_ID}")) == len(
        terms
    )
    assert walk_list(client, "taxonomy_terms", "&parent_id=x") == []


# -- languages -----------------------------------------------------------------------------------


def test_text_in_the_language_asked_for(client, seeded):
    english = walk_list(client, "services")[0]["name"]
    assert english == "Information on integration services"
    by_parameter = get_json(client, "/hsds/services?lang=ro")
    assert by_parameter["contents"][0]["name"] == "Informații despre serviciile de integrare"
    by_header = client.get("/hsds/services", HTTP_ACCEPT_LANGUAGE="ro-RO,ro;q=0.9,en;q=0.5")
    assert json.loads(by_header.content)["contents"][0]["name"].startswith("Informații")
    assert by_header["Content-Language"] == "ro"
    assert "Accept-Language" in by_header["Vary"]
    # The parameter wins over the header; a language without a translation falls back to English.
    nepali = get_json(client, "/hsds/services?lang=ne", HTTP_ACCEPT_LANGUAGE="ro")
    assert nepali["contents"][0]["name"] == "एकीकरण सेवाबारे जानकारी"  # the seed's starting one
    ServiceType.objects.filter(slug="information").update(name_ne="")
    nepali = get_json(client, "/hsds/services?lang=ne", HTTP_ACCEPT_LANGUAGE="ro")
    assert nepali["contents"][0]["name"] == english
    terms = get_json(client, "/hsds/taxonomy_terms?lang=ne")["contents"]
    assert {(t["name"], t["language"]) for t in terms if t["code"] == "information"} == {
        (english, "en")
    }
    terms = get_json(client, "/hsds/taxonomy_terms?lang=ro")["contents"]
    assert {t["language"] for t in terms if t["code"] == "information"} == {"ro"}
    unknown = client.get("/hsds/services", HTTP_ACCEPT_LANGUAGE="xx, *;q=0.1")
    assert json.loads(unknown.content)["contents"][0]["name"] == english
    link = get_json(client, "/hsds/service_at_locations?lang=ro&per_page=1")["contents"][0]
    assert link["location"]["url"].startswith("http://testserver/ro/centres/")
    assert link["location"]["name"].startswith("Centrul de informare")


def test_location_languages_are_named_in_the_readers_language(client, detailed):
    links = walk_list(client, "service_at_locations", "&full=true&lang=ro&search=Strada")
    names = [lang["name"] for lang in links[0]["location"]["languages"]]
    assert names == ["Română", "Engleză", "Ucraineană"]


# -- HTTP ----------------------------------------------------------------------------------------


def test_cached_like_public_pages(client, seeded, settings):
    response = client.get("/hsds/services")
    assert response["Cache-Control"] == f"public, max-age={settings.PAGE_CACHE_MAX_AGE}"
    assert not response.cookies
    again = client.get("/hsds/services", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_root_says_version_and_profile(client):
    data = get_json(client, "/hsds/")
    assert data["version"] == "3.0"
    assert data["profile"].startswith("https://")
    assert data["openapi_url"].endswith("openapi.json")


def test_old_file_is_the_whole_directory_as_one_valid_organization(client, detailed):
    data = get_json(client, "/centres/hsds.json")
    assert errors("organization.json", data) == []
    assert data["id"] == hsds.ORGANIZATION_ID
    assert len(data["locations"]) == 15
    links = [link for service in data["services"] for link in service["service_at_locations"]]
    assert len(links) == 16
    location_ids = {location["id"] for location in data["locations"]}
    assert {link["location_id"] for link in links} <= location_ids
