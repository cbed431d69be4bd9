"""Folding text for matching, in one place: the site search and the centre finder both use it.

Plain Python, no Django. `strip_diacritics` removes every accent the way PostgreSQL's
`unaccent` does for our languages, so both Romanian spellings match each other and plain
letters: "ş" (s with cedilla, as the seed writes "Braşov") and "ș" (s with comma below, the
correct Romanian letter) both become "s", "ţ" and "ț" both "t", "ă", "â", "î" lose their
marks. On SQLite the search calls `fold` as an SQL function (registered in apps.py), so it
matches exactly as on PostgreSQL. What is stored is never changed: only the compared copies.
"""

import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark.
SPECIAL_LETTERS = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ł": "l",
    "ı": "i",
    "þ": "th",
}


def strip_diacritics(text: str) -> str:
    """The text without accents and other marks: "Brașov" and "Braşov" give "Brasov"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        SPECIAL_LETTERS.get(ch, ch) for ch in decomposed if not unicodedata.combining(ch)
    )


def fold(text: str) -> str:
    """The text as matching compares it: without diacritics and case-folded."""
    return strip_diacritics(text).casefold()


def sql_fold(text: str | None) -> str | None:
    """`fold` as an SQLite function: NULL stays NULL."""
    return None if text is None else fold(text)
