"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning accepts it (upload-sarif).

Every rule of the catalogue goes into ``tool.driver.rules`` with its help text, so that the
code-scanning page can explain a finding; results point at the file by a URI relative to the
repository root (``uriBaseId: %SRCROOT%``, resolved in ``originalUriBaseIds``), so the log is
right when csrlint runs from a subdirectory, and at the line and column. The other place of a
contradiction is a ``relatedLocation``. In a .docx the "line" is a paragraph, and the message
says so. ``partialFingerprints`` carries the same key as the baseline, so an alert survives
text being added above it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..findings import Rule, Severity
from ..suppress import fingerprint
from . import repository_root, root_relative, rule_catalogue
from .text import clean, json_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "%SRCROOT%"


def render(results, stream, color: bool = False, **_) -> None:
    stream.write(json_text(json.dumps(log(results), ensure_ascii=False, indent=2)))
    stream.write("\n")


def log(results) -> dict:
    rules = rule_catalogue(results)  # a rule from a user's rules directory is described too
    index = {rule.code: position for position, rule in enumerate(rules)}
    root = repository_root()
    run = {
        "tool": {
            "driver": {
                "name": "csrlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(rule) for rule in rules],
            }
        },
        "invocations": [_invocation(results, root)],
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(result, finding, index, root) for result in results for finding in result.findings],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(rule: Rule) -> dict:
    help_text = "\n\n".join(
        part for part in (rule.summary, rule.explanation, f"示例：{rule.example}" if rule.example else "") if part
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation or rule.summary},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["csr-report", rule.family]},
    }


def _result(result, finding, index: dict[str, int], root: Path) -> dict:
    paragraphs = result.location_unit == "paragraph"
    message = finding.message
    if paragraphs and finding.line:
        message += f"（位置：第 {finding.line} 段）"
    if finding.suggestion:
        message += f"（建议：{finding.suggestion}）"
    region = {"startLine": finding.line or 1, "startColumn": finding.column or 1}
    if finding.excerpt:
        region["snippet"] = {"text": clean(finding.excerpt)}
    artifact = artifact_location(result.path, root)
    data = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVEL[finding.severity],
        "message": {"text": clean(message)},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
        "partialFingerprints": {
            "csrlint/v1": hashlib.sha256(f"{finding.code}|{fingerprint(finding)}".encode()).hexdigest()[:32]
        },
        "properties": {"family": finding.family, "locationUnit": result.location_unit},
    }
    if finding.page is not None:
        data["properties"]["page"] = finding.page
    if finding.chapter:
        data["properties"]["chapter"] = finding.chapter
    related = []
    for number, place in enumerate(finding.related, start=1):
        where = f"第 {place.line} {'段' if paragraphs else '行'}" if place.line else "另一处"
        location = {
            "id": number,
            "physicalLocation": {"artifactLocation": dict(artifact)},
            "message": {"text": clean(f"{where}：「{place.excerpt}」")},
        }
        if place.line:
            location["physicalLocation"]["region"] = {"startLine": place.line}
        related.append(location)
    if related:
        data["relatedLocations"] = related
    return data


def _invocation(results, root: Path) -> dict:
    """Files that could not be read are tool notifications, not results."""
    failures = [result for result in results if result.error]
    return {
        "executionSuccessful": not failures,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": clean(result.error)},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(result.path, root)}}],
            }
            for result in failures
        ],
    }


def artifact_location(path: str, root: Path | None = None) -> dict:
    """``{"uri": "reports/a.txt", "uriBaseId": "%SRCROOT%"}`` inside the repository; an absolute
    ``file:`` URI outside it. The URI percent-encodes the name's real bytes, so a name that is
    not UTF-8 (GBK from ``unzip``) still names its file."""
    relative = root_relative(path, root)
    if relative is None:
        return {"uri": "file://" + quote(os.fsencode(Path(os.path.abspath(path)).as_posix()), safe="/")}
    return {"uri": quote(os.fsencode(relative), safe="/"), "uriBaseId": SRCROOT}
