"""Settings for the IOM Romania portal.

Every deploy-specific value comes from the environment, with a safe default.
Production refuses to start without SECRET_KEY; DEBUG is off unless asked for.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin widgets win.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",  # Django's own widget templates, for FORM_RENDERER below
    "crispy_forms",
    "simple_history",
    "solo",  # one-row settings objects: the office contact page
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # one-time recovery codes
    "iom_romania",
    "programmes",
    "centres",
    "alerts",
]

MIDDLEWARE = [
    # Outermost: times every request, cache hits and errors included; one log line each.
    "iom_romania.middleware.RequestLogMiddleware",
    # Counts the page view for the demand figures, cache hits included (no database query).
    "iom_romania.middleware.UsageMiddleware",
    # Serves anonymous public pages from the cache before any other work: security headers,
    # static files, CSP, sessions, locale, auth, two-factor, lockout, the database. Each page
    # is stored with the headers those added (the same for every visitor); a plain-HTTP
    # request that must be redirected to HTTPS is never answered from it.
    "iom_romania.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "iom_romania.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A NUL byte anywhere in the input: the 400 page, before anything reaches the database.
    "iom_romania.request_checks.RequestCheckMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF so a wrong method gets 405, not a CSRF failure.
    "iom_romania.middleware.MethodNotAllowedMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "iom_romania.middleware.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes wants to be last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iom_romania.urls"
WSGI_APPLICATION = "iom_romania.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alerts.context_processors.scam_banner",
            ],
        },
    },
]

# Widgets render with the TEMPLATES above, so a widget's template lives in templates/<app>/
# like every other (the centre form's week grid: templates/centres/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections, checked before reuse, so a restarted database is picked
        # up again by the next request without restarting the app server.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer must fail fast into the 503 page, not hang a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (shared by every app server), local memory otherwise.
# A cache that does not answer is ignored (django-redis IGNORE_EXCEPTIONS): the site then
# works uncached instead of failing.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "iom")
# Pages kept per content generation at most (iom_romania.page_cache).
PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "5000"))


def cache_settings(key_prefix: str, max_entries: int) -> dict:
    if REDIS_URL:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": key_prefix,
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


CACHES = {
    "default": cache_settings(CACHE_KEY_PREFIX, 5000),
    # Whole pages for anonymous visitors, apart from everything else (iom_romania.page_cache).
    "pages": cache_settings(f"{CACHE_KEY_PREFIX}:pages", PAGE_CACHE_MAX_ENTRIES + 100),
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "iom_romania.cache"
# Anonymous public pages are kept this long at most; any content change ends the page cache's
# generation at once (iom_romania.page_cache). 0 turns the page cache off (tests do, unless
# they test it). On by default only with Redis: a change must reach every app server's
# cache, and local memory is per process.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300" if REDIS_URL else "0"))
# Demand figures (iom_romania/usage.py, docs/demand.md): page views and lookups are counted
# per day and language, never per visitor. The counts go to Redis (USAGE_REDIS_URL, default
# REDIS_URL) and `manage.py flush_usage` writes them to the database every few minutes.
# Each process keeps them in memory first; a background thread moves them on every
# USAGE_FLUSH_SECONDS (to Redis, or without Redis to the database; 0: no thread).
USAGE_COUNTING = env_bool("USAGE_COUNTING", True)
USAGE_REDIS_URL = os.environ.get("USAGE_REDIS_URL", REDIS_URL)
USAGE_FLUSH_SECONDS = int(os.environ.get("USAGE_FLUSH_SECONDS", "60"))
# With Redis: each process sends its counts there at most this often (one round trip).
USAGE_PUSH_SECONDS = float(os.environ.get("USAGE_PUSH_SECONDS", "2"))
# Figures older than this many days are deleted by `manage.py purge_usage` (13 months).
USAGE_RETENTION_DAYS = int(os.environ.get("USAGE_RETENTION_DAYS", "396"))
# What browsers and CDNs may reuse without asking: short, so edits show up quickly everywhere.
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: adding one is a line here plus a .po file in locale/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ro", _("Romanian")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("tr", _("Turkish")),
    ("ne", _("Nepali")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# `/` opens in the language the reader last chose (this cookie, set by the switcher), else in
# the browser's Accept-Language, else English. A year: shared phones keep their language.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The admin's language tabs use jQuery UI, self-hosted (never a CDN); see static/vendor/.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Bucharest")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed file names need `collectstatic`; tests and development use plain names.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
# Warning posters, built once per warning, language pair and content version (alerts/posters.py).
POSTER_ROOT = Path(os.environ.get("POSTER_ROOT", BASE_DIR / "var" / "posters"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "posters": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": POSTER_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            # WhiteNoise's CompressedManifestStaticFilesStorage, source maps left alone.
            "iom_romania.storage.StaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Forms are rendered by the site's own crispy-forms pack (templates/crispy_site/), styled by
# static/css/site.css: the same markup and error pattern for every public form.
CRISPY_ALLOWED_TEMPLATE_PACKS = ["crispy_site"]
CRISPY_TEMPLATE_PACK = "crispy_site"
# A layout naming a field the form does not have is an error, not a field left out silently.
CRISPY_FAIL_SILENTLY = False

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
STAFF_NOTIFICATION_EMAILS = env_list("STAFF_NOTIFICATION_EMAILS")

# The portal's own address, for links in e-mails sent by workers (no request to read it from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# E-mail subscriptions to scam warnings (alerts/subscriptions.py, alerts/outbox.py).
# Unconfirmed addresses and confirmation links last this long.
SUBSCRIPTION_CONFIRM_DAYS = int(os.environ.get("SUBSCRIPTION_CONFIRM_DAYS", "7"))
# The outbox: rows a worker claims at a time, how long a claim lasts before the sweep
# hands the unsent rows to another worker, attempts before a row is marked failed and the
# first retry delay (doubled after each failure).
OUTBOX_BATCH_SIZE = int(os.environ.get("OUTBOX_BATCH_SIZE", "200"))
OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", "600"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "6"))
OUTBOX_RETRY_SECONDS = int(os.environ.get("OUTBOX_RETRY_SECONDS", "60"))
# E-mails per second for the whole site (all workers together, counted in the cache:
# shared through Redis when REDIS_URL is set); 0 for no limit. Set it to the mail
# provider's limit.
EMAIL_SEND_RATE = float(os.environ.get("EMAIL_SEND_RATE", "0"))

# Celery (iom_romania/celery.py). Without a broker (`make run`, most tests) tasks run
# in-process at once; with one, `make serve` and deploy/iom-romania-worker.service run them.
# Not REDIS_URL's database: the broker's queue must not share a database with the cache.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_IGNORE_RESULT = True
# Several sites (or test runs) can share one Redis: each its own queue name.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "iom-romania")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing never waits long on a broker that is down: the outbox row is already written
# and the sweep below sends it when the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
OUTBOX_SWEEP_SECONDS = int(os.environ.get("OUTBOX_SWEEP_SECONDS", "60"))
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "alerts.tasks.sweep_outbox", "schedule": OUTBOX_SWEEP_SECONDS}
}

# Scam reports and alerts (see docs/scam-reports.md).
SCAM_REPORT_RETENTION_DAYS = int(os.environ.get("SCAM_REPORT_RETENTION_DAYS", "180"))
SCAM_REPORT_RATE_LIMIT = int(os.environ.get("SCAM_REPORT_RATE_LIMIT", "5"))
SCAM_REPORT_RATE_WINDOW_SECONDS = int(os.environ.get("SCAM_REPORT_RATE_WINDOW_SECONDS", "3600"))
SCAM_REPORT_MIN_FILL_SECONDS = int(os.environ.get("SCAM_REPORT_MIN_FILL_SECONDS", "5"))
# Behind a reverse proxy: the META key of the header it puts the client address in
# (e.g. HTTP_X_FORWARDED_FOR), so the rate limit counts clients, not the proxy.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
CAP_SENDER = os.environ.get("CAP_SENDER", "")

# Security: the strict values apply whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after this much inactivity (default 2 hours).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 2)))
SESSION_SAVE_EVERY_REQUEST = True  # expiry counts from the last request: inactivity timeout
# Request bodies: forms here are small. A larger body is refused (400) before it is parsed;
# nginx refuses far larger ones with 413 (deploy/nginx.conf).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(256 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
CSRF_FAILURE_VIEW = "iom_romania.views.csrf_failure"
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # Health checks from a load balancer come over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Content-Security-Policy: self-hosted everything, nothing inline.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors")
# Map tiles are the one thing loaded from elsewhere, and only as images.
MAP_TILE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL.replace("{s}", "*")))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE: only when a template uses {{ request.csp_nonce }}; such a page is never put
        # in the page cache, since every response needs a fresh nonce.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:", MAP_TILE_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The offline service worker (/sw.js) and the web app manifest, both this site's own.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Logs: one JSON line per request on stdout (iom_romania.requests, no personal data),
# warnings and errors (with tracebacks) on stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
        "requests": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "message",
        },
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # WeasyPrint (warning posters) logs each step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "iom_romania.requests": {
            "handlers": ["requests"],
            "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}

# Staff area: its address is configurable so it is not where scanners look first.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before the password is checked.
    "iom_romania.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))  # hours
# Failures count per user name, whatever the address: guessing one staff password from many
# addresses, or from behind a proxy that hides them, still stops after AXES_FAILURE_LIMIT.
# The price: anyone who knows a user name can keep that account locked for the cool-off
# time (docs/deploy.md, "Staff sign-in"); the second factor, not the lockout, is what keeps
# a guessed password useless. (Counting per user name and address as well would add nothing:
# with one limit, the per-name count always reaches it first.)
AXES_LOCKOUT_PARAMETERS = [["username"]]
# axes.W006 asks for the address in the parameters, so that rotating user agents or cookies
# cannot dodge the count; counting per user name, nothing a client sends resets it.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# Counts the visitor's address from CLIENT_IP_HEADER (above) behind a trusted proxy.
AXES_CLIENT_IP_CALLABLE = "iom_romania.auth.client_ip"

# Two-factor authentication (TOTP) for every staff login: on by default in production.
OTP_REQUIRED = env_bool("OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "IOM Romania portal"
