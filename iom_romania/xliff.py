"""Translators' files: export what a language lacks or has outdated as XLIFF 1.1, and
import the translated file back, checked unit by unit before anything is saved.

The file format is translate-toolkit's (`translate.storage.xliff`): nothing here writes XML.
Each unit's id is "<app>.<model>:<id>:<field>" and its source is the English as it was at
export; an import whose source no longer matches today's English is a conflict, never an
overwrite. `plan_import` finds every problem first; `apply_import` saves all the changes in
one transaction (each item's history records it) or none.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from lxml.etree import XMLSyntaxError
from translate.storage import xliff

from iom_romania.i18n import DEFAULT_LANGUAGE, translated_fields
from iom_romania.translation_status import (
    TRANSLATED_LANGUAGES,
    State,
    changed_fixed_parts,
    item_states,
    records_for,
    text_hash,
    translatable_models,
)

NEEDS_WORK = (State.MISSING, State.OUTDATED)


def unit_id(obj, field_name: str) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}:{field_name}"


def units_to_translate(objects, language: str, everything: bool = False):
    """(item, field) pairs the language lacks or has outdated (every translated field with
    English text when `everything`)."""
    objects = list(objects)
    records = records_for(objects, language)
    for obj in objects:
        for name, state in item_states(obj, [language], records)[language].items():
            if everything or state in NEEDS_WORK:
                yield obj, name


def all_items():
    for model in translatable_models():
        yield from model._default_manager.all()


def export_xliff(language: str, objects=None, everything: bool = False) -> bytes:
    """An XLIFF file for `language`: one unit per field to translate, with the current
    translation (if any, outdated) as its target for the translator to revise."""
    store = xliff.xlifffile(sourcelanguage=DEFAULT_LANGUAGE, targetlanguage=language)
    items = all_items() if objects is None else objects
    for obj, name in units_to_translate(items, language, everything):
        unit = store.addsourceunit(getattr(obj, f"{name}_{DEFAULT_LANGUAGE}"))
        unit.setid(unit_id(obj, name))
        current = getattr(obj, f"{name}_{language}", "")
        if current:
            unit.target = current
        # Context for the translator: which item and which of its texts.
        unit.addnote(f"{obj._meta.verbose_name}: {obj} ({obj._meta.get_field(name).verbose_name})")
    return bytes(store)


@dataclass
class Change:
    obj: models.Model
    field: str
    old: str
    new: str


@dataclass
class ImportPlan:
    language: str
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _find(identifier: str):
    """The item and field a unit id names, or None."""
    label, _sep, rest = identifier.partition(":")
    pk, _sep, name = rest.partition(":")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if model not in translatable_models() or name not in translated_fields(model):
        return None
    if not pk.isdigit():
        return None
    obj = model._default_manager.filter(pk=pk).first()
    return (obj, name) if obj is not None else None


def plan_import(data: bytes, language: str) -> ImportPlan:
    """Every change the file would make, and every reason it cannot be imported."""
    plan = ImportPlan(language)
    try:
        store = xliff.xlifffile.parsestring(data)
    except (XMLSyntaxError, ValueError, TypeError):
        plan.errors.append(_("This is not an XLIFF file the portal can read."))
        return plan
    found_language = (store.gettargetlanguage() or "").split("-")[0].lower()
    if found_language != language or language not in TRANSLATED_LANGUAGES:
        plan.errors.append(
            _("The file is for “%(found)s”, not for %(language)s.")
            % {
                "found": found_language or "?",
                "language": get_language_info(language)["name_translated"],
            }
        )
        return plan
    units = [unit for unit in store.getunits() if unit.source]
    if not units:
        plan.errors.append(_("The file has no text to import."))
    for unit in units:
        identifier = unit.getid().rpartition(xliff.ID_SEPARATOR)[2]
        found = _find(identifier)
        if found is None:
            plan.errors.append(_("%(id)s: no such text on the portal.") % {"id": identifier})
            continue
        obj, name = found
        english = getattr(obj, f"{name}_{DEFAULT_LANGUAGE}") or ""
        target = (unit.target or "").strip()
        if text_hash(unit.source) != text_hash(english):
            plan.errors.append(
                _("%(id)s: the English changed since the file was made; export it again.")
                % {"id": identifier}
            )
        elif not target:
            plan.errors.append(_("%(id)s: the translation is empty.") % {"id": identifier})
        elif changed := changed_fixed_parts(english, target):
            plan.errors.append(
                _("%(id)s: numbers, links or placeholders differ from the English: %(parts)s")
                % {"id": identifier, "parts": ", ".join(changed)}
            )
        else:
            old = getattr(obj, f"{name}_{language}") or ""
            if old != target:
                plan.changes.append(Change(obj, name, old, target))
    return plan


@transaction.atomic
def apply_import(plan: ImportPlan) -> int:
    """Save every change of an error-free plan, one save per item; returns items saved."""
    assert not plan.errors, "a plan with errors is never applied"
    by_item = {}
    for change in plan.changes:
        by_item.setdefault((type(change.obj), change.obj.pk), []).append(change)
    for changes in by_item.values():
        obj = type(changes[0].obj)._default_manager.select_for_update().get(pk=changes[0].obj.pk)
        for change in changes:
            setattr(obj, f"{change.field}_{plan.language}", change.new)
        obj.save()
    return len(by_item)
