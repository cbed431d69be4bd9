"""Compile locale/*/LC_MESSAGES/*.po into .mo files without gettext's msgfmt.

`make run` must work on a bare machine, where gettext may not be installed; there the
Makefile uses this instead of `manage.py compilemessages` (which needs msgfmt).
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_translations(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_translations():
        print(f"compiled {path.relative_to(LOCALE_DIR.parent)}")
