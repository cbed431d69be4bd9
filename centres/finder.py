"""The "nearest centre" lookup: from a typed place or coordinates to ranked centres.

Kept out of the view so the bench and the tests call exactly what the page calls. The place
costs no query: the gazetteer index lives in process memory. The centres: while there are
few (up to IN_MEMORY_LIMIT, the office has 15), they are read once per content generation
(iom_romania.content_cache) and ranked in Python, which is cheaper than asking the
database; with more, one query lets the database pick the nearest candidates through its
coordinates index, so the work in Python does not grow with the number of centres.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import connection
from django.db.models import ExpressionWrapper, F, FloatField, QuerySet, Value
from django.db.models.functions import Cos, Radians

from iom_romania.content_cache import cached_content

from . import geo
from .gazetteer import LookupResult, Place, Status
from .gazetteer_db import get_gazetteer
from .models import LANGUAGE_CODES, Centre, OperatingStatus

RESULTS_LIMIT = 20  # nearest centres shown for a lookup; the full list is one click away
IN_MEMORY_LIMIT = 500  # up to this many centres, lists and lookups use them from memory


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


def centres_in_memory(service: str = "", language: str = "") -> list[Centre] | None:
    """The published centres matching the filters, read once per content generation, or
    None when there are more than IN_MEMORY_LIMIT (then pages page through the database)."""

    def read():
        centres = list(filtered_centres(service, language)[: IN_MEMORY_LIMIT + 1])
        return centres if len(centres) <= IN_MEMORY_LIMIT else None

    return cached_content(f"centres:{service}:{language}", read)


def nearest_in_memory(centres: list[Centre], origin: geo.Point, limit: int) -> list[Centre]:
    """What nearest() gives, for centres already in memory: ranked by exact distance, ties in
    the list's order. Copies: the listed centres are shared with other requests."""
    in_list_order = sorted(centres, key=lambda c: (c.order, c.pk))
    results = []
    for ranked in geo.nearest_centres(origin, in_list_order)[:limit]:
        centre = _copy(ranked.item)
        centre.distance_km = ranked.distance_km
        results.append(centre)
    return results


def _copy(centre: Centre) -> Centre:
    """What copy.copy() gives, a third of the cost: for a model instance copy.copy() goes
    through pickling (__reduce_ex__, __getstate__), which was a tenth of a lookup's time.
    The copy has its own ModelState, so nothing set on it reaches the shared centre."""
    copied = Centre.__new__(Centre)
    copied.__dict__ = {**centre.__dict__, "_state": copy.copy(centre._state)}
    return copied


NEAR_RADIUS_KM = 50.0  # first look this far around the point, using the coordinates index
KM_PER_DEGREE = 111.195  # one degree of latitude on the mean-radius sphere


def nearest(centres: QuerySet[Centre], origin: geo.Point, limit: int) -> list[Centre]:
    """The `limit` centres nearest to origin, nearest first, each with .distance_km.

    One SQL statement picks 2 x limit candidates by a cheap planar measure (equirectangular,
    scaled by the cosine of the mid latitude; within a fraction of a percent of the true
    distance at this scale), then Python computes the exact great-circle distance for those
    candidates only and orders them.

    So that the work does not grow with the number of centres, the statement first takes the
    centres inside a box around the point (an index range scan on latitude, longitude) whose
    planar measure puts them within NEAR_RADIUS_KM: every centre outside that circle measures
    more, so if the circle holds enough candidates they are the nearest ones. Only when it
    does not (few centres, or a remote point) does the statement rank every centre; a
    one-time filter means PostgreSQL skips whichever branch is not needed.
    """
    wanted = 2 * limit
    lat0, lon0 = origin.latitude, origin.longitude
    dlat = F("latitude") - Value(lat0)
    dlon = (F("longitude") - Value(lon0)) * Cos(Radians((F("latitude") + Value(lat0)) / 2))
    approx = ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())
    ranked = centres.annotate(approx=approx).order_by("approx", "order", "pk")

    radius_deg = 0.99 * NEAR_RADIUS_KM / KM_PER_DEGREE  # 1% margin for the approximation
    box_lat = radius_deg * 1.01
    box_lon = radius_deg / max(math.cos(math.radians(min(89.0, abs(lat0) + box_lat))), 1e-6)
    near = ranked.filter(
        latitude__range=(lat0 - box_lat, lat0 + box_lat),
        longitude__range=(lon0 - box_lon, lon0 + box_lon),
        approx__lte=radius_deg * radius_deg,
    )
    near_sql, near_params = near.values("id")[:wanted].query.sql_with_params()
    all_sql, all_params = ranked.values("id")[:wanted].query.sql_with_params()
    table = connection.ops.quote_name(Centre._meta.db_table)
    sql = (
        f"WITH near AS ({near_sql}) "
        f"SELECT * FROM {table} WHERE id IN ("
        f" SELECT n.id FROM near n WHERE (SELECT COUNT(*) FROM near) >= %s"
        f" UNION ALL"
        f" SELECT a.id FROM ({all_sql}) a WHERE (SELECT COUNT(*) FROM near) < %s)"
    )
    params = (*near_params, wanted, *all_params, wanted)
    candidates = sorted(Centre.objects.raw(sql, params), key=lambda c: (c.order, c.pk))
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
            point = geo.coarse(geo.parse_coordinates(lat, lon))
        except geo.InvalidCoordinates:
            finding.problem = Problem.BAD_COORDINATES
            return finding
        in_romania = geo.in_romania(point) and get_gazetteer().near_a_place(
            point.latitude, point.longitude
        )
        if not in_romania:
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

    # A centre that has closed for good is never offered as the nearest one.
    listed = centres_in_memory(service, language)
    if listed is not None:
        still_open = [c for c in listed if c.operating_status != OperatingStatus.CLOSED]
        finding.results = nearest_in_memory(still_open, finding.origin, limit)
    else:
        open_centres = filtered_centres(service, language).exclude(
            operating_status=OperatingStatus.CLOSED
        )
        finding.results = nearest(open_centres, finding.origin, limit)
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
