"""Faults, with a real gunicorn: the database stops and comes back, the cache is gone."""

import uuid

import pytest

from .servers import Gunicorn, PostgresCluster, free_port, manage, production_env

SEED_PAGES = [
    "/en/",
    "/ro/",
    "/en/programmes/migration-health/",
    "/en/projects/",
    "/en/projects/refugee-resettlement-to-canada/",
    "/en/centres/",
    "/en/centres/brasov/",
    "/en/alerts/",
    "/en/alerts/internet-scams/",
]
REDIS = "redis://127.0.0.1:6379/0"  # .ci/run starts Redis there

# The throwaway cluster is copied from the test database, so pytest-django must create it.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def cluster(django_db_setup):
    """A seeded database on a PostgreSQL server of our own: a copy of the test database,
    which is migrated and seeded already (tests/conftest.py), made with pg_dump and
    pg_restore in a few seconds instead of running every migration again."""
    assert PostgresCluster.available(), "PostgreSQL's initdb and pg_ctl are needed: make test"
    cluster = PostgresCluster()
    try:
        cluster.create()
        cluster.copy_database(_test_database_url())
        yield cluster
    finally:
        cluster.destroy()


def _test_database_url() -> str:
    """The test database of this pytest worker (pytest-django names it test_...)."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def cache_prefix():
    """A Redis key prefix of this test's own, removed afterwards."""
    import redis

    prefix = f"iom-fault-test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_database_down_cached_pages_still_served_others_503_then_recovery(cluster, cache_prefix):
    env = production_env(DATABASE_URL=cluster.url, REDIS_URL=REDIS, CACHE_KEY_PREFIX=cache_prefix)
    server = Gunicorn(env)
    try:
        for path in ["/en/", "/en/centres/"]:
            status, headers, _ = server.get(path)
            assert (status, headers["X-Page-Cache"]) == (200, "miss"), path
        assert server.get("/readyz")[0] == 200

        cluster.stop()
        for path in ["/en/", "/en/centres/"]:
            status, headers, page = server.get(path)
            assert (status, headers["X-Page-Cache"]) == (200, "hit"), path
            assert "IOM" in page
        status, headers, page = server.get("/en/projects/")
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Temporarily unavailable" in page and "Traceback" not in page
        status, _, page = server.get("/ro/alerts/")
        assert status == 503 and 'lang="ro"' in page
        assert server.get("/readyz")[0] == 503
        assert server.get("/healthz")[0] == 200

        cluster.start()
        status, _, page = server.get("/en/projects/")  # no restart of the app server
        assert status == 200, page[:500]
        assert "Enhancing AVR in Romania" in page
        assert server.get("/readyz")[0] == 200
    finally:
        server.stop()
    log = server.output()
    assert '"path": "/en/projects/", "route": "programmes:project_list", "status": 503' in log


def test_cache_down_every_page_still_works_uncached(cluster):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    server = Gunicorn(production_env(DATABASE_URL=cluster.url, REDIS_URL=closed))
    try:
        for path in SEED_PAGES * 2:
            status, headers, _ = server.get(path)
            assert status == 200, (path, status)
            assert headers.get("X-Page-Cache") in (None, "miss"), path
        status, _, body = server.get("/readyz")
        assert status == 503 and '"cache": "failing"' in body
        assert server.get("/healthz")[0] == 200
    finally:
        server.stop()


@pytest.mark.slow
def test_backup_and_restore_as_documented(cluster, tmp_path):
    """docs/deploy.md's pg_dump and pg_restore steps, on the throwaway server."""
    import subprocess

    from .servers import postgres_bin

    dump = tmp_path / "iom.dump"
    restored_url = cluster.url.rsplit("/", 1)[0] + "/iom_restored"
    subprocess.run(
        [postgres_bin("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", cluster.url],
        check=True,
        timeout=120,
    )
    subprocess.run(
        [postgres_bin("createdb"), "--host=127.0.0.1", f"--port={cluster.port}"]
        + ["--username=postgres", "iom_restored"],
        check=True,
        timeout=60,
    )
    subprocess.run(
        [postgres_bin("pg_restore"), "--no-owner", f"--dbname={restored_url}", str(dump)],
        check=True,
        timeout=120,
    )
    env = production_env(DATABASE_URL=restored_url)
    manage(env, "migrate", "--noinput", "--check")  # nothing left to apply
    server = Gunicorn(env)
    try:
        status, _, page = server.get("/en/centres/")
        assert status == 200 and "Brașov" in page
    finally:
        server.stop()
