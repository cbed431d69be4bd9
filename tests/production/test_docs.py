"""docs/deploy.md stays true to the code: every variable and file it relies on exists."""

import re

from .servers import ROOT

DOC = (ROOT / "docs" / "deploy.md").read_text()


def _variables_read_by(path) -> set[str]:
    source = (ROOT / path).read_text()
    return set(re.findall(r'(?:environ\.get|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]*)"', source))


def test_every_environment_variable_is_documented():
    variables = _variables_read_by("iom_romania/settings.py") | _variables_read_by(
        "deploy/gunicorn.conf.py"
    )
    assert len(variables) > 20
    missing = sorted(name for name in variables if f"`{name}`" not in DOC)
    assert not missing, f"add these to docs/deploy.md's table: {missing}"


def test_every_deploy_file_named_in_the_docs_exists():
    for path in set(re.findall(r"`(deploy/[\w./-]+)`", DOC)):
        assert (ROOT / path).exists(), path
