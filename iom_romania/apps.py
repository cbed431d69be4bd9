from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def add_sqlite_functions(sender, connection, **kwargs):
    """SQLite has no `unaccent`: the search folds text there with the site's own function."""
    if connection.vendor == "sqlite":
        from .text import sql_fold

        connection.connection.create_function("fold", 1, sql_fold, deterministic=True)


class IomRomaniaConfig(AppConfig):
    name = "iom_romania"
    verbose_name = "IOM Romania portal"

    def ready(self):
        from . import checks, history, page_cache, search, translation_status  # noqa: F401
        from .roles import sync_roles_after_migrate

        connection_created.connect(add_sqlite_functions, dispatch_uid="iom_romania.sqlite")
        page_cache.connect_signals()
        search.connect_signals()
        translation_status.connect_signals()
        history.connect_signals()
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="iom_romania.sync_roles")
        # Once per `migrate`, after every app's migrations: rows that a migration wrote or
        # changed get their search vectors (and a new database gets its first index).
        post_migrate.connect(
            search.rebuild_index_after_migrate, sender=self, dispatch_uid="iom_romania.search"
        )
