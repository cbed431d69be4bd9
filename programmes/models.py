from django.db import models
from django.utils.translation import gettext_lazy as _

from iom_romania.i18n import cached_reverse
from iom_romania.publishing import PublishableModel

TEXT_DATE_HELP = _(
    'The date of the text itself, shown with it as "Text from <month year>". Change it only '
    "when the text has been written again or checked as still true."
)


class ReviewedText(PublishableModel):
    """Text that carries its own date ("Text from November 2010"), shown with it."""

    last_reviewed = models.DateField(
        _("text last reviewed"), null=True, blank=True, help_text=TEXT_DATE_HELP
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class HomeSection(ReviewedText):
    """A block of text on the home page, such as "IOM Today" or the office's mission."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    body = models.TextField(_("text"), help_text=_("Markdown: *italic*, **bold**, lists, links."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("home page section")
        verbose_name_plural = _("home page sections")

    def get_absolute_url(self):
        return cached_reverse("home") + f"#{self.slug}"


class ProgrammeArea(ReviewedText):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown on the home page.")
    )
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: *italic*, **bold**, lists, links.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Areas are listed from the lowest number.")
    )

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("programme area")
        verbose_name_plural = _("programme areas")

    def get_absolute_url(self):
        return cached_reverse("programmes:area_detail", self.slug)


class Project(PublishableModel):
    class Implementation(models.TextChoices):
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: *italic*, **bold**, lists, links.")
    )
    last_reviewed = models.DateField(
        _("text last reviewed"), null=True, blank=True, help_text=TEXT_DATE_HELP
    )
    period = models.CharField(
        _("period"), max_length=50, blank=True, help_text=_('For example "2010/2011".')
    )
    funders = models.CharField(
        _("funders and donors"),
        max_length=300,
        blank=True,
        help_text=_("Who funds the project, as it should appear to the public."),
    )
    implementation = models.CharField(
        _("project status"),
        max_length=10,
        choices=Implementation.choices,
        blank=True,
        help_text=_("Leave empty while it is not known."),
    )
    areas = models.ManyToManyField(
        ProgrammeArea,
        related_name="projects",
        verbose_name=_("programme areas"),
        help_text=_("A project may belong to more than one area."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("programmes:project_detail", self.slug)


class Fact(PublishableModel):
    """One of the "IOM Today" figures, such as "157 Members"."""

    value = models.CharField(
        _("figure"), max_length=100, help_text=_('The figure in large type, e.g. "157".')
    )
    label = models.CharField(
        _("label"),
        max_length=200,
        help_text=_('What the figure counts, e.g. "Members and more than 100 observers".'),
    )
    as_of = models.DateField(
        _("as of"), help_text=_('The date of the figure; shown as "Facts and figures: updated".')
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("fact")
        verbose_name_plural = _("facts and figures")

    def __str__(self):
        return f"{self.value} {self.label}"

    def get_absolute_url(self):
        return cached_reverse("home") + "#iom-today"


class Initiative(PublishableModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    link = models.URLField(
        _("link"), blank=True, help_text=_("Where people can read more. Leave empty if none.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("home") + f"#{self.slug}"


class TextReviewSettings(models.Model):
    """How old a text may grow before the admin's "needs attention" lists it (one row)."""

    review_after_years = models.PositiveSmallIntegerField(
        _("review texts older than (years)"),
        default=2,
        help_text=_('Texts dated earlier than this are listed under "needs attention".'),
    )

    class Meta:
        verbose_name = _("text review setting")
        verbose_name_plural = _("text review setting")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "TextReviewSettings":
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings
