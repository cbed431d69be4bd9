"""Open Referral's own HSDS 3.0 schemas (tests/data/hsds-3.0/, CC BY-SA 4.0), in one registry.

The schemas refer to each other by file name ("$ref": "phone.json"); each is registered under
the address openapi.json uses for it, so those names resolve inside the registry and nothing
is fetched. openapi.json's `compiled/service.json` and `compiled/organization.json` (the large
compiled files, left out) are the per-object files with every reference followed: validating
against `service.json` through the registry makes the same checks.

Validation is jsonschema-rs (Rust): the 10,000-centre test validates about 60,000 objects,
which took a minute in pure Python. Formats are checked (`validate_formats`), and a format
the validator does not know is an error when the validator is built, not skipped.
"""

import json
from functools import cache
from pathlib import Path

import jsonschema_rs

SCHEMA_DIR = Path(__file__).parents[1] / "data" / "hsds-3.0"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

# What each endpoint answers, by openapi.json (list items and detail objects).
LIST_ITEM_SCHEMAS = {
    "services": "compiled/service_list.json",
    "organizations": "compiled/organization_list.json",
    "service_at_locations": "compiled/service_at_location_list.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}
DETAIL_SCHEMAS = {
    "services": "service.json",
    "organizations": "organization.json",
    # openapi.json points this one at compiled/service.json, but its own description (and
    # the object it answers) is a service_at_location: validated as one.
    "service_at_locations": "service_at_location.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}


def openapi() -> dict:
    return json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))


@cache
def registry() -> jsonschema_rs.Registry:
    resources = []
    for path in [*SCHEMA_DIR.glob("*.json"), *SCHEMA_DIR.glob("compiled/*.json")]:
        if path.name == "openapi.json":
            continue
        name = path.relative_to(SCHEMA_DIR).as_posix()
        resources.append((BASE + name, json.loads(path.read_text(encoding="utf-8"))))
    return jsonschema_rs.Registry(resources)


def _validator(schema: dict, **options) -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(
        schema, validate_formats=True, ignore_unknown_formats=False, **options
    )


@cache
def validator(schema_name: str) -> jsonschema_rs.Draft202012Validator:
    return _validator({"$ref": BASE + schema_name}, registry=registry())


@cache
def openapi_validator(*path: str) -> jsonschema_rs.Draft202012Validator:
    """A schema written inside openapi.json (the root answer, the Page envelope)."""
    schema = openapi()
    for key in path:
        schema = schema[key]
    return _validator(schema)


def errors(schema_name: str, instance) -> list[str]:
    return [
        f"{'/'.join(map(str, error.instance_path))}: {error.message}"
        for error in validator(schema_name).iter_errors(instance)
    ]


def page_errors(envelope: dict) -> list[str]:
    found = [
        error.message
        for error in openapi_validator("components", "schemas", "Page").iter_errors(envelope)
    ]
    keys = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
            "empty", "contents"}  # fmt: skip
    if set(envelope) != keys:
        found.append(f"page keys: {sorted(envelope)}")
    return found
