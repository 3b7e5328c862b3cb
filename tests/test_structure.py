"""The structure parser: numbering styles, levels, run-in headings, TOC, page numbers, wraps."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, corpus_file
from hypothesis import given, settings
from hypothesis import strategies as st

from csrlint import readers, structure
from csrlint.document import Document, Line
from csrlint.readers.text import split_pages


def outline_of(text: str, known=None) -> structure.Outline:
    lines = [Line(t, i + 1) for i, t in enumerate(text.split("\n"))]
    return structure.parse(Document("draft.txt", lines), known)


def tree(outline: structure.Outline) -> list[tuple[int, str]]:
    return [(h.level, h.title) for h in outline.chapters]


@pytest.mark.parametrize(
    "number, style, ordinal",
    [
        ("一、", "cn", 1),
        ("十二、", "cn", 12),
        ("（三）", "paren-cn", 3),
        ("(四)", "paren-cn", 4),
        ("2、", "arabic-comma", 2),
        ("3.", "arabic-dot", 3),
        ("3．", "arabic-dot", 3),
        ("（5）", "paren-arabic", 5),
        ("6）", "arabic-paren", 6),
        ("②", "circled", 2),
        ("第二章", "chapter", 2),
        ("1.2", "decimal-2", 2),
        ("1.2.3.", "decimal-3", 3),
    ],
)
def test_numbering_styles(number, style, ordinal):
    found_number, rest, found_style, found_ordinal = structure.split_number(f"{number}员工教育")
    assert (found_style, found_ordinal, rest.strip()) == (style, ordinal, "员工教育")


@pytest.mark.parametrize("text", ["2023年是关键之年", "3.5万元", "15%的员工", "一是加强学习", "12.5 分"])
def test_numbers_that_are_not_heading_numbers(text):
    assert structure.split_number(text)[2] is None


def test_levels_follow_the_order_styles_appear_in():
    # Same styles, opposite nesting: levels come from the document, not from the style.
    first = outline_of("一、甲\n（一）乙\n1、丙\n二、丁")
    second = outline_of("1、甲\n一、乙\n（一）丙\n2、丁")
    assert tree(first) == [(1, "甲"), (2, "乙"), (3, "丙"), (1, "丁")]
    assert tree(second) == [(1, "甲"), (2, "乙"), (3, "丙"), (1, "丁")]


def test_run_in_heading_splits_title_from_body():
    outline = outline_of("二、基本情况\n（二）所属类别。本单位属于服务业。\n（1）员工教育：全年培训 30 期")
    titles = [(h.title, h.run_in) for h in outline.chapters]
    assert titles == [("基本情况", False), ("所属类别", True), ("员工教育", True)]


def test_sentence_starting_with_a_number_is_an_item_not_a_chapter():
    outline = outline_of("一、社会荣誉\n1、公司获评区级文明单位，颁奖单位为区文明办，时间为年底。\n二、领导关怀")
    assert [h.title for h in outline.chapters] == ["社会荣誉", "领导关怀"]
    assert [h.is_item for h in outline.headings] == [False, True, False]


def test_one_sentence_list_items_are_not_run_in_headings():
    text = (
        "一、公开陈述\n本单位承诺报告内容真实。\n二、单位概况\n（1）我们每季度召开一次例会，研究解决问题。\n"
        "（2）继续开展志愿服务，服务社区居民。\n正文。\n（1）预计培训覆盖率保持在九成以上。\n（2）继续开展志愿服务。"
    )
    outline = outline_of(text)
    assert [h.title for h in outline.chapters] == ["公开陈述", "单位概况"]
    from csrlint.checks import Context, Options
    from csrlint.checks.structure import _numbering

    assert list(_numbering(Context(None, outline, None, Options()))) == []


def test_wrapped_paragraph_start_is_an_item():
    width_line = "这是一行被排版软件折断的正文用来确定折行宽度的参考文字内容"
    text = "\n".join([f"（1）{width_line[:23]}", width_line[23:] + "，后面继续。", width_line, width_line])
    outline = outline_of(text)
    assert outline.headings[0].is_item


def test_heading_wrapped_onto_two_lines_is_joined():
    body = "正文内容用来确定本文件折行的宽度大约二十二个字"
    text = "\n".join([body, body, "（3）对供应链伙伴履行社会责任的主要做法", "与成效", body, body])
    outline = outline_of(text)
    assert [h.title for h in outline.chapters] == ["对供应链伙伴履行社会责任的主要做法与成效"]


def test_numbering_restart_nests_instead_of_closing_the_chapter():
    outline = outline_of("一、甲\n1、乙\n（1）丙\n1、内一\n2、内二\n（2）丁\n2、戊")
    assert tree(outline) == [(1, "甲"), (2, "乙"), (3, "丙"), (4, "内一"), (4, "内二"), (3, "丁"), (2, "戊")]


def test_markdown_headings_and_bold():
    outline = outline_of(
        "# 某公司 2023 年度社会责任报告\n## 一、公开陈述\n正文\n## 二、基本情况\n**（一）单位概况**\n正文"
    )
    assert tree(outline) == [(1, "公开陈述"), (1, "基本情况"), (2, "单位概况")]


def test_known_unnumbered_titles_become_headings():
    known = {"预期与展望": True, "经济绩效": False, "社会绩效": False}
    outline = outline_of("四、预期与展望\n经济绩效\n收入增长。\n社会绩效：\n献血 16 人。", known)
    assert tree(outline) == [(1, "预期与展望"), (2, "经济绩效"), (2, "社会绩效")]


def test_table_of_contents_is_recognised_and_kept_out_of_the_body():
    text = (
        "目  录\n一、公开陈述 ........ 3\n二、单位概况 ........ 4\n1、规模与性质 ......4\n"
        "三、主要参数 …………… 5\n\n一、公开陈述\n正文\n二、单位概况\n1、规模与性质\n正文\n三、主要参数\n正文"
    )
    outline = outline_of(text)
    assert [(e.title, e.printed_page, e.level) for e in outline.toc] == [
        ("公开陈述", 3, 1),
        ("单位概况", 4, 1),
        ("规模与性质", 4, 2),
        ("主要参数", 5, 1),
    ]
    assert [h.line for h in outline.chapters] == [7, 9, 10, 12]
    assert 1 not in {line.number for line in outline.body}


def test_a_lone_dotted_line_is_not_a_table_of_contents():
    outline = outline_of("一、公开陈述\n签字 .............. 3\n二、单位概况\n正文")
    assert outline.toc == []
    assert len(outline.chapters) == 2


@pytest.mark.parametrize("marker", ["  12 ", "- 12 -", "12 / 22", "第 12 页"])
def test_page_number_lines_become_page_breaks(marker):
    raw = ["正文第一页", marker.replace("12", "1"), "正文第二页", marker.replace("12", "2"), "正文第三页"]
    lines, markers, pages = split_pages(raw)
    assert [line.text for line in lines] == ["正文第一页", "正文第二页", "正文第三页"]
    assert [line.page for line in lines] == [1, 2, 3]
    assert markers == [2, 4] and pages == 2


def test_numbers_in_a_flattened_table_are_not_page_numbers():
    raw = ["人数", "15", "3", "42", "正文"]
    lines, markers, _ = split_pages(raw)
    assert markers == [] and len(lines) == 5


def test_section_lookup():
    outline = outline_of("一、甲\n正文一\n（一）乙\n正文二\n二、丙\n正文三")
    assert outline.section_at(2).title == "甲"
    assert [h.title for h in outline.path_at(4)] == ["甲", "乙"]
    assert outline.section_at(6).title == "丙"


# --- the real corpus -------------------------------------------------------------------


def test_corpus_001_toc_and_chapters():
    document = readers.read(corpus_file("001"))
    outline = structure.parse(document)
    assert len(outline.toc) >= 30
    toc_keys = {entry.key for entry in outline.toc}
    top = [h.key for h in outline.chapters if h.level == 1]
    assert top == ["公开陈述", "单位概况", "主要参数", "社会责任履行情况", "报告展望", "社会评价"]
    assert set(top) <= toc_keys
    # No TOC line is mistaken for a body heading.
    toc_lines = {entry.line for entry in outline.toc}
    assert not toc_lines & {h.line for h in outline.headings}


def test_corpus_002_run_in_and_notes():
    outline = structure.parse(readers.read(corpus_file("002")))
    by_title = {h.key: h for h in outline.chapters}
    assert by_title["所属类别"].run_in
    assert "利润与经济效益" in by_title  # the editorial note in brackets is not part of the key


# --- properties ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_parser_never_raises(text):
    structure.parse(Document("x.txt", [Line(t, i + 1) for i, t in enumerate(text.split("\n"))]))


def _headings_of(text: str) -> list[tuple[int, str, str]]:
    raw = text.replace("\r\n", "\n").split("\n")
    lines, _, _ = split_pages(raw)
    return [(h.level, h.number, h.title) for h in structure.parse(Document("x", lines)).chapters]


@settings(max_examples=30, deadline=None)
@given(width=st.integers(min_value=8, max_value=40), crlf=st.booleans())
def test_same_headings_when_rewrapped_or_crlf(width, crlf):
    """Body paragraphs re-wrapped at any width, or saved with CRLF, give the same chapters."""
    source = (FIXTURES / "standard-2022-complete.txt").read_text(encoding="utf-8")
    expected = _headings_of(source)
    rewrapped = []
    for line in source.split("\n"):
        is_heading = structure.split_number(line.strip())[2] is not None or len(line.strip()) < 12
        if is_heading or not line.strip():
            rewrapped.append(line)
        else:
            rewrapped.extend(line[i : i + width] for i in range(0, len(line), width))
    text = ("\r\n" if crlf else "\n").join(rewrapped)
    assert _headings_of(text) == expected


def test_fixture_files_parse(tmp_path: Path):
    for path in FIXTURES.glob("*-complete.*"):
        outline = structure.parse(readers.read(path))
        assert len([h for h in outline.chapters if h.level == 1]) >= 5, path.name
