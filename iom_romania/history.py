"""An item's history as staff read it: one entry per save, the item's own fields and its
parts (a centre's phones and hours, a warning's indicators) together, each entry with who,
when, why, and only what changed, shown as a visitor would see it; and undoing one entry.

Built on django-simple-history's records. One admin save writes a record for the item and
one for each part it changed; every record written while answering one request carries that
request's moment (`one_moment_per_request`), so a part's record joins the save with exactly
its item's date and user. Records written outside a request (the seed, scripts) have no
user; those closer than SAME_SAVE to the previous one are read as one save. A save that changed
nothing is left out, and a translated field shows once per language, not again as the field
it translates (which listed each change twice).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from simple_history.utils import get_history_manager_for_model, get_history_model_for_model

from .i18n import translated_fields
from .roles import parts

SAME_SAVE = datetime.timedelta(seconds=2)
EMPTY = "—"
# Bookkeeping, not content: never shown as a change, never undone.
NOT_SHOWN = {"id", "created_at", "updated_at", "order", "sort_order"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Record:
    """A historical record of the item (part None) or of one of its parts."""

    record: models.Model
    part: type[models.Model] | None = None


@dataclass
class Entry:
    """One save: its records (oldest first), the item's record before it, what changed,
    and the parts as they were before it (what an undo puts back)."""

    records: list[Record]
    before: models.Model | None = None  # the item's record before this save; None: created
    changes: list[Change] = field(default_factory=list)
    parts_before: dict = field(default_factory=dict)

    @property
    def user(self):
        return self.records[-1].record.history_user

    @property
    def date(self):
        return self.records[-1].record.history_date

    @property
    def history_id(self) -> int:
        return self.records[-1].record.history_id

    @property
    def reason(self) -> str:
        reasons = [r.record.history_change_reason for r in self.records]
        return next((reason for reason in reversed(reasons) if reason), "")

    @property
    def item_record(self):
        """The item's own record written by this save (its last, if it wrote several)."""
        own = [r.record for r in self.records if r.part is None]
        return own[-1] if own else None

    @property
    def created(self) -> bool:
        return self.before is None and self.item_record is not None

    def changed_parts(self) -> set:
        return {r.part for r in self.records if r.part is not None}


def shown_fields(model) -> list[models.Field]:
    """The fields staff edit, without bookkeeping and without a part's link to its item.
    A translated field shows once per language (title [ro]), not again as itself."""
    skipped = NOT_SHOWN | set(translated_fields(model))
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and f.name not in skipped and not f.many_to_one
    ]


def display(model_field: models.Field, value) -> str:
    """A stored value as a visitor reads it: a choice's label, yes/no, a local date."""
    if value is None or value == "" or value == []:
        return EMPTY
    if model_field.choices:
        labels = {str(key): str(label) for key, label in model_field.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    if isinstance(value, datetime.date):
        return formats.localize(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or EMPTY
    return str(value)


def _capfirst(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def _row_text(instance) -> str:
    """A part (one phone, one notice) in one line: its filled-in values, in form order;
    a ticked box by its label ("closed all day")."""
    values = []
    for f in shown_fields(type(instance)):
        value = getattr(instance, f.attname)
        if isinstance(value, bool):
            if value:
                values.append(str(f.verbose_name))
        elif value not in (None, ""):
            values.append(display(f, value))
    return " · ".join(values)


def part_lines(model, instances) -> dict[str, str]:
    """A kind of part as lines to compare: the weekly hours day by day (so that only the
    days that changed are shown), any other part as one list."""
    # Imported here: the centres app builds on this one, so this module loads first.
    from centres.models import OpeningHours, Weekday
    from centres.week import Week, day_text

    if model is OpeningHours:
        week = Week.from_rows(instances)
        return {
            f"{_('Opening hours')}: {Weekday(day).label}": day_text(spans)
            for day, spans in enumerate(week.days)
        }
    rows = sorted(_row_text(instance) for instance in instances)
    return {_capfirst(model._meta.verbose_name_plural): "\n".join(rows) or EMPTY}


def _item_changes(model, before, after) -> list[Change]:
    found = []
    for f in shown_fields(model):
        old = getattr(before, f.attname) if before is not None else None
        new = getattr(after, f.attname)
        if old != new and not (old in (None, "") and new in (None, "")):
            found.append(Change(_capfirst(f.verbose_name), display(f, old), display(f, new)))
    return found


def _state(records, until) -> dict:
    """Each part's latest record at `until` (deleted parts left out): pk -> instance."""
    state = {}
    for record in records:
        if record.history_date > until:
            break
        if record.history_type == "-":
            state.pop(record.id, None)
        else:
            state[record.id] = record.instance
    return state


def _link(part, model) -> str:
    """The name of the part's link to its item (a phone's `centre`)."""
    return next(
        f.name for f in part._meta.concrete_fields if f.many_to_one and f.related_model is model
    )


def _part_records(obj) -> dict:
    found = {}
    for part in parts(type(obj)):
        try:
            history = get_history_model_for_model(part)
        except NotHistoricalModelError:
            continue
        found[part] = list(
            history._default_manager.filter(**{f"{_link(part, type(obj))}_id": obj.pk})
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
    return found


def one_moment_per_request(sender, history_instance, **kwargs):
    """Every historical record written while answering one request gets the date of the
    first: an admin save's records (the item, its phones, its hours) share one moment."""
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return
    if not hasattr(request, "history_moment"):
        request.history_moment = history_instance.history_date
    history_instance.history_date = request.history_moment


def connect_signals() -> None:
    pre_create_historical_record.connect(
        one_moment_per_request, dispatch_uid="iom_romania.history.one_moment"
    )


def _saves(timeline: list[Record]) -> list[list[Record]]:
    """A save writes the item's record first, then its parts' records: each item record
    starts a save, and a part's record joins it when written by the same request (same
    person, same moment) or, outside a request (no person), within SAME_SAVE."""
    saves = []
    for row in timeline:
        if saves and row.part is not None:
            previous = saves[-1][-1].record
            same_user = row.record.history_user_id == previous.history_user_id
            gap = row.record.history_date - previous.history_date
            same_request = gap == datetime.timedelta(0)
            same_script = row.record.history_user_id is None and gap <= SAME_SAVE
            if same_user and (same_request or same_script):
                saves[-1].append(row)
                continue
        saves.append([row])
    return saves


def entries(obj) -> list[Entry]:
    """The item's saves, newest first, each with only what changed; saves that changed
    nothing are left out."""
    model = type(obj)
    own = get_history_manager_for_model(obj).select_related("history_user")
    part_records = _part_records(obj)
    timeline = [Record(r) for r in own.order_by("history_date", "history_id")]
    for part, records in part_records.items():
        timeline += [Record(r, part) for r in records]
    timeline.sort(key=lambda row: row.record.history_date)

    found, item_before = [], None
    for records in _saves(timeline):
        entry = Entry(records, before=item_before)
        just_before = records[0].record.history_date - datetime.timedelta(microseconds=1)
        item_after = entry.item_record or item_before
        if item_after is not None and not entry.created:
            entry.changes = _item_changes(model, item_before, item_after)
        for part, history in part_records.items():
            entry.parts_before[part] = _state(history, just_before)
            if part not in entry.changed_parts():
                continue
            before = part_lines(part, entry.parts_before[part].values())
            after = part_lines(part, _state(history, entry.date).values())
            entry.changes += [
                Change(label, before.get(label, EMPTY), text)
                for label, text in after.items()
                if before.get(label, EMPTY) != text
            ]
        item_before = item_after
        if entry.changes or entry.created:
            found.append(entry)
    return list(reversed(found))


def find(obj, history_id: int) -> Entry | None:
    return next((entry for entry in entries(obj) if entry.history_id == history_id), None)


def undo(obj, entry: Entry, reason: str) -> None:
    """Put back what `entry` changed, as it was before it, as one new save with `reason`:
    its fields, and each part it added (removed again), changed or removed (restored).
    Later changes to other fields and parts stay. The entry stays in the history."""
    model = type(obj)
    with transaction.atomic():
        after = entry.item_record
        if after is not None and entry.before is not None:
            for f in shown_fields(model):
                if getattr(entry.before, f.attname) != getattr(after, f.attname):
                    setattr(obj, f.attname, getattr(entry.before, f.attname))
        obj.save()
        for row in entry.records:
            if row.part is None:
                continue
            before = entry.parts_before[row.part].get(row.record.id)
            if before is None:
                row.part._default_manager.filter(pk=row.record.id).delete()
            else:
                before.save()
        set_reason(obj, reason)


def set_reason(obj, reason: str) -> None:
    """Give the item's save just made its reason ("why" in the history)."""
    record = get_history_manager_for_model(obj).order_by("-history_date", "-history_id")[0]
    record.history_change_reason = reason
    record.save(update_fields=["history_change_reason"])
