"""Output for people and CI (issue 15) and output a checked file cannot subvert (issue 17):
wrapping, summary, statistics, colour, errors as rows, escaping, JUnit/SARIF/GitLab schemas."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, run_cli
from rich.cells import cell_len

from csrlint.engine import FileResult
from csrlint.findings import Finding, Place, Severity
from csrlint.formatters import FORMATTERS, render, use_color
from csrlint.formatters.summary import shorten_middle, write_csv
from csrlint.formatters.text import CLOSING, OPENING, clean, guard_line, wrap

DATA = Path(__file__).parent / "data"
DRAFT = FIXTURES / "ci-draft.txt"
CLEAN = FIXTURES / "ci-clean.txt"
LONG = (
    "「公众综合满意度」前后不一致：第 355 行为「84.7分」，第 779 行为「84.6 分」；"
    "占员工「62%以上」与人数不符：按第 83 行员工总数「639 名」，"
    "本句 141 人占 22.1%、62 人占 9.7%、25 人占 3.9%，完成率 100%，报告篇幅共 23 页。"
)
#: Numbers and their units that must never be split across lines.
UNBROKEN = ["84.7分", "84.6 分", "62%", "639 名", "22.1%", "9.7%", "3.9%", "100%", "23 页", "355 行", "779 行"]


def finding(message: str = LONG, line: int | None = 12, **extra) -> Finding:
    return Finding(
        code="CSR301",
        rule="figure-mismatch",
        family="figure",
        severity=Severity.WARNING,
        message=message,
        line=line,
        column=3,
        **extra,
    )


def result_with(*findings: Finding, path: str = "reports/2023.txt", unit: str = "line") -> FileResult:
    return FileResult(
        path=path,
        profile="standard-2022",
        profile_title="标准版",
        coverage=0.9,
        findings=list(findings),
        location_unit=unit,
    )


def rendered(fmt: str, results, **options) -> str:
    stream = io.StringIO()
    render(fmt, results, stream, **options)
    return stream.getvalue()


# --- Wrapping by Chinese line-breaking rules -------------------------------------------------------


@pytest.mark.parametrize("width", range(14, 90, 3))
def test_wrap_keeps_width_punctuation_and_units(width):
    lines = wrap(LONG, width, first=6, indent=4)
    assert "".join(lines).replace(" ", "") == LONG.replace(" ", "")
    assert cell_len(lines[0]) <= width - 6 and all(cell_len(line) <= width - 4 for line in lines[1:])
    assert not any(line[0] in CLOSING for line in lines[1:] if line)
    assert not any(line[-1] in OPENING for line in lines[:-1] if line)
    if width >= 24:  # room for the widest number with its unit and punctuation
        for number in UNBROKEN:  # never split from its unit
            assert any(number in line for line in lines), (number, lines)


def test_wrap_breaks_between_chinese_characters_but_not_inside_words():
    assert wrap("甲乙丙丁戊己庚辛", 6) == ["甲乙丙", "丁戊己", "庚辛"]
    assert wrap("see fixtures/ci-draft.txt now", 22) == ["see", "fixtures/ci-draft.txt", "now"]
    assert wrap("alpha beta gamma", 11) == ["alpha beta", "gamma"]
    assert wrap("短", 80) == ["短"]


@pytest.mark.parametrize("width", [80, 120])
def test_rich_at_a_fixed_width_wraps_with_a_hanging_indent(width):
    results = [
        result_with(
            finding(), finding(LONG * 2, line=None, related=[Place(40, None, "原文" * 30)]), path="reports/2023.txt"
        )
    ]
    out = rendered("rich", results, width=width)
    lines = out.splitlines()
    assert all(cell_len(line) <= width for line in lines), [line for line in lines if cell_len(line) > width]
    assert not any(line.strip() and line.strip()[0] in CLOSING for line in lines)
    first = next(index for index, line in enumerate(lines) if line.startswith("  CSR301 第 12 行 "))
    indent = cell_len("  CSR301 第 12 行 ")
    continuation = lines[first + 1]
    assert continuation.startswith(" " * indent) and not continuation.startswith(" " * (indent + 1))
    body = "".join(line.strip() for line in lines[first : first + 8])
    for number in UNBROKEN:
        assert number.replace(" ", "") in body.replace(" ", "")
    assert any(line.startswith("  CSR301 — ") for line in lines)  # a whole-file finding: no line 0
    assert ":0:" not in out and "第 0" not in out


def test_plain_wraps_only_when_given_a_width():
    results = [result_with(finding())]
    one = rendered("plain", results).splitlines()
    assert one == [f"reports/2023.txt:12:3: CSR301 [warning] {LONG}"]
    wrapped = rendered("plain", results, width=80).splitlines()
    assert len(wrapped) > 1 and all(cell_len(line) <= 80 for line in wrapped)
    assert all(line.startswith(" " * len("reports/2023.txt:12:3: CSR301 [warning] ")) for line in wrapped[1:])
    assert not any(line.strip()[0] in CLOSING for line in wrapped)


def test_positions_are_one_based_for_whole_file_findings_and_errors():
    results = [result_with(finding("缺少章节", line=None)), FileResult(path="broken.doc", error="不是 .docx")]
    assert rendered("plain", results).splitlines() == [
        "reports/2023.txt:1:1: CSR301 [warning] 缺少章节",
        "broken.doc:1:1: ERROR 不是 .docx",
    ]


def test_no_color_is_honoured():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert use_color(Terminal(), environ={}) is True
    assert use_color(Terminal(), environ={"NO_COLOR": "1"}) is False
    assert use_color(Terminal(), no_color_flag=True, environ={}) is False
    assert use_color(io.StringIO(), environ={}) is False
    assert "\x1b[" in rendered("rich", [result_with(finding())], color=True, width=80)
    assert "\x1b[" not in rendered("rich", [result_with(finding())], color=False, width=80)


# --- Summary, totals, statistics -----------------------------------------------------------------


def test_summary_fits_80_columns_with_totals_and_shortened_names():
    long_name = "submissions/区文明办/2023 年度/某某集团有限公司社会责任报告（送审稿）-final-v3.txt"
    results = [
        result_with(finding(), path=long_name),
        result_with(path="a.txt"),
        FileResult(path="old.doc", error="Word 97-2003"),
    ]
    out = rendered("rich", results, width=80, view="summary")
    lines = out.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    row = next(line for line in lines if "…" in line)
    assert "-final-v3.txt" in row and " submiss" in row  # both ends kept, the middle shortened
    assert any(line.strip().startswith("合计 3 份") for line in lines)
    assert "CSR301" not in out  # only the summary
    totals = "".join(lines[-2:]).replace(" ", "")
    assert "共3份报告：无问题1·有错误0·仅警告/提示1·无法读取1；发现1条：structure0·placeholder0·figure1" in totals


def test_shorten_middle():
    assert shorten_middle("short.txt", 20) == "short.txt"
    cut = shorten_middle("reports/2023/very-long-directory-name/report.txt", 24)
    assert cell_len(cut) <= 24 and cut.endswith("report.txt") and cut.startswith("rep") and "…" in cut
    assert cell_len(shorten_middle("社会责任报告" * 10, 15)) <= 15


def test_statistics_and_summary_only_on_a_batch(tmp_path):
    stats = run_cli("check", "--format", "plain", "--statistics", DRAFT, CLEAN, FIXTURES / "placeholder-draft.txt")
    assert stats.exit_code == 1
    counts = re.findall(r"^\s+(\d+)  (CSR\d+)  \[(\w+)\] ([\w-]+)$", stats.stdout, re.M)
    assert ("2", "CSR106", "warning", "numbering") not in counts  # ci-draft has one CSR106
    assert any(code == "CSR204" and int(count) > 1 for count, code, _, _ in counts)
    numbers = [int(count) for count, *_ in counts]
    assert numbers == sorted(numbers, reverse=True)
    assert ": CSR" not in stats.stdout and "共 3 份报告" in stats.stdout
    quiet = run_cli("check", "--format", "plain", "-q", DRAFT, CLEAN)
    assert quiet.exit_code == 1 and ": CSR" not in quiet.stdout and "合计 2 份" in quiet.stdout
    refused = run_cli("check", "--format", "json", "--statistics", DRAFT)
    assert refused.exit_code == 2 and "rich/plain" in refused.stderr


# --- Errors ----------------------------------------------------------------------------------------


def test_a_missing_path_is_that_files_error_and_the_others_are_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_cli("check", "--format", "json", "nowhere/missing.txt", "fixtures/ci-draft.txt")
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert [entry["path"] for entry in files] == ["nowhere/missing.txt", "fixtures/ci-draft.txt"]
    missing, draft = files
    assert "不存在" in missing["error"] and missing["report_year"] is None and missing["period"] is None
    assert "report_year" in draft and len(draft["findings"]) == 2
    plain = run_cli("check", "--format", "plain", "fixtures/ci-draft.txt", "missing.txt")
    assert plain.exit_code == 2 and "Error" not in plain.stderr
    assert plain.stdout.splitlines()[-1].startswith("missing.txt:1:1: ERROR 文件不存在")


@pytest.mark.parametrize(
    "name,text,line",
    [
        ("pyproject.toml", '[tool.csrlint]\nfail-on = "error\n', 2),
        ("pyproject.toml", '[project]\nname = "x"\n[tool.csrlint\n', 3),
        (".csrlint.toml", 'ignore = ["CSR106"]\nfail-on = \n', 2),
    ],
)
def test_invalid_toml_is_exit_2_naming_the_file_and_line(tmp_path, name, text, line):
    (tmp_path / name).write_text(text, encoding="utf-8")
    shutil.copy(CLEAN, tmp_path / "clean.txt")
    result = run_cli("check", "--format", "plain", tmp_path / "clean.txt")
    assert result.exit_code == 2
    assert f"{tmp_path / name}: 配置文件不是有效的 TOML（第 {line} 行）" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_valid_pyproject_without_csrlint_is_still_ignored(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    shutil.copy(CLEAN, tmp_path / "clean.txt")
    assert run_cli("check", "--format", "plain", tmp_path / "clean.txt").exit_code == 0


# --- Escaping what came from a file ----------------------------------------------------------------

HOSTILE_PATH = "sub/\udcb1\udca8\udcb8\udce6[link=https://evil.example]x[/link][/]\x1b]0;title\x07.txt"
HOSTILE_TEXT = (
    "::error file=a::pwned\n::add-mask::secret\r\n::stop-commands::tok\x1b[2J\x1b]8;;https://x\x07"
    "[bold]not bold[/] [/] [link=https://evil.example]click[/link] \u202eevil"
)


def hostile_results() -> list[FileResult]:
    comment = Finding(
        code="CSR291",
        rule="open-comment",
        family="placeholder",
        severity=Severity.WARNING,
        message=f"未处理的批注（作者：{HOSTILE_TEXT}）",
        line=3,
        column=1,
        excerpt=HOSTILE_TEXT,
        suggestion=HOSTILE_TEXT,
        related=[Place(4, None, HOSTILE_TEXT)],
    )
    return [
        result_with(comment, finding('=HYPERLINK("x")', line=None), path=HOSTILE_PATH),
        FileResult(path="::error::name.txt", error=HOSTILE_TEXT),
        FileResult(path="=cmd|' /C calc'!A0.txt", error="-2+3"),
    ]


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_every_format_escapes_what_came_from_a_file(fmt):
    out = rendered(fmt, hostile_results(), width=80)
    out.encode("utf-8")  # no lone surrogate: a GBK file name never crashes an encoder
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    if fmt in ("rich", "plain"):
        assert not any(line.lstrip().startswith("::") for line in out.splitlines()), out
        assert "\\xb1\\xa8\\xb8\\xe6" in out  # the GBK bytes of 报告, shown escaped
    if fmt == "rich":
        assert "[/]" in out and "[link=https://evil.example]" in out  # literal, never markup
    if fmt == "json":
        json.loads(out)
    if fmt in ("sarif", "gitlab"):
        json.loads(out)


def test_rich_with_colour_never_interprets_markup_or_passes_escapes():
    out = rendered("rich", hostile_results(), width=100, color=True)
    assert "\x1b]8;" not in out  # no hyperlink
    assert "[bold]not bold[/]" in out
    visible = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert not any(line.lstrip().startswith("::") for line in visible.splitlines())
    assert "\x1b[2J" not in out and "\\x1b[2J" in visible


def test_clean_and_guard_line():
    assert clean("a\x1b[31mb\udcb1\n\u202e") == "a\\x1b[31mb\\xb1\\n\\u202e"
    assert clean("报告 2023（定稿）") == "报告 2023（定稿）"  # ordinary text untouched
    assert guard_line("  ::error::x\nok ::warning::y\n::x") == "  \\::error::x\nok ::warning::y\n\\::x"


def test_summary_csv_neutralises_formulas_and_escapes_names():
    stream = io.StringIO()
    write_csv(hostile_results(), stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    assert rows[2]["path"].startswith("'=cmd") and rows[2]["read_error"] == "'-2+3"
    assert "\\xb1" in rows[0]["path"]


@pytest.mark.skipif(os.name != "posix", reason="non-UTF-8 file names are a POSIX matter")
@pytest.mark.parametrize("fmt", ["plain", "json", "sarif", "junit", "github", "gitlab", "html"])
def test_a_gbk_file_name_never_crashes_an_output_file(tmp_path, fmt, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raw = "报告-2023.txt".encode("gbk")
    with open(os.fsencode(tmp_path) + b"/" + raw, "wb") as stream:
        stream.write(DRAFT.read_bytes())
    name = os.fsdecode(raw)
    target, summary = tmp_path / f"out.{fmt}", tmp_path / "summary.csv"
    result = run_cli("check", "--format", fmt, "-o", target, "--summary-csv", summary, name)
    assert result.exit_code == 1, result.stderr
    text = target.read_text(encoding="utf-8")
    if fmt in ("json", "sarif", "gitlab"):
        text = " ".join(strings(json.loads(text)))
    assert "\\xb1\\xa8" in text or "%B1%A8" in text  # the name, escaped (percent-encoded in a URI)
    assert "\\xb1\\xa8" in summary.read_text(encoding="utf-8-sig")


def strings(data):
    """Every string value in parsed JSON."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


# --- JUnit ----------------------------------------------------------------------------------------


def junit_schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(DATA / "junit-10.xsd")))


def test_junit_is_valid_against_the_jenkins_xsd_with_unique_names(tmp_path):
    from lxml import etree

    twice = [
        finding("同一处两个问题"),
        finding("同一处两个问题"),
        finding("整个文件", line=None),
        finding("整个文件", line=None),
    ]
    results = [result_with(*twice), *hostile_results()]
    document = etree.fromstring(rendered("junit", results).encode("utf-8"))
    schema = junit_schema()
    assert schema.validate(document), schema.error_log
    for suite in document.iter("testsuite"):
        names = [case.get("name") for case in suite.iter("testcase")]
        assert len(names) == len(set(names))
        assert all(case.get("file") is None for case in suite.iter("testcase"))
    names = [case.get("name") for case in document.find("testsuite").iter("testcase")]
    assert {
        "CSR301 figure-mismatch (line 12)",
        "CSR301 figure-mismatch (line 12) #2",
        "CSR301 figure-mismatch (file)",
        "CSR301 figure-mismatch (file) #2",
    } <= set(names)


def test_junit_schema_rejects_what_jenkins_rejects():
    from lxml import etree

    bad = etree.fromstring(
        b'<testsuites><testsuite name="a" tests="1" failures="0" errors="0">'
        b'<testcase name="x" file="a.txt"/></testsuite></testsuites>'
    )
    assert not junit_schema().validate(bad)


def test_junit_of_real_runs_is_valid(tmp_path):
    from lxml import etree

    broken = tmp_path / "old.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0")
    out = run_cli("check", "--format", "junit", *sorted(FIXTURES.glob("*.txt")), broken).stdout
    assert junit_schema().validate(etree.fromstring(out.encode("utf-8")))


# --- SARIF ------------------------------------------------------------------------------------------


def sarif_errors(log) -> list[str]:
    from jsonschema import Draft4Validator

    validator = Draft4Validator(json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")))
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(log)]


def test_sarif_from_a_subdirectory_uses_repository_root_uris(monkeypatch):
    monkeypatch.chdir(ROOT / "fixtures")
    log = json.loads(
        run_cli(
            "check", "--format", "sarif", "--select", "structure,figure", "ci-draft.txt", "figure-mismatch.txt"
        ).stdout
    )
    assert sarif_errors(log) == []
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.resolve().as_uri() + "/"
    locations = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert locations == {"fixtures/ci-draft.txt", "fixtures/figure-mismatch.txt"}
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for r in run["results"]
    )
    related = [r for r in run["results"] if r.get("relatedLocations")]
    assert related and all(r["ruleId"].startswith("CSR30") for r in related)
    place = related[0]["relatedLocations"][0]
    assert place["physicalLocation"]["region"]["startLine"] > 0 and "第" in place["message"]["text"]


def test_sarif_outside_git_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "draft.txt")
    log = json.loads(run_cli("check", "--format", "sarif", "--select", "structure", "draft.txt").stdout)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "draft.txt"


def test_sarif_says_paragraph_for_docx_and_validates():
    from csrlint.formatters import sarif

    docx = result_with(finding("缺少数字", related=[Place(7, 2, "另一处")]), path="reports/a.docx", unit="paragraph")
    log = sarif.log([docx, *hostile_results()])
    assert sarif_errors(log) == []
    result = log["runs"][0]["results"][0]
    assert "第 12 段" in result["message"]["text"]
    assert result["relatedLocations"][0]["message"]["text"].startswith("第 7 段")


# --- GitLab Code Quality --------------------------------------------------------------------------


def test_gitlab_code_quality_has_gitlabs_required_fields(monkeypatch):
    from jsonschema import Draft7Validator

    monkeypatch.chdir(ROOT / "fixtures")
    out = run_cli("check", "--format", "gitlab", "ci-draft.txt", "placeholder-draft.txt", "nowhere.txt").stdout
    issues = json.loads(out)
    schema = json.loads((DATA / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
    errors = [error.message for error in Draft7Validator(schema).iter_errors(issues)]
    assert errors == []
    assert len({issue["fingerprint"] for issue in issues}) == len(issues) > 20
    assert {issue["location"]["path"] for issue in issues} == {
        "fixtures/ci-draft.txt",
        "fixtures/placeholder-draft.txt",
        "fixtures/nowhere.txt",
    }
    assert any(issue["severity"] == "blocker" and issue["location"]["path"].endswith("nowhere.txt") for issue in issues)
    assert not Draft7Validator(schema).is_valid(
        [
            {
                "description": "x",
                "check_name": "y",
                "fingerprint": "z",
                "severity": "fatal",
                "location": {"path": "a", "lines": {}},
            }
        ]
    )


# --- HTML -----------------------------------------------------------------------------------------


def test_html_summary_follows_filters_and_sorts():
    page = rendered("html", [result_with(finding()), result_with(path="b.txt")])
    assert 'data-count="family:figure">1<' in page and 'data-count="severity:warning">1<' in page
    assert '<tr class="total">' in page and "tr.total td[data-count]" in page
    assert "table.summary thead th" in page and "localeCompare" in page
    assert "@media (max-width:720px)" in page


def test_html_docx_tree_says_paragraph_and_marks_the_exact_span(tmp_path):
    report = tmp_path / "draft.txt"
    report.write_text("一、公开陈述\n本单位全年完成**亿元营业收入，同比增长。\n", encoding="utf-8")
    out = run_cli("check", "--format", "html", "--select", "CSR204", report).stdout
    assert "完成<mark>**</mark>亿元" in out
    docx = result_with(finding(), path="a.docx", unit="paragraph")
    docx.chapters = [
        {"chapter": "公开陈述", "depth": 0, "required": True, "line": 3, "heading": "公开陈述", "misplaced": False}
    ]
    page = rendered("html", [docx])
    assert "第 3 段" in page and "第 3 行" not in page


def test_span_length():
    from csrlint.formatters.html import span_length

    line = "完成**亿元，（请财务补充修改）XX 项，负责人：________。"
    assert line[2 : 2 + span_length(line, 2)] == "**"
    assert line[7 : 7 + span_length(line, 7)] == "（请财务补充修改）"
    assert line[16 : 16 + span_length(line, 16)] == "XX"
    assert span_length(line, line.index("_")) == 8


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")
def test_html_filters_change_the_summary_in_a_browser(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    page = tmp_path / "report.html"
    run_cli("check", "--format", "html", "-o", page, DRAFT, FIXTURES / "placeholder-draft.txt")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", f"{page.as_uri()}#off=warning"], capture_output=True, text=True, timeout=120
    ).stdout
    warnings = re.findall(r'data-count="severity:warning">([^<]*)<', dom)
    errors = re.findall(r'data-count="severity:error">([^<]*)<', dom)
    assert warnings and all(value in ("", "0") for value in warnings)
    assert any(value not in ("", "0") for value in errors)


# --- The GitHub Action ------------------------------------------------------------------------------


def test_action_is_composite_and_runs_csrlint_with_its_inputs(tmp_path, monkeypatch):
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert "${{ github.action_path }}" in steps[1]["env"].values() and "pip install" in steps[1]["run"]
    assert set(action["inputs"]) >= {"paths", "format", "args", "sarif"}
    script = steps[2]["run"]
    assert "${{" not in script  # inputs come through the environment, never pasted into the script
    bin_dir = Path(shutil.which("csrlint") or "").parent
    if not (bin_dir / "csrlint").exists():
        pytest.skip("csrlint is not installed as a command")
    monkeypatch.chdir(ROOT)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "CSRLINT_PATHS": "fixtures/ci-draft.txt",
        "CSRLINT_FORMAT": "github",
        "CSRLINT_ARGS": "--select structure",
        "CSRLINT_SARIF": str(tmp_path / "o.sarif"),
    }
    ran = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 1, ran.stderr
    assert ran.stdout.startswith("::warning file=fixtures/ci-draft.txt,line=38,")
    assert json.loads((tmp_path / "o.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]


def test_progress_bar_shows_a_markup_file_name_as_text(tmp_path, monkeypatch, capsys):
    """The progress bar (stderr on a terminal) names each file: markup in a name stays text
    (no hidden hyperlink), a terminal escape is shown escaped."""
    import rich.console

    from csrlint import engine

    names = ["[bold red]a.txt", "[link=mailto:x@example.org]b[link].txt", "\x1b]0;title\x07c.txt", "d.txt"]
    for name in names:
        shutil.copy(CLEAN, tmp_path / name)
    monkeypatch.setattr(rich.console.Console, "is_terminal", property(lambda self: True))
    original = engine.Linter.lint_path

    def slow(self, path, families=None):  # long enough for the bar to refresh (10 times a second) on each name
        import time

        time.sleep(0.3)
        return original(self, path, families)

    monkeypatch.setattr(engine.Linter, "lint_path", slow)
    work = engine.plan([tmp_path], engine.Flags(), isolated=True)
    results = engine.run_all(work, jobs=1, progress=True)
    assert [result.error for result in results] == [None] * 4
    shown = capsys.readouterr().err
    assert "[link=mailto:x@example.org]" in shown and "\x1b]8;" not in shown and "\x1b]0;title" not in shown


def test_word_comment_and_revision_authors_cannot_subvert_plain_or_rich(tmp_path):
    """A submitted .docx whose comment author and text are workflow commands and rich markup."""
    from docx_builder import DocxDraft

    draft = DocxDraft()
    draft.paragraph("一、公开陈述")
    draft.paragraph(
        "本单位全年营业收入稳定增长。{>>::error file=x::pwned [/] [link=https://evil.example]y[/link]："
        "::add-mask::secret\u202e [/]<<}{++::stop-commands::tok++}"
    )
    report = draft.save(tmp_path / "draft.docx")
    for fmt in ("plain", "rich"):
        result = run_cli("check", "--format", fmt, "--fail-on", "info", "--select", "CSR290,CSR291", report)
        assert result.exit_code == 1, result.stdout + result.stderr
        lines = result.stdout.splitlines()
        assert any("pwned" in line or "secret" in line for line in lines)
        assert not any(line.lstrip().startswith("::") for line in lines), result.stdout
        assert "\u202e" not in result.stdout
    assert "[/]" in result.stdout and "[link=https://evil.example]" in result.stdout
