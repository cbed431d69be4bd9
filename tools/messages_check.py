"""List the interface messages not yet translated in locale/<lang>/LC_MESSAGES/django.po.

    python -m tools.messages_check [locale_dir]     (or: make messages-check)

Prints, per language, each msgid whose msgstr is empty or marked fuzzy; exits 1 if any.
A plain parser of the .po format, so it needs nothing but Python.
"""

import ast
import sys
from pathlib import Path


def _entries(text: str):
    """Yield (flags, {keyword: string}) for each entry of a .po file."""
    for block in text.split("\n\n"):
        flags, fields, key = set(), {}, None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line:
                continue
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
            else:
                key, _space, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if "msgid" in fields:
            yield flags, fields


def untranslated_in(po_file: Path) -> list[str]:
    missing = []
    for flags, fields in _entries(po_file.read_text(encoding="utf-8")):
        if fields["msgid"] == "":
            continue  # the header
        translations = [value for key, value in fields.items() if key.startswith("msgstr")]
        if "fuzzy" in flags or not translations or not all(translations):
            missing.append(fields["msgid"])
    return missing


def untranslated(locale_dir: Path) -> dict[str, list[str]]:
    """{language code: [untranslated msgids]} for every language in locale_dir."""
    return {
        po_file.parent.parent.name: untranslated_in(po_file)
        for po_file in sorted(Path(locale_dir).glob("*/LC_MESSAGES/django.po"))
    }


def main(argv: list[str]) -> int:
    locale_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent.parent / "locale"
    problems = {code: ids for code, ids in untranslated(locale_dir).items() if ids}
    for code, ids in problems.items():
        print(f"{code}: {len(ids)} untranslated")
        for msgid in ids:
            print(f"  {msgid!r}")
    if not problems:
        print("Every message is translated in every language.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
