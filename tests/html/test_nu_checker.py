"""The Nu Html Checker finds no error in the HTML of any page of the page list.

The pages are fetched with Django's test client and checked together in one JVM run.
vnu.jar comes from npm (tools/vnu/, installed once and then reused); it needs Java,
which .ci/run installs (Debian's default-jre-headless).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.pages import PAGES, fetch_with_client, languages_to_test
from tests.browser.test_page_machinery import CHECK_RESULT, REPORT_ERRORS

DEMO_PAGES = [REPORT_ERRORS, CHECK_RESULT]

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "vnu"
VNU_JAR = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _missing(tool: str) -> None:
    pytest.fail(f"{tool} is needed for the Nu Html Checker: run make test, which installs it")


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    if shutil.which("java") is None:
        _missing("java (Debian: default-jre-headless)")
    if not VNU_JAR.exists():
        if shutil.which("npm") is None:
            _missing("npm")
        # --ignore-scripts: vnu-jar's install script would download a Java runtime.
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=TOOLS,
            check=True,
        )
    return VNU_JAR


def test_every_page_is_valid_html(client, seeded, settings, vnu_jar, tmp_path):
    checked = []
    for language in languages_to_test():
        for entry in PAGES:
            assert entry.exists(), f"no URL named {entry.url_name!r}: update the page list"
            url, response = fetch_with_client(client, entry, language)
            assert response.status_code == entry.status, url
            name = f"{entry.name}-{language}.html"
            (tmp_path / name).write_bytes(response.content)
            checked.append(name)
    assert checked
    # The shared form error summary, in the demo form built as docs/accessibility.md says.
    settings.ROOT_URLCONF = "tests.browser.demo_forms"
    for entry in DEMO_PAGES:
        _, response = fetch_with_client(client, entry)
        (tmp_path / f"{entry.name}.html").write_bytes(response.content)

    errors = vnu_errors(vnu_jar, tmp_path)
    assert not errors, "\n".join(errors)


# Pages with the starting translations and their notices, in Cyrillic, Arabic and Devanagari.
TRANSLATED_PAGES = [
    "/uk/",
    "/uk/centres/brasov/",
    "/uk/alerts/internet-scams/",
    "/uk/alerts/report/",
    "/ar/",
    "/ar/centres/",
    "/ar/alerts/internet-scams/",
    "/ar/alerts/check/",
    "/ne/",
    "/ne/centres/brasov/",
    "/ne/programmes/facilitating-migration/",
]


def test_translated_pages_are_valid_html(client, seeded, vnu_jar, tmp_path):
    for number, url in enumerate(TRANSLATED_PAGES):
        response = client.get(url)
        assert response.status_code == 200, url
        (tmp_path / f"translated-{number}.html").write_bytes(response.content)
    errors = vnu_errors(vnu_jar, tmp_path)
    assert not errors, "\n".join(errors)


def vnu_errors(vnu_jar: Path, directory: Path) -> list[str]:
    """The Nu Html Checker's errors for every file in `directory`, one JVM run."""
    result = subprocess.run(
        [
            "java",
            "-Xss4m",
            # A short run: the C1 compiler alone and the serial collector halve the JVM's
            # CPU time (measured: 5.5 s -> 2.7 s user for 60 pages); the checks are the same.
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            str(vnu_jar),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            str(directory),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')}"
        f" [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") in {"error", "non-document-error"}
    ]
