"""Where each content translation stands, and what a translation must keep from its source.

Each translated field of each item, in each language, is in one of four states:
missing (no text), outdated (the English changed since it was translated), not reviewed,
or reviewed (someone at the office checked it against the current English). The state is
kept in `ContentTranslation` rows, written here whenever a translated item is saved.

Outdated translations stay on the public page with an "older version" note: a migrant is
better served by a slightly old text in their language than by English.

A translation is checked against its English: numbers, web and e-mail addresses, Markdown
link targets and placeholders are the same in every language (`fixed_parts`).
"""

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from iom_romania.i18n import DEFAULT_LANGUAGE, translated_fields

# Languages the office writes itself: their text counts as reviewed when it is saved.
OFFICE_LANGUAGES = ("ro",)
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != DEFAULT_LANGUAGE]


class State(models.TextChoices):
    # Worst first: an item's state in a language is that of its worst field.
    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Outdated")
    NOT_REVIEWED = "not_reviewed", _("Not reviewed")
    REVIEWED = "reviewed", _("Reviewed")


STATE_ORDER = list(State)


def text_hash(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def translatable_models() -> list[type[models.Model]]:
    """Every model with translated fields, by app and name."""
    return sorted(translator.get_registered_models(abstract=False), key=lambda m: m._meta.label)


def worst(states: Iterable[State]) -> State | None:
    found = list(states)
    return min(found, key=STATE_ORDER.index) if found else None


def records_for(objects: Iterable[models.Model], language: str | None = None) -> dict:
    """(content type id, object id, field, language) -> ContentTranslation, in one query."""
    from iom_romania.models import ContentTranslation

    by_type = defaultdict(list)
    for obj in objects:
        by_type[ContentType.objects.get_for_model(type(obj)).pk].append(obj.pk)
    if not by_type:
        return {}
    query = models.Q(pk__in=[])
    for type_id, ids in by_type.items():
        query |= models.Q(content_type_id=type_id, object_id__in=ids)
    rows = ContentTranslation.objects.filter(query).select_related("reviewed_by")
    if language:
        rows = rows.filter(language=language)
    return {(r.content_type_id, r.object_id, r.field, r.language): r for r in rows}


def field_state(obj, field: str, language: str, record) -> State | None:
    """The state of one field in one language; None when there is no English to translate."""
    english = getattr(obj, f"{field}_{DEFAULT_LANGUAGE}", "") or ""
    if not english:
        return None
    if not getattr(obj, f"{field}_{language}", ""):
        return State.MISSING
    if record is None:  # translated before states were kept: nobody checked it
        return State.NOT_REVIEWED
    if record.source_hash != text_hash(english):
        return State.OUTDATED
    return State.REVIEWED if record.reviewed_at else State.NOT_REVIEWED


def item_states(obj, languages=None, records=None) -> dict[str, dict[str, State]]:
    """language -> {field: state} for every translated field that has English text."""
    languages = languages or TRANSLATED_LANGUAGES
    if records is None:
        records = records_for([obj])
    type_id = ContentType.objects.get_for_model(type(obj)).pk
    found = {}
    for language in languages:
        states = {}
        for field in translated_fields(type(obj)):
            record = records.get((type_id, obj.pk, field, language))
            state = field_state(obj, field, language, record)
            if state is not None:
                states[field] = state
        found[language] = states
    return found


def missing_languages(model, value) -> list[str]:
    """Languages in which some field that has English text has none; `value(column)` gives
    the text of a column such as "title_uk" (from a form being saved, or from the row)."""
    fields = [name for name in translated_fields(model) if value(f"{name}_{DEFAULT_LANGUAGE}")]
    return [
        code for code in TRANSLATED_LANGUAGES if any(not value(f"{name}_{code}") for name in fields)
    ]


@dataclass
class BoardRow:
    model: type[models.Model]
    obj: models.Model
    states: dict[str, State | None]  # language -> worst state of its fields (None: no English)


def board(labels=None, languages=None) -> list[BoardRow]:
    """Every item with English text to translate, and its state in each language: one query
    per model for the items and one for their states."""
    languages = languages or TRANSLATED_LANGUAGES
    rows = []
    for model in translatable_models():
        if labels and model._meta.label not in labels:
            continue
        objects = list(model._default_manager.all())
        records = records_for(objects)
        for obj in objects:
            states = item_states(obj, languages, records)
            if any(states.values()):
                rows.append(
                    BoardRow(model, obj, {code: worst(states[code].values()) for code in languages})
                )
    return rows


def record_translations(obj) -> None:
    """Bring `obj`'s ContentTranslation rows in line with its text: a translation saved
    with new text is made from today's English and starts as not reviewed (reviewed for the
    office's own languages); an emptied one loses its row. A changed English alone changes
    nothing here: the stored source hash no longer matches, so the translation is outdated."""

    fields = translated_fields(type(obj))
    if not fields or obj.pk is None:
        return
    content_type = ContentType.objects.get_for_model(type(obj))
    records = records_for([obj])
    now = timezone.now()
    for field in fields:
        english = getattr(obj, f"{field}_{DEFAULT_LANGUAGE}", "") or ""
        for language in TRANSLATED_LANGUAGES:
            text = getattr(obj, f"{field}_{language}", "") or ""
            record = records.get((content_type.pk, obj.pk, field, language))
            if not text or not english:
                if record is not None:
                    record.delete()
                continue
            if record is not None and record.translation_hash == text_hash(text):
                continue
            reviewed_at = now if language in OFFICE_LANGUAGES else None
            _save_state(obj, field, language, None, reviewed_at)


@transaction.atomic
def mark_reviewed(obj, language: str, user) -> int:
    """Someone checked `obj`'s `language` text against today's English: every translated
    field is reviewed (and no longer outdated). Returns how many fields were marked."""
    marked = 0
    for field in translated_fields(type(obj)):
        english = getattr(obj, f"{field}_{DEFAULT_LANGUAGE}", "") or ""
        text = getattr(obj, f"{field}_{language}", "") or ""
        if not english or not text:
            continue
        _save_state(obj, field, language, user, timezone.now())
        marked += 1
    return marked


def _save_state(obj, field: str, language: str, reviewed_by, reviewed_at) -> None:
    """The field's translation, as it is now, made from today's English."""
    from iom_romania.models import ContentTranslation

    ContentTranslation.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        field=field,
        language=language,
        defaults={
            "source_hash": text_hash(getattr(obj, f"{field}_{DEFAULT_LANGUAGE}", "")),
            "translation_hash": text_hash(getattr(obj, f"{field}_{language}", "")),
            "reviewed_by": reviewed_by,
            "reviewed_at": reviewed_at,
        },
    )


def translation_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    fields = translated_fields(sender)
    if raw or not fields:
        return
    if update_fields is not None:
        names = {name.rpartition("_")[0] for name in update_fields} | set(update_fields)
        if not names & set(fields):
            return
    record_translations(instance)


def connect_signals() -> None:
    post_save.connect(translation_saved, dispatch_uid="iom_romania.translation_status")


# A number with its group separators ("3,000", "3 000", "3.000" are one number: each
# language writes thousands its own way); digits of any script count as the same digit.
NUMBER = re.compile(r"\d+(?:[,.\u00a0\u202f ]\d{3})*(?![\d])")
URL = re.compile(r"https?://[^\s<>()\]]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MARKDOWN_LINK_TARGET = re.compile(r"\]\(([^)\s]+)")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _digits(number: str) -> str:
    return "".join(str(int(char)) for char in number if char.isdecimal())


def fixed_parts(text: str) -> Counter:
    """What a translation of `text` must contain unchanged, counted: numbers (phones and
    dates included), URLs, e-mail addresses, Markdown link targets, placeholders."""
    text = text or ""
    links = [match.rstrip(".,;:") for match in URL.findall(text)]
    parts = [f"url:{link}" for link in links]
    parts += [f"email:{address}" for address in EMAIL.findall(text)]
    parts += [f"link:{target}" for target in MARKDOWN_LINK_TARGET.findall(text)]
    parts += [f"placeholder:{name}" for name in PLACEHOLDER.findall(text)]
    # Numbers inside the addresses above are counted with their address, not again.
    rest = PLACEHOLDER.sub(" ", MARKDOWN_LINK_TARGET.sub(" ", EMAIL.sub(" ", URL.sub(" ", text))))
    parts += [f"number:{_digits(number)}" for number in NUMBER.findall(rest)]
    return Counter(parts)


def changed_fixed_parts(source: str, translation: str) -> list[str]:
    """The fixed parts of `source` missing from `translation`, and those it added."""
    expected, found = fixed_parts(source), fixed_parts(translation)
    missing = expected - found
    added = found - expected
    return sorted(f"-{part}" for part in missing.elements()) + sorted(
        f"+{part}" for part in added.elements()
    )
