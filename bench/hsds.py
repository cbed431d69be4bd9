"""Speed of the HSDS API's list endpoints, with the 15 seed centres and 10,000 generated ones.

    DATABASE_URL=postgres://... python bench/hsds.py [--rounds N] [--json FILE]

Times GET /hsds/service_at_locations (plain and full=true, 50 and 500 a page, the first and
the last page) and /hsds/services through the whole Django stack (test client), with the
page cache off, so every request reads the database and builds its JSON. Prints
median milliseconds and queries per request; everything runs in a transaction that is rolled
back, so the database is left as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REQUESTS = [
    ("services", "/hsds/services"),
    ("service_at_locations, 50 a page", "/hsds/service_at_locations?per_page=50"),
    ("service_at_locations, last page", "/hsds/service_at_locations?per_page=50&page=LAST"),
    ("service_at_locations, full, 50", "/hsds/service_at_locations?per_page=50&full=true"),
    ("service_at_locations, full, 500", "/hsds/service_at_locations?per_page=500&full=true"),
    ("service_at_locations, search", "/hsds/service_at_locations?search=cluj&per_page=50"),
]


class _Rollback(Exception):
    pass


def _generate(count: int) -> None:
    from centres.models import Centre, CentrePhone, OpeningHours, ServiceType

    centres = Centre.objects.bulk_create(
        (
            Centre(
                slug=f"generated-{i}",
                name=f"Generated centre {i}",
                city="Cluj-Napoca" if i % 10 == 0 else "Generated",
                latitude=46.77,
                longitude=23.6,
                status="published",
                languages=["ro", "en"],
            )
            for i in range(count)
        ),
        batch_size=2000,
    )
    information = ServiceType.objects.get(slug="information")
    through = Centre.services.through
    through.objects.bulk_create(
        (through(centre=c, servicetype=information) for c in centres), batch_size=5000
    )
    CentrePhone.objects.bulk_create(
        (CentrePhone(centre=c, number="+40264000000") for c in centres), batch_size=5000
    )
    OpeningHours.objects.bulk_create(
        (
            OpeningHours(centre=c, weekday=day, opens=dt.time(9), closes=dt.time(17))
            for c in centres
            for day in range(5)
        ),
        batch_size=5000,
    )


def _measure(client, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    total = json.loads(client.get("/hsds/service_at_locations?per_page=50").content)
    last = str(total["total_pages"])
    results = {}
    for name, url in REQUESTS:
        url = url.replace("LAST", last)
        client.get(url)  # warm up
        timings, queries = [], 0
        for _ in range(rounds):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = max(queries, len(ctx.captured_queries))
        results[name] = {
            "median_ms": round(statistics.median(timings), 1),
            "queries": queries,
            "bytes": len(response.content),
        }
    return results


def run(sizes: tuple[int, ...] = (15, 10_000), rounds: int = 5) -> dict:
    """{"15 centres": {request: {median_ms, queries, bytes}}, ...}; the database is unchanged."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import override_settings

    from centres.models import Centre
    from centres.seed import load_seed

    results: dict = {}
    with override_settings(
        ALLOWED_HOSTS=["*"],
        DEBUG=False,
        SECURE_SSL_REDIRECT=False,
        PAGE_CACHE_SECONDS=0,
    ):
        try:
            with transaction.atomic():
                Centre.objects.all().delete()  # only the seed's, then the generated ones
                load_seed()
                client = Client()
                for size in sizes:
                    if size != 15:
                        _generate(size - 15)
                    if connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute("ANALYZE")
                    count = Centre.objects.published().count()
                    results[f"{count} centres"] = _measure(client, rounds)
                raise _Rollback
        except _Rollback:
            pass
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iom_romania.settings")
    import django

    django.setup()
    results = run(rounds=args.rounds)
    for size, rows in results.items():
        print(f"\nHSDS API, {size} (median of {args.rounds}, page cache off)")
        for name, row in rows.items():
            print(
                f"  {name:36} {row['median_ms']:8.1f} ms  {row['queries']:2} queries"
                f"  {row['bytes']:>9,} bytes"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
