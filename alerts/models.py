from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iom_romania.publishing import PublishableModel


class ScamAlert(PublishableModel):
    """A warning about a fraudulent offer of migration assistance."""

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences shown in the banner and in lists.")
    )
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: *italic*, **bold**, lists, links.")
    )

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        verbose_name = _("scam alert")
        verbose_name_plural = _("scam alerts")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("alerts:alert_detail", args=[self.slug])
