"""Real processes for the fault tests: a throwaway PostgreSQL cluster and gunicorn.

The cluster is our own (initdb in a temporary folder, its own port), so stopping it never
touches the machine's PostgreSQL on 5432 that other work uses.
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class PostgresCluster:
    """A PostgreSQL server of our own on a free port, that tests may stop and start."""

    def __init__(self):
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="iom-pg-")
        self.data = os.path.join(self.folder, "data")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command):
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*as_postgres, *command], check=True, capture_output=True, text=True, timeout=120
        )

    def create(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(postgres_bin("initdb"), "-D", self.data, "-A", "trust", "-U", "postgres")
        self.start()

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = os.path.join(self.folder, "log")
        self._run(postgres_bin("pg_ctl"), "-D", self.data, "-o", options, "-l", log, "-w", "start")

    def stop(self):
        self._run(postgres_bin("pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop")

    def copy_database(self, source_url: str) -> None:
        """Everything in `source_url`'s database, restored into this server's `postgres`."""
        dump = subprocess.run(
            [postgres_bin("pg_dump"), "--format=custom", "--no-owner", source_url],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
        subprocess.run(
            [postgres_bin("pg_restore"), "--no-owner", f"--dbname={self.url}"],
            input=dump,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    @staticmethod
    def available() -> bool:
        has_user = os.geteuid() != 0 or shutil.which("runuser")
        return bool(postgres_bin("initdb") and postgres_bin("pg_ctl") and has_user)


def production_env(**overrides) -> dict:
    """The environment `make serve` gives the app, over plain HTTP on loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "REDIS_URL", "PAGE_CACHE"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="fault-test-only-" + "k" * 50,
        STATIC_MANIFEST="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS="127.0.0.1",
        CONN_MAX_AGE="60",
        WEB_CONCURRENCY="1",
        DJANGO_SETTINGS_MODULE="iom_romania.settings",
    )
    env.update(overrides)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


class Gunicorn:
    """`make serve`'s server (deploy/gunicorn.conf.py) on a free loopback port."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_up()

    def _wait_until_up(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.output()}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{self.output()}")

    def get(self, path: str, **headers) -> tuple[int, dict, str]:
        request = urllib.request.Request(self.base + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def output(self) -> str:
        if self.log.closed:
            return self._output
        self.log.seek(0)
        self._output = self.log.read().decode(errors="replace")
        return self._output

    def stop(self):
        self.output()  # keep what it logged
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            self.log.close()
