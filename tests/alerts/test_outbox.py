"""Publishing a warning e-mails its subscribers through the outbox, to a real SMTP server
(aiosmtpd): one e-mail each, in their language; corrections only when asked; SMTP and the
broker down, then back."""

import datetime as dt
import re
import subprocess
import time

import pytest
import redis
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts import outbox, subscriptions, tasks
from alerts.models import Delivery, DeliveryStatus, Mailing
from bench.smtp_sink import SmtpSink, free_port
from iom_romania.celery import app as celery_app
from tests.iom_romania.admin_forms import change_form_data


@pytest.fixture(autouse=True)
def outbox_settings(settings):
    settings.SITE_URL = "https://portal.example"
    settings.OUTBOX_BATCH_SIZE = 3  # several batches with a handful of subscribers


def send_everything():
    while outbox.run_batch().claimed:
        pass


def test_one_email_per_matching_subscriber_in_their_language(
    smtp_sink, make_alert, make_subscriber
):
    readers = {
        "ar": make_subscriber(language="ar"),
        "ro": make_subscriber(language="ro", topics=["visa", "job_offer"]),
        "uk": make_subscriber(language="uk"),
        "fa": make_subscriber(language="fa", topics=["visa"]),
    }
    elsewhere = make_subscriber(language="tr", topics=["housing"])
    unconfirmed = make_subscriber(language="ne", confirmed=False)
    make_alert(
        scam_type="visa",
        title_en="Fake visa agents on Facebook",
        title_ar="وكلاء تأشيرات مزيفون على فيسبوك",
        summary_en="They ask for a fee.",
        summary_ar="يطلبون رسوما.",
        title_ro="Agenți de vize falși pe Facebook",
        summary_ro="Cer o taxă.",
    )
    send_everything()
    send_everything()  # a second run finds nothing left to send
    assert sorted(smtp_sink.recipients.values()) == [1, 1, 1, 1]
    assert set(smtp_sink.recipients) == {reader.email for reader in readers.values()}
    assert elsewhere.email not in smtp_sink.recipients
    assert unconfirmed.email not in smtp_sink.recipients

    [arabic] = smtp_sink.to(readers["ar"].email)
    assert "وكلاء تأشيرات مزيفون" in arabic["Subject"]
    html = arabic.get_body(("html",)).get_content()
    assert 'lang="ar" dir="rtl"' in html
    text = arabic.get_body(("plain",)).get_content()
    assert "يطلبون رسوما." in text
    assert "https://portal.example/ar/alerts/" in text
    assert arabic["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        arabic["List-Unsubscribe"]
        .strip()
        .startswith("<https://portal.example/ar/alerts/subscription/")
    )
    assert "<img" not in html  # no tracking pixel

    [ukrainian] = smtp_sink.to(readers["uk"].email)  # no Ukrainian text: English, with a note
    assert "Fake visa agents on Facebook" in ukrainian["Subject"]
    body = ukrainian.get_body(("plain",)).get_content()
    assert "They ask for a fee." in body
    assert body.count("\n") > 5
    note_html = ukrainian.get_body(("html",)).get_content()
    assert 'lang="en" dir="ltr"' in note_html

    mailing = Mailing.objects.get(alert__title_en="Fake visa agents on Facebook")
    assert mailing.recipients == 4
    assert outbox.progress([mailing]) == {
        mailing.pk: {"sent": 4, "failed": 0, "unknown": 0, "queued": 0}
    }


@pytest.mark.parametrize(
    "smtp_sink", [True, False], ids=["pipelining", "one-by-one"], indirect=True
)
def test_each_subscriber_gets_their_own_address_and_links(smtp_sink, make_alert, make_subscriber):
    """A warning is rendered once per language and batch, then each subscriber's address
    and links are put in: every one of them gets exactly their own, with or without
    PIPELINING."""
    readers = [make_subscriber(language=language) for language in ["ar", "ro", "ar", "en", "ro"]]
    make_alert(title_en="Fake jobs", title_ro="Locuri de muncă false", title_ar="وظائف مزيفة")
    send_everything()
    assert dict(smtp_sink.recipients) == {reader.email: 1 for reader in readers}
    titles = {"ar": "وظائف مزيفة", "ro": "Locuri de muncă false", "en": "Fake jobs"}
    for reader in readers:
        [message] = smtp_sink.to(reader.email)
        assert message["To"] == reader.email
        assert titles[reader.language] in message["Subject"]
        # The links carry the time they were made: compared by whom they open.
        unsubscribe = message["List-Unsubscribe"].strip("<>")
        assert link_opens(unsubscribe, subscriptions.UNSUBSCRIBE) == reader
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        for part in ("plain", "html"):
            body = message.get_body((part,)).get_content()
            assert unsubscribe in body
            manage_link = r"https://portal\.example/\w+/alerts/subscription/(?!unsubscribe/)[^/]+/"
            [manage] = set(re.findall(manage_link, body))
            assert link_opens(manage, subscriptions.MANAGE) == reader
            assert "@@" not in body
    message_ids = {message["Message-ID"] for message in smtp_sink.messages}
    assert len(message_ids) == len(readers)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


def link_opens(url: str, purpose: str):
    token = url.rstrip("/").rsplit("/", 1)[1]
    return subscriptions.subscriber_from_token(token, purpose)


def test_a_row_caught_mid_send_is_of_unknown_outcome_and_not_sent_again(
    smtp_sink, make_alert, make_subscriber, settings
):
    make_subscriber()
    make_subscriber()
    alert = make_alert()
    claim = outbox.claim_batch()
    # As a worker killed right after committing "sending" leaves it.
    Delivery.objects.filter(pk=claim.ids[0]).update(status=DeliveryStatus.SENDING)
    later = timezone.now() + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert outbox.recover_expired_claims() == (1, 1)
        send_everything()
    assert len(smtp_sink.messages) == 1  # the other subscriber only
    row = Delivery.objects.get(pk=claim.ids[0])
    assert (row.status, row.last_error) == (DeliveryStatus.UNKNOWN, outbox.UNKNOWN_OUTCOME)
    mailing = alert.mailings.get()
    assert outbox.progress([mailing]) == {
        mailing.pk: {"sent": 1, "failed": 0, "unknown": 1, "queued": 0}
    }


def test_a_correction_sends_nothing_unless_asked(smtp_sink, make_alert, make_subscriber):
    make_subscriber()
    alert = make_alert()
    send_everything()
    assert len(smtp_sink.messages) == 1
    alert.summary_en = "Corrected summary."
    alert.save()
    send_everything()
    assert len(smtp_sink.messages) == 1
    assert alert.mailings.count() == 1


def test_a_publisher_ticks_send_an_update(smtp_sink, make_alert, make_subscriber):
    make_subscriber(language="ro")
    alert = make_alert(title_ro="Avertisment")
    send_everything()
    publisher = _user("Publisher")
    client = Client()
    client.force_login(publisher)
    url = reverse("admin:alerts_scamalert_change", args=[alert.pk])
    data = change_form_data(client.get(url))
    data.update(title_en="Corrected title", send_update="on")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    send_everything()
    assert len(smtp_sink.messages) == 2
    assert smtp_sink.messages[1]["Subject"].startswith("Actualizare")
    assert alert.mailings.filter(is_update=True).count() == 1


def _user(role):
    from django.contrib.auth.models import User

    user = User.objects.create_user(role.lower(), is_staff=True)  # no password: fast
    user.groups.add(Group.objects.get(name=role))
    return user


def test_a_scheduled_warning_is_sent_when_its_time_comes(smtp_sink, make_alert, make_subscriber):
    make_subscriber()
    later = timezone.now() + dt.timedelta(hours=2)
    alert = make_alert(publish_at=later)
    tasks.sweep_outbox()
    assert not alert.mailings.exists()
    with time_machine.travel(later + dt.timedelta(minutes=1), tick=False):
        tasks.sweep_outbox()  # what celery beat runs every minute; eager here
    assert alert.mailings.get().recipients == 1
    assert len(smtp_sink.messages) == 1


def test_smtp_down_then_retried_with_backoff(settings, make_alert, make_subscriber):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    make_subscriber()
    make_subscriber()
    make_alert()
    send_everything()
    rows = Delivery.objects.filter(kind="warning")
    assert {(row.status, row.attempts) for row in rows} == {("queued", 1)}
    first_retry = rows[0].next_attempt_at
    assert first_retry >= timezone.now() + dt.timedelta(seconds=59)
    sink = SmtpSink(port=settings.EMAIL_PORT).start()
    try:
        send_everything()
        assert sink.messages == []  # not due yet
        with time_machine.travel(first_retry + dt.timedelta(seconds=1), tick=False):
            send_everything()
    finally:
        sink.stop()
    assert len(sink.messages) == 2
    assert set(rows.values_list("status", flat=True)) == {"sent"}


def test_a_row_that_keeps_failing_is_marked_failed(settings, make_alert, make_subscriber):
    settings.EMAIL_BACKEND = "tests.alerts.failing_mail.FailingEmailBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    make_subscriber()
    make_alert()
    send_everything()
    row = Delivery.objects.get(kind="warning")
    with time_machine.travel(row.next_attempt_at + dt.timedelta(seconds=1), tick=False):
        send_everything()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 2)
    assert "mail server down" in row.last_error


def forget_broker_connections():
    """Celery keeps pooled producer connections for the life of the process; Celery 5.7's
    app.close() drops only one of its two pools, so both are dropped here (test only)."""
    celery_app.close()
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_on_a_port_of_its_own(settings, tmp_path):
    """The portal's Celery app sending to a Redis server of this test's own, which the test
    starts (and stops) itself: Redis down, then back, at the same address."""
    port = free_port()
    conf = celery_app.conf
    saved = (conf.broker_url, conf.task_always_eager)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    conf.broker_url, conf.task_always_eager = f"redis://127.0.0.1:{port}/0", False
    forget_broker_connections()
    servers = []

    def start_redis():
        command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(tmp_path)]
        servers.append(subprocess.Popen(command, stdout=subprocess.DEVNULL))
        client = redis.Redis(port=port)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.02)  # waiting for a process to start, not for the clock
        raise AssertionError("redis-server did not start")

    yield start_redis
    conf.broker_url, conf.task_always_eager = saved
    forget_broker_connections()
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_redis_down_during_publish_then_recovery(
    broker_on_a_port_of_its_own,
    make_alert,
    make_subscriber,
    django_capture_on_commit_callbacks,
    caplog,
):
    start_redis = broker_on_a_port_of_its_own  # not started yet: Redis is down
    make_subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        alert = make_alert()  # published, as a Publisher's save does
    assert alert.mailings.get().recipients == 1  # publishing succeeded
    assert Delivery.objects.get(kind="warning").status == "queued"
    assert "the outbox sweep will send later" in caplog.text

    broker = start_redis()  # Redis is back
    tasks.sweep_outbox()  # what celery beat runs every minute
    queue = celery_app.conf.task_default_queue
    assert broker.llen(queue) == 1  # a send_outbox task, for the first free worker


def test_the_send_rate_limit(settings):
    settings.EMAIL_SEND_RATE = 3
    waits = []
    with time_machine.travel(timezone.now().replace(microsecond=0), tick=False) as clock:

        def sleep(seconds):
            waits.append(seconds)
            clock.shift(seconds)

        for _ in range(7):
            outbox.throttle(sleep=sleep)
    assert waits == [1, 1]  # 3 in the first second, 3 in the next, the 7th in the third
