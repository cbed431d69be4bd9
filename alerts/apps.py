from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self):
        from .models import ScamAlert
        from .subscriptions import alert_published

        # A warning published by a Publisher's save (form, action or approved change)
        # queues its e-mails in the same transaction; a scheduled one, the outbox sweep.
        post_save.connect(alert_published, sender=ScamAlert, dispatch_uid="alerts.published")
