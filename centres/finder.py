"""The "nearest centre" lookup: from a typed place or coordinates to ranked centres.

Kept out of the view so the bench and the tests call exactly what the page calls. A lookup
costs one query for the centres (ranked by great-circle distance in SQL, so it does not
grow with the number of centres) and none for the place: the gazetteer index lives in
process memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import ExpressionWrapper, F, FloatField, QuerySet, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

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


def rank_by_distance(centres: QuerySet[Centre], origin: geo.Point) -> QuerySet[Centre]:
    """Annotate distance_km (haversine, computed by the database) and order by it."""
    lat0 = math.radians(origin.latitude)
    lon0 = math.radians(origin.longitude)
    lat = Radians(F("latitude"))
    half_dlat = (lat - Value(lat0)) / Value(2.0)
    half_dlon = (Radians(F("longitude")) - Value(lon0)) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(lat0)) * Cos(lat) * Power(Sin(half_dlon), 2)
    distance = Value(2 * geo.EARTH_RADIUS_KM) * ASin(Sqrt(Least(a, Value(1.0))))
    return centres.annotate(
        distance_km=ExpressionWrapper(distance, output_field=FloatField())
    ).order_by("distance_km", "order", "pk")


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

    ranked = rank_by_distance(filtered_centres(service, language), finding.origin)
    finding.results = list(ranked[:limit])
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
