"""Site search: published content of every registered type, in the reader's language.

PostgreSQL: full-text search (django.contrib.postgres.search) over unaccented text, so
"Brasov" finds "Brașov", ranked with the title weighted highest; a title match always
comes first. Each item's vector per language is stored in SearchDocument (kept current on
save and delete, rebuilt after `migrate`), so a search reads one indexed table; the matched
items themselves come from their type's `published()`. Other databases (the SQLite smoke
run): a match of the text folded the same way (iom_romania/text.py, as an SQL function), so
"Brasov", "Braşov" (cedilla) and "Brașov" (comma below) find the same items there too.

Add a type with `register(SearchableType("app.Model", ...))`; its rows must have a
`.published()` queryset and `get_absolute_url()`. Reading a translated field falls back
to English, so searching does too. A registered model or field that does not exist (say,
after a rename) stops the site at start-up (`check_registry`), never drops out quietly.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Func, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.db.models.lookups import Contains
from django.db.models.signals import post_delete, post_save
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .i18n import DEFAULT_LANGUAGE, current_language, translated_fields
from .markdown import render_markdown
from .models import SearchDocument
from .text import fold, strip_diacritics

MAX_PER_TYPE = 20
SNIPPET_CHARS = 220


@dataclass
class SearchableType:
    model_label: str  # "app_label.ModelName"
    title_field: str
    text_fields: tuple[str, ...] = ()  # searched with a lower weight; the first gives snippets
    extra_fields: tuple[str, ...] = field(default=())  # e.g. a city: searched, lowest weight

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def fields(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The named fields, each checked: FieldDoesNotExist for one the model lacks."""
        for name in names:
            self.model._meta.get_field(name)
        return names

    def check(self) -> None:
        """LookupError or FieldDoesNotExist if the model or a field is not there."""
        self.fields((self.title_field, *self.text_fields, *self.extra_fields))

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()


REGISTRY: list[SearchableType] = []


def register(searchable: SearchableType) -> None:
    REGISTRY.append(searchable)


register(SearchableType("programmes.ProgrammeArea", "title", ("summary", "body")))
register(SearchableType("programmes.Project", "title", ("summary", "body", "funders"), ("period",)))
register(
    SearchableType(
        "centres.Centre",
        "name",
        ("description", "how_to_get_there", "hours_note"),
        ("city", "county", "address", "partner_organisation"),
    )
)
register(SearchableType("alerts.ScamAlert", "title", ("summary", "body")))
register(SearchableType("programmes.Initiative", "title", ("summary",)))


@dataclass
class Result:
    title: str
    url: str
    snippet: SafeString


@dataclass
class Group:
    label: str
    results: list[Result]


# The one folding of the site (iom_romania/text.py), shared with the centre finder.
unaccent = strip_diacritics
normalise = fold


def _column(model, name: str, language: str):
    """The field in the reader's language, falling back to English, as an expression."""
    text = TextField()
    if name not in translated_fields(model):
        return Coalesce(Cast(name, text), Value(""), output_field=text)
    if language == DEFAULT_LANGUAGE:
        return Coalesce(Cast(f"{name}_{language}", text), Value(""), output_field=text)
    return Coalesce(
        NullIf(Cast(f"{name}_{language}", text), Value("")),
        Cast(f"{name}_{DEFAULT_LANGUAGE}", text),
        Value(""),
        output_field=text,
    )


# Matches read from the index per search, before the published ones are kept: a word that
# is in every item still gives a full page of results.
MAX_MATCHES = 1000


def _document(searchable: SearchableType, language: str):
    """The item's words in `language` (English where not translated), weighted: title A,
    texts B, extra fields C; unaccented, in the "simple" configuration (no stemming) since
    no one stemmer suits eight languages."""
    model = searchable.model

    def vector(name, weight):
        text = Func(_column(model, name, language), function="unaccent", output_field=TextField())
        return SearchVector(text, weight=weight, config="simple")

    document = vector(searchable.title_field, "A")
    for name in searchable.fields(searchable.text_fields):
        document += vector(name, "B")
    for name in searchable.fields(searchable.extra_fields):
        document += vector(name, "C")
    return document


def _searchable_for(model) -> SearchableType | None:
    return next((s for s in REGISTRY if s.model_label == model._meta.label), None)


def index_items(searchable: SearchableType, pks=None) -> None:
    """Store the vectors of the type's rows (all, or those in `pks`) in every language."""
    if connection.vendor != "postgresql":
        return
    rows = searchable.model._base_manager.all()
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    languages = [language for language, _name in settings.LANGUAGES]
    vectors = {language: _document(searchable, language) for language in languages}
    documents = [
        SearchDocument(
            model_label=searchable.model_label,
            object_id=row["pk"],
            language=language,
            vector=row[language],
        )
        for row in rows.values("pk", **vectors)
        for language in languages
    ]
    SearchDocument.objects.bulk_create(
        documents,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["model_label", "object_id", "language"],
        update_fields=["vector"],
    )


def rebuild_index() -> None:
    """Index every row of every type afresh: after `migrate`, and by `rebuild_search_index`."""
    if connection.vendor != "postgresql":
        return
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        for searchable in REGISTRY:
            index_items(searchable)


def rebuild_index_after_migrate(**kwargs) -> None:
    # Not when migrating back to before the index's own table.
    if SearchDocument._meta.db_table in connection.introspection.table_names():
        rebuild_index()


def item_saved(sender, instance, **kwargs) -> None:
    searchable = _searchable_for(sender)
    if searchable is not None:
        index_items(searchable, [instance.pk])


def item_deleted(sender, instance, **kwargs) -> None:
    searchable = _searchable_for(sender)
    if searchable is not None and connection.vendor == "postgresql":
        SearchDocument.objects.filter(
            model_label=searchable.model_label, object_id=instance.pk
        ).delete()


def check_registry() -> None:
    """Every registered type's model and fields exist (LookupError, FieldDoesNotExist)."""
    for searchable in REGISTRY:
        searchable.check()


def connect_signals() -> None:
    check_registry()
    for searchable in REGISTRY:
        model = searchable.model
        post_save.connect(item_saved, sender=model, dispatch_uid=f"search_{model}")
        post_delete.connect(item_deleted, sender=model, dispatch_uid=f"search_{model}")


# Written out rather than built with the ORM on every search: building it costs more than
# PostgreSQL takes to run it. The same as filtering SearchDocument on a websearch
# SearchQuery of the unaccented words and annotating SearchRank.
MATCHES_SQL = """
    SELECT model_label, object_id, ts_rank(vector, query) AS rank
    FROM iom_romania_searchdocument,
         websearch_to_tsquery('simple'::regconfig, unaccent(%s)) AS query
    WHERE language = %s AND vector @@ query
    ORDER BY rank DESC, object_id
    LIMIT %s
"""


def _matches(query: str, language: str) -> dict[str, list[tuple[int, float]]]:
    """(pk, rank) of every indexed item that matches, best first, by type."""
    with connection.cursor() as cursor:
        cursor.execute(MATCHES_SQL, [query, language, MAX_MATCHES])
        rows = cursor.fetchall()
    matches = {}
    for model_label, pk, rank in rows:
        matches.setdefault(model_label, []).append((pk, rank))
    return matches


def _published_items(searchable: SearchableType, pks: list[int]) -> dict:
    """The type's published items among `pks`, by pk, with only what a result shows (these
    tables are wide: every translated field is a column per language)."""
    shown = (searchable.title_field, *searchable.text_fields, *searchable.extra_fields, "slug")
    items = searchable.model.objects.published().filter(pk__in=pks).only(*shown)
    return {item.pk: item for item in items}


def _postgres_rows(searchable, matches) -> list[tuple]:
    published = _published_items(searchable, [pk for pk, _rank in matches]) if matches else {}
    found = [(published[pk], rank) for pk, rank in matches if pk in published]
    return found[: MAX_PER_TYPE * 2]


def _simple_rows(searchable, query: str, language: str) -> list[tuple]:
    """Items whose folded text contains the folded query: diacritics and case ignored, as
    on PostgreSQL (`fold` is the SQL function apps.py gives SQLite)."""
    model = searchable.model
    names = searchable.fields(
        (searchable.title_field, *searchable.text_fields, *searchable.extra_fields)
    )
    folded_query = normalise(query)
    match = Q(pk__in=[])
    for name in names:
        columns = [name]
        if name in translated_fields(model):
            columns = [f"{name}_{language}", f"{name}_{DEFAULT_LANGUAGE}"]
        for column in columns:
            folded = Func(Cast(column, TextField()), function="fold", output_field=TextField())
            match |= Q(Contains(folded, folded_query))
    items = model.objects.published().filter(match).order_by("pk")[: MAX_PER_TYPE * 2]
    return [(item, 0.0) for item in items]


def _plain_text(text: str) -> str:
    return " ".join(strip_tags(render_markdown(text)).split())


def snippet(text: str, query: str) -> SafeString:
    """About SNIPPET_CHARS of plain text around the first query word, words marked."""
    plain = _plain_text(text)
    words = [normalise(word) for word in re.findall(r"\w+", query) if len(word) > 1]
    folded = normalise(plain)
    # Positions in `folded` match `plain` only when stripping accents kept the length.
    if len(folded) != len(plain):
        folded = plain.casefold()
    positions = [folded.find(word) for word in words if folded.find(word) >= 0]
    start = max(min(positions, default=0) - SNIPPET_CHARS // 3, 0)
    if start:
        start = plain.find(" ", start) + 1 or start
    excerpt = plain[start : start + SNIPPET_CHARS]
    folded_excerpt = folded[start : start + SNIPPET_CHARS]
    pieces, cursor = [], 0
    if words:
        pattern = re.compile("|".join(re.escape(word) for word in words))
        for found in pattern.finditer(folded_excerpt):
            pieces.append(escape(excerpt[cursor : found.start()]))
            pieces.append(f"<mark>{escape(excerpt[found.start() : found.end()])}</mark>")
            cursor = found.end()
    pieces.append(escape(excerpt[cursor:]))
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_CHARS < len(plain) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece escaped


def _snippet_source(row, searchable, query: str) -> str:
    """The first text that contains a query word, else the first text that is not empty."""
    texts = [getattr(row, name) or "" for name in searchable.fields(searchable.text_fields)]
    extras = [str(getattr(row, name) or "") for name in searchable.fields(searchable.extra_fields)]
    texts = [text for text in [*texts, ", ".join(e for e in extras if e)] if text.strip()]
    words = [normalise(word) for word in re.findall(r"\w+", query) if len(word) > 1]
    for text in texts:
        folded = normalise(text)
        if any(word in folded for word in words):
            return text
    return texts[0] if texts else ""


def search(query: str) -> list[Group]:
    """Published items matching `query`, grouped by type; the best group first."""
    query = " ".join(query.split())[:200]
    if not query:
        return []
    language = current_language()
    postgres = connection.vendor == "postgresql"
    matches = _matches(query, language) if postgres else {}
    folded_query = normalise(query)
    groups = []
    for searchable in REGISTRY:
        if postgres:
            rows = _postgres_rows(searchable, matches.get(searchable.model_label, []))
        else:
            rows = _simple_rows(searchable, query, language)

        def title_first(row, searchable=searchable):
            item, rank = row
            title = normalise(getattr(item, searchable.title_field) or "")
            return (folded_query not in title, -rank)

        rows.sort(key=title_first)
        results = []
        for item, _rank in rows[:MAX_PER_TYPE]:
            text = _snippet_source(item, searchable, query)
            results.append(
                Result(
                    title=getattr(item, searchable.title_field),
                    url=item.get_absolute_url(),
                    snippet=snippet(text, query),
                )
            )
        if results:
            best = max(rank for _item, rank in rows)
            groups.append((best, len(groups), Group(searchable.label, results)))
    groups.sort(key=lambda item: (-item[0], item[1]))
    return [group for _best, _order, group in groups]
