"""The gazetteer in the database: loading the committed GeoNames extract, and the in-memory
index the finder uses (built from the database once per process).

The index also holds the other names staff added (PlaceName). Adding, changing or deleting
one drops this process's index at once and bumps a version in the shared cache; every other
process compares that version at most every NAMES_CHECK_SECONDS, so a lookup costs no query
and at most one cache read now and then.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

from django.core.cache import cache
from django.db import transaction

from .gazetteer import DATA_FILE, Gazetteer, Place, fold, load_data_file
from .models import GazetteerCounty, GazetteerPlace, GazetteerSource, PlaceName

_lock = threading.Lock()
_cached: Gazetteer | None = None
_cached_version: str | None = None
_checked_at = 0.0
NAMES_VERSION_KEY = "gazetteer:place-names-version"
NAMES_CHECK_SECONDS = 30


def file_checksum(path: Path = DATA_FILE) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@transaction.atomic
def load_gazetteer(path: Path = DATA_FILE, force: bool = False) -> dict:
    """Load the data file into the gazetteer tables.

    Idempotent and cheap when nothing changed: the file's checksum is compared with the one
    loaded last time (one query). Otherwise the tables are replaced in bulk (about a second).
    """
    checksum = file_checksum(path)
    source = GazetteerSource.objects.first()
    if source and source.checksum == checksum and not force:
        return {"gazetteer places": 0}
    data = load_data_file(path)
    GazetteerPlace.objects.all().delete()
    GazetteerCounty.objects.all().delete()
    GazetteerCounty.objects.bulk_create(
        GazetteerCounty(
            code=c["code"],
            name=c["name"],
            seat_geonameid=c["seat"],
            latitude=c["latitude"],
            longitude=c["longitude"],
        )
        for c in data["counties"]
    )
    GazetteerPlace.objects.bulk_create(
        (
            GazetteerPlace(
                geonameid=pid,
                name=name,
                folded_name=fold(name)[:200],
                county_id=code or None,
                latitude=lat,
                longitude=lon,
                population=population,
                kind=kind,
                alternate_names=alternates,
            )
            for pid, name, lat, lon, code, population, kind, alternates in data["places"]
        ),
        batch_size=1000,
    )
    GazetteerSource.objects.all().delete()
    GazetteerSource.objects.create(checksum=checksum, meta=data["meta"])
    transaction.on_commit(clear_cache)
    return {"gazetteer places": len(data["places"])}


def build_from_database() -> Gazetteer:
    counties = {c.code: c for c in GazetteerCounty.objects.all()}
    rows = GazetteerPlace.objects.values_list(
        "geonameid", "name", "county_id", "latitude", "longitude", "population", "kind",
        "alternate_names",
    )  # fmt: skip
    places = [
        (
            Place(pid, name, counties[code].name if code else "", lat, lon, population, kind),
            alternates,
        )
        for pid, name, code, lat, lon, population, kind, alternates in rows
    ]
    added = defaultdict(list)
    for geonameid, other in PlaceName.objects.values_list("geonameid", "name"):
        added[geonameid].append(other)
    places = [(place, [*alternates, *added.get(place.id, [])]) for place, alternates in places]
    county_places = [
        Place(
            id=-int(c.code),
            name=c.name,
            county="",
            latitude=c.latitude,
            longitude=c.longitude,
            kind="county",
            seat_id=c.seat_geonameid,
        )
        for c in counties.values()
    ]
    return Gazetteer(places, county_places, county_names=added)


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer index, built on first use (an empty one is not kept)."""
    global _cached, _cached_version, _checked_at
    if _cached is not None and not _names_changed_elsewhere():
        return _cached
    with _lock:
        if _cached is None:
            version = cache.get(NAMES_VERSION_KEY)
            gazetteer = build_from_database()
            if not gazetteer.places:
                return gazetteer
            _cached, _cached_version, _checked_at = gazetteer, version, time.monotonic()
    return _cached


def _names_changed_elsewhere() -> bool:
    global _checked_at
    now = time.monotonic()
    if now - _checked_at < NAMES_CHECK_SECONDS:
        return False
    _checked_at = now
    if cache.get(NAMES_VERSION_KEY) == _cached_version:
        return False
    clear_cache()
    return True


def clear_cache() -> None:
    global _cached
    _cached = None


def place_names_changed(sender=None, **kwargs) -> None:
    """A PlaceName was saved or deleted: every process builds its index again."""
    clear_cache()
    transaction.on_commit(_new_names_version)


def _new_names_version() -> None:
    clear_cache()
    cache.set(NAMES_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def attribution() -> str:
    return "© GeoNames (geonames.org), CC BY 4.0"
