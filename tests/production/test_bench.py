"""The bench's wrk parsing and its bare floor (the bench itself runs in `make bench`, never
in the tests)."""

import importlib.util
import subprocess
import sys

from .servers import ROOT

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/en/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.52ms    3.10ms  48.20ms   80.00%
    Req/Sec     1.52k   120.00     1.80k    70.00%
  Latency Distribution
     50%   10.01ms
     75%   12.00ms
     90%   14.00ms
     99%    1.20s
  15230 requests in 5.01s, 150.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   3040.12
Transfer/sec:     29.94MB
"""


def test_wrk_output_is_parsed():
    assert bench.parse_wrk(WRK_OUTPUT) == {
        "requests": 15230,
        "requests_per_second": 3040.12,
        "p50_ms": 10.01,
        "p99_ms": 1200.0,
        "errors": 7,
    }


def test_the_bench_only_ever_targets_loopback():
    for script in ("run.py", "usage.py", "bare/hello.py"):
        source = (ROOT / "bench" / script).read_text()
        assert "127.0.0.1" in source
        for word in ("0.0.0.0", "localhost:"):
            assert word not in source


BARE_REQUEST = """
from wsgiref.util import setup_testing_defaults
from hello import application
from django.conf import settings
environ = {"HTTP_HOST": "127.0.0.1"}
setup_testing_defaults(environ)
answers = []
body = b"".join(application(environ, lambda status, headers: answers.append(status)))
print(answers[0], body.decode(), settings.MIDDLEWARE, settings.INSTALLED_APPS)
"""


def test_the_bare_floor_says_hello_through_no_middleware():
    output = subprocess.run(
        [sys.executable, "-c", BARE_REQUEST],
        cwd=ROOT / "bench" / "bare",
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert output.strip() == "200 OK hello [] []"


def test_first_load_assets_are_found():
    parser = bench.AssetLinks()
    parser.feed(
        '<link rel="stylesheet" href="/static/css/site.1.css"><link rel="icon" href="/i.svg">'
        '<script src="/static/js/a.js" defer></script><img src="https://tile.example/1.png">'
        '<link rel="alternate" href="/ro/">'
    )
    assert parser.assets == ["/static/css/site.1.css", "/i.svg", "/static/js/a.js"]
