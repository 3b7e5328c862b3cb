"""Word drafts: numbering Word generates, changes accepted, revisions and comments reported, bad files told."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, codes, corpus_file, run_cli
from docx_builder import SAMPLE_DRAFT, DocxDraft, accepted_text, text_to_docx

from csrlint import readers, structure
from csrlint.engine import Linter
from csrlint.matching import known_titles
from csrlint.readers.docx import format_number


def texts(path: Path) -> list[str]:
    return [line.text for line in readers.read(path).lines]


def chapter_tree(path: Path, linter: Linter) -> list[tuple[str, int]]:
    outline = structure.parse(readers.read(path), known_titles(linter.profiles))
    return [(heading.label, heading.level) for heading in outline.chapters]


def structure_findings(result) -> set[tuple[str, str]]:
    """(code, excerpt) of the structure findings: comparable across formats, whose locations differ."""
    return {(f.code, f.excerpt) for f in result.findings if f.family == "structure"}


def digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


# -- automatic numbering ---------------------------------------------------------------


def test_multilevel_list_linked_to_heading_styles(tmp_path):
    """Heading 1/2 carry the list through their style; level 3 restarts under each （n）."""
    draft = DocxDraft()
    num = draft.new_list([("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    draft.link_style("Heading 1", num, None)  # level from the list's w:pStyle… or 0
    draft.link_style("Heading 2", num, 1)
    for text, style, level in [
        ("公开陈述", "Heading 1", None),
        ("单位概况", "Heading 1", None),
        ("规模与性质", "Heading 2", None),
        ("员工", None, 2),
        ("部门", None, 2),
        ("所属类别", "Heading 2", None),
        ("类别", None, 2),
        ("主要参数", "Heading 1", None),
        ("报告篇幅", "Heading 2", None),
    ]:
        draft.paragraph(text, style=style, num=(num, level) if level is not None else None)
    path = draft.save(tmp_path / "levels.docx")
    assert texts(path) == [
        "一、公开陈述",
        "二、单位概况",
        "（一）规模与性质",
        "1.员工",
        "2.部门",
        "（二）所属类别",
        "1.类别",
        "三、主要参数",
        "（一）报告篇幅",
    ]


def test_restart_by_start_override_and_level_that_never_restarts(tmp_path):
    draft = DocxDraft()
    chapters = draft.new_list([("chineseCounting", "%1、"), ("decimal", "（%2）")], restarts={1: 0})
    items = draft.new_list([("decimal", "%1、")])
    restarted = draft.instance(draft.abstract_of(items), restart={0: 1})
    for text, num in [
        ("甲", (chapters, 0)),
        ("子", (chapters, 1)),
        ("乙", (chapters, 0)),
        ("丑", (chapters, 1)),
        ("一项", (items, 0)),
        ("两项", (items, 0)),
        ("重新", (restarted, 0)),
        ("再来", (restarted, 0)),
    ]:
        draft.paragraph(text, num=num)
    path = draft.save(tmp_path / "restart.docx")
    assert texts(path) == ["一、甲", "（1）子", "二、乙", "（2）丑", "1、一项", "2、两项", "1、重新", "2、再来"]


@pytest.mark.parametrize(
    "value, number_format, expected",
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (3, "chineseLegalSimplified", "叁"),
        (3, "decimalEnclosedCircle", "③"),
        (4, "upperRoman", "IV"),
        (2, "lowerLetter", "b"),
        (5, "decimalZero", "05"),
        (2, "ideographTraditional", "乙"),
        (7, "decimal", "7"),
        (7, "someFutureFormat", "7"),
    ],
)
def test_number_formats(value, number_format, expected):
    assert format_number(value, number_format) == expected


def test_heading_styles_without_numbers_become_levels(tmp_path):
    """An unnumbered Heading 2 reads as a level-2 heading; a typed number is left as typed."""
    draft = DocxDraft()
    draft.paragraph("公开陈述", style="Heading 1")
    draft.paragraph("本单位如实报告。")
    draft.paragraph("企业概况", style="Heading 2")
    draft.paragraph("本单位成立于 2001 年。")
    draft.paragraph("主要参数", style="Heading 1")
    path = draft.save(tmp_path / "headings.docx")
    document = readers.read(path)  # the text as written; the level is a field of the line
    assert texts(path) == ["公开陈述", "本单位如实报告。", "企业概况", "本单位成立于 2001 年。", "主要参数"]
    assert [line.heading_level for line in document.lines if line.text] == [1, None, 2, None, 1]
    tree = [(h.title, h.level) for h in structure.parse(document).chapters]
    assert tree == [("公开陈述", 1), ("企业概况", 2), ("主要参数", 1)]
    typed = DocxDraft()
    typed.paragraph("三、主要参数", style="Heading 1")
    typed.paragraph("本单位主要参数如下。")
    typed_path = typed.save(tmp_path / "typed.docx")
    assert texts(typed_path) == ["三、主要参数", "本单位主要参数如下。"]
    (heading,) = structure.parse(readers.read(typed_path)).chapters
    assert (heading.number, heading.title) == ("三、", "主要参数")  # its own number, not the style's level


# -- the same draft as text and as Word --------------------------------------------------


def test_sample_draft_gives_the_same_structure_findings_as_text(tmp_path, linter):
    text_path = tmp_path / "sample.txt"
    text_path.write_text(accepted_text(SAMPLE_DRAFT), encoding="utf-8")
    draft = text_to_docx(SAMPLE_DRAFT)
    draft.header("某某软件有限公司 2023 年度社会责任报告")
    draft.footer_page_number()
    docx_path = draft.save(tmp_path / "sample.docx")
    as_text, as_word = linter.lint_path(text_path), linter.lint_path(docx_path)
    expected = {("CSR104", "（2）员工录用"), ("CSR106", "七、社会评价"), ("CSR101", "")}
    assert structure_findings(as_text) == structure_findings(as_word) == expected
    assert [f.message for f in as_word.findings if f.code == "CSR101"] == [
        "缺少章节「媒体报道」，应位于「领导关怀」之后"
    ]
    assert chapter_tree(text_path, linter) == chapter_tree(docx_path, linter)
    assert as_word.location_unit == "paragraph" and as_text.location_unit == "line"


def test_sample_draft_numbers_come_from_numbering_xml(tmp_path):
    """The converted draft really uses Word numbering: the typed numbers are gone from document.xml."""
    path = text_to_docx(SAMPLE_DRAFT).save(tmp_path / "sample.docx")
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml").decode()
        numbering = archive.read("word/numbering.xml").decode()
    assert "安全保护</w:t>" in body and "（4）" not in body and "七、" not in body
    assert "<w:numPr>" in body and 'w:val="chineseCounting"' in numbering
    assert "七、社会评价" in texts(path) and "（4）安全保护" in texts(path)


@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_corpus_as_docx_gives_the_same_chapter_tree(prefix, tmp_path, linter):
    source = corpus_file(prefix)
    path = text_to_docx(source.read_text(encoding="utf-8")).save(tmp_path / f"{prefix}.docx")
    tree = chapter_tree(path, linter)
    assert len(tree) > 30
    assert tree == chapter_tree(source, linter)
    assert structure_findings(linter.lint_path(path)) == structure_findings(linter.lint_path(source))


# -- tracked changes and comments --------------------------------------------------------


def test_tracked_changes_are_accepted_and_reported_per_paragraph(tmp_path, linter):
    draft = DocxDraft()
    draft.paragraph("一、公开陈述")
    draft.paragraph("全年开展志愿服务{--30--}{++36++}次，{++覆盖全部社区++}。")
    draft.paragraph("本段没有修订。")
    path = draft.save(tmp_path / "revised.docx")
    assert texts(path)[1] == "全年开展志愿服务36次，覆盖全部社区。"
    result = linter.lint_path(path)
    assert codes(result, "placeholder") == [("CSR290", 2)]
    (finding,) = [f for f in result.findings if f.code == "CSR290"]
    assert finding.message == "未接受的修订（审稿人）：删除「30」；插入「36」；插入「覆盖全部社区」"
    assert result.facts["revisions"] == 3 and result.facts["comments"] == 0


def test_comments_are_reported_with_author_and_resolved_ones_are_not(tmp_path, linter):
    draft = DocxDraft()
    draft.paragraph("一、公开陈述")
    draft.paragraph("营业收入 1.2 亿元。{>>王五：请财务核实<<}")
    path = draft.save(tmp_path / "commented.docx")
    result = linter.lint_path(path)
    assert codes(result, "placeholder") == [("CSR291", 2)]
    assert (
        result.findings[[f.code for f in result.findings].index("CSR291")].message
        == "批注未处理（王五）：「请财务核实」"
    )
    draft.resolve_comments()
    resolved = linter.lint_path(draft.save(tmp_path / "resolved.docx"))
    assert codes(resolved, "placeholder") == []


def test_words_about_revisions_are_not_revisions(tmp_path, linter):
    """Look-alikes: text that talks of 修订/批注, and the same draft as .txt, give nothing."""
    draft = DocxDraft()
    draft.paragraph("一、公开陈述")
    draft.paragraph("本年度修订了《员工手册》，经领导批注同意后发布。删除线以下为新增内容。")
    result = linter.lint_path(draft.save(tmp_path / "clean.docx"))
    assert [c for c in codes(result) if c[0] in ("CSR290", "CSR291")] == []
    assert result.facts["revisions"] == 0
    text_path = tmp_path / "sample.txt"
    text_path.write_text(accepted_text(SAMPLE_DRAFT), encoding="utf-8")
    text_result = linter.lint_path(text_path)
    assert "revisions" not in text_result.facts and codes(text_result, "placeholder") == []


# -- tables, pages, headers ------------------------------------------------------------------


def test_table_cells_are_locations_in_document_order(tmp_path):
    draft = DocxDraft()
    draft.paragraph("主要参数如下：")
    draft.table([["指标", "2023 年"], ["员工人数", "639"]])
    draft.paragraph("以上为年末数。")
    lines = readers.read(draft.save(tmp_path / "table.docx")).lines
    assert [(line.number, line.text) for line in lines] == [
        (1, "主要参数如下："),
        (2, "指标"),
        (3, "2023 年"),
        (4, "员工人数"),
        (5, "639"),
        (6, "以上为年末数。"),
    ]


def test_text_boxes_once_and_content_controls_read(tmp_path):
    """A text box is its own location after its anchor, read once (not again from the VML copy)."""
    draft = DocxDraft()
    draft.in_content_control("目录在内容控件里")
    draft.text_box("图 1 组织机构", "党委办公室")
    draft.paragraph("正文继续。")
    assert texts(draft.save(tmp_path / "boxes.docx")) == [
        "目录在内容控件里",
        "图 1 组织机构",
        "党委办公室",
        "正文继续。",
    ]


def test_page_breaks_give_pages_and_headers_stay_out_of_the_body(tmp_path):
    draft = DocxDraft()
    draft.header("某某软件有限公司 2023 年度社会责任报告")
    draft.footer_page_number()
    draft.paragraph("第一页的文字。")
    draft.page_break()
    draft.paragraph("第二页的文字。")
    document = readers.read(draft.save(tmp_path / "pages.docx"))
    assert [(line.text, line.page) for line in document.lines if line.text] == [
        ("第一页的文字。", 1),
        ("第二页的文字。", 2),
    ]
    assert document.page_count == 2
    assert [line.text for line in document.furniture] == ["某某软件有限公司 2023 年度社会责任报告", "1"]


def test_word_layout_breaks_win_over_typed_ones(tmp_path):
    """Word records where it broke pages (lastRenderedPageBreak); those are used when present."""
    draft = DocxDraft()
    draft.paragraph("第一页。")
    second = draft.paragraph("Word 排到第二页的文字。")
    second.runs[0]._r.insert(0, _element("w:lastRenderedPageBreak"))
    draft.paragraph("仍在第二页。")
    document = readers.read(draft.save(tmp_path / "rendered.docx"))
    assert [line.page for line in document.lines] == [1, 2, 2] and document.page_count == 2


def test_pages_are_unknown_when_typed_breaks_cannot_be_all_the_pages(tmp_path):
    """A 'page' with far more text than a page holds: the typed breaks miss pages, so none are claimed."""
    draft = DocxDraft()
    for _ in range(60):
        draft.paragraph("这是一段足够长的正文，用来占满页面。" * 3)
    draft.page_break()
    draft.paragraph("最后一段。")
    document = readers.read(draft.save(tmp_path / "long.docx"))
    assert document.page_count is None and {line.page for line in document.lines} == {None}


def _element(tag: str):
    from docx.oxml import OxmlElement

    return OxmlElement(tag)


# -- bad input ---------------------------------------------------------------------------


def _good_text(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(accepted_text(SAMPLE_DRAFT), encoding="utf-8")
    return path


def _zip_bomb(path: Path) -> Path:
    """A .docx-looking zip that inflates to more than 200 MB of zeros."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(201):
                member.write(chunk)
    return path


def _bad_docx(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{kind}.docx"
    if kind == "truncated":
        whole = text_to_docx(SAMPLE_DRAFT).save(tmp_path / "whole.docx").read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif kind == "garbage":
        path.write_bytes(b"this is not a zip file at all" * 10)
    elif kind == "old-doc":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    elif kind == "encrypted":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le"))
    elif kind == "not-word":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
        path.write_bytes(buffer.getvalue())
    elif kind == "bomb":
        _zip_bomb(path)
    return path


@pytest.mark.parametrize(
    "kind, reason",
    [
        ("truncated", "文件损坏或不完整"),
        ("garbage", "文件损坏或不完整"),
        ("old-doc", "旧版 Word（.doc）或 WPS"),
        ("encrypted", "文档有打开密码"),
        ("not-word", "不是 Word 文档"),
        ("bomb", "疑似 zip 炸弹"),
    ],
)
def test_bad_docx_is_told_in_one_line_and_other_files_are_checked(kind, reason, tmp_path):
    good, bad = _good_text(tmp_path), _bad_docx(kind, tmp_path)
    before = digest(bad)
    result = run_cli("check", "--format", "plain", good, bad)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith(f"{bad}:1:1: ERROR")]
    assert len(errors) == 1 and reason in errors[0]
    assert f"{good}:" in result.output and "CSR106" in result.output  # the good file was still checked
    assert digest(bad) == before


def test_reading_never_writes_the_input(tmp_path, linter):
    path = text_to_docx(SAMPLE_DRAFT).save(tmp_path / "sample.docx")
    before = digest(path)
    linter.lint_path(path)
    assert digest(path) == before


def test_size_limits_apply_to_docx(tmp_path):
    path = text_to_docx(SAMPLE_DRAFT).save(tmp_path / "sample.docx")
    small = Linter.create(limits=readers.Limits(max_unzipped_bytes=10_000))
    assert "zip 炸弹" in small.lint_path(path).error


def test_readers_never_import_the_structure_parser():
    """Readers report what the file says (text, locations, a heading style's level); reading the
    headings is the structure parser's work, one step later on the path of data."""
    import ast

    for source in (ROOT / "csrlint" / "readers").glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not any(name.split(".")[-1] in ("structure", "matching") for name in imported), source.name
