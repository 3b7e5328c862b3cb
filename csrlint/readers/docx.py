"""Word drafts (.docx): the text as the reader sees it, with Word's numbers and changes accepted.

python-docx opens the package (parts, relationships, XML parsed without entity expansion);
the body is walked with lxml because python-docx shows neither list numbers nor tracked
changes. Each body paragraph, table cell and text box is one location (``Line.number`` is
its 1-based index); page numbers are approximate, counted from page breaks.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

from ..document import PARAGRAPH, Annotation, Cell, Document, InputError, Line, Table
from . import ENCRYPTED_STREAM, OLE_MAGIC, binary_office_reason, too_large
from .tables import find_tables

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"

#: The namespace root of "Strict Open XML" (ISO/IEC 29500 Strict), which python-docx does not read.
STRICT = b"http://purl.oclc.org/ooxml/"
#: Bytes of the package's relationships and the main part's start searched for the Strict namespace.
STRICT_PROBE = 4096
#: How a tab that runs to a dotted/dashed tab stop reads (a table-of-contents leader).
LEADER = "……………"
LEADER_KINDS = {"dot", "middleDot", "hyphen", "underscore", "heavy"}
#: More text than an A4 page holds even in small print (40 lines of 40 characters, with room).
MAX_CHARS_PER_PAGE = 2000
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def attr(element, name: str, namespace: str = W) -> str | None:
    return None if element is None else element.get(f"{{{namespace}}}{name}")


def read(path: Path, limits) -> Document:
    _check_package(path, limits)
    document = _open(path, limits)
    styles = _Styles(document.styles.element)
    numbering = _Numbering(_part_element(document.part, "numbering"), styles)
    body = document.element.body
    walker = _Body(styles, numbering, rendered_breaks=next(body.iter(w("lastRenderedPageBreak")), None) is not None)
    walker.blocks(body)
    if not any(line.text.strip() for line in walker.lines):
        raise InputError(str(path), "文档为空 / the document has no text")
    annotations = walker.annotations + _comments(document.part, walker.comment_anchors)
    annotations.sort(key=lambda a: a.line)
    paged = walker.breaks > 0 and (walker.rendered_breaks or _breaks_are_pages(walker.lines))
    lines = walker.lines if paged else [replace(line, page=None) for line in walker.lines]
    if not paged:  # no page is known: a change or comment is not said to be on page 1
        annotations = [replace(annotation, page=None) for annotation in annotations]
    return Document(
        path=str(path),
        lines=lines,
        format="docx",
        location_unit=PARAGRAPH,
        page_count=walker.page if paged else None,
        annotations=annotations,
        furniture=_furniture(document.part),
        tables=_tables(walker),
    )


def _tables(walker: _Body) -> list[Table]:
    """Word tables, and rows typed as paragraphs (a text pasted into Word keeps its flattened tables)."""
    in_cells = {number for table in walker.tables for number in table.lines}
    typed = find_tables([line for line in walker.lines if line.number not in in_cells])
    return sorted(walker.tables + typed, key=lambda table: table.rows[0][0].line)


def _breaks_are_pages(lines: list[Line]) -> bool:
    """Whether explicit page breaks can be every page boundary: no "page" holds more than a page.

    A file Word never laid out (written by WPS or a script) has only the breaks its author
    typed; text also flows onto new pages between them, so page numbers counted from them
    alone would be too small and the page count wrong.
    """
    per_page: dict[int | None, int] = {}
    for line in lines:
        per_page[line.page] = per_page.get(line.page, 0) + len(line.text.strip())
    return max(per_page.values(), default=0) <= MAX_CHARS_PER_PAGE


def _check_package(path: Path, limits) -> None:
    """Refuse what is not a readable .docx before any XML is parsed."""
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
            if head == OLE_MAGIC:
                stream.seek(0)
                encrypted = ENCRYPTED_STREAM in stream.read(1 << 20)
    except OSError as error:
        raise InputError(str(path), f"无法读取 / cannot read: {error.strerror or error}") from None
    if head == OLE_MAGIC:
        raise InputError(str(path), binary_office_reason(encrypted))
    if head.startswith(b"%PDF"):
        raise InputError(str(path), "这是 PDF 文件改了后缀，请改为 .pdf / a PDF named .docx")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if not any(member.filename == "word/document.xml" for member in members):
                raise InputError(str(path), "不是 Word 文档（缺少 word/document.xml）/ not a Word document")
            # Photos are stored, not inflated, and never read: only the text-bearing parts count.
            content = sum(member.compress_size for member in members if _is_markup(member.filename))
            too_large(path, content, limits)
            inflated = 0
            for member in members:
                if _is_markup(member.filename):
                    with archive.open(member) as stream:
                        inflated = _inflate(stream, inflated, path, limits)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError, zlib.error):
        # NotImplemented: a zip version or compression Python does not read, as a corrupted header can claim
        raise InputError(str(path), "不是有效的 .docx（文件损坏或不完整）/ corrupt or truncated .docx") from None
    if _is_strict(path):
        raise InputError(
            str(path),
            "这是“Strict Open XML”格式的 .docx，请在 Word 中另存为“Word 文档(*.docx)” / "
            "Strict Open XML document, save it as a standard .docx",
        )


def _is_strict(path: Path) -> bool:
    """Whether the package is "Strict Open XML": its relationships or main part use the Strict namespaces."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in ("_rels/.rels", "word/document.xml"):
                if name in archive.NameToInfo:
                    with archive.open(name) as part:
                        if STRICT in part.read(STRICT_PROBE):
                            return True
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError, RuntimeError, zlib.error):
        return False  # a damaged part: python-docx says what is wrong with it
    return False


#: Parts that hold text (XML, relationships, legacy VML); anything else — photos, embedded
#: files, fonts — is never decompressed.
MARKUP = (".xml", ".rels", ".vml")


def _is_markup(name: str) -> bool:
    return name.lower().endswith(MARKUP)


def _inflate(stream, inflated: int, path: Path, limits, keep: list | None = None) -> int:
    """Read ``stream`` in chunks, counting the real inflated bytes (a zip directory can lie about
    them) against ``limits.max_unzipped_bytes``; the chunks are kept in ``keep`` if given."""
    while chunk := stream.read(1 << 20):
        inflated += len(chunk)
        if inflated > limits.max_unzipped_bytes:
            raise InputError(
                str(path),
                f"解压后过大（超过 {limits.max_unzipped_bytes // 1024 // 1024} MB），疑似 zip 炸弹；"
                "上限随 --max-size 提高 / unzipped size over the limit (raise with --max-size)",
            )
        if keep is not None:
            keep.append(chunk)
    return inflated


class _Package:
    """python-docx's physical package reader, reading markup parts through :func:`_inflate` and
    handing it an empty blob for every other part: a 200 MB photo draft is never loaded."""

    def __init__(self, path: Path, limits):
        self.path = path
        self.limits = limits
        self.inflated = 0
        self.archive = zipfile.ZipFile(path)

    def blob_for(self, pack_uri) -> bytes:
        name = pack_uri.membername
        if not _is_markup(name):
            return b""
        chunks: list[bytes] = []
        with self.archive.open(name) as stream:
            self.inflated = _inflate(stream, self.inflated, self.path, self.limits, chunks)
        return b"".join(chunks)

    @property
    def content_types_xml(self) -> bytes:
        from docx.opc.packuri import CONTENT_TYPES_URI

        return self.blob_for(CONTENT_TYPES_URI)

    def rels_xml_for(self, source_uri) -> bytes | None:
        try:
            return self.blob_for(source_uri.rels_uri)
        except KeyError:
            return None

    def close(self) -> None:
        self.archive.close()


def _load(path: Path, limits):
    """``docx.Document(path)``, with :class:`_Package` as the physical reader (python-docx reads
    every part whole, photos included, and has no hook for it, hence its loader's steps here)."""
    from docx.opc.constants import CONTENT_TYPE
    from docx.opc.package import Unmarshaller
    from docx.opc.packuri import PACKAGE_URI
    from docx.opc.part import PartFactory
    from docx.opc.pkgreader import PackageReader, _ContentTypeMap
    from docx.package import Package

    physical = _Package(path, limits)
    try:
        content_types = _ContentTypeMap.from_xml(physical.content_types_xml)
        relationships = PackageReader._srels_for(physical, PACKAGE_URI)
        parts = PackageReader._load_serialized_parts(physical, relationships, content_types)
    finally:
        physical.close()
    package = Package()
    Unmarshaller.unmarshal(PackageReader(content_types, relationships, parts), package, PartFactory)
    part = package.main_document_part
    if part.content_type != CONTENT_TYPE.WML_DOCUMENT_MAIN:
        raise ValueError(f"not a Word file, content type is '{part.content_type}'")
    return part.document


def _open(path: Path, limits):
    try:
        return _load(path, limits)
    except InputError:
        raise
    except Exception as error:  # python-docx, lxml and zlib raise many kinds for a damaged package
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise InputError(str(path), f"无法解析 .docx / cannot parse .docx: {reason}") from None


def _part_element(main_part, kind: str):
    """The XML root of the main part's related part of ``kind`` (numbering, comments…), or None."""
    for rel in main_part.rels.values():
        if not rel.is_external and rel.reltype.endswith(f"/{kind}"):
            return _xml(rel.target_part)
    return None


def _xml(part):
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml

    return parse_xml(part.blob)


class _Styles:
    """Paragraph styles by id: what they inherit, their list numbering, heading level, tab leaders."""

    def __init__(self, root):
        self.by_id = {attr(style, "styleId"): style for style in root.iter(w("style"))}
        self.default = next(
            (
                attr(style, "styleId")
                for style in root.iter(w("style"))
                if attr(style, "type") == "paragraph" and attr(style, "default") in ("1", "true")
            ),
            None,
        )
        self._found: dict[tuple, object] = {}
        self._levels: dict[str | None, int | None] = {}

    def chain(self, style_id: str | None):
        """The style and the styles it is based on, nearest first."""
        seen = set()
        style_id = style_id or self.default
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style_id, style
            style_id = attr(style.find(w("basedOn")), "val")

    def ppr_value(self, style_id: str | None, path: str):
        """First element at ``path`` under the pPr of the style chain (looked up once per style)."""
        key = (style_id, path)
        if key not in self._found:
            self._found[key] = next(
                (found for _, style in self.chain(style_id) if (found := style.find(f"{w('pPr')}/{path}")) is not None),
                None,
            )
        return self._found[key]

    def heading_level(self, style_id: str | None) -> int | None:
        if style_id not in self._levels:
            self._levels[style_id] = self._heading_level(style_id)
        return self._levels[style_id]

    def _heading_level(self, style_id: str | None) -> int | None:
        for _, style in self.chain(style_id):
            match = HEADING_STYLE.match(attr(style.find(w("name")), "val") or "")
            if match:
                return int(match.group(1))
        outline = self.ppr_value(style_id, w("outlineLvl"))
        level = attr(outline, "val")
        return int(level) + 1 if level is not None and level.isdigit() and int(level) < 9 else None


#: Word's largest list start value (``w:start``): a larger one is a forged file, not a draft.
MAX_START = 32767


def _start(value: str | None, default: int | None = 1) -> int | None:
    """A ``w:start``/``w:startOverride`` value bounded to what Word allows (0–32767)."""
    try:
        return min(max(int(value), 0), MAX_START) if value is not None else default
    except ValueError:
        return default


class _Level:
    def __init__(self, element):
        self.start = _start(attr(element.find(w("start")), "val"))
        self.format = attr(element.find(w("numFmt")), "val") or "decimal"
        self.text = attr(element.find(w("lvlText")), "val")
        restart = attr(element.find(w("lvlRestart")), "val")
        self.restart = int(restart) if restart is not None else None
        self.suffix = {"space": " ", "nothing": ""}.get(attr(element.find(w("suff")), "val"), "\t")
        self.legal = element.find(w("isLgl")) is not None and attr(element.find(w("isLgl")), "val") not in (
            "0",
            "false",
        )
        self.style = attr(element.find(w("pStyle")), "val")


class _Numbering:
    """Word's list numbering replayed: counters per list, levels that restart, the rendered label."""

    def __init__(self, root, styles: _Styles):
        self.styles = styles
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId → numbering style it defers to
        self.nums: dict[str, tuple[str, dict[int, tuple[int | None, _Level | None]]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[tuple[str, int]] = set()
        if root is None:
            return
        for abstract in root.iter(w("abstractNum")):
            key = attr(abstract, "abstractNumId")
            self.abstract[key] = {int(attr(lvl, "ilvl") or 0): _Level(lvl) for lvl in abstract.iter(w("lvl"))}
            link = attr(abstract.find(w("numStyleLink")), "val")
            if link:
                self.links[key] = link
        for num in root.iter(w("num")):
            overrides = {}
            for override in num.iter(w("lvlOverride")):
                start = attr(override.find(w("startOverride")), "val")
                level = override.find(w("lvl"))
                overrides[int(attr(override, "ilvl") or 0)] = (
                    _start(start, None),
                    _Level(level) if level is not None else None,
                )
            self.nums[attr(num, "numId")] = (attr(num.find(w("abstractNumId")), "val"), overrides)

    def _abstract_of(self, num_id: str) -> str | None:
        abstract = self.nums.get(num_id, (None, {}))[0]
        link = self.links.get(abstract)
        if link:  # a list that takes its levels from a numbering style
            linked = attr(self.styles.ppr_value(link, f"{w('numPr')}/{w('numId')}"), "val")
            if linked and linked != num_id and linked in self.nums:
                return self.nums[linked][0]
        return abstract

    def numbering_of(self, ppr, style_id: str | None) -> tuple[str, int] | None:
        """(numId, level) of a paragraph: its own numPr, else its style's."""
        num_pr = ppr.find(w("numPr")) if ppr is not None else None
        num_id = attr(num_pr.find(w("numId")), "val") if num_pr is not None else None
        level = attr(num_pr.find(w("ilvl")), "val") if num_pr is not None else None
        if num_id is None:
            num_id = attr(self.styles.ppr_value(style_id, f"{w('numPr')}/{w('numId')}"), "val")
            if num_id is None:
                return None
            if level is None:
                level = attr(self.styles.ppr_value(style_id, f"{w('numPr')}/{w('ilvl')}"), "val")
            if level is None:
                levels = self.abstract.get(self._abstract_of(num_id), {})
                level = next((str(i) for i, lvl in levels.items() if lvl.style == style_id), "0")
        if num_id in (None, "0") or num_id not in self.nums:
            return None
        return num_id, int(level or 0)

    def _level(self, num_id: str, ilvl: int) -> _Level | None:
        override = self.nums[num_id][1].get(ilvl)
        if override and override[1] is not None:
            return override[1]
        return self.abstract.get(self._abstract_of(num_id), {}).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> str:
        """Count this paragraph and return the number Word shows before it (with its suffix)."""
        level = self._level(num_id, ilvl)
        if level is None:
            return ""
        abstract = self._abstract_of(num_id)
        counters = self.counters.setdefault(abstract, [None] * 9)
        start_override = self.nums[num_id][1].get(ilvl, (None, None))[0]
        if start_override is not None and (num_id, ilvl) not in self.started:
            counters[ilvl] = start_override
        elif counters[ilvl] is None:
            counters[ilvl] = level.start
        else:
            counters[ilvl] += 1
        self.started.add((num_id, ilvl))
        for deeper in range(ilvl + 1, 9):
            deeper_level = self._level(num_id, deeper)
            restart = deeper_level.restart if deeper_level else None
            if restart is None or restart != 0 and ilvl < restart:
                counters[deeper] = None
        if level.format == "none" or level.text is None:
            return ""
        if level.format == "bullet":
            return _bullet(level.text) + level.suffix

        def value(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            other = self._level(num_id, index)
            count = counters[index] if counters[index] is not None else (other.start if other else 1)
            return format_number(count, "decimal" if level.legal or other is None else other.format)

        return re.sub(r"%([1-9])", value, level.text) + level.suffix


def _bullet(text: str) -> str:
    """A bullet glyph as text; symbol-font glyphs (private use area) read as ``•``."""
    if not text or any("\ue000" <= char <= "\uf8ff" for char in text):
        return "•"
    return text


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ZODIAC = "甲乙丙丁戊己庚辛壬癸"
ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


#: Past these, letters (``aaaa…``) and Roman numerals grow with the value: shown as decimals.
MAX_LETTERS = 26 * 10
MAX_ROMAN = 3999


def format_number(value: int, number_format: str) -> str:
    """``value`` as Word renders it in ``number_format`` (w:numFmt); unknown formats as decimal.

    Nothing here loops over the value: a forged ``w:start`` of 10^12 costs what 12 costs."""
    if number_format in (
        "chineseCounting",
        "chineseCountingThousand",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "ideographDigital",
        "japaneseCounting",
    ):
        import cn2an

        return cn2an.an2cn(value, "low") if value > 0 else "〇"
    if number_format in ("chineseLegalSimplified", "ideographLegalTraditional"):
        import cn2an

        return cn2an.an2cn(value, "up") if value > 0 else "零"
    if number_format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return CIRCLED[value - 1]
    if number_format == "decimalEnclosedParen" and 1 <= value <= 20:
        return chr(ord("⑴") + value - 1)
    if number_format == "decimalEnclosedFullstop" and 1 <= value <= 20:
        return chr(ord("⒈") + value - 1)
    if number_format == "decimalFullWidth":
        return "".join(chr(ord(digit) - ord("0") + ord("０")) for digit in str(value))
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format == "ideographTraditional" and 1 <= value <= 10:
        return ZODIAC[value - 1]
    if number_format in ("upperLetter", "lowerLetter") and 0 < value <= MAX_LETTERS:
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if number_format == "upperLetter" else letter.lower()
    if number_format in ("upperRoman", "lowerRoman") and 0 < value <= MAX_ROMAN:
        roman, rest = "", value
        for amount, symbol in ROMAN:
            count, rest = divmod(rest, amount)
            roman += symbol * count
        return roman if number_format == "upperRoman" else roman.lower()
    return str(value)


def _hidden(run) -> bool:
    vanish = run.find(f"{w('rPr')}/{w('vanish')}")
    return vanish is not None and attr(vanish, "val") not in ("0", "false")


class _Body:
    """Walks the body in document order, building one Line per paragraph, table cell and text box."""

    def __init__(self, styles: _Styles, numbering: _Numbering, rendered_breaks: bool):
        self.styles = styles
        self.numbering = numbering
        #: Word's own page layout (lastRenderedPageBreak) when saved by Word; else explicit breaks.
        self.rendered_breaks = rendered_breaks
        self.lines: list[Line] = []
        self.annotations: list[Annotation] = []
        self._annotated: set = set()  # line numbers and (line, kind) pairs that have an annotation
        self.comment_anchors: dict[str, tuple[int, int | None]] = {}
        self.tables: list[Table] = []
        self.page = 1
        self.breaks = 0
        self._carry = ""  # text of a paragraph whose mark was deleted: joins the next one
        self._boxes: list = []  # text boxes met in the current location, read after it
        self._outline_level: int | None = None  # the heading style's level of the paragraph just read
        self._first_page: int | None = None  # page of the current location's first character
        self._joinable = False  # the last thing read was a change: the next one of its kind continues it

    # -- blocks -----------------------------------------------------------------------
    def blocks(self, parent) -> None:
        for child in parent:
            if child.tag == w("p"):
                self.location([child])
            elif child.tag == w("tbl"):
                self.table(child)
            elif child.tag in (w("sdt"), w("customXml")):
                self.blocks(child.find(w("sdtContent")) if child.tag == w("sdt") else child)

    def table(self, table) -> None:
        rows: list[tuple[Cell, ...]] = []
        for row in table.iter(w("tr")):
            if _ancestor(row, w("tbl")) is not table:
                continue  # a nested table's row: read as part of its cell
            deleted = row.find(f"{w('trPr')}/{w('del')}")
            col = _count(row.find(f"{w('trPr')}/{w('gridBefore')}"), 0)
            cells: list[Cell] = []
            for cell in row.iterchildren(w("tc")):
                if deleted is not None:
                    self._record("deletion", _text_of(cell, deleted=True), deleted, len(self.lines) + 1)
                    continue
                number = len(self.lines) + 1
                self.location([p for p in cell.iter(w("p")) if _ancestor(p, w("txbxContent"), cell) is None])
                cells.append(_grid_cell(cell, self.lines[number - 1], len(rows), col, rows))
                col += cells[-1].span
            if cells:
                rows.append(tuple(cells))
        if rows:
            self.tables.append(Table(tuple(rows), "word"))

    def location(self, paragraphs, source: str = "body") -> None:
        """One Line from ``paragraphs`` (one paragraph, or the paragraphs of a cell or text box)."""
        number = len(self.lines) + 1
        self.lines.append(Line("", number, None))  # reserved, so text boxes found inside come after
        self._first_page = None
        parts, levels = [], []
        for paragraph in paragraphs:
            self._outline_level = None
            text = self.paragraph(paragraph, number)
            if text.strip():
                parts.append(text)
                levels.append(self._outline_level)
        page = self._first_page or self.page
        level = levels[0] if len(levels) == 1 else None  # a heading alone in its location
        self.lines[number - 1] = Line(" ".join(parts), number, page, source=source, heading_level=level)
        boxes, self._boxes = self._boxes, []
        for box in boxes:
            self.location([p for p in box.iter(w("p")) if _ancestor(p, w("txbxContent"), box) is None], "textbox")

    # -- one paragraph ------------------------------------------------------------------
    def paragraph(self, paragraph, number: int) -> str:
        ppr = paragraph.find(w("pPr"))
        style = attr(ppr.find(w("pStyle")), "val") if ppr is not None else None
        if not self.rendered_breaks and self._breaks_before(ppr, style):
            self._page_break()
        change = ppr.find(w("pPrChange")) if ppr is not None else None
        if change is not None:
            self._record("formatting", "", change, number)
        pieces: list[str] = []
        tabs: list[int] = []
        self._content(paragraph, pieces, tabs, number)
        if tabs and self._has_leader(ppr, style):
            pieces[tabs[-1]] = LEADER
        text = "".join(pieces)
        mark = ppr.find(f"{w('rPr')}/{w('del')}") if ppr is not None else None
        if mark is not None:
            if number not in self._annotated:
                self._record("deletion", "", mark, number)
            self._carry += text
            return ""
        text, self._carry = self._carry + text, ""
        numbered = self.numbering.numbering_of(ppr, style)
        level = self.styles.heading_level(style)
        if numbered is not None:
            text = self.numbering.label(*numbered) + text
        elif level and text.strip():
            self._outline_level = level  # structure.py reads it where the text has no number of its own
        if not self.rendered_breaks and ppr is not None and ppr.find(w("sectPr")) is not None:
            if attr(ppr.find(f"{w('sectPr')}/{w('type')}"), "val") != "continuous":
                self._page_break()  # a section that starts on a new page
        return text

    def _breaks_before(self, ppr, style) -> bool:
        element = ppr.find(w("pageBreakBefore")) if ppr is not None else None
        if element is None:
            element = self.styles.ppr_value(style, w("pageBreakBefore"))
        return element is not None and attr(element, "val") not in ("0", "false")

    def _has_leader(self, ppr, style) -> bool:
        tabs = ppr.find(w("tabs")) if ppr is not None else None
        if tabs is None:
            tabs = self.styles.ppr_value(style, w("tabs"))
        return tabs is not None and any(attr(tab, "leader") in LEADER_KINDS for tab in tabs)

    def _content(self, element, pieces: list[str], tabs: list[int], number: int) -> None:
        """Text of ``element``'s runs, with insertions kept and deletions left out (changes accepted)."""
        for child in element:
            tag = child.tag
            if tag == w("r"):
                if not _hidden(child):
                    self._run(child, pieces, tabs, number)
                self._joinable = False
            elif tag in (w("ins"), w("moveTo")):
                self._record("insertion", _text_of(child), child, number)
                self._content(child, pieces, tabs, number)
                self._joinable = True
            elif tag in (w("del"), w("moveFrom")):
                self._record("deletion", _text_of(child, deleted=True), child, number)
                self._joinable = True
            elif tag in (w("commentRangeStart"),):
                self.comment_anchors.setdefault(attr(child, "id"), (number, self._first_page or self.page))
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self._content(choice, pieces, tabs, number)
            elif tag in (w("hyperlink"), w("smartTag"), w("customXml"), w("fldSimple"), w("dir"), w("bdo")):
                self._content(child, pieces, tabs, number)
            elif tag == w("sdt"):
                self._content(child.find(w("sdtContent")), pieces, tabs, number)

    def _run(self, run, pieces: list[str], tabs: list[int], number: int) -> None:
        for child in run:
            tag = child.tag
            if tag == w("t"):
                if child.text:
                    if self._first_page is None and child.text.strip():
                        self._first_page = self.page
                    pieces.append(child.text)
            elif tag == w("tab"):
                tabs.append(len(pieces))
                pieces.append("\t")
            elif tag in (w("br"), w("cr")):
                if attr(child, "type") == "page":
                    if not self.rendered_breaks:
                        self._page_break()
                elif attr(child, "type") != "column":
                    pieces.append(" ")
            elif tag == w("lastRenderedPageBreak"):
                if self.rendered_breaks:
                    self._page_break()
            elif tag == w("noBreakHyphen"):
                pieces.append("-")
            elif tag == w("commentReference"):
                self.comment_anchors.setdefault(attr(child, "id"), (number, self._first_page or self.page))
            elif tag == w("rPr"):
                change = child.find(w("rPrChange"))
                if change is not None:
                    self._record("formatting", "", change, number)
            elif tag in (w("drawing"), w("pict"), f"{{{MC}}}AlternateContent"):
                self._boxes.extend(_text_boxes(child))

    def _page_break(self) -> None:
        self.page += 1
        self.breaks += 1

    def _record(self, kind: str, text: str, element, number: int) -> None:
        if kind == "formatting" and (number, kind) in self._annotated:
            return  # one formatting change per location is enough to tell
        self._annotated.update((number, (number, kind)))  # a set: many revisions stay linear
        author = attr(element, "author") or None
        last = self.annotations[-1] if self.annotations else None
        if self._joinable and last and (last.kind, last.line, last.author) == (kind, number, author):
            # One change that Word stored run by run (a deleted sentence with figures in it) is one change.
            self.annotations[-1] = replace(last, text=last.text + text)
            return
        self.annotations.append(Annotation(kind, text, number, self._first_page or self.page, author))


def _count(element, default: int) -> int:
    value = attr(element, "val")
    return int(value) if value is not None and value.isdigit() else default


def _grid_cell(cell, line: Line, row: int, col: int, rows: list[tuple[Cell, ...]]) -> Cell:
    """A Word cell in the grid: its span (gridSpan), and for a vertically merged cell (vMerge
    without ``restart``) the text of the cell it continues."""
    properties = cell.find(w("tcPr"))
    span = max(1, _count(properties.find(w("gridSpan")) if properties is not None else None, 1))
    merge = properties.find(w("vMerge")) if properties is not None else None
    if merge is not None and attr(merge, "val") != "restart" and rows:
        above = next((other for other in rows[-1] if other.col <= col < other.col + other.span), None)
        if above is not None:
            return Cell(above.text, line.number, row, col, span, merged=True)
    return Cell(line.text.strip(), line.number, row, col, span)


def _ancestor(element, tag: str, stop=None):
    """The nearest ancestor of ``element`` with ``tag`` (below ``stop``), or None."""
    node = element.getparent()
    while node is not None and node is not stop:
        if node.tag == tag:
            return node
        node = node.getparent()
    return None


def _text_boxes(element) -> list:
    """Text box contents in a drawing, once: the ``mc:Fallback`` copy is skipped."""
    return [
        box
        for box in element.iter(w("txbxContent"))
        if _ancestor(box, f"{{{MC}}}Fallback", element) is None and _ancestor(box, w("txbxContent"), element) is None
    ]


def _text_of(element, deleted: bool = False) -> str:
    nodes = element.iter(w("delText"), w("t")) if deleted else element.iter(w("t"))
    return "".join(node.text or "" for node in nodes)


def _comments(main_part, anchors: dict[str, tuple[int, int | None]]) -> list[Annotation]:
    """Open comments (not marked done in Word's commentsExtended), at the paragraph they annotate."""
    root = _part_element(main_part, "comments")
    if root is None:
        return []
    extended = None
    for rel in main_part.rels.values():
        if rel.reltype == RT_COMMENTS_EXTENDED:
            extended = _xml(rel.target_part)
    done = (
        set()
        if extended is None
        else {
            attr(entry, "paraId", W15)
            for entry in extended.iter(f"{{{W15}}}commentEx")
            if attr(entry, "done", W15) in ("1", "true")
        }
    )
    found = []
    for comment in root.iter(w("comment")):
        paragraphs = list(comment.iter(w("p")))
        if paragraphs and attr(paragraphs[-1], "paraId", W14) in done:
            continue
        line, page = anchors.get(attr(comment, "id"), (1, None))
        text = " ".join(_text_of(p) for p in paragraphs).strip()
        found.append(Annotation("comment", text, line, page, attr(comment, "author") or None))
    return found


#: Parts whose text is kept apart from the body, and the source their lines are given.
APART = {"/header": "header", "/footer": "footer", "/footnotes": "footnote", "/endnotes": "footnote"}


def _furniture(main_part) -> list[Line]:
    """Header, footer and footnote text, once each, kept apart from the body."""
    seen: dict[tuple[str, str], None] = {}
    for rel in main_part.rels.values():
        source = next((name for suffix, name in APART.items() if rel.reltype.endswith(suffix)), None)
        if source and not rel.is_external:
            for paragraph in _xml(rel.target_part).iter(w("p")):
                text = _text_of(paragraph).strip()
                if text:
                    seen.setdefault((text, source), None)
    return [Line(text, 0, source=source) for text, source in seen]
