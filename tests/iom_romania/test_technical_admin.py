"""Technical tables (lockouts, two-factor devices, gazetteer) are for administrators only;
content staff see one language control per field, not a second one beside the title."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.urls import reverse

from centres.models import Centre
from iom_romania.roles import ROLES

TECHNICAL = {
    "axes_accessattempt": "Access attempts",
    "axes_accesslog": "Access logs",
    "axes_accessfailurelog": "Access failures",
    "otp_totp_totpdevice": "TOTP devices",
    "otp_static_staticdevice": "Static devices",
    "centres_gazetteercounty": "Counties",
    "centres_gazetteerplace": "Places",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_role_sees_the_technical_tables_even_when_granted_them(client, make_staff, role):
    user = make_staff(role)
    # A permission given by mistake still does not open the technical tables.
    apps = ("axes", "otp_totp", "otp_static", "centres")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=apps,
            content_type__model__in=[
                "accessattempt", "accesslog", "accessfailurelog", "totpdevice",
                "staticdevice", "gazetteercounty", "gazetteerplace",
            ],
        )
    )  # fmt: skip
    client.force_login(user)
    home = client.get(reverse("admin:index"))
    for name, label in TECHNICAL.items():
        assert label not in home.content.decode(), (role, label)
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403, name


@pytest.mark.django_db
def test_administrators_still_see_them(admin_client):
    home = admin_client.get(reverse("admin:index")).content.decode()
    for name, label in TECHNICAL.items():
        assert label in home
        assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200


@pytest.mark.django_db
def test_the_admin_hides_the_second_language_control(admin_client):
    centre = Centre.objects.get(slug="brasov")
    page = admin_client.get(reverse("admin:centres_centre_change", args=[centre.pk]))
    assert "css/admin.css" in page.content.decode()
    css = Path(finders.find("css/admin.css")).read_text()
    assert "#modeltranslation-main-switch { display: none; }" in css
