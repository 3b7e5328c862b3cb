"""Output formats. Each module exposes ``render(results, stream, color=False, **options) -> None``.

Options the terminal formats understand: ``width`` (cells) and ``view`` (``findings``,
``summary`` or ``statistics``); the other formats ignore them.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

#: ``--format`` name → module in this package.
FORMATTERS = {"rich": "terminal", "plain": "plain", "json": "json_report", "sarif": "sarif",
              "github": "github", "junit": "junit", "html": "html", "gitlab": "gitlab"}
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


def location(result, finding) -> str:
    """``第 12 行`` / ``第 3 段``, with the page where known: what a compiler can look up."""
    if finding.line is None:
        return "—"
    unit = "段" if result.location_unit == "paragraph" else "行"
    text = f"第 {finding.line} {unit}"
    if finding.page:
        text += f"（第 {finding.page} 页）"
    return text


def place_location(result, place) -> str:
    """Where the other place of a contradiction is: ``第 83 行`` / ``第 12 段``."""
    if place.line is None:
        return ""
    return f"第 {place.line} {'段' if result.location_unit == 'paragraph' else '行'}"


def relative_path(path: str) -> str | None:
    """``path`` relative to the working directory (a CI job's repository root) with forward
    slashes, as GitHub and GitLab name files; None when it lies outside."""
    try:
        relative = Path(path).resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return None
    return Path(os.path.normpath(relative)).as_posix()


#: Facts a compiler wants in the header, with their Chinese labels; others stay in the JSON.
FACT_LABELS = {"report_year": "报告年度", "period": "报告期", "published": "发布",
               "claimed_pages": "声明篇幅（页）"}


def facts_text(facts: dict) -> str:
    """`` · 报告年度 2023 · 报告期 2023-01-01 – 2023-12-31`` for a header line."""
    def show(value) -> str:
        if isinstance(value, dict):
            return " – ".join(str(part) for part in value.values() if part is not None)
        return str(value)

    return "".join(f" · {label} {show(facts[key])}" for key, label in FACT_LABELS.items()
                   if facts.get(key) is not None)


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
