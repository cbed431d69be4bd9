"""Gunicorn configuration for the portal (used by `make serve`, `make bench` and systemd).

Every value can be overridden from the environment, so one file serves a laptop, the bench
and each app server behind the load balancer (docs/deploy.md).
"""

import multiprocessing
import os
import re
from pathlib import Path

from gunicorn.glogging import Logger

# The repository root, so `gunicorn -c deploy/gunicorn.conf.py` works from anywhere.
chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "iom_romania.wsgi:application"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Sync workers: the pages are short CPU work plus a few fast queries; one worker per core,
# more only when the database is far away (WEB_CONCURRENCY).
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count())))
worker_class = "sync"
# Load Django once in the master: faster worker start and shared memory.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound; rarely, because
# each restart costs a worker's warm-up (imports, first template loads).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = 5000

# Request limits: anything longer is answered 400 by gunicorn before Django sees it.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# The proxy in front (nginx) is trusted for X-Forwarded-Proto; nothing else is.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Django's own middleware writes one structured line per request; gunicorn's access log would
# add a second one with the client's address, so it stays off. Errors go to stderr.
accesslog = None
errorlog = "-"


class AddresslessLogger(Logger):
    """gunicorn's logger, minus the client address it puts in "Invalid request" warnings.

    A malformed request (a bad request line, oversized headers) is answered 400 by gunicorn
    itself, which logs "Invalid request from ip=<address>: <problem> '<what was sent>'". The
    privacy notice promises no addresses in logs, and what was sent may hold a query string,
    so the line keeps only the kind of problem.
    """

    INVALID_REQUEST = re.compile(r"^Invalid request from ip=\S*: (?P<problem>[^'\"]*)")

    def warning(self, msg, *args, **kwargs):
        invalid = self.INVALID_REQUEST.match(str(msg))
        if invalid:
            msg = "Invalid request: " + invalid["problem"].strip().rstrip(":")
        super().warning(msg, *args, **kwargs)


logger_class = AddresslessLogger
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "iom-romania"
# No control socket: it lives at one path per user, and several servers (tests, the bench, a
# second instance) would fight over it. systemd and signals manage the process instead.
control_socket_disable = True


def when_ready(server):
    # In the master, after the app is loaded: compile every template of the site now, so
    # each worker (and each one that replaces a recycled worker) starts with them compiled
    # instead of making its first visitors wait for it.
    from django.conf import settings
    from django.template import engines

    engine = engines["django"].engine
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(directory).rglob("*.html"):
            name = path.relative_to(directory).as_posix()
            if not name.startswith("admin/"):
                engine.get_template(name)


def post_fork(server, worker):
    # Database connections must never be shared across a fork.
    from django.db import connections

    connections.close_all()
