"""Plain geography helpers for the centre finder: distances, ranking, Romania check, map links.

Nothing here touches the database or HTTP, so it is easy to test and reuse (views, bench, exports).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import quote

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG), the usual choice for haversine

# Romania's extent (43.62–48.27 N, 20.26–29.76 E) with a small margin. A box is coarse on
# purpose: it catches typos, swapped coordinates and other countries far away; points just
# across the border are still served, since the nearest centre is then still useful.
ROMANIA_BBOX = (43.5, 20.2, 48.4, 29.8)  # (min_lat, min_lon, max_lat, max_lon)

T = TypeVar("T")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


class InvalidCoordinates(ValueError):
    """Raised when latitude/longitude cannot be parsed or are out of range."""


def parse_coordinates(lat: Any, lon: Any) -> Point:
    """Parse user-supplied latitude/longitude (strings from a URL) into a Point.

    Raises InvalidCoordinates for anything that is not a finite number in range.
    """
    try:
        latitude = float(str(lat).strip().replace(",", "."))
        longitude = float(str(lon).strip().replace(",", "."))
    except (TypeError, ValueError) as exc:
        raise InvalidCoordinates("not a number") from exc
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise InvalidCoordinates("not a finite number")
    if not -90.0 <= latitude <= 90.0 or not -180.0 <= longitude <= 180.0:
        raise InvalidCoordinates("out of range")
    return Point(latitude, longitude)


# Decimals kept of a visitor's own coordinates: 2 is about 1 km, enough to rank centres and
# too coarse to point at a home. The finder's script rounds the same way before submitting.
VISITOR_LOCATION_DECIMALS = 2


def coarse(point: Point) -> Point:
    """`point` rounded to about 1 km, before it is used or shown anywhere."""
    return Point(
        round(point.latitude, VISITOR_LOCATION_DECIMALS),
        round(point.longitude, VISITOR_LOCATION_DECIMALS),
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_km(a: Point, b: Point) -> float:
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def in_romania(point: Point) -> bool:
    """True when the point lies in Romania's bounding box (see ROMANIA_BBOX)."""
    min_lat, min_lon, max_lat, max_lon = ROMANIA_BBOX
    return min_lat <= point.latitude <= max_lat and min_lon <= point.longitude <= max_lon


def _coords_from_attributes(item: Any) -> Point | None:
    lat = getattr(item, "latitude", None)
    lon = getattr(item, "longitude", None)
    if lat is None or lon is None:
        return None
    return Point(float(lat), float(lon))


@dataclass(frozen=True)
class Ranked(Generic[T]):
    item: T
    distance_km: float | None  # None when the item has no coordinates


def nearest_centres(
    point: Point,
    centres: Iterable[T],
    coords: Callable[[T], Point | None] = _coords_from_attributes,
) -> list[Ranked[T]]:
    """Rank centres by great-circle distance from point, nearest first.

    Centres without coordinates keep their relative order and go last (with distance None).
    Ties are kept in input order (sorted() is stable), so the ranking is deterministic.
    """
    located: list[Ranked[T]] = []
    unlocated: list[Ranked[T]] = []
    for centre in centres:
        where = coords(centre)
        if where is None:
            unlocated.append(Ranked(centre, None))
        else:
            located.append(Ranked(centre, distance_km(point, where)))
    located.sort(key=lambda r: r.distance_km)
    return located + unlocated


def _fmt(value: float) -> str:
    # 6 decimals is ~10 cm: plenty, and keeps URLs short and stable.
    return f"{value:.6f}".rstrip("0").rstrip(".")


def geo_uri(point: Point, label: str = "") -> str:
    """RFC 5870 geo: URI; Android map apps also read the ?q=lat,lon(label) form."""
    coords = f"{_fmt(point.latitude)},{_fmt(point.longitude)}"
    if label:
        return f"geo:{coords}?q={coords}({quote(label, safe='')})"
    return f"geo:{coords}"


def osm_directions_url(to: Point, origin: Point | None = None) -> str:
    """OpenStreetMap directions to a point, from origin when known (else the user picks)."""
    dest = f"{_fmt(to.latitude)}%2C{_fmt(to.longitude)}"
    start = f"{_fmt(origin.latitude)}%2C{_fmt(origin.longitude)}" if origin else ""
    return f"https://www.openstreetmap.org/directions?route={start}%3B{dest}"


def osm_map_url(point: Point, zoom: int = 16) -> str:
    """OpenStreetMap page with a marker at the point."""
    lat, lon = _fmt(point.latitude), _fmt(point.longitude)
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}"
