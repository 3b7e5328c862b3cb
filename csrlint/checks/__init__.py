"""Check families: one module per family, discovered automatically.

Each module in this package defines:

* ``FAMILY`` — the family its findings belong to (``structure``, ``placeholder``, ``figure``,
  ``period``); several modules may share a family;
* ``rules(rule_dirs) -> list[Rule]`` — its catalogue (some modules read theirs from YAML);
* ``check(context) -> Iterable[Finding]`` — the findings for one document;
* optionally ``facts(context) -> dict`` — facts shown in the summary and JSON (``report_year``…).

Adding a check module is adding a file here; no other file needs to change.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

from ..document import Document
from ..findings import Rule
from ..matching import ProfileMatch
from ..structure import Outline


@dataclass
class Options:
    """What the user asked for that checks may need (from flags and the config file)."""

    report_year: int | None = None
    #: Last year's report (a file), or a directory of them paired by unit name (``--previous``).
    previous: Path | None = None
    rule_dirs: tuple[Path, ...] = ()
    #: Per-check thresholds from the config file, e.g. {"figure": {"tolerance": 0.01}}.
    settings: dict = field(default_factory=dict)


@dataclass
class Context:
    document: Document
    outline: Outline
    match: ProfileMatch
    options: Options

    #: Reads another file the same way (last year's report for ``--previous``): path → Context.
    analyse: "Callable[[Path], Context] | None" = field(default=None, repr=False)

    #: Per-document results one module computes once and uses twice (in check and facts).
    memo: dict = field(default_factory=dict, repr=False)

    @property
    def profile(self):
        return self.match.profile

    def once(self, key: str, compute):
        """``compute()`` the first time ``key`` is asked for on this document, then its result."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


@cache
def modules() -> tuple[ModuleType, ...]:
    """Every check module in this package, in name order (so findings come out stably)."""
    return tuple(importlib.import_module(f".{info.name}", __name__)
                 for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name))


def all_rules(rule_dirs: tuple[Path, ...] = ()) -> list[Rule]:
    rules: list[Rule] = []
    for module in modules():
        rules.extend(module.rules(rule_dirs))
    return sorted(rules, key=lambda rule: rule.code)
