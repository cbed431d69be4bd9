"""The "nearest centre" lookup: from a typed place or coordinates to ranked centres.

Kept out of the view so the bench and the tests call exactly what the page calls. A lookup
costs one query for the centres (the database picks the nearest candidates, so the work in
Python does not grow with the number of centres) and none for the place: the gazetteer
index lives in process memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import ExpressionWrapper, F, FloatField, QuerySet, Value
from django.db.models.functions import Cos, Radians

from . import geo
from .gazetteer import LookupResult, Place, Status
from .gazetteer_db import get_gazetteer
from .models import LANGUAGE_CODES, Centre

RESULTS_LIMIT = 20  # nearest centres shown for a lookup; the full list is one click away


class Problem(StrEnum):
    """Why a lookup did not give a place; each has its own message in the template."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_LETTERS = "no_letters"
    NOT_FOUND = "not_found"
    AMBIGUOUS = "ambiguous"
    BAD_COORDINATES = "bad_coordinates"
    OUTSIDE_ROMANIA = "outside_romania"
    UNKNOWN_PLACE_ID = "unknown_place_id"


@dataclass
class Finding:
    query: str = ""
    origin: geo.Point | None = None
    place: Place | None = None  # the place the person meant, when typed or chosen
    from_coordinates: bool = False
    problem: Problem | None = None
    lookup: LookupResult | None = None  # suggestions, candidates, other places with the name
    results: list[Centre] = field(default_factory=list)  # each with .distance_km

    @property
    def searched(self) -> bool:
        return self.origin is not None or self.problem is not None


def filtered_centres(service: str = "", language: str = "") -> QuerySet[Centre]:
    centres = Centre.objects.published()
    if service:
        centres = centres.filter(services__slug=service)
    if language in LANGUAGE_CODES:
        # JSON text contains '"uk"': portable across PostgreSQL and SQLite.
        centres = centres.filter(languages__icontains=f'"{language}"')
    return centres


def nearest(centres: QuerySet[Centre], origin: geo.Point, limit: int) -> list[Centre]:
    """The `limit` centres nearest to origin, nearest first, each with .distance_km.

    The database orders by a cheap planar approximation (equirectangular, scaled by the cosine
    of the mid latitude: two function calls per row instead of a dozen for haversine), and
    returns twice as many candidates as needed; the exact great-circle distance is then
    computed in Python for those candidates only. Over Romania the approximation is within a
    fraction of a percent, far less than the margin the extra candidates give.
    """
    lat0, lon0 = origin.latitude, origin.longitude
    dlat = F("latitude") - Value(lat0)
    dlon = (F("longitude") - Value(lon0)) * Cos(Radians((F("latitude") + Value(lat0)) / 2))
    approx = ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())
    nearest_ids = centres.annotate(approx=approx).order_by("approx", "order", "pk")
    # One statement: the inner query sorts narrow rows (ids), the outer one fetches the few
    # full rows; sorting full rows would cost three times as much with 10,000 centres.
    candidates = list(
        Centre.objects.filter(pk__in=nearest_ids.values("pk")[: 2 * limit]).order_by("order", "pk")
    )
    for centre in candidates:
        centre.distance_km = geo.distance_km(origin, geo.Point(centre.latitude, centre.longitude))
    candidates.sort(key=lambda c: c.distance_km)  # stable: ties keep the list order
    return candidates[:limit]


def find(
    query: str = "",
    lat: str | None = None,
    lon: str | None = None,
    place_id: str | None = None,
    service: str = "",
    language: str = "",
    limit: int = RESULTS_LIMIT,
) -> Finding:
    """Work out where the person is and rank the centres from there."""
    finding = Finding(query=(query or "").strip())
    if lat is not None or lon is not None:
        try:
            point = geo.parse_coordinates(lat, lon)
        except geo.InvalidCoordinates:
            finding.problem = Problem.BAD_COORDINATES
            return finding
        if not geo.in_romania(point):
            finding.problem = Problem.OUTSIDE_ROMANIA
            return finding
        finding.origin, finding.from_coordinates = point, True
    elif place_id:
        place = _place_by_id(place_id)
        if place is None:
            finding.problem = Problem.UNKNOWN_PLACE_ID
            return finding
        finding.place, finding.origin = place, geo.Point(place.latitude, place.longitude)
    else:
        result = get_gazetteer().lookup(query)
        finding.lookup = result
        if result.status != Status.FOUND:
            finding.problem = Problem(result.status.value)
            return finding
        finding.place = result.place
        finding.origin = geo.Point(result.place.latitude, result.place.longitude)

    finding.results = nearest(filtered_centres(service, language), finding.origin, limit)
    return finding


def _place_by_id(place_id: str) -> Place | None:
    try:
        pid = int(place_id)
    except (TypeError, ValueError):
        return None
    gazetteer = get_gazetteer()
    if pid < 0:  # counties are -code
        return next(
            (c for c in gazetteer.counties_by_name.values() if c.id == pid),
            None,
        )
    return gazetteer.places.get(pid)
