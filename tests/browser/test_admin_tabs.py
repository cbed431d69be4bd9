import pytest

from programmes.models import ProgrammeArea

pytestmark = pytest.mark.browser


def test_admin_shows_language_tabs_with_self_hosted_jquery_ui(page, portal, django_user_model):
    django_user_model.objects.create_superuser("tabs", "tabs@example.org", "a-long-test-pw")
    errors = []  # script errors and CSP refusals; the admin's missing favicon is not ours
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and errors.append(message.text),
    )
    page.on(
        "response",
        lambda response: (
            "/static/" in response.url and response.status >= 400 and errors.append(response.url)
        ),
    )
    page.goto(f"{portal}/admin/login/")
    page.fill("#id_username", "tabs")
    page.fill("#id_password", "a-long-test-pw")
    page.click("input[type=submit]")
    area = ProgrammeArea.objects.get(slug="migration-health")
    page.goto(f"{portal}/admin/programmes/programmearea/{area.pk}/change/")
    tabs = page.locator(".ui-tabs-nav").first
    tabs.wait_for()
    assert "ro" in tabs.inner_text().lower()
    assert not errors, errors
