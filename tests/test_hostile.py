"""Hostile input and untrusted submissions (issue 17): every attack, small, generated here.

The big versions (hundreds of MB, minutes before the fixes) are rows of the benchmark; these
hold the mechanism: the limit is enforced, the message names it, the rest of the batch goes on.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from bench_hostile import one_page_pdf
from conftest import FIXTURES, ROOT, run_cli
from docx_builder import DocxDraft

from csrlint import readers
from csrlint.engine import FileResult, Flags, Linter, plan, run_all
from csrlint.readers import Limits
from csrlint.readers.docx import MAX_START, format_number
from csrlint.readers.text import compact, decode

MB = 1024 * 1024
DRAFT = FIXTURES / "ci-draft.txt"
CLEAN = FIXTURES / "ci-clean.txt"
LINUX = sys.platform.startswith("linux")


def csrlint(*args, cwd=None, timeout=120, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "csrlint", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        **kwargs,
    )


# ---------------------------------------------------------------- per-file limits in workers


class _Misbehaving(Linter):
    """A linter whose files named ``hang``/``die``/``hog`` do what a hostile file can make a parser do."""

    def lint_path(self, path: Path, families=None) -> FileResult:
        if path.stem == "hang":
            while True:
                pass
        if path.stem == "die":
            os.kill(os.getpid(), signal.SIGKILL)  # what the out-of-memory killer does
        if path.stem == "hog":
            hoard = []
            while True:
                hoard.append(bytearray(64 * MB))
        return super().lint_path(path, families)


def _misbehaving_plan(tmp_path: Path, names: list[str], **limits) -> object:
    for name in names:
        if not (tmp_path / name).exists():
            (tmp_path / name).write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    work = plan([tmp_path / name for name in names], Flags())
    linter = _Misbehaving.create(limits=Limits(**limits))
    work.linters = {path: linter for path in work.files}
    return work


@pytest.mark.skipif(not LINUX, reason="fork and rlimits: the Linux path")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hanging_a_killed_and_a_hogging_file_each_get_an_error_row_and_the_rest_is_reported(tmp_path, jobs):
    names = ["a.txt", "hang.txt", "b.txt", "die.txt", "c.txt", "hog.txt", "d.txt"]
    work = _misbehaving_plan(tmp_path, names, seconds=2.0, memory_mb=256)
    started = time.monotonic()
    results = run_all(work, jobs=jobs)
    assert time.monotonic() - started < 30
    assert [Path(result.path).name for result in results] == names  # in order
    by_name = {Path(result.path).name: result for result in results}
    assert "--timeout" in by_name["hang.txt"].error and "2 秒" in by_name["hang.txt"].error
    assert "SIGKILL" in by_name["die.txt"].error and "--max-memory" in by_name["die.txt"].error
    assert "--max-memory" in by_name["hog.txt"].error and "256 MB" in by_name["hog.txt"].error
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        assert by_name[name].error is None and by_name[name].profile is not None


def test_one_small_file_costs_one_fork(tmp_path):
    """pre-commit runs csrlint on every commit: the worker must not make one small file slow."""
    results = run_all(plan([CLEAN], Flags()), jobs=None)
    assert results[0].error is None and results[0].findings == run_all(plan([CLEAN], Flags()), jobs=1)[0].findings


def test_limit_flags_and_config_keys(tmp_path):
    work = plan([CLEAN], Flags(timeout=7.5, max_memory=300))
    assert (work.linters[CLEAN].limits.seconds, work.linters[CLEAN].limits.memory_mb) == (7.5, 300)
    (tmp_path / ".csrlint.toml").write_text("timeout = 9\nmax-memory = 2048\nmax-size = 80\n", encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    limits = plan([report], Flags()).linters[report].limits
    assert (limits.seconds, limits.memory_mb, limits.max_bytes) == (9, 2048, 80 * MB)
    for bad in ("timeout = -1", "max-memory = 0", "timeout = 0"):
        (tmp_path / ".csrlint.toml").write_text(bad + "\n", encoding="utf-8")
        from csrlint import config

        config.cached_load.cache_clear()
        result = run_cli("check", "--format", "json", report)
        assert result.exit_code == 2 and "invalid value" in result.output


@pytest.mark.skipif(not LINUX, reason="signals and process groups: the Linux path")
@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
def test_interrupt_exits_130_and_leaves_no_worker(tmp_path, how):
    slow = tmp_path / "slow.txt"
    slow.write_text("一、公开陈述\n" + "其中男性员工62人，占员工总数的9.7%。\n" * 40_000, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "csrlint", "check", "--format", "json", slow],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(2.0)
    children = _children(process.pid)
    assert children, "the file is checked in a worker process"
    os.kill(process.pid, getattr(signal, how))
    _, errors = process.communicate(timeout=20)
    assert process.returncode == 130, errors
    assert "Traceback" not in errors and "interrupted" in errors
    time.sleep(0.5)
    assert not [pid for pid in children if _alive(pid)]


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as stream:
            return [int(child) for child in stream.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stream:
            return stream.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


# ---------------------------------------------------------------- decompression by real bytes


def _docx_with(path: Path, members: dict[str, bytes], stored: set[str] = frozenset()) -> Path:
    """A copy of a real small .docx with ``members`` added or replaced."""
    source = DocxDraft()
    source.paragraph("一、公开陈述")
    source.paragraph("本单位承诺报告内容真实，2023 年共有员工 120 名。")
    plain = source.save(path.with_suffix(".base.docx"))
    with zipfile.ZipFile(plain) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in original.infolist():
            if item.filename not in members:
                archive.writestr(item, original.read(item.filename))
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED)
    return path


def test_a_photo_is_never_inflated_nor_counted(tmp_path):
    """A "photo" that would inflate to 64 MB, in a package capped at 4 MB of XML: read fine."""
    bomb = zlib.compress(bytes(64 * MB), 9)
    path = _docx_with(
        tmp_path / "photos.docx",
        {"word/media/image1.png": bomb, "word/media/image2.jpeg": os.urandom(2 * MB)},
        stored={"word/media/image2.jpeg"},
    )
    result = Linter.create(limits=Limits(max_unzipped_bytes=4 * MB, max_bytes=1 * MB)).lint_path(path)
    assert result.error is None, result.error


def test_xml_that_lies_about_its_size_is_counted_by_real_bytes(tmp_path):
    path = _docx_with(tmp_path / "lie.docx", {"word/custom.xml": b"<a>" + b" " * (8 * MB) + b"</a>"})
    with open(path, "r+b") as stream:  # the directory now claims 100 bytes for the 8 MB part
        data = stream.read()
        header = data.rfind(b"PK\x01\x02", 0, data.find(b"word/custom.xml", data.find(b"PK\x01\x02")) + 1)
        stream.seek(header + 24)
        stream.write((100).to_bytes(4, "little"))
    result = Linter.create(limits=Limits(max_unzipped_bytes=4 * MB)).lint_path(path)
    assert result.error is not None and ("zip" in result.error or "corrupt" in result.error)


def test_size_message_names_the_flag(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("一、公开陈述\n" + "本单位承诺。\n" * 200_000, encoding="utf-8")
    result = run_cli("check", "--format", "plain", "--max-size", "1", path)
    assert result.exit_code == 2 and "--max-size" in result.output


def test_docx_numbering_start_is_bounded_and_formatting_never_loops(tmp_path):
    draft = DocxDraft()
    roman = draft.instance(draft.abstract_of(draft.new_list([("upperRoman", "%1.")])), restart={0: 10**12})
    letters = draft.new_list([("lowerLetter", "%1)")])
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    abstract = next(
        element
        for element in draft.numbering.iter(f"{w}abstractNum")
        if element.get(f"{w}abstractNumId") == draft.abstract_of(letters)
    )
    abstract.find(f"{w}lvl/{w}start").set(f"{w}val", str(4 * 10**9))
    draft.paragraph("公开陈述", num=(roman, 0))
    draft.paragraph("本单位承诺报告内容真实。", num=(letters, 0))
    path = draft.save(tmp_path / "numbers.docx")
    started = time.monotonic()
    document = readers.read(path)
    assert time.monotonic() - started < 5
    texts = [line.text for line in document.lines if line.text]
    assert texts[0].startswith(str(MAX_START)) and texts[1].startswith(str(MAX_START))
    assert len(format_number(10**12, "upperRoman")) <= 13 and format_number(3999, "upperRoman") == "MMMCMXCIX"
    assert format_number(28, "lowerLetter") == "bb" and format_number(4 * 10**9, "upperLetter") == str(4 * 10**9)


def _pdf_with_stream(path: Path, content: bytes, extra: bytes = b"") -> Path:
    """A one-page PDF whose content stream is ``content``, deflated; ``extra``: more objects."""
    return one_page_pdf(path, zlib.compress(content, 9), extra)


def test_pdf_content_stream_bomb_is_refused_before_pdfium(tmp_path):
    path = _pdf_with_stream(tmp_path / "bomb.pdf", b" " * (8 * MB))
    assert path.stat().st_size < 64 * 1024
    result = Linter.create(limits=Limits(max_unzipped_bytes=4 * MB)).lint_path(path)
    assert result.error is not None and "--max-size" in result.error and "PDF" in result.error


def test_pdf_photo_streams_are_not_inflated_nor_counted(tmp_path):
    photo = zlib.compress(bytes(16 * MB))
    extra = (
        b"<< /Type /XObject /Subtype /Image /Width 10 /Height 10 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(photo)
        + photo
        + b"\nendstream"
    )
    path = _pdf_with_stream(tmp_path / "photo.pdf", b"BT ET", extra)
    from csrlint.readers import pdfscan

    pdfscan.check(path, Limits(max_unzipped_bytes=1 * MB, max_bytes=path.stat().st_size - len(photo) + 100))


def test_pdfscan_patterns_are_linear():
    """The byte patterns of the PDF scan on a page of near-misses, quickly."""
    from csrlint.readers import pdfscan

    hostile = (b">> " * 100_000 + b"stream" + b"/Subtype " * 100_000 + b"/Fl") * 3
    started = time.monotonic()
    for pattern in (pdfscan.STREAM, pdfscan.IMAGE, pdfscan.FLATE):
        list(pattern.finditer(hostile))
    assert time.monotonic() - started < 5


def test_blank_lines_are_read_as_one(tmp_path):
    text = "一、公开陈述\n" + "\n" * 100_000 + "本单位承诺。\n  \n\t\n\f\n二、基本情况\n"
    lines, numbers = compact(text)
    assert lines == ["一、公开陈述", "", "本单位承诺。", "", "\f", "二、基本情况", ""]
    assert numbers == [1, 2, 100_002, 100_003, 100_005, 100_006, 100_007]
    path = tmp_path / "blank.txt"
    path.write_text(text, encoding="utf-8")
    document = readers.read(path)
    assert [line.number for line in document.lines if line.text.strip()] == [1, 100_002, 100_006]


# ---------------------------------------------------------------- every check linear


def _seconds(text: str, tmp_path: Path, name: str) -> float:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    linter = Linter.create()
    started = time.monotonic()
    result = linter.lint_path(path)
    assert result.error is None, result.error
    return time.monotonic() - started


@pytest.mark.parametrize("shape", ["share", "figures", "suppressions", "counted-lists"])
def test_adversarial_shapes_grow_linearly(tmp_path, shape):
    """Four times the input may cost at most ~8 times the time (quadratic would be 16)."""
    head = "一、公开陈述\n本单位承诺报告内容真实。\n二、基本情况\n本单位共有员工639名。\n"
    make = {
        "share": lambda n: "".join(f"其中男性员工{i % 300 + 1}人，占员工总数的{i % 90 + 1}.5%。\n" for i in range(n)),
        "figures": lambda n: "".join(f"第{i}号指标完成投资{i}.{i % 10}万元。\n" for i in range(n)),
        "suppressions": lambda n: "".join(
            f"<!-- csrlint: disable-next-line=CSR201 -->\n第{i}段（请财务补充修改）\n" for i in range(n)
        ),
        "counted-lists": lambda n: "".join(f"获得荣誉{i % 9 + 2}项：\n1、甲\n2、乙\n" for i in range(n)),
    }[shape]
    small = min(_seconds(head + make(500), tmp_path, "small.txt") for _ in range(2))
    large = _seconds(head + make(2000), tmp_path, "large.txt")
    assert large < 8 * small + 0.5, (small, large)


# ---------------------------------------------------------------- file names never options


def test_a_file_named_like_an_option_is_checked_not_obeyed(tmp_path):
    hostile = tmp_path / "--output=notes.md"
    hostile.write_text((FIXTURES / "placeholder-draft.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.md").write_text("keep me\n", encoding="utf-8")
    completed = csrlint(
        "check", "--", "--fail-on", "error", "--format", "plain", "--output=notes.md", "notes.md", cwd=tmp_path
    )
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "keep me\n"
    assert "--output=notes.md:" in completed.stdout and completed.returncode == 1, completed.stderr
    # the user's args still count: with --fail-on error the draft's warnings alone would pass
    assert "[error]" in completed.stdout


def test_marker_ends_options_explicitly_too(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    completed = csrlint("check", "--", "--format", "json", "--", "a.txt", cwd=tmp_path)
    assert json.loads(completed.stdout)["files"][0]["path"] == "a.txt"


def test_the_hook_entry_passes_files_after_the_marker():
    assert "entry: csrlint check --\n" in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("flag", ["--output", "--summary-csv"])
def test_output_never_overwrites_an_input_nor_follows_a_link(tmp_path, flag):
    report = tmp_path / "report.txt"
    report.write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    before = report.read_bytes()
    result = run_cli("check", "--format", "json", flag, report, report)
    assert result.exit_code == 2 and report.read_bytes() == before
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n", encoding="utf-8")
    (tmp_path / "link.out").symlink_to(victim)
    result = run_cli("check", "--format", "json", flag, tmp_path / "link.out", report)
    assert result.exit_code == 2 and "link" in result.output and victim.read_text(encoding="utf-8") == "keep\n"


def test_write_baseline_never_overwrites_what_is_not_a_baseline(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    precious = tmp_path / "precious.json"
    precious.write_text('{"mine": true}\n', encoding="utf-8")
    result = run_cli("check", "--write-baseline", "--baseline", precious, report)
    assert result.exit_code == 2 and precious.read_text(encoding="utf-8") == '{"mine": true}\n'
    baseline = tmp_path / "base.json"
    assert run_cli("check", "--write-baseline", "--baseline", baseline, report).exit_code == 0
    assert run_cli("check", "--write-baseline", "--baseline", baseline, report).exit_code == 0  # its own: replaced
    (tmp_path / "linked.json").symlink_to(baseline)
    assert run_cli("check", "--write-baseline", "--baseline", tmp_path / "linked.json", report).exit_code == 2


# ---------------------------------------------------------------- untrusted submissions


def _submission(tmp_path: Path, config: str) -> Path:
    folder = tmp_path / "submissions" / "org-a"
    folder.mkdir(parents=True)
    (folder / "report.txt").write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / ".csrlint.toml").write_text(config, encoding="utf-8")
    return folder


def test_a_submitted_config_cannot_loosen_limits(tmp_path):
    folder = _submission(
        tmp_path, "timeout = 100000\nmax-memory = 100000\nmax-size = 100000\n[placeholder]\ntimeout = 100000\n"
    )
    work = plan([tmp_path / "submissions"], Flags())
    linter = work.linters[folder / "report.txt"]
    default = Limits()
    assert (linter.limits.seconds, linter.limits.memory_mb, linter.limits.max_bytes) == (
        default.seconds,
        default.memory_mb,
        default.max_bytes,
    )
    assert linter.options.settings["placeholder"]["timeout"] <= 2.0
    # the same file named as the reviewer's own config (or found above the checked folder) is obeyed
    trusted = plan([folder / "report.txt"], Flags()).linters[folder / "report.txt"]
    assert trusted.limits.seconds == 100000


def test_a_submitted_config_cannot_disable_the_pattern_timeout(tmp_path):
    _submission(tmp_path, "[placeholder]\ntimeout = -1\n")
    other = tmp_path / "submissions" / "org-b"
    other.mkdir()
    (other / "report.txt").write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    code, output = _json(tmp_path / "submissions")
    rows = {Path(row["path"]).parent.name: row for row in output["files"]}
    assert code == 2 and "placeholder.timeout" in rows["org-a"]["error"]
    assert rows["org-b"]["error"] is None and rows["org-b"]["findings"]  # the other submission is still checked


@pytest.mark.parametrize("key", ["rules", "baseline"])
def test_a_submitted_config_cannot_point_outside_its_folder(tmp_path, key):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    value = f'["{outside.as_posix()}"]' if key == "rules" else f'"{(outside / "b.json").as_posix()}"'
    _submission(tmp_path, f"{key} = {value}\n")
    result = run_cli("check", "--format", "json", tmp_path / "submissions")
    assert result.exit_code == 2 and "outside" in result.output


def test_a_user_period_pattern_runs_under_the_timeout(tmp_path):
    from csrlint.checks import period

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "period.yaml").write_text('future_markers: ["(a|aa)+$"]\n', encoding="utf-8")
    patterns = period.load_patterns((rules,))
    from csrlint.document import InputError
    from csrlint.timed import timeout_for

    assert timeout_for("x" * 10) == 2.0 and timeout_for("x" * 5_000_000) == 10.0
    with pytest.raises(InputError) as raised:
        for marker in patterns.future_markers:
            marker.search("a" * 40 + "b")
    assert "period.yaml" in str(raised.value)


@pytest.mark.skipif(not LINUX, reason="FIFOs and /dev/zero")
def test_links_out_of_the_tree_devices_and_fifos_are_skipped_with_a_reason(tmp_path):
    folder = tmp_path / "submission"
    (folder / "sub").mkdir(parents=True)
    (folder / "report.txt").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("一、公开陈述\n口令 hunter2\n", encoding="utf-8")
    (folder / "sub" / "b.txt").symlink_to(secret)
    (folder / "sub" / "zero.txt").symlink_to("/dev/zero")
    (folder / "sub" / "inside.txt").symlink_to(folder / "report.txt")
    os.mkfifo(folder / "sub" / "pipe.txt")
    started = time.monotonic()
    code, output = _json(folder)
    assert time.monotonic() - started < 60
    rows = {Path(item["path"]).name: item for item in output["files"]}
    assert "outside" in rows["b.txt"]["error"] and "outside" in rows["zero.txt"]["error"]
    assert "FIFO" in rows["pipe.txt"]["error"]
    assert rows["inside.txt"]["error"] is None and rows["report.txt"]["error"] is None
    assert "hunter2" not in json.dumps(output, ensure_ascii=False)
    assert code == 2


def _json(*args):
    result = run_cli("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


OVERFLOWING = '{"version": 1, "findings": [{"path": "a", "code": "C", "key": "k", "count": 1e400}]}'


@pytest.mark.parametrize("content", [OVERFLOWING, "[" * 100_000 + "]" * 100_000])
def test_malformed_baseline_is_a_message(tmp_path, content):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content, encoding="utf-8")
    result = run_cli("check", "--format", "json", "--baseline", baseline, CLEAN)
    assert result.exit_code == 2 and "invalid baseline" in result.output


def test_deeply_nested_toml_is_a_message(tmp_path):
    config = tmp_path / "deep.toml"
    config.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "--config", config, CLEAN)
    assert result.exit_code == 2 and "TOML" in result.output


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("utf-32-be", b"\x00\x00\xfe\xff"),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-32-le", b""),
    ],
)
def test_wide_encodings_with_and_without_bom(encoding, bom):
    text = CLEAN.read_text(encoding="utf-8")
    assert decode(bom + text.encode(encoding), "x") == text


def test_binary_with_nul_bytes_is_still_binary():
    from csrlint.document import InputError

    for blob in (bytes(range(256)) * 16, b"\x00\x01\x02\x03" * 1000, b"PK\x03\x04" + bytes(2000)):
        with pytest.raises(InputError):
            decode(blob, "x")


# ---------------------------------------------------------------- the batch


def test_batch_of_good_reports_and_hostile_files(tmp_path):
    """Good reports and hostile files with -j 2: every good report's findings in JSON and CSV,
    each hostile file one error row, in the order given."""
    good = []
    for index in range(6):
        path = tmp_path / f"good-{index}.txt"
        path.write_text((DRAFT if index % 2 else CLEAN).read_text(encoding="utf-8"), encoding="utf-8")
        good.append(path)
    hostile = [
        _pdf_with_stream(tmp_path / "h-bomb.pdf", b" " * (300 * MB // 100)),
        tmp_path / "h-binary.txt",
        tmp_path / "h-broken.docx",
    ]
    hostile[1].write_bytes(bytes(range(256)) * 64)
    hostile[2].write_bytes(b"PK\x03\x04" + os.urandom(4000))
    files = [*good[:3], *hostile, *good[3:]]
    expected = {path.name: run_cli("check", "--format", "json", path) for path in good}
    out = tmp_path / "out.json"
    summary = tmp_path / "summary.csv"
    completed = csrlint(
        "check",
        "-j",
        "2",
        "--format",
        "json",
        "-o",
        out,
        "--summary-csv",
        summary,
        "--max-size",
        "1",
        *files,
        timeout=300,
    )
    assert completed.returncode == 2, completed.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))["files"]
    assert [Path(row["path"]).name for row in rows] == [path.name for path in files]
    for row in rows:
        if row["path"].startswith(str(tmp_path / "h-")):
            assert row["error"], row
        else:
            alone = json.loads(expected[Path(row["path"]).name].stdout)["files"][0]
            assert row["error"] is None and row["findings"] == alone["findings"]
    table = list(csv.reader(io.StringIO(summary.read_text(encoding="utf-8-sig"))))
    assert len(table) == len(files) + 1


def test_rule_files_are_capped_in_size_and_expansion(tmp_path):
    from csrlint.document import InputError
    from csrlint.rulefiles import MAX_RULE_FILE_BYTES, load_yaml

    laughs = tmp_path / "laughs.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 12)
    ]
    laughs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(InputError, match="expands too far"):
        load_yaml(laughs)
    assert time.monotonic() - started < 5
    huge = tmp_path / "huge.yaml"
    huge.write_text("k: [" + "1, " * (MAX_RULE_FILE_BYTES // 3 + 10) + "1]\n", encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        load_yaml(huge)
