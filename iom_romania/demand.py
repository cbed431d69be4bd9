"""The demand report: what the counted lookups and page views say, for the staff area.

Reads UsageCount (written by iom_romania/usage.py). Plain functions returning plain data; the
charts' geometry is computed here, their SVG markup is in templates/admin/demand/.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum

from .models import UsageCount
from .usage import LOOKUP_KINDS

# A text that matched nothing is shown only once this many different days have it, so what
# one person typed once (a name, a number) never appears.
MIN_DAYS_FOR_TEXT = 3
FAR_KM = 100.0
TOP = 20
CHART_WIDTH = 640
CHART_HEIGHT = 200
BAR_ROW = 22
# One colour per language, in the order of settings.LANGUAGES; dark enough for white text
# and told apart by the legend's labels as well.
COLOURS = ("#1f5fa8", "#b3261e", "#2e7d32", "#6a1b9a", "#8d5a00", "#00695c", "#ad1457", "#37474f")


@dataclass
class Filters:
    start: dt.date
    end: dt.date
    language: str = ""

    def rows(self):
        rows = UsageCount.objects.filter(day__gte=self.start, day__lte=self.end)
        if self.language:
            rows = rows.filter(language=self.language)
        return rows


@dataclass
class Bar:
    label: str
    value: int
    y: int = 0
    width: float = 0.0
    detail: str = ""


@dataclass
class WeekColumn:
    week: dt.date
    x: float
    width: float
    total: int
    segments: list[dict] = field(default_factory=list)


def weekly_lookups(filters: Filters) -> dict:
    """Lookups per week (weeks start on Monday) by language, as stacked columns."""
    sums = (
        filters.rows()
        .filter(kind__in=LOOKUP_KINDS)
        .values("day", "language")
        .annotate(n=Sum("count"))
    )
    by_week: dict[dt.date, Counter] = defaultdict(Counter)
    for row in sums:
        week = row["day"] - dt.timedelta(days=row["day"].weekday())
        by_week[week][row["language"]] += row["n"]
    languages = [code for code, _name in settings.LANGUAGES]
    colour = dict(zip(languages, COLOURS, strict=False))
    weeks = sorted(by_week)
    tallest = max((sum(c.values()) for c in by_week.values()), default=0)
    step = CHART_WIDTH / max(len(weeks), 1)
    columns = []
    for index, week in enumerate(weeks):
        counts = by_week[week]
        column = WeekColumn(week, index * step + step * 0.1, step * 0.8, sum(counts.values()))
        top = CHART_HEIGHT
        for language in languages:
            if not counts[language]:
                continue
            height = CHART_HEIGHT * counts[language] / tallest
            top -= height
            column.segments.append(
                {
                    "language": language,
                    "count": counts[language],
                    "y": round(top, 1),
                    "height": round(height, 1),
                    "colour": colour[language],
                }
            )
        columns.append(column)
    used = {s["language"] for column in columns for s in column.segments}
    return {
        "columns": columns,
        "tallest": tallest,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "legend": [(code, name, colour[code]) for code, name in settings.LANGUAGES if code in used],
    }


def bars(items: list[tuple[str, int, str]]) -> dict:
    """Horizontal bars for (label, value, detail) rows, longest first as given."""
    largest = max((value for _label, value, _detail in items), default=0)
    rows = []
    for index, (label, value, detail) in enumerate(items):
        width = round(300 * value / largest, 1) if largest else 0
        rows.append(Bar(label, value, index * BAR_ROW, width, detail))
    return {"rows": rows, "height": len(rows) * BAR_ROW}


def lookup_totals(filters: Filters) -> list[dict]:
    """Per kind of lookup: how many, how many found nothing."""
    sums = (
        filters.rows()
        .filter(kind__in=LOOKUP_KINDS)
        .values("kind")
        .annotate(total=Sum("count"), nothing=Sum("count", filter=Q(found=False)))
    )
    by_kind = {row["kind"]: row for row in sums}
    labels = dict(UsageCount.Kind.choices)
    return [
        {
            "kind": labels[kind],
            "total": by_kind.get(kind, {}).get("total") or 0,
            "nothing": by_kind.get(kind, {}).get("nothing") or 0,
        }
        for kind in LOOKUP_KINDS
    ]


def by_language(filters: Filters) -> list[dict]:
    sums = {
        row["language"]: row["n"]
        for row in filters.rows()
        .filter(kind__in=LOOKUP_KINDS)
        .values("language")
        .annotate(n=Sum("count"))
    }
    return [
        {"code": code, "name": name, "count": sums[code]}
        for code, name in settings.LANGUAGES
        if sums.get(code)
    ]


def top_places(filters: Filters) -> list[dict]:
    """Places the finder matched, most looked-for first, with the centres it sent them to."""
    sums = (
        filters.rows()
        .filter(kind=UsageCount.Kind.FINDER)
        .exclude(place_id=0)
        .values("place_id", "place", "county", "centre")
        .annotate(n=Sum("count"))
    )
    places: dict[int, dict] = {}
    for row in sums:
        place = places.setdefault(
            row["place_id"],
            {"id": row["place_id"], "name": row["place"], "county": row["county"], "count": 0,
             "centres": Counter()},
        )  # fmt: skip
        place["count"] += row["n"]
        if row["centre"]:
            place["centres"][row["centre"]] += row["n"]
    ranked = sorted(places.values(), key=lambda p: (-p["count"], p["name"]))
    for place in ranked:
        place["centres"] = place["centres"].most_common()
    return ranked


def top_counties(places: list[dict]) -> list[dict]:
    counties: dict[str, dict] = {}
    for place in places:
        county = counties.setdefault(
            place["county"], {"name": place["county"], "count": 0, "centres": Counter()}
        )
        county["count"] += place["count"]
        for slug, n in place["centres"]:
            county["centres"][slug] += n
    ranked = sorted(counties.values(), key=lambda c: (-c["count"], c["name"]))
    for county in ranked:
        county["centres"] = county["centres"].most_common()
    return ranked


def far_places(places: list[dict]) -> list[dict]:
    """Looked-for places more than FAR_KM from every open centre, most looked-for first."""
    from centres import geo
    from centres.gazetteer_db import get_gazetteer
    from centres.models import Centre, OperatingStatus

    centres = [
        geo.Point(lat, lon)
        for lat, lon in Centre.objects.published()
        .exclude(operating_status=OperatingStatus.CLOSED)
        .values_list("latitude", "longitude")
    ]
    gazetteer = get_gazetteer()
    counties = {county.id: county for county in gazetteer.counties_by_name.values()}
    far = []
    for place in places:
        known = gazetteer.places.get(place["id"]) or counties.get(place["id"])
        if known is None or not centres:
            continue
        point = geo.Point(known.latitude, known.longitude)
        nearest = min(geo.distance_km(point, centre) for centre in centres)
        if nearest > FAR_KM:
            far.append({**place, "nearest_km": round(nearest)})
    return far


def texts_seen_on_enough_days() -> set[str]:
    """Texts that matched nothing on at least MIN_DAYS_FOR_TEXT different days (ever kept)."""
    return set(
        UsageCount.objects.exclude(text="")
        .values("text")
        .annotate(days=Count("day", distinct=True))
        .filter(days__gte=MIN_DAYS_FOR_TEXT)
        .values_list("text", flat=True)
    )


def unmatched(filters: Filters, shown: set[str]) -> list[dict]:
    sums = (
        filters.rows()
        .filter(found=False, text__in=shown)
        .values("text", "kind")
        .annotate(n=Sum("count"), days=Count("day", distinct=True))
        .order_by("-n", "text")
    )
    labels = dict(UsageCount.Kind.choices)
    return [
        {
            "text": row["text"],
            "kind": row["kind"],
            "kind_label": labels.get(row["kind"], row["kind"]),
            "count": row["n"],
            "days": row["days"],
        }
        for row in sums
    ]


def page_views(filters: Filters, kind: str) -> list[tuple[str, int]]:
    return list(
        filters.rows()
        .filter(kind=kind)
        .values_list("page")
        .annotate(n=Sum("count"))
        .order_by("-n", "page")
        .values_list("page", "n")[:TOP]
    )


def warnings_read(filters: Filters) -> list[tuple[str, int, str]]:
    from alerts.models import ScamAlert

    views = page_views(filters, UsageCount.Kind.ALERT)
    titles = dict(
        ScamAlert.objects.filter(slug__in=[slug for slug, _n in views]).values_list("slug", "title")
    )
    return [(titles.get(slug, slug), n, slug) for slug, n in views]


def centre_names(slugs) -> dict[str, str]:
    from centres.models import Centre

    return dict(Centre.objects.filter(slug__in=set(slugs)).values_list("slug", "name"))


def report(filters: Filters) -> dict:
    places = top_places(filters)
    counties = top_counties(places)
    names = centre_names(
        [slug for group in (places, counties) for item in group for slug, _n in item["centres"]]
        + [slug for slug, _n in page_views(filters, UsageCount.Kind.CENTRE)]
    )
    for item in places + counties:
        item["centres"] = [(names.get(slug, slug), n) for slug, n in item["centres"]]
    warnings = warnings_read(filters)
    centre_pages = [
        (names.get(slug, slug), n, slug) for slug, n in page_views(filters, UsageCount.Kind.CENTRE)
    ]
    posters = [(page, n, "") for page, n in page_views(filters, UsageCount.Kind.POSTER)]
    return {
        "totals": lookup_totals(filters),
        "languages": by_language(filters),
        "weekly": weekly_lookups(filters),
        "places": places[:TOP],
        "places_chart": bars([(p["name"], p["count"], p["county"]) for p in places[:TOP]]),
        "counties": counties[:TOP],
        "far_places": far_places(places)[:TOP],
        "unmatched": unmatched(filters, texts_seen_on_enough_days())[:50],
        "warnings": warnings,
        "warnings_chart": bars(warnings),
        "centre_pages": centre_pages,
        "posters": posters,
        "min_days": MIN_DAYS_FOR_TEXT,
        "far_km": int(FAR_KM),
    }


CSV_COLUMNS = ("day", "kind", "language", "found", "place", "county", "centre", "page", "text")


def _cell(value) -> str:
    # A cell a spreadsheet would run as a formula is written as text.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(filters: Filters, out) -> None:
    """Daily rows as stored, except that a text seen on fewer than MIN_DAYS_FOR_TEXT days is
    left out (and its row added to the same row without a text)."""
    shown = texts_seen_on_enough_days()
    merged: Counter = Counter()
    for row in filters.rows().values(*CSV_COLUMNS, "count").order_by("day", "kind", "language"):
        key = tuple(
            (row[c] if c != "text" or row[c] in shown else "") for c in CSV_COLUMNS
        )  # fmt: skip
        merged[key] += row["count"]
    writer = csv.writer(out)
    writer.writerow([*CSV_COLUMNS, "count"])
    for key, n in merged.items():
        writer.writerow([_cell(value) for value in key] + [n])
