"""One document model for every input format.

Readers (txt, md, docx, pdf) all produce a :class:`Document`: a list of :class:`Line`
objects, each remembering where it stood in the original file, so that every later stage
(structure, checks, formatters) can point the user back at the exact place.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

#: How a format numbers its locations: text files by line, Word files by paragraph.
LINE = "line"
PARAGRAPH = "paragraph"

#: Characters after which a line break is a real paragraph/sentence end, not a PDF wrap.
SENTENCE_END = "。！？!?；;…"


class Translation:
    """Characters replaced one for one (full-width digits and letters by ASCII), so offsets hold.

    Faster than ``str.translate`` on a report: that looks every character up in the table
    (milliseconds for 100 KB, each time), while these few characters are rare in a report,
    and a search finds them in a fraction of that.
    """

    def __init__(self, source: str, target: str) -> None:
        self.mapping = dict(zip(source, target, strict=True))
        self.present = re.compile("[" + re.escape(source) + "]")

    def __call__(self, text: str) -> str:
        return self.present.sub(self._replace, text)

    def _replace(self, match: re.Match) -> str:
        return self.mapping[match.group()]


class InputError(Exception):
    """An input that cannot be checked (unreadable, binary, encrypted…): exit code 2."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Line:
    """One line (or paragraph / table cell) of the original input."""

    text: str
    number: int  # 1-based line number (or paragraph index) in the original file
    page: int | None = None  # printed page, where the input shows page breaks
    source: str = "body"  # body, header, footer, table, textbox, footnote, comment
    #: The outline level a Word heading style gives an unnumbered paragraph (Heading 2 → 2), as a
    #: Markdown ``##`` gives it in text: the structure parser reads it, readers never parse headings.
    heading_level: int | None = None


@dataclass(frozen=True)
class Annotation:
    """Something the file format itself records as unfinished (a Word comment, a tracked change)."""

    kind: str  # "comment" | "insertion" | "deletion"
    text: str
    line: int
    page: int | None = None
    author: str | None = None


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and where it stands, in the file (``line``) and in the grid."""

    text: str
    line: int  # the cell's own location in a .docx; the row's line in a text or Markdown table
    row: int  # 0-based row of its table
    col: int  # 0-based first grid column
    span: int = 1  # grid columns it covers (Word's gridSpan)
    #: Continues the cell above (Word's vMerge): its text is repeated from there, not a value of its own.
    merged: bool = False


@dataclass(frozen=True)
class Table:
    """A table as its reader found it: a real Word table, a Markdown table, or rows a text or
    PDF flattened into lines. Checks read it as a grid, so a cell is never run into its neighbour."""

    rows: tuple[tuple[Cell, ...], ...]
    kind: str = "text"  # word | markdown | text

    @property
    def lines(self) -> set[int]:
        """Every location a cell of the table stands at."""
        return {cell.line for row in self.rows for cell in row}

    def grid(self) -> list[list[Cell | None]]:
        """Rows of equal width, one entry per grid column; a spanned cell fills every column it
        covers, a missing one is None."""
        width = max((cell.col + cell.span for row in self.rows for cell in row), default=0)
        grid: list[list[Cell | None]] = []
        for row in self.rows:
            slots: list[Cell | None] = [None] * width
            for cell in row:
                for col in range(cell.col, cell.col + cell.span):
                    slots[col] = cell
            grid.append(slots)
        return grid


@dataclass
class Document:
    """One input file, whatever its format: body lines with their places, and what surrounds them."""

    path: str
    lines: list[Line]
    format: str = "txt"
    location_unit: str = LINE
    #: Pages the input really has (PDF page count, docx page breaks, page-number lines).
    page_count: int | None = None
    #: Line numbers that were page-number lines (kept out of ``lines``).
    page_markers: list[int] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    #: Running header/footer text that a reader separated from the body.
    furniture: list[Line] = field(default_factory=list)
    #: Tables in document order (Word tables, Markdown tables, rows flattened into text lines).
    tables: list[Table] = field(default_factory=list)

    def place(self, number: int) -> str:
        """How a message names a location: ``第 12 行`` in a text file, ``第 12 段`` in Word."""
        return place_name(number, self.location_unit)


def place_name(number: int | None, unit: str = LINE, page: int | None = None) -> str:
    """The one way csrlint names a location, in messages and in every format: ``第 12 行`` in a
    text file, ``第 12 段`` in Word, ``（第 3 页）`` after it where the page is known; ``—`` for none."""
    if number is None:
        return "—"
    text = f"第 {number} {'段' if unit == PARAGRAPH else '行'}"
    return f"{text}（第 {page} 页）" if page else text


@dataclass
class Flow:
    """Body text with PDF line wraps undone, mapped back to original lines and columns.

    Checks that look for phrases (``**亿元``, ``预计`` / ``完成全年``) search ``text``; a line
    break inside a sentence is removed so that a phrase split by the PDF still matches,
    while headings and sentence ends keep their ``\\n``.
    """

    text: str
    _starts: list[int]  # offset in ``text`` where each segment starts
    _lines: list[Line]
    _cols: list[int]  # 0-based column in the original line where each segment starts

    @classmethod
    def build(cls, lines: list[Line], breaks_before: set[int] = frozenset()) -> Flow:
        """Join ``lines``; a line whose number is in ``breaks_before`` always starts anew."""
        parts: list[str] = []
        starts: list[int] = []
        used: list[Line] = []
        cols: list[int] = []
        offset = 0
        previous: str | None = None
        for line in lines:
            stripped = line.text.strip()
            if not stripped:
                continue
            lead = len(line.text) - len(line.text.lstrip())
            if previous is not None:
                joiner = "" if _is_wrap(previous, stripped) and line.number not in breaks_before else "\n"
                if previous and previous[-1].isascii() and stripped[0].isascii() and joiner == "":
                    joiner = " "
                parts.append(joiner)
                offset += len(joiner)
            starts.append(offset)
            used.append(line)
            cols.append(lead)
            parts.append(stripped)
            offset += len(stripped)
            previous = stripped
        return cls("".join(parts), starts, used, cols)

    def locate(self, offset: int) -> tuple[Line, int]:
        """The original line and 1-based column of a character offset in ``text``."""
        if not self._lines:
            raise ValueError("empty flow")
        index = max(0, bisect.bisect_right(self._starts, offset) - 1)
        column = self._cols[index] + max(0, offset - self._starts[index]) + 1
        return self._lines[index], column


def _is_wrap(previous: str, current: str) -> bool:
    """Whether ``current`` continues ``previous`` (a PDF wrap) rather than starting anew."""
    return previous[-1] not in SENTENCE_END and previous[-1] not in "：:" and not previous.endswith(("**",))
