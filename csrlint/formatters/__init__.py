"""Output formats. Each module exposes ``render(results, stream, color=False, **options) -> None``.

Options the terminal formats understand: ``width`` (cells) and ``view`` (``findings``,
``summary`` or ``statistics``); the other formats ignore them.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

#: ``--format`` name → module in this package.
FORMATTERS = {
    "rich": "terminal",
    "plain": "plain",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "html": "html",
    "gitlab": "gitlab",
}
#: Formats for people reading a terminal or a log: the ones ``--statistics`` and ``--summary-only`` shape.
TERMINAL_FORMATS = ("rich", "plain")


def render(name: str, results, stream, color: bool = False, **options) -> None:
    module = importlib.import_module(f".{FORMATTERS[name]}", __name__)
    module.render(results, stream, color=color, **options)


def use_color(stream, no_color_flag: bool = False, environ=None) -> bool:
    """Colour only on a terminal, and never when ``--no-color`` or ``NO_COLOR`` (no-color.org:
    any non-empty value) says so."""
    environ = os.environ if environ is None else environ
    if no_color_flag or environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def rule_catalogue(results) -> list:
    """Every rule the results were checked with, the user's rule directories included, by code."""
    from ..checks import catalogue

    rules = {}
    for rule_dirs in dict.fromkeys(tuple(getattr(result, "rule_dirs", ())) for result in results) or [()]:
        for rule in catalogue(tuple(Path(directory) for directory in rule_dirs)).rules:
            rules.setdefault(rule.code, rule)
    return sorted(rules.values(), key=lambda rule: rule.code)


def location(result, finding) -> str:
    """``第 12 行`` / ``第 3 段``, with the page where known: what a compiler can look up."""
    from ..document import place_name

    return place_name(finding.line, result.location_unit, finding.page)


def place_location(result, place) -> str:
    """Where the other place of a contradiction is: ``第 83 行`` / ``第 12 段``, after the other
    file's name when it lies in another document (last year's report)."""
    from ..document import place_name

    if place.line is None:
        return ""
    where = place_name(place.line, result.location_unit)
    return f"{Path(place.path).name} {where}" if place.path else where


def relative_path(path: str) -> str | None:
    """``path`` relative to the working directory (a CI job's repository root) with forward
    slashes, as GitHub and GitLab name files; None when it lies outside."""
    try:
        relative = Path(path).resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return None
    return Path(os.path.normpath(relative)).as_posix()


#: Facts a compiler wants in the header, with their Chinese labels; others stay in the JSON.
FACT_LABELS = {"report_year": "报告年度", "period": "报告期", "published": "发布", "claimed_pages": "声明篇幅（页）"}


def facts_text(facts: dict) -> str:
    """`` · 报告年度 2023 · 报告期 2023-01-01 – 2023-12-31`` for a header line."""

    def show(value) -> str:
        if isinstance(value, dict):
            return " – ".join(str(part) for part in value.values() if part is not None)
        return str(value)

    return "".join(f" · {label} {show(facts[key])}" for key, label in FACT_LABELS.items() if facts.get(key) is not None)


def repository_root(start: Path | None = None) -> Path:
    """The git top level above the working directory (``.git`` as a directory or, in a
    worktree or submodule, a file), or the working directory outside git: what CI systems
    resolve reported paths against."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return here


def root_relative(path: str, root: Path | None = None) -> str | None:
    """``path`` relative to the repository root with forward slashes; None when it lies outside."""
    root = root or repository_root()
    try:
        relative = Path(os.path.abspath(path)).relative_to(root)
    except ValueError:
        try:
            relative = Path(path).resolve().relative_to(root)
        except (ValueError, OSError):
            return None
    return Path(os.path.normpath(relative)).as_posix()
