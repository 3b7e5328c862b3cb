"""The rule reference cannot drift: docs/rules.md is the registry's own output, and every rule
row of README's tables names a registered rule with its code, name (and severity, where given)."""

from __future__ import annotations

import re

from conftest import ROOT, run_cli

from csrlint.checks import all_rules

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_docs_rules_md_is_up_to_date():
    generated = run_cli("rules", "--format", "markdown").stdout
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == generated, "regenerate: csrlint rules --format markdown > docs/rules.md"


def test_docs_rules_md_lists_every_rule_once():
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert re.findall(r"^### (CSR\d+)$", written, re.M) == [rule.code for rule in all_rules()]


def test_readme_rule_tables_match_the_registry():
    rules = {rule.code: rule for rule in all_rules()}
    rows = re.findall(
        r"^\| (CSR\d{3})(?: / (CSR\d{3}))? \| ([a-z-]+)(?: / ([a-z-]+))? \|(?: (error|warning|info) \|)?", README, re.M
    )
    assert len(rows) >= 20
    for first, second, name, second_name, severity in rows:
        assert rules[first].name == name
        if second:
            assert rules[second].name == second_name
        if severity:
            assert rules[first].severity.value == severity
    assert "docs/rules.md" in README
