"""IOM Romania's information centres (aligned with Open Referral HSDS 3.0 and schema.org),
their opening hours, the offline gazetteer, and reports of wrong information."""

import datetime as dt
import functools
from functools import cached_property

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iom_romania.i18n import cached_reverse
from iom_romania.publishing import PublishableModel, PublishedQuerySet

from . import hours

UNKNOWN_HELP = _("Leave empty while it is not known: the page then says it is not yet published.")

# ISO 639-1 codes offered for "languages spoken"; names come from Django's language data.
LANGUAGE_CODES = [
    "ro", "en", "fr", "de", "es", "it", "hu", "uk", "ru", "ar", "fa", "tr", "ne", "ur",
    "hi", "bn", "zh", "vi", "ps", "ku", "so", "ti", "am", "sw", "pt", "pl", "sr", "bg",
]  # fmt: skip


# Languages centres may speak that Django's own list of languages does not name.
MORE_LANGUAGE_NAMES = {
    "am": _("Amharic"),
    "ku": _("Kurdish"),
    "ps": _("Pashto"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
    "zh": _("Chinese"),
}


def language_name(code: str) -> str:
    if code in MORE_LANGUAGE_NAMES:
        return str(MORE_LANGUAGE_NAMES[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def language_choices() -> list[tuple[str, str]]:
    """(code, name in the reader's language) of every language a centre may speak, by name."""
    return _language_choices(get_language())


@functools.lru_cache(maxsize=64)  # per interface language: the finder shows it on every page
def _language_choices(interface_language: str) -> list[tuple[str, str]]:
    return sorted(((c, language_name(c)) for c in LANGUAGE_CODES), key=lambda c: c[1])


def validate_language_codes(value):
    if not isinstance(value, list) or any(code not in LANGUAGE_CODES for code in value):
        raise ValidationError(_("Pick languages from the list (ISO 639-1 codes)."))


class ServiceType(models.Model):
    """A kind of help a centre offers; a small taxonomy staff can extend."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self):
        return self.name


class OperatingStatus(models.TextChoices):
    # Blank: staff have not said; the pages and exports then say it is not known.
    UNKNOWN = "", _("Not yet confirmed by staff")
    ACTIVE = "active", _("Open as usual")
    TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")
    CLOSED = "closed", _("Closed")


# A centre's related rows that its card and page show.
CONTACT_DETAILS = ("phones", "messaging_links", "weekly_hours", "hours_exceptions", "notices")


class CentreQuerySet(PublishedQuerySet):
    def with_contact_details(self):
        """What a centre's card and page show besides the centre: phones, messaging links,
        weekly hours and dated exceptions (one query each, however many centres)."""
        return self.prefetch_related(*CONTACT_DETAILS)


class Centre(PublishableModel):
    """One of the office's migrant information centres (an HSDS location and service point)."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Shown to migrants as the centre's title.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    operating_status = models.CharField(
        _("operating status"),
        max_length=20,
        choices=OperatingStatus.choices,
        default=OperatingStatus.UNKNOWN,
        blank=True,
        help_text=_("Leave unconfirmed until staff know the centre's state."),
    )
    free_of_charge = models.BooleanField(
        _("free of charge"),
        null=True,
        blank=True,
        help_text=_("Whether the centre's help costs nothing; leave unknown if not known."),
    )
    open_on_public_holidays = models.BooleanField(
        _("open on public holidays"),
        default=False,
        help_text=_(
            "Unticked: the page shows the centre closed on Romania's public holidays. "
            "Special hours for one day go in the exceptions below."
        ),
    )
    partner_organisation = models.CharField(
        _("partner organisation"), max_length=200, blank=True, help_text=UNKNOWN_HELP
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown. What the centre does, for whom.")
    )
    # Address (HSDS address / schema.org PostalAddress).
    address = models.CharField(
        _("street address"),
        max_length=300,
        blank=True,
        help_text=_("Street, number, building, floor. ") + UNKNOWN_HELP,
    )
    city = models.CharField(_("city"), max_length=100)
    county = models.CharField(_("county"), max_length=100, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("Romanian postal codes have six digits."))],
    )
    country = models.CharField(_("country"), max_length=2, default="RO", editable=False)
    siruta_code = models.PositiveIntegerField(
        _("SIRUTA code"), null=True, blank=True, help_text=_("Code of the locality, when known.")
    )
    latitude = models.FloatField(
        _("latitude"),
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "Until staff enter the centre's own position, the centre of its city (GeoNames). "
            "Changing latitude or longitude here marks the position as set by staff."
        ),
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    exact_location_set_at = models.DateTimeField(
        _("exact location set by staff on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when staff change the latitude or longitude in the admin."),
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=UNKNOWN_HELP)
    website = models.URLField(_("website"), blank=True, help_text=UNKNOWN_HELP)
    languages = models.JSONField(
        _("languages spoken"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("Languages staff speak on site (ISO 639-1 codes)."),
    )
    interpretation_available = models.BooleanField(
        _("interpretation available"),
        null=True,
        blank=True,
        help_text=_("Whether an interpreter can be arranged; leave unknown if not known."),
    )
    services = models.ManyToManyField(
        ServiceType, verbose_name=_("services offered"), blank=True, related_name="centres"
    )
    accessibility_notes = models.TextField(
        _("accessibility"), blank=True, help_text=_("Step-free access, lifts, toilets, ...")
    )
    how_to_get_there = models.TextField(
        _("how to get there"), blank=True, help_text=_("Public transport, landmarks, entrance.")
    )
    hours_note = models.CharField(
        _("note on opening hours"),
        max_length=300,
        blank=True,
        help_text=_("For example: appointments preferred. The hours themselves go below."),
    )
    information_checked_on = models.DateField(
        _("information last checked on"), null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["order", "city"]
        # The finder's first step is a range scan around a point.
        indexes = [models.Index(fields=["latitude", "longitude"], name="centre_coordinates")]
        verbose_name = _("information centre")
        verbose_name_plural = _("information centres")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("centres:centre_detail", self.slug)

    # -- contact details and hours, from the rows prefetched by .with_contact_details() --

    @property
    def phone_list(self) -> list[dict]:
        return [{"number": p.number, "kind": p.kind, "label": p.label} for p in self.phones.all()]

    @cached_property
    def weekly_hours_data(self) -> list[hours.WeeklyHours]:
        return [hours.WeeklyHours(h.weekday, h.opens, h.closes) for h in self.weekly_hours.all()]

    @cached_property
    def hours_exceptions_data(self) -> list[hours.DatedException]:
        return [
            hours.DatedException(e.date, e.closed, e.opens, e.closes)
            for e in self.hours_exceptions.all()
        ]

    @property
    def has_exact_location(self) -> bool:
        """Whether staff set the centre's own position; until then it is its city's centre."""
        return self.exact_location_set_at is not None

    @cached_property
    def notices_data(self) -> list[hours.Closure]:
        return [
            hours.Closure(n.starts_on, n.ends_on, n.closes_centre, n.kind)
            for n in self.notices.all()
        ]

    def current_notices(self, today: dt.date | None = None) -> list["CentreNotice"]:
        """Notices running today or starting within the open-now lookahead, soonest first."""
        today = today or hours.local_today()
        horizon = today + dt.timedelta(days=hours.LOOKAHEAD_DAYS)
        return [
            n
            for n in self.notices.all()
            if n.starts_on <= horizon and (n.ends_on is None or n.ends_on >= today)
        ]

    def open_status(self, now: dt.datetime | None = None) -> hours.OpenStatus:
        if self.operating_status in (OperatingStatus.TEMPORARILY_CLOSED, OperatingStatus.CLOSED):
            return hours.OpenStatus(hours.State.CLOSED, closed_today=True)
        return hours.open_status(
            self.weekly_hours_data,
            self.hours_exceptions_data,
            now,
            closures=self.notices_data,
            public_holidays=not self.open_on_public_holidays,
        )

    @property
    def current_status(self) -> hours.OpenStatus:
        return self.open_status()

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.languages]


class PhoneKind(models.TextChoices):
    VOICE = "voice", _("Phone")
    CELL = "cell", _("Mobile")
    FAX = "fax", _("Fax")
    TEXTPHONE = "textphone", _("Textphone")


def normalise_phone(number: str) -> str:
    """Romanian or international number -> E.164 ("+40268123456"); ValidationError if invalid."""
    try:
        parsed = phonenumbers.parse(number, "RO")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("This is not a phone number.")) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("This is not a valid phone number."))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class CentrePhone(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(
        _("number"), max_length=20, help_text=_("Stored in international form, e.g. +40…")
    )
    kind = models.CharField(_("type"), max_length=10, choices=PhoneKind, default=PhoneKind.VOICE)
    label = models.CharField(_("label"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self):
        return self.number

    def clean(self):
        if self.number:
            try:
                self.number = normalise_phone(self.number)
            except ValidationError as exc:
                raise ValidationError({"number": exc.messages}) from exc


class MessagingPlatform(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    VIBER = "viber", "Viber"
    TELEGRAM = "telegram", "Telegram"
    SIGNAL = "signal", "Signal"


MESSAGING_PREFIXES = {
    "whatsapp": ("https://wa.me/", "https://api.whatsapp.com/", "https://chat.whatsapp.com/"),
    "viber": ("viber://", "https://invite.viber.com/", "https://vb.me/"),
    "telegram": ("https://t.me/", "tg://"),
    "signal": ("https://signal.me/", "https://signal.group/", "sgnl://"),
}


class MessagingLink(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="messaging_links")
    platform = models.CharField(_("app"), max_length=10, choices=MessagingPlatform)
    url = models.CharField(
        _("link"), max_length=300, help_text=_("For example https://wa.me/40712345678")
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("messaging link")
        verbose_name_plural = _("messaging links")

    def __str__(self):
        return f"{self.get_platform_display()}: {self.url}"

    def clean(self):
        prefixes = MESSAGING_PREFIXES.get(self.platform, ())
        if self.url and not self.url.startswith(prefixes):
            raise ValidationError(
                {"url": _("A %(app)s link starts with %(prefixes)s.")
                 % {"app": self.get_platform_display(), "prefixes": ", ".join(prefixes)}}
            )  # fmt: skip


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """One opening on a weekday; several rows per day allowed (e.g. a lunch break)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(
        _("closes"), help_text=_("A time earlier than the opening means the next day.")
    )

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class HoursException(models.Model):
    """A dated change to the weekly hours: a holiday closure or special hours."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="hours_exceptions")
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "opens"]
        verbose_name = _("exception to the opening hours")
        verbose_name_plural = _("exceptions to the opening hours")

    def __str__(self):
        return f"{self.date}: {'closed' if self.closed else f'{self.opens}-{self.closes}'}"

    def clean(self):
        if not self.closed and not (self.opens and self.closes):
            raise ValidationError(_("Give opening and closing times, or tick 'closed all day'."))


class NoticeKind(models.TextChoices):
    CLOSURE = "closure", _("Temporary closure")
    MOVED = "moved", _("Moved office")
    HOLIDAY = "holiday", _("Holiday")
    OTHER = "other", _("Other notice")


# Kinds of notice that close the centre for their dates.
CLOSING_KINDS = (NoticeKind.CLOSURE, NoticeKind.HOLIDAY)


class CentreNotice(models.Model):
    """A dated notice staff put on a centre: a temporary closure, a move, a holiday.

    Closures and holidays close the centre in "open now" from the first to the last day.
    """

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind, default=NoticeKind.OTHER)
    text = models.CharField(
        _("notice"),
        max_length=300,
        help_text=_("Shown to migrants on the centre's card and page, e.g. where it moved to."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Leave empty while the end is not known.")
    )

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.starts_on}"

    @property
    def closes_centre(self) -> bool:
        return self.kind in CLOSING_KINDS

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})


class InformationReport(models.Model):
    """Someone told us a centre's details are wrong; staff check and fix them."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="reports")
    message = models.TextField(_("what is wrong"), max_length=2000)
    contact = models.CharField(
        _("contact (optional)"),
        max_length=200,
        blank=True,
        help_text=_("Only if you want us to reply."),
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        ordering = ["handled", "-created_at"]
        verbose_name = _("report of wrong information")
        verbose_name_plural = _("reports of wrong information")

    def __str__(self):
        return f"{self.centre} ({self.created_at:%Y-%m-%d})"


# -- gazetteer (GeoNames, CC BY 4.0), loaded by `manage.py load_gazetteer` ---------------


class GazetteerCounty(models.Model):
    code = models.CharField(_("GeoNames admin1 code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    seat_geonameid = models.PositiveIntegerField(_("seat (GeoNames id)"))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class GazetteerPlace(models.Model):
    geonameid = models.PositiveIntegerField(_("GeoNames id"), primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    folded_name = models.CharField(_("folded name"), max_length=200, db_index=True)
    county = models.ForeignKey(
        GazetteerCounty, on_delete=models.PROTECT, null=True, related_name="places"
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveIntegerField(_("population"), default=0)
    kind = models.CharField(_("kind"), max_length=10, default="place")
    alternate_names = models.JSONField(_("alternate names"), default=list)

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return self.name


class GazetteerSource(models.Model):
    """Which data file is loaded (its checksum), so loading again can skip the work."""

    checksum = models.CharField(max_length=64)
    meta = models.JSONField(default=dict)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.meta.get("source", "GeoNames")


class PlaceName(models.Model):
    """Another name for a gazetteer place or county, added by staff: a spelling people type
    that the finder did not know ("Brashov"), or the name in another script.

    Kept apart from the GeoNames tables, by GeoNames id (counties: minus their code), so
    that reloading or rebuilding the gazetteer keeps every name added here. The finder
    matches these names in every language (centres/gazetteer_db.py).
    """

    name = models.CharField(
        _("other name"),
        max_length=100,
        help_text=_("As people type it, for example Brashov."),
    )
    geonameid = models.IntegerField(_("GeoNames id"), editable=False)
    place_label = models.CharField(_("place"), max_length=200, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("other name for a place")
        verbose_name_plural = _("other names for places")

    def __str__(self):
        return f"{self.name} → {self.place_label}"


def next_open_now_change(now: dt.datetime | None = None) -> dt.datetime | None:
    """When "open now" next changes because a notice or a public holiday starts or ends."""
    today = hours.local_today(now)
    closures = [
        hours.Closure(starts_on, ends_on)
        for starts_on, ends_on in CentreNotice.objects.filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today),
            kind__in=CLOSING_KINDS,
            centre__in=Centre.objects.published(),
        ).values_list("starts_on", "ends_on")
    ]
    return hours.next_change_of_day(today, closures)
