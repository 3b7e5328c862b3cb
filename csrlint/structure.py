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
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .compat import compile_pattern
from .document import SENTENCE_END, Document, Flow, Line

CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN = f"[{CN_DIGITS}]{{1,4}}"

#: (style, pattern). The pattern matches the number at the start of a line; group 1 is the ordinal.
NUMBER_STYLES: list[tuple[str, re.Pattern]] = [
    # 第一章 / 第二部分 / 第三篇 (hospitals and schools number their parts so), and 第一、 for
    # the responsibilities inside a part.
    ("chapter", re.compile(rf"^第\s*({_CN}|\d{{1,2}})\s*(?:[章篇]|部分?)\s*[、.．:：]?\s*")),
    ("cn-ordinal", re.compile(rf"^第\s*({_CN})\s*、\s*")),
    # 1.1 / 1.2.3: not 3.5万元 or 12.5 分, where a unit follows the number.
    (
        "decimal",
        compile_pattern(
            r"^(\d{1,2}(?:[.．]\d{1,2})+)(?![\d%％])[.．、]?\s*+(?![万亿千百元分个人名项次倍年月日户件台套米吨度小时天周%％])"
        ),
    ),
    ("cn", re.compile(rf"^({_CN})\s*[、.．]\s*")),
    ("paren-cn", re.compile(rf"^[（(]\s*({_CN})\s*[）)]\s*[、.．]?\s*")),
    ("paren-arabic", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?\s*")),
    ("arabic-paren", re.compile(r"^(\d{1,2})\s*[）)]\s*")),
    ("arabic-comma", re.compile(r"^(\d{1,2})\s*、\s*")),
    ("arabic-dot", re.compile(r"^(\d{1,2})\s*[.．](?![\d%％])\s*")),
    ("circled", re.compile(r"^([①-⑳])\s*")),
    # GB/T style, as WPS writes it: ``1　范围`` (the number, then an ideographic space U+3000).
    ("arabic-space", re.compile(r"^(\d{1,2})\u3000+(?=\S)")),
]
#: What a number of ``NUMBER_STYLES`` can start with, besides a digit: a line starting with
#: anything else (most body lines) is told at once that it has no number.
NUMBER_STARTS = frozenset("第（(" + CN_DIGITS + "".join(map(chr, range(ord("①"), ord("⑳") + 1))))
#: Styles in which a line that continues a wrapped sentence can start (``…按照\n第一部分的要求``).
WORD_STYLES = ("chapter", "cn-ordinal")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+")
#: A table-of-contents line: a title, a dot leader, a page number. The title ends at its
#: first non-space character or at one not followed by more of its own leader character:
#: a title ending inside a run of dots could only match where the run's start did, and
#: trying every such end made a long run of dots quadratic (a 1 MB line: hours).
TOC_LINE = re.compile(
    r"^(?P<title>\s*\S|.*?(?:[^\s.．·…⋯_-]|[.．·…⋯](?![.．·…⋯])|-(?!-)|_(?!_)))"
    r"\s*(?:[.．·…⋯]{3,}|-{4,}|_{4,})\s*(?P<page>\d{1,4})\s*$"
)
#: A table-of-contents line without a leader: a short title, then its page as ``- 4 -`` or as
#: a number after a space, which extraction may split (``1 0`` for 10).
TOC_BARE_LINE = re.compile(
    r"^(?P<title>\S.{0,40}?[^\s\d\-—–])\s*"
    r"(?:[-—–]\s*(?P<dashed>\d{1,3})\s*[-—–]|\s(?P<page>\d(?: ?\d){0,2}))\s*$"
)
#: A GB/T number and a space at the start of a TOC entry: ``1 范围``, ``5.2 评价内容``.
GBT_TOC_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[ \u3000]+(?=[^\s\d])")
TOC_TITLE = re.compile(r"^\s*(?:#+\s*)?目\s*[录次]\s*$")
#: Where a run-in heading ends and its body begins: ``2、所属类别。本单位属于…``.
RUN_IN_END = re.compile(r"[。：:]")
#: The report's own title (some schools call theirs 社会责任书), never a chapter.
REPORT_TITLE = re.compile(r"社会责任(?:报告|书)\s*$|^社会责任(?:报告|书)")
SENTENCE_PUNCT = re.compile(r"[，,；;。！？]")
MAX_TITLE = 30
#: Below this many characters a document's lines are not PDF-wrapped prose (lists, tables).
MIN_WRAP_WIDTH = 15
#: Non-blank lines allowed between two entries of one table of contents.
MAX_TOC_GAP = 3
MAX_RUN_IN_TITLE = 20
#: Longest line read as a leaderless TOC entry (a title of ``MAX_TITLE`` plus its number and page).
MAX_BARE_TOC_LINE = 48


@dataclass
class Heading:
    """A numbered or styled heading line, placed in the outline under its parent."""

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
    parent: Heading | None = field(default=None, repr=False)
    children: list[Heading] = field(default_factory=list, repr=False)
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

    def ancestors(self) -> list[Heading]:
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def chapters(self) -> list[Heading]:
        return [child for child in self.children if not child.is_item]


@dataclass
class TocEntry:
    """A line of the table of contents: a heading's title and the page it claims."""

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
        return (
            first_by_line,
            [heading.line for heading in self.headings],
            [line.number for line in with_text],
            with_text,
        )

    def path_at(self, line_number: int) -> list[Heading]:
        section = self.section_at(line_number)
        if section is None:
            return []
        return [*reversed(section.ancestors()), section]


@lru_cache(maxsize=8192)  # matching compares the same titles against every profile chapter
def normalise_title(title: str) -> str:
    """``利润与经济效益（请财务补充修改）`` / ``…【待补充】`` → ``利润与经济效益``; spaces and trailing colons removed."""
    title = re.sub(r"\*\*|__", "", title)
    title = re.sub(r"(?:[（(][^（）()]*[）)]|【[^【】]*】)\s*$", "", title.strip()) or title
    return re.sub(r"[\s:：。、，,.．]+", "", title)


def cn_ordinal(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, ① → 1, 7 → 7. Chinese numerals are read by the one reader
    of them, ``numbers.chinese_value``."""
    if len(text) == 1 and "①" <= text <= "⑳":
        return ord(text) - ord("①") + 1
    if text.isdecimal():
        return int(text)
    from .numbers import chinese_value

    value = chinese_value(text)
    return int(value) if value is not None and value == int(value) else None


def split_number(text: str) -> tuple[str, str, str | None, int | None]:
    """Split ``（一）企业概况`` into (number, rest, style, ordinal); no number → ("", text, None, None)."""
    if not text or not (text[0] in NUMBER_STARTS or text[0].isdigit()):
        return "", text, None, None
    for style, pattern in NUMBER_STYLES:
        match = pattern.match(text)
        if match:
            raw = match.group(1)
            if style == "decimal":
                parts = re.split(r"[.．]", raw)
                return match.group(0).strip(), text[match.end() :], f"decimal-{len(parts)}", int(parts[-1])
            return match.group(0).strip(), text[match.end() :], style, cn_ordinal(raw)
    return "", text, None, None


def parse_toc(lines: list[Line]) -> tuple[list[TocEntry], set[int]]:
    """Find the table of contents and the lines it takes up.

    With dot leaders: the largest cluster of leader lines. Without (``第二部分 单位概况 - 4 -``,
    ``1.规模与性质 3``): a cluster of short titles with page numbers that never go down, under a
    目录 title or naming headings that recur further on — a flattened table of figures
    (``本科 55``) is neither. Lines between two entries (a wrapped entry, a running header)
    belong to it; a dotted line far from the others (a form in the body) does not.
    """
    leaders = {
        line.number: match
        for line in lines
        if _may_be_leader_line(text := line.text.strip()) and (match := TOC_LINE.match(text))
    }
    cluster = _largest(_clusters(lines, leaders, bare=False))
    if cluster is None:
        candidates = [c for c in _clusters(lines, leaders, bare=True) if _pages_rise(c)]
        if candidates:
            last_seen = _last_occurrences(lines)
            cluster = _largest([c for c in candidates if _reads_as_toc(c, lines, last_seen)])
    if cluster is None:
        return [], set()
    entries: list[TocEntry] = []
    for line, match in cluster:
        number, rest, style, ordinal = _split_toc_number(match.group("title"))
        entries.append(
            TocEntry(
                title=rest.strip(),
                number=number,
                style=style,
                ordinal=ordinal,
                printed_page=_toc_page(match),
                line=line.number,
            )
        )
    first, last = entries[0].line, entries[-1].line
    toc_lines = {line.number for line in lines if first <= line.number <= last}
    title = _line_before(lines, first)
    if title is not None and TOC_TITLE.match(title.text):
        toc_lines.add(title.number)
    _assign_levels(entries)
    return entries, toc_lines


#: Characters a dot leader is made of (``TOC_LINE``).
LEADER_CHARACTERS = frozenset(".．·…⋯-_")


def _may_be_leader_line(text: str) -> bool:
    """What ``TOC_LINE`` needs, tested cheaply first: a page number at the end and a leader
    character. Trying the pattern on every body line took a third of reading the outline."""
    return text[-1:].isdigit() and not LEADER_CHARACTERS.isdisjoint(text)


def _split_toc_number(title: str) -> tuple[str, str, str | None, int | None]:
    """``split_number`` for a TOC entry, where a GB/T number may be followed by a plain space
    (WPS writes the body's ``1　范围`` as ``1 范围`` in its TOC)."""
    found = split_number(title)
    gbt = GBT_TOC_NUMBER.match(title) if found[2] is None else None
    if gbt is None:
        return found
    parts = gbt.group(1).split(".")
    style = "arabic-space" if len(parts) == 1 else f"decimal-{len(parts)}"
    return gbt.group(1), title[gbt.end() :], style, int(parts[-1])


def _clusters(lines: list[Line], leaders: dict[int, re.Match], bare: bool) -> list[list[tuple[Line, re.Match]]]:
    """Runs of TOC-like lines at most ``MAX_TOC_GAP`` other lines apart (3 lines at least):
    the leader lines ``leaders`` holds, and with ``bare`` the leaderless ones too."""
    clusters: list[list[tuple[Line, re.Match]]] = []
    gap = 0
    for line in lines:
        text = line.text.strip()
        match = leaders.get(line.number)
        if match is None and bare and 0 < len(text) <= MAX_BARE_TOC_LINE and (text[-1].isdigit() or text[-1] in "-—–"):
            match = TOC_BARE_LINE.match(text)
            if match is not None and SENTENCE_PUNCT.search(match.group("title")):
                match = None  # a sentence ending in a number, not a title
        if match:
            if not clusters or gap > MAX_TOC_GAP:
                clusters.append([])
            clusters[-1].append((line, match))
            gap = 0
        elif text:
            gap += 1
    return [cluster for cluster in clusters if len(cluster) >= 3]


def _largest(clusters: list[list[tuple[Line, re.Match]]]) -> list[tuple[Line, re.Match]] | None:
    return max(clusters, key=len) if clusters else None


def _toc_page(match: re.Match) -> int:
    page = match.group("dashed") or match.group("page") if match.re is TOC_BARE_LINE else match.group("page")
    return int(page.replace(" ", ""))


def _pages_rise(cluster: list[tuple[Line, re.Match]]) -> bool:
    previous = 0
    for _, match in cluster:
        page = _toc_page(match)
        if page < previous:
            return False
        previous = page
    return True


def _last_occurrences(lines: list[Line]) -> dict[str, int]:
    """Each short line's title (number split off, normalised) → the last line it stands on."""
    last: dict[str, int] = {}
    for line in lines:
        text = line.text.strip()
        if 0 < len(text) <= MAX_BARE_TOC_LINE:
            last[normalise_title(split_number(text)[1])] = line.number
    return last


def _reads_as_toc(cluster: list[tuple[Line, re.Match]], lines: list[Line], last_seen: dict[str, int]) -> bool:
    """A leaderless cluster (its pages rising) is a TOC when it has a 目录 title or at least
    half of its titles recur later as lines of their own (every heading twice)."""
    title = _line_before(lines, cluster[0][0].number)
    if title is not None and TOC_TITLE.match(title.text):
        return True
    end = cluster[-1][0].number
    keys = [normalise_title(split_number(match.group("title"))[1]) for _, match in cluster]
    return sum(last_seen.get(key, 0) > end for key in keys) * 2 >= len(keys)


def _line_before(lines: list[Line], number: int) -> Line | None:
    """The last non-blank line before line ``number`` (lines are in order: bisect, then step back)."""
    index = bisect.bisect_left(lines, number, key=lambda line: line.number) - 1
    while index >= 0 and not lines[index].text.strip():
        index -= 1
    return lines[index] if index >= 0 else None


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
    nonblank = [line for line in body if line.text.strip()]
    # First every heading candidate, with the body lines after it; then the tree.
    found: list[tuple[Heading, int]] = []
    skip_next = False
    previous_heading = True
    for index, line in enumerate(nonblank):
        if skip_next:
            skip_next = False
            continue
        following = nonblank[index + 1] if index + 1 < len(nonblank) else None
        continues = not previous_heading and index > 0 and _continues(nonblank[index - 1].text.strip(), width)
        candidate, joined = _candidate(line, following, width, known_titles, continues)
        previous_heading = candidate is not None and not candidate.is_item
        if candidate is None:
            if found:
                found[-1] = (found[-1][0], found[-1][1] + 1)
            continue
        skip_next = joined
        found.append((candidate, 0))
    chapter_style = _chapter_style([heading for heading, _ in found], known_titles)
    headings: list[Heading] = []
    stack: list[Heading] = []
    for heading, body_lines in found:
        if heading.style == chapter_style and not heading.is_item and known_titles.get(heading.key):
            # The first chapter (一、公开陈述): what came before it is front matter (cover,
            # 报告编写说明 with its own 一、二、…, 报告简介), never its parent.
            stack.clear()
            chapter_style = None
        _place(heading, stack, known_titles)
        heading.body_lines = body_lines
        headings.append(heading)
    _close_sections(headings, body)
    numbers = [line.number for line in nonblank]
    breaks = {h.line for h in headings} | {_next_line(numbers, h.line) for h in headings}
    for table in document.tables:  # no phrase runs from one cell into the next, nor out of the table
        breaks |= table.lines | {_next_line(numbers, max(table.lines))}
    return Outline(headings=headings, toc=toc, body=body, flow=Flow.build(body, breaks))


def _chapter_style(headings: list[Heading], known_titles: dict[str, bool]) -> str | None:
    """The style that numbers the document's top-level chapters: the one most used by headings
    named like a profile's top-level chapter, when two at least are (一、公开陈述, 二、单位概况)."""
    votes = Counter(h.style for h in headings if not h.is_item and h.style != "plain" and known_titles.get(h.key))
    style, count = votes.most_common(1)[0] if votes else (None, 0)
    return style if count >= 2 else None


def _continues(previous: str, width: int) -> bool:
    """Whether a line after ``previous`` continues its sentence: ``previous`` fills the wrap
    width and does not end a sentence (a PDF wrap)."""
    return width >= MIN_WRAP_WIDTH and len(previous) >= 0.85 * width and previous[-1] not in SENTENCE_END + "：:"


def _candidate(
    line: Line, following: Line | None, width: int, known_titles: dict[str, bool], continues: bool = False
) -> tuple[Heading | None, bool]:
    """A heading (or numbered item) starting on ``line``, and whether it took in ``following``.

    ``continues``: the line carries on the previous line's sentence, so a word-like number at
    its start (``第一部分``) is part of that sentence, not a heading.
    """
    text = line.text.strip()
    markdown = MARKDOWN_HEADING.match(text)
    outline_level = len(markdown.group(1)) if markdown else line.heading_level  # ``##`` or Word's Heading 2
    if markdown:
        text = text[markdown.end() :]
    text = text.strip("*").strip() if text.startswith("**") and text.count("**") == 2 and text.endswith("**") else text
    if REPORT_TITLE.search(text):
        return None, False  # the report's own title (cover, Markdown `#`), not a chapter
    number, rest, style, ordinal = split_number(text)
    if continues and style in WORD_STYLES and not outline_level:
        return None, False
    if style is None:
        if outline_level:
            return Heading(rest.strip(), "", f"markdown-{outline_level}", None, line.number, line.page), False
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
    if run_in and 0 < run_in.start() <= MAX_RUN_IN_TITLE and not SENTENCE_PUNCT.search(rest[: run_in.start()]):
        after = rest[run_in.end() :].strip()
        heading.title = rest[: run_in.start()].strip()
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
        if (
            split_number(nxt)[2] is None
            and _short_title(nxt)
            and len(nxt) < 0.6 * width
            and len(rest) + len(nxt) <= MAX_TITLE
        ):
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
    still continues it, so the numbering check can see it, and so does a moved chapter
    (``三、`` after ``四、``), so the order check reports it once; a new ``1、`` under a heading
    of another style starts a nested list, and so does a number that fits no open
    sequence. An item (a sentence that starts with a number) may continue another item,
    never close a chapter.
    """
    best: tuple[tuple[int, bool], int] | None = None
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
        elif 1 < current < previous and not heading.is_item:
            score = 3  # a chapter moved before its number's place: still a sibling (一 二 四 三)
        else:
            continue
        # On a tie a chapter beats an item: ``2、经济责任`` follows ``1、员工责任``, not a list
        # item ``1、…。`` nested inside it.
        rank = (score, open_heading.is_item)
        if best is None or rank < best[0]:
            best = (rank, position)
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
