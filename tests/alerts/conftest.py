import datetime as dt
import time

import pytest
from django.utils import timezone

from alerts import abuse
from alerts.models import AlertIndicator, Channel, ScamAlert
from iom_romania.publishing import Status


@pytest.fixture
def make_alert(db):
    """Alerts made for the test; the table starts empty (the seed's alert is deleted in the
    test's own transaction, so it is back for the next test)."""
    ScamAlert.objects.all().delete()
    counter = iter(range(1, 10_000))

    def make(indicators=(), channels=(), **fields):
        number = next(counter)
        values = {
            "title": f"Scam warning {number}",
            "slug": f"scam-warning-{number}",
            "summary": f"Summary of warning {number}.",
            "status": Status.PUBLISHED,
            "publish_at": timezone.now() - dt.timedelta(days=1),
        }
        values.update(fields)
        alert = ScamAlert.objects.create(**values)
        for kind, value in indicators:
            AlertIndicator.objects.create(alert=alert, kind=kind, value=value)
        if channels:
            alert.channels.set(Channel.objects.filter(code__in=channels))
        return alert

    return make


@pytest.fixture
def report_data(db):
    """A valid report as the form posts it, started a minute ago."""
    return {
        "what_happened": "They offered a job in Canada if I paid 500 EUR for the visa.",
        "channel": Channel.objects.get(code="messaging-app").pk,
        "scam_type": "job_offer",
        "first_contact_on": "2026-11-01",
        "scammer_website": "https://www.canada-jobs-fast.com/apply",
        "scammer_email": "Hr@Canada-Jobs-Fast.com",
        "scammer_phone": "0721 234 567",
        "scammer_profile": "t.me/canada_jobs_fast",
        "money_asked": "yes",
        "money_amount": "500 EUR by bank transfer",
        "reporter_name": "",
        "reporter_contact": "",
        "homepage": "",
        "started": abuse.form_started_token(now=time.time() - 60),
    }


# E-mail subscriptions and the outbox.

import os  # noqa: E402

from alerts.models import Subscriber  # noqa: E402
from bench.smtp_sink import SmtpSink  # noqa: E402

# The Celery broker of the tests that need a real one (Redis, its own database number).
TEST_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def smtp_sink(settings, request):
    """A real SMTP server on a free port, and the portal's mail sent to it. It offers
    PIPELINING unless the test is parametrized (indirect) with False."""
    sink = SmtpSink(pipelining=getattr(request, "param", True)).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()


@pytest.fixture
def make_subscriber(db):
    counter = iter(range(1, 100_000))

    def make(language="en", topics=(), confirmed=True, email=None):
        subscriber = Subscriber(
            email=email or f"reader{next(counter)}@example.org",
            language=language,
            confirmed_at=timezone.now() if confirmed else None,
        )
        subscriber.set_topics(topics)
        subscriber.save()
        return subscriber

    return make


@pytest.fixture
def subscribe_data(db):
    return {
        "email": "Reader@Example.org",
        "language": "ar",
        "topics": ["job_offer", "visa"],
        "website": "",
        "started": abuse.form_started_token(now=time.time() - 60),
    }
