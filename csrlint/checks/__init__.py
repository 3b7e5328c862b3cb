"""Check families: one module per family, discovered automatically.

Each module in this package defines:

* ``FAMILY`` — the family name (``structure``, ``placeholder``, ``figure``, ``period``);
* ``rules(context_or_none) -> list[Rule]`` — its catalogue (some families read theirs from YAML);
* ``check(context) -> Iterable[Finding]`` — the findings for one document.

Adding a family is adding a module; no other file needs to change.
"""

from __future__ import annotations

import importlib
import pkgutil
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
    rule_dirs: tuple[Path, ...] = ()
    #: Per-check thresholds from the config file, e.g. {"figure": {"tolerance": 0.01}}.
    settings: dict = field(default_factory=dict)


@dataclass
class Context:
    document: Document
    outline: Outline
    match: ProfileMatch
    options: Options

    @property
    def profile(self):
        return self.match.profile


@cache
def families() -> dict[str, ModuleType]:
    """Family name → module, for every module in this package."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f".{info.name}", __name__)
        found[module.FAMILY] = module
    return found


def all_rules(rule_dirs: tuple[Path, ...] = ()) -> list[Rule]:
    rules: list[Rule] = []
    for module in families().values():
        rules.extend(module.rules(rule_dirs))
    return sorted(rules, key=lambda rule: rule.code)
