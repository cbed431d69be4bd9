"""Offline gazetteer: turn what a person types into a place in Romania.

Plain Python (no Django), fed with records from the committed GeoNames extract
(centres/data/gazetteer-ro.json.gz) or from the database rows loaded from it.

Matching is done on *keys*: text folded to lower-case letters and digits only, with every
diacritic removed (ș/ş, ț/ţ, ă, â, î, and Hungarian/German accents), Cyrillic transliterated
towards Romanian spelling, and spaces, hyphens and punctuation dropped. So "Cluj Napoca",
"CLUJ-NAPOCA" and "cluj napoca" share one key, and "Брашов" folds to the key of "Brașov".
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from rapidfuzz import fuzz, process

from iom_romania.text import strip_diacritics

DATA_FILE = Path(__file__).resolve().parent / "data" / "gazetteer-ro.json.gz"

MAX_QUERY_LENGTH = 200  # longer input is not a place name; refuse before doing any work

# Cyrillic (Russian, Ukrainian, Bulgarian, Serbian, Moldovan Cyrillic) transliterated towards
# Romanian spelling, so that the folded key of "Брашов" is "brasov" like "Brașov", "Тимишоара"
# gives "timisoara", "Клуж" gives "cluj" and "Бакэу" gives "bacau".
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "ђ": "dj", "е": "e",
    "є": "ie", "ё": "io", "ж": "j", "з": "z", "ѕ": "dz", "и": "i", "і": "i", "ї": "i",
    "й": "i", "ј": "i", "к": "c", "л": "l", "љ": "li", "м": "m", "н": "n", "њ": "ni",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u", "ў": "u",
    "ф": "f", "х": "h", "ц": "t", "ч": "ci", "џ": "g", "ш": "s", "щ": "st", "ъ": "a",
    "ы": "i", "ь": "", "э": "a", "ю": "iu", "я": "ia", "ӂ": "j",
}  # fmt: skip

_NOT_ALNUM = re.compile(r"[^\w]+|_+")

# Words people add around a place name. Stripped from queries (not from indexed names).
COUNTY_WORDS = frozenset(
    {"judetul", "judet", "judetului", "jud", "county", "megye", "kreis", "cnty", "province"}
)
LOCALITY_WORDS = frozenset(
    {
        "municipiul", "municipiu", "mun", "orasul", "oras", "comuna", "com", "satul", "sat",
        "city", "town", "village", "of", "the", "in", "near", "langa", "romania", "ro",
    }
)  # fmt: skip


def fold_words(text: str) -> list[str]:
    """Fold text into a list of lower-case, accent-free, Latin-or-native-script words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(_CYRILLIC.get(ch, ch) for ch in text)
    # The site-wide folding (iom_romania/text.py), the same as the site search's.
    text = strip_diacritics(text)
    return [word for word in _NOT_ALNUM.split(text) if word]


def fold(text: str) -> str:
    """The matching key of a text: folded words joined without separators."""
    return "".join(fold_words(text))


def name_keys(name: str) -> set[str]:
    """Keys under which a place name is indexed.

    Besides the plain key, names with "â" also get the key of their pre-1993 spelling with
    "î" (Târgu -> Tîrgu), which people still type without diacritics as "Tirgu".
    """
    keys = {fold(name)}
    if "â" in name.lower():
        keys.add(fold(name.replace("â", "î").replace("Â", "Î")))
    keys.discard("")
    return keys


@dataclass(frozen=True)
class Place:
    """A locality, a Bucharest sector, or a county (represented by its seat's coordinates)."""

    id: int
    name: str
    county: str  # county name ("" for a county itself)
    latitude: float
    longitude: float
    population: int = 0
    kind: str = "place"  # "place", "sector" or "county"
    seat_id: int | None = None  # for counties: the id of the seat place

    @property
    def label(self) -> str:
        """Name with its county, to tell places with the same name apart."""
        if self.kind == "county":
            return self.name
        if self.county and self.county != self.name:
            return f"{self.name} ({self.county})"
        return self.name


class Status(StrEnum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"  # several places share the name: let the person choose
    NOT_FOUND = "not_found"  # maybe with suggestions
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_LETTERS = "no_letters"  # only punctuation or symbols


@dataclass
class LookupResult:
    status: Status
    query: str = ""
    place: Place | None = None
    candidates: list[Place] = field(default_factory=list)  # for AMBIGUOUS
    others: list[Place] = field(default_factory=list)  # other places with that name (FOUND)
    suggestions: list[Place] = field(default_factory=list)  # "did you mean", best first
    by_alternate_name: set[int] = field(default_factory=set)  # ids matched by another name


# A match whose importance is this many times the next one's is taken without asking.
DOMINANCE_FACTOR = 10
DOMINANT_MIN_POPULATION = 10_000
COUNTY_IMPORTANCE = 10_000_000  # a county outweighs any single place with its name
SUGGESTION_CUTOFF = 75.0
SUGGESTION_LIMIT = 5


def _importance(place: Place) -> int:
    return COUNTY_IMPORTANCE if place.kind == "county" else place.population


class Gazetteer:
    """In-memory index of places and counties by folded name.

    Building it from the ~7,200 records takes a fraction of a second; the finder builds it once
    per process and reuses it, so a lookup is a couple of dictionary reads.
    """

    def __init__(
        self,
        places: Iterable[tuple[Place, Iterable[str]]],
        counties: Iterable[Place],
        county_names: dict[int, list[str]] | None = None,
    ) -> None:
        """`county_names`: other names of counties, by county id (minus the code)."""
        self.places: dict[int, Place] = {}
        self._primary: dict[str, list[Place]] = {}  # key of the official name
        self._alternate: dict[str, list[Place]] = {}  # key of an alternate name only
        self._counties: dict[str, list[Place]] = {}
        for place, alternate_names in places:
            self.places[place.id] = place
            primary = name_keys(place.name)
            for key in primary:
                self._primary.setdefault(key, []).append(place)
            alternates: set[str] = set()
            for alt in alternate_names:
                alternates |= name_keys(alt)
            for key in alternates - primary:
                self._alternate.setdefault(key, []).append(place)
        self.counties_by_name: dict[str, Place] = {}
        for county in counties:
            self.counties_by_name[county.name] = county
            keys = name_keys(county.name)
            for other in (county_names or {}).get(county.id, []):
                keys |= name_keys(other)
            for key in keys:
                self._counties.setdefault(key, []).append(county)
        # Quarter-degree cells that hold a place: a point far from every Romanian place (the
        # parts of Moldova or Ukraine inside Romania's bounding box) is not in Romania.
        self._cells = {_cell(p.latitude, p.longitude) for p in self.places.values()}
        # Choices for "did you mean": every key, with the places behind it.
        self._suggestion_keys: list[str] = sorted(
            set(self._primary) | set(self._alternate) | set(self._counties)
        )

    @classmethod
    def from_data(cls, data: dict) -> Gazetteer:
        """Build from the committed data file's structure (see gazetteer_build.py)."""
        county_name = {c["code"]: c["name"] for c in data["counties"]}
        places = []
        for pid, name, lat, lon, code, population, kind, alternates in data["places"]:
            place = Place(pid, name, county_name.get(code, ""), lat, lon, population, kind)
            places.append((place, alternates))
        counties = [
            Place(
                id=-int(c["code"]),
                name=c["name"],
                county="",
                latitude=c["latitude"],
                longitude=c["longitude"],
                kind="county",
                seat_id=c["seat"],
            )
            for c in data["counties"]
        ]
        return cls(places, counties)

    def near_a_place(self, latitude: float, longitude: float) -> bool:
        """True when a known place lies within about 30 km (the cell or one next to it).

        Always True for an empty gazetteer, so that a missing table never hides results.
        """
        if not self._cells:
            return True
        row, col = _cell(latitude, longitude)
        return any((row + i, col + j) in self._cells for i in (-1, 0, 1) for j in (-1, 0, 1))

    # -- lookup -------------------------------------------------------------------------

    def lookup(self, query: str) -> LookupResult:
        query = (query or "").strip()
        if not query:
            return LookupResult(Status.EMPTY, query)
        if len(query) > MAX_QUERY_LENGTH:
            return LookupResult(Status.TOO_LONG, query[:MAX_QUERY_LENGTH])
        # "Sălcioara, Buzău" or "Sector 3, București": later parts narrow down the county.
        main, *rest = query.split(",")
        words = fold_words(main)
        if not words:
            words, rest = fold_words(query), []
        if not words:
            return LookupResult(Status.NO_LETTERS, query)
        county_filter = self._county_filter(rest)

        county_marked = any(w in COUNTY_WORDS for w in words)
        core = [w for w in words if w not in COUNTY_WORDS and w not in LOCALITY_WORDS] or words
        core = ["sector" if w == "sectorul" else w for w in core]
        full_key, core_key = "".join(words), "".join(core)

        if county_marked:
            primary, alternate = list(self._counties.get(core_key, [])), []
        else:
            primary = self._primary.get(full_key) or self._primary.get(core_key) or []
            primary = list(primary) + self._counties.get(core_key, [])
            alternate = list(self._alternate.get(full_key) or self._alternate.get(core_key) or [])
        if county_filter:
            primary = [p for p in primary if p.county in county_filter or p.name in county_filter]
            alternate = [p for p in alternate if p.county in county_filter]

        result = self._resolve(query, primary, alternate)
        if result is not None:
            return result
        return LookupResult(Status.NOT_FOUND, query, suggestions=self.suggest(core_key))

    def _county_filter(self, parts: list[str]) -> set[str]:
        names: set[str] = set()
        for part in parts:
            words = [w for w in fold_words(part) if w not in COUNTY_WORDS]
            for county in self._counties.get("".join(words), []):
                names.add(county.name)
        return names

    def _resolve(
        self, query: str, primary: list[Place], alternate: list[Place]
    ) -> LookupResult | None:
        primary, alternate = _dedupe(primary), _dedupe(alternate)
        # A county and its seat city answering to the same name ("Brașov", "Cluj") are one
        # answer: the city.
        place_ids = {p.id for p in primary + alternate if p.kind != "county"}
        primary = [p for p in primary if p.kind != "county" or p.seat_id not in place_ids]
        alternate = [p for p in alternate if p not in primary]
        # Official names win over alternate ones: "Munteni" is a village before it is an old
        # name of a part of Iași.
        pool, extra = (primary, alternate) if primary else (alternate, [])
        if not pool:
            return None
        pool.sort(key=lambda p: (-_importance(p), p.name, p.county))
        extra.sort(key=lambda p: (-_importance(p), p.name, p.county))
        by_alternate = {p.id for p in alternate}
        if len(pool) == 1 or _dominates(pool[0], pool[1]):
            return LookupResult(
                Status.FOUND,
                query,
                place=pool[0],
                others=pool[1:] + extra,
                by_alternate_name=by_alternate,
            )
        return LookupResult(
            Status.AMBIGUOUS, query, candidates=pool + extra, by_alternate_name=by_alternate
        )

    def suggest(self, key: str, limit: int = SUGGESTION_LIMIT) -> list[Place]:
        """Places whose names are close to the key ("timisora" -> Timișoara), best first."""
        if len(key) < 3:
            return []
        matches = process.extract(
            key,
            self._suggestion_keys,
            scorer=fuzz.ratio,
            score_cutoff=SUGGESTION_CUTOFF,
            limit=limit * 4,
        )
        scored: dict[int, tuple[float, Place]] = {}
        for matched_key, score, _ in matches:
            for place in (
                self._primary.get(matched_key, [])
                + self._counties.get(matched_key, [])
                + self._alternate.get(matched_key, [])
            ):
                best = scored.get(place.id)
                if best is None or score > best[0]:
                    scored[place.id] = (score, place)
        ranked = sorted(scored.values(), key=lambda sp: (-sp[0], -_importance(sp[1]), sp[1].name))
        return [place for _, place in ranked[:limit]]


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return round(latitude * 4), round(longitude * 4)


def _dedupe(places: list[Place]) -> list[Place]:
    seen: set[int] = set()
    unique = []
    for place in places:
        if place.id not in seen:
            seen.add(place.id)
            unique.append(place)
    return unique


def _dominates(first: Place, second: Place) -> bool:
    top, nxt = _importance(first), _importance(second)
    return top >= DOMINANT_MIN_POPULATION and top >= DOMINANCE_FACTOR * max(nxt, 1)


def load_data_file(path: Path = DATA_FILE) -> dict:
    """Read the committed gazetteer extract (gzip JSON)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)
