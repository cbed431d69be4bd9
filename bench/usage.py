"""`make bench`: what counting the demand figures costs a page (docs/demand.md).

    python bench/usage.py [--json FILE]

Starts the portal twice as `make serve` runs it (gunicorn, PostgreSQL, Redis page cache), once
with USAGE_COUNTING on and once off, and loads the counted pages with wrk, alternating
between the two servers (off, on, on, off, ...) so that a change in the machine's load moves both
alike. Pages are measured as production serves them: from the page cache (where counting is
the largest share of the work) and uncached. Reports requests per second with counting on
as a share of off; the target is at least 0.95 (within 5 %). Reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (  # noqa: E402 (bench/run.py: the same servers and wrk as `make bench`)
    DURATION,
    PORTAL_SERVER,
    PYTHON,
    ROOT,
    WARMUP,
    Server,
    run,
    server_env,
    wrk,
)

PAGES = [
    ("centre lookup", "/uk/centres/?q=%D0%91%D1%80%D0%B0%D1%88%D0%BE%D0%B2"),
    ("centre detail", "/en/centres/brasov/"),
    ("alert detail", "/en/alerts/internet-scams/"),
    ("search", "/ro/search/?q=centru"),
]
MODES = [("cached", "300"), ("uncached", "0")]
# BENCH_USAGE_MODES=cached measures the cached pages only (on a busy machine, uncached pages
# at 32 connections may time out and say nothing).
ONLY = os.environ.get("BENCH_USAGE_MODES", "")
MODES = [mode for mode in MODES if not ONLY or mode[0] in ONLY.split(",")]
ROUNDS = int(os.environ.get("BENCH_USAGE_ROUNDS", "4"))
TARGET = 0.95


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "usage.json")
    args = parser.parse_args()
    env = server_env()
    # Counts go to the bench's Redis (under their own keys) unless told otherwise.
    env["USAGE_REDIS_URL"] = os.environ.get("BENCH_USAGE_REDIS_URL", env["REDIS_URL"])
    run([PYTHON, "deploy/create_database.py"], env)
    run([PYTHON, "manage.py", "migrate", "--noinput"], env)
    run([PYTHON, "manage.py", "load_seed"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)

    results = []
    for mode, page_cache_seconds in MODES:
        mode_env = {**env, "PAGE_CACHE_SECONDS": page_cache_seconds}
        off_env = {**mode_env, "USAGE_COUNTING": "false"}
        on_env = {**mode_env, "USAGE_COUNTING": "true"}
        with Server(off_env, PORTAL_SERVER) as off, Server(on_env, PORTAL_SERVER) as on:
            for name, path in PAGES:
                rates = {"off": [], "on": []}
                for server in (off, on):
                    wrk(server.url(path), WARMUP)
                for round_number in range(ROUNDS):
                    order = [("off", off), ("on", on)]
                    if round_number % 2:  # the first of a pair is not always the same one
                        order.reverse()
                    for label, server in order:
                        rates[label].append(wrk(server.url(path), DURATION)["requests_per_second"])
                off_rate = sum(rates["off"]) / len(rates["off"])
                on_rate = sum(rates["on"]) / len(rates["on"])
                share = round(on_rate / off_rate, 3) if off_rate else 0.0
                results.append(
                    {
                        "page": name,
                        "path": path,
                        "mode": mode,
                        "off_requests_per_second": round(off_rate),
                        "on_requests_per_second": round(on_rate),
                        "on_share_of_off": share,
                        "meets_target": share >= TARGET,
                    }
                )
                print(
                    f"  {mode:8} {name:14} off {off_rate:7.0f} req/s  on {on_rate:7.0f} req/s"
                    f"  on/off {share:.3f}{'' if share >= TARGET else '  (below 0.95)'}",
                    flush=True,
                )
    in_process = measure_in_process(env)
    run([PYTHON, "manage.py", "flush_usage"], env)  # leave nothing waiting in Redis
    args.json.write_text(
        json.dumps({"target": TARGET, "pages": results, "in_process": in_process}, indent=2) + "\n"
    )
    print(f"Written {args.json}")
    return 0


def measure_in_process(env: dict) -> list[dict]:
    """The same cached pages through Django's test client in this one process, counting
    switched on and off in alternating blocks: no network and no second server, so what
    other programs on the machine do weighs less than with wrk. Median time per request."""
    import statistics
    import time

    os.environ.update({**env, "PAGE_CACHE_SECONDS": "300"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    results = []
    for name, path in PAGES:
        for _warm_up in range(20):
            client.get(path)
        times = {"off": [], "on": []}
        for block in range(BLOCKS):
            for label in ("off", "on") if block % 2 == 0 else ("on", "off"):
                settings.USAGE_COUNTING = label == "on"
                for _request in range(BLOCK_REQUESTS):
                    started = time.perf_counter()
                    client.get(path)
                    times[label].append(time.perf_counter() - started)
        off_ms = statistics.median(times["off"]) * 1000
        on_ms = statistics.median(times["on"]) * 1000
        share = round(off_ms / on_ms, 3)
        results.append(
            {
                "page": name,
                "mode": "cached, in process",
                "off_ms": round(off_ms, 3),
                "on_ms": round(on_ms, 3),
                "on_share_of_off": share,
                "meets_target": share >= TARGET,
            }
        )
        print(
            f"  in-process {name:14} off {off_ms:6.3f} ms  on {on_ms:6.3f} ms  "
            f"on/off speed {share:.3f}{'' if share >= TARGET else '  (below 0.95)'}",
            flush=True,
        )
    # What counting itself costs a page (UsageMiddleware's work on a cache hit), the least
    # noisy figure on a busy machine: a share of the fastest cached page above.
    from iom_romania import usage

    settings.USAGE_COUNTING = True
    event = usage.Event(kind=usage.FINDER, place_id=683844, place="Brașov", centre="brasov")
    calls = 20_000
    started = time.perf_counter()
    for _call in range(calls):
        usage.count([event], "uk")
    count_ms = (time.perf_counter() - started) / calls * 1000
    fastest = min(result["off_ms"] for result in results)
    results.append(
        {"page": "counting alone", "ms": round(count_ms, 4), "share": count_ms / fastest}
    )
    print(
        f"  counting alone: {count_ms * 1000:.1f} µs a page, "
        f"{100 * count_ms / fastest:.1f} % of the fastest cached page",
        flush=True,
    )
    return results


BLOCKS = 20
BLOCK_REQUESTS = 25


if __name__ == "__main__":
    raise SystemExit(main())
