"""The Celery app: workers send the e-mail outbox (alerts/tasks.py, alerts/outbox.py).

    celery -A iom_romania worker      # as many as wanted, on any machine
    celery -A iom_romania beat        # one only: the outbox sweep and scheduled warnings

Settings are the CELERY_* names in iom_romania/settings.py.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iom_romania.settings")

app = Celery("iom_romania")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
