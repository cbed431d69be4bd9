from django.apps import AppConfig


class IomRomaniaConfig(AppConfig):
    name = "iom_romania"
    verbose_name = "IOM Romania portal"

    def ready(self):
        from . import page_cache

        page_cache.connect_signals()
