from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iom_romania.publishing import PublishableModel

UNKNOWN_HELP = _("Leave empty while it is not known: the page then says it is not yet published.")


class Centre(PublishableModel):
    """One of the office's migrant information centres."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Shown to migrants as the centre's title.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    city = models.CharField(_("city"), max_length=100)
    county = models.CharField(_("county"), max_length=100, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Until the exact address is entered, the coordinates of the city."),
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    address = models.CharField(_("address"), max_length=300, blank=True, help_text=UNKNOWN_HELP)
    phone = models.CharField(_("phone"), max_length=50, blank=True, help_text=UNKNOWN_HELP)
    email = models.EmailField(_("e-mail"), blank=True, help_text=UNKNOWN_HELP)
    opening_hours = models.TextField(_("opening hours"), blank=True, help_text=UNKNOWN_HELP)
    partner_organisation = models.CharField(
        _("partner organisation"), max_length=200, blank=True, help_text=UNKNOWN_HELP
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "city"]
        verbose_name = _("information centre")
        verbose_name_plural = _("information centres")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centres:centre_detail", args=[self.slug])
