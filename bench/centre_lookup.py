"""Speed of the centre lookup, for `make bench`:

    python bench/centre_lookup.py [--rounds N] [--json FILE]

Measures a typed-place lookup through the whole Django stack (test client: middleware,
view, template) and the lookup alone (centres.finder.find), with the 15 seed centres and
with 10,000 generated ones, the full gazetteer loaded. Everything runs in a transaction
that is rolled back, so the database is left as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iom_romania.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from centres import geo  # noqa: E402
from centres.finder import find  # noqa: E402
from centres.gazetteer_db import get_gazetteer, load_gazetteer  # noqa: E402
from centres.models import Centre, OpeningHours, ServiceType  # noqa: E402
from centres.seed import load_seed  # noqa: E402

QUERIES = [
    "Brasov", "BRAȘOV", "Cluj Napoca", "Tirgu Mures", "Bucuresti", "Sector 3", "Buhusi",
    "judetul Covasna", "Timisora", "Sălcioara", "Бухарест", "Constanta", "Iasi", "Sibiu",
    "Oradea", "Baia Mare", "Suceava", "Focsani", "Tulcea", "Slatina",
]  # fmt: skip
URL = "/en/centres/"


class _Rollback(Exception):
    pass


def _generate(count: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    min_lat, min_lon, max_lat, max_lon = geo.ROMANIA_BBOX
    Centre.objects.bulk_create(
        (
            Centre(
                slug=f"generated-{i}",
                name=f"Generated centre {i}",
                city="Generated",
                latitude=rng.uniform(min_lat, max_lat),
                longitude=rng.uniform(min_lon, max_lon),
                status="published",
                languages=rng.sample(["ro", "en", "uk", "ar", "fa"], 2),
            )
            for i in range(count)
        ),
        batch_size=2000,
    )
    ids = list(Centre.objects.filter(slug__startswith="generated-").values_list("id", flat=True))
    OpeningHours.objects.bulk_create(
        (
            OpeningHours(centre_id=cid, weekday=day, opens=dt.time(9), closes=dt.time(17))
            for cid in ids
            for day in range(5)
        ),
        batch_size=5000,
    )
    information = ServiceType.objects.filter(slug="information").first()
    if information:
        through = Centre.services.through
        through.objects.bulk_create(
            (through(centre_id=cid, servicetype_id=information.id) for cid in ids),
            batch_size=5000,
        )


def _measure(client: Client, rounds: int) -> dict:
    """Time each query; "found" lookups rank centres, the others show a message and the
    paginated full list (typos, ambiguous names)."""
    timings: dict[str, dict[str, list[float]]] = {}
    for _ in range(rounds):
        for q in QUERIES:
            started = time.perf_counter()
            finding = find(q)
            find_ms = (time.perf_counter() - started) * 1000
            kind = "found" if finding.results else "not found"
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(URL, {"q": q})
                page_ms = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (q, response.status_code)
            bucket = timings.setdefault(kind, {"page": [], "find": [], "queries": []})
            bucket["page"].append(page_ms)
            bucket["find"].append(find_ms)
            bucket["queries"].append(len(ctx.captured_queries))
    return {
        kind: {
            "lookups": len(b["page"]),
            "page_median_ms": round(statistics.median(b["page"]), 2),
            "find_median_ms": round(statistics.median(b["find"]), 2),
            "queries_max": max(b["queries"]),
        }
        for kind, b in timings.items()
    }


def run(sizes: tuple[int, ...] = (15, 10_000), rounds: int = 5) -> dict:
    """Return {"15 centres": {...}, "10000 centres": {...}}; the database is unchanged."""
    results: dict = {}
    if connection.vendor == "postgresql":
        # Earlier runs leave dead rows behind (they are rolled back); measure a clean table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE centres_centre")
    # The page cache off: every request renders its page, as a lookup nobody made before.
    with override_settings(
        ALLOWED_HOSTS=["*"], DEBUG=False, SECURE_SSL_REDIRECT=False, PAGE_CACHE_SECONDS=0
    ):
        try:
            with transaction.atomic():
                load_gazetteer()
                load_seed()
                get_gazetteer()  # build the in-memory index before timing
                client = Client()
                for size in sizes:
                    Centre.objects.all().delete()
                    if size == 15:
                        load_seed()
                    else:
                        _generate(size)
                    if connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute("ANALYZE centres_centre")
                    count = Centre.objects.published().count()
                    client.get(URL, {"q": "Brasov"})  # warm up
                    results[f"{count} centres"] = _measure(client, rounds)
                raise _Rollback
        except _Rollback:
            pass
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", help="Also write the results to this file.")
    options = parser.parse_args()
    results = run(rounds=options.rounds)
    for scenario, kinds in results.items():
        for kind, n in kinds.items():
            print(
                f"centre lookup, {scenario}, place {kind}: median {n['page_median_ms']} ms "
                f"per page, {n['find_median_ms']} ms for the lookup alone, "
                f"<= {n['queries_max']} queries per page ({n['lookups']} lookups)"
            )
    if options.json:
        with open(options.json, "w", encoding="utf-8") as fh:
            json.dump({"centres": results}, fh, indent=2)


if __name__ == "__main__":
    main()
