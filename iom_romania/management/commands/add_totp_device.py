"""Enrol a staff member in two-factor authentication: create a TOTP device, show its QR code."""

import io

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Create a TOTP device for a staff user and print its provisioning URI and QR code, "
        "to scan with an authenticator app (FreeOTP, Aegis, Google Authenticator, ...)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Authenticator app")
        parser.add_argument(
            "--replace", action="store_true", help="Delete the user's existing TOTP devices first."
        )
        parser.add_argument("--no-qr", action="store_true", help="Print only the URI.")

    def handle(self, username, name, replace, no_qr, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        if not user.is_staff:
            raise CommandError(f"{username!r} is not a staff account.")
        if replace:
            TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        self.stdout.write(device.config_url)
        if not no_qr:
            code = qrcode.QRCode(border=1)
            code.add_data(device.config_url)
            text = io.StringIO()
            code.print_ascii(out=text, invert=True)
            self.stdout.write(text.getvalue())
        self.stdout.write(
            "Scan the code (or enter the URI's secret) in the authenticator app; "
            "the next admin login asks for its six-digit code."
        )
