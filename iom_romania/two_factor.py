"""The second step of a staff sign-in when OTP_REQUIRED is on: a code from an authenticator app.

After the password, the admin sends a signed-in but unverified user here (see
AdminTwoFactorMiddleware). One address serves both cases:

- an account with an authenticator app: a form for its six-digit code, or for one of the
  account's recovery codes;
- an account without one (a new account, or one an administrator has reset): enrolment in the
  browser. A QR code and the secret as text, one code from the app to confirm, then ten
  one-time recovery codes, shown once.

`python manage.py add_totp_device <username>` remains for the first administrator
(docs/deploy.md, "Staff sign-in").
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp.forms import OTPTokenForm
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class CodeForm(OTPTokenForm):
    """django-otp's form, with messages written for office staff."""

    otp_error_messages = {
        **OTPTokenForm.otp_error_messages,
        "token_required": gettext_lazy("Enter the code."),
        "invalid_token": gettext_lazy(
            "That code is not right. Check the code in your authenticator app, or the "
            "recovery code, and try again."
        ),
        "device_required": gettext_lazy("Choose where your code comes from."),
    }


class EnrolForm(forms.Form):
    otp_token = forms.CharField(label=gettext_lazy("Code"), max_length=16)

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        code = self.cleaned_data["otp_token"].strip().replace(" ", "")
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            # django-otp makes each wrong code wait longer before the next one is checked.
            raise forms.ValidationError(
                _("Too many wrong codes in a row. Wait a minute, then try again.")
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _(
                    "That code is not right. Check that the app shows the code for the IOM "
                    "Romania portal and that your phone's clock is correct, then try again."
                )
            )
        return code


@never_cache
@csrf_protect
def verify(request):
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url="admin:login")
    next_url = _safe_next(request)
    if not user.is_staff:
        return redirect("admin:login")
    app_devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    if not app_devices.exists():
        return _enrol(request, next_url)

    form = CodeForm(user, request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, user.otp_device)
        return redirect(next_url or "admin:index")
    code_sources = [(device.persistent_id, _("My authenticator app")) for device in app_devices]
    recovery = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if recovery is not None:
        code_sources.append((recovery.persistent_id, _("A recovery code")))
    chosen = request.POST.get("otp_device") or code_sources[0][0]
    context = {
        **admin.site.each_context(request),
        "form": form,
        "next": next_url,
        "code_sources": code_sources,
        "chosen_source": chosen,
        "title": _("Two-factor authentication"),
    }
    return render(request, "admin/otp_verify.html", context)


def _enrol(request, next_url):
    """First sign-in without an authenticator app: set one up, then get recovery codes.

    The unconfirmed device is kept between the page and its form, so reloading the page
    shows the same secret the staff member may already have scanned.
    """
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = EnrolForm(device, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            recovery_codes = _new_recovery_codes(user)
        otp_login(request, device)
        context = {
            **admin.site.each_context(request),
            "recovery_codes": recovery_codes,
            "next": next_url or "",
            "title": _("Your recovery codes"),
        }
        return render(request, "admin/otp_recovery_codes.html", context)
    context = {
        **admin.site.each_context(request),
        "form": form,
        "next": next_url,
        "qr_code": _qr_svg(device.config_url),
        "secret": b32encode(device.bin_key).decode(),
        "title": _("Set up two-factor authentication"),
    }
    return render(request, "admin/otp_enrol.html", context)


def _new_recovery_codes(user) -> list[str]:
    """Replace the account's recovery codes with fresh ones; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _number in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _qr_svg(data: str) -> str:
    # The qrcode package writes the SVG (paths only, no script or style), from our own
    # otpauth:// address; it is safe to put in the page as it is.
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    return mark_safe(image.to_string(encoding="unicode"))


def _safe_next(request) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return next_url
