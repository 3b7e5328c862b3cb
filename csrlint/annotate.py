"""``csrlint annotate``: a copy of a Word draft with every finding as a Word comment.

The people who write the reports work in Word, and reviewers send their remarks back as
comments; a finding belongs where they look, on the text it is about. The copy is walked
with the .docx reader's own walker, so each location (``第 N 段``: a paragraph, table cell or
text box) is the one the findings name; runs are split so that a comment covers exactly the
text a finding quotes (``**亿元`` of ``完成**亿元``, the note ``（请财务补充修改）``).

csrlint's comments are authored :data:`AUTHOR`: the checks do not count them as open
comments, and annotating an annotated copy replaces them instead of adding a second set.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .checks.revisions import OWN_AUTHOR
from .readers.docx import W14, W, _Body, _Numbering, _part_element, _Styles, attr, w

AUTHOR = OWN_AUTHOR  # the checks know it, so that csrlint never reports its own comments
INITIALS = "CSR"
SUFFIX = ".csrlint.docx"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: Where a comment's metadata lives besides comments.xml (Word 2013+), keyed by paraId / durableId.
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
W16CEX = "http://schemas.microsoft.com/office/word/2018/wordml/cex"
OPENING = {"（": "）", "(": ")", "【": "】", "[": "]", "〔": "〕", "［": "］", "「": "」", "『": "』", "《": "》"}
#: Shortest piece of the message that, found at the finding's column, is taken as its subject.
MIN_SUBJECT = 2
#: The styles Word gives comment text and comment marks (ids and names as Word writes them).
COMMENT_STYLES = (
    (
        '<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/>'
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>'
    ),
    (
        '<w:style xmlns:w="{W}" w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/>'
        "</w:rPr></w:style>"
    ),
)


def default_output(draft: Path) -> Path:
    """``报告.docx`` → ``报告.csrlint.docx`` beside it."""
    return draft.with_name(draft.stem + SUFFIX)


def comment_text(finding, result) -> str:
    """``CSR201 编辑批注未删除：… 建议：…``, with the other place of a contradiction."""
    from .formatters import location

    text = f"{finding.code} {finding.message}"
    for place in finding.related:
        where = f"{location(result, place)}：" if place.line else ""
        text += f"；另见{where}「{place.excerpt}」"
    if finding.suggestion:
        text += f" 建议：{finding.suggestion}"
    return text


def annotate(draft: Path, result, target) -> int:
    """Write ``draft`` with ``result``'s findings as comments to ``target`` (a path or a binary stream).

    Returns the number of comments written. Old csrlint comments in the draft are removed first.
    """
    import docx
    from docx.text.run import Run

    document = docx.Document(str(draft))
    remove_own_comments(document)
    body = _Locations.walk(document)
    placed = [(finding, _Anchor.of(finding, result, body)) for finding in result.findings]
    for number in sorted({anchor.number for _, anchor in placed if anchor.span}):
        body.split_at(number, [anchor.span for _, anchor in placed if anchor.number == number and anchor.span])
    if placed:
        _ensure_comment_styles(document)
    for finding, anchor in placed:
        first, last = body.runs_for(anchor)
        document.add_comment(
            [Run(first, document), Run(last, document)],
            text=comment_text(finding, result),
            author=AUTHOR,
            initials=INITIALS,
        )
    document.save(target if not isinstance(target, Path) else str(target))
    return len(placed)


def annotate_file(
    draft: Path,
    output: Path | None,
    force: bool,
    flags,
    config_path: Path | None = None,
    isolated: bool = False,
    baseline: Path | None = None,
):
    """Check ``draft`` as ``csrlint check`` does (config, suppressions, baseline) and write the copy.

    Returns ``(result, output, comments, fail_on)``, or None when the config excludes the draft;
    raises InputError for what cannot be done (not a .docx, unreadable, output exists…).
    """
    import os
    import shutil
    import tempfile

    from .document import InputError
    from .engine import lint_safely, plan
    from .suppress import Baseline

    if draft.suffix.lower() != ".docx":
        raise InputError(
            str(draft),
            "annotate 只为 Word 文件（.docx）写批注；.txt/.md/.pdf 请用 csrlint check / annotate writes .docx only",
        )
    if not draft.is_file():
        raise InputError(str(draft), "文件不存在 / no such file")
    target = output or default_output(draft)
    if target.suffix.lower() != ".docx":
        raise InputError(str(target), "批注副本须为 .docx 文件 / the output must be a .docx")
    if target.exists() and target.resolve() == draft.resolve():
        raise InputError(str(target), "不会覆盖原稿，请另选输出文件 / will not overwrite the draft")
    if target.exists() and not force:
        raise InputError(str(target), "文件已存在，加 --force 覆盖 / exists (use --force to replace it)")
    work = plan([draft], flags, config_path=config_path, isolated=isolated)
    if not work.files:
        return None
    baseline = baseline or work.baseline
    known = Baseline.load(baseline) if baseline is not None else None
    result = lint_safely(work.linters[work.files[0]], work.files[0])
    if result.error:
        raise InputError(str(draft), result.error)
    if known is not None:
        result.baselined = known.apply(result)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(suffix=".docx", prefix=".csrlint-", dir=target.parent)
        os.close(handle)
        shutil.copymode(draft, temporary)  # readable as the draft is, not mkstemp's owner-only mode
        count = annotate(draft, result, Path(temporary))
        os.replace(temporary, target)
    except OSError as error:
        raise InputError(str(target), f"无法写入 / cannot write: {error.strerror or error}") from None
    except Exception as error:  # noqa: BLE001 — a package python-docx reads but cannot write back
        raise InputError(str(draft), f"无法写入批注 / cannot annotate: {type(error).__name__}: {error}") from None
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
    return result, target, count, work.fail_on(result)


# --- where a finding goes ---------------------------------------------------------------


@dataclass
class _Anchor:
    """Where a finding's comment goes: a paragraph, and the characters of it the finding quotes."""

    number: int  # the location (paragraph index); 0: none found
    span: tuple[int, int] | None = None  # characters of the location's text; None: the whole location

    @classmethod
    def of(cls, finding, result, body: _Locations) -> _Anchor:
        number = finding.line or 0
        if finding.rule == "missing-chapter":
            number = _heading_before(finding, result) or number
        if number not in body.texts or not body.texts[number].strip():
            return cls(body.first_text_location())
        text = body.texts[number]
        return cls(number, _subject(finding, text))


def _heading_before(finding, result) -> int | None:
    """The heading a missing chapter should follow: its nearest found sibling before it."""
    chapters = result.chapters
    index = next((i for i, c in enumerate(chapters) if c["chapter"] == finding.chapter and c["line"] is None), None)
    if index is None:
        return None
    depth = chapters[index]["depth"]
    for chapter in reversed(chapters[:index]):
        if chapter["depth"] < depth:
            return None
        if chapter["depth"] == depth and chapter["line"] is not None:
            return chapter["line"]
    return None


def _subject(finding, text: str) -> tuple[int, int] | None:
    """The characters of ``text`` a finding is about; None when only the whole location will do.

    A finding with a column quotes what it found (``数字未填写：**亿元``, ``占员工「62%以上」``):
    the longest piece of the message that the text has at that column is its subject. Without
    a column (a heading's finding), the excerpt where the text has it.
    """
    span = None
    if finding.column and 0 <= finding.column - 1 < len(text):
        start = finding.column - 1
        span = (
            _quoted_at(finding.message, text, start)
            or _excerpt_span(finding.excerpt, text, start)
            or (start, _sentence_end(text, start))
        )
    span = span or _excerpt_span(finding.excerpt, text, None)
    if span is None:
        return None
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _quoted_at(message: str, text: str, start: int) -> tuple[int, int] | None:
    best = _prefix_in(message, text, start)
    closer = OPENING.get(text[start])
    if closer:  # （请财务补充修改） is quoted without its brackets
        inner = _prefix_in(message, text, start + 1)
        if inner > best:
            end = start + 1 + inner
            return (start, end + 1) if text[end : end + 1] == closer else (start + 1, end)
    return (start, start + best) if best >= MIN_SUBJECT else None


def _prefix_in(message: str, text: str, start: int) -> int:
    """Length of the longest prefix of ``text[start:]`` that occurs in ``message`` (spaces may differ)."""
    squeezed = " ".join(message.split())
    length = 0
    while start + length < len(text):
        piece = " ".join(text[start : start + length + 1].split())
        if not piece or piece not in squeezed or text[start + length] in "「」":
            break
        length += 1
    return length


def _excerpt_span(excerpt: str, text: str, near: int | None) -> tuple[int, int] | None:
    excerpt = excerpt.strip().strip("…").strip()
    if not excerpt:
        return None
    starts = [m.start() for m in re.finditer(re.escape(excerpt), text)]
    if near is not None:
        starts = [s for s in starts if s <= near < s + len(excerpt)]
    if not starts:
        return None
    return starts[0], starts[0] + len(excerpt)


def _sentence_end(text: str, start: int) -> int:
    ends = [i for i in (text.find(mark, start) for mark in "。；！？") if i >= 0]
    return min(ends) + 1 if ends else len(text)


# --- the body, as the reader numbers it -------------------------------------------------


@dataclass
class _Segment:
    """A run of a paragraph and the characters of the paragraph's text it holds."""

    run: object  # a w:r element
    start: int  # offsets in the location's text
    end: int


@dataclass
class _Locations:
    """The .docx body as the reader numbered it: each location's text and runs."""

    texts: dict[int, str] = field(default_factory=dict)
    segments: dict[int, list[_Segment]] = field(default_factory=dict)
    paragraphs: dict[int, list] = field(default_factory=dict)

    @classmethod
    def walk(cls, document) -> _Locations:
        styles = _Styles(document.styles.element)
        numbering = _Numbering(_part_element(document.part, "numbering"), styles)
        body = document.element.body
        walker = _Recorder(
            styles, numbering, rendered_breaks=next(body.iter(w("lastRenderedPageBreak")), None) is not None
        )
        walker.blocks(body)
        found = cls()
        for line in walker.lines:
            parts = walker.pieces.get(line.number, [])
            found.paragraphs[line.number] = [paragraph for paragraph, _, _ in parts]
            segments, offset, shown = [], 0, []
            for _, text, runs in parts:
                if not text.strip():
                    segments.extend(_Segment(run, offset, offset) for run, _ in runs)
                    continue
                if shown:
                    offset += 1  # the reader joins a cell's paragraphs with a space
                segments.extend(_Segment(run, offset + a, offset + b) for run, a, b in _align(runs, text))
                shown.append(text)
                offset += len(text)
            found.texts[line.number] = line.text
            if " ".join(shown) != line.text:  # not the reader's text: comment whole runs only
                segments = [_Segment(segment.run, 0, 0) for segment in segments]
            found.segments[line.number] = segments
        return found

    def first_text_location(self) -> int:
        return next((number for number, text in self.texts.items() if text.strip()), 0)

    def split_at(self, number: int, spans: list[tuple[int, int]]) -> None:
        """Split the location's runs at every span boundary, so that each span is whole runs."""
        for boundary in sorted({edge for span in spans for edge in span}):
            segments = self.segments[number]
            for index, segment in enumerate(segments):
                if segment.start < boundary < segment.end:
                    second = _split_run(segment.run, boundary - segment.start)
                    if second is not None:
                        segments[index : index + 1] = [
                            _Segment(segment.run, segment.start, boundary),
                            _Segment(second, boundary, segment.end),
                        ]
                    break

    def runs_for(self, anchor: _Anchor) -> tuple[object, object]:
        """The first and last run of the anchor's text (the whole location when the span has none)."""
        segments = self.segments.get(anchor.number, [])
        inside = []
        if anchor.span:
            start, end = anchor.span
            inside = [s for s in segments if s.start >= start and s.end <= end and s.end > s.start]
        if not inside:
            inside = [s for s in segments if s.end > s.start] or segments
        if inside:
            return _host(inside[0].run), _host(inside[-1].run)
        paragraph = (self.paragraphs.get(anchor.number) or [None])[0]
        if paragraph is None:
            raise ValueError("document without paragraphs")
        run = paragraph.makeelement(w("r"), {})
        paragraph.append(run)
        return _host(run), _host(run)


class _Recorder(_Body):
    """The reader's walker, also noting which runs make each paragraph's text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pieces: dict[int, list[tuple[object, str, list]]] = {}
        self._runs: list = []
        self._carried: list = []  # runs of a paragraph whose mark was deleted: they read with the next one

    def paragraph(self, paragraph, number, *args, **kwargs):
        self._runs = []
        text = super().paragraph(paragraph, number, *args, **kwargs)
        runs, self._runs = self._carried + self._runs, []
        if getattr(self, "_carry", ""):  # the reader holds this paragraph's text for the next one
            self._carried = runs
            runs = []
        else:
            self._carried = []
        self.pieces.setdefault(number, []).append((paragraph, text, [(run, _run_text(run)) for run in runs]))
        return text

    def _run(self, run, *args, **kwargs):
        self._runs.append(run)
        return super()._run(run, *args, **kwargs)


def _run_text(run) -> str:
    """The text a run contributes, as the reader reads it."""
    return "".join(text for _, text in _run_items(run))


def _run_items(run):
    for child in run:
        tag = child.tag
        if tag == w("t"):
            yield child, child.text or ""
        elif tag == w("tab"):
            yield child, "\t"
        elif tag in (w("br"), w("cr")):
            yield child, "" if attr(child, "type") in ("page", "column") else " "
        elif tag == w("noBreakHyphen"):
            yield child, "-"
        elif tag != w("rPr"):
            yield child, ""


def _align(runs: list[tuple[object, str]], text: str) -> list[tuple[object, int, int]]:
    """Each run's characters in the paragraph's text (which may add a list number or ``# ``)."""
    joined = "".join(run_text for _, run_text in runs)
    if text.endswith(joined):
        shift = len(text) - len(joined)
        position = lambda i: shift + i
    elif joined.strip() and text.endswith(joined.strip()):
        shift = len(text) - len(joined.strip()) - (len(joined) - len(joined.lstrip()))
        position = lambda i: min(len(text), max(0, shift + i))
    else:  # a tab read as a dot leader, or text the reader changed otherwise
        blocks = SequenceMatcher(None, joined, text, autojunk=False).get_matching_blocks()

        def position(i: int) -> int:
            for a, b, size in blocks:
                if i <= a + size:
                    return b + max(0, i - a)
            return len(text)

    placed, offset = [], 0
    for run, run_text in runs:
        placed.append((run, position(offset), position(offset + len(run_text))))
        offset += len(run_text)
    return placed


def _split_run(run, at: int):
    """Split ``run`` after its first ``at`` characters; the second half (a new run) is returned."""
    items = list(_run_items(run))
    seen = 0
    for index, (child, text) in enumerate(items):
        if seen + len(text) <= at:
            seen += len(text)
            continue
        cut = at - seen
        moved = [item for item, _ in items[index:]]
        if cut > 0:  # the cut falls inside this w:t
            head = copy.copy(child)
            head.text = text[:cut]
            child.text = text[cut:]
            for part in (head, child):
                part.set(XML_SPACE, "preserve")
            child.addprevious(head)
        second = copy.deepcopy(run)
        for grandchild in list(second):
            if grandchild.tag != w("rPr"):
                second.remove(grandchild)
        for item in moved:
            second.append(item)
        run.addnext(second)
        return second
    return None


def _host(run):
    """A run in a text box is commented where the box stands (Word keeps comments out of text boxes)."""
    box, node = None, run.getparent()
    while node is not None:
        if node.tag == w("txbxContent"):
            box = node
        node = node.getparent()
    if box is None:
        return run
    host, node = run, box.getparent()
    while node is not None:
        if node.tag == w("r"):
            host = node
        node = node.getparent()
    return host


# --- csrlint's own comments, and the styles comments use -------------------------------


def remove_own_comments(document) -> int:
    """Remove csrlint's comments (and their ranges and metadata): annotating again replaces them."""
    comments = _part_element(document.part, "comments")
    if comments is None:
        return 0
    own = [c for c in comments.iter(w("comment")) if attr(c, "author") == AUTHOR]
    ids = {attr(c, "id") for c in own}
    para_ids = {attr(p, "paraId", W14) for c in own for p in c.iter(w("p"))} - {None}
    for comment in own:
        comments.remove(comment)
    if not ids:
        return 0
    body = document.element.body
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for mark in list(body.iter(w(tag))):
            if attr(mark, "id") in ids:
                mark.getparent().remove(mark)
    for reference in list(body.iter(w("commentReference"))):
        if attr(reference, "id") in ids:
            run = reference.getparent()
            run.remove(reference)
            if all(child.tag == w("rPr") for child in run):
                run.getparent().remove(run)
    _drop_metadata(document.part, para_ids)
    return len(ids)


def _drop_metadata(main_part, para_ids: set[str]) -> None:
    """Word's commentsExtended/commentsIds/commentsExtensible entries of removed comments."""
    from lxml import etree

    parts = {
        rel.reltype.rsplit("/", 1)[-1]: rel.target_part
        for rel in main_part.rels.values()
        if not rel.is_external and rel.reltype.endswith(("commentsExtended", "commentsIds", "commentsExtensible"))
    }
    durable: set[str] = set()
    for kind, tag, namespace in (("commentsIds", "commentId", W16CID), ("commentsExtended", "commentEx", W15)):
        part = parts.get(kind)
        if part is None:
            continue
        root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False))
        for entry in list(root.iter(f"{{{namespace}}}{tag}")):
            if entry.get(f"{{{namespace}}}paraId") in para_ids:
                durable.add(entry.get(f"{{{namespace}}}durableId"))
                root.remove(entry)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = parts.get("commentsExtensible")
    if part is not None and durable:
        root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False))
        for entry in list(root.iter(f"{{{W16CEX}}}commentExtensible")):
            if entry.get(f"{{{W16CEX}}}durableId") in durable:
                root.remove(entry)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _ensure_comment_styles(document) -> None:
    from docx.oxml.parser import parse_xml

    styles = document.styles.element
    present = {attr(style, "styleId") for style in styles.iter(w("style"))}
    for xml in COMMENT_STYLES:
        style = parse_xml(xml.format(W=W))
        if attr(style, "styleId") not in present:
            styles.append(style)
