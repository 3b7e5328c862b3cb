"""``--format gitlab``: GitLab Code Quality (a subset of the Code Climate issue format), shown in
merge requests from ``artifacts: reports: codequality``.

GitLab requires per issue ``description``, ``check_name``, ``fingerprint`` (unique: GitLab
drops repeated ones), ``severity`` (info/minor/major/critical/blocker), ``location.path``
(relative to the repository root) and ``location.lines.begin``.
"""

from __future__ import annotations

import hashlib
import json

from ..findings import Severity
from ..suppress import fingerprint
from . import root_relative
from .text import clean, json_text

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(results, stream, color: bool = False, **_) -> None:
    stream.write(json_text(json.dumps(issues(results), ensure_ascii=False, indent=2)))
    stream.write("\n")


def issues(results) -> list[dict]:
    found: list[dict] = []
    seen: set[str] = set()
    for result in results:
        path = clean(root_relative(result.path) or result.path)
        if result.error:
            found.append(
                _issue(
                    f"无法检查 / cannot check: {result.error}",
                    "csrlint/unreadable",
                    "blocker",
                    path,
                    1,
                    f"{path}|unreadable",
                    seen,
                )
            )
            continue
        for finding in result.findings:
            description = f"{finding.code} {finding.message}"
            if result.location_unit == "paragraph" and finding.line:
                description += f"（第 {finding.line} 段）"
            key = f"{path}|{finding.code}|{fingerprint(finding)}"
            found.append(
                _issue(
                    description,
                    f"{finding.code} {finding.rule}",
                    SEVERITY[finding.severity],
                    path,
                    finding.line or 1,
                    key,
                    seen,
                )
            )
    return found


def _issue(description: str, check_name: str, severity: str, path: str, line: int, key: str, seen: set) -> dict:
    digest, number = hashlib.sha256(key.encode("utf-8", "backslashreplace")).hexdigest(), 1
    while digest in seen:  # the same text twice in one file: a second, distinct issue
        number += 1
        digest = hashlib.sha256(f"{key}|{number}".encode("utf-8", "backslashreplace")).hexdigest()
    seen.add(digest)
    return {
        "type": "issue",
        "description": clean(description),
        "check_name": check_name,
        "fingerprint": digest,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": line}},
    }
