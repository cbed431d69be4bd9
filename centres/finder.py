"""The "nearest centre" lookup: from a typed place or coordinates to ranked centres.

Kept out of the view so the bench and the tests call exactly what the page calls. The place
costs no query: the gazetteer index lives in process memory. The centres: one query lets the
database pick the nearest candidates through its coordinates index, so the work in Python
does not grow with the number of centres; their phones and hours come with one query each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import connection
from django.db.models import (
    ExpressionWrapper,
    F,
    FloatField,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Cos, Radians

from . import geo
from .gazetteer import LookupResult, Place, Status
from .gazetteer_db import get_gazetteer
from .models import (
    CONTACT_DETAILS,
    LANGUAGE_CODES,
    Centre,
    OperatingStatus,
    ServiceType,
    language_choices,
)

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


def offered_services() -> list[ServiceType]:
    """The service types some published centre offers: the only ones the filter offers."""
    published = Centre.objects.published().values("pk")
    return list(ServiceType.objects.filter(centres__in=published).distinct())


def spoken_languages() -> list[tuple[str, str]]:
    """(code, name) of the languages some published centre speaks, by name: the only ones
    the filter offers (none while no centre has its languages recorded)."""
    spoken = set()
    for codes in Centre.objects.published().values_list("languages", flat=True):
        spoken.update(codes or ())
    return [(code, name) for code, name in language_choices() if code in spoken]


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
    open_centres = filtered_centres(service, language).exclude(
        operating_status=OperatingStatus.CLOSED
    )
    finding.results = nearest(open_centres, finding.origin, limit)
    prefetch_related_objects(finding.results, *CONTACT_DETAILS)
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
