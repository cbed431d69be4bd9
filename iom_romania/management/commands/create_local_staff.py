import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "staff"


class Command(BaseCommand):
    help = "On a developer's machine only: create a local staff account with a random password."

    def handle(self, *args, **options):
        if not settings.DEBUG or settings.DATABASES["default"]["ENGINE"] != (
            "django.db.backends.sqlite3"
        ):
            raise CommandError("Only for local development (DEBUG on, SQLite database).")
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"Local staff account '{USERNAME}' already exists.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(USERNAME, "staff@localhost", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created local staff account: user '{USERNAME}', password '{password}'\n"
                "It is shown only this once. Log in at http://127.0.0.1:8000/admin/"
            )
        )
