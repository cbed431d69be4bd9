"""Sending the outbox (alerts.models.Delivery): claim a batch, send it on one SMTP
connection, record each e-mail as it goes.

Delivery is AT MOST ONCE: nobody may get the same warning twice. Each row goes

    queued -> claimed (a batch, with a lease and a token) -> sending -> sent

For each e-mail the worker sends the envelope and the whole message text, then commits
`sending`, then sends the final "." that makes the server take the message, then records
`sent`. When a worker dies (killed, machine lost), once its lease is over the sweep:

- puts its rows still `claimed` back to `queued`: the server never got their ".", so
  nothing was delivered, and another worker sends them;
- marks its one row in `sending` `failed` ("outcome unknown") and never sends it again:
  the "." was on its way, so it was almost certainly delivered. Only a worker dying in the
  microseconds between that commit and writing the "." loses that one e-mail.

Every step checks the row's token, so a slow worker whose lease ran out (its rows handed to
another) cannot send them too. Errors that certainly mean "not delivered" (no connection,
the server refusing the sender, a recipient or the message, the connection dropping before
the ".") put the row back in the queue with a doubling delay, up to OUTBOX_MAX_ATTEMPTS. A
connection dropping after the "." is the same doubt as a killed worker, with the same
answer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import smtplib
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import sanitize_address
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from iom_romania.i18n import fallback_fields

from . import subscriptions
from .models import Delivery, DeliveryKind, DeliveryStatus

logger = logging.getLogger(__name__)

# Stand-ins for the per-subscriber links in a message rendered once per language.
UNSUBSCRIBE_MARK = "@@UNSUBSCRIBE_URL@@"
MANAGE_MARK = "@@MANAGE_URL@@"
UNKNOWN_OUTCOME = "The worker stopped while sending; not sent again, so nobody gets it twice."


class NotAccepted(Exception):
    """The mail server certainly did not take the message: safe to try again."""


class ConnectionLost(NotAccepted):
    """The connection to the mail server broke before the message was complete."""


class OutcomeUnknown(Exception):
    """The connection broke while the server was taking the message."""


class NoLongerOurs(Exception):
    """The row's lease ran out and another worker has it now."""


@dataclass
class BatchResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    claimed: int = 0
    skipped: int = 0
    rendered: dict = field(default_factory=dict)


def now() -> dt.datetime:
    return timezone.now()


@dataclass
class Claim:
    """A batch of rows one worker holds: their ids and the token its steps check."""

    token: str
    ids: list[int]


def claim_batch(size: int | None = None) -> Claim:
    """Lock and claim up to `size` due rows; rows other workers hold are skipped."""
    size = size or settings.OUTBOX_BATCH_SIZE
    moment = now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=moment)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:size]
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.CLAIMED, claimed_by=token, claimed_until=lease_from(moment)
        )
    return Claim(token, ids)


def lease_from(moment: dt.datetime) -> dt.datetime:
    return moment + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def recover_expired_claims() -> tuple[int, int]:
    """What dead (or stuck) workers left: claimed rows go back to the queue; rows caught
    mid-send are marked failed (their outcome is unknown, and resending could duplicate)."""
    moment = now()
    expired = Delivery.objects.filter(claimed_until__lt=moment)
    released = expired.filter(status=DeliveryStatus.CLAIMED).update(
        status=DeliveryStatus.QUEUED, claimed_by="", claimed_until=None
    )
    unknown = expired.filter(status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.FAILED, claimed_by="", claimed_until=None, last_error=UNKNOWN_OUTCOME
    )
    return released, unknown


def has_due_rows() -> bool:
    return Delivery.objects.filter(
        status=DeliveryStatus.QUEUED, next_attempt_at__lte=now()
    ).exists()


def _step(claim: Claim, pk: int, expected: str, durable: bool = True, **values) -> bool:
    """Move one of our rows on, committed at once; False if it is no longer ours (its
    lease ran out and the sweep gave it to another worker).

    `durable=False` commits without waiting for the disk (PostgreSQL's asynchronous
    commit, for this one transaction): used for "sent", whose loss in a database crash
    would only leave the row in "sending", never sent again. "sending" always waits: it is
    what keeps a row from being sent twice.
    """
    rows = Delivery.objects.filter(pk=pk, status=expected, claimed_by=claim.token)
    if durable or db_connection.vendor != "postgresql":
        return bool(rows.update(**values))
    with transaction.atomic():
        with db_connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return bool(rows.update(**values))


def _retry_later(claim: Claim, delivery: Delivery, error: str) -> str:
    attempts = delivery.attempts + 1
    if attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        status, when = DeliveryStatus.FAILED, now()
    else:
        delay = settings.OUTBOX_RETRY_SECONDS * 2 ** (attempts - 1)
        status, when = DeliveryStatus.QUEUED, now() + dt.timedelta(seconds=delay)
    Delivery.objects.filter(pk=delivery.pk, claimed_by=claim.token).exclude(
        status=DeliveryStatus.SENT
    ).update(
        status=status,
        attempts=attempts,
        next_attempt_at=when,
        claimed_by="",
        claimed_until=None,
        last_error=error[:300],
    )
    return status


def release(claim: Claim, error: str) -> int:
    """Hand back our claimed, unattempted rows for a later try (no mail server), in two
    statements whatever the batch size; the delay doubles with the rows' attempts."""
    rows = Delivery.objects.filter(
        pk__in=claim.ids, status=DeliveryStatus.CLAIMED, claimed_by=claim.token
    )
    most = rows.aggregate(most=Max("attempts"))["most"] or 0
    delay = dt.timedelta(seconds=settings.OUTBOX_RETRY_SECONDS * 2**most)
    count = rows.update(
        status=DeliveryStatus.QUEUED,
        attempts=F("attempts") + 1,
        next_attempt_at=now() + delay,
        claimed_by="",
        claimed_until=None,
        last_error=error[:300],
    )
    Delivery.objects.filter(
        pk__in=claim.ids,
        status=DeliveryStatus.QUEUED,
        attempts__gte=settings.OUTBOX_MAX_ATTEMPTS,
    ).update(status=DeliveryStatus.FAILED)
    return count


def throttle(sleep=time.sleep) -> None:
    """Wait as needed to stay under EMAIL_SEND_RATE e-mails per second, all workers
    together: each second has a counter in the cache (Redis when REDIS_URL is set)."""
    rate = settings.EMAIL_SEND_RATE
    if not rate:
        return
    while True:
        moment = time.time()
        key = f"outbox:rate:{int(moment)}"
        cache.add(key, 0, timeout=5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            count = 1
        if count <= rate:
            return
        sleep(1 - (moment % 1))


def send_batch(claim: Claim, connection=None) -> BatchResult:
    """Send the claimed rows on one SMTP connection."""
    result = BatchResult(claimed=len(claim.ids))
    deliveries = list(
        Delivery.objects.filter(
            pk__in=claim.ids, status=DeliveryStatus.CLAIMED, claimed_by=claim.token
        )
        .select_related("subscriber", "mailing__alert", "report")
        .order_by("pk")
    )
    connection = connection or get_connection()
    try:
        connection.open()
    except Exception as error:
        logger.warning("Mail server unreachable, %d e-mails wait: %s", len(deliveries), error)
        result.retried = release(claim, f"Mail server unreachable: {error}")
        return result
    try:
        for delivery in deliveries:
            _send_one(claim, delivery, connection, result)
    except (OutcomeUnknown, ConnectionLost):
        # The connection is gone: the rest of the batch waits for another try.
        result.retried += release(claim, "Connection lost earlier in the batch")
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return result


def _send_one(claim: Claim, delivery: Delivery, connection, result: BatchResult) -> None:
    try:
        message = build_message(delivery, result.rendered)
    except Exception as error:
        # A bug or bad data in one message must not hold up the rest of the batch.
        logger.exception("Could not build e-mail %d", delivery.pk)
        _retry_later(claim, delivery, f"Could not build the message: {error}")
        result.retried += 1
        return
    if message is None:
        _step(claim, delivery.pk, DeliveryStatus.CLAIMED, status=DeliveryStatus.FAILED)
        result.skipped += 1
        return
    throttle()

    def about_to_send() -> bool:
        # Committed before the end of the message goes out; renews the lease.
        return _step(
            claim,
            delivery.pk,
            DeliveryStatus.CLAIMED,
            status=DeliveryStatus.SENDING,
            claimed_until=lease_from(now()),
        )

    try:
        hand_over(connection, message, about_to_send)
    except NotAccepted as error:
        logger.warning("Could not send e-mail %d, will try again: %s", delivery.pk, error)
        if _retry_later(claim, delivery, str(error)) == DeliveryStatus.FAILED:
            result.failed += 1
        else:
            result.retried += 1
        if isinstance(error, ConnectionLost):
            raise
        return
    except NoLongerOurs:
        result.skipped += 1
        return
    except OutcomeUnknown as error:
        _step(
            claim,
            delivery.pk,
            DeliveryStatus.SENDING,
            status=DeliveryStatus.FAILED,
            claimed_until=None,
            last_error=f"Connection lost while sending, not sent again: {error}"[:300],
        )
        result.failed += 1
        raise
    _step(
        claim,
        delivery.pk,
        DeliveryStatus.SENDING,
        durable=False,
        status=DeliveryStatus.SENT,
        sent_at=now(),
        claimed_until=None,
        attempts=F("attempts") + 1,
    )
    result.sent += 1


def hand_over(connection, message: EmailMultiAlternatives, about_to_send) -> None:
    """The SMTP dialogue, step by step, so we know which side of the doubt an error is on.

    The envelope and the whole message text go out first; `about_to_send()` then records
    (and commits) that this row is being sent, and only then the final "." that makes the
    server take the message. Dying before the "." leaves nothing delivered and the row
    claimed (sent again later); dying after it, the row in `sending` (never sent again).
    """
    smtp: smtplib.SMTP | None = getattr(connection, "connection", None)
    if not isinstance(smtp, smtplib.SMTP):
        # Not an SMTP backend (the console in `make run`, memory in tests): no dialogue.
        if not about_to_send():
            raise NoLongerOurs
        try:
            connection.send_messages([message])
        except Exception as error:
            raise NotAccepted(str(error)) from error
        return
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in message.recipients()]
    text = message.message().as_bytes(linesep="\r\n")
    # SMTP's dot-stuffing (RFC 5321, 4.5.2), as smtplib.SMTP.data() does it.
    text = re.sub(rb"(?m)^\.", b"..", text)
    if not text.endswith(b"\r\n"):
        text += b"\r\n"
    try:
        smtp.ehlo_or_helo_if_needed()
        code, reply = smtp.mail(sender)
        if code != 250:
            smtp.rset()
            raise NotAccepted(f"{code} {reply.decode(errors='replace')}")
        for address in recipients:
            code, reply = smtp.rcpt(address)
            if code not in (250, 251):
                smtp.rset()
                raise NotAccepted(f"{code} {reply.decode(errors='replace')}")
        smtp.putcmd("data")
        code, reply = smtp.getreply()
        if code != 354:
            smtp.rset()
            raise NotAccepted(f"{code} {reply.decode(errors='replace')}")
        smtp.send(text)
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        # Before the final ".": whatever the server got, it delivers nothing.
        raise ConnectionLost(str(error)) from error
    except smtplib.SMTPException as error:
        raise NotAccepted(str(error)) from error
    if not about_to_send():
        # Not ours any more: drop the connection without the "." so nothing is delivered.
        smtp.close()
        connection.connection = None
        connection.open()
        raise NoLongerOurs
    try:
        smtp.send(b".\r\n")
        code, reply = smtp.getreply()
    except (smtplib.SMTPException, OSError) as error:
        raise OutcomeUnknown(str(error)) from error
    if code != 250:
        raise NotAccepted(f"{code} {reply.decode(errors='replace')}")


def run_batch(size: int | None = None, on_full_batch=None) -> BatchResult:
    """Claim and send one batch (what a task does). `on_full_batch` runs when the batch
    was full, before sending: more is waiting, so another worker may start on it."""
    size = size or settings.OUTBOX_BATCH_SIZE
    claim = claim_batch(size)
    if not claim.ids:
        return BatchResult()
    if on_full_batch is not None and len(claim.ids) == size:
        on_full_batch()
    return send_batch(claim)


# Messages. Rendered once per batch for each warning and language; only the two links
# differ between subscribers, put in afterwards.


def build_message(delivery: Delivery, rendered: dict) -> EmailMultiAlternatives | None:
    if delivery.kind == DeliveryKind.STAFF_NOTIFICATION:
        return _staff_notification(delivery)
    subscriber = delivery.subscriber
    if subscriber is None:
        return None
    if delivery.kind == DeliveryKind.CONFIRMATION:
        return _confirmation(delivery)
    key = (delivery.mailing_id, subscriber.language)
    if key not in rendered:
        rendered[key] = _render_warning(delivery.mailing, subscriber.language)
    subject, text, html = rendered[key]
    unsubscribe = subscriptions.unsubscribe_url(subscriber)
    manage = subscriptions.manage_url(subscriber)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(MANAGE_MARK, manage),
        to=[subscriber.email],
        headers=_list_headers(unsubscribe, delivery),
    )
    message.attach_alternative(
        html.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(MANAGE_MARK, manage), "text/html"
    )
    return message


def _list_headers(unsubscribe: str, delivery: Delivery) -> dict:
    # RFC 8058 one-click unsubscribe; a fixed Message-ID per row, so a receiving system
    # that sees the same row twice can tell.
    domain = settings.SITE_URL.split("://")[-1].split("/")[0].split(":")[0] or "localhost"
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Message-ID": f"<outbox-{delivery.pk}@{domain}>",
        "Auto-Submitted": "auto-generated",
    }


def _render_warning(mailing, language: str) -> tuple[str, str, str]:
    alert = mailing.alert
    with translation.override(language):
        in_english = bool(fallback_fields(alert, language))
        context = {
            "alert": alert,
            "mailing": mailing,
            "in_english": in_english,
            "language": language,
            "bidi": get_language_bidi(),
            "alert_url": settings.SITE_URL + alert.get_absolute_url(),
            "unsubscribe_url": UNSUBSCRIBE_MARK,
            "manage_url": MANAGE_MARK,
        }
        if mailing.is_update:
            subject = _("Update to a scam warning: %(title)s") % {"title": alert.title}
        else:
            subject = _("Scam warning: %(title)s") % {"title": alert.title}
        text = render_to_string("alerts/email/warning.txt", context)
        html = render_to_string("alerts/email/warning.html", context)
    return " ".join(subject.split()), text, html


def _confirmation(delivery: Delivery) -> EmailMultiAlternatives:
    subscriber = delivery.subscriber
    with translation.override(subscriber.language):
        context = {
            "confirm_url": subscriptions.confirm_url(subscriber),
            "days": subscriptions.confirm_days(),
            "language": subscriber.language,
            "bidi": get_language_bidi(),
        }
        subject = _("Confirm your subscription to scam warnings")
        text = render_to_string("alerts/email/confirm.txt", context)
        html = render_to_string("alerts/email/confirm.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    return message


def _staff_notification(delivery: Delivery) -> EmailMultiAlternatives | None:
    report = delivery.report
    if report is None:
        return None
    # Only the reference and a link: the report's personal data stays in the admin.
    admin_url = settings.SITE_URL + reverse("admin:alerts_scamreport_change", args=[report.pk])
    body = render_to_string(
        "alerts/email/staff_notification.txt", {"report": report, "admin_url": admin_url}
    )
    return EmailMultiAlternatives(
        subject=f"New scam report {report.reference}", body=body, to=[delivery.recipient]
    )


def progress(mailings) -> dict[int, dict[str, int]]:
    """Queued (claimed and sending included), sent and failed per mailing."""
    rows = (
        Delivery.objects.filter(mailing__in=mailings)
        .values("mailing")
        .annotate(
            sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
            failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
            total=Count("pk"),
        )
    )
    return {
        row["mailing"]: {
            "sent": row["sent"],
            "failed": row["failed"],
            "queued": row["total"] - row["sent"] - row["failed"],
        }
        for row in rows
    }
