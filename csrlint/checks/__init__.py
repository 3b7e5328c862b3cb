"""Check families and the rule registry: one module per family, discovered automatically.

Each module in this package defines:

* ``FAMILY`` — the family its findings belong to; several modules may share a family, and a
  new family is just a module with a new ``FAMILY`` (nothing else lists the families);
* its rules, declared by keyword at the top (``Rule(code=…, name=…, family=FAMILY, …)``,
  see :class:`csrlint.findings.Rule`), and ``rules(rule_dirs) -> list[Rule]`` returning them
  (a module may read some from YAML, e.g. ``placeholders.yaml``);
* ``check(context) -> Iterable[Finding]`` — the findings for one document;
* optionally ``OPTIONS`` — a dataclass of the family's ``[tool.csrlint.<family>]`` keys
  (snake_case fields, written kebab-case in the file), validated when the config is read;
  at most one module per family;
* optionally ``prepare(options)`` — reads the module's rule files and compiles its patterns,
  once, before the workers fork (a mistake there is one error for the run, exit 2; the engine's
  ``Plan.prepare``); ``check`` must not count on it having run (see ``SEPARATE``);
* optionally ``facts(context) -> dict`` — facts shown in the summary and JSON (``figure_tables``…);
* optionally ``ON_DEMAND = True`` — the family checks only when an option asks for it (carryover);
* optionally ``SEPARATE = True`` — the family is slow to load (placeholder's patterns): a single
  report on two CPUs or more is checked in two workers at once, this family in one of its own.

:func:`catalogue` is the registry: every rule of every module, refusing a second rule with a
code or a name already taken (an error naming both places). Adding a check module is adding a
file here; no other file needs to change.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import ModuleType

from ..document import Document, InputError
from ..findings import Rule
from ..matching import ProfileMatch
from ..structure import Outline

#: In a rule's example, last year's report stands above this line and this year's draft below
#: it (the carryover family compares the two; tests/test_rule_examples.py passes ``--previous``).
PREVIOUS_REPORT_MARK = "\n<!-- csrlint: 以上为上年报告 / last year's report above -->\n"


@dataclass
class Options:
    """What the user asked for that checks may need (from flags and the config file)."""

    report_year: int | None = None
    #: Last year's report (a file), or a directory of them paired by unit name (``--previous``).
    previous: Path | None = None
    rule_dirs: tuple[Path, ...] = ()
    #: ``[tool.csrlint.<family>]`` tables, validated by the family's ``OPTIONS``: only the keys
    #: the file sets, as written, e.g. ``{"figure": {"share-tolerance": 0.5}}``.
    settings: dict = field(default_factory=dict)


@dataclass
class Context:
    """What a check sees of one document: its lines, outline, profile match and the run's options."""

    document: Document
    outline: Outline
    match: ProfileMatch
    options: Options

    #: Reads another file the same way (last year's report for ``--previous``): path → Context.
    analyse: Callable[[Path], Context] | None = field(default=None, repr=False)

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
    return tuple(
        importlib.import_module(f".{info.name}", __name__)
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    )


@cache
def families() -> tuple[str, ...]:
    """Every family, in the order of its lowest rule code (structure, placeholder, figure, period…)."""
    lowest: dict[str, str] = {}
    for module in modules():
        codes = [rule.code for rule in module.rules(())] or ["~"]
        lowest[module.FAMILY] = min(lowest.get(module.FAMILY, "~"), *codes)
    return tuple(sorted(lowest, key=lambda family: (lowest[family], family)))


@cache
def on_demand_families() -> frozenset[str]:
    """Families that check only when asked (``ON_DEMAND = True``: carryover needs ``--previous``);
    a summary shows their column only when they found something."""
    return frozenset(module.FAMILY for module in modules() if getattr(module, "ON_DEMAND", False))


@cache
def separate_families() -> frozenset[str]:
    """Families slow to load (``SEPARATE = True``: placeholder's patterns), checked in a worker of
    their own when a single report is split in two (every module of the family goes with it)."""
    return frozenset(module.FAMILY for module in modules() if getattr(module, "SEPARATE", False))


def family_options() -> dict[str, type]:
    """Each family's options model (``OPTIONS`` of one of its modules), by family."""
    found: dict[str, type] = {}
    for module in modules():
        model = getattr(module, "OPTIONS", None)
        if model is None:
            continue
        if module.FAMILY in found:
            raise RuntimeError(f"family {module.FAMILY!r} declares OPTIONS twice ({module.__name__})")
        found[module.FAMILY] = model
    return found


@dataclass(frozen=True)
class Catalogue:
    """Every rule by code and by name; built once per set of rule directories."""

    rules: tuple[Rule, ...]  # by code
    by_code: dict[str, Rule]
    by_name: dict[str, Rule]

    def find(self, code_or_name: str) -> Rule | None:
        return self.by_code.get(code_or_name.upper()) or self.by_name.get(code_or_name)

    def names(self) -> set[str]:
        """What ``--select`` / ``--ignore`` / ``[severity]`` may name: codes, rule names, families."""
        return {*self.by_code, *self.by_name, *families()}


@cache
def catalogue(rule_dirs: tuple[Path, ...] = ()) -> Catalogue:
    """The registry: a code or a name declared twice is an InputError naming both places."""
    from ..rulefiles import bundled_rules_dir

    declared = [
        rule if rule.source else replace(rule, source=f"csrlint/checks/{Path(module.__file__).name}")
        for module in modules()
        for rule in module.rules(tuple(rule_dirs))
    ]
    bundled = str(bundled_rules_dir())
    # csrlint's own rules first, so that a collision names the user's file as the culprit
    declared.sort(key=lambda rule: 0 if rule.source.startswith(("csrlint/", bundled)) else 1)
    by_code: dict[str, Rule] = {}
    by_name: dict[str, Rule] = {}
    for rule in declared:
        for key, taken in ((rule.code, by_code), (rule.name, by_name)):
            other = taken.get(key)
            if other is not None:
                raise InputError(
                    rule.source,
                    f"规则{'代码' if taken is by_code else '名称'} {key} 重复，"
                    f"已由 {other.source} 定义 / duplicate rule {key}, "
                    f"also declared in {other.source}",
                )
            taken[key] = rule
    ordered = tuple(sorted(by_code.values(), key=lambda rule: rule.code))
    return Catalogue(ordered, by_code, by_name)


def all_rules(rule_dirs: tuple[Path, ...] = ()) -> list[Rule]:
    """Every rule, by code (see :func:`catalogue`)."""
    return list(catalogue(tuple(rule_dirs)).rules)
