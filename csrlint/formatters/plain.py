"""``--format plain``: ``path:line:col: CODE [severity] message``, one per line, for logs and editors."""

from __future__ import annotations


def render(results, stream, color: bool = False) -> None:
    for result in results:
        if result.error:
            stream.write(f"{result.path}:0:0: ERROR {result.error}\n")
            continue
        for finding in result.findings:
            stream.write(f"{result.path}:{finding.line or 0}:{finding.column or 1}: {finding.code} "
                         f"[{finding.severity.value}] {finding.message}\n")
