"""Property-based fuzzing: every reader, the structure parser, number and date extraction,
and the whole linter take any input without an exception other than ``InputError``, and
give the same answer for the same input every time.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from functools import cache
from pathlib import Path

import pytest
from bench import render_text, report_blocks, report_pages, write_docx, write_pdf
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from csrlint import readers, structure
from csrlint.document import Document, InputError
from csrlint.engine import Linter
from csrlint.matching import known_titles
from csrlint.readers import Limits
from csrlint.readers.text import split_pages

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Characters the checks care about, so random text reaches their code paths.
DOMAIN = (
    "一二三四五六七八九十百千万亿两零〇第章（）()、.．。，：:；*＊Xx×○%％年月日号度至到—-~～"
    "元人次个项分页共约近余多以上下预计完成截至底初旬全年本报告公开陈述单位概况社会责任展望评价"
    "员工 \t0123456789１２３…·_#\n"
)
domain_text = st.text(alphabet=st.sampled_from(DOMAIN), max_size=400) | st.text(max_size=200)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter.create()


@pytest.fixture(scope="module")
def titles(linter) -> dict[str, bool]:
    return known_titles(linter.profiles)


def _with_file(suffix: str, data: bytes, action):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        return action(path)


def _read_or_input_error(path: Path) -> Document | None:
    try:
        return readers.read(path, Limits())
    except InputError:
        return None


# ---------------------------------------------------------------- readers


@FUZZ
@given(st.binary(max_size=2000))
@example(b"\xff\xfe")  # a UTF-16 BOM and nothing else
@example(b"\xef\xbb\xbf\n\n 1 \n")
def test_text_reader_takes_any_bytes(data):
    first = _with_file(".txt", data, _read_or_input_error)
    second = _with_file(".txt", data, _read_or_input_error)
    assert (first is None) == (second is None)
    if first is not None:
        assert [asdict(line) for line in first.lines] == [asdict(line) for line in second.lines]
        numbers = [line.number for line in first.lines]
        assert numbers == sorted(set(numbers)) and (not numbers or numbers[0] >= 1)
        assert not set(first.page_markers) & set(numbers)


@FUZZ
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), min_size=1, max_size=300
    ),
    st.sampled_from(["utf-8-sig", "utf-16"]),
)
def test_text_reader_reads_every_unicode_encoding_alike(text, encoding):
    """A draft saved by Notepad as UTF-8 with BOM or UTF-16 reads as the same lines as plain UTF-8."""
    assume(text.strip() and not text.startswith("\ufeff"))
    plain = _with_file(".txt", text.encode("utf-8"), _read_or_input_error)
    other = _with_file(".txt", text.encode(encoding), _read_or_input_error)
    assert plain is not None and other is not None
    assert [line.text for line in other.lines] == [line.text for line in plain.lines]


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "一、公开陈述",
                "本单位承诺报告内容真实可靠。",
                "二、单位概况",
                "（一）规模与性质",
                "全年营业收入12.5亿元，同比增长3%。",
                "员工人数为三百二十人。",
                "报告时间范围为2023年1月1日至2023年12月31日。",
            ]
        ),
        min_size=4,
        max_size=40,
    )
)
def test_gb18030_drafts_read_as_written(lines):
    """Windows drafts in GB18030 (GBK) decode to the same lines as their UTF-8 twin."""
    text = "\n".join(lines)
    plain = _with_file(".txt", text.encode("utf-8"), _read_or_input_error)
    gbk = _with_file(".txt", text.encode("gb18030"), _read_or_input_error)
    assert gbk is not None
    assert [line.text for line in gbk.lines] == [line.text for line in plain.lines]


def test_one_line_gb18030_draft_reads_as_written():
    assert _with_file(".txt", "一、公开陈述".encode("gb18030"), readers.read).lines[0].text == "一、公开陈述"


@cache
def _sample(suffix: str) -> bytes:
    """A small real .docx or .pdf, built the way the bench builds its reports."""
    blocks = report_blocks(9)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"sample{suffix}"
        if suffix == ".docx":
            write_docx(blocks, path)
        else:
            write_pdf(report_pages(blocks), path, header="示例 2023 年度社会责任报告")
        return path.read_bytes()


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@FUZZ
@given(data=st.binary(max_size=4000))
def test_binary_readers_turn_garbage_into_input_errors(suffix, data):
    header = {".docx": b"PK\x03\x04", ".pdf": b"%PDF-1.7\n"}[suffix]
    for attempt in (data, header + data):
        _with_file(suffix, attempt, _read_or_input_error)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@FUZZ
@given(
    flips=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=20
    )
)
def test_binary_readers_survive_corruption(suffix, flips):
    """A real .docx or .pdf with bytes overwritten: read alike every time, or refused as corrupt."""
    data = bytearray(_sample(suffix))
    for position, value in flips:
        data[position % len(data)] = value
    first = _with_file(suffix, bytes(data), _read_or_input_error)
    second = _with_file(suffix, bytes(data), _read_or_input_error)
    assert (first is None) == (second is None)
    if first is not None:
        assert first.lines == second.lines


# ---------------------------------------------------------------- structure


def _document(text: str) -> Document:
    lines, markers, pages = split_pages(text.split("\n"))
    return Document(path="fuzz.txt", lines=lines, page_count=pages, page_markers=markers)


@FUZZ
@given(domain_text)
@example("一、\n\n（一）\n1、\n1、\n一、公开陈述..........3\n")
@example("目录\n一、公开陈述....1\n二、单位概况....2\n三、主要参数....3\n一、公开陈述\n")
def test_structure_parser_invariants(titles, text):
    document = _document(text)
    outline = structure.parse(document, titles)
    again = structure.parse(document, titles)
    assert [(h.line, h.label, h.level, h.is_item) for h in outline.headings] == [
        (h.line, h.label, h.level, h.is_item) for h in again.headings
    ]
    lines = [h.line for h in outline.headings]
    assert lines == sorted(set(lines))
    for heading in outline.headings:
        assert heading.end_line >= heading.line
        if heading.parent is not None:
            assert heading.parent.line < heading.line and heading.level == heading.parent.level + 1
            assert heading in heading.parent.children
    last = document.lines[-1].number if document.lines else 0
    for number in range(0, last + 2):
        containing = [h for h in outline.chapters if h.line <= number <= h.end_line]
        assert outline.section_at(number) is (containing[-1] if containing else None)


# ---------------------------------------------------------------- numbers and dates


@FUZZ
@given(domain_text)
@example("0至〇亿")
@example("百分之二十三点五" + "万" * 30)
@example("约12.5万元至13万元，以上")
def test_number_extraction(text):
    from csrlint import numbers

    rules = numbers.load_rules()
    found = numbers.extract(text, rules)
    assert found == numbers.extract(text, rules)
    starts = [q.start for q in found]
    assert starts == sorted(starts)
    for quantity in found:
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert quantity.value == quantity.value  # not NaN
    for piece in text.split():
        numbers.to_value(piece)


@FUZZ
@given(domain_text, st.none() | st.integers(min_value=1990, max_value=2100))
@example("2023年2月30日至13月1日，2024年元月上旬", 2023)
@example("二〇二三年十二月底--2024年1月", None)
def test_date_extraction(text, year):
    from csrlint import dates

    found = dates.find_dates(text, year)
    assert found == dates.find_dates(text, year)
    assert [m.start for m in found] == sorted(m.start for m in found)
    for mention in found:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.month is None or 1 <= mention.month <= 12
        if mention.year is not None:
            assert mention.first_day() <= mention.last_day()
    for span in dates.find_ranges(text, year, found):
        assert span.start.start < span.end.end


# ---------------------------------------------------------------- the whole linter


def _lint(linter: Linter, data: bytes):
    return _with_file(".txt", data, linter.lint_path)


def _summary(result) -> list:
    return [finding.to_dict() for finding in result.findings]


SKELETON = render_text(report_blocks(9, seed=5))


@FUZZ
@given(domain_text, st.integers(min_value=0, max_value=len(SKELETON)))
def test_linter_takes_any_text_and_answers_alike_every_time(linter, inserted, position):
    """Random text on its own, and spliced into a well-formed report so every family runs."""
    for text in (inserted, SKELETON[:position] + inserted + SKELETON[position:]):
        data = text.encode("utf-8")
        first, second = _lint(linter, data), _lint(linter, data)
        assert first.error == second.error
        assert _summary(first) == _summary(second)
        assert first.facts == second.facts
        keys = [finding.sort_key() for finding in first.findings]
        assert keys == sorted(keys)


@FUZZ
@given(st.binary(max_size=3000))
def test_linter_takes_any_bytes(linter, data):
    result = _lint(linter, data)
    assert _summary(result) == _summary(_lint(linter, data))
