"""The /centres/ finder over HTTP: typed places, coordinates, filters and bad input."""

import datetime as dt
import random
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from centres import geo
from centres.finder import nearest
from centres.gazetteer import Gazetteer, load_data_file
from centres.models import Centre, ServiceType

from .conftest import list_slugs, result_slugs

URL = "/en/centres/"


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_data(load_data_file())


def nearest_slug_by_coordinates(point: geo.Point) -> str:
    """The expected answer, computed from the coordinates (not hard-coded distances)."""
    centres = Centre.objects.published()
    return geo.nearest_centres(point, centres)[0].item.slug


# (what is typed, the centre a person expects)
TYPED = [
    ("Brasov", "brasov"),
    ("BRAȘOV", "brasov"),
    ("Braşov", "brasov"),
    ("brasov", "brasov"),
    ("Cluj Napoca", "cluj"),
    ("Tirgu Mures", "targu-mures"),
    ("Marosvásárhely", "targu-mures"),
    ("Bucuresti", "bucuresti"),
    ("Bucharest", "bucuresti"),
    ("Sector 3", "bucuresti"),
    ("Бухарест", "bucuresti"),
    ("Buhuși", "bacau"),  # a small town 20 km from Bacău
    ("Buhusi", "bacau"),
    ("Брашов", "brasov"),
    ("judetul Covasna", "brasov"),  # county seat Sfântu Gheorghe
    ("Vaslui county", "iasi"),  # county seat Vaslui
    ("Temesvár", "timisoara"),
]


@pytest.mark.parametrize(("typed", "expected"), TYPED)
def test_typed_place_ranks_the_nearest_centre_first(client, seeded, gazetteer, typed, expected):
    place = gazetteer.lookup(typed).place
    assert place is not None, typed
    # The expectation agrees with the geometry...
    assert nearest_slug_by_coordinates(geo.Point(place.latitude, place.longitude)) == expected
    # ...and the page shows it first, highlighted, with all centres ranked.
    response = client.get(URL, {"q": typed})
    assert response.status_code == 200
    html = response.content.decode()
    slugs = result_slugs(html)
    assert slugs[0] == expected
    assert len(slugs) == 15
    assert "centre-nearest" in html and "Nearest centre" in html


def test_results_are_sorted_by_distance(client, seeded):
    response = client.get(URL, {"q": "Sibiu"})
    results = response.context["finding"].results
    distances = [c.distance_km for c in results]
    assert distances == sorted(distances)
    assert results[0].slug == "sibiu" and distances[0] < 1
    # The SQL distance matches the haversine formula.
    for centre in results:
        expected = geo.haversine_km(45.8, 24.15, centre.latitude, centre.longitude)
        assert centre.distance_km == pytest.approx(expected, abs=0.01)


def test_results_have_call_directions_and_status(client, full_centre):
    html = client.get(URL, {"q": "Brasov"}).content.decode()
    assert 'href="tel:+40268000000"' in html
    assert "https://wa.me/40700000000" in html
    assert "https://www.openstreetmap.org/directions?route=" in html
    assert 'href="geo:45.64861,25.60613?q=' in html
    assert "open-status" in html


def test_typo_gets_suggestions_best_first(client, seeded):
    response = client.get(URL, {"q": "Timisora"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not find" in html and "Did you mean" in html
    suggestions = response.context["finding"].lookup.suggestions
    assert suggestions[0].name == "Timișoara"
    # Following the suggestion ranks from there.
    follow = client.get(URL, {"place": suggestions[0].id})
    assert result_slugs(follow.content.decode())[0] == "timisoara"
    # The full list is still there.
    assert len(list_slugs(html)) == 15


def test_ambiguous_name_offers_a_choice_with_counties(client, seeded):
    response = client.get(URL, {"q": "Salcioara"})
    html = response.content.decode()
    assert "There are several places called" in html
    for county in ["Buzău", "Dâmbovița", "Ialomița", "Tulcea"]:
        assert f"Sălcioara, {county} county" in html
    candidates = response.context["finding"].lookup.candidates
    buzau = next(p for p in candidates if p.county == "Buzău")
    chosen = client.get(URL, {"place": buzau.id})
    assert result_slugs(chosen.content.decode())[0] == nearest_slug_by_coordinates(
        geo.Point(buzau.latitude, buzau.longitude)
    )


BAD_INPUT = [
    ({"q": ""}, "Type the name of your town"),
    ({"q": "   "}, "Type the name of your town"),
    ({"q": "x" * 500}, "too long to be a place name"),
    ({"q": "!!! ??? ..."}, "Type a place name with letters"),
    ({"q": "'; DROP TABLE centres_centre; --"}, "We could not find"),
    ({"q": "<script>alert(1)</script>"}, "We could not find"),
    ({"q": "Paris"}, "We could not find"),
    ({"lat": "abc", "lon": "25"}, "not a valid latitude and longitude"),
    ({"lat": "45"}, "not a valid latitude and longitude"),
    ({"lat": "95", "lon": "25"}, "not a valid latitude and longitude"),
    ({"lat": "nan", "lon": "25"}, "not a valid latitude and longitude"),
    ({"lat": "48.8566", "lon": "2.3522"}, "outside Romania"),  # Paris
    ({"lat": "25.6", "lon": "45.6"}, "outside Romania"),  # swapped
    ({"lat": "47.01", "lon": "28.86"}, "outside Romania"),  # Chișinău, inside the bbox
    ({"place": "abc"}, "We could not find that place"),
    ({"place": "999999999"}, "We could not find that place"),
    ({"q": "Brasov", "service": "no-such-service", "language": "xx"}, None),
]


@pytest.mark.parametrize(("params", "message"), BAD_INPUT)
def test_bad_input_gets_a_message_and_the_full_list(client, seeded, params, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    if message:
        assert message in html
        assert 'role="alert"' in html
        assert len(list_slugs(html)) == 15  # the full list
    assert "<script>alert(1)</script>" not in html  # escaped, never echoed raw


def test_geolocation_coordinates_rank_from_there(client, seeded):
    # A point just outside Iași.
    response = client.get(URL, {"lat": "47.20", "lon": "27.55"})
    html = response.content.decode()
    assert result_slugs(html)[0] == "iasi"
    assert "Centres nearest to your location" in html
    # Decimal commas are accepted too.
    response = client.get(URL, {"lat": "45,75", "lon": "21,23"})
    assert result_slugs(response.content.decode())[0] == "timisoara"


def test_service_filter(client, seeded):
    Centre.objects.get(slug="iasi").services.add(ServiceType.objects.get(slug="legal-information"))
    response = client.get(URL, {"q": "Brasov", "service": "legal-information"})
    assert result_slugs(response.content.decode()) == ["iasi"]
    # Seeded centres all offer information on integration services.
    response = client.get(URL, {"q": "Brasov", "service": "information"})
    assert len(result_slugs(response.content.decode())) == 15
    # Without a place, the filter narrows the full list.
    response = client.get(URL, {"service": "legal-information"})
    assert list_slugs(response.content.decode()) == ["iasi"]


def test_language_filter(client, seeded):
    Centre.objects.filter(slug__in=["cluj", "sibiu"]).update(languages=["ro", "uk"])
    Centre.objects.filter(slug="brasov").update(languages=["ro", "en"])
    response = client.get(URL, {"q": "Brasov", "language": "uk"})
    assert result_slugs(response.content.decode()) == ["sibiu", "cluj"]
    response = client.get(URL, {"q": "Brasov", "language": "ar"})
    html = response.content.decode()
    assert result_slugs(html) == []
    assert "No centre matches the service and language chosen" in html


def test_closed_centres_are_not_ranked_but_temporarily_closed_ones_say_so(client, seeded):
    Centre.objects.filter(slug="brasov").update(operating_status="closed")
    Centre.objects.filter(slug="ploiesti").update(operating_status="temporarily_closed")
    html = client.get(URL, {"q": "Brasov"}).content.decode()
    assert result_slugs(html)[0] == "ploiesti"
    assert "brasov" not in result_slugs(html)
    assert "Temporarily closed." in html


def test_unpublished_centres_are_not_ranked(client, seeded):
    Centre.objects.filter(slug="brasov").update(status="draft")
    slugs = result_slugs(client.get(URL, {"q": "Brasov"}).content.decode())
    assert "brasov" not in slugs and len(slugs) == 14


@pytest.mark.smoke
def test_finder_page_without_search_lists_all_centres(client, seeded):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(list_slugs(html)) == 15
    assert 'autocomplete="off"' in html and '<label for="id_q">' in html
    assert "GeoNames" in html and "CC BY 4.0" in html
    assert 'id="use-my-location"' in html and " hidden " in html
    assert "<script>" not in html  # no inline script (CSP)


@pytest.mark.smoke
def test_finder_lookup_smoke(client, seeded):
    response = client.get(URL, {"q": "brasov"})
    assert result_slugs(response.content.decode())[0] == "brasov"


def test_list_page_query_count(client, seeded, django_assert_max_num_queries):
    # Services and languages offered, count, page of centres, their phones, messaging
    # links, weekly hours, exceptions and notices (one query each), scam banner.
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200


def test_form_jumps_to_the_results(client, seeded):
    html = client.get(URL).content.decode()
    assert 'action="/en/centres/#results"' in html
    assert 'id="results"' in client.get(URL, {"q": "Brasov"}).content.decode()
    assert 'id="results"' in client.get(URL, {"q": "Timisora"}).content.decode()


def test_lookup_query_count(client, seeded, django_assert_max_num_queries):
    client.get(URL, {"q": "Brasov"})  # builds the in-memory gazetteer index once
    # Services and languages offered, the nearest centres, their phones, messaging links,
    # weekly hours, exceptions and notices (one query each), scam banner.
    with django_assert_max_num_queries(9):
        assert client.get(URL, {"q": "Cluj Napoca"}).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(URL, {"lat": "47.2", "lon": "27.5", "service": "information"})
    with django_assert_max_num_queries(10):
        assert client.get(URL, {"q": "Timisora"}).status_code == 200  # + the full list


def test_query_count_does_not_grow_with_centres(client, seeded, make_centre):
    client.get(URL, {"q": "Brasov"})
    for i in range(60):
        make_centre(f"extra-{i}", latitude=44 + i * 0.05, longitude=22 + i * 0.1)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"q": "Sibiu"})
    assert len(ctx.captured_queries) <= 9  # as with 15 centres (test_lookup_query_count)
    assert len(result_slugs(response.content.decode())) == 20  # RESULTS_LIMIT


@pytest.mark.parametrize("layout", ["dense", "sparse", "mixed"])
def test_nearest_matches_brute_force_ranking(db, layout):
    """The indexed two-branch query returns exactly what ranking every centre would."""
    rng = random.Random(layout)
    min_lat, min_lon, max_lat, max_lon = geo.ROMANIA_BBOX
    points = []
    if layout in ("dense", "mixed"):  # hundreds of centres around Brașov: the index branch
        points += [
            (45.65 + rng.uniform(-0.4, 0.4), 25.6 + rng.uniform(-0.5, 0.5)) for _ in range(400)
        ]
    if layout in ("sparse", "mixed"):  # a few all over the country: the full branch
        points += [
            (rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon)) for _ in range(30)
        ]
    Centre.objects.bulk_create(
        Centre(
            slug=f"c{i}", name=f"C{i}", city="X", latitude=lat, longitude=lon, status="published"
        )
        for i, (lat, lon) in enumerate(points)
    )
    everything = list(Centre.objects.all())
    origins = [geo.Point(45.65, 25.6), geo.Point(45.9, 25.9)] + [
        geo.Point(rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon)) for _ in range(8)
    ]
    for origin in origins:
        expected = [r.item.slug for r in geo.nearest_centres(origin, everything)[:10]]
        got = nearest(Centre.objects.published(), origin, 10)
        assert [c.slug for c in got] == expected, origin
        assert all(c.distance_km is not None for c in got)


@pytest.mark.parametrize(
    ("distance", "shown"),
    [(0.0, "0"), (0.4, "0"), (0.5, "1"), (2.5, "3"), (12.5, "13"), (99.5, "100"), (1234.5, "1235")],
)
def test_a_card_shows_the_distance_rounded_to_the_kilometre(db, seeded, distance, shown):
    centre = Centre.objects.get(slug="brasov")
    html = render_to_string(
        "centres/includes/centre_card.html", {"centre": centre, "distance_km": distance}
    )
    # The seed's point is the city's centre: the distance says so.
    assert f"about {shown} km away (from the city centre)" in html
    centre.exact_location_set_at = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    html = render_to_string(
        "centres/includes/centre_card.html", {"centre": centre, "distance_km": distance}
    )
    assert f"{shown} km away (straight line)" in html


def test_filters_offer_only_what_some_centre_has(client, seeded):
    """The seed records no centre's languages: the filter says so instead of offering 28
    languages that all give nothing. Once centres have some, only those are offered."""
    html = client.get(URL).content.decode()
    assert 'name="language"' not in html
    assert "Language spoken: no centre has its languages recorded yet." in html
    Centre.objects.filter(slug="brasov").update(languages=["ro", "uk"])
    Centre.objects.filter(slug="cluj").update(languages=["uk"], status="draft")
    Centre.objects.filter(slug="iasi").update(languages=["ar"], status="draft")
    html = client.get(URL).content.decode()
    offered = re.findall(
        r'<option value="([a-z]+)"', html.split('name="language"')[1].split("</select>")[0]
    )
    assert sorted(offered) == ["ro", "uk"]  # not Arabic: only a draft centre speaks it
    # Services: only those a published centre offers.
    services = html.split('name="service"')[1].split("</select>")[0]
    assert 'value="information"' in services
    assert 'value="legal-information"' not in services


def test_the_service_filter_says_when_no_centre_has_services(client, seeded):
    for centre in Centre.objects.all():
        centre.services.clear()
    html = client.get(URL).content.decode()
    assert 'name="service"' not in html
    assert "Service: no centre has its services recorded yet." in html
