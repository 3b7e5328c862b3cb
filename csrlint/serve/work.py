"""What a worker process does with one upload: check it, render its report section, annotate it.

Runs in a ProcessPoolExecutor, so that a slow PDF never blocks the page; everything it needs
from the upload is done before the upload is deleted.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

#: One linter per worker process and size limit (profiles and rules are loaded once).
_LINTERS: dict[int, object] = {}


@dataclass
class Outcome:
    """What a worker sends back for one uploaded file."""

    result: object  # FileResult, its path the name the user gave
    section: str  # the HTML report's section for this file
    annotated: bytes | None = None  # the .docx with the findings as comments


def worker_signals() -> None:
    """Workers leave Ctrl+C and shutdown to the server (they inherit its signal handlers when forked)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def check_upload(
    path: str, name: str, index: int, max_size_mb: int, previous: tuple[str, str] | None = None
) -> Outcome:
    """Check the upload at ``path`` as ``csrlint check --isolated`` would; show it as ``name``.
    ``previous`` is last year's report (its upload path and name), for ``--previous``."""
    from dataclasses import replace

    from ..engine import Flags, lint_safely, plan
    from ..formatters import html

    upload = Path(path)
    if max_size_mb not in _LINTERS:
        _LINTERS[max_size_mb] = plan([upload], Flags(max_size=max_size_mb), isolated=True).linters[upload]
    linter = _LINTERS[max_size_mb]
    if previous is not None:
        linter = replace(linter, options=replace(linter.options, previous=Path(previous[0])), _analysed={})
    result = lint_safely(linter, upload)
    if previous is not None:  # last year's report is named as the user named it, never by its upload path
        for finding in result.findings:
            finding.related = [
                replace(place, path=previous[1]) if place.path == previous[0] else place for place in finding.related
            ]
        if "previous" in result.facts:
            result.facts["previous"]["path"] = previous[1]
        if result.error:
            result.error = result.error.replace(previous[0], previous[1])
    section = html._report(index, result).replace(escape(str(upload)), escape(name))
    annotated = None
    if result.error is None and upload.suffix.lower() == ".docx":
        annotated = _annotated(upload, result)
    result.path = name
    return Outcome(result, section, annotated)


def failed(name: str, index: int, reason: str) -> Outcome:
    """A file that could not be checked at all, shown with its reason."""
    from ..engine import FileResult
    from ..formatters import html

    result = FileResult(path=name, error=reason)
    return Outcome(result, html._report(index, result))


def _annotated(upload: Path, result) -> bytes | None:
    from ..annotate import annotate

    buffer = io.BytesIO()
    try:
        annotate(upload, result, buffer)
    except Exception:  # noqa: BLE001 — the findings are still shown; only the download is missing
        return None
    return buffer.getvalue()
