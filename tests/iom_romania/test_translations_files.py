"""The .po files: every language present, every message translated, none fuzzy."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from tools.messages_check import untranslated

ROOT = Path(settings.BASE_DIR)


def test_every_language_has_a_complete_po_file():
    problems = untranslated(ROOT / "locale")
    assert set(problems) == {code for code, _name in settings.LANGUAGES}
    assert problems == {code: [] for code in problems}, problems


def test_makemessages_finds_nothing_untranslated(tmp_path, settings, monkeypatch):
    # A copy of the code, so that makemessages never rewrites the repository's files.
    for name in ["iom_romania", "programmes", "centres", "alerts", "templates", "locale"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", all=True, verbosity=0, no_obsolete=True)
    problems = untranslated(tmp_path / "locale")
    assert problems == {code: [] for code in problems}, problems
