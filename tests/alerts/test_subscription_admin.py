"""Staff see how many subscribe (per language and type of scam) and how far each warning's
e-mails are; the addresses are for administrators only."""

from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from alerts.models import Delivery, Mailing


def signed_in(role=None):
    if role is None:
        user = User.objects.create_superuser("admin", "admin@example.org")
    else:
        user = User.objects.create_user(role.lower(), is_staff=True)  # no password: fast
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_sees_counts_and_progress_but_no_address(
    make_subscriber, make_alert, django_assert_max_num_queries
):
    make_subscriber(language="ar", email="first@example.org")
    make_subscriber(language="ar", topics=["visa"], email="second@example.org")
    make_subscriber(language="ro", confirmed=False, email="third@example.org")
    alert = make_alert(scam_type="visa", title="Fake visas")
    first = Delivery.objects.filter(mailing__alert=alert).order_by("pk")[0]
    Delivery.objects.filter(pk=first.pk).update(status="sent")
    other = make_alert(title="Fake jobs")
    Delivery.objects.filter(mailing__alert=other).update(status="unknown")
    client = signed_in("Editor")
    with django_assert_max_num_queries(20):
        page = client.get(reverse("admin:alerts_mailing_changelist")).content.decode()
    assert "Subscribers: 2 confirmed, 1 waiting for confirmation" in page
    assert "Arabic" in page
    assert "Fake visas" in page
    mailing = Mailing.objects.get(alert=alert)
    assert mailing.recipients == 2
    row = page[page.index("Fake visas") :]
    assert '<td class="field-queued">1</td>' in row
    assert '<td class="field-sent">1</td>' in row
    assert '<td class="field-unknown">0</td>' in row
    other_row = page[page.index("Fake jobs") :]
    assert '<td class="field-unknown">1</td>' in other_row
    assert '<td class="field-queued">0</td>' in other_row
    assert "Outcome unknown (probably delivered, not sent again)" in page
    assert "@example.org" not in page
    assert client.get(reverse("admin:alerts_subscriber_changelist")).status_code == 403


def test_only_an_administrator_sees_the_addresses(make_subscriber):
    make_subscriber(email="reader@example.org")
    url = reverse("admin:alerts_subscriber_changelist")
    for role in ("Publisher", "Report triage", "Centre manager"):
        assert signed_in(role).get(url).status_code == 403, role
    page = signed_in().get(url)
    assert "reader@example.org" in page.content.decode()
