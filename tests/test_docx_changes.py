"""Word drafts: where each line comes from, the page of a change or comment, one change stored run by
run, and files the reader cannot open (Strict Open XML, binary .doc) told in one line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from docx_builder import AUTHOR, DocxDraft

from csrlint import readers

OFFICE = ROOT.parent / "shared" / "office"


def office_file(name: str) -> Path:
    path = OFFICE / name
    if not path.is_file():
        pytest.skip("../shared/office is not available")
    return path


def deletion_run_by_run(draft: DocxDraft, pieces: list[str], kept_between: str | None = None):
    """A paragraph deleted as LibreOffice stores it: every run in a ``w:del`` of its own."""
    paragraph = draft.paragraph("")
    for index, piece in enumerate(pieces):
        if kept_between and index:
            paragraph.add_run(kept_between)
        draft._revision(paragraph, "w:del", piece)
    return paragraph


# -- pages of changes and comments ---------------------------------------------------------


def test_a_comment_where_pages_are_unknown_has_no_page(tmp_path, linter):
    draft = DocxDraft()
    draft.paragraph("一、公开陈述")
    for _ in range(3):
        draft.paragraph("正文。")
    draft.paragraph("营业收入 1.2 亿元。{>>王五：请财务核实<<}")
    document = readers.read(draft.save(tmp_path / "unpaged.docx"))
    assert [(a.kind, a.line, a.page) for a in document.annotations] == [("comment", 5, None)]
    (finding,) = [f for f in linter.lint_path(tmp_path / "unpaged.docx").findings if f.code == "CSR291"]
    assert finding.page is None and finding.line == 5


def test_changes_and_comments_on_a_known_page_report_it(tmp_path, linter):
    draft = DocxDraft()
    draft.paragraph("一、公开陈述")
    draft.page_break()
    draft.paragraph("第二页。")
    draft.page_break()
    draft.paragraph("全年开展志愿服务{--30--}{++36++}次。{>>王五：请核实<<}")
    path = draft.save(tmp_path / "paged.docx")
    assert {(a.kind, a.page) for a in readers.read(path).annotations} == {
        ("comment", 3),
        ("deletion", 3),
        ("insertion", 3),
    }
    pages = {f.code: f.page for f in linter.lint_path(path).findings if f.code in ("CSR290", "CSR291")}
    assert pages == {"CSR290": 3, "CSR291": 3}


def test_libreoffice_comment_on_the_last_page_is_not_said_to_be_on_page_1():
    """The file records no page layout (LibreOffice shows the comment on page 21): unknown, not 1."""
    document = readers.read(office_file("made/r4-comment-page.docx"))
    (comment,) = document.annotations
    assert comment.kind == "comment" and comment.page is None
    assert comment.line == len(document.lines)  # on the last paragraph


# -- one change stored run by run ----------------------------------------------------------


def test_a_deletion_stored_run_by_run_is_one_deletion(tmp_path, linter):
    draft = DocxDraft()
    draft.paragraph("一、公开陈述")
    deletion_run_by_run(draft, ["收入完成 ", "86848", " 万元，增长 ", "9.19%", "。"])
    deletion_run_by_run(draft, ["甲", "乙"], kept_between="保留的文字")  # look-alike: kept text between
    document = readers.read(draft.save(tmp_path / "deleted.docx"))
    assert [(a.line, a.text) for a in document.annotations] == [
        (2, "收入完成 86848 万元，增长 9.19%。"),
        (3, "甲"),
        (3, "乙"),
    ]
    messages = [f.message for f in linter.lint_path(tmp_path / "deleted.docx").findings if f.code == "CSR290"]
    assert messages == [
        f"未接受的修订（{AUTHOR}）：删除「收入完成 86848 万元，增长 9.19%。」",
        f"未接受的修订（{AUTHOR}）：删除「甲」；删除「乙」",
    ]


def test_libreoffice_tracked_draft_counts_each_change_once():
    document = readers.read(office_file("made/002-tracked-lo.docx"))
    changes = [(a.kind, a.text[:6]) for a in document.annotations if a.kind != "comment"]
    assert changes == [("deletion", "（请财务补充"), ("insertion", "全年共开展志"), ("deletion", "收入增长逐步")]


# -- where lines come from -------------------------------------------------------------------


def test_lines_know_their_source(tmp_path):
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    draft = DocxDraft()
    draft.header("某某公司 2023 年度社会责任报告")
    draft.footer_page_number()
    draft.paragraph("正文第一段。")
    draft.text_box("图 1 组织机构", "党委办公室")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    footnotes = (
        f'<w:footnotes xmlns:w="{w}"><w:footnote w:id="1"><w:p><w:r><w:t>数据来源：财务年报。</w:t>'
        f"</w:r></w:p></w:footnote></w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        footnotes.encode(),
        draft.document.part.package,
    )
    draft.document.part.relate_to(part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes")
    document = readers.read(draft.save(tmp_path / "sources.docx"))
    assert [(line.text, line.source) for line in document.lines] == [
        ("正文第一段。", "body"),
        ("图 1 组织机构", "body"),
        ("党委办公室", "textbox"),
    ]
    assert sorted((line.text, line.source) for line in document.furniture) == sorted(
        [("某某公司 2023 年度社会责任报告", "header"), ("1", "footer"), ("数据来源：财务年报。", "footnote")]
    )


# -- files the reader cannot open ------------------------------------------------------------

TRANSITIONAL_TO_STRICT = {
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def test_strict_open_xml_is_told_in_one_line(tmp_path):
    """Word's "Strict Open XML Document" uses other namespaces throughout: told, not python-docx's error."""
    draft = DocxDraft()
    draft.paragraph("一、公开陈述")
    transitional = draft.save(tmp_path / "transitional.docx")
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(transitional) as source, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            for old, new in TRANSITIONAL_TO_STRICT.items():
                data = data.replace(old, new)
            target.writestr(member, data)
    result = run_cli("check", "--format", "plain", strict, transitional)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith(f"{strict}:1:1: ERROR")]
    assert len(errors) == 1 and "Strict Open XML" in errors[0] and "另存为" in errors[0]
    assert not any(line.startswith(f"{transitional}:1:1: ERROR") for line in result.output.splitlines())


@pytest.mark.parametrize("suffix", [".doc", ".docx", ".txt", ".pdf", ".md"])
def test_binary_word_97_file_is_told_to_be_saved_as_docx_whatever_its_name(suffix, tmp_path):
    source = office_file("public/word97-standard-draft-1.doc")
    renamed = tmp_path / f"draft{suffix}"
    renamed.write_bytes(source.read_bytes())
    result = run_cli("check", "--format", "plain", renamed)
    assert result.exit_code == 2
    (error,) = result.output.strip().splitlines()
    assert error.startswith(f"{renamed}:1:1: ERROR") and ".doc" in error and "另存为 .docx" in error


def test_an_ole_file_named_txt_is_not_read_as_text(tmp_path):
    """Own fixture: an OLE compound file header is enough to tell, without the shared files."""
    path = tmp_path / "draft.txt"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    result = run_cli("check", "--format", "plain", path)
    assert result.exit_code == 2 and "另存为 .docx" in result.output
