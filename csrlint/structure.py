"""Find a report's chapters: numbered headings, run-in headings, the table of contents.

Chinese reports number their headings with a handful of styles (一、 （一） 1、 1. （1） 1）
① 第一章 1.1) and mix them differently from one report to the next, so levels are not
fixed per style: a style opens a new level the first time it appears below another, and
later headings of that style close the levels opened after it (a stack, as a reader
follows an outline). Lines that merely look numbered (list items inside a paragraph, a
sentence that starts with ``1、``) are kept as *items*: they sit in the tree for the
numbering check but never count as chapters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .document import Document, Flow, Line

CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN = f"[{CN_DIGITS}]{{1,4}}"

#: (style, pattern). The pattern matches the number at the start of a line; group 1 is the ordinal.
NUMBER_STYLES: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"^第\s*({_CN}|\d{{1,2}})\s*[章部篇]\s*[、.．:：]?\s*")),
    # 1.1 / 1.2.3: not 3.5万元 or 12.5 分, where a unit follows the number.
    ("decimal", re.compile(r"^(\d{1,2}(?:[.．]\d{1,2})+)(?![\d%％])[.．、]?\s*+(?![万亿千百元分个人名项次倍年月日户件台套米吨度小时天周%％])")),
    ("cn", re.compile(rf"^({_CN})\s*[、.．]\s*")),
    ("paren-cn", re.compile(rf"^[（(]\s*({_CN})\s*[）)]\s*[、.．]?\s*")),
    ("paren-arabic", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?\s*")),
    ("arabic-paren", re.compile(r"^(\d{1,2})\s*[）)]\s*")),
    ("arabic-comma", re.compile(r"^(\d{1,2})\s*、\s*")),
    ("arabic-dot", re.compile(r"^(\d{1,2})\s*[.．](?![\d%％])\s*")),
    ("circled", re.compile(r"^([①-⑳])\s*")),
]
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+")
#: A table-of-contents line: a title, a dot leader, a page number. The title ends at its
#: first non-space character or at one not followed by more of its own leader character:
#: a title ending inside a run of dots could only match where the run's start did, and
#: trying every such end made a long run of dots quadratic (a 1 MB line: hours).
TOC_LINE = re.compile(r"^(?P<title>\s*\S|.*?(?:[^\s.．·…⋯_-]|[.．·…⋯](?![.．·…⋯])|-(?!-)|_(?!_)))"
                      r"\s*(?:[.．·…⋯]{3,}|-{4,}|_{4,})\s*(?P<page>\d{1,4})\s*$")
TOC_TITLE = re.compile(r"^\s*目\s*录\s*$")
#: Where a run-in heading ends and its body begins: ``2、所属类别。本单位属于…``.
RUN_IN_END = re.compile(r"[。：:]")
REPORT_TITLE = re.compile(r"社会责任报告\s*$|^社会责任报告")
SENTENCE_PUNCT = re.compile(r"[，,；;。！？]")
MAX_TITLE = 30
#: Below this many characters a document's lines are not PDF-wrapped prose (lists, tables).
MIN_WRAP_WIDTH = 15
#: Non-blank lines allowed between two entries of one table of contents.
MAX_TOC_GAP = 3
MAX_RUN_IN_TITLE = 20


@dataclass
class Heading:
    title: str
    number: str
    style: str
    ordinal: int | None
    line: int
    page: int | None
    level: int = 1
    run_in: bool = False
    #: Numbered like a heading but reads like a list item or sentence: never a chapter.
    is_item: bool = False
    parent: "Heading | None" = field(default=None, repr=False)
    children: list["Heading"] = field(default_factory=list, repr=False)
    #: Last line number (inclusive) of this heading's section, children included.
    end_line: int = 0
    #: Number of non-blank body lines directly under this heading (children excluded).
    body_lines: int = 0

    @property
    def key(self) -> str:
        """The title as compared with a profile: no spaces, notes in brackets, or colon."""
        return normalise_title(self.title)

    @property
    def label(self) -> str:
        return f"{self.number}{self.title}"

    def ancestors(self) -> list["Heading"]:
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def chapters(self) -> list["Heading"]:
        return [child for child in self.children if not child.is_item]


@dataclass
class TocEntry:
    title: str
    number: str
    style: str | None
    ordinal: int | None
    printed_page: int
    line: int
    level: int = 1

    @property
    def key(self) -> str:
        return normalise_title(self.title)


@dataclass
class Outline:
    """The chapter tree of one document, its table of contents, and its body text."""

    headings: list[Heading]  # every heading and item, in document order
    toc: list[TocEntry]
    body: list[Line]  # lines outside the table of contents
    flow: Flow

    @property
    def roots(self) -> list[Heading]:
        return [h for h in self.headings if h.parent is None]

    @property
    def chapters(self) -> list[Heading]:
        """Headings that are real chapters (not items), in document order."""
        return [h for h in self.headings if not h.is_item]

    def section_at(self, line_number: int) -> Heading | None:
        """The innermost chapter (not item) containing ``line_number``.

        Checks ask this for every figure and date, so it bisects instead of scanning: the
        last chapter starting at or before the line, else the nearest enclosing one that
        still contains it (sections nest, so the answer is on that chain).
        """
        chapters, starts, enclosing = self._section_index
        index = bisect.bisect_right(starts, line_number) - 1
        while index >= 0 and chapters[index].end_line < line_number:
            index = enclosing[index]
        return chapters[index] if index >= 0 else None

    @cached_property
    def _section_index(self) -> tuple[list[Heading], list[int], list[int]]:
        """Chapters, their first lines, and for each the index of the chapter enclosing it (-1: none)."""
        chapters = self.chapters
        enclosing: list[int] = []
        open_sections: list[int] = []
        for index, heading in enumerate(chapters):
            while open_sections and chapters[open_sections[-1]].end_line < heading.line:
                open_sections.pop()
            enclosing.append(open_sections[-1] if open_sections else -1)
            open_sections.append(index)
        return chapters, [heading.line for heading in chapters], enclosing

    def heading_at(self, line_number: int) -> Heading | None:
        """The first heading on line ``line_number``, if any (indexed: checks ask per finding)."""
        return self._line_index[0].get(line_number)

    def first_heading_after(self, line_number: int) -> int:
        """Index in ``headings`` of the first heading below line ``line_number`` (len: none)."""
        return bisect.bisect_right(self._line_index[1], line_number)

    def next_text_line(self, line_number: int) -> Line | None:
        """The first body line with text below line ``line_number``."""
        numbers, lines = self._line_index[2:]
        index = bisect.bisect_right(numbers, line_number)
        return lines[index] if index < len(lines) else None

    def has_text_between(self, after: int, before: int) -> bool:
        """Whether a body line strictly between the two line numbers has text."""
        following = self.next_text_line(after)
        return following is not None and following.number < before

    @cached_property
    def _line_index(self) -> tuple[dict[int, Heading], list[int], list[int], list[Line]]:
        first_by_line: dict[int, Heading] = {}
        for heading in self.headings:
            first_by_line.setdefault(heading.line, heading)
        with_text = [line for line in self.body if line.text.strip()]
        return (first_by_line, [heading.line for heading in self.headings], [line.number for line in with_text],
                with_text)

    def path_at(self, line_number: int) -> list[Heading]:
        section = self.section_at(line_number)
        if section is None:
            return []
        return [*reversed(section.ancestors()), section]


@lru_cache(maxsize=8192)  # matching compares the same titles against every profile chapter
def normalise_title(title: str) -> str:
    """``利润与经济效益（请财务补充修改）`` → ``利润与经济效益``; spaces and trailing colons removed."""
    title = re.sub(r"\*\*|__", "", title)
    title = re.sub(r"[（(][^（）()]*[）)]\s*$", "", title.strip()) or title
    return re.sub(r"[\s:：。、，,.．]+", "", title)


def cn_ordinal(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, ① → 1, 7 → 7."""
    if len(text) == 1 and "①" <= text <= "⑳":
        return ord(text) - ord("①") + 1
    if text.isdecimal():
        return int(text)
    values = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    total, current = 0, 0
    for char in text:
        if char in values:
            current = values[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def split_number(text: str) -> tuple[str, str, str | None, int | None]:
    """Split ``（一）企业概况`` into (number, rest, style, ordinal); no number → ("", text, None, None)."""
    for style, pattern in NUMBER_STYLES:
        match = pattern.match(text)
        if match:
            raw = match.group(1)
            if style == "decimal":
                parts = re.split(r"[.．]", raw)
                return match.group(0).strip(), text[match.end():], f"decimal-{len(parts)}", int(parts[-1])
            return match.group(0).strip(), text[match.end():], style, cn_ordinal(raw)
    return "", text, None, None


def parse_toc(lines: list[Line]) -> tuple[list[TocEntry], set[int]]:
    """Find the table of contents: the largest cluster of dot-leader lines (with its 目录 title).

    Lines between two leader lines (a wrapped entry, a page number) belong to it; a dotted
    line far from the others (a form in the body) does not.
    """
    clusters: list[list[tuple[Line, re.Match]]] = []
    gap = 0
    for line in lines:
        text = line.text.strip()
        match = TOC_LINE.match(text)
        if match:
            if not clusters or gap > MAX_TOC_GAP:
                clusters.append([])
            clusters[-1].append((line, match))
            gap = 0
        elif text:
            gap += 1
    clusters = [cluster for cluster in clusters if len(cluster) >= 3]
    if not clusters:
        return [], set()
    cluster = max(clusters, key=len)
    entries: list[TocEntry] = []
    for line, match in cluster:
        number, rest, style, ordinal = split_number(match.group("title"))
        entries.append(TocEntry(title=rest.strip(), number=number, style=style, ordinal=ordinal,
                                printed_page=int(match.group("page")), line=line.number))
    first, last = entries[0].line, entries[-1].line
    toc_lines = {line.number for line in lines if first <= line.number <= last}
    title = next((line for line in reversed(lines) if line.number < first and line.text.strip()), None)
    if title is not None and TOC_TITLE.match(title.text):
        toc_lines.add(title.number)
    _assign_levels(entries)
    return entries, toc_lines


def _assign_levels(entries: list[TocEntry]) -> None:
    order: list[str | None] = []
    for entry in entries:
        if entry.style not in order:
            order.append(entry.style)
        entry.level = order.index(entry.style) + 1 if entry.style else 1


def wrap_width(lines: list[Line]) -> int:
    """The width at which the PDF wrapped this document's lines (80th percentile length)."""
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    if not lengths:
        return 0
    return lengths[int(len(lengths) * 0.8)]


def parse(document: Document, known_titles: dict[str, bool] | None = None) -> Outline:
    """Build the outline.

    ``known_titles`` maps normalised chapter names from the profiles to whether the name is
    a top-level chapter; it lets an unnumbered line such as ``经济绩效`` count as a heading.
    """
    known_titles = known_titles or {}
    toc, toc_lines = parse_toc(document.lines)
    body = [line for line in document.lines if line.number not in toc_lines]
    width = wrap_width(body)
    headings: list[Heading] = []
    stack: list[Heading] = []
    skip_next = False
    nonblank = [line for line in body if line.text.strip()]
    for index, line in enumerate(nonblank):
        if skip_next:
            skip_next = False
            continue
        following = nonblank[index + 1] if index + 1 < len(nonblank) else None
        candidate, joined = _candidate(line, following, width, known_titles)
        if candidate is None:
            if stack:
                stack[-1].body_lines += 1
            continue
        skip_next = joined
        _place(candidate, stack, known_titles)
        headings.append(candidate)
    _close_sections(headings, body)
    numbers = [line.number for line in nonblank]
    breaks = {h.line for h in headings} | {_next_line(numbers, h.line) for h in headings}
    return Outline(headings=headings, toc=toc, body=body, flow=Flow.build(body, breaks))


def _candidate(line: Line, following: Line | None, width: int,
               known_titles: dict[str, bool]) -> tuple[Heading | None, bool]:
    """A heading (or numbered item) starting on ``line``, and whether it took in ``following``."""
    text = line.text.strip()
    markdown = MARKDOWN_HEADING.match(text)
    if markdown:
        text = text[markdown.end():]
    text = text.strip("*").strip() if text.startswith("**") and text.count("**") == 2 and text.endswith("**") else text
    if REPORT_TITLE.search(text):
        return None, False  # the report's own title (cover, Markdown `#`), not a chapter
    number, rest, style, ordinal = split_number(text)
    if style is None:
        if markdown:
            return Heading(rest.strip(), "", f"markdown-{len(markdown.group(1))}", None,
                           line.number, line.page), False
        # Cheap tests first: most lines are long body text, and normalising is the costly part.
        if len(text) <= 14 and not SENTENCE_PUNCT.search(text) and normalise_title(text) in known_titles:
            return Heading(text.rstrip("：: "), "", "plain", None, line.number, line.page), False
        return None, False
    if markdown:
        style = f"markdown-{len(markdown.group(1))}"
    rest = rest.strip()
    heading = Heading(rest, number, style, ordinal, line.number, line.page)
    if not rest:
        # The number stands alone; the PDF put the title on the next line.
        if following is not None and _short_title(following.text.strip()):
            heading.title = following.text.strip()
            return heading, True
        heading.is_item = True
        return heading, False
    run_in = RUN_IN_END.search(rest)
    if run_in and 0 < run_in.start() <= MAX_RUN_IN_TITLE and not SENTENCE_PUNCT.search(rest[:run_in.start()]):
        after = rest[run_in.end():].strip()
        heading.title = rest[:run_in.start()].strip()
        heading.run_in = bool(after)
        # ``（1）预计培训覆盖率保持在九成以上。`` is a one-sentence list item, not a heading.
        heading.is_item = not after and run_in.group() == "。"
        return heading, False
    if SENTENCE_PUNCT.search(rest) or len(rest) > MAX_TITLE:
        heading.is_item = True
        return heading, False
    full_line = width >= MIN_WRAP_WIDTH and len(text) >= 0.85 * width
    if full_line and following is not None:
        nxt = following.text.strip()
        if split_number(nxt)[2] is None and _short_title(nxt) and len(nxt) < 0.6 * width \
                and len(rest) + len(nxt) <= MAX_TITLE:
            heading.title = rest + nxt  # a heading the PDF wrapped onto two lines
            return heading, True
        heading.is_item = True  # the first line of a wrapped paragraph
    return heading, False


def _short_title(text: str) -> bool:
    return 0 < len(text) <= MAX_TITLE and not SENTENCE_PUNCT.search(text)


#: Deepest nesting of headings and list items; reports use five or six levels, a list that
#: restarts its numbering a thousand times would otherwise nest a thousand deep.
MAX_DEPTH = 24


def _place(heading: Heading, stack: list[Heading], known_titles: dict[str, bool]) -> None:
    """Put ``heading`` in the tree: as a sibling of the open heading of its style, or a child."""
    if heading.style == "plain" and (known_titles.get(heading.key) or not stack):
        stack.clear()  # an unnumbered top-level chapter closes everything open
    sibling_at = _sibling_position(heading, stack)
    if sibling_at is None and len(stack) >= MAX_DEPTH:
        sibling_at = len(stack) - 1  # no deeper: every walk up the tree would cost the depth
    if sibling_at is None:
        parent = stack[-1] if stack else None
    else:
        parent = stack[sibling_at].parent
        del stack[sibling_at:]
    _attach(heading, parent)
    stack.append(heading)


def _sibling_position(heading: Heading, stack: list[Heading]) -> int | None:
    """Index in ``stack`` of the open heading this one follows, or None to nest it deeper.

    ``2、`` after ``1、`` continues it; a repeat or a skip (``2、`` ``2、``, ``一、`` ``三、``)
    still continues it, so the numbering check can see it; a new ``1、`` under a heading
    of another style starts a nested list, and so does a number that fits no open
    sequence. An item (a sentence that starts with a number) may continue another item,
    never close a chapter.
    """
    best: tuple[int, int] | None = None
    for position in range(len(stack) - 1, -1, -1):
        open_heading = stack[position]
        if open_heading.style != heading.style or heading.is_item and not open_heading.is_item:
            continue
        previous, current = open_heading.ordinal or 0, heading.ordinal or 0
        if current == previous + 1:
            score = 0
        elif current != 1 and (previous < current <= previous + 3 or current == previous):
            score = 1
        elif current == previous == 1 and open_heading.is_item:
            score = 2  # a new list after a list of sentences: same level, not a repeat
        else:
            continue
        if best is None or score < best[0]:
            best = (score, position)
    return None if best is None else best[1]


def _attach(heading: Heading, parent: Heading | None) -> None:
    heading.parent = parent
    heading.level = parent.level + 1 if parent else 1
    if parent is not None:
        parent.children.append(heading)


def _close_sections(headings: list[Heading], body: list[Line]) -> None:
    """Set each heading's ``end_line``: the line before the next heading at its level or above."""
    last_line = body[-1].number if body else 0
    # One pass with a stack of open chapters and one of open items, each by rising level: a
    # heading closes the open ones at its level or deeper (an item closes only items).
    open_chapters: list[Heading] = []
    open_items: list[Heading] = []
    for later in headings:
        for stack in (open_items, open_chapters) if not later.is_item else (open_items,):
            while stack and stack[-1].level >= later.level:
                stack.pop().end_line = later.line - 1
        (open_items if later.is_item else open_chapters).append(later)
    for heading in (*open_chapters, *open_items):
        heading.end_line = last_line


def _next_line(nonblank_numbers: list[int], number: int) -> int:
    """The first non-blank line after ``number`` (a bisection: one scan per heading was quadratic)."""
    index = bisect.bisect_right(nonblank_numbers, number)
    return nonblank_numbers[index] if index < len(nonblank_numbers) else number
