"""``--format json``: the stable machine schema (path, profile, coverage, findings…)."""

from __future__ import annotations

import json

from .text import display_path, json_text

SCHEMA_VERSION = 1


def as_dict(result) -> dict:
    return {
        "path": display_path(result.path),
        "profile": result.profile,
        "coverage": result.coverage,
        "location_unit": result.location_unit,
        "error": result.error,
        "suppressed": result.suppressed,
        "baselined": result.baselined,
        "report_year": None,  # every file has them, also one that could not be read
        "period": None,
        **result.facts,
        "findings": [finding.to_dict() for finding in result.findings],
    }


def render(results, stream, color: bool = False, **_) -> None:
    payload = {"version": SCHEMA_VERSION, "files": [as_dict(result) for result in results]}
    stream.write(json_text(json.dumps(payload, ensure_ascii=False, indent=2)))
    stream.write("\n")
