import gettext
import shutil
import subprocess

import pytest

from tools.compile_translations import LOCALE_DIR, compile_translations


def catalog(mo_path):
    """Every message and its translation; the header entry ("") lists metadata in any order."""
    with open(mo_path, "rb") as fh:
        messages = dict(gettext.GNUTranslations(fh)._catalog)
    messages.pop("", None)
    return messages


@pytest.fixture
def locale_copy(tmp_path):
    shutil.copytree(LOCALE_DIR, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    return tmp_path / "locale"


def test_compiles_every_language_without_msgfmt(locale_copy):
    written = compile_translations(locale_copy)
    assert {path.parts[-3] for path in written} == {"en", "ro", "uk", "ru", "ar", "fa", "tr", "ne"}
    with open(locale_copy / "ro/LC_MESSAGES/django.mo", "rb") as fh:
        romanian = gettext.GNUTranslations(fh)
    assert romanian.gettext("There is a problem") == "Există o problemă"


def test_gives_the_same_catalogue_as_msgfmt(locale_copy, tmp_path):
    """gettext's msgfmt is one of the tools `make test` needs (see the Makefile)."""
    for mo_path in compile_translations(locale_copy):
        reference = tmp_path / f"{mo_path.parts[-3]}.mo"
        subprocess.run(
            ["msgfmt", "-o", str(reference), str(mo_path.with_suffix(".po"))], check=True
        )
        assert catalog(mo_path) == catalog(reference), mo_path.parts[-3]
