"""Where each content translation stands, and what a translation must keep from its source.

A translation is checked against the English it was made from: numbers, web and e-mail
addresses, Markdown link targets and placeholders are the same in every language
(`fixed_parts`).
"""

import re
from collections import Counter

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
