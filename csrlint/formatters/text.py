"""Text that came from a file, made safe to show, and wrapped by Chinese line-breaking rules.

Everything a report, its file name or its Word comments carry is untrusted: a file name may
hold bytes that are not UTF-8 (``unzip`` of a Chinese Windows archive leaves GBK names), an
author name may hold terminal escapes or start a GitHub workflow command (``::error``).
:func:`clean` makes such text printable in every format; :func:`guard_line` keeps any output
line from being read as a workflow command; :func:`wrap` breaks long findings for a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters shown escaped: C0/C1 controls, DEL, bidirectional overrides (which reorder what
#: a reader sees), line/paragraph separators, and the lone surrogates ``os.fsdecode`` makes of
#: bytes that are not UTF-8.
_INVISIBLE = "\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff"
UNSAFE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
#: The same, less the whitespace JSON itself writes between values (inside strings it escapes it).
JSON_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_INVISIBLE}]")
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group(0)
    code = ord(char)
    if char in NAMED:
        return NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text) -> str:
    """``text`` with every control, bidi and undecodable character shown as an escape (``\\x1b``)."""
    return UNSAFE.sub(_escape, str(text))


def json_text(text: str) -> str:
    """Serialised JSON with the same characters as JSON escapes (``\\u202e``): the data is unchanged,
    but nothing in the file can move a terminal's cursor or reorder what a reader sees."""
    return JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


def display_path(path) -> str:
    """A file name as it can be printed and encoded: non-UTF-8 bytes as ``\\xb1``."""
    return clean(path)


#: A line a GitHub Actions runner would take for a workflow command (after its own trimming).
COMMAND_LINE = re.compile(r"^((?:\x1b\[[0-9;]*m|[^\S\n])*)::", re.M)


def guard_line(text: str) -> str:
    """No line may start with ``::`` (``::error``, ``::add-mask::``, ``::stop-commands::``):
    a backslash goes before it, after any indentation or colour codes."""
    return COMMAND_LINE.sub(lambda match: match.group(1) + "\\::", text)


# --- Wrapping -------------------------------------------------------------------------------

#: No line starts with these (GB/T 15834 and the usual typesetting rules, plus ASCII ``:``).
CLOSING = frozenset("，。、；：）》」』”’！？%％,.;:!?)]}】〕〉…·—～")
#: No line ends with these.
OPENING = frozenset("（《「『“‘([{【〔〈")
#: Units a number is never separated from (``84.2 分``, ``100%``, ``12 亿元``).
UNITS = "%％分万亿元人名个项页年月日次家户吨岁天倍行段条份位"
ATOM = re.compile(
    r"\s+"  # a break opportunity
    rf"|\d[\d.,:/\-]*\d(?:\s?[{UNITS}]+)?|\d(?:\s?[{UNITS}]+)?"  # a number with its unit
    r"|[A-Za-z_][\w.\-/@#+]*"  # a word, a code, a path
    r"|.",
    re.S,
)


@dataclass
class _Unit:
    """A piece of text a line may break before (a word, a CJK character, punctuation kept with it)."""

    text: str
    space_before: bool


def _units(text: str) -> list[_Unit]:
    """Pieces between which a line may break."""
    units: list[_Unit] = []
    space = False
    for match in ATOM.finditer(text):
        atom = match.group(0)
        if atom.isspace():
            space = bool(units)
            continue
        glued = units and (atom[0] in CLOSING or (not space and units[-1].text[-1] in OPENING))
        if glued:
            units[-1].text += (" " if space else "") + atom
        else:
            units.append(_Unit(atom, space))
        space = False
    return units


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _split_long(text: str, room: int, width: int) -> list[str]:
    """A piece wider than a line, cut by characters, never before closing punctuation."""
    pieces, current = [], ""
    for char in text:
        if current and _cells(current + char) > room:
            rest = char
            while len(current) > 1 and (rest[0] in CLOSING or current[-1] in OPENING):
                current, rest = current[:-1], current[-1] + rest
            pieces.append(current)
            current, room = rest, width
            continue
        current += char
    return pieces + [current] if current else pieces


def wrap(text: str, width: int, first: int = 0, indent: int = 0) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells: the first line has ``first`` cells
    used already (its prefix), the others start after ``indent`` cells (returned without them)."""
    lines: list[str] = []
    line, used, room = "", first, width
    for unit in _units(text):
        gap = " " if unit.space_before and line else ""
        size = _cells(gap + unit.text)
        if used + size <= room:
            line += gap + unit.text
            used += size
            continue
        if line:
            lines.append(line)
            line, used = "", indent
        if used + _cells(unit.text) <= room:
            line, used = unit.text, used + _cells(unit.text)
            continue
        pieces = _split_long(unit.text, max(room - used, 1), max(room - indent, 1))
        lines.extend(pieces[:-1])
        line, used = pieces[-1], indent + _cells(pieces[-1])
    if line or not lines:
        lines.append(line)
    return lines
