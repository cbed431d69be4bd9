from django.apps import AppConfig


class IomRomaniaConfig(AppConfig):
    name = "iom_romania"
    verbose_name = "IOM Romania portal"
