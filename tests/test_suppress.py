"""Inline suppression comments and the baseline file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import FIXTURES, codes, lint_text, run_cli

from csrlint.document import Line
from csrlint.findings import Finding, Severity
from csrlint.suppress import Baseline, Suppressions, fingerprint

DRAFT = FIXTURES / "ci-draft.txt"


def finding(code="CSR106", line=10, family="structure", rule="numbering", message="编号跳号", excerpt=""):
    return Finding(
        code=code, rule=rule, family=family, severity=Severity.WARNING, message=message, line=line, excerpt=excerpt
    )


def scan(*texts: str) -> Suppressions:
    return Suppressions.scan([Line(text, number) for number, text in enumerate(texts, start=1)])


# --- inline comments ---------------------------------------------------------------------------


def test_block_covers_lines_between_disable_and_enable_only():
    rules = scan("a", "<!-- csrlint: disable=CSR106 -->", "b", "<!-- csrlint: enable=CSR106 -->", "c")
    assert [rules.covers(finding(line=n)) for n in (1, 3, 5)] == [False, True, False]


def test_block_selects_by_code_family_rule_name_or_all():
    for selector in ("CSR106", "csr106", "structure", "numbering", "all", ""):
        rules = scan(f"<!-- csrlint: disable={selector} -->" if selector else "<!-- csrlint: disable -->", "x")
        assert rules.covers(finding(line=2)), selector


def test_block_for_another_code_does_not_cover():
    rules = scan("<!-- csrlint: disable=CSR201,placeholder -->", "x")
    assert not rules.covers(finding(line=2))


def test_enable_of_another_code_does_not_end_the_block():
    rules = scan("<!-- csrlint: disable=CSR106 -->", "<!-- csrlint: enable=CSR101 -->", "x")
    assert rules.covers(finding(line=3))


def test_enable_one_code_inside_disable_all():
    rules = scan("<!-- csrlint: disable -->", "<!-- csrlint: enable=CSR106 -->", "x")
    assert not rules.covers(finding(line=3))
    assert rules.covers(finding(code="CSR101", rule="missing-chapter", line=3))


def test_disable_line_covers_its_own_line_only():
    rules = scan("x", "4、公众反响 <!-- csrlint: disable-line=CSR106 -->", "y")
    assert [rules.covers(finding(line=n)) for n in (1, 2, 3)] == [False, True, False]


def test_disable_next_line_skips_blank_lines():
    rules = scan("<!-- csrlint: disable-next-line=CSR106 -->", "", "  ", "4、公众反响", "5、其他")
    assert [rules.covers(finding(line=n)) for n in (4, 5)] == [True, False]


def test_only_disable_file_reaches_findings_without_a_line():
    block = scan("<!-- csrlint: disable=CSR101 -->", "x")
    whole = scan("x", "<!-- csrlint: disable-file=CSR101 -->")
    missing = finding(code="CSR101", rule="missing-chapter", line=None)
    assert not block.covers(missing)
    assert whole.covers(missing)


def test_other_html_comments_and_prose_are_not_directives():
    rules = scan("<!-- 待补充：disable 图表 -->", "请勿 disable=CSR106", "<!-- csrlint disable -->", "x")
    assert rules.directives == []


def test_draft_fixture_keeps_unsuppressed_findings_and_counts_the_rest(linter):
    result = linter.lint_path(DRAFT)
    assert codes(result, "structure") == [("CSR106", 38), ("CSR101", 113)]
    assert result.suppressed == 2


def test_without_the_comments_the_same_text_has_the_suppressed_findings(linter, tmp_path):
    text = "\n".join(line.split("<!--")[0] for line in DRAFT.read_text(encoding="utf-8").split("\n"))
    result = lint_text(text, linter, tmp_path=tmp_path)
    assert codes(result, "structure") == [("CSR106", 38), ("CSR106", 67), ("CSR101", 113), ("CSR106", 113)]
    assert result.suppressed == 0


def test_a_directive_is_not_report_text(linter, tmp_path):
    """A chapter with nothing under it but a comment is still empty."""
    text = (
        (FIXTURES / "ci-clean.txt")
        .read_text(encoding="utf-8")
        .replace("为高温作业员工配发防暑用品，全年无安全生产事故。", "<!-- csrlint: disable-line=CSR201 -->")
    )
    result = lint_text(text, linter, tmp_path=tmp_path)
    assert ("CSR104", 38) in codes(result, "structure")


# --- baseline ----------------------------------------------------------------------------------


def test_fingerprint_ignores_line_references_but_not_content():
    first = finding(message="章节「志愿服务」重复出现，第一次在第 12 行", excerpt="（二）志愿服务")
    moved = finding(message="章节「志愿服务」重复出现，第一次在第 40 行", excerpt="（二） 志愿服务")
    other = finding(message="章节「救灾捐助」重复出现，第一次在第 12 行", excerpt="（二）救灾捐助")
    assert fingerprint(first) == fingerprint(moved)
    assert fingerprint(first) != fingerprint(other)


def test_baseline_hides_known_findings_after_lines_are_added_above(tmp_path, linter):
    report = tmp_path / "report.txt"
    report.write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert Baseline.write(baseline, [linter.lint_path(report)]) == 2
    report.write_text("前言\n\n补充说明一段。\n\n" + DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    result = linter.lint_path(report)
    assert codes(result, "structure") == [("CSR106", 42), ("CSR101", 117)]
    assert Baseline.load(baseline).apply(result) == 2
    assert result.findings == []


def test_baseline_reports_a_second_identical_finding_as_new(tmp_path, linter):
    result = linter.lint_path(DRAFT)
    baseline = tmp_path / "baseline.json"
    Baseline.write(baseline, [result])
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["findings"] = [entry for entry in data["findings"] if entry["code"] == "CSR106"]
    baseline.write_text(json.dumps(data), encoding="utf-8")
    fresh = linter.lint_path(DRAFT)
    Baseline.load(baseline).apply(fresh)
    assert codes(fresh) == [("CSR101", 113)]


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path, linter):
    baseline = tmp_path / "baseline.json"
    Baseline.write(baseline, [linter.lint_path(DRAFT)])
    paths = {entry["path"] for entry in json.loads(baseline.read_text(encoding="utf-8"))["findings"]}
    expected = Path(os.path.relpath(DRAFT.resolve(), tmp_path.resolve())).as_posix()
    assert paths == {expected}
    assert expected.endswith("fixtures/ci-draft.txt") and "\\" not in expected


def test_cli_write_baseline_then_only_new_findings_fail(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.txt"
    report.write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    written = run_cli("check", "--write-baseline", "--baseline", "known.json", "report.txt")
    assert written.exit_code == 0, written.output
    assert "2" in written.stderr
    clean = run_cli("check", "--baseline", "known.json", "--format", "plain", "report.txt")
    assert (clean.exit_code, clean.stdout) == (0, "")
    report.write_text(report.read_text(encoding="utf-8").replace("2、低碳节能", "4、低碳节能"), encoding="utf-8")
    new = run_cli("check", "--baseline", "known.json", "--format", "plain", "report.txt")
    assert new.exit_code == 1
    assert [line.split(": ")[1].split()[0] for line in new.stdout.splitlines()] == ["CSR106"]
    assert "report.txt:78:" in new.stdout


def test_cli_missing_baseline_is_a_usage_error(tmp_path):
    result = run_cli("check", "--baseline", tmp_path / "none.json", DRAFT)
    assert result.exit_code == 2
    assert "--write-baseline" in result.stderr
