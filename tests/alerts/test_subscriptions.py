"""Subscribing to scam warnings by e-mail: the form and its defences, the signed links
(confirm, manage, unsubscribe by link and by the RFC 8058 header), the purge."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import outbox, subscriptions
from alerts.models import Delivery, Subscriber

URL = "/en/alerts/subscribe/"


@pytest.fixture(autouse=True)
def memory_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://portal.example"


def send_outbox():
    while outbox.run_batch().claimed:
        pass


def confirm_link(message) -> str:
    return re.search(r"https://portal\.example(/\S+/subscription/confirm/\S+/)", message.body)[1]


def test_the_form_has_the_privacy_notice_and_every_language(client, db):
    page = client.get(URL).content.decode()
    assert "Privacy notice" in page
    assert "within 7 days" in page
    for name in ("English", "Română", "العربيّة", "فارسی", "नेपाली"):
        assert name in page
    assert 'name="website"' in page  # the bot trap


def test_subscribe_sends_one_confirmation_in_the_chosen_language(client, subscribe_data):
    response = client.post(URL, subscribe_data)
    assert response.status_code == 302
    assert response["Location"] == "/en/alerts/subscribe/sent/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert (subscriber.language, subscriber.topic_list) == ("ar", ["job_offer", "visa"])
    assert subscriber.confirmed_at is None
    send_outbox()
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    html = message.alternatives[0][0]
    assert 'lang="ar" dir="rtl"' in html
    assert "/ar/alerts/subscription/confirm/" in message.body


def test_confirming_through_the_link(client, subscribe_data):
    client.post(URL, subscribe_data)
    send_outbox()
    response = client.get(confirm_link(mail.outbox[0]))
    assert response.status_code == 200
    assert Subscriber.objects.get().confirmed_at is not None


def test_an_already_subscribed_address_gets_the_same_answer(
    client, subscribe_data, make_subscriber
):
    make_subscriber(email="reader@example.org", language="ro")
    response = client.post(URL, subscribe_data)
    assert (response.status_code, response["Location"]) == (302, "/en/alerts/subscribe/sent/")
    send_outbox()
    assert mail.outbox == []  # nothing sent, nothing changed, nothing told
    assert Subscriber.objects.get().language == "ro"


def test_an_expired_confirmation_link_says_so(client, subscribe_data):
    client.post(URL, subscribe_data)
    send_outbox()
    link = confirm_link(mail.outbox[0])
    with time_machine.travel(timezone.now() + dt.timedelta(days=8), tick=False):
        response = client.get(link)
    assert response.status_code == 410
    assert "انتهت صلاحية هذا الرابط" in response.content.decode()  # "This link has expired"
    assert Subscriber.objects.get().confirmed_at is None


@pytest.mark.parametrize(
    "change",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "1:" + token.split(":", 1)[1],
        lambda token: "not-a-token",
        lambda token: "%00",
    ],
)
def test_a_tampered_link_says_so(client, make_subscriber, change):
    subscriber = make_subscriber(confirmed=False)
    token = change(subscriptions.make_token(subscriber, subscriptions.CONFIRM))
    for name in ("confirm", "unsubscribe", ""):
        url = f"/en/alerts/subscription/{name + '/' if name else ''}{token}/"
        response = client.get(url)
        assert response.status_code == 400, url
        if "%00" not in token:  # a NUL byte gets the site's own 400 page, earlier
            assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_a_link_for_one_purpose_does_not_open_another(client, make_subscriber):
    subscriber = make_subscriber()
    manage = subscriptions.make_token(subscriber, subscriptions.MANAGE)
    response = client.post(f"/en/alerts/subscription/unsubscribe/{manage}/")
    assert response.status_code == 200  # "you are unsubscribed" for an unknown link...
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()  # ...but nobody was


def test_unsubscribe_by_link_asks_then_deletes(client, make_subscriber):
    subscriber = make_subscriber()
    url = subscriptions.unsubscribe_url(subscriber).removeprefix("https://portal.example")
    page = client.get(url)
    assert page.status_code == 200
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()  # a GET changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert "You are unsubscribed" in response.content.decode()
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_unsubscribe_by_the_one_click_header(make_subscriber, make_alert, client):
    """What a mail provider does with List-Unsubscribe-Post (RFC 8058): a POST with no
    cookie and no CSRF token."""
    from django.test import Client

    subscriber = make_subscriber(language="ar")
    make_alert(scam_type="visa")
    send_outbox()
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        url.removeprefix("https://portal.example"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_manage_link_changes_language_and_topics(client, make_subscriber):
    subscriber = make_subscriber(language="en")
    url = subscriptions.manage_url(subscriber).removeprefix("https://portal.example")
    assert client.get(url).status_code == 200
    response = client.post(url, {"language": "fa", "topics": ["housing"]})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.topic_list) == ("fa", ["housing"])
    bad = client.post(url, {"language": "xx", "topics": ["<script>"]})
    assert bad.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.language == "fa"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-address"),
        ("email", "a@b.c\r\nBcc: victim@example.org"),
        ("email", "x" * 250 + "@example.org"),
        ("email", "<script>alert(1)</script>@example.org"),
        ("email", ""),
        ("language", "xx"),
        ("language", "<script>"),
        ("topics", "not-a-topic"),
        ("topics", "' OR 1=1 --"),
        ("started", "forged"),
        ("website", "http://spam.example"),
    ],
)
def test_hostile_input_is_refused_cleanly(client, subscribe_data, field, value):
    subscribe_data[field] = value
    response = client.post(URL, subscribe_data)
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_nul_byte_is_refused(client, subscribe_data):
    subscribe_data["email"] = "a\x00@example.org"
    assert client.post(URL, subscribe_data).status_code == 400
    assert Subscriber.objects.count() == 0


def test_the_report_forms_rate_limit_applies(client, subscribe_data, settings):
    settings.SCAM_REPORT_RATE_LIMIT = 2
    for number in range(2):
        subscribe_data["email"] = f"reader{number}@example.org"
        assert client.post(URL, subscribe_data).status_code == 302
    subscribe_data["email"] = "one-more@example.org"
    response = client.post(URL, subscribe_data)
    assert response.status_code == 429
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()


def test_unconfirmed_addresses_are_purged_after_seven_days(make_subscriber):
    old = make_subscriber(confirmed=False)
    Delivery.objects.create(kind="confirmation", subscriber=old)
    confirmed = make_subscriber()
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, hours=1), tick=False):
        fresh = make_subscriber(confirmed=False)
        call_command("purge_subscriptions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {confirmed.pk, fresh.pk}
    assert not Delivery.objects.filter(subscriber_id=old.pk).exists()


def test_old_outbox_rows_are_purged_with_the_reports_retention(make_subscriber, make_alert):
    make_subscriber()
    make_alert()
    send_outbox()
    assert Delivery.objects.filter(status="sent").count() == 1
    call_command("purge_subscriptions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Delivery.objects.count() == 1  # sent today: kept
    with time_machine.travel(timezone.now() + dt.timedelta(days=181), tick=False):
        call_command("purge_subscriptions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Delivery.objects.count() == 0
