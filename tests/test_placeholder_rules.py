"""Every placeholder rule against its own examples and counterexamples.

The rules come from the bundled ``rules/placeholders.yaml``, the sample user directory
``fixtures/placeholder-rules`` and any directory in ``$CSRLINT_RULES`` (separated by the
path separator), so a user who adds a rule gets it tested by running this file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURES

from csrlint.checks import Options, placeholder
from csrlint.document import Document, Line
from csrlint.engine import Linter

USER_DIRS = [
    FIXTURES / "placeholder-rules",
    *(Path(part) for part in os.environ.get("CSRLINT_RULES", "").split(os.pathsep) if part),
]
RULE_SETS = [(), *((directory,) for directory in USER_DIRS)]


def _cases(kind: str):
    for rule_dirs in RULE_SETS:
        for item in placeholder.catalogue(rule_dirs).rules:
            for index, text in enumerate(getattr(item.spec, kind)):
                where = rule_dirs[0].name if rule_dirs else "bundled"
                yield pytest.param(rule_dirs, item.spec.code, text, id=f"{where}-{item.spec.code}-{index}")


def found(rule_dirs: tuple[Path, ...], code: str, text: str) -> list[int]:
    """Lines at which ``code`` is reported when ``text`` is a whole document."""
    linter = Linter.create(rule_dirs=rule_dirs, options=Options(rule_dirs=rule_dirs), select=frozenset({code}))
    lines = [Line(part, number) for number, part in enumerate(text.split("\n"), start=1)]
    result = linter.lint_document(Document(path="example.txt", lines=lines))
    return [finding.line for finding in result.findings if finding.code == code]


@pytest.mark.parametrize(("rule_dirs", "code", "text"), list(_cases("examples")))
def test_example_is_found(rule_dirs, code, text):
    assert found(rule_dirs, code, text), f"{code} should flag: {text!r}"


@pytest.mark.parametrize(("rule_dirs", "code", "text"), list(_cases("counterexamples")))
def test_counterexample_is_not_found(rule_dirs, code, text):
    assert found(rule_dirs, code, text) == [], f"{code} should not flag: {text!r}"


def test_every_rule_has_examples_and_counterexamples():
    for rule_dirs in RULE_SETS:
        for item in placeholder.catalogue(rule_dirs).rules:
            assert item.spec.examples and item.spec.counterexamples, item.spec.code
