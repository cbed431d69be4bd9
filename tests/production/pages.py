"""The public pages the production tests walk, and a way to multiply the content.

Pages come from the seed data and the URL names the apps define, so pages other issues add
are covered by adding their URL name (or a URL) here. A URL name that no longer exists fails
(NoReverseMatch): a rename cannot quietly take a page out of every test.
"""

from django.core.serializers import sort_dependencies
from django.db import models
from django.urls import reverse

from alerts.models import ScamAlert
from centres.models import Centre
from iom_romania import page_cache
from iom_romania.publishing import PublishableModel
from programmes.models import ProgrammeArea, Project

# Extra pages (search, lookups, feeds, forms).
OPTIONAL_PAGES = [
    ("search", {}, "?q=brasov"),
    ("centres:centre_list", {}, "?q=brasov"),
    ("alerts:check", {}, ""),
    ("alerts:how_to_check", {}, ""),
    ("alerts:report", {}, ""),
    ("contact", {}, ""),
    ("alerts:feed_rss", {}, ""),
    ("alerts:feed_atom", {}, ""),
    ("alerts:feed_cap", {}, ""),
    ("alerts:alert_cap", {"slug": "internet-scams"}, ""),
]

# Machine-readable files and site files, outside the language prefix: walked for headers and
# bad input, but not held to the page budgets.
OPTIONAL_FILES = [
    ("sitemap", {}, ""),
    ("robots_txt", {}, ""),
    ("centres_export:centres_geojson", {}, ""),
    ("centres_export:centres_hsds", {}, ""),
    ("centres_export:centre_vcard", {"slug": "brasov"}, ""),
    ("web_manifest", {}, ""),
    ("service_worker", {}, ""),
]

# Queries per uncached page. Target 6, with the home page at 7, a fixed count (one query per
# table shown): sections, facts, areas, their projects, centres, initiatives, the warning.
# Centre pages show each centre's phones, messaging links, weekly hours, exceptions and
# notices: one query for each of those five tables, however many centres (no copy of them is
# kept on the centre any more). The finder offers only the services and languages some
# centre has (one query each). The full list also counts the centres for its pagination; a
# lookup reads the gazetteer (two queries) the first time in each process.
# A page whose text is translated reads that text's review states, for the "not yet checked"
# and "older version" notices: one query more, in every language but English.
TRANSLATION_STATES = 1
DEFAULT_QUERY_BUDGET = 6
QUERY_BUDGET = {
    "home": 7 + TRANSLATION_STATES,
    "centres:centre_list": 10,
    "centres:centre_detail": 8 + TRANSLATION_STATES,  # + the centre's notices
    "alerts:alert_detail": DEFAULT_QUERY_BUDGET + TRANSLATION_STATES,
}


def public_files() -> list[tuple[str, str]]:
    """(url name, address) of every optional machine-readable file that exists."""
    return [(name, reverse(name, kwargs=kwargs) + query) for name, kwargs, query in OPTIONAL_FILES]


def public_pages(language: str = "en") -> list[tuple[str, str]]:
    """(url name, address) of one page of each kind, plus every optional page that exists."""
    from django.utils import translation

    def first(model):
        return model.objects.published().first().get_absolute_url()

    with translation.override(language):
        pages = [
            ("home", reverse("home")),
            ("programmes:area_detail", first(ProgrammeArea)),
            ("programmes:project_list", reverse("programmes:project_list")),
            ("programmes:project_detail", first(Project)),
            ("centres:centre_list", reverse("centres:centre_list")),
            ("centres:centre_detail", first(Centre)),
            ("alerts:alert_list", reverse("alerts:alert_list")),
            ("alerts:alert_detail", first(ScamAlert)),
        ]
        for name, kwargs, query in OPTIONAL_PAGES:
            pages.append((name, reverse(name, kwargs=kwargs) + query))
    return pages


def multiply_content(times: int) -> None:
    """Copy every public content row `times` times, with child rows and many-to-many links.

    Generic over the models of the content apps so models other issues add are multiplied
    too: each copy gets unique slugs, and its foreign keys point at the copies made in the
    same round when the target is copied as well.
    """
    content = [
        model
        for model in page_cache.content_models()
        if issubclass(model, PublishableModel) and not model._meta.proxy
    ]
    children = [
        model
        for model in page_cache.content_models()
        if model not in content
        and not model._meta.auto_created
        and any(
            field.many_to_one and field.related_model in content
            for field in model._meta.concrete_fields
        )
    ]
    ordered = sort_dependencies([(None, content + children)], allow_cycles=True)
    copies: dict[tuple[type, int, int], int] = {}
    for model in ordered:
        originals = list(model._base_manager.all())
        for round_number in range(1, times):
            new_rows = []
            for original in originals:
                row = _copy_row(original, round_number, copies)
                if row is not None:
                    new_rows.append((original.pk, row))
            created = model._base_manager.bulk_create([row for _, row in new_rows])
            for (old_pk, _), row in zip(new_rows, created, strict=True):
                copies[(model, old_pk, round_number)] = row.pk
    for model in ordered:
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            links = list(through.objects.values_list(f"{source}_id", f"{target}_id"))
            new_links = []
            for round_number in range(1, times):
                for source_pk, target_pk in links:
                    source_copy = copies.get((model, source_pk, round_number))
                    if source_copy is None:
                        continue
                    target_copy = copies.get(
                        (field.related_model, target_pk, round_number), target_pk
                    )
                    new_links.append(
                        through(**{f"{source}_id": source_copy, f"{target}_id": target_copy})
                    )
            through.objects.bulk_create(new_links, ignore_conflicts=True)


def _copy_row(original, round_number, copies):
    row = type(original)()
    for field in original._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(original, field.attname)
        if field.many_to_one and value is not None:
            value = copies.get((field.related_model, value, round_number), value)
        elif field.unique and value is not None:
            if isinstance(field, models.CharField):  # slugs, codes
                suffix = f"-x{round_number}"
                value = str(value)[: field.max_length - len(suffix)] + suffix
            elif isinstance(field, models.UUIDField):
                import uuid

                value = uuid.uuid4()
            else:
                return None
        setattr(row, field.attname, value)
    return row
