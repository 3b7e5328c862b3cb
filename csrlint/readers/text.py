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
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, path: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or what charset-normalizer finds."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:4096]:
        raise InputError(path, "二进制文件，不是文本 / binary file, not text")
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


def _has_undecodable_cjk(data: bytes) -> bool:
    try:
        data.decode("gb18030")
        return False
    except UnicodeDecodeError:
        return True


def split_pages(raw_lines: list[str]) -> tuple[list[Line], list[int], int | None]:
    """Number lines, take page-number lines out, and give every other line its page.

    A bare number is a page number only when it continues the sequence (greater than the
    last page seen); a lone figure in a flattened table does not. Whether numbers stand at
    the top of their page (header) or the bottom (footer) is read from the first one: if
    it comes before any text, it opens its page.
    """
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
    known_until = {index: (index_next if number_next == number + 1 else index)
                   for (index, number), (index_next, number_next)
                   in zip(candidates, candidates[1:] + [(len(raw_lines), -1)])}
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
        lines.append(Line(text, index + 1, current))
    page_count = form_feed_page
    if page_count is None and every_page_numbered and numbers[0] <= 3:
        page_count = numbers[-1]
    return lines, [index + 1 for index, _ in candidates], page_count


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
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not text.strip():
        raise InputError(str(path), "文件为空 / the file is empty")
    lines, markers, page_count = split_pages(raw_lines)
    return Document(path=str(path), lines=lines, format=path.suffix.lower().lstrip(".") or "txt",
                    page_count=page_count, page_markers=markers, tables=find_tables(lines))
