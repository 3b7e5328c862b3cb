"""Findings the user has already judged: inline suppression comments and the baseline file.

Inline: ``<!-- csrlint: disable=CSR201 -->`` … ``<!-- csrlint: enable=CSR201 -->`` for a block,
``disable-line`` for its own line, ``disable-next-line`` for the next line with text,
``disable-file`` for the whole file (the only form that reaches findings with no line, such as
a missing chapter). The value lists codes, rule names or families; none (or ``all``) means all.

Baseline: a JSON file of today's findings keyed on path + code + normalised excerpt and message,
never on line numbers, so that text added above a finding does not make it "new" again.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .document import InputError, Line
from .findings import Finding

DIRECTIVE = re.compile(
    r"<!--\s*csrlint\s*:\s*(disable-file|disable-next-line|disable-line|disable|enable)"
    r"(?:\s*[=\s]\s*([\w\s,-]*?))?\s*-->",
    re.IGNORECASE,
)
#: Line and page references inside messages ("第一次在第 12 行") that move when text is added above.
PLACE_REFERENCE = re.compile(r"第\s*\d+\s*[行段页]|\b(?:line|page)\s+\d+", re.IGNORECASE)
BASELINE_VERSION = 1


@dataclass(frozen=True)
class Directive:
    """One ``csrlint: disable…`` comment: what it silences, and on which lines."""

    kind: str  # disable | enable | disable-line | disable-next-line | disable-file
    line: int  # the line it applies to (for disable-next-line: the next line with text)
    selector: frozenset[str]  # codes, rule names, families, lower case; empty: all

    def selects(self, finding: Finding) -> bool:
        return (
            not self.selector
            or "all" in self.selector
            or not self.selector.isdisjoint({finding.code.lower(), finding.rule.lower(), finding.family.lower()})
        )


class Suppressions:
    """The directives of one document, applied to its findings.

    Indexed once (line directives by line, block directives by the name they select, in
    document order), so that a draft with thousands of comments and findings stays linear.
    """

    def __init__(self, directives: list[Directive]):
        self.directives = directives
        self._whole_file = [d for d in directives if d.kind == "disable-file"]
        self._by_line: dict[int, list[Directive]] = {}
        #: Selected name ("*" for all) → (line, order, disables?) of each block directive, in order.
        self._blocks: dict[str, list[tuple[int, int, bool]]] = {}
        for order, directive in enumerate(directives):
            if directive.kind in ("disable-line", "disable-next-line"):
                self._by_line.setdefault(directive.line, []).append(directive)
            elif directive.kind in ("disable", "enable"):
                names = ["*"] if not directive.selector or "all" in directive.selector else directive.selector
                for name in names:
                    self._blocks.setdefault(name, []).append((directive.line, order, directive.kind == "disable"))

    @classmethod
    def scan(cls, lines: list[Line]) -> Suppressions:
        directives: list[Directive] = []
        next_text: list[int] | None = None  # for each index, the number of the next line with text
        for index, line in enumerate(lines):
            for match in DIRECTIVE.finditer(line.text):
                kind = match.group(1).lower()
                selector = frozenset(part.lower() for part in re.split(r"[\s,]+", match.group(2) or "") if part)
                target = line.number
                if kind == "disable-next-line":
                    if next_text is None:
                        next_text = _next_lines_with_text(lines)
                    target = next_text[index]
                directives.append(Directive(kind, target, selector))
        return cls(directives)

    def covers(self, finding: Finding) -> bool:
        if any(directive.selects(finding) for directive in self._whole_file):
            return True
        if finding.line is None:
            return False
        if any(directive.selects(finding) for directive in self._by_line.get(finding.line, ())):
            return True
        latest = None  # the last block directive at or above the finding that selects it
        for name in ("*", finding.code.lower(), finding.rule.lower(), finding.family.lower()):
            blocks = self._blocks.get(name)
            if blocks:
                position = bisect.bisect_right(blocks, (finding.line, len(self.directives), True)) - 1
                if position >= 0 and (latest is None or blocks[position][1] > latest[1]):
                    latest = blocks[position]
        return latest is not None and latest[2]

    def apply(self, findings: list[Finding]) -> tuple[list[Finding], int]:
        """The findings left, and how many were suppressed."""
        if not self.directives:
            return findings, 0
        kept = [finding for finding in findings if not self.covers(finding)]
        return kept, len(findings) - len(kept)


def _next_lines_with_text(lines: list[Line]) -> list[int]:
    """For each index, the number of the first later line with text (-1: none), in one backward pass."""
    found = [-1] * len(lines)
    following = -1
    for index in range(len(lines) - 1, -1, -1):
        found[index] = following
        if lines[index].text.strip():
            following = lines[index].number
    return found


def strip_directives(lines: list[Line]) -> list[Line]:
    """The lines with every ``csrlint:`` comment blanked out, numbers kept."""
    return [
        Line(DIRECTIVE.sub("", line.text), line.number, line.page) if "csrlint" in line.text else line for line in lines
    ]


def fingerprint(finding: Finding) -> str:
    """What identifies a finding across edits: its text, without the places it mentions."""
    message = PLACE_REFERENCE.sub("", finding.message)
    return f"{_normalise(finding.excerpt)}|{_normalise(message)}"


def _normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


class Baseline:
    """Known findings per (path, code, fingerprint), counted: a second identical one is new."""

    def __init__(self, path: Path, counts: Counter):
        self.path = path
        self.counts = counts

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["findings"]
            counts = Counter(
                {(entry["path"], entry["code"], entry["key"]): int(entry.get("count", 1)) for entry in entries}
            )
        except FileNotFoundError:
            raise InputError(
                str(path),
                "基线文件不存在，请先运行 --write-baseline / baseline not found, run with --write-baseline first",
            ) from None
        except (OSError, ValueError, KeyError, TypeError, OverflowError) as error:  # OverflowError: a count of 1e400
            raise InputError(str(path), f"基线文件无效 / invalid baseline: {str(error)[:200]}") from None
        except RecursionError:
            raise InputError(str(path), "基线文件无效 / invalid baseline: nested too deeply") from None
        return cls(path, counts)

    @staticmethod
    def write(path: Path, results) -> int:
        """Record every finding of ``results``; returns how many."""
        counts: Counter = Counter()
        messages: dict[tuple, str] = {}
        for result in results:
            relative = _relative(result.path, path.parent)
            for finding in result.findings:
                key = (relative, finding.code, fingerprint(finding))
                counts[key] += 1
                messages.setdefault(key, finding.message)
        entries = [
            {"path": p, "code": c, "key": k, "count": n, "message": messages[(p, c, k)]}
            for (p, c, k), n in sorted(counts.items())
        ]
        payload = {"version": BASELINE_VERSION, "tool": "csrlint", "findings": entries}
        from .files import open_output

        with open_output(path) as stream:  # never through a symbolic link
            stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return sum(counts.values())

    def apply(self, result) -> int:
        """Drop the findings of ``result`` the baseline knows; returns how many were dropped."""
        relative = _relative(result.path, self.path.parent)
        left = Counter({key: n for key, n in self.counts.items() if key[0] == relative})
        kept = []
        for finding in result.findings:
            key = (relative, finding.code, fingerprint(finding))
            if left[key] > 0:
                left[key] -= 1
            else:
                kept.append(finding)
        dropped = len(result.findings) - len(kept)
        result.findings = kept
        return dropped


def _relative(path: str, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes, so a baseline works on any OS and cwd."""
    return Path(os.path.relpath(Path(path).resolve(), root.resolve())).as_posix()
