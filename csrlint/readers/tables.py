"""Tables in plain lines: Markdown tables, and the rows a text or PDF export flattened into lines.

A flattened table is a run of lines that look like rows: a header of short labels, then rows
of a label and several figures (``人数 15 185 89``), or cells set apart by tabs or runs of
spaces. Blank lines between rows do not end it (extractions often double-space), a new
header after figure rows starts the next table. A PDF may wrap a long header (``技校&初``
/ ``中``) or split a number from its unit (``30 岁以下``); both are put back together.
"""

from __future__ import annotations

import re

from ..document import Cell, Line, Table

#: A figure cell: ``185``, ``1,234.5``, ``55%``, ``-3.2％``.
FIGURE = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?\s?[%％]?")
#: Cells set apart by a tab or by two or more spaces (ASCII or ideographic).
WIDE_GAP = re.compile(r"\t+|[ \u3000]{2,}")
#: A header cell is a label, not a clause: no sentence punctuation, short.
CLAUSE_MARKS = re.compile(r"[，。；：！？,;:!?、“”]")
MAX_LABEL = 12
#: A number alone, as a PDF splits ``30 岁以下`` off its unit.
BARE_NUMBER = re.compile(r"\d[\d.,～~\-—]*")
#: What every row of figures has: two figures side by side (a quick test before splitting).
TWO_FIGURES = re.compile(r"\d[%％]?\s+[-+]?\d")
#: The rule under a Markdown table's header (``|---|:--:|``): only bars, dashes, colons and spaces.
MARKDOWN_RULE = re.compile(r"[|:\- \t]+")


def is_figure(text: str) -> bool:
    return bool(FIGURE.fullmatch(text.strip()))


def find_tables(lines: list[Line]) -> list[Table]:
    """Markdown tables and flattened tables of ``lines``, in order."""
    markdown, used = _markdown_tables(lines)
    return sorted(
        markdown + _flattened_tables([line for line in lines if line.number not in used]),
        key=lambda table: table.rows[0][0].line,
    )


def _markdown_tables(lines: list[Line]) -> tuple[list[Table], set[int]]:
    tables, used = [], set()
    index = 0
    while index < len(lines) - 1:
        if not (lines[index].text.lstrip().startswith("|") and _is_rule(lines[index + 1].text)):
            index += 1
            continue
        block = [lines[index]]
        used.update((lines[index].number, lines[index + 1].number))
        index += 2
        while index < len(lines) and lines[index].text.lstrip().startswith("|"):
            block.append(lines[index])
            used.add(lines[index].number)
            index += 1
        rows = tuple(
            tuple(Cell(text.strip(), line.number, row, col) for col, text in enumerate(_pipe_cells(line.text)))
            for row, line in enumerate(block)
        )
        tables.append(Table(rows, "markdown"))
    return tables, used


def _is_rule(text: str) -> bool:
    return "---" in text and "|" in text and bool(MARKDOWN_RULE.fullmatch(text.strip()))


def _pipe_cells(text: str) -> list[str]:
    text = text.strip()
    return text.removeprefix("|").removesuffix("|").split("|")


def _flattened_tables(lines: list[Line]) -> list[Table]:
    tables: list[Table] = []
    block: list[tuple[Line, list[str]]] = []
    nonblank = [line for line in lines if line.text.strip()]
    figure_rows = [_figure_row(line.text) for line in nonblank]
    header_line = None

    def figures_at(index: int) -> bool:
        return index < len(nonblank) and figure_rows[index] is not None

    for index, line in enumerate(nonblank):
        if figure_rows[index] is not None:
            block.append((line, figure_rows[index]))
            continue
        header_only = len(block) == 1 and block[0][0] is header_line
        if header_only and _continues_header(line.text) and figures_at(index + 1):
            block[-1][1][-1] += line.text.strip()  # a header cell the PDF wrapped
            continue
        if block and not header_only:
            tables.append(_table(block))
        block = []
        if figures_at(index + 1) or figures_at(index + 2) and _continues_header(nonblank[index + 1].text):
            header = _label_row(line.text)
            if header is not None:
                block, header_line = [(line, header)], line
    if block and not (len(block) == 1 and block[0][0] is header_line):
        tables.append(_table(block))
    return tables


def _continues_header(text: str) -> bool:
    text = text.strip()
    return (
        0 < len(text) <= 4
        and not WIDE_GAP.search(text)
        and " " not in text
        and not re.search(r"\d", text)
        and not CLAUSE_MARKS.search(text)
    )


def _figure_row(text: str) -> list[str] | None:
    """Cells of a row of figures (an optional label, then two or more figures), or None."""
    if not TWO_FIGURES.search(text):
        return None
    text = text.strip()
    cells = [cell for cell in WIDE_GAP.split(text) if cell] if WIDE_GAP.search(text) else None
    if cells is None or not all(is_figure(cell) for cell in cells[1:]):
        cells = _merge_percent(text.split())
    if len(cells) < 2:
        return None
    first = 0 if is_figure(cells[0]) else 1
    figures = cells[first:]
    if len(figures) < 2 or not all(is_figure(cell) for cell in figures):
        return None
    if first and (len(cells[0]) > MAX_LABEL * 2 or CLAUSE_MARKS.search(cells[0].rstrip("：:"))):
        return None
    return cells


def _merge_percent(tokens: list[str]) -> list[str]:
    """``55 %`` as one cell."""
    merged: list[str] = []
    for token in tokens:
        if token in ("%", "％") and merged:
            merged[-1] += token
        else:
            merged.append(token)
    return merged


def _label_row(text: str) -> list[str] | None:
    """Cells of a header row (two or more short labels), or None."""
    text = text.strip()
    tokens = [cell for cell in WIDE_GAP.split(text) if cell] if WIDE_GAP.search(text) else text.split()
    cells: list[str] = []
    for token in tokens:
        if cells and BARE_NUMBER.fullmatch(cells[-1]) and not token[0].isdigit() and not is_figure(token):
            cells[-1] += token  # ``30 岁以下``: a unit the PDF set apart
        else:
            cells.append(token)
    if len(cells) < 2 or any(len(cell) > MAX_LABEL or CLAUSE_MARKS.search(cell) for cell in cells):
        return None
    if all(is_figure(cell) for cell in cells):
        return None
    return cells


def _table(block: list[tuple[Line, list[str]]]) -> Table:
    """Rows aligned on the right: a header without a name for the label column starts one column in."""
    width = max(len(cells) for _, cells in block)
    rows = []
    for index, (line, cells) in enumerate(block):
        offset = width - len(cells)
        rows.append(tuple(Cell(text, line.number, index, col + offset) for col, text in enumerate(cells)))
    return Table(tuple(rows), "text")
