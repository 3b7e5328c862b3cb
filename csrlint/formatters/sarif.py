"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning accepts it (upload-sarif).

Every rule of the catalogue goes into ``tool.driver.rules`` with its help text, so that the
code-scanning page can explain a finding; results point at the file by a relative URI with
forward slashes and at the line and column. ``partialFingerprints`` carries the same key as
the baseline, so an alert survives text being added above it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..findings import Rule, Severity
from ..suppress import fingerprint
from . import relative_path, rule_catalogue

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(results, stream, color: bool = False) -> None:
    json.dump(log(results), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def log(results) -> dict:
    rules = rule_catalogue(results)  # a rule from a user's rules directory is described too
    index = {rule.code: position for position, rule in enumerate(rules)}
    run = {
        "tool": {"driver": {"name": "csrlint", "version": __version__, "semanticVersion": __version__,
                            "rules": [_rule(rule) for rule in rules]}},
        "invocations": [_invocation(results)],
        "columnKind": "unicodeCodePoints",
        "results": [_result(result, finding, index) for result in results for finding in result.findings],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(rule: Rule) -> dict:
    help_text = "\n\n".join(part for part in (rule.summary, rule.explanation,
                                               f"示例：{rule.example}" if rule.example else "") if part)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation or rule.summary},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["csr-report", rule.family]},
    }


def _result(result, finding, index: dict[str, int]) -> dict:
    message = finding.message + (f"（建议：{finding.suggestion}）" if finding.suggestion else "")
    region = {"startLine": finding.line or 1, "startColumn": finding.column or 1}
    if finding.excerpt:
        region["snippet"] = {"text": finding.excerpt}
    data = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(result.path)}, "region": region}}],
        "partialFingerprints": {"csrlint/v1": hashlib.sha256(
            f"{finding.code}|{fingerprint(finding)}".encode()).hexdigest()[:32]},
        "properties": {"family": finding.family, "locationUnit": result.location_unit},
    }
    if finding.page is not None:
        data["properties"]["page"] = finding.page
    if finding.chapter:
        data["properties"]["chapter"] = finding.chapter
    return data


def _invocation(results) -> dict:
    """Files that could not be read are tool notifications, not results."""
    failures = [result for result in results if result.error]
    return {
        "executionSuccessful": not failures,
        "toolExecutionNotifications": [
            {"level": "error", "message": {"text": result.error},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(result.path)}}}]}
            for result in failures
        ],
    }


def uri(path: str) -> str:
    """Relative to the working directory (the repository root in CI), forward slashes, percent-encoded."""
    relative = relative_path(path)
    return Path(path).resolve().as_uri() if relative is None else quote(relative, safe="/")
