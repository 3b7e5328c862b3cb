"""Every rule of the registry against its own examples and counterexamples, code rules included.

Each example is a whole draft: linted, it must give a finding with the rule's code, and each
counterexample none. Drafts are linted with ``fixtures/example-rules`` as a rules directory,
whose small profile lets a structure example be a few lines; a rule for .docx only (tracked
changes, comments) has its drafts written in CriticMarkup and turned into Word files.
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES
from docx_builder import text_to_docx

from csrlint.checks import PREVIOUS_REPORT_MARK, Options, all_rules
from csrlint.engine import Linter

EXAMPLE_RULES = (FIXTURES / "example-rules",)
RULES = all_rules(EXAMPLE_RULES)


def _cases(kind: str):
    for rule in RULES:
        for index, text in enumerate(getattr(rule, kind)):
            yield pytest.param(rule, text, id=f"{rule.code}-{index}")


def found(rule, text: str, tmp_path) -> list:
    previous = None
    if PREVIOUS_REPORT_MARK in text:  # a carryover example: last year's report, then the draft
        last_year, text = text.split(PREVIOUS_REPORT_MARK)
        previous = tmp_path / "previous.md"
        previous.write_text(last_year, encoding="utf-8")
    linter = Linter.create(
        rule_dirs=EXAMPLE_RULES,
        options=Options(rule_dirs=EXAMPLE_RULES, previous=previous),
        select=frozenset({rule.code}),
    )
    if "docx" in rule.formats:
        path = text_to_docx(text).save(tmp_path / "example.docx")
    else:
        path = tmp_path / "example.md"
        path.write_text(text, encoding="utf-8")
    result = linter.lint_path(path)
    assert result.error is None, result.error
    return [finding for finding in result.findings if finding.code == rule.code]


@pytest.mark.parametrize(("rule", "text"), list(_cases("examples")))
def test_example_is_found(rule, text, tmp_path):
    assert found(rule, text, tmp_path), f"{rule.code} should flag:\n{text}"


@pytest.mark.parametrize(("rule", "text"), list(_cases("counterexamples")))
def test_counterexample_is_not_found(rule, text, tmp_path):
    assert found(rule, text, tmp_path) == [], f"{rule.code} should not flag:\n{text}"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_has_examples_and_counterexamples(rule):
    assert rule.examples and rule.counterexamples, f"{rule.code} ({rule.source}) needs both"
