"""Published PDFs: the text layer page by page, running headers, footers and page numbers set apart.

pypdfium2 (PDFium, Apache/BSD) extracts text in content order with its Unicode mapping, so
CJK comes out as characters. Lines are numbered through the whole text (as a text
extraction would number them); ``Line.page`` is the PDF page, exact. A line repeated at the
top or bottom of several pages is a running header or footer, a number there that keeps
step with the page is a page number: both go to ``Document.furniture``, not the body.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from pathlib import Path

from ..document import Document, InputError, Line
from . import pdfscan
from .tables import find_tables
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
#: A glyph is on a line when its baseline is the line's, give or take this share of the line's height.
SAME_LINE = 0.3
#: Glyphs of one line may overlap by this share of its height (kerning); more is text printed over text.
OVERLAP = 0.1
#: The gap (in ems: an ideograph's width, else the line's height) that reads as a space, by how many
#: of the two glyphs beside it are wide (CJK): a Latin word space; more than the fifth of an em
#: LibreOffice puts between CJK and Latin (a typed space there is a quarter em or more); the same
#: between ideographs, beyond the line's letter-spacing.
SPACE_GAP = (0.15, 0.22, 0.22)
LINE_BREAKS = frozenset("\r\n")
#: Characters with nothing printed: control codes (PDFium's hyphen stand-in is read as a hyphen).
UNPRINTED = frozenset(chr(code) for code in [*range(0x09), *range(0x0B, 0x20), 0x7F, 0xFFFF])


def read(path: Path, limits) -> Document:
    pages = _pages(path, limits)
    visible = "".join(line.text for page in pages for line in page).replace(" ", "")
    if len(visible) < MIN_TEXT:
        raise InputError(
            str(path), "扫描版 PDF，没有文字层，无法检查（请先做文字识别 OCR）/ scanned PDF without a text layer"
        )
    unmapped = sum(1 for char in visible if char == "\ufffd" or "\ue000" <= char <= "\uf8ff")
    if unmapped > MAX_UNMAPPED * len(visible):
        raise InputError(str(path), "PDF 字体没有字符映射，提取不出文字 / the text layer has no Unicode mapping")
    texts = [[_clean(line.text) for line in page] for page in pages]
    furniture = _furniture_positions(texts, [[line.top for line in page] for page in pages])
    lines: list[Line] = []
    kept_apart: list[Line] = []
    markers: list[int] = []
    number = 0
    for page_index, page in enumerate(texts, start=1):
        for position, text in enumerate(page):
            number += 1
            found = furniture.get((page_index, position))
            if found is None:
                lines.append(Line(text, number, page_index))
                continue
            kind, source = found
            kept_apart.append(Line(text, number, page_index, source=source))
            if kind == "page-number":
                markers.append(number)
    return Document(
        path=str(path),
        lines=lines,
        format="pdf",
        page_count=len(pages),
        page_markers=markers,
        furniture=kept_apart,
        tables=find_tables(lines),
    )


def _pages(path: Path, limits) -> list[list[_PrintedLine]]:
    """Each page's printed lines; a PDF that cannot be opened is told why, in one line."""
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
            raise InputError(
                str(path), f"PDF 页数过多（{len(document)} 页，上限 {limits.max_pages} 页）/ too many pages"
            )
        pages = []
        for index in range(len(document)):
            try:
                page = document[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError:
                raise InputError(
                    str(path), f"PDF 文件损坏：第 {index + 1} 页无法读取 / corrupt page {index + 1}"
                ) from None
            pages.append(_printed_lines(textpage))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


class _PrintedLine:
    """The characters printed on one line of a page: (left, right, glyph) and the line's band on the page."""

    __slots__ = ("chars", "low", "high", "baseline", "_text")

    def __init__(self, left: float, right: float, bottom: float, top: float, char: str, baseline: float):
        self.chars = [(left, right, char)]
        self.low, self.high, self.baseline = bottom, top, baseline
        self._text: str | None = None

    def holds(self, baseline: float) -> bool:
        """Whether a glyph standing on ``baseline`` sits on this line (fonts of one line share its baseline)."""
        return abs(baseline - self.baseline) <= SAME_LINE * (self.high - self.low)

    def near(self, left: float, right: float) -> bool:
        """Whether a glyph at ``left``–``right`` falls within this line's width (or one em beyond its ends)."""
        em = self.high - self.low
        return min(char[0] for char in self.chars) - em <= right and left <= max(char[1] for char in self.chars) + em

    def free(self, left: float, right: float) -> bool:
        """Whether ``left``–``right`` is a gap of this line: no glyph printed there yet (a tenth of an em allowed)."""
        overlap = OVERLAP * (self.high - self.low)
        return all(right - overlap <= char[0] or left + overlap >= char[1] for char in self.chars)

    def add(self, left: float, right: float, bottom: float, top: float, char: str) -> None:
        self.chars.append((left, right, char))
        if bottom < self.low:
            self.low = bottom
        if top > self.high:
            self.high = top

    @property
    def top(self) -> float:
        return self.high

    @property
    def text(self) -> str:
        """The glyphs left to right, with a space only where the page shows one.

        The spaces PDFium guesses from gaps are not used. Between ideographs (and CJK
        punctuation) a gap is a space only when it is wider than the line's usual gap between
        them by a typed space: letter-spacing (``关 于 红 军``) and justification widen every gap
        alike and read joined. Where CJK meets a Latin letter or a digit, office suites add a
        fifth of an em of their own; between Latin letters a gap of a word space is one. A space
        character the page draws is kept.
        """
        if self._text is None:
            chars = sorted(self.chars, key=_left)
            em = next((right - left for left, right, char in chars if char >= "\u4e00"), self.high - self.low)
            gaps = [SPACE_GAP[0] * em, SPACE_GAP[1] * em, SPACE_GAP[2] * em]
            smallest = min(gaps)
            parts: list[str] = []
            before_right, before_wide = None, 0
            usual: float | None = None
            for left, right, char in chars:
                if char == " ":
                    if parts and parts[-1] != " ":
                        parts.append(" ")
                    before_right = None
                    continue
                wide = _is_wide(char)
                if before_right is not None and left - before_right > smallest:
                    if before_wide and wide and usual is None:
                        usual = _usual_gap(chars)
                        gaps[2] += usual
                    if left - before_right > gaps[before_wide + wide]:
                        parts.append(" ")
                parts.append(char)
                before_right, before_wide = right, wide
            self._text = "".join(parts).strip()
        return self._text


def _left(char: tuple) -> float:
    return char[0]


def _usual_gap(chars: list[tuple]) -> float:
    """The median gap between neighbouring wide glyphs of a line (left to right): its letter-spacing."""
    gaps = sorted(
        after[0] - before[1] for before, after in zip(chars, chars[1:]) if _is_wide(before[2]) and _is_wide(after[2])
    )
    return max(gaps[len(gaps) // 2], 0.0) if gaps else 0.0


def _is_wide(char: str) -> bool:
    return char >= "\u2e80" or "\u2010" <= char <= "\u206f"


def _printed_lines(textpage) -> list[_PrintedLine]:
    """The page's lines rebuilt from where each character is printed, in the order they were first drawn.

    PDFium lists characters in drawing order. A glyph that a fallback font supplies (the quotes
    “” in CJK text, often Latin digits) is drawn after the rest of its line, so that order is not
    the reading order: every character goes to the line it is printed on and a line reads left
    to right. A glyph drawn straight after another on the same line joins it, however far apart
    (table cells, tab leaders); one drawn after a break joins an earlier line only within that
    line's width, so that columns and cells side by side stay apart.
    """
    import ctypes

    import pypdfium2.raw as raw

    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) != count:  # characters outside the BMP: one per index, as PDFium counts them
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, index)) for index in range(count))
    box, x, y = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    char_box, origin, generated = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin, raw.FPDFText_IsGenerated
    lines: list[_PrintedLine] = []
    current: _PrintedLine | None = None
    low = high = 0.0  # the baselines the current line takes
    lowest, highest, reach = math.inf, -math.inf, 0.0  # the page's lines: baselines, widest tolerance
    broken = True  # a line break since the last character: the next one may start a new line
    filling = False  # the current line was drawn before: a glyph joins it only in one of its gaps
    for index, char in enumerate(text):
        if char in LINE_BREAKS:
            broken = True
            continue
        if char == " " and generated(textpage, index) or char in UNPRINTED:
            continue
        if char == HYPHEN_BREAK:
            char = "-"
        char_box(textpage, index, box)  # the glyph's advance and its font's height: never an empty box
        origin(textpage, index, x, y)
        left, right, bottom, top, baseline = box.left, box.right, box.bottom, box.top, y.value
        if (
            current is not None
            and low <= baseline <= high
            and (not broken or current.near(left, right))
            and (not filling or current.free(left, right))
        ):
            current.chars.append((left, right, char))  # the common case, kept short
            if bottom >= current.low and top <= current.high:
                broken = False
                continue
            current.low, current.high = min(current.low, bottom), max(current.high, top)  # a taller glyph
        else:
            found = None
            if lowest - reach <= baseline <= highest + reach:  # else below (or above) every line so far
                found = next(
                    (
                        line
                        for line in reversed(lines)
                        if line.holds(baseline) and line.near(left, right) and line.free(left, right)
                    ),
                    None,
                )
            filling = found is not None
            if found is not None:
                found.add(left, right, bottom, top, char)
            elif char != " ":  # a space alone starts no line
                found = _PrintedLine(left, right, bottom, top, char, baseline)
                lines.append(found)
                lowest, highest = min(lowest, baseline), max(highest, baseline)
            current = found or current
        if current is not None:
            slack = SAME_LINE * (current.high - current.low)
            low, high, reach = current.baseline - slack, current.baseline + slack, max(reach, slack)
        broken = False
    return lines


def _clean(text: str) -> str:
    """Control characters out; radical glyphs read as the ideographs they stand for."""
    text = CONTROL.sub("", text)
    return RADICALS.sub(lambda match: unicodedata.normalize("NFKC", match.group(0)), text)


def _furniture_positions(
    pages: list[list[str]], tops: list[list[float]] | None = None
) -> dict[tuple[int, int], tuple[str, str]]:
    """(page, position) → (kind, source) of every page-number line and running header/footer line.

    A page number stands at a page's edge and keeps step with the page (one offset for the
    whole document). A running header or footer is text, not a bare figure nor a sentence,
    that stands in the same place (k-th line from the top or from the bottom) on at least two pages.
    A page's edges are where its lines are printed (``tops``: each line's height on the page), not
    the order they were drawn in: a text box drawn after the footer does not make it body text.
    Kind is ``page-number`` or ``running``, source ``header`` or ``footer``.
    """
    edges: list[tuple[int, int, str, list[tuple[str, int]]]] = []  # (page, position, text, slots)
    for page_index, page in enumerate(pages, start=1):
        filled = [position for position, text in enumerate(page) if text.strip()]
        if tops is not None:
            filled.sort(key=lambda position: -tops[page_index - 1][position])
        slots: dict[int, list[tuple[str, int]]] = {}
        for rank, position in enumerate(filled[:EDGE_LINES]):
            slots.setdefault(position, []).append(("top", rank))
        for rank, position in enumerate(reversed(filled[-EDGE_LINES:])):
            slots.setdefault(position, []).append(("bottom", rank))
        edges.extend((page_index, position, page[position].strip(), where) for position, where in slots.items())
    found: dict[tuple[int, int], tuple[str, str]] = {}
    numbers = [(page, position, _page_number(text), slots) for page, position, text, slots in edges]
    offsets = Counter(value - page for page, _, value, _ in numbers if value is not None)
    if offsets:
        offset, count = offsets.most_common(1)[0]
        if count >= min(2, len(pages)):
            for page, position, value, slots in numbers:
                if value is not None and value - page == offset:
                    found[(page, position)] = ("page-number", _source(slots))
    # The cover (page 1) keeps its lines: its title is the report's, not a running header.
    candidates = [
        (page, position, _shape(text), slots)
        for page, position, text, slots in edges
        if page > 1
        and (page, position) not in found
        and not text.replace(" ", "").isdigit()
        and not SENTENCE_MARKS.search(text)
    ]
    pages_at: dict[tuple, set[int]] = {}
    for page, _, shape, slots in candidates:
        for slot in slots:
            pages_at.setdefault((slot, shape), set()).add(page)
    for page, position, shape, slots in candidates:
        if any(len(pages_at[(slot, shape)]) >= 2 for slot in slots):
            found[(page, position)] = ("running", _source(slots))
    return found


def _source(slots: list[tuple[str, int]]) -> str:
    """``header`` for a line among a page's top lines, else ``footer``."""
    return "header" if any(end == "top" for end, _ in slots) else "footer"


def _page_number(text: str) -> int | None:
    match = PAGE_NUMBER.match(text)
    return int(next(group for group in match.groups() if group)) if match else None


def _shape(text: str) -> str:
    """A header as it repeats from page to page: digits (page, chapter numbers) and spaces ignored."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))
