"""E-mail subscriptions to scam warnings: signed links, double opt-in, and what publishing
a warning writes to the outbox (alerts/outbox.py sends it).

Links carry the subscriber's id signed with django.core.signing, one salt per use, never
the address itself (links end up in logs and browser histories). Deleting the subscriber
(unsubscribe, or the purge of unconfirmed addresses) makes every link of theirs dead.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from .models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Mailing,
    ScamAlert,
    ScamReport,
    Subscriber,
)

logger = logging.getLogger(__name__)

CONFIRM = "alerts.subscription.confirm"
UNSUBSCRIBE = "alerts.subscription.unsubscribe"
MANAGE = "alerts.subscription.manage"


class LinkExpired(Exception):
    """A genuine link, too old to use."""


class LinkInvalid(Exception):
    """A link that was not made by the portal, was changed, or whose address is gone."""


def confirm_days() -> int:
    return settings.SUBSCRIPTION_CONFIRM_DAYS


def make_token(subscriber: Subscriber, purpose: str) -> str:
    return signing.dumps(subscriber.pk, salt=purpose, compress=False)


def subscriber_from_token(token: str, purpose: str) -> Subscriber:
    """The subscriber a link was made for; LinkExpired or LinkInvalid otherwise."""
    max_age = dt.timedelta(days=confirm_days()) if purpose == CONFIRM else None
    try:
        pk = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    subscriber = Subscriber.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if subscriber is None:
        raise LinkInvalid
    return subscriber


def absolute_url(name: str, token: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, args=[token])


def unsubscribe_url(subscriber: Subscriber) -> str:
    return absolute_url(
        "alerts:unsubscribe", make_token(subscriber, UNSUBSCRIBE), subscriber.language
    )


def manage_url(subscriber: Subscriber) -> str:
    return absolute_url(
        "alerts:manage_subscription", make_token(subscriber, MANAGE), subscriber.language
    )


def confirm_url(subscriber: Subscriber) -> str:
    return absolute_url(
        "alerts:confirm_subscription", make_token(subscriber, CONFIRM), subscriber.language
    )


def kick_workers() -> None:
    """Ask a worker to look at the outbox, after the commit. With the broker down this
    only logs: the rows are written, and the periodic sweep sends them once it is back."""

    def kick():
        from .tasks import send_outbox

        try:
            send_outbox.apply_async(retry=False)
        except Exception:
            logger.warning("The task queue did not answer; the outbox sweep will send later.")

    transaction.on_commit(kick)


@transaction.atomic
def subscribe(email: str, language: str, topics: Iterable[str]) -> None:
    """Ask for a subscription. The caller answers the same whatever happens here, so the
    form does not tell who is subscribed: a confirmed address is left as it is (its
    owner changes it through the manage link in every e-mail); an unconfirmed one gets
    the new choices and a new confirmation e-mail."""
    subscriber, created = Subscriber.objects.select_for_update().get_or_create(
        email=email, defaults={"language": language}
    )
    if subscriber.confirmed_at is not None:
        return
    if not created and subscriber.created_at < timezone.now() - dt.timedelta(days=confirm_days()):
        subscriber.created_at = timezone.now()  # a fresh week for the new link
    subscriber.language = language
    subscriber.set_topics(topics)
    subscriber.save()
    Delivery.objects.create(kind=DeliveryKind.CONFIRMATION, subscriber=subscriber)
    kick_workers()


def confirm(subscriber: Subscriber) -> None:
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])


def unsubscribe(subscriber: Subscriber) -> None:
    """Forget the address, and with it every e-mail still waiting to be sent to it."""
    subscriber.delete()


def purge_unconfirmed(now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Delete addresses never confirmed within SUBSCRIPTION_CONFIRM_DAYS."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=confirm_days())
    stale = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    if dry_run:
        return stale.count()
    _total, per_model = stale.delete()
    return per_model.get(Subscriber._meta.label, 0)


def purge_old_deliveries(days: int, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Forget the outbox rows of e-mails sent or given up more than `days` ago: who was sent
    which warning is not kept longer than reporters' contact details."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    done = Delivery.objects.filter(
        status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN],
        next_attempt_at__lt=cutoff,
    ).filter(Q(sent_at__lt=cutoff) | Q(sent_at__isnull=True))
    if dry_run:
        return done.count()
    return done.delete()[0]


def queue_mailing(alert: ScamAlert, is_update: bool = False) -> Mailing:
    """Write one delivery per matching confirmed subscriber, in the caller's transaction
    (the one publishing the warning), and kick the workers once it commits."""
    with transaction.atomic():
        mailing = Mailing.objects.create(alert=alert, is_update=is_update)
        subscribers = Subscriber.objects.confirmed().interested_in(alert.scam_type)
        deliveries = Delivery.objects.bulk_create(
            (
                Delivery(kind=DeliveryKind.WARNING, mailing=mailing, subscriber_id=pk)
                for pk in subscribers.values_list("pk", flat=True).iterator(chunk_size=5000)
            ),
            batch_size=5000,
        )
        mailing.recipients = len(deliveries)
        mailing.save(update_fields=["recipients"])
    if mailing.recipients:
        kick_workers()
    return mailing


def alert_published(sender, instance: ScamAlert, raw=False, **kwargs) -> None:
    """post_save of a warning: the first time it is public, its subscribers are told."""
    if raw or not instance.is_public or instance.mailings.exists():
        return
    queue_mailing(instance)


def queue_due_mailings(now: dt.datetime | None = None) -> int:
    """Warnings that became public by their publish-at time, with no save to signal it."""
    due = ScamAlert.objects.published(now).filter(mailings__isnull=True)
    count = 0
    for alert in due:
        with transaction.atomic():
            # Locked and checked again: two sweeps at once must not both send it.
            locked = ScamAlert.objects.select_for_update().get(pk=alert.pk)
            if not locked.mailings.exists():
                queue_mailing(locked)
                count += 1
    return count


def queue_staff_notification(report: ScamReport) -> None:
    """Tell the triage team about a new report through the outbox, so the report form
    never waits on or fails because of the mail server."""
    recipients = settings.STAFF_NOTIFICATION_EMAILS
    if not recipients:
        logger.warning("Scam report %s: STAFF_NOTIFICATION_EMAILS is empty", report.reference)
        return
    Delivery.objects.bulk_create(
        Delivery(kind=DeliveryKind.STAFF_NOTIFICATION, report=report, recipient=address)
        for address in recipients
    )
    kick_workers()
