from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from solo.models import SingletonModel


class Publishing(models.Model):
    """No table: only the home of the site-wide "publish content" permission.

    Status and schedule of every public model are decided by users who hold
    `iom_romania.publish_content` (the Publisher role); see iom_romania/roles.py.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("publish_content", _("Can publish, schedule and archive content"))]
        verbose_name = _("publishing")

    def __str__(self):
        return str(self._meta.verbose_name)


class SearchDocument(models.Model):
    """The words of one item in one language, as a text-search vector (PostgreSQL only).

    The site search matches these instead of building a vector for every item on every
    search. Every row of a searchable type is indexed, drafts too: whether an item may be
    shown is decided at search time by its `published()` queryset, so publishing, archiving
    or a schedule never needs the index to change. iom_romania/search.py keeps it current.
    """

    model_label = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=10)
    vector = SearchVectorField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "object_id", "language"], name="one_document_per_language"
            )
        ]

    def __str__(self):
        return f"{self.model_label} {self.object_id} ({self.language})"


class ProposedChange(models.Model):
    """A change to a live item (published or archived) that waits for a Publisher.

    When someone who may not publish saves a live item in the admin, the live row is left
    as it is and the admin form, as they posted it (inline rows included), is kept here.
    A Publisher sees it as a field-by-field diff against the live version and approves it
    (the admin then saves that same form, so history records it) or rejects it.
    See iom_romania/approval.py.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("type")
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # Field name -> list of posted values, as in request.POST, inline rows included.
    form_data = models.JSONField()
    # The fields the author's form had: the approver's form is built with the same ones.
    form_fields = models.JSONField(default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposed_changes",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")

    def __str__(self):
        return _("Change to %(item)s") % {"item": self.target or self.object_id}

    def posted_data(self) -> QueryDict:
        """The form as it was posted, ready to bind to a form again."""
        data = QueryDict(mutable=True)
        for name, values in self.form_data.items():
            data.setlist(name, values)
        return data


class OfficeContact(SingletonModel):
    """How to reach the IOM Romania office: one row, edited by staff in the admin.

    Every field starts empty: nothing is invented. Until staff fill in at least one way to
    reach the office, /<lang>/contact/ says the office has not yet published its contact
    details here and points to IOM's global site.
    """

    address = models.TextField(
        _("address"),
        blank=True,
        help_text=_("The office's postal address, as a visitor should write or find it."),
    )
    phones = models.TextField(
        _("phone numbers"),
        blank=True,
        help_text=_("One number a line, with what it is for (for example “+40 … (reception)”)."),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    opening_hours = models.TextField(
        _("opening hours"),
        blank=True,
        help_text=_("In plain words, for example “Monday to Friday, 9:00 to 17:00”."),
    )
    emergency_numbers = models.TextField(
        _("emergency numbers"),
        blank=True,
        help_text=_(
            "Numbers a migrant may need in an emergency, one a line, with what each is for. "
            "The page always shows 112, Romania's national emergency number."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("office contact page")

    def __str__(self):
        return str(self._meta.verbose_name)

    @property
    def phone_lines(self) -> list[str]:
        return [line.strip() for line in self.phones.splitlines() if line.strip()]

    @property
    def emergency_lines(self) -> list[str]:
        return [line.strip() for line in self.emergency_numbers.splitlines() if line.strip()]

    @property
    def is_published(self) -> bool:
        """Whether staff have given at least one way to reach the office."""
        return bool(self.address.strip() or self.phone_lines or self.email)


class UsageCount(models.Model):
    """How many times something was looked for or read on one day, in one language.

    Counts only, written in batches by iom_romania/usage.py: nothing here says who asked.
    Deleted after USAGE_RETENTION_DAYS (13 months) by `manage.py purge_usage`.
    """

    class Kind(models.TextChoices):
        FINDER = "finder", _("Centre finder")
        SEARCH = "search", _("Site search")
        CHECK = "check", _("Check an offer")
        ALERT = "alert", _("Warning page")
        CENTRE = "centre", _("Centre page")
        POSTER = "poster", _("Poster or QR code")

    # What makes a row; `count` adds up every event with the same values.
    KEY_FIELDS = (
        "day", "kind", "found", "place_id", "place", "county", "centre", "page", "text",
        "language",
    )  # fmt: skip

    day = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    found = models.BooleanField(default=True)
    place_id = models.IntegerField(default=0)
    place = models.CharField(max_length=200, blank=True)
    county = models.CharField(max_length=200, blank=True)
    centre = models.CharField(max_length=200, blank=True)
    page = models.CharField(max_length=200, blank=True)
    text = models.CharField(max_length=60, blank=True)
    language = models.CharField(max_length=8)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day", "kind", "found", "place_id", "place", "county", "centre", "page",
                    "text", "language",
                ],
                name="one_usage_count_per_day_and_event",
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["day", "kind"])]
        verbose_name = _("demand figure")
        verbose_name_plural = _("demand figures")

    def __str__(self):
        return f"{self.day} {self.kind} {self.language}: {self.count}"


class ContentTranslation(models.Model):
    """Where one translated field of one item stands in one language.

    `source_hash` is the English the translation was made from: when the English changes,
    the hash no longer matches and the translation is outdated. A translation is reviewed
    once someone at the office has checked it (`reviewed_at`); saving new translated text
    starts it again as not reviewed. Kept up to date by iom_romania/translation_status.py.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.BigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=60)
    language = models.CharField(max_length=10)
    source_hash = models.CharField(max_length=64)
    translation_hash = models.CharField(max_length=64)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="one_state_per_translated_field",
            )
        ]
        permissions = [("review_translation", _("Can mark translations as reviewed"))]
        verbose_name = _("content translation")

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} {self.field} ({self.language})"
