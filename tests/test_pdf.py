"""PDF reports: text per page with exact pages, headers/footers/page numbers apart, bad PDFs told.

PDFs are written by the bench's reportlab writer from the text drafts, laid out as a printed
report: the draft's page-number lines break pages, lines wrap at the page's width, a page
holds at most ``LINES_PER_PAGE`` lines, with a running header and a page-number footer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench import LINES_PER_PAGE, WRAP, display_width, write_pdf
from conftest import CORPUS, run_cli
from docx_builder import SAMPLE_DRAFT, TABLE_ROW, accepted_text, text_to_docx
from test_docx import chapter_tree, digest, structure_findings

from csrlint import readers
from csrlint.engine import Linter
from csrlint.readers.pdf import _clean, _furniture_positions
from csrlint.readers.text import split_pages

HEADER = "某某软件有限公司 2023 年度社会责任报告"
#: A printed line's width in columns: ``WRAP`` ideographs, or twice as many half-width characters.
COLUMNS = 2 * WRAP


def layout(text: str) -> list[list[str]]:
    """The draft's printed pages: its page-number lines break pages, a page too long runs over.

    A table row prints each cell on a line of its own, as text extraction flattens tables.
    """
    markers = set(split_pages(text.split("\n"))[1])
    sections: list[list[str]] = [[]]
    for number, line in enumerate(text.split("\n"), 1):
        row = TABLE_ROW.match(line)
        if number in markers:
            sections.append([])
        elif row:
            sections[-1].extend(cell.strip() for cell in row.group(1).split("|"))
        else:
            sections[-1].extend(wrap(line))
    return [
        section[start : start + LINES_PER_PAGE]
        for section in sections
        if any(map(str.strip, section))
        for start in range(0, len(section), LINES_PER_PAGE)
    ]


def wrap(line: str) -> list[str]:
    """``line`` cut wherever it reaches ``COLUMNS`` columns (an ideograph takes two)."""
    lines, current, columns = [], "", 0
    for char in line:
        if columns + display_width(char) > COLUMNS:
            lines.append(current)
            current, columns = "", 0
        current += char
        columns += display_width(char)
    return [*lines, current]


def spaced(text: str) -> str:
    """A line as text extraction gives it back: a run of spaces read as one."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def sample_pages() -> list[list[str]]:
    return layout(accepted_text(SAMPLE_DRAFT))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, sample_pages) -> dict[str, Path]:
    """The sample draft as .txt and .pdf, and each corpus report as .pdf."""
    directory = tmp_path_factory.mktemp("pdf")
    paths = {"sample": write_pdf(sample_pages, directory / "sample.pdf", header=HEADER)}
    for text in sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []:
        pages = layout(text.read_text(encoding="utf-8"))
        paths[text.name[:3]] = write_pdf(pages, directory / f"{text.name[:3]}.pdf", header=HEADER)
    paths["sample.txt"] = directory / "sample.txt"
    paths["sample.txt"].write_text(accepted_text(SAMPLE_DRAFT), encoding="utf-8")
    return paths


def test_sample_pdf_gives_the_same_structure_findings_as_text(rendered, linter):
    as_pdf, as_text = linter.lint_path(rendered["sample"]), linter.lint_path(rendered["sample.txt"])
    expected = {("CSR104", "（2）员工录用"), ("CSR106", "七、社会评价"), ("CSR101", "")}
    assert structure_findings(as_pdf) == structure_findings(as_text) == expected
    assert chapter_tree(rendered["sample"], linter) == chapter_tree(rendered["sample.txt"], linter)


def test_pdf_pages_are_exact_and_headers_footers_are_set_apart(rendered, sample_pages):
    """Every line read is a line printed, on the page it was printed on; header and footers are apart."""
    document = readers.read(rendered["sample"])
    pages = range(1, len(sample_pages) + 1)
    assert len(sample_pages) > 3  # two typed breaks, and page 2 runs over onto another page
    assert document.page_count == len(sample_pages)
    printed = [(line.text, line.page) for line in document.furniture if line.text.isdigit()]
    assert printed == [(str(page), page) for page in pages]
    assert len(document.page_markers) == document.page_count
    assert [line.page for line in document.furniture if line.text == HEADER] == list(pages[1:])  # not the cover
    body = [(spaced(line.text), line.page) for line in document.lines if line.text.strip()]
    assert body == [(spaced(text), page) for page, lines in zip(pages, sample_pages) for text in lines if text.strip()]
    assert ("三、主要参数", 2) in body  # the draft's first typed break
    assert sample_pages[0][-1] == "40" and ("40", 1) in body  # the table's last figure, just above a footer


@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_corpus_as_pdf_gives_the_same_chapter_tree(prefix, rendered, linter):
    if prefix not in rendered:
        pytest.skip("../shared/corpus is not available")
    source = next(CORPUS.glob(f"{prefix}_*.txt"))
    assert chapter_tree(rendered[prefix], linter) == chapter_tree(source, linter)


def test_password_pdf_is_told(rendered, sample_pages, tmp_path):
    import pypdfium2 as pdfium

    locked = write_pdf(sample_pages, tmp_path / "locked.pdf", header=HEADER, password="secret")
    assert len(pdfium.PdfDocument(str(locked), password="secret")) == len(sample_pages)  # sound but for the password
    result = run_cli("check", "--format", "plain", rendered["sample.txt"], locked)
    assert result.exit_code == 2
    assert f"{locked}:1:1: ERROR PDF 有打开密码" in result.output
    assert "CSR106" in result.output


def test_truncated_pdf_is_told_and_input_is_not_written(rendered, tmp_path):
    whole = rendered["sample"].read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(whole[: len(whole) // 3])
    before = digest(rendered["sample"])
    result = run_cli("check", "--format", "plain", truncated, rendered["sample"])
    assert result.exit_code == 2
    assert f"{truncated}:1:1: ERROR PDF 文件损坏或不完整" in result.output
    assert f"{rendered['sample']}:" in result.output  # the good PDF was still checked
    assert digest(rendered["sample"]) == before


def test_pdf_with_a_broken_page_is_told(rendered, tmp_path):
    """Its page object no longer says it is a page: PDFium cannot load it (found by fuzzing)."""
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(rendered["sample"].read_bytes().replace(b"/Type /Page\n", b"/Type /Xage\n", 1))
    result = run_cli("check", "--format", "plain", broken, rendered["sample"])
    assert result.exit_code == 2
    assert f"{broken}:1:1: ERROR PDF 文件损坏：第 1 页无法读取" in result.output
    assert f"{rendered['sample']}:" in result.output


def test_a_hyphen_ending_a_line_is_kept_with_its_line_break(tmp_path):
    """PDFium reads ``FTTR-`` + ``B）`` as one word; the reader gives back the lines as printed."""
    lines = ["一、公开陈述", "完成千兆光网（FTTR-", "B）认证，通过率 100%。", "well-", "known"]
    path = write_pdf([lines], tmp_path / "hyphen.pdf", page_numbers=False)
    assert [line.text for line in readers.read(path).lines] == lines


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
    assert f"{renamed}:1:1: ERROR 不是 PDF 文件（这是 Word/zip 文件改了后缀）" in result.output
    assert f"{garbage}:1:1: ERROR PDF 文件损坏或不完整" in result.output


# -- header/footer detection on extracted pages (no PDF needed) -------------------------------


def test_running_header_and_page_numbers_found():
    pages = [
        ["某公司 2023 年度社会责任报告", "封面"],
        ["某公司 2023 年度社会责任报告", "一、公开陈述", "正文", "- 1 -"],
        ["某公司 2023 年度社会责任报告", "正文", "更多正文", "- 2 -"],
    ]
    found = _furniture_positions(pages)
    assert found == {
        (2, 0): ("running", "header"),
        (3, 0): ("running", "header"),
        (2, 3): ("page-number", "footer"),
        (3, 3): ("page-number", "footer"),
    }


def test_look_alikes_stay_in_the_body():
    """A figure at a page's foot that does not keep step with the page, or a line at the top once, stays."""
    pages = [
        ["目录", "正文"],
        ["员工责任", "培训人次", "85", "2"],
        ["经济责任", "营业收入（万元）", "12", "3"],
        ["社区责任", "志愿服务", "4"],
    ]
    found = _furniture_positions(pages)
    assert found == {
        (2, 3): ("page-number", "footer"),
        (3, 3): ("page-number", "footer"),
        (4, 2): ("page-number", "footer"),
    }


def test_sentences_repeated_at_the_top_of_pages_stay_in_the_body():
    """A list item or a repeated sentence at a page's top is text, even when its shape recurs."""
    pages = [
        ["某某公司", "2023 年度社会责任报告"],
        ["一、员工责任", "（1）全年组织培训 12 场，参加 300 人次。", "员工", "2"],
        ["二、社区责任", "（2）全年组织志愿服务 30 场。", "社区", "3"],
        ["评为区级文明窗口。", "（3）全年组织培训 15 场，参加 200 人次。", "环境", "4"],
        ["评为区级文明窗口。", "荣誉", "5"],
    ]
    assert _furniture_positions(pages) == {
        (page, len(pages[page - 1]) - 1): ("page-number", "footer") for page in (2, 3, 4, 5)
    }


def test_radical_glyphs_read_as_ideographs_and_punctuation_is_kept():
    assert _clean("⼀、⽅案（草稿），\x02") == "一、方案（草稿），"
