"""Unit tests for centres.gazetteer: folding, lookup, suggestions, ambiguity, bad input."""

import pytest

from centres.gazetteer import (
    DATA_FILE,
    Gazetteer,
    Place,
    Status,
    fold,
    load_data_file,
    name_keys,
)


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_data(load_data_file())


@pytest.mark.smoke
@pytest.mark.parametrize(
    "text, key",
    [
        ("Brașov", "brasov"),  # s with comma below
        ("Braşov", "brasov"),  # s with cedilla (old encoding)
        ("BRAȘOV", "brasov"),
        ("  brasov  ", "brasov"),
        ("Constanța", "constanta"),
        ("Constanţa", "constanta"),
        ("Brăila", "braila"),
        ("Târgu Mureș", "targumures"),
        ("Cluj-Napoca", "clujnapoca"),
        ("Cluj Napoca", "clujnapoca"),
        ("cluj.napoca!!", "clujnapoca"),
        ("Întorsura Buzăului", "intorsurabuzaului"),
        ("Marosvásárhely", "marosvasarhely"),
        ("Großwardein", "grosswardein"),
        ("Sector 3", "sector3"),
        # Cyrillic, transliterated towards Romanian spelling.
        ("Брашов", "brasov"),
        ("Тимишоара", "timisoara"),
        ("Клуж", "cluj"),
        ("Бакэу", "bacau"),
        ("Констанца", "constanta"),
        # Arabic script is kept (GeoNames has Arabic-script names), harakat are dropped.
        ("بُخارست", "بخارست"),
        ("!!!", ""),
        ("", ""),
    ],
)
def test_fold(text, key):
    assert fold(text) == key


@pytest.mark.smoke
def test_old_spelling_keys():
    assert name_keys("Târgu Mureș") == {"targumures", "tirgumures"}
    assert name_keys("Brașov") == {"brasov"}


# Each input and the place it must resolve to: (name, county) of the expected place.
LOOKUPS = [
    ("Brasov", "Brașov", "Brașov"),
    ("BRAȘOV", "Brașov", "Brașov"),
    ("Braşov", "Brașov", "Brașov"),
    ("brasov", "Brașov", "Brașov"),
    ("Брашов", "Brașov", "Brașov"),
    ("Kronstadt", "Brașov", "Brașov"),
    ("Cluj Napoca", "Cluj-Napoca", "Cluj"),
    ("cluj-napoca", "Cluj-Napoca", "Cluj"),
    ("Cluj", "Cluj-Napoca", "Cluj"),
    ("Kolozsvár", "Cluj-Napoca", "Cluj"),
    ("Tirgu Mures", "Târgu Mureș", "Mureș"),
    ("Targu Mures", "Târgu Mureș", "Mureș"),
    ("Tîrgu-Mureş", "Târgu Mureș", "Mureș"),
    ("Marosvásárhely", "Târgu Mureș", "Mureș"),
    ("Bucuresti", "București", "București"),
    ("București", "București", "București"),
    ("Bucharest", "București", "București"),
    ("Bukarest", "București", "București"),
    ("Бухарест", "București", "București"),
    ("بخارست", "București", "București"),
    ("Sector 3", "Sector 3", "București"),
    ("sectorul 3", "Sector 3", "București"),
    ("Timișoara", "Timișoara", "Timiș"),
    ("Timisoara", "Timișoara", "Timiș"),
    ("Temesvár", "Timișoara", "Timiș"),
    ("Iasi", "Iași", "Iași"),
    ("Яссы", "Iași", "Iași"),
    ("Buhusi", "Buhuși", "Bacău"),
    ("Orașul Buhuși", "Buhuși", "Bacău"),
    ("Slatina", "Slatina", "Olt"),  # the municipality, not the villages with that name
    ("Sălcioara, Buzău", "Sălcioara", "Buzău"),
    ("Salcioara, judetul Tulcea", "Sălcioara", "Tulcea"),
]


@pytest.mark.smoke
@pytest.mark.parametrize("query, name, county", LOOKUPS)
def test_lookup_finds_place(gazetteer, query, name, county):
    result = gazetteer.lookup(query)
    assert result.status == Status.FOUND, (query, result)
    assert (result.place.name, result.place.county) == (name, county)


COUNTY_LOOKUPS = [
    ("judetul Brasov", "Brașov", "Brașov"),
    ("Județul Brașov", "Brașov", "Brașov"),
    ("Brasov county", "Brașov", "Brașov"),
    ("Harghita", "Harghita", "Miercurea-Ciuc"),
    ("jud. Covasna", "Covasna", "Sfântu Gheorghe"),
    ("Ilfov", "Ilfov", "Buftea"),
    ("Hunedoara county", "Hunedoara", "Deva"),
]


@pytest.mark.smoke
@pytest.mark.parametrize("query, county, seat", COUNTY_LOOKUPS)
def test_lookup_finds_county_at_its_seat(gazetteer, query, county, seat):
    result = gazetteer.lookup(query)
    assert result.status == Status.FOUND
    assert result.place.kind == "county"
    assert result.place.name == county
    seat_place = gazetteer.places[result.place.seat_id]
    assert seat_place.name == seat
    assert (result.place.latitude, result.place.longitude) == (
        seat_place.latitude,
        seat_place.longitude,
    )


@pytest.mark.smoke
@pytest.mark.parametrize(
    "query, expected_first",
    [
        ("Timisora", "Timișoara"),
        ("Brasv", "Brașov"),
        ("Constnata", "Constanța"),
        ("Sibu", "Sibiu"),
    ],
)
def test_typos_get_suggestions_best_first(gazetteer, query, expected_first):
    result = gazetteer.lookup(query)
    assert result.status == Status.NOT_FOUND
    assert result.suggestions
    assert result.suggestions[0].name == expected_first
    assert len(result.suggestions) <= 5


@pytest.mark.smoke
def test_same_name_in_several_counties_gives_a_choice(gazetteer):
    result = gazetteer.lookup("Sălcioara")
    assert result.status == Status.AMBIGUOUS
    counties = {p.county for p in result.candidates if p.name == "Sălcioara"}
    assert {"Buzău", "Dâmbovița", "Ialomița", "Tulcea"} <= counties
    # Each choice can be told apart by its label.
    labels = [p.label for p in result.candidates]
    assert "Sălcioara (Buzău)" in labels
    # Places that answer to the name only as an alternate name are marked as such.
    for place in result.candidates:
        assert (place.id in result.by_alternate_name) == (place.name != "Sălcioara")
    assert len(set(labels)) == len(labels)


@pytest.mark.smoke
@pytest.mark.parametrize(
    "query, status",
    [
        ("", Status.EMPTY),
        ("   ", Status.EMPTY),
        (None, Status.EMPTY),
        ("x" * 500, Status.TOO_LONG),
        ("!!! ... ---", Status.NO_LETTERS),
        ("'; DROP TABLE centres_centre; --", Status.NOT_FOUND),
        ("<script>alert(1)</script>", Status.NOT_FOUND),
        ("Paris", Status.NOT_FOUND),
        ("zzzzqqqq", Status.NOT_FOUND),
    ],
)
def test_bad_input(gazetteer, query, status):
    result = gazetteer.lookup(query)
    assert result.status == status
    assert result.place is None


@pytest.mark.smoke
def test_data_file_metadata_and_size():
    data = load_data_file()
    meta = data["meta"]
    assert meta["licence"] == "CC BY 4.0"
    assert "GeoNames" in meta["source"] and meta["built"]
    assert len(data["places"]) > 7000
    assert len(data["counties"]) == 42  # 41 counties and Bucharest
    assert DATA_FILE.stat().st_size < 400 * 1024
    sectors = [p for p in data["places"] if p[6] == "sector"]
    assert sorted(p[1] for p in sectors) == [f"Sector {n}" for n in range(1, 7)]
    # Romanian orthography: comma-below letters, not the cedilla ones.
    assert not any(ch in p[1] for p in data["places"] for ch in "şţŞŢ")


@pytest.mark.smoke
def test_place_label():
    assert Place(1, "Sălcioara", "Buzău", 45.3, 27.2).label == "Sălcioara (Buzău)"
    assert Place(2, "București", "București", 44.4, 26.1).label == "București"


@pytest.mark.smoke
@pytest.mark.parametrize(
    "latitude, longitude, expected",
    [
        (47.16, 27.60, True),  # Iași
        (45.60, 24.74, True),  # Moldoveanu peak, Făgăraș mountains
        (45.10, 29.30, True),  # Danube Delta
        (47.58, 24.63, True),  # Rodna mountains
        (47.01, 28.86, False),  # Chișinău, Moldova: inside Romania's bounding box
        (47.76, 27.93, False),  # Bălți, Moldova
    ],
)
def test_near_a_place(gazetteer, latitude, longitude, expected):
    assert gazetteer.near_a_place(latitude, longitude) is expected
