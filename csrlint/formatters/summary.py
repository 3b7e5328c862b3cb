"""The batch summary: one row per report (profile, coverage, counts per family, worst severity),
the totals of a run, and the count per rule (``--statistics``).

Shared by the rich table, ``--summary-csv`` and the HTML report, so they always agree.
"""

from __future__ import annotations

import csv
from collections import Counter

from ..checks import families as check_families
from .text import clean

SEVERITY_ORDER = ("error", "warning", "info")


def row(result) -> dict:
    families = Counter(f.family for f in result.findings)
    severities = Counter(f.severity.value for f in result.findings)
    worst = max((f.severity for f in result.findings), key=lambda s: s.rank, default=None)
    return {
        "path": result.path,
        "profile": result.profile or "",
        "coverage": result.coverage,
        **{family: families[family] for family in check_families()},
        **{severity: severities[severity] for severity in SEVERITY_ORDER},
        "worst": "unreadable" if result.error else (worst.value if worst else "clean"),
        "suppressed": result.suppressed,
        "baselined": result.baselined,
        "read_error": result.error or "",
    }


def totals(results) -> dict:
    """What a run found, for the totals row: reports by outcome, findings by family and severity."""
    worst = Counter(row(result)["worst"] for result in results)
    families = Counter(f.family for result in results for f in result.findings)
    severities = Counter(f.severity.value for result in results for f in result.findings)
    return {
        "reports": len(results),
        "clean": worst["clean"],
        "with_errors": worst["error"],
        "with_warnings": worst["warning"] + worst["info"],  # no error, but something to look at
        "unreadable": worst["unreadable"],
        "families": {
            family: families[family] for family in [*check_families(), *sorted(set(families) - set(check_families()))]
        },
        "severities": {severity: severities[severity] for severity in SEVERITY_ORDER},
        "findings": sum(families.values()),
    }


def totals_text(results) -> str:
    """``共 12 份报告：无问题 3 · 有错误 5 · 仅警告/提示 3 · 无法读取 1；发现 40 条：structure 10 · …``"""
    data = totals(results)
    families = " · ".join(f"{family} {count}" for family, count in data["families"].items())
    return (
        f"共 {data['reports']} 份报告：无问题 {data['clean']} · 有错误 {data['with_errors']} · "
        f"仅警告/提示 {data['with_warnings']} · 无法读取 {data['unreadable']}；"
        f"发现 {data['findings']} 条：{families}"
    )


def statistics(results) -> list[tuple[int, str, str, str]]:
    """(count, code, rule, severity) per rule over the run, most frequent first (``--statistics``)."""
    counts = Counter((f.code, f.rule, f.severity.value) for result in results for f in result.findings)
    return sorted(((count, *key) for key, count in counts.items()), key=lambda item: (-item[0], item[1]))


def shorten_middle(text: str, width: int) -> str:
    """``submissions/…/report-2023.docx``: the start and the end of a long name stay readable."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"
    head, tail = "", ""
    budget = width - 1
    left, right = 0, len(text) - 1
    while left <= right:  # take from the end first: the file name matters most
        char = text[right]
        if cell_len(tail) + cell_len(head) + cell_len(char) > budget:
            break
        tail, right = char + tail, right - 1
        if cell_len(tail) >= (budget * 2) // 3:
            break
    while left <= right:
        char = text[left]
        if cell_len(tail) + cell_len(head) + cell_len(char) > budget:
            break
        head, left = head + char, left + 1
    return head + "…" + tail


def _worst_rank(result) -> int:
    """Unreadable first, then error, warning, info, clean."""
    if result.error:
        return 4
    return 1 + max((f.severity.rank for f in result.findings), default=-1)


SORT_KEYS = {
    "path": lambda result: result.path,
    "severity": lambda result: (-_worst_rank(result), -len(result.findings), result.path),
    "coverage": lambda result: (result.coverage if result.coverage is not None else -1.0, result.path),
    "findings": lambda result: (-len(result.findings), result.path),
}


def sort_results(results, by: str = "path") -> list:
    return sorted(results, key=SORT_KEYS[by])


#: A cell a spreadsheet would run as a formula (OWASP "CSV injection"): ``=``, ``+``, ``-``,
#: ``@``, and the tab / carriage return some spreadsheets skip before them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A text cell that came from a file, made inert: escaped, and a formula prefix quoted with ``'``."""
    if not isinstance(value, str):
        return value
    value = clean(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def write_csv(results, stream) -> None:
    """UTF-8 CSV (the caller adds a BOM so that Excel opens the Chinese correctly)."""
    writer = None
    for result in results:
        data = row(result)
        data["coverage"] = "" if data["coverage"] is None else f"{data['coverage']:.3f}"
        data = {key: csv_cell(value) for key, value in data.items()}
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(data))
            writer.writeheader()
        writer.writerow(data)
