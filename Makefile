# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/iom_romania
SQLITE_URL := sqlite:///$(CURDIR)/db.sqlite3
# What the warning posters need at run time (WeasyPrint: Pango, and Debian's Noto fonts for
# every script of the site's languages); `make run` and `make serve` check it too.
POSTER_NEEDS := '/usr/lib/*/libpangoft2-1.0.so.0=libpangoft2-1.0-0' \
	'/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf=fonts-noto-core' \
	'/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf=fonts-noto-core' \
	'/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf=fonts-noto-core' \
	'/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf=fonts-noto-core'

.PHONY: run serve bench test test-needs test-postgres test-smoke lint format install messages messages-check check-deploy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# --no-compile: pip would byte-compile every installed module (a third of the install's
# time); Python compiles the ones a command imports on first use and keeps them.
$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-compile \
		-r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Translations are compiled from the .po files in the repo: with gettext's msgfmt when the
# machine has it, else with a pure-Python compiler so that `make run` works on a bare machine.
messages: install
	@if ! command -v msgfmt >/dev/null; then $(BIN)/python -m tools.compile_translations; \
	else DEBUG=true $(BIN)/python manage.py compilemessages --verbosity 0; fi

# After new interface strings land: refresh every locale/*/django.po from the code, then list
# each message still untranslated or fuzzy (exit 1 while any remain).
messages-check: install
	DEBUG=true $(BIN)/python manage.py makemessages --all --no-obsolete --verbosity 0 \
		--ignore staticfiles --ignore node_modules
	$(BIN)/python -m tools.messages_check

run: messages
	@tools/need.sh $(POSTER_NEEDS)
	DEBUG=true DATABASE_URL=$(SQLITE_URL) $(BIN)/python manage.py migrate --noinput
	DEBUG=true DATABASE_URL=$(SQLITE_URL) $(BIN)/python manage.py load_seed
	DEBUG=true DATABASE_URL=$(SQLITE_URL) $(BIN)/python manage.py create_local_staff
	DEBUG=true DATABASE_URL=$(SQLITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production-like, locally: gunicorn (deploy/gunicorn.conf.py), DEBUG off, hashed compressed
# static files, PostgreSQL with persistent connections, Redis page cache when Redis answers.
# Plain HTTP on 127.0.0.1:8000, so secure cookies and the HTTPS redirect are off here only.
SERVE_ENV = DEBUG=false STATIC_MANIFEST=true \
	SECRET_KEY=$${SECRET_KEY:-local-serve-only-not-a-production-secret-4f1d9a7c2b8e6f3a} \
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} REDIS_URL=$${REDIS_URL-redis://127.0.0.1:6379/1} \
	CONN_MAX_AGE=$${CONN_MAX_AGE:-60} SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} \
	SECURE_COOKIES=$${SECURE_COOKIES:-false} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL-redis://127.0.0.1:6379/2}

serve: messages
	@tools/need.sh $(POSTER_NEEDS)
	$(SERVE_ENV) $(BIN)/python deploy/create_database.py
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py load_seed
	@# A Celery worker with the scheduler built in (-B: the outbox sweep, scheduled warnings),
	@# stopped with gunicorn. Production runs them as systemd units (deploy/).
	$(SERVE_ENV) $(BIN)/celery -A iom_romania worker -B --loglevel=INFO \
		--schedule=$${TMPDIR:-/tmp}/iom-romania-celerybeat-schedule & worker=$$!; \
		trap "kill $$worker" EXIT INT TERM; \
		$(SERVE_ENV) $(BIN)/gunicorn -c deploy/gunicorn.conf.py

# Load test on loopback with wrk (installed from Debian if missing): each page against two
# floors (a bare Django project, bench/bare/, and the portal's /healthz); a table and
# bench/results.json. See docs/deploy.md.
bench: messages
	@tools/need.sh wrk=wrk
	$(BIN)/python bench/run.py
	@# The centre lookup alone, with 15 and with 10,000 generated centres (rolled back after).
	$(SERVE_ENV) DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/iom_bench} \
		$(BIN)/python bench/centre_lookup.py --json bench/centres.json
	@# The HSDS API's list endpoints, with 15 and with 10,000 generated centres (rolled back after).
	$(SERVE_ENV) DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/iom_bench} \
		$(BIN)/python bench/hsds.py --json bench/hsds.json
	@# Counting the demand figures on and off, cached and uncached (docs/demand.md): within 5 %.
	$(BIN)/python bench/usage.py --json bench/usage.json
	@# Warning e-mails: 100,000 subscribers, 2 Celery workers, a local SMTP sink; once
	@# undisturbed and once with a worker killed half-way (deleted after).
	$(SERVE_ENV) DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/iom_bench} \
		CELERY_BROKER_URL=$${BENCH_CELERY_BROKER_URL:-redis://127.0.0.1:6379/6} \
		$(BIN)/python bench/subscriptions.py --json bench/subscriptions.json

test: test-needs lint test-postgres test-smoke

# What the suite needs besides Python packages, checked first so that a missing piece stops
# `make test` within seconds: Debian programs (installed when we are root, else named in one
# line), the Nu Html Checker from npm (pinned in tools/vnu/), PostgreSQL and Redis answering.
TEST_PROGRAMS := chromium=chromium java=default-jre-headless msgfmt=gettext nginx=nginx \
	redis-server=redis-server openssl=openssl systemd-analyze=systemd npm=npm initdb=postgresql \
	pg_ctl=postgresql pdftotext=poppler-utils $(POSTER_NEEDS)
VNU_JAR := tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar

test-needs: install
	@tools/need.sh $(TEST_PROGRAMS)
	@$(MAKE) --no-print-directory $(VNU_JAR)
	@$(BIN)/python -m tools.check_services $${DATABASE_URL:-$(PG_URL)} redis://127.0.0.1:6379/0

# --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's is used.
$(VNU_JAR): tools/vnu/package.json tools/vnu/package-lock.json
	cd tools/vnu && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Tests run with production-like settings (DEBUG off) and plain static file names.
TEST_ENV := DEBUG=false SECRET_KEY=test-only-not-secret STATIC_MANIFEST=false SECURE_SSL_REDIRECT=false \
	DJANGO_ALLOW_ASYNC_UNSAFE=true

# The whole suite on PostgreSQL, one worker per CPU (pytest-xdist: each worker has its own
# test database, created and dropped by pytest-django), in a random order: pytest-randomly
# prints "Using --randomly-seed=N"; pass that option to repeat an order.
test-postgres: messages
	$(TEST_ENV) DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest -q -n auto --dist worksteal --durations=15

# The smoke pass on SQLite: migrate, load the seed, every public page answers. Tests that
# need PostgreSQL (marked `postgres`) are not selected.
test-smoke: messages
	$(TEST_ENV) DATABASE_URL=sqlite:///$(CURDIR)/.smoke.sqlite3 $(BIN)/pytest -q -m "smoke and not postgres"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Lighthouse scores and slow-3G page weight of home, centre list and an alert (not a test:
# prints a table, writes audit/report.json). Needs npm; Lighthouse is installed once into
# tools/lighthouse/. See docs/accessibility.md.
.PHONY: audit screenshots
audit: install
	$(BIN)/python tools/audit.py

# PNGs of the main pages at 360 px and 1280 px into docs/screenshots/ (shown in the README).
screenshots: install
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) db.sqlite3 .smoke.sqlite3 staticfiles
