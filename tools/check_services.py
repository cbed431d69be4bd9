"""Stop `make test` at once, with one line, when PostgreSQL or Redis does not answer.

    python -m tools.check_services DATABASE_URL REDIS_URL

The suite runs on PostgreSQL; the fault tests (tests/production/test_faults.py) also need
Redis. `.ci/run` starts both on a fresh machine.
"""

import sys
from urllib.parse import urlsplit

import psycopg2
import redis


def main(database_url: str, redis_url: str) -> int:
    # The server's maintenance database: pytest-django creates the test database itself.
    server = urlsplit(database_url)._replace(path="/postgres").geturl()
    try:
        psycopg2.connect(server, connect_timeout=3).close()
    except psycopg2.OperationalError as error:
        first_line = str(error).strip().splitlines()[0]
        print(
            f"PostgreSQL does not answer at {database_url} ({first_line}): start it, "
            "as .ci/run does",
            file=sys.stderr,
        )
        return 1
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError:
        print(f"Redis does not answer at {redis_url}: start it, as .ci/run does", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
