"""Create the PostgreSQL database named in DATABASE_URL if it does not exist yet.

Used by `make serve` and `make bench` so they work on a fresh machine; in production the
database is created once by the administrator (docs/deploy.md).
"""

import os
import sys
from urllib.parse import urlsplit

import psycopg2
from psycopg2 import sql


def main() -> int:
    url = urlsplit(os.environ["DATABASE_URL"])
    if url.scheme not in ("postgres", "postgresql", "pgsql"):
        return 0
    name = url.path.lstrip("/")
    connection = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
        connect_timeout=5,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
