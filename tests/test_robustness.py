"""Hostile, oversized and malicious input: bounded time, clear errors, nothing executed.

The time bound here is a hang detector, not a speed target (``python benchmarks/bench.py``
has those): a pattern that backtracks catastrophically or a quadratic scan takes hours on
these inputs, a linear one seconds.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from bench import render_text, report_blocks, write_docx
from conftest import ROOT, run_cli

import csrlint
from csrlint.engine import Linter
from csrlint.readers import Limits

HANG_BOUND = 60  # seconds
MB = 1024 * 1024
#: Runs of the characters hostile to this domain's patterns: numbers, masks, brackets,
#: leaders, enumeration commas, units.
UNITS = {
    "digits": "1234567890",
    "stars": "*",
    "full-width-stars": "＊",
    "brackets": "（",
    "dots": ".",
    "full-width-dots": "．",
    "ellipsis": "…",
    "dashes": "-",
    "spaces": " ",
    "padded-word": "表" + " " * 20_000,
    "enumeration-commas": "、",
    "numbered": "1、",
    "decimal-numbering": "1.",
    "chinese-numerals": "万",
    "amounts": "12.5万元",
    "masked-amounts": "**万元",
    "repeated-figure": "员工满意度84.7分。",
    "year-ranges": "2023年-",
    "mixed": "1 .（*、．-X年月万",
}


#: Patterns that csrlint only ever matches at a given position (``match``/``fullmatch``),
#: with where; the sweep tries them there, at the start of every line, not at every offset.
ANCHORED_ONLY = {
    "csrlint.readers.text.TABLE_ROW": "text._inside_table: fullmatch of a neighbour line",
    "rules/period.yaml:since": "period: patterns.since.match(text, mention.end)",
}


def hostile_text(unit: str, size: int) -> str:
    """A heading, then ``size`` characters: half in a few very long lines, half in many short ones."""
    long_lines = ["一、公开陈述"] + [unit * (size // 8 // len(unit) + 1)] * 4
    short_lines, total, width = [], 0, 1
    while total < size // 2:
        short_lines.append(unit * width)
        total += len(unit) * width
        width = width % 97 + 1
    return "\n".join(long_lines + short_lines)


# ---------------------------------------------------------------- whole linter


@pytest.mark.parametrize("family", UNITS)
def test_linter_finishes_on_hostile_text(tmp_path, family):
    """~10 MB in all, one family per file, through the CLI: an answer, no traceback, no hang."""
    path = tmp_path / f"{family}.txt"
    path.write_text(hostile_text(UNITS[family], 10 * MB // len(UNITS) // 2), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "csrlint", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=HANG_BOUND,
        cwd=tmp_path,
    )
    assert completed.returncode in (0, 1), completed.stderr[-3000:]
    assert "Traceback" not in completed.stderr
    assert json.loads(completed.stdout)["files"][0]["error"] is None


# ---------------------------------------------------------------- every pattern, on 10 MB


def _compiled_patterns() -> list[tuple[str, object]]:
    """Every compiled pattern of csrlint: module-level ones and those built from the rule files."""
    found: dict[str, object] = {}

    def collect(prefix: str, value) -> None:
        if isinstance(value, re.Pattern) or type(value).__name__ == "Pattern":
            if isinstance(value.pattern, str):  # bytes patterns scan PDF syntax, see test_pdfscan_patterns_are_linear
                found[prefix] = value
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                collect(f"{prefix}[{index}]", item[1] if isinstance(item, tuple) and len(item) == 2 else item)

    for info in pkgutil.walk_packages(csrlint.__path__, "csrlint."):
        if info.name == "csrlint.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            collect(f"{info.name}.{name}", value)
    from csrlint import numbers
    from csrlint.checks import period, placeholder

    patterns = period.load_patterns()
    for name in vars(patterns):
        collect(f"rules/period.yaml:{name}", getattr(patterns, name))
    calendar = period.load_calendar()
    for dated in calendar.dated:
        collect(f"rules/calendar.yaml:{dated.name}", dated.pattern)
    collect("rules/calendar.yaml:festivals", calendar.festival_names)
    collect("rules/calendar.yaml:history_markers", calendar.history)
    collect("rules/figures.yaml (numbers)", numbers._pattern(numbers.load_rules()))
    for item in placeholder.catalogue().rules:
        for index, pattern in enumerate(item.patterns):
            found[f"rules/placeholders.yaml:{item.spec.code} {item.spec.name} #{index + 1}"] = pattern
    return sorted(found.items())


PATTERNS = _compiled_patterns()

SWEEP = textwrap.dedent("""
    import sys
    sys.path[:0] = [{tests!r}, {benchmarks!r}]
    from test_robustness import PATTERNS, UNITS, hostile_text
    pattern = dict(PATTERNS)[{name!r}]
    for unit in UNITS.values():
        text = hostile_text(unit, {size})
        if {search}:
            for _ in pattern.finditer(text):
                pass
        for line in set(text.split("\\n")):
            pattern.match(line)
            pattern.fullmatch(line)
""")


@pytest.mark.parametrize("name", [name for name, _ in PATTERNS])
def test_pattern_is_linear_on_hostile_text(name):
    """Each pattern searched over ~10 MB of hostile text and matched at the start of every line."""
    script = SWEEP.format(
        tests=str(Path(__file__).parent),
        benchmarks=str(ROOT / "benchmarks"),
        name=name,
        size=10 * MB // len(UNITS),
        search=name not in ANCHORED_ONLY,
    )
    try:
        completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=HANG_BOUND)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: no answer within {HANG_BOUND} s on hostile text (catastrophic backtracking?)")
    assert completed.returncode == 0, completed.stderr[-3000:]


def test_every_module_pattern_is_swept():
    """The sweep finds the patterns it must cover (a rename must not silently empty it)."""
    names = {name for name, _ in PATTERNS}
    assert set(ANCHORED_ONLY) <= names
    assert "csrlint.readers.tables.FIGURE" in names and "rules/figures.yaml (numbers)" in names
    assert "csrlint.structure.TOC_LINE" in names
    assert "csrlint.readers.text.PAGE_NUMBER" in names
    assert any(name.startswith("rules/placeholders.yaml:CSR204") for name in names)
    assert any(name.startswith("rules/period.yaml:") for name in names)


# ---------------------------------------------------------------- limits


def test_file_above_the_size_cap_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 3 MB on paper, nothing on disk
        handle.truncate(3 * MB)
    result = run_cli("check", "--format", "plain", "--max-size", "2", path)
    assert result.exit_code == 2
    assert "huge.txt" in result.output and "文件过大" in result.output and "file too large" in result.output


def test_file_below_the_size_cap_is_read(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("一、公开陈述\n本单位承诺报告内容真实。\n", encoding="utf-8")
    assert run_cli("check", "--format", "plain", "--max-size", "1", path).exit_code in (0, 1)


def test_default_size_cap_is_enforced_without_reading_the_file(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(Limits().max_bytes + 1)
    result = Linter.create().lint_path(path)
    assert result.error is not None and "file too large" in result.error


def _zip_bomb(path: Path, unzipped: int) -> None:
    """A .docx whose document.xml inflates to ``unzipped`` bytes of spaces."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w") as entry:
            chunk = b" " * MB
            for _ in range(unzipped // MB):
                entry.write(chunk)


def test_docx_above_the_decompressed_cap_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    _zip_bomb(path, 8 * MB)
    assert path.stat().st_size < MB
    result = Linter.create(limits=Limits(max_unzipped_bytes=4 * MB)).lint_path(path)
    assert result.error is not None and "zip" in result.error


def test_docx_within_the_decompressed_cap_is_read(tmp_path):
    path = tmp_path / "report.docx"
    write_docx(report_blocks(9), path)
    result = Linter.create(limits=Limits(max_unzipped_bytes=4 * MB)).lint_path(path)
    assert result.error is None and result.profile == "manual-2012"


def _blank_pdf(path: Path, pages: int) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    document.save(str(path))


def test_pdf_above_the_page_cap_is_refused(tmp_path):
    path = tmp_path / "long.pdf"
    _blank_pdf(path, 12)
    result = Linter.create(limits=Limits(max_pages=10)).lint_path(path)
    assert result.error is not None and "12" in result.error and "too many pages" in result.error


# ---------------------------------------------------------------- rule files are data


def test_no_unsafe_yaml_loading_in_the_source():
    unsafe = re.compile(
        r"yaml\.(?:unsafe_load|full_load)\s*\(|yaml\.load(?:_all)?\s*\((?!.*Loader=SAFE_LOADER)"
        r"|Loader\s*=\s*yaml\.(?:Unsafe|Full)?Loader\b"
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "csrlint").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if unsafe.search(line)
    ]
    assert offenders == []


OBJECT_TAG = '!!python/object/apply:os.system ["touch {marker}"]'


@pytest.mark.parametrize(
    "file_name, document",
    [
        ("profiles/evil.yaml", "id: evil\ntitle: {tag}\nsource: x\nbasis: guideline\nchapters: []\n"),
        ("placeholders.yaml", "rules:\n  - {tag}\n"),
        ("period.yaml", "titles: {tag}\n"),
        ("figures.yaml", "units: {tag}\n"),
    ],
)
def test_python_tags_in_rule_files_are_refused_not_executed(tmp_path, file_name, document):
    marker = tmp_path / "executed"
    rules = tmp_path / "rules"
    (rules / "profiles").mkdir(parents=True)
    (rules / file_name).write_text(document.format(tag=OBJECT_TAG.format(marker=marker)), encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("一、公开陈述\n本单位承诺报告内容真实。\n", encoding="utf-8")
    result = run_cli("check", "--format", "plain", "--rules", rules, draft)
    assert not marker.exists()
    assert result.exit_code == 2
    assert file_name.split("/")[-1] in result.output


def test_catastrophic_user_pattern_is_refused_naming_the_rule(tmp_path):
    """A user's placeholder rule that backtracks exponentially stops with its code, not a hang."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "placeholders.yaml").write_text(
        textwrap.dedent("""\
        rules:
          - code: CSR280
            name: nested-repeat
            severity: warning
            message: "重复：{match}"
            patterns: ['(?:a|aa)+$']
            examples: ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"]
        """),
        encoding="utf-8",
    )
    draft = tmp_path / "draft.txt"
    draft.write_text("一、公开陈述\n" + "a" * 40 + "b\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "csrlint", "check", "--format", "plain", "--rules", str(rules), str(draft)],
        capture_output=True,
        text=True,
        timeout=HANG_BOUND,
    )
    assert completed.returncode == 2
    assert "CSR280" in completed.stderr + completed.stdout


def test_catastrophic_user_calendar_pattern_times_out_naming_the_file(tmp_path):
    """An event pattern of a user's calendar.yaml runs under the same timeout as other user patterns."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "calendar.yaml").write_text(
        "events:\n  - name: 回溯\n    pattern: '(?:a|aa)+$'\n    year: 2020\n", encoding="utf-8"
    )
    draft = tmp_path / "draft.txt"
    draft.write_text("2023年度社会责任报告\n一、公开陈述\n" + "a" * 60 + "b\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "csrlint", "check", "--format", "plain", "--rules", str(rules), str(draft)],
        capture_output=True,
        text=True,
        timeout=HANG_BOUND,
    )
    assert completed.returncode == 2
    assert "calendar.yaml" in completed.stderr + completed.stdout and "Traceback" not in completed.stderr


# ---------------------------------------------------------------- the synthetic reports


def test_synthetic_reports_follow_the_profile_they_are_built_from(tmp_path):
    """The bench's reports exercise every family only if they parse as the intended profile."""
    path = tmp_path / "synthetic.txt"
    path.write_text(render_text(report_blocks(30, seed=3)), encoding="utf-8")
    result = Linter.create().lint_path(path)
    assert result.error is None
    assert result.profile == "manual-2012" and result.coverage == 1.0
    assert result.facts.get("claimed_pages") == 30


# ---------------------------------------------------------------- determinism


def test_same_report_whatever_the_hash_seed_or_the_number_of_workers():
    """Set and dict order differ between processes (PYTHONHASHSEED); the findings must not,
    nor may parallel workers reorder them."""
    from conftest import CORPUS, FIXTURES

    targets = [str(FIXTURES)] + ([str(CORPUS)] if CORPUS.is_dir() else [])
    outputs = []
    for seed, jobs in (("1", "1"), ("2", "2")):
        completed = subprocess.run(
            [sys.executable, "-m", "csrlint", "check", "--format", "json", "--jobs", jobs, *targets],
            capture_output=True,
            text=True,
            timeout=HANG_BOUND,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert completed.returncode in (1, 2), completed.stderr[-2000:]
        outputs.append(json.loads(completed.stdout))
    assert outputs[0] == outputs[1]
    assert sum(len(report["findings"]) for report in outputs[0]["files"]) > 50
