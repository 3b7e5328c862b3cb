"""Plain text and Markdown drafts, in whatever encoding Windows saved them."""

from __future__ import annotations

import re
from pathlib import Path

from ..document import Document, InputError, Line
from .tables import find_tables

#: A line that is nothing but a printed page number: ``  12 ``, ``- 3 -``, ``16 / 22``, ``第 5 页``.
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*(\d{1,4})\s*[-—–]|(\d{1,4})\s*/\s*\d{1,4}|第\s*(\d{1,4})\s*页(?:\s*共\s*\d{1,4}\s*页)?|(\d{1,4}))\s*$"
)
TABLE_ROW = re.compile(r"\s*\d[\d.,%\s]*")
#: UTF-32 first: its little-endian BOM begins with UTF-16's.
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Share of a decoded sample that must read as a report (see _is_report_text) to be text.
TEXT_SHARE = 0.9


def decode(data: bytes, path: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16/32 with BOM or without, or what charset-normalizer finds."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:4096]:
        encoding = _wide_encoding(data)
        if encoding is None:
            raise InputError(path, "二进制文件，不是文本 / binary file, not text")
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "latin_1"])
    # GBK and Big5 share most byte pairs, and a short draft does not tell them apart; the
    # users are in Shanghai, so GB18030 wins whenever it is among the plausible readings.
    best = next((match for match in matches if match.encoding == "gb18030"), matches.best())
    if best is None or best.encoding == "latin_1" and _has_undecodable_cjk(data):
        raise InputError(path, "无法识别文本编码 / cannot detect the text encoding")
    encoding = "gb18030" if best.encoding in ("gbk", "gb2312", "gb18030") else best.encoding
    return data.decode(encoding, errors="replace")


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by where the NUL bytes fall and whether the result reads as text.

    ASCII digits, spaces and line breaks of a UTF-16-LE draft are ``x 00`` pairs: NULs at odd
    offsets (even ones for big-endian); UTF-32 has three NULs in every four bytes. A binary
    file decodes, if at all, to control characters and unassigned code points.
    """
    sample = data[:4096]
    candidates = ("utf-32-le", "utf-32-be") if sample.count(b"\x00") > len(sample) // 2 else ()
    little_endian = sample[1::2].count(0) >= sample[0::2].count(0)
    candidates += ("utf-16-le", "utf-16-be") if little_endian else ("utf-16-be", "utf-16-le")
    for encoding in candidates:
        width = 4 if "32" in encoding else 2
        try:
            text = sample[: len(sample) // width * width].decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and sum(map(_is_report_text, text)) >= TEXT_SHARE * len(text):
            return encoding
    return None


def _is_report_text(char: str) -> bool:
    """ASCII, general punctuation (“” —…), circled numbers, CJK and full-width forms."""
    return (
        char in "\n\r\t\f"
        or " " <= char <= "~"
        or "\u2000" <= char <= "\u206f"
        or "\u2460" <= char <= "\u24ff"
        or "\u3000" <= char <= "\u303f"
        or "\u4e00" <= char <= "\u9fff"
        or "\uff01" <= char <= "\uff5e"
        or "\uffe0" <= char <= "\uffe6"
    )


def _has_undecodable_cjk(data: bytes) -> bool:
    try:
        data.decode("gb18030")
        return False
    except UnicodeDecodeError:
        return True


def split_pages(
    raw_lines: list[str], line_numbers: list[int] | None = None
) -> tuple[list[Line], list[int], int | None]:
    """Number lines, take page-number lines out, and give every other line its page.

    A bare number is a page number only when it continues the sequence (greater than the
    last page seen); a lone figure in a flattened table does not. Whether numbers stand at
    the top of their page (header) or the bottom (footer) is read from the first one: if
    it comes before any text, it opens its page. ``line_numbers`` are the lines' numbers in the file
    when some lines were left out (see :func:`compact`); by default the lines are 1, 2, 3…
    """
    number_of = (lambda index: index + 1) if line_numbers is None else line_numbers.__getitem__
    candidates: list[tuple[int, int]] = []
    last = 0
    for index, text in enumerate(raw_lines):
        if "\f" in text:
            continue
        match = PAGE_NUMBER.match(text)
        if not match:
            continue
        number = int(next(group for group in match.groups() if group))
        if last < number <= last + 60 and not _inside_table(raw_lines, index):
            candidates.append((index, number))
            last = number
    markers = {index: number for index, number in candidates}
    header_style = bool(candidates) and not any(t.strip() for t in raw_lines[: candidates[0][0]])
    # A page is known only between two consecutive page numbers (or after the last one):
    # a report that prints numbers on a few pages only leaves the pages between unknown.
    known_until = {
        index: (index_next if number_next == number + 1 else index)
        for (index, number), (index_next, number_next) in zip(candidates, candidates[1:] + [(len(raw_lines), -1)])
    }
    numbers = [number for _, number in candidates]
    every_page_numbered = bool(numbers) and numbers == list(range(numbers[0], numbers[-1] + 1))
    if every_page_numbered:
        known_until[candidates[-1][0]] = len(raw_lines)
    lines: list[Line] = []
    page, page_end = None, -1
    form_feed_page = 1 if any("\f" in t for t in raw_lines) else None
    for index, text in enumerate(raw_lines):
        if form_feed_page is not None:
            form_feed_page += text.count("\f")
            text = text.replace("\f", "")
        if index in markers:
            page, page_end = (markers[index] if header_style else markers[index] + 1), known_until[index]
            continue
        if form_feed_page is not None:
            current = form_feed_page
        elif index < page_end:
            current = page
        elif candidates and not header_style and index < candidates[0][0]:
            current = candidates[0][1] if candidates[0][1] == 1 else None
        else:
            current = None
        lines.append(Line(text, number_of(index), current))
    page_count = form_feed_page
    if page_count is None and every_page_numbered and numbers[0] <= 3:
        page_count = numbers[-1]
    return lines, [number_of(index) for index, _ in candidates], page_count


#: Line breaks with only blanks between them (a form feed is not blank: it counts pages). One
#: character class repeated: linear, and constant memory over a run of millions.
BLANK_RUN = re.compile(r"\n[^\S\f]*\n")


def compact(text: str) -> tuple[list[str], list[int] | None]:
    """The lines with each run of blank lines cut to one, and the kept lines' numbers (None: all kept).

    A blank line separates paragraphs; a thousand say no more than one. 45 MB of blank lines
    would otherwise be 45 million lines for every later stage to hold and walk.
    """
    runs = (run for run in BLANK_RUN.finditer(text) if text.count("\n", run.start(), run.end()) > 2)
    first = next(runs, None)
    if first is None:
        return text.split("\n"), None
    lines: list[str] = []
    numbers: list[int] = []
    number, position = 1, 0
    for run in (first, *runs):
        segment = text[position : run.start()].split("\n")
        lines.extend(segment)
        numbers.extend(range(number, number + len(segment)))
        lines.append("")  # the run's first blank line stands for all of them
        numbers.append(number + len(segment))
        number += len(segment) + text.count("\n", run.start(), run.end()) - 1
        position = run.end()
    segment = text[position:].split("\n")
    lines.extend(segment)
    numbers.extend(range(number, number + len(segment)))
    return lines, numbers


def _inside_table(raw_lines: list[str], index: int) -> bool:
    """A number next to another line of numbers is a table cell, not a page number."""

    def neighbour(step: int) -> str:
        i = index + step
        while 0 <= i < len(raw_lines) and not raw_lines[i].strip():
            i += step
        return raw_lines[i] if 0 <= i < len(raw_lines) else ""

    return any(TABLE_ROW.fullmatch(neighbour(step)) for step in (-1, 1))


def read(path: Path, limits=None) -> Document:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"无法读取 / cannot read: {error.strerror or error}") from None
    text = decode(data, str(path))
    del data
    if not text.strip():
        raise InputError(str(path), "文件为空 / the file is empty")
    raw_lines, numbers = compact(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines, markers, page_count = split_pages(raw_lines, numbers)
    return Document(
        path=str(path),
        lines=lines,
        format=path.suffix.lower().lstrip(".") or "txt",
        page_count=page_count,
        page_markers=markers,
        tables=find_tables(lines),
    )
