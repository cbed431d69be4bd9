from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IomRomaniaConfig(AppConfig):
    name = "iom_romania"
    verbose_name = "IOM Romania portal"

    def ready(self):
        from . import page_cache
        from .roles import sync_roles_after_migrate

        page_cache.connect_signals()
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="iom_romania.sync_roles")
