"""Output formats. Each module exposes ``render(results, stream, color) -> None``."""

from __future__ import annotations

import importlib

#: ``--format`` name → module in this package.
FORMATTERS = {"rich": "terminal", "plain": "plain", "json": "json_report"}


def render(name: str, results, stream, color: bool = False) -> None:
    module = importlib.import_module(f".{FORMATTERS[name]}", __name__)
    module.render(results, stream, color=color)


def location(result, finding) -> str:
    """``第 12 行`` / ``第 3 段``, with the page where known: what a compiler can look up."""
    if finding.line is None:
        return "—"
    unit = "段" if result.location_unit == "paragraph" else "行"
    text = f"第 {finding.line} {unit}"
    if finding.page:
        text += f"（第 {finding.page} 页）"
    return text
