"""A production-like portal on 127.0.0.1 for `make audit` and `make screenshots`.

gunicorn with DEBUG off and WhiteNoise serving the collected, compressed static files (what
visitors get), on a throw-away SQLite database loaded with the office's seed content.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True)


@contextlib.contextmanager
def running_portal() -> Iterator[str]:
    """Yield the base URL (http://127.0.0.1:PORT) of a seeded, production-like portal."""
    with tempfile.TemporaryDirectory(prefix="iom-portal-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "local-audit-only-not-secret",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_MANIFEST": "true",
            "DATABASE_URL": f"sqlite:///{tmp}/portal.sqlite3",
            "REDIS_URL": "",
        }
        _manage(env, "migrate", "--noinput", "--verbosity", "0")
        _manage(env, "load_seed", "--verbosity", "0")
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "iom_romania.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(f"{base}/en/", timeout=2)
                    break
                time.sleep(0.2)
            else:
                raise RuntimeError("the portal did not start")
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)
