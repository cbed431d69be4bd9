"""The gazetteer in the database: loading the committed GeoNames extract, and the in-memory
index the finder uses (built from the database once per process)."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from django.db import transaction

from .gazetteer import DATA_FILE, Gazetteer, Place, fold, load_data_file
from .models import GazetteerCounty, GazetteerPlace, GazetteerSource

_lock = threading.Lock()
_cached: Gazetteer | None = None


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
    return Gazetteer(places, county_places)


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer index, built on first use (an empty one is not kept)."""
    global _cached
    if _cached is not None:
        return _cached
    with _lock:
        if _cached is None:
            gazetteer = build_from_database()
            if not gazetteer.places:
                return gazetteer
            _cached = gazetteer
    return _cached


def clear_cache() -> None:
    global _cached
    _cached = None


def attribution() -> str:
    return "© GeoNames (geonames.org), CC BY 4.0"
