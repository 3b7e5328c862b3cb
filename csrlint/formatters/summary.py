"""The batch summary: one row per report (profile, coverage, counts per family, worst severity).

Shared by the rich table, ``--summary-csv`` and the HTML report, so they always agree.
"""

from __future__ import annotations

import csv
from collections import Counter

from ..checks import families as check_families

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


def write_csv(results, stream) -> None:
    """UTF-8 CSV (the caller adds a BOM so that Excel opens the Chinese correctly)."""
    writer = None
    for result in results:
        data = row(result)
        data["coverage"] = "" if data["coverage"] is None else f"{data['coverage']:.3f}"
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(data))
            writer.writeheader()
        writer.writerow(data)
