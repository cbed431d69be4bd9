from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = _("Centres")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .gazetteer_db import place_names_changed

        for signal in (post_save, post_delete):
            signal.connect(
                place_names_changed, sender="centres.PlaceName", dispatch_uid="place_names"
            )
