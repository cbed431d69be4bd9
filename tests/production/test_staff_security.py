"""Staff accounts: lockout after failed logins, TOTP second factor, configurable admin path."""

import os
import subprocess
import sys
from base64 import b32decode
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

ROOT = Path(__file__).resolve().parents[2]
LOGIN = f"/{settings.ADMIN_URL}login/"
INDEX = f"/{settings.ADMIN_URL}"
VERIFY = f"/{settings.ADMIN_URL}otp/"


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


def test_staff_without_a_device_enrol_in_the_browser(editor, settings):
    settings.OTP_REQUIRED = True
    client = Client()
    _login(client, "a long staff passphrase")
    assert client.get(INDEX).status_code == 302  # no admin page before the second factor
    page = client.get(VERIFY, {"next": INDEX}).content.decode()
    assert 'class="otp-qr-code"' in page and "scan this QR code" in page
    secret = _secret_on(page)
    assert client.get(VERIFY).content.decode().count(secret) == 1  # a reload: the same secret

    wrong = client.post(VERIFY, {**_form_fields(page), "otp_token": "000000"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get(INDEX).status_code == 302
    TOTPDevice.objects.get(user=editor).throttle_reset()  # django-otp slows down guessing

    done = client.post(VERIFY, {**_form_fields(page), "otp_token": _code_for(secret)})
    codes = _recovery_codes_on(done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(INDEX).status_code == 200
    device = TOTPDevice.objects.get(user=editor)
    assert device.confirmed
    # The codes are shown once: the next visit to the page asks for a code instead.
    again = client.get(VERIFY).content.decode()
    assert "six-digit code" in again and "scan this QR code" not in again
    assert not any(code in again for code in codes), again


def test_a_recovery_code_gets_in_once(editor, settings):
    settings.OTP_REQUIRED = True
    codes = _enrol(editor)
    first, second = Client(), Client()
    for client in (first, second):
        _login(client, "a long staff passphrase")
    page = first.get(VERIFY).content.decode()
    assert "A recovery code" in page
    fields = {**_form_fields(page), "otp_device": _recovery_choice(page), "otp_token": codes[0]}
    assert first.post(VERIFY, fields).status_code == 302
    assert first.get(INDEX).status_code == 200

    page = second.get(VERIFY).content.decode()
    fields = {**_form_fields(page), "otp_device": _recovery_choice(page), "otp_token": codes[0]}
    refused = second.post(VERIFY, fields)
    assert "That code is not right" in refused.content.decode()
    assert second.get(INDEX).status_code == 302
    StaticDevice.objects.get(user=editor).throttle_reset()  # django-otp slows down guessing
    fields["otp_token"] = codes[1]
    assert second.post(VERIFY, fields).status_code == 302
    assert second.get(INDEX).status_code == 200


def test_the_code_page_submits_the_authenticator_app_by_default(editor, settings):
    """The page's own form, as a browser sends it: no device picked by hand."""
    settings.OTP_REQUIRED = True
    _enrol(editor)
    device = TOTPDevice.objects.get(user=editor)
    client = Client()
    _login(client, "a long staff passphrase")
    page = client.get(VERIFY, {"next": INDEX}).content.decode()
    response = client.post(VERIFY, {**_form_fields(page), "otp_token": _code(device)})
    assert response.status_code == 302 and response["Location"] == INDEX
    assert client.get(INDEX).status_code == 200


def test_an_administrator_resets_another_users_two_factor(editor, settings):
    colleague = get_user_model().objects.create_user(
        "colleague", "c@example.org", "another long passphrase", is_staff=True
    )
    _enrol(colleague)
    admin = Client()
    admin.force_login(editor)
    response = admin.post(
        f"/{settings.ADMIN_URL}auth/user/",
        {"action": "reset_two_factor", "_selected_action": [colleague.pk]},
        follow=True,
    )
    assert "Two-factor authentication was reset for 1 account." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticDevice.objects.filter(user=colleague).exists()
    assert TOTPDevice.objects.filter(user=editor).count() == 0  # nobody else was touched

    settings.OTP_REQUIRED = True
    client = Client()
    client.post(
        LOGIN,
        {"username": "colleague", "password": "another long passphrase", "next": INDEX},
        REMOTE_ADDR="192.0.2.9",
    )
    assert "scan this QR code" in client.get(VERIFY).content.decode()


def test_lockout_counts_failures_per_user_name_from_any_address(editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            LOGIN,
            {"username": "editor", "password": "wrong", "next": INDEX},
            REMOTE_ADDR=f"198.51.100.{number + 1}",
        )
    response = Client().post(
        LOGIN,
        {"username": "editor", "password": "a long staff passphrase", "next": INDEX},
        REMOTE_ADDR="203.0.113.50",
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def _enrol(user) -> list[str]:
    """An account that has already set up its app and got its recovery codes."""
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(3)]
    for code in codes:
        recovery.token_set.create(token=code)
    return codes


class _FormReader(HTMLParser):
    """What a browser would see and send: the fields of each form (checked radios only),
    the secret key, the codes listed on the page and the radio labelled "A recovery code"."""

    def __init__(self, page: str):
        super().__init__()
        self.forms, self.codes = [], []
        self.secret = self.recovery_choice = self._radio = self._code = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif tag == "input" and attrs.get("type") == "radio":
            self._radio = attrs["value"]
            if "checked" in attrs:
                self.forms[-1][attrs["name"]] = attrs["value"]
        elif tag == "input" and attrs.get("name"):
            self.forms[-1][attrs["name"]] = attrs.get("value", "")
        elif tag == "code":
            self._code = attrs.get("id", "")

    def handle_data(self, data):
        if self._code == "otp-secret":
            self.secret = data.strip()
        elif self._code is not None:
            self.codes.append(data.strip())
        elif "A recovery code" in data:
            self.recovery_choice = self._radio

    def handle_endtag(self, tag):
        if tag == "code":
            self._code = None


def _form_fields(page: str) -> dict:
    return next(form for form in _FormReader(page).forms if "otp_token" in form)


def _recovery_choice(page: str) -> str:
    return _FormReader(page).recovery_choice


def _secret_on(page: str) -> str:
    return _FormReader(page).secret


def _recovery_codes_on(page: str) -> list[str]:
    return _FormReader(page).codes


def _code_for(secret: str) -> str:
    return f"{TOTP(b32decode(secret)).token():06d}"


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


@pytest.mark.slow
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
