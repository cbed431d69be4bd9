"""What needs staff attention, for the admin's front page (templates/admin/index.html).

Each panel lists, per model, a count and a link to the admin list filtered to those rows.
A user sees only rows of models they may change (or, for reports, view); a model or field
that does not exist yet (scam reports, centres' "last checked" date) simply has no panel.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .admin import SOON
from .i18n import DEFAULT_LANGUAGE, missing_translation_q, translated_fields
from .models import ContentTranslation, ProposedChange
from .publishing import Status
from .roles import (
    CENTRE_MANAGER,
    CENTRE_REPORTS,
    EDITOR,
    PUBLISHER,
    REPORT_MODELS,
    REPORT_TRIAGE,
    TRANSLATOR,
    can_publish,
    public_models,
)

STALE_AFTER = timedelta(days=183)  # about six months
# The centres app names its "information last checked" date with one of these.
CHECKED_FIELDS = (
    "information_checked_on",
    "last_checked",
    "last_checked_at",
    "information_checked",
)


@dataclass
class Line:
    label: str
    count: int
    url: str


@dataclass
class Panel:
    title: str
    lines: list[Line] = field(default_factory=list)
    key: str = ""  # ROLE_TASKS names panels by it
    # For the translation panel: one row per model, one column per language.
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[str, list[Line]]] = field(default_factory=list)

    def __bool__(self):
        return bool(self.lines or self.rows)


def _may(user, action, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


def _changelist(model, **params) -> str:
    opts = model._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(params)}" if params else url


def _report_lines(user) -> list[Line]:
    lines = []
    for label in REPORT_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if not _may(user, "view", model):
            continue
        names = {f.name for f in model._meta.get_fields()}
        if "status" in names:
            count = model._default_manager.filter(status="new").count()
            url = _changelist(model, status__exact="new")
        else:
            count, url = model._default_manager.count(), _changelist(model)
        lines.append(Line(str(model._meta.verbose_name_plural), count, url))
    return lines


def _stale_centre_lines(user, now) -> list[Line]:
    """Per centre model: those never checked, and those checked too long ago. A centre
    nobody has checked is the most in need of it, not "0 stale"."""
    lines = []
    for model in public_models():
        if model._meta.app_label != "centres" or not _may(user, "change", model):
            continue
        names = {f.name for f in model._meta.fields}
        checked = next((name for name in CHECKED_FIELDS if name in names), None)
        if checked is None:
            continue
        cutoff = now - STALE_AFTER
        if model._meta.get_field(checked).get_internal_type() == "DateField":
            cutoff = cutoff.date()
        counts = model._default_manager.aggregate(
            never=Count("pk", filter=Q(**{f"{checked}__isnull": True})),
            stale=Count("pk", filter=Q(**{f"{checked}__lt": cutoff})),
        )
        name = str(model._meta.verbose_name_plural)
        lines.append(
            Line(
                _("%(items)s: never checked") % {"items": name},
                counts["never"],
                _changelist(model, **{f"{checked}__isnull": "True"}),
            )
        )
        lines.append(
            Line(
                _("%(items)s: last checked more than 6 months ago") % {"items": name},
                counts["stale"],
                _changelist(model, **{f"{checked}__lt": cutoff.isoformat()}),
            )
        )
    return lines


def _centre_report_lines(user) -> list[Line]:
    """Open reports of wrong information about a centre, sent from its public page."""
    lines = []
    for label in CENTRE_REPORTS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if not _may(user, "view", model):
            continue
        count = model._default_manager.filter(handled=False).count()
        url = _changelist(model, handled__exact="0")
        lines.append(Line(str(model._meta.verbose_name_plural), count, url))
    return lines


def old_text_cutoff(today):
    """Texts dated before this day need review: the limit staff set (default 2 years)."""
    from programmes.models import TextReviewSettings  # the programmes app holds the setting

    years = TextReviewSettings.current().review_after_years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _old_text_lines(user, now) -> list[Line]:
    """Published texts whose own date (`last_reviewed`) is older than the limit."""
    cutoff = old_text_cutoff(timezone.localdate(now))
    lines = []
    for model in public_models():
        names = {f.name for f in model._meta.fields}
        if "last_reviewed" not in names or not _may(user, "change", model):
            continue
        count = model._default_manager.filter(
            status=Status.PUBLISHED, last_reviewed__lt=cutoff
        ).count()
        if count:
            url = _changelist(model, last_reviewed__lt=cutoff.isoformat())
            lines.append(Line(str(model._meta.verbose_name_plural), count, url))
    return lines


def _approval_lines(user) -> list[Line]:
    """Changes to live items waiting for a Publisher, per type: only for those who decide."""
    if not can_publish(user):
        return []
    pending = (
        ProposedChange.objects.filter(state=ProposedChange.State.PENDING)
        .values("content_type")
        .annotate(count=Count("pk"))
        .order_by("content_type")
    )
    lines = []
    for row in pending:
        model = ContentType.objects.get_for_id(row["content_type"]).model_class()
        if model is None:
            continue
        url = _changelist(
            ProposedChange, state__exact="pending", content_type__id__exact=row["content_type"]
        )
        lines.append(Line(str(model._meta.verbose_name_plural), row["count"], url))
    return lines


def _proposal_lines(user) -> list[Line]:
    """The user's own changes still waiting for a Publisher (Editors, Centre managers)."""
    if can_publish(user):
        return []
    mine = ProposedChange.objects.filter(author=user, state=ProposedChange.State.PENDING)
    count = mine.count()
    url = _changelist(ProposedChange, state__exact="pending")
    return [Line(_("your changes"), count, url)] if count else []


# Each group's own tasks, first on its admin home, in this order (Panel.key); someone in
# several groups sees each group's tasks, in the order of this table.
ROLE_TASKS = {
    PUBLISHER: ("approvals", "drafts", "scheduled"),
    EDITOR: ("drafts", "proposals"),
    CENTRE_MANAGER: ("centre_reports", "stale", "proposals"),
    REPORT_TRIAGE: ("reports",),
    TRANSLATOR: ("missing", "proposals"),
}


def admin_home(user) -> dict[str, list[Panel]]:
    """The admin's front page: the user's own tasks first (shown even when there is nothing
    to do, so that staff see they are done), then whatever else needs attention."""
    panels = {panel.key: panel for panel in _panels(user)}
    groups = set(user.groups.values_list("name", flat=True))
    keys = []
    for role, tasks in ROLE_TASKS.items():
        if role in groups:
            keys += [key for key in tasks if key not in keys]
    return {
        "tasks": [panels[key] for key in keys],
        "attention": [panel for key, panel in panels.items() if panel and key not in keys],
    }


def attention_panels(user) -> list[Panel]:
    """The panels for this user, each with only the lines they may act on."""
    return [panel for panel in _panels(user) if panel]


def _panels(user) -> list[Panel]:
    now = timezone.now()
    languages = [code for code, _name in settings.LANGUAGES if code != DEFAULT_LANGUAGE]
    reports = Panel(_("New scam reports"), _report_lines(user), key="reports")
    approvals = Panel(_("Changes awaiting approval"), _approval_lines(user), key="approvals")
    proposals = Panel(
        _("Your changes waiting for a Publisher"), _proposal_lines(user), key="proposals"
    )
    drafts = Panel(_("Drafts waiting to be published"), key="drafts")
    scheduled = Panel(_("Publishing or expiring in the next 7 days"), key="scheduled")
    stale = Panel(
        _("Centres not checked in the last 6 months"), _stale_centre_lines(user, now), key="stale"
    )
    centre_reports = Panel(
        _("Open reports of wrong information about centres"),
        _centre_report_lines(user),
        key="centre_reports",
    )
    old_texts = Panel(
        _("Texts older than the review limit"), _old_text_lines(user, now), key="old_texts"
    )
    missing = Panel(
        _("Content missing a translation"),
        key="missing",
        columns=[get_language_info(code)["name_translated"] for code in languages],
    )
    for model in public_models():
        if not _may(user, "change", model) or not admin.site.is_registered(model):
            continue
        name = str(model._meta.verbose_name_plural)
        counts = {
            "drafts": Count("pk", filter=Q(status=Status.DRAFT)),
            "publishing": Count(
                "pk",
                filter=Q(status=Status.PUBLISHED, publish_at__gt=now, publish_at__lte=now + SOON),
            ),
            "expiring": Count(
                "pk",
                filter=Q(
                    status=Status.PUBLISHED, unpublish_at__gt=now, unpublish_at__lte=now + SOON
                ),
            ),
        }
        if translated_fields(model):
            for code in languages:
                counts[f"missing_{code}"] = Count(
                    "pk",
                    filter=missing_translation_q(model, code) & ~Q(status=Status.ARCHIVED),
                )
        totals = model._default_manager.aggregate(**counts)
        if totals["drafts"]:
            drafts.lines.append(
                Line(name, totals["drafts"], _changelist(model, status__exact=Status.DRAFT))
            )
        for key, value, label in (
            ("publishing", "publishes-soon", _("%(items)s: to publish")),
            ("expiring", "expires-soon", _("%(items)s: to expire")),
        ):
            if totals[key]:
                scheduled.lines.append(
                    Line(label % {"items": name}, totals[key], _changelist(model, schedule=value))
                )
        cells = [
            Line(code, totals[f"missing_{code}"], _changelist(model, missing_translation=code))
            for code in languages
            if f"missing_{code}" in totals
        ]
        if any(cell.count for cell in cells):
            missing.rows.append((name, cells))
    missing.lines.extend(_translation_board_lines(user))
    return [
        approvals, proposals, reports, centre_reports, drafts, scheduled, stale, old_texts,
        missing,
    ]  # fmt: skip


def _translation_board_lines(user) -> list[Line]:
    """A link to the translation status board, with the translations nobody checked yet."""
    if not (
        user.has_perm("iom_romania.review_translation") or _may(user, "view", ContentTranslation)
    ):
        return []
    count = ContentTranslation.objects.filter(reviewed_at__isnull=True).count()
    label = _("Translations not yet reviewed (translation status board)")
    return [Line(label, count, _changelist(ContentTranslation, state="not_reviewed"))]
