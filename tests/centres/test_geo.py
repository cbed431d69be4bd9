"""Unit tests for centres.geo (plain functions, no database)."""

import math

import pytest

from centres.geo import (
    InvalidCoordinates,
    Point,
    geo_uri,
    haversine_km,
    in_romania,
    nearest_centres,
    osm_directions_url,
    osm_map_url,
    parse_coordinates,
)

BUCURESTI = Point(44.43225, 26.10626)
BRASOV = Point(45.64861, 25.60613)
IASI = Point(47.16667, 27.6)
CLUJ = Point(46.76667, 23.6)
TIMISOARA = Point(45.75372, 21.22571)


@pytest.mark.smoke
@pytest.mark.parametrize(
    "a, b, expected_km, tolerance",
    [
        (BUCURESTI, BUCURESTI, 0.0, 1e-9),
        # One degree of latitude along a meridian is R * pi / 180.
        (Point(45.0, 25.0), Point(46.0, 25.0), 6371.0088 * math.pi / 180, 1e-6),
        # Quarter of the equator.
        (Point(0.0, 0.0), Point(0.0, 90.0), 6371.0088 * math.pi / 2, 1e-6),
        # Antipodes: half the circumference, no math domain error.
        (Point(0.0, 0.0), Point(0.0, 180.0), 6371.0088 * math.pi, 1e-6),
        # Along the 45th parallel, 1 degree of longitude is a bit under R * pi / 180 * cos(45).
        (
            Point(45.0, 25.0),
            Point(45.0, 26.0),
            6371.0088 * math.pi / 180 * math.cos(math.pi / 4),
            0.01,
        ),
    ],
)
def test_haversine(a, b, expected_km, tolerance):
    got = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
    assert got == pytest.approx(expected_km, abs=tolerance)
    # Agrees with the spherical law of cosines (a different formula for the same distance).
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dl = math.radians(b.longitude - a.longitude)
    cos_c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    assert got == pytest.approx(6371.0088 * math.acos(max(-1.0, min(1.0, cos_c))), abs=1e-3)
    # Symmetric.
    assert haversine_km(b.latitude, b.longitude, a.latitude, a.longitude) == pytest.approx(got)


class Centre:
    def __init__(self, name, point):
        self.name = name
        self.latitude = point.latitude if point else None
        self.longitude = point.longitude if point else None


@pytest.mark.smoke
@pytest.mark.parametrize(
    "origin, expected_order",
    [
        (BRASOV, ["Brașov", "București", "Cluj", "Iași", "Timișoara"]),
        (Point(47.2, 27.5), ["Iași", "Brașov", "Cluj", "București", "Timișoara"]),
        (Point(45.7, 21.3), ["Timișoara", "Cluj", "Brașov", "București", "Iași"]),
    ],
)
def test_nearest_centres_ranks_by_distance_and_puts_unlocated_last(origin, expected_order):
    centres = [
        Centre("Unknown", None),
        Centre("București", BUCURESTI),
        Centre("Iași", IASI),
        Centre("Brașov", BRASOV),
        Centre("Cluj", CLUJ),
        Centre("Timișoara", TIMISOARA),
    ]
    ranked = nearest_centres(origin, centres)
    assert [r.item.name for r in ranked] == [*expected_order, "Unknown"]
    distances = [r.distance_km for r in ranked[:-1]]
    assert distances == sorted(distances)
    assert ranked[-1].distance_km is None


@pytest.mark.smoke
def test_nearest_centres_custom_coords_and_stable_ties():
    items = [("a", BRASOV), ("b", BRASOV), ("c", BUCURESTI)]
    ranked = nearest_centres(BRASOV, items, coords=lambda item: item[1])
    assert [r.item[0] for r in ranked] == ["a", "b", "c"]
    assert nearest_centres(BRASOV, []) == []


@pytest.mark.smoke
@pytest.mark.parametrize(
    "lat, lon, expected",
    [
        ("45.6486", "25.6061", Point(45.6486, 25.6061)),
        (" 47,16 ", "27,6", Point(47.16, 27.6)),  # decimal comma, spaces
        (-90, 180, Point(-90.0, 180.0)),
    ],
)
def test_parse_coordinates_ok(lat, lon, expected):
    assert parse_coordinates(lat, lon) == expected


@pytest.mark.smoke
@pytest.mark.parametrize(
    "lat, lon",
    [
        ("abc", "25"),
        ("45", ""),
        (None, "25"),
        ("nan", "25"),
        ("inf", "25"),
        ("91", "25"),
        ("45", "-181"),
        ("1e309", "25"),
        ("45; DROP TABLE centres", "25"),
    ],
)
def test_parse_coordinates_rejects(lat, lon):
    with pytest.raises(InvalidCoordinates):
        parse_coordinates(lat, lon)


@pytest.mark.smoke
@pytest.mark.parametrize(
    "point, expected",
    [
        (BUCURESTI, True),
        (TIMISOARA, True),
        (Point(45.16, 29.68), True),  # Sulina, easternmost town
        (Point(43.65, 25.35), True),  # Zimnicea, southernmost
        (Point(48.85, 2.35), False),  # Paris
        (Point(42.70, 23.32), False),  # Sofia
        (Point(47.50, 19.04), False),  # Budapest
        (Point(26.10, 44.43), False),  # swapped coordinates
        (Point(0.0, 0.0), False),
    ],
)
def test_in_romania(point, expected):
    assert in_romania(point) is expected


@pytest.mark.smoke
def test_link_builders():
    assert geo_uri(BRASOV) == "geo:45.64861,25.60613"
    assert geo_uri(BRASOV, "IOM Brașov") == (
        "geo:45.64861,25.60613?q=45.64861,25.60613(IOM%20Bra%C8%99ov)"
    )
    assert osm_directions_url(Point(45.0, 25.5)) == (
        "https://www.openstreetmap.org/directions?route=%3B45%2C25.5"
    )
    assert osm_directions_url(BRASOV, origin=IASI) == (
        "https://www.openstreetmap.org/directions?route=47.16667%2C27.6%3B45.64861%2C25.60613"
    )
    assert osm_map_url(IASI) == (
        "https://www.openstreetmap.org/?mlat=47.16667&mlon=27.6#map=16/47.16667/27.6"
    )
