"""Staff edit alerts in the admin: indicator rows typed any way are stored normalised,
and the alert's pages load for staff."""

from django.urls import reverse

from alerts.models import AlertIndicator, Channel, ReportingContact, ScamAlert


def alert_form(**overrides):
    data = {
        "title_en": "Fake Canadian embassy e-mails",
        "slug": "fake-canadian-embassy-emails",
        "summary_en": "E-mails that claim to come from the Canadian embassy ask for visa fees.",
        "body_en": "",
        "scam_type": "impersonation",
        "channels": [Channel.objects.get(code="email").pk],
        "impersonated_organisation_en": "Canadian embassy",
        "red_flags_en": "Asks for a fee\nFree e-mail address",
        "what_to_do_en": "Do not pay.",
        "severity": "Severe",
        "urgency": "Expected",
        "certainty": "Likely",
        "status": "published",
        # English only: publishing it takes the Publisher's "publish anyway" (issue 15).
        "publish_missing_languages": "on",
        "indicators-TOTAL_FORMS": "3",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-kind": "domain",
        "indicators-0-value": "HTTPS://www.Canada-Embassy-Visa.com/fees",
        "indicators-1-kind": "phone",
        "indicators-1-value": "0040 721 234 567",
        "indicators-2-kind": "email",
        "indicators-2-value": "Visa.Officer@Gmail.com",
        "verify_links-TOTAL_FORMS": "1",
        "verify_links-INITIAL_FORMS": "0",
        "verify_links-0-label_en": "Government of Canada: visas",
        "verify_links-0-url": "https://www.canada.ca/",
        "verify_links-0-sort_order": "0",
    }
    data.update(overrides)
    return data


def test_staff_add_an_alert_with_normalised_indicators(staff_client, seeded):
    response = staff_client.post(reverse("admin:alerts_scamalert_add"), alert_form())
    assert response.status_code == 302, [
        f.formset.errors for f in response.context["inline_admin_formsets"]
    ] + [response.context["errors"]]
    alert = ScamAlert.objects.get(slug="fake-canadian-embassy-emails")
    assert set(alert.indicators.values_list("kind", "value")) == {
        ("domain", "canada-embassy-visa.com"),
        ("phone", "+40721234567"),
        ("email", "visa.officer@gmail.com"),
    }
    assert alert.verify_links.get().url == "https://www.canada.ca/"
    assert alert.history.count() == 1


def test_an_invalid_indicator_is_refused_with_a_message(staff_client, seeded):
    data = alert_form(**{"indicators-1-value": "call me"})
    response = staff_client.post(reverse("admin:alerts_scamalert_add"), data)
    assert response.status_code == 200
    assert "does not look like a valid Phone number" in response.content.decode()
    assert not AlertIndicator.objects.exists()


def test_reserved_slugs_are_refused(staff_client, seeded):
    response = staff_client.post(reverse("admin:alerts_scamalert_add"), alert_form(slug="check"))
    assert response.status_code == 200
    assert not ScamAlert.objects.filter(slug="check").exists()


def test_alert_admin_pages_load(staff_client, seeded):
    for model in (ScamAlert, Channel, ReportingContact):
        opts = model._meta
        assert (
            staff_client.get(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            ).status_code
            == 200
        )
        assert (
            staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code
            == 200
        )
