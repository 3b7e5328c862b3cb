"""PDF reports: text per page with exact pages, headers/footers/page numbers apart, bad PDFs told.

PDFs are rendered from the .docx fixtures by LibreOffice headless (skipped when it is not
installed), the way a report's published PDF is exported from its Word draft.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS, run_cli
from docx_builder import SAMPLE_DRAFT, accepted_text, text_to_docx
from test_docx import chapter_tree, digest, structure_findings

from csrlint import readers
from csrlint.engine import Linter
from csrlint.readers.pdf import _clean, _furniture_positions

HEADER = "某某软件有限公司 2023 年度社会责任报告"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def render_pdf(sources: list[Path], directory: Path, export: str = "pdf") -> None:
    """Export .docx files to PDF with LibreOffice, using a private profile (safe in parallel)."""
    profile = (directory / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", export,
                    "--outdir", str(directory), *map(str, sources)],
                   check=True, capture_output=True, timeout=180)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """The sample draft as .txt and .pdf, and each corpus report as .pdf (via .docx)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    directory = tmp_path_factory.mktemp("pdf")
    draft = text_to_docx(SAMPLE_DRAFT)
    draft.header(HEADER)
    draft.footer_page_number()
    sources = [draft.save(directory / "sample.docx")]
    for text in sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []:
        sources.append(text_to_docx(text.read_text(encoding="utf-8")).save(directory / f"{text.name[:3]}.docx"))
    render_pdf(sources, directory)
    (directory / "sample.txt").write_text(accepted_text(SAMPLE_DRAFT), encoding="utf-8")
    return {path.stem: path for path in directory.glob("*.pdf")} | {"sample.txt": directory / "sample.txt"}


@needs_soffice
def test_sample_pdf_gives_the_same_structure_findings_as_text(rendered, linter):
    as_pdf, as_text = linter.lint_path(rendered["sample"]), linter.lint_path(rendered["sample.txt"])
    expected = {("CSR104", "（2）员工录用"), ("CSR106", "七、社会评价"), ("CSR101", "")}
    assert structure_findings(as_pdf) == structure_findings(as_text) == expected
    assert chapter_tree(rendered["sample"], linter) == chapter_tree(rendered["sample.txt"], linter)


@needs_soffice
def test_pdf_pages_are_exact_and_headers_footers_are_set_apart(rendered):
    """Each page's footer prints its number (LibreOffice's PAGE field): the reader's pages must agree."""
    document = readers.read(rendered["sample"])
    pages = range(1, document.page_count + 1)
    assert document.page_count >= 3  # two typed breaks, and page 2 runs over onto another page
    printed = [(line.text, line.page) for line in document.furniture if line.text.isdigit()]
    assert printed == [(str(page), page) for page in pages]
    assert len(document.page_markers) == document.page_count
    assert [line.page for line in document.furniture if line.text == HEADER] == list(pages[1:])  # not the cover
    page_of = {line.text.strip(): line.page for line in document.lines}
    assert page_of["一、公开陈述"] == 1 and page_of["三、主要参数"] == 2
    assert page_of["七、社会评价"] == document.page_count
    body = [line.text.strip() for line in document.lines if line.page > 1]
    assert HEADER not in body and not {str(page) for page in pages} & set(body)
    assert any("40" in line.text for line in document.lines)  # the table's last figure, just above a footer, stays


@needs_soffice
@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_corpus_as_pdf_gives_the_same_chapter_tree(prefix, rendered, linter):
    if prefix not in rendered:
        pytest.skip("../shared/corpus is not available")
    source = next(CORPUS.glob(f"{prefix}_*.txt"))
    assert chapter_tree(rendered[prefix], linter) == chapter_tree(source, linter)


@needs_soffice
def test_password_pdf_is_told(rendered, tmp_path):
    options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    render_pdf([rendered["sample"].with_suffix(".docx")], tmp_path, export=options)
    locked = tmp_path / "sample.pdf"
    result = run_cli("check", "--format", "plain", rendered["sample.txt"], locked)
    assert result.exit_code == 2
    assert f"{locked}:0:0: ERROR PDF 有打开密码" in result.output
    assert "CSR106" in result.output


@needs_soffice
def test_truncated_pdf_is_told_and_input_is_not_written(rendered, tmp_path):
    whole = rendered["sample"].read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(whole[: len(whole) // 3])
    before = digest(rendered["sample"])
    result = run_cli("check", "--format", "plain", truncated, rendered["sample"])
    assert result.exit_code == 2
    assert f"{truncated}:0:0: ERROR PDF 文件损坏或不完整" in result.output
    assert f"{rendered['sample']}:" in result.output  # the good PDF was still checked
    assert digest(rendered["sample"]) == before


@needs_soffice
def test_page_cap(rendered):
    linter = Linter.create(limits=readers.Limits(max_pages=2))
    error = linter.lint_path(rendered["sample"]).error
    assert error.startswith("PDF 页数过多（") and "上限 2 页" in error


def test_pdf_without_text_layer_is_a_scan(tmp_path):
    import pypdfium2 as pdfium

    scan = pdfium.PdfDocument.new()
    scan.new_page(595, 842)
    path = tmp_path / "scan.pdf"
    scan.save(str(path))
    result = run_cli("check", "--format", "plain", path)
    assert result.exit_code == 2 and "扫描版 PDF，没有文字层" in result.output


def test_other_files_named_pdf_are_told(tmp_path):
    renamed = text_to_docx(SAMPLE_DRAFT).save(tmp_path / "draft.pdf")
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + b"\x00not really a pdf" * 50)
    result = run_cli("check", "--format", "plain", renamed, garbage)
    assert result.exit_code == 2
    assert f"{renamed}:0:0: ERROR 不是 PDF 文件（这是 Word/zip 文件改了后缀）" in result.output
    assert f"{garbage}:0:0: ERROR PDF 文件损坏或不完整" in result.output


# -- header/footer detection on extracted pages (no PDF needed) -------------------------------

def test_running_header_and_page_numbers_found():
    pages = [["某公司 2023 年度社会责任报告", "封面"],
             ["某公司 2023 年度社会责任报告", "一、公开陈述", "正文", "- 1 -"],
             ["某公司 2023 年度社会责任报告", "正文", "更多正文", "- 2 -"]]
    found = _furniture_positions(pages)
    assert found == {(2, 0): "running", (3, 0): "running", (2, 3): "page-number", (3, 3): "page-number"}


def test_look_alikes_stay_in_the_body():
    """A figure at a page's foot that does not keep step with the page, or a line at the top once, stays."""
    pages = [["目录", "正文"],
             ["员工责任", "培训人次", "85", "2"],
             ["经济责任", "营业收入（万元）", "12", "3"],
             ["社区责任", "志愿服务", "4"]]
    found = _furniture_positions(pages)
    assert found == {(2, 3): "page-number", (3, 3): "page-number", (4, 2): "page-number"}


def test_radical_glyphs_read_as_ideographs_and_punctuation_is_kept():
    assert _clean("⼀、⽅案（草稿），\x02") == "一、方案（草稿），"
