"""/sitemap.xml: every language version of every published page.

Loops over every public model (iom_romania.roles.public_models), so a model added by any
app is listed as soon as its rows have their own page (a URL without a "#" fragment).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .roles import public_models

# Pages that are not a model row. Add a URL name here when an app adds such a page.
STATIC_PAGES = [
    "home",
    "programmes:project_list",
    "centres:centre_list",
    "alerts:alert_list",
    "alerts:check",
    "alerts:report",
    "contact",
]


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return STATIC_PAGES

    def location(self, item):
        return reverse(item)


class PublishedModelSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def __init__(self, model):
        self.model = model

    def items(self):
        return [
            item
            for item in self.model.objects.published().order_by("pk")
            if "#" not in item.get_absolute_url()
        ]

    def lastmod(self, item):
        return item.updated_at


def site_sitemaps() -> dict[str, Sitemap]:
    sitemaps = {"pages": StaticPagesSitemap()}
    for model in public_models():
        sitemaps[f"{model._meta.app_label}-{model._meta.model_name}"] = PublishedModelSitemap(model)
    return sitemaps
