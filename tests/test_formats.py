"""Output formats: SARIF against the official schema, GitHub workflow commands, JUnit, HTML, CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, ROOT, run_cli

from csrlint.checks import all_rules
from csrlint.formatters.github import escape_data, escape_property

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
DRAFT = FIXTURES / "ci-draft.txt"
CLEAN = FIXTURES / "ci-clean.txt"


@pytest.fixture
def in_repo(monkeypatch):
    """Run from the repository root, as a CI job does, so paths come out relative."""
    monkeypatch.chdir(ROOT)


def unreadable(tmp_path: Path) -> Path:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    return path


def render(fmt: str, *paths) -> tuple[int, str]:
    result = run_cli("check", "--format", fmt, *paths)
    return result.exit_code, result.stdout


# --- SARIF -------------------------------------------------------------------------------------


def sarif_validator():
    from jsonschema import Draft4Validator, FormatChecker

    return Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")), format_checker=FormatChecker())


def test_sarif_is_valid_against_the_official_schema(in_repo, tmp_path):
    paths = [*sorted(CORPUS.glob("*.txt")), *sorted(FIXTURES.glob("*.txt")), unreadable(tmp_path)]
    code, out = render("sarif", *paths)
    log = json.loads(out)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(log)]
    assert errors == []
    assert code == 2 and log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_schema_rejects_what_github_would_reject():
    """The shipped schema is not a rubber stamp: a wrong level or a missing message fails."""
    validator = sarif_validator()
    run = {
        "tool": {"driver": {"name": "csrlint"}},
        "results": [{"ruleId": "CSR101", "level": "fatal", "message": {"text": "x"}}],
    }
    assert not validator.is_valid({"version": "2.1.0", "runs": [run]})
    run["results"] = [{"ruleId": "CSR101", "level": "error"}]
    assert not validator.is_valid({"version": "2.1.0", "runs": [run]})


def test_sarif_rules_results_and_locations(in_repo):
    _, out = render("sarif", "--select", "structure", DRAFT)
    run = json.loads(out)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in all_rules()]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    ]
    assert results == [
        ("CSR106", "warning", "fixtures/ci-draft.txt", 38),
        ("CSR101", "warning", "fixtures/ci-draft.txt", 113),
    ]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_fingerprint_survives_lines_added_above(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.txt"
    report.write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    before = json.loads(render("sarif", "--select", "structure", "report.txt")[1])["runs"][0]["results"]
    report.write_text("补充一段说明。\n\n" + DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(render("sarif", "--select", "structure", "report.txt")[1])["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [40, 115]
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]


def test_sarif_uri_of_non_ascii_path_is_percent_encoded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "报告 2023").mkdir()
    shutil.copy(DRAFT, tmp_path / "报告 2023" / "草稿.txt")
    log = json.loads(render("sarif", "--select", "structure", "报告 2023/草稿.txt")[1])
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%E6%8A%A5%E5%91%8A%202023/%E8%8D%89%E7%A8%BF.txt"
    assert not list(sarif_validator().iter_errors(log))


# --- GitHub workflow commands ------------------------------------------------------------------


def test_github_escaping_follows_the_actions_toolkit():
    assert escape_data("100% 完成\r\n下一行") == "100%25 完成%0D%0A下一行"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"
    assert escape_data("a:b,c") == "a:b,c"  # message text keeps colons and commas


def test_github_annotations_for_the_draft(in_repo, tmp_path):
    code, out = render("github", "--select", "structure", DRAFT, unreadable(tmp_path))
    lines = out.splitlines()
    assert code == 2
    assert lines[0] == (
        "::warning file=fixtures/ci-draft.txt,line=38,title=CSR106 numbering::"
        "编号跳号：「3、」之后是「5、」%0A「5、劳动保护」"
    )
    assert lines[1].startswith(
        "::warning file=fixtures/ci-draft.txt,line=113,title=CSR101 missing-chapter::缺少章节「媒体报道」"
    )
    assert re.fullmatch(r"::error file=/.*/old\.doc,title=csrlint%3A 无法检查::.*\.doc.*", lines[2])
    assert all("\n" not in line for line in lines) and len(lines) == 3


# --- JUnit -------------------------------------------------------------------------------------


def test_junit_suites_cases_and_failures(in_repo, tmp_path):
    code, out = render("junit", "--select", "structure", DRAFT, CLEAN, unreadable(tmp_path))
    root = ET.fromstring(out)
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    rules = len(all_rules())
    draft, clean = suites["fixtures/ci-draft.txt"], suites["fixtures/ci-clean.txt"]
    assert (draft.get("tests"), draft.get("failures")) == (str(rules - 2 + 2), "2")
    assert [case.get("name") for case in draft.iter("testcase") if case.find("failure") is not None] == [
        "CSR106 numbering (line 38)",
        "CSR101 missing-chapter (line 113)",
    ]
    assert (clean.get("tests"), clean.get("failures"), clean.get("errors")) == (str(rules), "0", "0")
    broken = next(suite for name, suite in suites.items() if name.endswith("old.doc"))
    assert broken.get("failures") == "1" and broken.find("testcase/failure").get("type") == "InputError"
    assert root.get("failures") == "3" and root.get("errors") == "0"
    assert code == 2


def test_junit_strips_characters_xml_cannot_hold(tmp_path, linter):
    from csrlint.formatters import junit

    result = linter.lint_path(DRAFT)
    result.findings[0].message += "\x0c\x01"
    stream = io.StringIO()
    junit.render([result], stream)
    ET.fromstring(stream.getvalue())  # would raise on a control character


# --- CSV summary -------------------------------------------------------------------------------


def test_summary_csv_has_a_row_per_report_with_counts_and_errors(in_repo, tmp_path):
    target = tmp_path / "summary.csv"
    result = run_cli(
        "check",
        "--format",
        "plain",
        "--select",
        "structure",
        "--summary-csv",
        target,
        "--sort",
        "severity",
        CLEAN,
        DRAFT,
        unreadable(tmp_path),
    )
    assert result.exit_code == 2
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [Path(row["path"]).name for row in rows] == ["old.doc", "ci-draft.txt", "ci-clean.txt"]
    unread, draft, clean = rows
    assert unread["worst"] == "unreadable" and "Word" in unread["read_error"]
    assert (draft["structure"], draft["warning"], draft["worst"], draft["suppressed"]) == ("2", "2", "warning", "2")
    assert (clean["structure"], clean["worst"], clean["coverage"]) == ("0", "clean", "1.000")


# --- HTML --------------------------------------------------------------------------------------


def test_html_is_self_contained_with_tree_and_findings(in_repo):
    code, page = render("html", "--select", "structure", DRAFT, CLEAN)
    assert code == 1
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page) and "<link" not in page
    draft = page[page.index('id="report-0"') : page.index('id="report-1"')]
    assert '<li class="missing"' in draft and "媒体报道" in draft
    assert draft.count('class="finding warning"') == 2
    assert '<span class="l hit"><span class="n">38</span><mark>5、劳动保护</mark></span>' in draft
    assert "2 条被注释屏蔽" in draft


def test_html_escapes_report_text(tmp_path, in_repo):
    report = tmp_path / "draft.txt"
    report.write_text(
        DRAFT.read_text(encoding="utf-8").replace("全部签订劳动合同。", "全部签订<script>x</script>"), encoding="utf-8"
    )  # line 36, shown as context of the finding on line 38
    _, page = render("html", "--select", "structure", report)
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--disable-dev-shm-usage",
]


def browser(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *BROWSER_FLAGS, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": os.environ.get("HOME", "/tmp")},
    )


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")
def test_html_in_a_real_browser_filters_and_renders(in_repo, tmp_path):
    page = tmp_path / "report.html"
    result = run_cli(
        "check", "--format", "html", "-o", page, "--select", "structure", DRAFT, FIXTURES / "structure-order.txt", CLEAN
    )
    assert result.exit_code == 1
    dom = browser("--dump-dom", f"{page.as_uri()}#off=warning").stdout
    articles = re.findall(r'<article class="finding ([a-z ]+)"', dom)
    assert articles and all(classes.endswith("hidden") for classes in articles)
    shown = browser("--dump-dom", page.as_uri()).stdout
    assert not re.search(r'<article class="finding [a-z]+ hidden"', shown)
    screenshot = tmp_path / "report.png"
    browser(f"--screenshot={screenshot}", "--window-size=1400,1600", page.as_uri())
    assert screenshot.stat().st_size > 20_000  # a rendered page, not a blank one
    keep = os.environ.get("CSRLINT_SCREENSHOT")
    if keep:  # for a person to look at: CSRLINT_SCREENSHOT=/tmp/shot.png pytest -k browser
        shutil.copy(screenshot, keep)
