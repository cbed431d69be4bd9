"""The Celery app: workers send the e-mail outbox (alerts/tasks.py, alerts/outbox.py).

    celery -A iom_romania worker      # as many as wanted, on any machine
    celery -A iom_romania beat        # one only: the outbox sweep and scheduled warnings

Settings are the CELERY_* names in iom_romania/settings.py.
"""

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iom_romania.settings")

app = Celery("iom_romania")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def warm_up(**kwargs) -> None:
    """Each new pool process opens its database connection, compiles the e-mail templates
    and loads the translations before its first task, so that its first batch does not
    wait for them."""
    from alerts import outbox

    outbox.warm_up()


@worker_init.connect
def warm_up_pool_processes(**kwargs) -> None:
    # Connected here rather than at import: Celery's Django fixup connects, when the worker
    # starts, a worker_process_init receiver that closes the database connections a new
    # process inherited; receivers run in the order they were connected, so ours must come
    # after it or the connection it opens would be closed at once.
    worker_process_init.connect(warm_up, weak=False)
