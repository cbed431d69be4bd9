"""A real Celery worker, killed with SIGKILL in the middle of a batch, then another one:
everyone gets the warning once, nobody twice.

The workers are other processes, so they see only committed rows: this test writes its
rows on a connection of their own (another thread's, outside the test's rolled-back
transaction) and deletes exactly those at the end; the seed and other data are not touched.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import time_machine
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from alerts import outbox
from alerts.models import Delivery, DeliveryStatus, Mailing, ScamAlert, Subscriber
from bench.smtp_sink import SmtpSink

from .conftest import TEST_BROKER_URL

SUBSCRIBERS = 12
BATCH = 4
KILL_AT = 6  # the worker dies while the server holds its 6th message (second batch)
BASE_DIR = Path(settings.BASE_DIR)


def start_worker(sink_port: int, queue: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": TEST_BROKER_URL,
        "CELERY_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink_port),
        "OUTBOX_BATCH_SIZE": str(BATCH),
        "SITE_URL": "https://portal.example",
    }
    command = [sys.executable, "-m", "celery", "-A", "iom_romania", "worker", "--pool=solo"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "WARNING"]
    return subprocess.Popen(command, cwd=BASE_DIR, env=env)


def wait_for(condition, seconds: float, what: str) -> None:
    # Waiting on other processes (a worker starting, sending), not on the clock.
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def committed(work):
    """Run `work` on a connection of its own, in autocommit: what it writes is committed."""

    def run():
        try:
            return work()
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(run).result()


@pytest.fixture
def committed_outbox(db):
    """A published warning and its outbox rows, committed, for the workers to see."""
    tag = uuid.uuid4().hex[:8]

    def create():
        subscribers = Subscriber.objects.bulk_create(
            Subscriber(
                email=f"killed-{tag}-{n}@example.org", language="ro", confirmed_at=timezone.now()
            )
            for n in range(SUBSCRIBERS)
        )
        # A draft, so that no publishing signal sends anything from this process.
        alert = ScamAlert.objects.create(
            title=f"Killed worker {tag}", slug=f"killed-{tag}", summary="S."
        )
        mailing = Mailing.objects.create(alert=alert, recipients=SUBSCRIBERS)
        Delivery.objects.bulk_create(
            Delivery(kind="warning", mailing=mailing, subscriber=subscriber)
            for subscriber in subscribers
        )
        return mailing

    def delete():
        ScamAlert.objects.filter(slug=f"killed-{tag}").delete()  # mailing, deliveries too
        Subscriber.objects.filter(email__startswith=f"killed-{tag}-").delete()

    yield committed(create)
    committed(delete)


@pytest.mark.slow
def test_a_worker_killed_mid_batch_leaves_no_duplicate(committed_outbox):
    mailing = committed_outbox
    queue = f"test-killed-{uuid.uuid4().hex[:8]}"
    # Not the current app: the portal's tasks must keep using the portal's own app.
    client = Celery(broker=TEST_BROKER_URL, set_as_current=False)
    reached, release = threading.Event(), threading.Event()

    def hold(number):
        if number == KILL_AT:
            reached.set()
            release.wait(10)

    sink = SmtpSink().start()
    sink.handler.on_message = hold
    workers = []
    try:
        workers.append(start_worker(sink.port, queue))
        client.send_task("alerts.tasks.send_outbox", queue=queue)
        assert reached.wait(60), "the first worker sent nothing"
        os.kill(workers[0].pid, signal.SIGKILL)  # while the server holds message 6
        workers[0].wait(10)
        release.set()

        # Read committed: the test's transaction sees what the workers commit.
        rows = Delivery.objects.filter(mailing=mailing)
        assert rows.filter(status=DeliveryStatus.SENT).count() == KILL_AT - 1
        assert rows.filter(status=DeliveryStatus.SENDING).count() == 1
        # The sweep, once the dead worker's lease is over.
        later = timezone.now() + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
        with time_machine.travel(later, tick=False):
            released, unknown = committed(outbox.recover_expired_claims)
        assert (released, unknown) == (BATCH * 2 - KILL_AT, 1)

        workers.append(start_worker(sink.port, queue))
        client.send_task("alerts.tasks.send_outbox", queue=queue)
        done = [DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN]
        unfinished = rows.exclude(status__in=done)
        wait_for(lambda: not unfinished.exists(), 60, "the second worker")
        assert rows.filter(status=DeliveryStatus.SENT).count() == SUBSCRIBERS - 1
        assert not rows.filter(status=DeliveryStatus.FAILED).exists()
        assert rows.get(status=DeliveryStatus.UNKNOWN).last_error == outbox.UNKNOWN_OUTCOME
    finally:
        release.set()
        for worker in workers:
            worker.kill()
            worker.wait(10)
        sink.stop()
        broker = redis.Redis.from_url(TEST_BROKER_URL)
        broker.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")

    # Every subscriber got it (the 6th while its worker died), nobody twice.
    assert len(sink.recipients) == SUBSCRIBERS
    assert set(sink.recipients.values()) == {1}


def test_a_slow_batch_keeps_its_lease(committed_outbox, settings):
    """A batch that takes longer than the lease renews it as it goes: the sweep, running
    all along, leaves its rows alone, and this worker sends every one of them, once."""
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    lease = settings.OUTBOX_LEASE_SECONDS
    swept = []
    with time_machine.travel(timezone.now(), tick=False) as clock:

        def slow(number):
            clock.shift(lease / 2)  # each e-mail takes half a lease
            swept.append(committed(outbox.recover_expired_claims))

        sink.handler.on_message = slow
        try:
            claim = committed(lambda: outbox.claim_batch(SUBSCRIBERS))
            result = committed(lambda: outbox.send_batch(claim))
        finally:
            sink.stop()
    assert len(claim.ids) == SUBSCRIBERS
    assert (result.sent, result.skipped) == (SUBSCRIBERS, 0)
    assert swept == [(0, 0)] * SUBSCRIBERS  # 6 leases long, and nothing taken back
    assert len(sink.recipients) == SUBSCRIBERS
    assert set(sink.recipients.values()) == {1}
    rows = Delivery.objects.filter(mailing=committed_outbox)
    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.SENT}
