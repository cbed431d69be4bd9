"""Sending the outbox (alerts.models.Delivery): claim a batch, send it on one SMTP
connection, record each e-mail as it goes.

Delivery is AT MOST ONCE: nobody may get the same warning twice. Each row goes

    queued -> claimed (a batch, with a lease and a token) -> sending -> sent

For each e-mail the worker sends the envelope and the whole message text, then commits
`sending`, then sends the final "." that makes the server take the message, then records
`sent`. When a worker dies (killed, machine lost), once its lease is over the sweep:

- puts its rows still `claimed` back to `queued`: the server never got their ".", so
  nothing was delivered, and another worker sends them;
- marks its one row in `sending` `unknown` ("outcome unknown") and never sends it again:
  the "." was on its way, so it was almost certainly delivered. Only a worker dying after
  asking for that commit and before writing the "." loses that one e-mail; PostgreSQL
  completes a commit it has received even when the worker is gone, so that window is the
  commit's wait for the disk (docs/deploy.md has the measured losses).

Every step checks the row's token, so a slow worker whose lease ran out (its rows handed to
another) cannot send them too; a worker renews the lease of its whole batch as it goes, so
a long batch on a busy machine keeps its rows. Errors that certainly mean "not delivered"
(no connection, the server refusing the sender, a recipient or the message, the connection
dropping before the ".") put the row back in the queue with a doubling delay, up to
OUTBOX_MAX_ATTEMPTS. A connection dropping after the "." is the same doubt as a killed
worker, with the same answer.

Speed (issue 16: 100,000 e-mails in 5 minutes): a warning is rendered once per batch and
language, as the bytes sent to the server, and only the recipient's address and links are
put in per e-mail; with a server that offers PIPELINING (RFC 2920) the envelope is one
round trip; and the `sent` of one e-mail is recorded in the same statement as the
`sending` of the next, so each e-mail costs one commit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import smtplib
import socket
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
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from iom_romania.i18n import fallback_fields

from . import subscriptions
from .models import Delivery, DeliveryKind, DeliveryStatus, Mailing

logger = logging.getLogger(__name__)

# Stand-ins for what differs between subscribers in a message rendered once per language.
UNSUBSCRIBE_MARK = "@@UNSUBSCRIBE_URL@@"
MANAGE_MARK = "@@MANAGE_URL@@"
RECIPIENT_MARK = "outbox-recipient@mark.invalid"  # an address: Django checks the To header
DELIVERY_MARK = "@@DELIVERY@@"
TOKEN_MARK = "@@TOKEN@@"
# An address sanitize_address() leaves as it is (checked faster than it parses one).
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")
UNKNOWN_OUTCOME = "The worker stopped while sending; not sent again, so nobody gets it twice."
TEMPLATES = [
    "alerts/email/warning.txt",
    "alerts/email/warning.html",
    "alerts/email/confirm.txt",
    "alerts/email/confirm.html",
    "alerts/email/staff_notification.txt",
]


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
    mid-send are marked `unknown` (probably delivered; resending could duplicate)."""
    moment = now()
    expired = Delivery.objects.filter(claimed_until__lt=moment)
    released = expired.filter(status=DeliveryStatus.CLAIMED).update(
        status=DeliveryStatus.QUEUED, claimed_by="", claimed_until=None
    )
    unknown = expired.filter(status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.UNKNOWN,
        claimed_by="",
        claimed_until=None,
        last_error=UNKNOWN_OUTCOME,
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
    would only leave the row in "sending" (then "unknown"), never sent again. "sending"
    always waits: it is what keeps a row from being sent twice.
    """
    rows = Delivery.objects.filter(pk=pk, status=expected, claimed_by=claim.token)
    if durable or db_connection.vendor != "postgresql":
        return bool(rows.update(**values))
    with transaction.atomic():
        with db_connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return bool(rows.update(**values))


class Progress:
    """A batch's rows moving on, one statement per e-mail: the `sent` of the e-mail just
    handed over waits (in `sent_pk`) and goes with the `sending` of the next one."""

    def __init__(self, claim: Claim):
        self.claim = claim
        self.sent_pk: int | None = None
        self.renew_at = now()

    def sending(self, pk: int) -> bool:
        """Commit `sending` for `pk` (and `sent` for the e-mail before); False if `pk` is
        no longer ours. The commit is durable (synchronous_commit stays on): were it lost
        in a database crash, the row would be back in `claimed`, then `queued`, and sent
        a second time."""
        moment = now()
        if moment >= self.renew_at:
            self.renew_lease(moment)
        if db_connection.vendor != "postgresql":
            self.flush()
            return _step(
                self.claim,
                pk,
                DeliveryStatus.CLAIMED,
                status=DeliveryStatus.SENDING,
                claimed_until=lease_from(moment),
            )
        with db_connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {Delivery._meta.db_table} SET
                    status = CASE WHEN id = %(sent)s THEN %(s_sent)s ELSE %(s_sending)s END,
                    sent_at = CASE WHEN id = %(sent)s THEN %(now)s ELSE sent_at END,
                    attempts = CASE WHEN id = %(sent)s THEN attempts + 1 ELSE attempts END,
                    claimed_until = CASE WHEN id = %(sent)s THEN NULL ELSE %(lease)s END
                WHERE claimed_by = %(token)s AND (
                    (id = %(sent)s AND status = %(s_sending)s)
                    OR (id = %(pk)s AND status = %(s_claimed)s))
                RETURNING id
                """,
                {
                    "sent": self.sent_pk,
                    "pk": pk,
                    "now": moment,
                    "lease": lease_from(moment),
                    "token": self.claim.token,
                    "s_sent": DeliveryStatus.SENT,
                    "s_sending": DeliveryStatus.SENDING,
                    "s_claimed": DeliveryStatus.CLAIMED,
                },
            )
            changed = {row[0] for row in cursor.fetchall()}
        self.sent_pk = None
        return pk in changed

    def sent(self, pk: int) -> None:
        self.sent_pk = pk

    def flush(self) -> None:
        """Record the waiting `sent` on its own (end of the batch, or another step)."""
        if self.sent_pk is None:
            return
        pk, self.sent_pk = self.sent_pk, None
        _step(
            self.claim,
            pk,
            DeliveryStatus.SENDING,
            durable=False,
            status=DeliveryStatus.SENT,
            sent_at=now(),
            claimed_until=None,
            attempts=F("attempts") + 1,
        )

    def renew_lease(self, moment: dt.datetime) -> None:
        """Extend the lease of every row of the batch not sent yet, a quarter of the lease
        at most after the last time: a long batch on a busy machine keeps its rows."""
        Delivery.objects.filter(
            claimed_by=self.claim.token,
            status__in=[DeliveryStatus.CLAIMED, DeliveryStatus.SENDING],
        ).update(claimed_until=lease_from(moment))
        self.renew_at = moment + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS / 4)


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
        .select_related("subscriber", "report")
        .order_by("pk")
    )
    # Each warning once, not once per row.
    mailings = Mailing.objects.select_related("alert").in_bulk(
        {delivery.mailing_id for delivery in deliveries if delivery.mailing_id}
    )
    for delivery in deliveries:
        if delivery.mailing_id:
            delivery.mailing = mailings[delivery.mailing_id]
    connection = connection or get_connection()
    try:
        open_connection(connection)
    except Exception as error:
        logger.warning("Mail server unreachable, %d e-mails wait: %s", len(deliveries), error)
        result.retried = release(claim, f"Mail server unreachable: {error}")
        return result
    progress = Progress(claim)
    try:
        for delivery in deliveries:
            _send_one(progress, delivery, connection, result)
    except (OutcomeUnknown, ConnectionLost):
        # The connection is gone: the rest of the batch waits for another try.
        result.retried += release(claim, "Connection lost earlier in the batch")
    finally:
        progress.flush()
        with contextlib.suppress(Exception):
            connection.close()
    return result


def open_connection(connection) -> None:
    """Open the mail connection; for SMTP, with Nagle's algorithm off (TCP_NODELAY). Each
    e-mail's final "." is a small write of its own right after the message text, and with
    Nagle's algorithm it would wait for the server to acknowledge that text, which a server
    may delay up to 40 ms: a hundred times what the rest of an e-mail costs on a local
    network, and the one place where waiting is not harmless (alerts/outbox.py's top)."""
    connection.open()
    smtp = getattr(connection, "connection", None)
    if isinstance(smtp, smtplib.SMTP):
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _send_one(progress: Progress, delivery: Delivery, connection, result: BatchResult) -> None:
    claim = progress.claim
    smtp = getattr(connection, "connection", None)
    if not isinstance(smtp, smtplib.SMTP):
        smtp = None  # the console in `make run`, memory in tests
    try:
        if smtp is None:
            message = build_message(delivery, result.rendered)
        else:
            message = message_bytes(delivery, result.rendered)
    except Exception as error:
        # A bug or bad data in one message must not hold up the rest of the batch.
        logger.exception("Could not build e-mail %d", delivery.pk)
        progress.flush()
        _retry_later(claim, delivery, f"Could not build the message: {error}")
        result.retried += 1
        return
    if message is None:
        progress.flush()
        _step(claim, delivery.pk, DeliveryStatus.CLAIMED, status=DeliveryStatus.FAILED)
        result.skipped += 1
        return
    throttle()

    def about_to_send() -> bool:
        # Committed before the end of the message goes out; renews the lease.
        return progress.sending(delivery.pk)

    try:
        if smtp is None:
            send_without_smtp(connection, message, about_to_send)
        else:
            hand_over(smtp, message, about_to_send)
    except NotAccepted as error:
        logger.warning("Could not send e-mail %d, will try again: %s", delivery.pk, error)
        progress.flush()
        if _retry_later(claim, delivery, str(error)) == DeliveryStatus.FAILED:
            result.failed += 1
        else:
            result.retried += 1
        if isinstance(error, ConnectionLost):
            raise
        return
    except NoLongerOurs:
        # Not ours any more: the connection was dropped without the "." (nothing was
        # delivered); a new one for the rest of the batch.
        connection.close()
        open_connection(connection)
        result.skipped += 1
        return
    except OutcomeUnknown as error:
        progress.flush()
        _step(
            claim,
            delivery.pk,
            DeliveryStatus.SENDING,
            status=DeliveryStatus.UNKNOWN,
            claimed_until=None,
            last_error=f"Connection lost while sending, not sent again: {error}"[:300],
        )
        result.failed += 1
        raise
    progress.sent(delivery.pk)
    result.sent += 1


def send_without_smtp(connection, message: EmailMultiAlternatives, about_to_send) -> None:
    """Not an SMTP backend: no dialogue."""
    if not about_to_send():
        raise NoLongerOurs
    try:
        connection.send_messages([message])
    except Exception as error:
        raise NotAccepted(str(error)) from error


@dataclass
class Envelope:
    """A message as it goes to an SMTP server: who from, who to, and its text, with SMTP's
    dot-stuffing (RFC 5321, 4.5.2) done and without the final "."."""

    sender: str
    recipients: list[str]
    data: bytes


def envelope(message: EmailMultiAlternatives) -> Envelope:
    encoding = message.encoding or settings.DEFAULT_CHARSET
    text = message.message().as_bytes(linesep="\r\n")
    # Dot-stuffing, as smtplib.SMTP.data() does it.
    text = re.sub(rb"(?m)^\.", b"..", text)
    if not text.endswith(b"\r\n"):
        text += b"\r\n"
    return Envelope(
        sanitize_address(message.from_email, encoding),
        [sanitize_address(address, encoding) for address in message.recipients()],
        text,
    )


def hand_over(smtp: smtplib.SMTP, message: Envelope, about_to_send) -> None:
    """The SMTP dialogue, step by step, so we know which side of the doubt an error is on.

    The envelope and the whole message text go out first; `about_to_send()` then records
    (and commits) that this row is being sent, and only then the final "." that makes the
    server take the message. Dying before the "." leaves nothing delivered and the row
    claimed (sent again later); dying after it, the row in `sending` (never sent again).
    With PIPELINING (RFC 2920) MAIL, RCPT and DATA go in one write, then their answers are
    read in order.
    """
    commands = [f"MAIL FROM:{smtplib.quoteaddr(message.sender)}"]
    commands += [f"RCPT TO:{smtplib.quoteaddr(address)}" for address in message.recipients]
    commands.append("DATA")
    accepted = [(250,)] + [(250, 251)] * len(message.recipients) + [(354,)]
    try:
        lines = [f"{command}\r\n".encode("ascii") for command in commands]
    except UnicodeEncodeError as error:
        raise NotAccepted(f"An address the server cannot take: {error}") from error
    try:
        smtp.ehlo_or_helo_if_needed()
        if smtp.has_extn("pipelining"):
            smtp.send(b"".join(lines))
            replies = [smtp.getreply() for _line in lines]
        else:
            replies = []
            for line, codes in zip(lines, accepted, strict=True):
                smtp.send(line)
                replies.append(smtp.getreply())
                if replies[-1][0] not in codes:
                    break
        for (code, reply), codes in zip(replies, accepted, strict=False):
            if code in codes:
                continue
            if replies[-1][0] == 354:
                # A recipient refused but the server waits for the text: hang up without
                # the "." so that nothing is delivered.
                smtp.close()
                raise ConnectionLost(f"{code} {reply.decode(errors='replace')}")
            smtp.rset()
            raise NotAccepted(f"{code} {reply.decode(errors='replace')}")
        smtp.send(message.data)
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        # Before the final ".": whatever the server got, it delivers nothing.
        raise ConnectionLost(str(error)) from error
    except smtplib.SMTPException as error:
        raise NotAccepted(str(error)) from error
    # Nothing may come between the commit of `sending` and writing the "." (see the top).
    if not about_to_send():
        smtp.close()
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
    was full, before sending: more is waiting, so other workers may start on it."""
    size = size or settings.OUTBOX_BATCH_SIZE
    claim = claim_batch(size)
    if not claim.ids:
        return BatchResult()
    if on_full_batch is not None and len(claim.ids) == size:
        on_full_batch()
    return send_batch(claim)


def warm_up() -> None:
    """What the first batch of a new worker process would otherwise wait for: the database
    connection, the e-mail templates compiled, and for every language its translations and
    URL patterns loaded (over a second of CPU in all, measured)."""
    db_connection.ensure_connection()
    for name in TEMPLATES:
        get_template(name)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            _("Scam warning: %(title)s")
        _links({}, language)


# Messages. Rendered once per batch for each warning and language; only the recipient and
# the two links differ between subscribers, put in afterwards.


def build_message(delivery: Delivery, rendered: dict) -> EmailMultiAlternatives | None:
    if delivery.kind == DeliveryKind.STAFF_NOTIFICATION:
        return _staff_notification(delivery)
    subscriber = delivery.subscriber
    if subscriber is None:
        return None
    if delivery.kind == DeliveryKind.CONFIRMATION:
        return _confirmation(delivery)
    return _warning(
        rendered,
        delivery.mailing,
        subscriber.language,
        recipient=subscriber.email,
        unsubscribe=subscriptions.unsubscribe_url(subscriber),
        manage=subscriptions.manage_url(subscriber),
        delivery=str(delivery.pk),
    )


def message_bytes(delivery: Delivery, rendered: dict) -> Envelope | None:
    """The message for an SMTP server. A warning comes from its language's rendering,
    made once per batch with stand-ins, with this subscriber's address and links put in
    the bytes; anything else (or a rendering the stand-ins did not survive) is built whole.
    """
    subscriber = delivery.subscriber
    if delivery.kind != DeliveryKind.WARNING or subscriber is None:
        message = build_message(delivery, rendered)
        return message and envelope(message)
    key = ("bytes", delivery.mailing_id, subscriber.language)
    if key not in rendered:
        rendered[key] = _warning_template(rendered, delivery.mailing, subscriber.language)
    template = rendered[key]
    if template is None:
        return envelope(build_message(delivery, rendered))
    if PLAIN_ADDRESS.fullmatch(subscriber.email):
        recipient = subscriber.email  # what sanitize_address() would return
    else:
        recipient = sanitize_address(subscriber.email, settings.DEFAULT_CHARSET)
    if not recipient.isascii():
        return envelope(build_message(delivery, rendered))
    unsubscribe, manage = _links(rendered, subscriber.language)
    token = subscriptions.make_token
    unsubscribe = unsubscribe.replace(TOKEN_MARK, token(subscriber, subscriptions.UNSUBSCRIBE))
    manage = manage.replace(TOKEN_MARK, token(subscriber, subscriptions.MANAGE))
    data = (
        template.data.replace(RECIPIENT_MARK.encode(), recipient.encode())
        .replace(UNSUBSCRIBE_MARK.encode(), unsubscribe.encode())
        .replace(MANAGE_MARK.encode(), manage.encode())
        .replace(DELIVERY_MARK.encode(), str(delivery.pk).encode())
    )
    return Envelope(template.sender, [recipient], data)


def _links(rendered: dict, language: str) -> tuple[str, str]:
    """The unsubscribe and manage links of a language with a stand-in token, made once per
    batch: reverse() in the subscriber's language costs more than the rest of an e-mail.
    The tokens are URL-safe, so putting one in gives what subscriptions.unsubscribe_url()
    and manage_url() return."""
    key = ("links", language)
    if key not in rendered:
        rendered[key] = (
            subscriptions.absolute_url("alerts:unsubscribe", TOKEN_MARK, language),
            subscriptions.absolute_url("alerts:manage_subscription", TOKEN_MARK, language),
        )
    return rendered[key]


def _warning_template(rendered: dict, mailing, language: str) -> Envelope | None:
    message = envelope(
        _warning(
            rendered,
            mailing,
            language,
            recipient=RECIPIENT_MARK,
            unsubscribe=UNSUBSCRIBE_MARK,
            manage=MANAGE_MARK,
            delivery=DELIVERY_MARK,
        )
    )
    # Each stand-in must still be whole in the bytes (a body in quoted-printable, for a line
    # over 998 characters, could cut one): else every e-mail is built whole.
    _subject, text, html = rendered[(mailing.pk, language)]
    expected = {
        RECIPIENT_MARK: 1,
        UNSUBSCRIBE_MARK: text.count(UNSUBSCRIBE_MARK) + html.count(UNSUBSCRIBE_MARK) + 1,
        MANAGE_MARK: text.count(MANAGE_MARK) + html.count(MANAGE_MARK),
        DELIVERY_MARK: 1,
    }
    if any(message.data.count(mark.encode()) != n for mark, n in expected.items()):
        logger.warning("E-mail stand-ins cut in %s: each e-mail is built whole", language)
        return None
    return message


def _warning(
    rendered: dict, mailing, language: str, recipient, unsubscribe, manage, delivery
) -> EmailMultiAlternatives:
    key = (mailing.pk, language)
    if key not in rendered:
        rendered[key] = _render_warning(mailing, language)
    subject, text, html = rendered[key]
    message = EmailMultiAlternatives(
        subject=subject,
        body=text.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(MANAGE_MARK, manage),
        to=[recipient],
        headers=_list_headers(unsubscribe, delivery),
    )
    message.attach_alternative(
        html.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(MANAGE_MARK, manage), "text/html"
    )
    return message


def _list_headers(unsubscribe: str, delivery: str) -> dict:
    # RFC 8058 one-click unsubscribe; a fixed Message-ID per row, so a receiving system
    # that sees the same row twice can tell.
    domain = settings.SITE_URL.split("://")[-1].split("/")[0].split(":")[0] or "localhost"
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Message-ID": f"<outbox-{delivery}@{domain}>",
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
    """Queued (claimed and sending included), sent, failed and of unknown outcome per
    mailing."""
    rows = (
        Delivery.objects.filter(mailing__in=mailings)
        .values("mailing")
        .annotate(
            sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
            failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
            unknown=Count("pk", filter=Q(status=DeliveryStatus.UNKNOWN)),
            total=Count("pk"),
        )
    )
    return {
        row["mailing"]: {
            "sent": row["sent"],
            "failed": row["failed"],
            "unknown": row["unknown"],
            "queued": row["total"] - row["sent"] - row["failed"] - row["unknown"],
        }
        for row in rows
    }
