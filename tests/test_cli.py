"""The command line around the checks: rule catalogue, batch runs, summary, start-up cost."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from csrlint.checks import modules
from csrlint.engine import Flags, plan, run_all

DRAFT = FIXTURES / "ci-draft.txt"
CLEAN = FIXTURES / "ci-clean.txt"


def every_rule():
    return sorted((rule for module in modules() for rule in module.rules(())), key=lambda rule: rule.code)


# --- catalogue ---------------------------------------------------------------------------------


def test_rules_lists_every_rule_of_every_family():
    result = run_cli("rules")
    listed = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(code, name, family, severity) for code, name, family, severity, _ in listed] == [
        (r.code, r.name, r.family, r.severity.value) for r in every_rule()
    ]
    assert {module.FAMILY for module in modules()} <= {family for _, _, family, _, _ in listed}


@pytest.mark.parametrize("rule", every_rule(), ids=lambda rule: rule.code)
def test_explain_every_rule(rule):
    result = run_cli("explain", rule.code.lower())
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{rule.code} {rule.name}（{rule.family}，")
    assert rule.summary in result.stdout
    by_name = run_cli("explain", rule.name)
    assert by_name.stdout == result.stdout


def test_explain_unknown_rule_is_a_usage_error():
    result = run_cli("explain", "CSR999")
    assert result.exit_code == 2 and "CSR999" in result.stderr


# --- batch -------------------------------------------------------------------------------------


@pytest.fixture
def batch(tmp_path) -> Path:
    """Six reports, one of them a Word 97 file no reader can open."""
    for index in range(3):
        shutil.copy(DRAFT, tmp_path / f"draft-{index}.txt")
        shutil.copy(CLEAN, tmp_path / f"clean-{index}.txt")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    return tmp_path


def test_unreadable_file_is_a_row_and_the_run_goes_on(batch):
    result = run_cli("check", "--format", "json", "--select", "structure", batch)
    assert result.exit_code == 2
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert len(files) == 7
    assert "Word" in files["old.doc"]["error"]
    assert [(x["code"], x["line"]) for x in files["draft-2.txt"]["findings"]] == [("CSR106", 38), ("CSR101", 113)]


def test_parallel_run_gives_the_same_results_in_the_same_order(batch):
    work = plan([batch], Flags(select=("structure",)), isolated=True)
    serial = run_all(work, jobs=1)
    parallel = run_all(work, jobs=2)
    assert [(r.path, r.error, [(f.code, f.line) for f in r.findings]) for r in parallel] == [
        (r.path, r.error, [(f.code, f.line) for f in r.findings]) for r in serial
    ]


def test_check_failing_inside_a_worker_becomes_that_files_error(batch, monkeypatch):
    from csrlint import engine

    def broken(self, path, families=None):
        if path.name == "draft-1.txt":
            raise RuntimeError("boom")
        return original(self, path, families)

    original = engine.Linter.lint_path
    monkeypatch.setattr(engine.Linter, "lint_path", broken)
    work = plan([batch], Flags(select=("structure",)), isolated=True)
    results = {Path(r.path).name: r for r in run_all(work, jobs=1)}
    assert results["draft-1.txt"].error == "内部错误 / internal error: RuntimeError: boom"
    assert results["draft-2.txt"].error is None and len(results["draft-2.txt"].findings) == 2


def test_rich_summary_table_sorted_by_severity(batch, monkeypatch):
    monkeypatch.chdir(batch)
    result = run_cli("check", "--format", "rich", "--select", "structure", "--sort", "severity", ".")
    table = result.stdout[result.stdout.index("汇总 / summary") :]
    rows = [line for line in table.splitlines() if ".txt" in line or ".doc" in line]
    names = [row.split()[0].rsplit("/", 1)[-1] for row in rows]
    assert names[0] == "old.doc" and "无法读取" in rows[0]
    assert [name.split("-")[0] for name in names[1:]] == ["draft"] * 3 + ["clean"] * 3
    assert "警告" in rows[1] and "通过" in rows[-1]


def test_sort_by_coverage_puts_the_weakest_report_first(batch):
    result = run_cli(
        "check",
        "--format",
        "json",
        "--select",
        "structure",
        "--sort",
        "coverage",
        batch / "clean-0.txt",
        batch / "draft-0.txt",
    )
    assert [Path(f["path"]).name for f in json.loads(result.stdout)["files"]] == ["draft-0.txt", "clean-0.txt"]


def test_output_file_and_exit_codes(tmp_path):
    target = tmp_path / "out.json"
    assert run_cli("check", "--format", "json", "-o", target, CLEAN).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["files"][0]["findings"] == []
    assert run_cli("check", "--select", "structure", "--fail-on", "error", DRAFT).exit_code == 0
    assert run_cli("check", "--select", "structure", DRAFT).exit_code == 1


def test_unknown_code_on_the_command_line_is_a_usage_error():
    result = run_cli("check", "--ignore", "CSR1O1", DRAFT)
    assert result.exit_code == 2 and "CSR1O1" in result.stderr


def test_version_does_not_import_the_heavy_libraries():
    """``csrlint --version`` must start fast: no pydantic, rich, docx or pdfium at import time."""
    code = (
        "import sys, csrlint.cli; heavy = {'pydantic', 'rich', 'docx', 'pypdfium2', 'rapidfuzz', 'yaml'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


#: Runs csrlint's command line in this process, then names the libraries it imported.
IMPORTED = """
import sys
from csrlint.cli import main
sys.argv = ["csrlint", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("imported:", sorted({name.split(".")[0] for name in sys.modules}), file=sys.stderr)
"""
LIBRARIES = {
    *("pydantic", "yaml", "rich", "docx", "pypdfium2", "rapidfuzz", "regex", "charset_normalizer", "starlette"),
    *("tomllib", "tomli"),  # no configuration file where these run
}


@pytest.mark.parametrize(
    ("command", "needed"),
    [
        (["--version"], set()),
        (["rules"], set()),
        (["rules", "--format", "markdown"], set()),
        (["explain", "CSR204"], set()),
        # the parent compiles the patterns (dates, figures, placeholders) its workers inherit
        (["check", "--format", "json", "draft.txt"], {"regex"}),
        (["check", "--format", "rich", "draft.txt"], {"regex", "rich"}),
    ],
)
def test_each_command_imports_only_what_it_needs(tmp_path, command, needed):
    """Rule files are validated once and cached: later runs need neither pydantic nor PyYAML,
    and listing or explaining rules compiles no pattern and scores no heading."""
    shutil.copy(DRAFT, tmp_path / "draft.txt")  # away from the checkout's pyproject.toml
    env = {**os.environ, "CSRLINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CSRLINT_NO_CACHE", None)
    for _ in range(2):  # the first run fills the cache
        done = subprocess.run(
            [sys.executable, "-c", IMPORTED, *command], capture_output=True, text=True, cwd=tmp_path, env=env
        )
    imported = set(ast.literal_eval(done.stderr.rsplit("imported:", 1)[1].strip()))
    unneeded = imported & LIBRARIES - needed
    if sys.version_info < (3, 11):  # re has no possessive quantifiers: compat compiles those patterns with regex
        unneeded -= {"regex"}
    assert not unneeded and needed <= imported, done.stderr[-500:]


@pytest.mark.parametrize(("target", "code"), [(DRAFT, 1), (CLEAN, 0), (Path("missing.txt"), 2)])
def test_the_console_script_exits_with_the_commands_code_and_its_output_whole(tmp_path, target, code):
    """``run`` ends the process without the interpreter's teardown: the exit code and every
    byte written (to stdout and to ``-o``) must survive that."""
    out = tmp_path / "out.json"
    args = ["check", "--format", "json", str(ROOT / target if target.is_absolute() else target)]
    to_stdout = subprocess.run([sys.executable, "-m", "csrlint", *args], capture_output=True, text=True, cwd=ROOT)
    to_file = subprocess.run([sys.executable, "-m", "csrlint", *args, "-o", str(out)], capture_output=True, cwd=ROOT)
    assert to_stdout.returncode == code and to_file.returncode == code, to_stdout.stderr
    if code != 2:
        assert json.loads(to_stdout.stdout) == json.loads(out.read_text(encoding="utf-8"))
    else:
        assert "missing.txt" in to_stdout.stdout + to_stdout.stderr


def _comparable(result) -> tuple:
    return (
        result.path,
        result.error,
        [(f.code, f.line, f.column, f.message, f.severity) for f in result.findings],
        result.suppressed,
        result.facts,
        result.context,
        result.chapters,
    )


@pytest.mark.parametrize("draft", [DRAFT, FIXTURES / "placeholder-draft.txt", FIXTURES / "period-draft.txt"])
def test_one_report_in_two_parts_gives_what_one_worker_gives(monkeypatch, draft):
    """On two CPUs a single report is checked by two workers at once, one of them for the
    placeholder family alone; merged, their results are the one worker's, suppressions included."""
    from csrlint import engine

    monkeypatch.setattr(engine, "_cpus", lambda: 2)
    work = plan([draft], Flags(), isolated=True)
    assert [sorted(part) for part in engine.parts(work, None)] == [
        ["carryover", "figure", "period", "structure"],
        ["placeholder"],
    ]
    whole = run_all(work, jobs=1)
    assert whole[0].findings and whole[0].error is None
    assert [_comparable(r) for r in run_all(work, jobs=None)] == [_comparable(r) for r in whole]


def test_a_report_is_checked_whole_when_parts_would_not_help(monkeypatch, batch):
    from csrlint import engine

    monkeypatch.setattr(engine, "_cpus", lambda: 2)
    single = plan([DRAFT], Flags(), isolated=True)
    assert engine.parts(single, 1) == [None]  # -j 1: one worker
    assert engine.parts(plan([batch], Flags(), isolated=True), None) == [None]  # a batch: a file per worker
    assert engine.parts(plan([DRAFT], Flags(select=("placeholder",)), isolated=True), None) == [None]
    assert engine.parts(plan([DRAFT], Flags(ignore=("placeholder",)), isolated=True), None) == [None]
    monkeypatch.setattr(engine, "_cpus", lambda: 1)
    assert engine.parts(single, None) == [None]


def test_a_part_that_hangs_costs_its_file_an_error_row(monkeypatch, tmp_path):
    """The placeholder worker killed at the time limit: the report is an error row, exit 2."""
    from csrlint import engine
    from csrlint.checks import placeholder

    def hang(context):
        while True:
            pass
        yield

    monkeypatch.setattr(engine, "_cpus", lambda: 2)
    monkeypatch.setattr(placeholder, "check", hang)
    work = plan([DRAFT], Flags(timeout=1.0), isolated=True)
    [result] = run_all(work, jobs=None)
    assert "--timeout" in result.error
