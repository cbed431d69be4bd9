"""What `make serve` and docs/deploy.md rely on, checked where it can run here."""

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

from .servers import ROOT, production_env

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-like-secret-" + "q7Zx9!" * 10,
    "ALLOWED_HOSTS": "portal.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
    "DATABASE_URL": "postgres://portal@db.internal:5432/portal",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "ADMIN_URL": "staff-7f3a/",
    "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",  # as deploy/iom-romania.service sets it
}


def _clean_env(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV
        and not key.startswith(("STATIC_", "SECURE_", "OTP_", "DJANGO_", "PAGE_CACHE"))
    }
    return {**env, **PRODUCTION_ENV, **extra}


def test_check_deploy_has_zero_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings():
    code = """
import json, django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "connect_timeout": db["OPTIONS"].get("connect_timeout"),
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "ignore_cache_errors": settings.CACHES["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"],
    "page_cache": settings.PAGE_CACHE_SECONDS,
    "otp": settings.OTP_REQUIRED,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "secure_cookies": settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE,
}))
"""
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_clean_env(DJANGO_SETTINGS_MODULE="iom_romania.settings"),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    values = json.loads(output.strip().splitlines()[-1])
    assert values == {
        "debug": False,
        "conn_max_age": 60,
        "health_checks": True,
        "connect_timeout": 3,
        "static": "iom_romania.storage.StaticFilesStorage",
        "cache": "django_redis.cache.RedisCache",
        "ignore_cache_errors": True,
        "page_cache": 300,
        "otp": True,
        "hsts": 31536000,
        "ssl_redirect": True,
        "secure_cookies": True,
    }


def test_templates_are_compiled_once():
    loader = engines["django"].engine.template_loaders[0]
    assert type(loader).__module__ == "django.template.loaders.cached"


def test_gunicorn_configuration_is_valid():
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    result = subprocess.run(
        [gunicorn, "--check-config", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=production_env(DATABASE_URL="sqlite:///:memory:"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_configuration_values():
    path = ROOT / "deploy" / "gunicorn.conf.py"
    namespace: dict = {"__file__": str(path)}
    source = path.read_text()
    exec(compile(source, "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    assert namespace["wsgi_app"] == "iom_romania.wsgi:application"
    assert namespace["accesslog"] is None  # our own log line, without addresses
    assert namespace["limit_request_line"] <= 8190
    assert namespace["workers"] >= 1


@pytest.mark.slow
def test_static_files_are_hashed_compressed_and_cached_for_years(tmp_path):
    env = _clean_env(DJANGO_SETTINGS_MODULE="iom_romania.settings")
    code = f"""
import django
from django.conf import settings
django.setup()
settings.STATIC_ROOT = {str(tmp_path)!r}
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
from django.templatetags.static import static
from django.test import Client
address = static("css/site.css")
client = Client(HTTP_HOST="portal.example.org")
response = client.get(address, HTTP_ACCEPT_ENCODING="gzip", secure=True)
print(response.status_code, response.get("Content-Encoding"), response["Cache-Control"])
print(address)
"""
    lines = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.splitlines()
    from whitenoise.storage import CompressedManifestStaticFilesStorage

    from iom_romania.storage import StaticFilesStorage

    assert issubclass(StaticFilesStorage, CompressedManifestStaticFilesStorage)
    address = lines[-1]
    assert address.startswith("/static/css/site.") and address != "/static/css/site.css"
    hashed = tmp_path / address.removeprefix("/static/")
    assert hashed.exists()
    assert Path(f"{hashed}.gz").exists()
    # WhiteNoise serves it compressed and cacheable for years: later pages reuse it.
    status, encoding, cache_control = lines[-2].split(" ", 2)
    assert (status, encoding) == ("200", "gzip")
    assert "immutable" in cache_control and "max-age=315360000" in cache_control


def test_nginx_example_configuration_is_valid(tmp_path):
    # make test installs nginx and openssl (Makefile); NGINX_BIN picks another nginx.
    nginx = os.environ.get("NGINX_BIN") or shutil.which("nginx")
    openssl = shutil.which("openssl")
    assert nginx and openssl, "nginx and openssl are needed: run make test"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=t"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/portal.example.org/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/portal.example.org/privkey.pem", str(key))
    site = site.replace(
        "/etc/nginx/iom-romania-proxy.conf", str(ROOT / "deploy/iom-romania-proxy.conf")
    )
    site = site.replace("/var/cache/nginx/iom-romania", str(tmp_path / "cache"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\n"
        f"events {{}}\nhttp {{\n  access_log off;\n"
        + "".join(
            f"  {kind}_temp_path {tmp_path}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_health_endpoints(client, db):
    healthz = client.get("/healthz")
    assert healthz.status_code == 200 and healthz.content == b"ok\n"
    assert "no-store" in healthz["Cache-Control"] and not healthz.cookies
    readyz = client.get("/readyz")
    assert readyz.status_code == 200
    assert readyz.json() == {"database": "ok", "cache": "ok"}
    assert client.post("/healthz").status_code == 405


def test_one_log_line_per_request_without_personal_data(client, seeded, caplog):
    with caplog.at_level(logging.INFO, logger="iom_romania.requests"):
        client.get(
            "/ro/centres/?q=maria.popescu@example.org",
            HTTP_USER_AGENT="SecretBrowser/1.0",
            REMOTE_ADDR="203.0.113.9",
            HTTP_COOKIE="sessionid=abc123",
        )
    lines = [
        record.getMessage() for record in caplog.records if record.name == "iom_romania.requests"
    ]
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["method"] == "GET" and entry["path"] == "/ro/centres/"
    assert entry["status"] == 200 and entry["language"] == "ro"
    assert entry["route"] == "centres:centre_list"
    assert isinstance(entry["duration_ms"], float)
    for personal in ("maria", "203.0.113.9", "SecretBrowser", "abc123"):
        assert personal not in lines[0]


def test_errors_are_logged_to_stderr():
    handler = settings.LOGGING["handlers"]["stderr"]
    assert handler["stream"] == "ext://sys.stderr"
    assert settings.LOGGING["root"]["handlers"] == ["stderr"]


def test_systemd_units_are_valid(tmp_path):
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is needed: run make test"
    for unit in (
        "iom-romania.service",
        "iom-romania-backup.service",
        "iom-romania-backup.timer",
        "iom-romania-purge.service",
        "iom-romania-purge.timer",
        "iom-romania-usage.service",
        "iom-romania-usage.timer",
        "iom-romania-worker@.service",
        "iom-romania-beat.service",
    ):
        # A template unit is checked as one of its instances.
        installed = unit.replace("@.", "@1.")
        shutil.copy(ROOT / "deploy" / unit, tmp_path / installed)
        result = subprocess.run(
            [analyze, "verify", "--man=no", str(tmp_path / installed)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        problems = [
            line
            for line in (result.stdout + result.stderr).splitlines()
            # The example's install path does not exist on this machine; anything else counts.
            if line.strip() and "/srv/iom-romania/" not in line
        ]
        assert not problems, (unit, problems)
