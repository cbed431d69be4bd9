"""`make bench`: how fast the portal answers under load, on this machine, on loopback only.

Starts the site with `make serve`'s configuration (deploy/gunicorn.conf.py, DEBUG off, hashed
static files, PostgreSQL, Redis page cache) on 127.0.0.1, warms up, then loads each page with
wrk (`make bench` installs it from Debian) for a few seconds, bounded in time and in
requests. Every page is measured in three modes:

- cached: as production runs it, whole pages from the page cache;
- uncached: page cache off, so every request reads the database and renders its page (what
  a page not cached yet costs: a centre lookup, a search for words nobody typed before, the
  first request after an edit, or Redis down);
- sqlite: uncached on SQLite without Redis (a single small server, or `make run`'s set-up).

Each page is reported against two floors:

- bare: a Django project with one view returning "hello" and no middleware (bench/bare/),
  under the same gunicorn with the same number of sync workers: what Django itself costs.
  It is measured before each page and after the last one, alternating with the pages in
  the same run, and a page is divided by the mean of the bare runs around it, so a change
  in the machine's load during the run moves both alike;
- healthz: the portal's /healthz, plain text through the portal's full middleware stack,
  measured in the same mode (it is the first page of each mode).

Prints a table and writes bench/results.json. Targets are reported, never asserted.
"""

import gzip
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

DURATION = os.environ.get("BENCH_DURATION", "5s")
WARMUP = os.environ.get("BENCH_WARMUP", "1s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "60000"))  # per page, all threads
PAGE_WEIGHT_BUDGET = 60 * 1024

WORKERS = os.environ.get("BENCH_WORKERS", "2")

PAGES = [
    ("healthz", "/healthz"),
    ("home", "/en/"),
    ("programme area", "/en/programmes/migration-health/"),
    ("project list", "/en/projects/"),
    ("centre list", "/en/centres/"),
    ("centre lookup", "/en/centres/?q=brasov"),
    ("alert list", "/en/alerts/"),
    ("alert detail", "/en/alerts/internet-scams/"),
    ("search", "/en/search/?q=brasov"),
]
MODES = [  # name, page cache seconds, database
    ("cached", "300", "postgresql"),
    ("uncached", "0", "postgresql"),
    ("sqlite", "0", "sqlite"),
]
# Ratios to the bare floor (docs/deploy.md): every cached page, and these pages uncached on
# SQLite without Redis.
SQLITE_TARGET_PAGES = ["home", "centre list", "centre lookup", "alert list"]
TARGETS = {
    "cached_ratio": 0.6,
    "sqlite_ratio": 0.08,
    "p99_ms": 100,
    "errors": 0,
    "page_weight_bytes": PAGE_WEIGHT_BUDGET,
}

# wrk stops each thread after its share of MAX_REQUESTS responses.
WRK_LIMIT_SCRIPT = """
local count = 0
local limit = tonumber(os.getenv("WRK_THREAD_LIMIT"))
response = function(status, headers, body)
  count = count + 1
  if count >= limit then wrk.thread:stop() end
end
"""


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: install it (Debian: apt-get install wrk)")
    env = server_env()
    sqlite_file = Path(tempfile.mkdtemp(prefix="iom-bench-")) / "bench.sqlite3"
    sqlite_env = {**env, "DATABASE_URL": f"sqlite:///{sqlite_file}", "REDIS_URL": ""}
    print("Preparing the databases and static files...", flush=True)
    run([PYTHON, "deploy/create_database.py"], env)
    for database_env in (env, sqlite_env):
        run([PYTHON, "manage.py", "migrate", "--noinput"], database_env)
        run([PYTHON, "manage.py", "load_seed"], database_env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)

    results = {"machine": machine(), "settings": settings_used(), "targets": TARGETS, "pages": []}
    measured = {}
    bare_env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    with Server(bare_env, BARE_SERVER, ready_path="/") as bare:
        wrk(bare.url("/"), WARMUP)
        for mode, page_cache_seconds, database in MODES:
            mode_env = {
                **(sqlite_env if database == "sqlite" else env),
                "PAGE_CACHE_SECONDS": page_cache_seconds,
            }
            with Server(mode_env, PORTAL_SERVER) as server:
                missing = [path for _name, path in PAGES if server.status(path) != 200]
                if missing:
                    raise SystemExit(f"these pages do not answer 200 in {mode} mode: {missing}")
                bare_before = wrk(bare.url("/"), DURATION)
                for name, path in PAGES:
                    wrk(server.url(path), WARMUP)  # warm up: caches, connections, JIT of wrk
                    print(f"  {mode:8} {name:15} {path}", flush=True)
                    stats = wrk(server.url(path), DURATION)
                    bare_after = wrk(bare.url("/"), DURATION)
                    bare_rate = (
                        bare_before["requests_per_second"] + bare_after["requests_per_second"]
                    ) / 2
                    measured[(mode, name)] = {**stats, "bare_requests_per_second": bare_rate}
                    bare_before = bare_after
                if mode == "cached":
                    weights = {name: page_weight(server, path) for name, path in PAGES}
    queries = queries_per_page(env)

    for name, path in PAGES:
        row = {"name": name, "path": path}
        for mode, *_settings in MODES:
            stats = measured[(mode, name)]
            rate = stats["requests_per_second"]
            healthz = measured[(mode, "healthz")]["requests_per_second"]
            row[mode] = {
                **stats,
                "ratio_to_bare": ratio(rate, stats["bare_requests_per_second"]),
                "ratio_to_healthz": ratio(rate, healthz),
            }
        row["queries_per_request"] = queries.get(path)
        row["first_load_bytes_compressed"] = weights.get(name)
        results["pages"].append(row)

    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"\nWritten {ROOT / 'bench' / 'results.json'}")
    return 0


def ratio(rate: float, floor: float) -> float:
    return round(rate / floor, 3) if floor else 0.0


def server_env() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PAGE_CACHE"))
    }
    env.update(
        DEBUG="false",
        STATIC_MANIFEST="true",
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-not-a-production-secret-8c2e5a1f9d7b3e6a",
        DATABASE_URL=env.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iom_bench"),
        REDIS_URL=env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2"),
        CACHE_KEY_PREFIX="iom-bench",
        CONN_MAX_AGE="60",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS="127.0.0.1",
        WEB_CONCURRENCY=WORKERS,
        DJANGO_SETTINGS_MODULE="iom_romania.settings",
    )
    return env


def run(command: list[str], env: dict) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


# The portal as `make serve` runs it; the bare floor under the same gunicorn, with the same
# worker class, number of workers, preloading and recycling as deploy/gunicorn.conf.py.
PORTAL_SERVER = [GUNICORN, "-c", "deploy/gunicorn.conf.py"]
BARE_SERVER = [GUNICORN, "--chdir", "bench/bare", "--worker-class", "sync"]
BARE_SERVER += ["--workers", WORKERS, "--preload", "--keep-alive", "5"]
BARE_SERVER += ["--max-requests", "50000", "--max-requests-jitter", "5000", "hello:application"]


class Server:
    """A gunicorn command on a free loopback port; its log in a temp file."""

    def __init__(self, env: dict, command: list[str], ready_path: str = "/healthz"):
        self.env = env
        self.command = command
        self.ready_path = ready_path
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]

    def __enter__(self):
        self.log = tempfile.NamedTemporaryFile(prefix="iom-bench-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [*self.command, "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while self.status(self.ready_path) != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start; see {self.log.name}")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
        os.unlink(self.log.name)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def fetch(self, path: str, **headers) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.url(path), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except OSError:
            return 0, {}, b""

    def status(self, path: str) -> int:
        return self.fetch(path)[0]


def wrk(url: str, duration: str) -> dict:
    per_thread = max(1, MAX_REQUESTS // THREADS)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_LIMIT_SCRIPT)
    try:
        output = subprocess.run(
            ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", duration, "--latency"]
            + ["-s", script.name, "--timeout", "5s", url],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            env={**os.environ, "WRK_THREAD_LIMIT": str(per_thread)},
        ).stdout
    finally:
        os.unlink(script.name)
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    def latency_ms(percentile: str) -> float | None:
        found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not found:
            return None
        value, unit = float(found.group(1)), found.group(2)
        return round(value * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    requests = re.search(r"(\d+) requests in", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(count) for count in socket_errors.groups())
    return {
        "requests": int(requests.group(1)) if requests else 0,
        "requests_per_second": float(rate.group(1)) if rate else 0.0,
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "errors": errors,
    }


class AssetLinks(HTMLParser):
    """Same-site stylesheets, scripts, images and icons a first visit downloads."""

    def __init__(self):
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        address = None
        if tag == "link" and {"stylesheet", "icon", "preload"} & set(
            (attributes.get("rel") or "").split()
        ):
            address = attributes.get("href")
        elif tag in ("script", "img", "source"):
            address = attributes.get("src")
        if address and address.startswith("/") and not address.startswith("//"):
            self.assets.append(address)


def page_weight(server: Server, path: str) -> int | None:
    """Bytes of a first visit, compressed: HTML (gzip as nginx sends it) and its assets."""
    status, _, html = server.fetch(path)
    if status != 200:
        return None
    total = len(gzip.compress(html, compresslevel=6))
    parser = AssetLinks()
    parser.feed(html.decode("utf-8", "replace"))
    for asset in dict.fromkeys(parser.assets):
        _, headers, body = server.fetch(asset, **{"Accept-Encoding": "br, gzip"})
        encoded = headers.get("Content-Encoding") in ("br", "gzip")
        total += len(body) if encoded else len(gzip.compress(body, compresslevel=6))
    return total


QUERY_COUNTER = """
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for path in json.loads(sys.argv[1]):
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts[path] = len(queries.captured_queries) if status == 200 else None
print(json.dumps(counts))
"""


def queries_per_page(env: dict) -> dict:
    """Queries of an uncached request to each page, counted in a separate process."""
    paths = [path for _, path in PAGES]
    output = subprocess.run(
        [PYTHON, "-c", QUERY_COUNTER, json.dumps(paths)],
        cwd=ROOT,
        env={
            **env,
            "PAGE_CACHE_SECONDS": "0",
            "REQUEST_LOG_LEVEL": "WARNING",
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def settings_used() -> dict:
    return {
        "server": "gunicorn, deploy/gunicorn.conf.py; bare floor: bench/bare/hello.py",
        "workers": int(server_env()["WEB_CONCURRENCY"]),
        "connections": CONNECTIONS,
        "threads": THREADS,
        "duration": DURATION,
        "max_requests_per_page": MAX_REQUESTS,
        "load_generator": "wrk",
    }


def print_table(results: dict) -> None:
    header = (
        f"{'page':15} {'mode':8} {'req/s':>8} {'/bare':>6} {'/healthz':>8} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6} {'queries':>7} {'KB first load':>13}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for row in results["pages"]:
        for mode, *_settings in MODES:
            stats = row[mode]
            weight = row["first_load_bytes_compressed"]
            print(
                f"{row['name']:15} {mode:8} {stats['requests_per_second']:8.0f} "
                f"{stats['ratio_to_bare']:6.3f} {stats['ratio_to_healthz']:8.2f} "
                f"{stats['p50_ms'] or 0:7.2f} {stats['p99_ms'] or 0:7.2f} {stats['errors']:6d} "
                f"{'' if row['queries_per_request'] is None else row['queries_per_request']:>7} "
                f"{'' if weight is None else f'{weight / 1024:.1f}':>13}"
            )
    bare = [row[mode]["bare_requests_per_second"] for row in results["pages"] for mode, *_ in MODES]
    print(
        f"\nThe bare floor (bench/bare/) answered {min(bare):.0f}-{max(bare):.0f} requests/s "
        f"during this run.\nTargets (reported, not asserted): 0 errors; cached pages >= "
        f"{TARGETS['cached_ratio']} of the bare floor; {', '.join(SQLITE_TARGET_PAGES)} uncached "
        f"on SQLite without Redis >= {TARGETS['sqlite_ratio']} of it; "
        f"p99 < {TARGETS['p99_ms']} ms at {CONNECTIONS} connections; first load <= 60 KB. "
        f"Uncached on PostgreSQL is for information. "
        f"Queries: per request with no cache."
    )
    misses = target_misses(results)
    print("All targets met." if not misses else "Missed:\n  " + "\n  ".join(misses))


def target_misses(results: dict) -> list[str]:
    misses = []
    for row in results["pages"]:
        if row["name"] == "healthz":
            continue
        for mode, target in (("cached", "cached_ratio"), ("sqlite", "sqlite_ratio")):
            stats = row[mode]
            if mode == "sqlite" and row["name"] not in SQLITE_TARGET_PAGES:
                continue
            if stats["ratio_to_bare"] < TARGETS[target]:
                misses.append(f"{row['name']} {mode}: {stats['ratio_to_bare']} of the bare floor")
        for mode in ("cached", "uncached", "sqlite"):
            stats = row[mode]
            if stats["p99_ms"] is not None and stats["p99_ms"] >= TARGETS["p99_ms"]:
                misses.append(f"{row['name']} {mode}: p99 {stats['p99_ms']} ms")
            if stats["errors"]:
                misses.append(f"{row['name']} {mode}: {stats['errors']} errors")
        weight = row["first_load_bytes_compressed"]
        if weight and weight > PAGE_WEIGHT_BUDGET:
            misses.append(f"{row['name']}: first load {weight} bytes")
    return misses


if __name__ == "__main__":
    sys.exit(main())
