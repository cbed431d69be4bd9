"""Site search: published content of every registered type, in the reader's language.

PostgreSQL: full-text search (django.contrib.postgres.search) over unaccented text, so
"Brasov" finds "Brașov", ranked with the title weighted highest; a title match always
comes first. Other databases (the SQLite smoke run): a plain case-insensitive match.

Add a type with `register(SearchableType("app.Model", ...))`; its rows must have a
`.published()` queryset and `get_absolute_url()`. Reading a translated field falls back
to English, so searching does too.
"""

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import FloatField, Func, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .i18n import DEFAULT_LANGUAGE, current_language, translated_fields
from .markdown import render_markdown

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
        """The named fields the model has: a renamed field drops out instead of failing."""
        have = {f.name for f in self.model._meta.get_fields()}
        return tuple(name for name in names if name in have)

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


def unaccent(text: str) -> str:
    """Strip accents the way PostgreSQL's unaccent does for our languages: ș -> s, ă -> a."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Both run over the whole text of every result on every search: the same texts each time
# until someone edits them, so they are remembered per process.
@functools.lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    return unaccent(text).casefold()


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


def _available(searchable: SearchableType) -> bool:
    try:
        searchable.model  # noqa: B018 - a type may name an app that is not installed
    except LookupError:
        return False
    return True


# Stand-ins for the two values that change between searches, so that the SQL of a type's
# search is built once per language: building it through the ORM (a vector of unaccented,
# weighted columns with fallbacks) costs several times what PostgreSQL takes to run it.
QUERY_MARK = "\x00search-query\x00"
NOW_MARK = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def _postgres_rows(searchable, query: str, language: str):
    sql, params = _postgres_sql(searchable.model_label, language)
    now = timezone.now()
    params = [query if p == QUERY_MARK else now if p == NOW_MARK else p for p in params]
    return searchable.model.objects.raw(sql, params)


@functools.lru_cache(maxsize=256)
def _postgres_sql(model_label: str, language: str) -> tuple[str, tuple]:
    searchable = next(s for s in REGISTRY if s.model_label == model_label)
    return _postgres_queryset(searchable, QUERY_MARK, language, NOW_MARK).query.sql_with_params()


def _postgres_queryset(searchable, query: str, language: str, now):
    model = searchable.model

    def vector(name, weight):
        text = Func(_column(model, name, language), function="unaccent", output_field=TextField())
        return SearchVector(text, weight=weight, config="simple")

    document = vector(searchable.title_field, "A")
    for name in searchable.fields(searchable.text_fields):
        document += vector(name, "B")
    for name in searchable.fields(searchable.extra_fields):
        document += vector(name, "C")
    search_query = SearchQuery(
        Func(Value(query), function="unaccent", output_field=TextField()),
        config="simple",
        search_type="websearch",
    )
    # Only what a result shows (title, snippet texts, the address's slug): these tables are
    # wide, every translated field being a column per language.
    shown = (searchable.title_field, *searchable.fields(searchable.text_fields))
    shown += (*searchable.fields(searchable.extra_fields), *searchable.fields(("slug",)))
    return (
        model.objects.published(now)
        .only(*shown)
        .annotate(search=document, rank=SearchRank(document, search_query))
        .filter(search=search_query)
        .order_by("-rank", "pk")[: MAX_PER_TYPE * 2]
    )


def _simple_rows(searchable, query: str, language: str):
    model = searchable.model
    names = searchable.fields(
        (searchable.title_field, *searchable.text_fields, *searchable.extra_fields)
    )
    match = Q(pk__in=[])
    for name in names:
        columns = [name]
        if name in translated_fields(model):
            columns = [f"{name}_{language}", f"{name}_{DEFAULT_LANGUAGE}"]
        for column in columns:
            match |= Q(**{f"{column}__icontains": query})
    return (
        model.objects.published()
        .filter(match)
        .annotate(rank=Value(0.0, output_field=FloatField()))
        .order_by("pk")[: MAX_PER_TYPE * 2]
    )


@functools.lru_cache(maxsize=4096)
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
    rows_for = _postgres_rows if connection.vendor == "postgresql" else _simple_rows
    folded_query = normalise(query)
    groups = []
    for searchable in REGISTRY:
        if not _available(searchable):
            continue
        rows = list(rows_for(searchable, query, language))

        def title_first(row, searchable=searchable):
            title = normalise(getattr(row, searchable.title_field) or "")
            return (folded_query not in title, -row.rank)

        rows.sort(key=title_first)
        results = []
        for row in rows[:MAX_PER_TYPE]:
            text = _snippet_source(row, searchable, query)
            results.append(
                Result(
                    title=getattr(row, searchable.title_field),
                    url=row.get_absolute_url(),
                    snippet=snippet(text, query),
                )
            )
        if results:
            best = max(row.rank for row in rows)
            groups.append((best, len(groups), Group(searchable.label, results)))
    groups.sort(key=lambda item: (-item[0], item[1]))
    return [group for _best, _order, group in groups]
