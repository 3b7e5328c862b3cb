"""PDF text in reading order: glyphs placed by where they are printed, not by when they were drawn.

Office suites draw a line's glyphs font by font: the quotes “” of a CJK sentence come from a
fallback font and are drawn after the rest of the line. These PDFs are drawn with reportlab the
same way (a CJK font for the ideographs, Helvetica for the quotes, drawn last).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench import write_pdf
from docx_builder import SAMPLE_DRAFT, accepted_text
from test_pdf import HEADER, layout

from csrlint import readers

pytest.importorskip("reportlab")

CJK, LATIN, SIZE = "STSong-Light", "Helvetica", 12
TOP = 760


def canvas(path: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas as pdfgen

    pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    return pdfgen.Canvas(str(path), pagesize=A4)


def tj(text, pieces: list) -> None:
    """A TJ array on ``text`` (a reportlab text object): strings, and gaps in thousandths of an em between them."""
    text._code.append(
        "["
        + " ".join(text._formatText(piece) if isinstance(piece, str) else f"{-piece:.1f}" for piece in pieces)
        + "] TJ"
    )


def draw_font_by_font(pdf, x: float, y: float, line: str, fallback: str = "“”") -> None:
    """``line`` in one text object as LibreOffice writes it: the fallback-font glyphs first, each at
    its place, then the rest of the line as one TJ array that jumps over their gaps."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = pdf.beginText()
    text.setFont(LATIN, SIZE)
    position = x
    for char in line:
        if char in fallback:
            text.setTextOrigin(position, y)
            text.textOut(char)
        position += stringWidth(char, LATIN if char in fallback else CJK, SIZE)
    text.setFont(CJK, SIZE)
    text.setTextOrigin(x, y)
    pieces: list = []
    for char in line:
        if char not in fallback:
            pieces.append(pieces.pop() + char if pieces and isinstance(pieces[-1], str) else char)
        else:
            pieces.append(stringWidth(char, LATIN, SIZE) * 1000 / SIZE)
    tj(text, pieces)
    pdf.drawText(text)


def body(path: Path) -> list[str]:
    return [line.text for line in readers.read(path).lines]


def test_fallback_quotes_drawn_after_their_line_are_read_in_place(tmp_path):
    pdf = canvas(tmp_path / "quotes.pdf")
    pdf.setFont(CJK, SIZE)
    pdf.drawString(72, TOP, "一、公开陈述")
    draw_font_by_font(pdf, 72, TOP - 20, "本年度是“十四五”规划实施的重要一年，要“稳中求进”。")
    draw_font_by_font(pdf, 72, TOP - 40, "坚持“人民至上”的发展思想。")
    pdf.save()
    assert body(tmp_path / "quotes.pdf") == [
        "一、公开陈述",
        "本年度是“十四五”规划实施的重要一年，要“稳中求进”。",
        "坚持“人民至上”的发展思想。",
    ]


def test_letter_spaced_cjk_is_joined_and_latin_words_keep_their_spaces(tmp_path):
    """Letter-spacing written as gaps in a TJ array (PDFium reads ``关 于 红 军``); a typed space stays."""
    pdf = canvas(tmp_path / "spaced.pdf")
    text = pdf.beginText(72, TOP)
    text.setFont(CJK, 16)
    tj(text, ["关", 500, "于", 500, "红", 500, "军"])
    text.setTextOrigin(72, TOP - 20)
    text.setFont(LATIN, SIZE)
    tj(text, ["Social", 300, "respon", 60, "sibility"])  # a word space, and kerning inside a word
    text.setTextOrigin(72, TOP - 40)
    text.setFont(CJK, SIZE)
    text.textOut("员工 人数")
    text.setTextOrigin(72, TOP - 60)
    tj(text, ["姓名", 2500, "岗位"])  # two cells of a table row, drawn as one
    text.setTextOrigin(72, TOP - 80)
    tj(text, ["建设，", 300, "启动工作"])  # a typed space LibreOffice leaves as a gap
    text.setTextOrigin(72, TOP - 100)
    tj(text, ["年", 150, "度", 150, "报", 150, "告", 450, "正", 150, "文"])  # letter-spaced, and a space beyond
    pdf.drawText(text)
    pdf.save()
    assert body(tmp_path / "spaced.pdf") == [
        "关于红军",
        "Social responsibility",
        "员工 人数",
        "姓名 岗位",
        "建设， 启动工作",
        "年度报告 正文",
    ]


def test_cells_and_columns_side_by_side_stay_apart(tmp_path):
    """Text drawn after a line break at the height of an earlier line but beyond its end is a line of its own."""
    pdf = canvas(tmp_path / "columns.pdf")
    pdf.setFont(CJK, SIZE)
    left = ["左栏第一行文字", "左栏第二行文字"]
    right = ["右栏第一行文字", "右栏第二行文字"]
    for row, line in enumerate(left):
        pdf.drawString(72, TOP - 20 * row, line)
    for row, line in enumerate(right):
        pdf.drawString(320, TOP - 20 * row, line)
    pdf.save()
    assert body(tmp_path / "columns.pdf") == [*left, *right]


BOXES = ["图片说明：志愿服务", "图片说明：员工培训", "专栏：绿色办公", "案例：社区共建"]
CAPTIONS = ["摄影：张", "摄影：李", "摄影：王", "摄影：赵"]


def test_footer_stays_apart_when_a_text_box_is_drawn_after_it(tmp_path):
    """The page's edges are where lines are printed: a box drawn last is not the footer."""
    pdf = canvas(tmp_path / "box.pdf")
    header = "某某公司 2023 年度社会责任报告"
    for page in range(1, 5):
        pdf.setFont(CJK, SIZE)
        if page > 1:
            pdf.drawString(72, 800, header)
        pdf.drawString(72, TOP, f"正文第 {page} 页的第一段。")
        pdf.drawString(72, TOP - 20, "正文的第二段，内容不同。" if page % 2 else "又一段正文，写法各异。")
        pdf.drawCentredString(297, 40, f"- {page} -")
        pdf.drawString(300, 400, BOXES[page - 1])  # two boxes drawn after the footer, mid-page
        pdf.drawString(300, 380, CAPTIONS[page - 1])
        pdf.showPage()
    pdf.save()
    document = readers.read(tmp_path / "box.pdf")
    kept_apart = [(line.text, line.page, line.source) for line in document.furniture]
    assert kept_apart == [
        ("- 1 -", 1, "footer"),
        *[
            (text, page, source)
            for page in range(2, 5)
            for text, source in ((header, "header"), (f"- {page} -", "footer"))
        ],
    ]
    assert [line.text for line in document.lines if line.page == 3] == [
        "正文第 3 页的第一段。",
        "正文的第二段，内容不同。",
        BOXES[2],
        CAPTIONS[2],
    ]
    assert len(document.page_markers) == 4


def test_a_report_drawn_font_by_font_reads_as_the_one_drawn_in_order(tmp_path):
    """The bench's LibreOffice-style PDF (digits, Latin and quotes drawn before the line's CJK) reads line for line."""
    pages = layout(accepted_text(SAMPLE_DRAFT))
    in_order = readers.read(write_pdf(pages, tmp_path / "in-order.pdf", header=HEADER))
    office = readers.read(write_pdf(pages, tmp_path / "office.pdf", header=HEADER, office=True))
    assert [line.text for line in office.lines] == [line.text for line in in_order.lines]
    assert [line.text for line in office.furniture] == [line.text for line in in_order.furniture]
