"""Build .docx fixtures the way Word writes them: real list numbering, revisions, comments, tables.

``text_to_docx`` turns a plain-text draft into a Word file in which every number Word can
generate (``一、`` ``（一）`` ``1.`` ``（1）`` ``①``…) is taken out of the text and produced by
``numbering.xml`` instead, table-of-contents lines get a dotted tab leader, page-number lines
become page breaks, and a little CriticMarkup becomes Word's own markup: ``{++inserted++}``
and ``{--deleted--}`` are tracked changes, ``{>>作者：text<<}`` a comment on the paragraph,
and ``| a | b |`` lines a table. ``accepted_text`` gives the same draft as a .txt would
read, so a test can lint both and compare.

Also a script: ``python tests/docx_builder.py draft.txt… -o DIR`` converts text drafts
(e.g. the corpus) into .docx files.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import cn2an
import docx
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from csrlint.document import Line  # noqa: E402
from csrlint.readers.text import split_pages  # noqa: E402
from csrlint.structure import NUMBER_STYLES, TOC_LINE, parse_toc  # noqa: E402

AUTHOR = "审稿人"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
NAMESPACES = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in {
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
        "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "v": "urn:schemas-microsoft-com:vml",
    }.items()
)
COMMENTS_EXTENDED_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
#: structure.py number style → Word's w:numFmt, for the styles Word can generate.
WORD_FORMATS = {
    "cn": "chineseCounting",
    "paren-cn": "chineseCounting",
    "chapter": "chineseCounting",
    "paren-arabic": "decimal",
    "arabic-paren": "decimal",
    "arabic-comma": "decimal",
    "arabic-dot": "decimal",
    "circled": "decimalEnclosedCircle",
}
#: Heading style given to numbered paragraphs of these styles, as a Word author would.
HEADING_STYLES = {"cn": "Heading 1", "chapter": "Heading 1", "paren-cn": "Heading 2"}
CRITIC = re.compile(r"\{\+\+(?P<ins>.*?)\+\+\}|\{--(?P<del>.*?)--\}|\{>>(?P<comment>.*?)<<\}")
TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

#: A short report draft in the 2012 manual's structure, written for these tests. It has three
#: structure problems (``（2）员工录用`` is empty, ``六、`` is skipped, ``媒体报道`` is
#: missing), one tracked change, one comment, a table and three printed pages.
SAMPLE_DRAFT = """某某软件有限公司
2023 年度社会责任报告

目  录
一、公开陈述 .................... 1
二、单位概况 .................... 1
三、主要参数 .................... 2
四、社会责任履行情况 ............ 2
五、报告展望 .................... 3
六、社会评价 .................... 3

一、公开陈述
本公司依照指导手册编写本报告，如实反映{++2023 年++}履行社会责任的情况。{>>李四：请补充编写依据<<}
二、单位概况
1、规模与性质
本公司是一家从事软件开发的民营企业，现有员工 120 名。
2、所属类别
本公司属于企业类文明单位。
3、组织机构
| 部门 | 人数 |
| 研发部 | 80 |
| 综合部 | 40 |
- 1 -
三、主要参数
1、报告篇幅
本报告正文共 3 页。
2、报告时效与覆盖范围
本报告时间范围为 2023 年 1 月 1 日至 2023 年 12 月 31 日。
四、社会责任履行情况
1、员工责任
（1）员工教育
全年组织技术培训 12 场。
（2）员工录用
（3）权益保护
为全体员工缴纳社会保险。
（4）安全保护
开展消防演练 2 次。
2、经济与服务责任
（1）利润与经济效益
全年营业收入 5000 万元。
（2）产品与服务
新发布软件产品 3 款。
（3）对供应链伙伴的责任
按期支付供应商货款。
3、诚信责任
（1）守法诚信
无违法违规记录。
（2）诚信经营与服务
合同履约率 100%。
（3）社会诚信形象
获评守信企业。
4、社区责任
（1）救灾与慈善捐助
向社区捐赠物资一批。
（2）志愿服务
员工参加志愿服务 300 小时。
5、环保责任
（1）环境管理
建立节能管理制度。
（2）低碳节能
办公用电同比下降 5%。
（3）环保形象
开展植树活动。
- 2 -
五、报告展望
1、报告的预期绩效
（1）经济（或服务）绩效
预计 2024 年收入增长 10%。
（2）社会绩效
继续开展志愿服务。
（3）环境绩效
继续降低能耗。
2、报告展望
（1）员工的期望
员工希望有更多培训机会。
（2）供应链伙伴的期望
供应商希望长期合作。
七、社会评价
1、社会荣誉
获评区级文明单位。
2、领导关怀
区领导来公司调研。
3、公众反响
客户满意度 95 分。
- 3 -
"""


class DocxDraft:
    """A Word document assembled paragraph by paragraph."""

    def __init__(self):
        self.document = docx.Document()
        self.document.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts().set(
            qn("w:eastAsia"), "Noto Serif CJK SC"
        )
        self.numbering = self.document.part.numbering_part.element
        self._ids = iter(range(100, 10_000))

    # -- numbering -------------------------------------------------------------------
    def new_list(self, levels: list[tuple[str, str]], restarts: dict[int, int] | None = None) -> str:
        """A list definition (abstractNum) with ``levels`` = [(numFmt, lvlText)…]; returns its numId.

        ``restarts`` maps a level to its w:lvlRestart (0: never restart).
        """
        abstract_id = str(next(self._ids))
        abstract = OxmlElement("w:abstractNum", {qn("w:abstractNumId"): abstract_id})
        abstract.append(
            OxmlElement("w:multiLevelType", {qn("w:val"): "multilevel" if len(levels) > 1 else "singleLevel"})
        )
        for index, (number_format, text) in enumerate(levels):
            level = OxmlElement("w:lvl", {qn("w:ilvl"): str(index)})
            level.append(OxmlElement("w:start", {qn("w:val"): "1"}))
            level.append(OxmlElement("w:numFmt", {qn("w:val"): number_format}))
            if restarts and index in restarts:
                level.append(OxmlElement("w:lvlRestart", {qn("w:val"): str(restarts[index])}))
            level.append(OxmlElement("w:suff", {qn("w:val"): "nothing"}))
            level.append(OxmlElement("w:lvlText", {qn("w:val"): text}))
            abstract.append(level)
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # the schema wants every abstractNum before any num
        else:
            self.numbering.append(abstract)
        return self.instance(abstract_id)

    def instance(self, abstract_id: str, restart: dict[int, int] | None = None) -> str:
        """A numbering instance (w:num) of a list; ``restart`` {level: start} restarts its counters."""
        num_id = str(next(self._ids))
        num = OxmlElement("w:num", {qn("w:numId"): num_id})
        num.append(OxmlElement("w:abstractNumId", {qn("w:val"): abstract_id}))
        for level, start in (restart or {}).items():
            override = OxmlElement("w:lvlOverride", {qn("w:ilvl"): str(level)})
            override.append(OxmlElement("w:startOverride", {qn("w:val"): str(start)}))
            num.append(override)
        self.numbering.append(num)
        return num_id

    def abstract_of(self, num_id: str) -> str:
        num = next(n for n in self.numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id)
        return num.find(qn("w:abstractNumId")).get(qn("w:val"))

    def link_style(self, style_name: str, num_id: str, level: int | None) -> None:
        """Make a paragraph style carry list numbering, as Word's multilevel heading lists do."""
        _set_numbering(self.document.styles[style_name].element.get_or_add_pPr(), num_id, level)

    # -- paragraphs ------------------------------------------------------------------
    def paragraph(self, text: str = "", style: str | None = None, num: tuple[str, int] | None = None):
        """A paragraph; CriticMarkup in ``text`` becomes tracked changes and comments."""
        paragraph = self.document.add_paragraph(style=style)
        if num is not None:
            _set_numbering(paragraph._p.get_or_add_pPr(), *num)
        self._fill(paragraph, text)
        return paragraph

    def _fill(self, paragraph, text: str) -> None:
        position = 0
        for match in CRITIC.finditer(text):
            if match.start() > position:
                paragraph.add_run(text[position : match.start()])
            if match.group("ins") is not None:
                self._revision(paragraph, "w:ins", match.group("ins"))
            elif match.group("del") is not None:
                self._revision(paragraph, "w:del", match.group("del"))
            else:
                author, _, note = match.group("comment").rpartition("：")
                runs = paragraph.runs or [paragraph.add_run("")]
                self.document.add_comment(runs, text=note, author=author or AUTHOR)
            position = match.end()
        if position < len(text):
            paragraph.add_run(text[position:])

    def _revision(self, paragraph, tag: str, text: str) -> None:
        change = OxmlElement(
            tag, {qn("w:id"): str(next(self._ids)), qn("w:author"): AUTHOR, qn("w:date"): "2024-03-01T10:00:00Z"}
        )
        run = OxmlElement("w:r")
        content = OxmlElement("w:delText" if tag == "w:del" else "w:t", {qn("xml:space"): "preserve"})
        content.text = text
        run.append(content)
        change.append(run)
        paragraph._p.append(change)

    def toc_entry(self, title: str, page: str) -> None:
        """A table-of-contents line as Word's TOC field writes it: title, tab to a dotted stop, page."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(15), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        paragraph.add_run(title)
        paragraph.add_run().add_tab()
        paragraph.add_run(page)

    def text_box(self, anchor_text: str, box_text: str) -> None:
        """A paragraph anchoring a text box, written twice as Word does (DrawingML and a VML fallback)."""
        content = f"<w:txbxContent {NAMESPACES}><w:p><w:r><w:t>{box_text}</w:t></w:r></w:p></w:txbxContent>"
        run = parse_xml(
            f'<w:r {NAMESPACES}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
            f"<a:graphic><a:graphicData><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData>"
            f"</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
            f"{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
        paragraph = self.document.add_paragraph(anchor_text)
        paragraph._p.append(run)

    def in_content_control(self, text: str) -> None:
        """A paragraph inside a block content control (w:sdt), where Word puts its generated TOC."""
        sdt = parse_xml(
            f"<w:sdt {NAMESPACES}><w:sdtPr/><w:sdtContent><w:p><w:hyperlink><w:r><w:t>{text}</w:t>"
            f"</w:r></w:hyperlink></w:p></w:sdtContent></w:sdt>"
        )
        self.document.element.body.insert(len(self.document.element.body) - 1, sdt)

    def table(self, rows: list[list[str]]) -> None:
        table = self.document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for cells, row in zip(rows, table.rows):
            for text, cell in zip(cells, row.cells):
                cell.text = text

    def page_break(self) -> None:
        self.document.add_page_break()

    def header(self, text: str) -> None:
        self.document.sections[0].header.paragraphs[0].text = text

    def footer_page_number(self) -> None:
        """A footer showing the page number through a PAGE field, as real reports do."""
        paragraph = self.document.sections[0].footer.paragraphs[0]
        for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
            run = paragraph.add_run()
            if kind:
                run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
            elif instruction:
                code = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
                code.text = instruction
                run._r.append(code)
            else:
                run.text = "1"

    def resolve_comments(self) -> None:
        """Mark every comment "resolved", as Word 2013+ records it (commentsExtended.xml)."""
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        comments = next(
            rel.target_part for rel in self.document.part.rels.values() if rel.reltype.endswith("/comments")
        ).element
        entries = []
        for index, comment in enumerate(comments.iter(qn("w:comment"))):
            para_id = f"{0x10000000 + index:08X}"
            list(comment.iter(qn("w:p")))[-1].set(f"{{{W14}}}paraId", para_id)
            entries.append(f'<w15:commentEx w15:paraId="{para_id}" w15:done="1"/>')
        xml = f'<w15:commentsEx xmlns:w15="{W15}">{"".join(entries)}</w15:commentsEx>'
        part = Part(
            PackURI("/word/commentsExtended.xml"), COMMENTS_EXTENDED_TYPE, xml.encode(), self.document.part.package
        )
        self.document.part.relate_to(part, RT_COMMENTS_EXTENDED)

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        return path


def _set_numbering(ppr, num_id: str, level: int | None) -> None:
    num_pr = ppr.get_or_add_numPr()
    if level is not None:
        num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = int(num_id)


def accepted_text(draft: str) -> str:
    """The draft as a .txt would read: insertions kept, deletions and comments dropped."""
    return CRITIC.sub(lambda m: m.group("ins") or "", draft)


def text_to_docx(text: str) -> DocxDraft:
    """A Word version of a text draft, with the numbers Word can generate generated by Word."""
    raw_lines = XML_INVALID.sub("", text.replace("\f", "")).split("\n")
    plain = [Line(CRITIC.sub("", line), index + 1) for index, line in enumerate(raw_lines)]
    _, markers, _ = split_pages([line.text for line in plain])
    _, toc_lines = parse_toc(plain)
    draft = DocxDraft()
    lists = _Lists(draft)
    table: list[list[str]] = []
    last_text = max((n for n, line in enumerate(raw_lines, start=1) if line.strip() and n not in markers), default=0)
    for number, line in enumerate(raw_lines, start=1):
        row = TABLE_ROW.match(line)
        if row:
            table.append([cell.strip() for cell in row.group(1).split("|")])
            continue
        if table:
            draft.table(table)
            table = []
        toc = TOC_LINE.match(plain[number - 1].text.strip()) if number in toc_lines else None
        if number in markers:
            if draft.document.paragraphs and number < last_text:  # a page number ends its page
                draft.page_break()
        elif not line.strip():
            continue
        elif toc:
            draft.toc_entry(toc.group("title"), toc.group("page"))
        else:
            lists.add(line)
    if table:
        draft.table(table)
    return draft


class _Lists:
    """Turns typed numbers into Word numbering: one list per number pattern, restarted when the text restarts."""

    def __init__(self, draft: DocxDraft):
        self.draft = draft
        self.current: dict[tuple[str, str], tuple[str, int]] = {}  # pattern → (numId, last ordinal)

    def add(self, line: str) -> None:
        text = line.strip()
        found = _word_number(text)
        if found is None:
            self.draft.paragraph(line)
            return
        style, level_text, ordinal, rest = found
        key = (style, level_text)
        if key in self.current and self.current[key][1] + 1 == ordinal:
            num_id = self.current[key][0]
        elif key in self.current:
            num_id = self.draft.instance(self.draft.abstract_of(self.current[key][0]), restart={0: ordinal})
        else:
            num_id = self.draft.new_list([(WORD_FORMATS[style], level_text)])
            if ordinal != 1:
                num_id = self.draft.instance(self.draft.abstract_of(num_id), restart={0: ordinal})
        self.current[key] = (num_id, ordinal)
        self.draft.paragraph(rest, style=HEADING_STYLES.get(style), num=(num_id, 0))


def _word_number(text: str) -> tuple[str, str, int, str] | None:
    """(style, lvlText, ordinal, text after the number) when Word could have generated the number."""
    for style, pattern in NUMBER_STYLES:
        match = pattern.match(text)
        if not match:
            continue
        if style not in WORD_FORMATS:
            return None
        raw = match.group(1)
        ordinal = _ordinal(style, raw)
        if ordinal is None:
            return None
        number = match.group(0).rstrip()
        level_text = number[: match.start(1)] + "%1" + number[match.end(1) :]
        return style, level_text, ordinal, text[len(number) :]
    return None


def _ordinal(style: str, raw: str) -> int | None:
    """The counter value behind ``raw``, if Word would print it exactly so."""
    if WORD_FORMATS[style] == "decimal":
        return int(raw) if str(int(raw)) == raw and int(raw) > 0 else None
    if WORD_FORMATS[style] == "decimalEnclosedCircle":
        return CIRCLED.index(raw) + 1
    try:
        value = int(cn2an.cn2an(raw, "strict"))
    except ValueError:
        return None
    return value if value > 0 and cn2an.an2cn(value, "low") == raw else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drafts", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    for path in args.drafts:
        target = args.output / f"{path.stem}.docx"
        text_to_docx(path.read_text(encoding="utf-8")).save(target)
        print(target)


if __name__ == "__main__":
    main()
