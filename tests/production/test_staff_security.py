"""Staff accounts: lockout after failed logins, TOTP second factor, configurable admin path."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

ROOT = Path(__file__).resolve().parents[2]
LOGIN = f"/{settings.ADMIN_URL}login/"
INDEX = f"/{settings.ADMIN_URL}"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", "editor@example.org", "a long staff passphrase", is_staff=True, is_superuser=True
    )


def _login(client, password):
    return client.post(
        LOGIN, {"username": "editor", "password": password, "next": INDEX}, REMOTE_ADDR="192.0.2.7"
    )


def _code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_repeated_failed_logins_lock_the_account(editor):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200  # the form again, with an error
    assert _login(client, "wrong").status_code == 429
    response = _login(client, "a long staff passphrase")
    assert response.status_code == 429  # locked out, even with the right password now
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_a_successful_login_gets_in_without_2fa_when_it_is_off(editor):
    client = Client()
    assert _login(client, "a long staff passphrase").status_code == 302
    assert client.get(INDEX).status_code == 200


def test_with_otp_required_staff_need_a_code(editor, settings):
    settings.OTP_REQUIRED = True
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client = Client()
    assert _login(client, "a long staff passphrase").status_code == 302
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{settings.ADMIN_URL}otp/")
    page = client.get(response["Location"])
    assert "six-digit code" in page.content.decode()
    wrong = client.post(
        f"/{settings.ADMIN_URL}otp/", {"otp_device": device.persistent_id, "otp_token": "000000"}
    )
    assert wrong.status_code == 200
    assert client.get(INDEX).status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code
    right = client.post(
        f"/{settings.ADMIN_URL}otp/",
        {"otp_device": device.persistent_id, "otp_token": _code(device), "next": INDEX},
    )
    assert right.status_code == 302 and right["Location"] == INDEX
    assert client.get(INDEX).status_code == 200


def test_without_the_code_a_password_grants_nothing_outside_the_admin(editor, settings, db):
    settings.OTP_REQUIRED = True
    client = Client()
    _login(client, "a long staff passphrase")
    response = client.get("/en/no-such-page/")
    assert not response.wsgi_request.user.is_authenticated


def test_staff_without_a_device_are_told_how_to_enrol(editor, settings):
    settings.OTP_REQUIRED = True
    client = Client()
    _login(client, "a long staff passphrase")
    page = client.get(f"/{settings.ADMIN_URL}otp/").content.decode()
    assert "Ask a portal administrator to enrol you" in page
    assert client.get(INDEX).status_code == 302


def test_enrolment_command_prints_a_provisioning_uri_and_qr_code(editor, capsys):
    call_command("add_totp_device", "editor")
    output = capsys.readouterr().out
    device = TOTPDevice.objects.get(user=editor)
    assert device.confirmed
    assert output.startswith("otpauth://totp/")
    assert "issuer=IOM%20Romania%20portal" in output
    assert "█" in output or "▀" in output  # the QR code
    call_command("add_totp_device", "editor", "--replace", "--no-qr")
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_otp_is_on_by_default_in_production():
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "x" * 60}
    env.pop("OTP_REQUIRED", None)
    code = "from django.conf import settings; print(settings.OTP_REQUIRED)"
    assert _run_django(code, env) == "True"
    assert _run_django(code, {**env, "DEBUG": "true"}) == "False"


def test_admin_address_is_configurable():
    env = {**os.environ, "ADMIN_URL": "/staff-area-9f3c/"}
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    assert _run_django(code, env) == "/staff-area-9f3c/"


def test_passwords_and_sessions():
    validators = {item["NAME"].rsplit(".", 1)[1] for item in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= validators
    assert settings.SESSION_SAVE_EVERY_REQUEST  # the expiry counts from the last request
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY


def _run_django(code: str, env: dict) -> str:
    script = f"import django; django.setup(); {code}"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "iom_romania.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_lockout_counts_the_address_the_proxy_saw(settings):
    from django.test import RequestFactory

    from iom_romania.auth import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="198.51.100.4")
    settings.CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.2"
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request) == "198.51.100.4"
