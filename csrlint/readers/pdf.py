"""Published PDFs: the text layer page by page, running headers, footers and page numbers set apart.

pypdfium2 (PDFium, Apache/BSD) extracts text in content order with its Unicode mapping, so
CJK comes out as characters. Lines are numbered through the whole text (as a text
extraction would number them); ``Line.page`` is the PDF page, exact. A line repeated at the
top or bottom of several pages is a running header or footer, a number there that keeps
step with the page is a page number: both go to ``Document.furniture``, not the body.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from ..document import Document, InputError, Line
from . import pdfscan
from .text import PAGE_NUMBER

#: Lines at each end of a page that may be header or footer.
EDGE_LINES = 2
#: A text layer with fewer visible characters than this is no text layer (a scan).
MIN_TEXT = 20
#: Share of unmapped glyphs (U+FFFD, private use) above which the text layer is unreadable.
MAX_UNMAPPED = 0.3
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
#: A running header or footer names the report or the chapter; a line with these marks is a
#: sentence of the body, however often a repeated sentence lands at the top of a page.
SENTENCE_MARKS = re.compile(r"[。，；！？,;!?]")
#: PDFium's stand-in for a hyphen that ends a line (``FTTR-`` / ``B``): both are put back, as printed.
HYPHEN_BREAK = "\ufffe"
#: Kangxi radicals and CJK radical supplement: glyphs some fonts map to instead of the ideograph.
RADICALS = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")


def read(path: Path, limits) -> Document:
    texts = _page_texts(path, limits)
    visible = "".join(texts).replace(" ", "").replace("\n", "")
    if len(visible) < MIN_TEXT:
        raise InputError(str(path), "扫描版 PDF，没有文字层，无法检查（请先做文字识别 OCR）/ "
                                    "scanned PDF without a text layer")
    unmapped = sum(1 for char in visible if char == "\ufffd" or "\ue000" <= char <= "\uf8ff")
    if unmapped > MAX_UNMAPPED * len(visible):
        raise InputError(str(path), "PDF 字体没有字符映射，提取不出文字 / the text layer has no Unicode mapping")
    pages = [[_clean(line) for line in text.split("\n")] for text in texts]
    furniture = _furniture_positions(pages)
    lines: list[Line] = []
    kept_apart: list[Line] = []
    markers: list[int] = []
    number = 0
    for page_index, page in enumerate(pages, start=1):
        for position, text in enumerate(page):
            number += 1
            kind = furniture.get((page_index, position))
            if kind is None:
                lines.append(Line(text, number, page_index))
                continue
            kept_apart.append(Line(text, number, page_index))
            if kind == "page-number":
                markers.append(number)
    return Document(path=str(path), lines=lines, format="pdf", page_count=len(pages),
                    page_markers=markers, furniture=kept_apart)


def _page_texts(path: Path, limits) -> list[str]:
    """Each page's text; a PDF that cannot be opened is told why, in one line."""
    import pypdfium2 as pdfium

    try:
        with path.open("rb") as stream:
            head = stream.read(1024)
    except OSError as error:
        raise InputError(str(path), f"无法读取 / cannot read: {error.strerror or error}") from None
    if b"%PDF-" not in head:
        kind = "这是 Word/zip 文件改了后缀" if head.startswith(b"PK") else "文件头不是 %PDF"
        raise InputError(str(path), f"不是 PDF 文件（{kind}）/ not a PDF file")
    pdfscan.check(path, limits)  # before PDFium inflates anything: real bytes, photos apart
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise InputError(str(path), "PDF 有打开密码，请去掉密码后再检查 / password-protected PDF") from None
        raise InputError(str(path), "PDF 文件损坏或不完整 / corrupt or truncated PDF") from None
    try:
        if len(document) > limits.max_pages:
            raise InputError(str(path), f"PDF 页数过多（{len(document)} 页，上限 {limits.max_pages} 页）/ too many pages")
        texts = []
        for index in range(len(document)):
            try:
                page = document[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError:
                raise InputError(str(path), f"PDF 文件损坏：第 {index + 1} 页无法读取 / corrupt page {index + 1}") from None
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            texts.append(text.replace(HYPHEN_BREAK, "-\n"))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def _clean(text: str) -> str:
    """Control characters out; radical glyphs read as the ideographs they stand for."""
    text = CONTROL.sub("", text)
    return RADICALS.sub(lambda match: unicodedata.normalize("NFKC", match.group(0)), text)


def _furniture_positions(pages: list[list[str]]) -> dict[tuple[int, int], str]:
    """(page, position) of every page-number line and running header/footer line.

    A page number stands at a page's edge and keeps step with the page (one offset for the
    whole document). A running header or footer is text, not a bare figure nor a sentence,
    that stands in the same place (k-th line from the top or from the bottom) on at least two pages.
    """
    edges: list[tuple[int, int, str, list[tuple[str, int]]]] = []  # (page, position, text, slots)
    for page_index, page in enumerate(pages, start=1):
        filled = [position for position, text in enumerate(page) if text.strip()]
        slots: dict[int, list[tuple[str, int]]] = {}
        for rank, position in enumerate(filled[:EDGE_LINES]):
            slots.setdefault(position, []).append(("top", rank))
        for rank, position in enumerate(reversed(filled[-EDGE_LINES:])):
            slots.setdefault(position, []).append(("bottom", rank))
        edges.extend((page_index, position, page[position].strip(), where) for position, where in slots.items())
    found: dict[tuple[int, int], str] = {}
    numbers = [(page, position, _page_number(text)) for page, position, text, _ in edges]
    offsets = Counter(value - page for page, _, value in numbers if value is not None)
    if offsets:
        offset, count = offsets.most_common(1)[0]
        if count >= min(2, len(pages)):
            for page, position, value in numbers:
                if value is not None and value - page == offset:
                    found[(page, position)] = "page-number"
    # The cover (page 1) keeps its lines: its title is the report's, not a running header.
    candidates = [(page, position, _shape(text), slots) for page, position, text, slots in edges
                  if page > 1 and (page, position) not in found and not text.replace(" ", "").isdigit()
                  and not SENTENCE_MARKS.search(text)]
    pages_at: dict[tuple, set[int]] = {}
    for page, _, shape, slots in candidates:
        for slot in slots:
            pages_at.setdefault((slot, shape), set()).add(page)
    for page, position, shape, slots in candidates:
        if any(len(pages_at[(slot, shape)]) >= 2 for slot in slots):
            found[(page, position)] = "running"
    return found


def _page_number(text: str) -> int | None:
    match = PAGE_NUMBER.match(text)
    return int(next(group for group in match.groups() if group)) if match else None


def _shape(text: str) -> str:
    """A header as it repeats from page to page: digits (page, chapter numbers) and spaces ignored."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))
