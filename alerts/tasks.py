"""Celery tasks: thin wrappers around alerts/outbox.py and alerts/subscriptions.py."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from . import outbox, subscriptions

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def send_outbox() -> int:
    """Send one batch of the outbox. A full batch means more is waiting: two more tasks
    are queued first, so the number of processes sending doubles with each round of
    batches until every idle worker process has joined in, one batch at a time each (one
    more task would only replace this one). Tasks that find nothing left end at once."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # In-process (`make run`, tests without a broker): the whole outbox, in a loop.
        # Rows put back for a retry are due later, so this ends.
        sent = 0
        while (result := outbox.run_batch()).claimed:
            sent += result.sent
        return sent

    def more():
        try:
            send_outbox.apply_async(retry=False)
            send_outbox.apply_async(retry=False)
        except Exception:
            logger.warning("The task queue did not answer; the sweep will carry on.")

    return outbox.run_batch(on_full_batch=more).sent


@shared_task(ignore_result=True)
def sweep_outbox() -> None:
    """Every OUTBOX_SWEEP_SECONDS (celery beat): hand back what dead workers left, queue
    warnings whose publish-at time has come, and start sending whatever is due, so rows
    written while the broker was down go out once it is back."""
    released, unknown = outbox.recover_expired_claims()
    if released or unknown:
        logger.warning(
            "Outbox: %d e-mails back in the queue, %d of unknown outcome", released, unknown
        )
    subscriptions.queue_due_mailings()
    if outbox.has_due_rows():
        send_outbox.apply_async(retry=False)
