"""Family ``figure``: numbers that contradict each other or the document itself.

Every finding quotes both places: ``line`` is the later one, ``related`` the other. A number
said twice for two different things is the normal case, so a pair is compared only when
metric phrase, unit, period and kind (level, change) all agree; approximate figures
(约, 以上) are compared as intervals, and shares allow for rounding.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..document import Line
from ..findings import Finding, Place, Rule, Severity
from ..numbers import FigureRules, Quantity, Sentences, Thresholds, extract, load_rules, normalise_metric
from . import Context

FAMILY = "figure"

MISMATCH = Rule(
    "CSR301", "figure-mismatch", FAMILY, Severity.WARNING, "同一指标前后数值不一致",
    "同一指标（指标名称按同义词表归一）、同一单位、同一时期在两处给出不同数值。"
    "约数（约、超过、以上）按容差比较；同比、增长等变化量只与变化量比较，目标与计划不参与比较。",
    "“公众综合满意度 84.7 分”与后文“公众综合满意度 84.6 分”。")
PARTS = Rule(
    "CSR302", "parts-total", FAMILY, Severity.WARNING, "分项之和与总数不符",
    "“共 N 人，其中 A a 人，B b 人”中各分项之和超过总数，或分项写明是全部（其余、分别）却与总数不等；"
    "表格中“合计”列与各列之和不等。",
    "共有员工 51 名，其中专家 10 名，骨干 45 名。")
SHARE = Rule(
    "CSR303", "share-count", FAMILY, Severity.WARNING, "占比与人数不符",
    "表格的人数行与占比行、或句中“占全员 X%”与文中人数和总数算出的比例相差超过容差"
    "（默认 1 个百分点，四舍五入不算错误）。",
    "注册志愿者 141 人，占全员 62%（全员 639 人，应为 22%）。")
PAGES = Rule(
    "CSR304", "page-count", FAMILY, Severity.WARNING, "声明的报告篇幅与实际页数不符",
    "“报告篇幅共 N 页”与文档实际页数（PDF 页数、Word 分页、文本中的页码行）不一致；"
    "“正文篇幅”只在多于实际页数时提示。文档页数未知时不检查。",
    "报告篇幅共 22 页，文档实际 25 页。")
TOC_HEADING = Rule(
    "CSR305", "toc-heading", FAMILY, Severity.WARNING, "目录与正文标题不对应",
    "目录中的条目在正文中找不到对应标题，或正文的一级章节未列入目录。",
    "目录有“三、主要参数”，正文中没有该标题。")
TOC_PAGE = Rule(
    "CSR306", "toc-page", FAMILY, Severity.INFO, "目录页码与正文所在页不符",
    "文档页码已知时，目录条目的页码与标题实际所在页不一致（允许全书统一的页码偏移）。",
    "目录写“社会评价 …… 75”，该标题实际在第 77 页。")
COUNTED_LIST = Rule(
    "CSR307", "counted-list", FAMILY, Severity.WARNING, "列举的条目数与声明的数目不符",
    "“获得荣誉 10 项：”之后的编号列表或引号列表条目数与 10 不等；“A、B、C 等 2 项”列出的多于所说的。",
    "获得荣誉 10 项：1、… 8、…（只有 8 项）。")

RULES = [MISMATCH, PARTS, SHARE, PAGES, TOC_HEADING, TOC_PAGE, COUNTED_LIST]

YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年")
PREVIOUS_YEAR = re.compile(r"去年|上年|上一年")
PAGE_CLAIM = re.compile(r"(?P<body>正文)?篇幅(?:共计|共|为|约)?\s*(?P<n>\d{1,4})\s*页")
#: The label ends at a word, not inside a run of spaces: from there ``\s+`` would rescan the run.
TABLE_ROW = re.compile(r"^(?P<label>[^\d\s%][^\d%]*?)(?<!\s)\s++(?P<cells>\d[\d.,]*%?(?:\s+\d[\d.,]*%?)+)\s*$")
QUOTED = re.compile(r"“[^”]{1,40}”")


def rules(rule_dirs=()) -> list[Rule]:
    return RULES


@dataclass(frozen=True)
class Mention:
    """A quantity where it stands: flow offsets, original line and column, its sentence."""

    quantity: Quantity
    line: Line
    column: int
    sentence: str
    sentence_start: int  # flow offset: tells two mentions of one sentence from a repeated sentence
    #: Years (other than the report year) and "previous" that the sentence speaks of.
    period: frozenset
    #: After 其中 in its sentence: a part of a total, not the metric itself.
    in_list: bool
    role: str | None
    #: Line of the innermost chapter around it: a metric repeated inside one section with
    #: other values is usually a breakdown (by channel, by quarter), not a contradiction.
    section: int | None

    @property
    def place(self) -> Place:
        return Place(self.line.number, self.line.page, self.sentence)


def check(context: Context) -> Iterator[Finding]:
    figure_rules = load_rules(tuple(context.options.rule_dirs))
    limits = Thresholds.from_settings(figure_rules.thresholds, context.options.settings.get("figure", {}))
    found = mentions(context, figure_rules)
    place = context.document.place
    yield from _mismatches(found, figure_rules, limits, place)
    yield from _parts(found, figure_rules, place)
    yield from _sentence_shares(found, figure_rules, limits, place)
    yield from _tables(context, figure_rules, limits)
    yield from _page_count(context, limits)
    yield from _toc(context, figure_rules, limits)
    yield from _counted_lists(context, found, figure_rules)


def facts(context: Context) -> dict:
    claims = [int(m.group("n")) for m in PAGE_CLAIM.finditer(context.outline.flow.text)]
    return {"figure_tables": len(_table_pairs(context)),
            **({"claimed_pages": claims[0]} if claims else {})}


def mentions(context: Context, figure_rules: FigureRules) -> list[Mention]:
    flow = context.outline.flow
    if not flow.text:
        return []
    year = context.options.report_year or _likely_year(flow.text)
    sentences = _sentences(context)
    #: Per sentence start: its text, its period and where 其中 first stands in it (-1: nowhere),
    #: read once however many quantities the sentence holds.
    read: dict[int, tuple[str, frozenset, int]] = {}
    found = []
    for quantity in extract(flow.text, figure_rules):
        start, end = sentences.bounds(quantity.start)
        if start not in read:
            sentence = flow.text[start:end].strip()
            period = {int(y) for y in YEAR.findall(sentence)} - {year}
            if PREVIOUS_YEAR.search(sentence):
                period.add("previous")
            read[start] = sentence, frozenset(period), flow.text.find("其中", start, end)
        sentence, period, first_list = read[start]
        line, column = flow.locate(quantity.start)
        in_list = first_list != -1 and first_list + len("其中") <= quantity.start
        section = context.outline.section_at(line.number)
        found.append(Mention(quantity, line, column, sentence, start, period, in_list,
                             context.match.role_at(context.outline, line.number),
                             section.line if section else None))
    return found


def _sentences(context: Context) -> Sentences:
    return context.once("figure.sentences", lambda: Sentences(context.outline.flow.text))


def _likely_year(text: str) -> int | None:
    """The year a report speaks of most: its report year when the caller did not say."""
    years = Counter(int(y) for y in YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


def _excerpt(sentence: str, limit: int = 60) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _finding(rule: Rule, message: str, mention: Mention, other: Place | None, **extra) -> Finding:
    related = [Place(other.line, other.page, _excerpt(other.excerpt))] if other else []
    return Finding.of(rule, message, line=mention.line.number, column=mention.column, page=mention.line.page,
                      excerpt=_excerpt(mention.sentence), related=related, **extra)


# 1. Same metric, different value ---------------------------------------------------------

def _comparable(mention: Mention, figure_rules: FigureRules, limits: Thresholds) -> bool:
    q = mention.quantity
    metric = q.metric
    named = metric in figure_rules.synonyms or len(metric) >= limits.min_metric_length
    return (bool(q.unit) and q.high is None and q.kind != "target" and mention.role != "outlook"
            and not mention.in_list and named and len(metric) <= limits.max_metric_length
            and metric not in figure_rules.generic_metrics and not re.search(r"\d", metric))


def _bounds(q: Quantity, tolerance: float) -> tuple[float, float]:
    low, high = q.interval
    if q.approx:
        low, high = low - abs(low) * tolerance, high + abs(high) * tolerance
    return low, high


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two figures' bounds let them describe the same thing (exact ones must be equal)."""
    (a_low, a_high), (b_low, b_high) = a, b
    close = lambda x, y: math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)  # noqa: E731
    return (a_low <= b_high or close(a_low, b_high)) and (b_low <= a_high or close(b_low, a_high))


def _mismatches(found: list[Mention], figure_rules: FigureRules, limits: Thresholds,
                place) -> Iterator[Finding]:
    groups: dict[tuple, list[Mention]] = {}
    for mention in found:
        if _comparable(mention, figure_rules, limits):
            q = mention.quantity
            groups.setdefault((q.metric, q.unit, mention.period, q.kind), []).append(mention)
    for (metric, *_), members in groups.items():
        reported: set[tuple[float, float]] = set()
        # Per distinct bounds, its first mention and the first in another section: a figure
        # repeated a thousand times is compared once, not with each of its repetitions.
        firsts: dict[tuple[float, float], list[tuple[int, Mention]]] = {}
        # The same first mentions by section, in order: the earliest one that disagrees is found
        # without comparing with every distinct value (a page of distinct figures stays linear).
        by_section: dict[object, list[tuple[int, tuple[float, float], Mention]]] = {}
        for index, later in enumerate(members):
            bounds = _bounds(later.quantity, limits.approx_tolerance)
            best: tuple[int, tuple[float, float], Mention] | None = None
            for section, entries in by_section.items():  # ordered by each section's first entry
                if best is not None and entries[0][0] >= best[0]:
                    break
                if section == later.section:
                    continue
                for entry in entries:
                    if best is not None and entry[0] >= best[0]:
                        break
                    if not _overlap(entry[1], bounds):
                        best = entry
                        break
            earlier = best[2] if best else None
            slot = firsts.setdefault(bounds, [])
            if len(slot) < 2 and all(first[1].section != later.section for first in slot):
                slot.append((index, later))
                by_section.setdefault(later.section, []).append((index, bounds, later))
            if earlier is None or (earlier.quantity.value, later.quantity.value) in reported:
                continue
            reported.add((earlier.quantity.value, later.quantity.value))
            yield _finding(MISMATCH, f"「{metric}」前后不一致：{place(earlier.line.number)}为"
                                     f"「{earlier.quantity.text}」，{place(later.line.number)}为「{later.quantity.text}」",
                           later, earlier.place, suggestion="核对两处数值，统一为准确的一个")


# 2. Parts versus total -----------------------------------------------------------------

def _parts(found: list[Mention], figure_rules: FigureRules, place) -> Iterator[Finding]:
    """``共 N 人，其中 A a 人，B b 人``: parts may not exceed the whole, nor differ from it
    when they say they are all of it (其余…, 分别…)."""
    sentences: dict[int, list[Mention]] = {}
    for mention in found:
        sentences.setdefault(mention.sentence_start, []).append(mention)
    for members in sentences.values():
        sentence = members[0].sentence
        parts = [m for m in members if m.in_list and m.quantity.unit and m.quantity.kind == "level"]
        totals = [m for m in members if not m.in_list and m.quantity.kind == "level"]
        if len(parts) < 2 or not totals:
            continue
        total = next((m for m in reversed(totals) if m.quantity.unit == parts[0].quantity.unit), None)
        same_unit = [m for m in parts if m.quantity.unit == parts[0].quantity.unit]
        if total is None or len(same_unit) < 2 or any(m.quantity.approx or total.quantity.approx for m in same_unit):
            continue
        value = sum(m.quantity.value for m in same_unit)
        whole = total.quantity.value
        complete = "分别" in sentence or any(m.quantity.metric.startswith(tuple(figure_rules.remainder_words))
                                              for m in same_unit)
        if value > whole + 1e-9 or complete and not math.isclose(value, whole):
            listed = "＋".join(_number(m.quantity) for m in same_unit)
            relation = "超过" if value > whole else "不等于"
            yield _finding(PARTS, f"分项之和 {listed} = {_number_value(value)}，{relation}{place(total.line.number)}的"
                                  f"总数「{total.quantity.text}」", same_unit[-1], total.place)


def _number(q: Quantity) -> str:
    return _number_value(q.value)


def _number_value(value: float) -> str:
    return f"{value:g}" if value < 1e6 else f"{value:,.0f}"


# 3. Percentages versus counts ----------------------------------------------------------

def _sentence_shares(found: list[Mention], figure_rules: FigureRules, limits: Thresholds,
                     place) -> Iterator[Finding]:
    """``141 人…占全员 62%``: some count of the sentence must give the share of the stated total.

    Counts are indexed by metric and by sentence first: comparing every share with every
    mention is quadratic on a page of shares."""
    people = [m for m in found if _counts_people(m, figure_rules)]
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    candidates: dict[str, list[Mention]] = defaultdict(list)  # possible totals, by metric
    for m in people:
        by_sentence[m.sentence_start].append(m)
        if not m.in_list and not m.quantity.approx:
            candidates[m.quantity.metric].append(m)
    values = {metric: Counter(m.quantity.value for m in ms) for metric, ms in candidates.items()}
    for share in found:
        q = share.quantity
        if q.unit != "%" or not q.metric.startswith("占"):
            continue
        base = normalise_metric(q.metric.lstrip("占").removeprefix("到"), figure_rules)
        if not base or base in figure_rules.generic_metrics or base.startswith("比"):
            continue
        own = Counter(m.quantity.value for m in by_sentence[share.sentence_start] if m.quantity.metric == base
                      and not m.in_list and not m.quantity.approx)
        stated = values.get(base, Counter())
        if len(stated) > len(own) + 1 or len([v for v, n in stated.items() if n > own[v]]) != 1:
            continue  # no total stated, or several: nothing certain to compare with
        total = next(m for m in candidates[base] if m.sentence_start != share.sentence_start)
        counts = [m for m in by_sentence[share.sentence_start] if m.quantity.start < q.start]
        if not counts:
            continue
        low, high = q.interval
        ratios = [100 * m.quantity.value / total.quantity.value for m in counts]
        if any(low - limits.share_tolerance <= r <= high + limits.share_tolerance for r in ratios):
            continue
        worked = "、".join(f"{_number(m.quantity)} 人占 {r:.1f}%" for m, r in zip(counts, ratios))
        yield _finding(SHARE, f"占{base}「{q.text}」与人数不符：按{place(total.line.number)}{base}总数「{total.quantity.text}」，"
                              f"本句 {worked}", share, total.place)


def _counts_people(mention: Mention, figure_rules: FigureRules) -> bool:
    q = mention.quantity
    return q.unit in {figure_rules.canonical_unit(u) for u in figure_rules.person_units} \
        and q.kind == "level" and q.high is None and q.value > 0


@dataclass(frozen=True)
class Row:
    line: Line
    label: str
    cells: list[str]

    @property
    def values(self) -> list[float]:
        return [float(cell.rstrip("%").replace(",", "")) for cell in self.cells]

    @property
    def is_share(self) -> bool:
        return all(cell.endswith("%") for cell in self.cells)


def _rows(context: Context) -> list[tuple[Row | None, Line]]:
    """Each non-blank body line, with its parsed table row when it is one."""
    rows = []
    for line in context.outline.body:
        text = line.text.strip().translate(str.maketrans("％", "%"))
        if not text:
            continue
        match = TABLE_ROW.match(text)
        rows.append((Row(line, match.group("label"), match.group("cells").split()) if match else None, line))
    return rows


def _table_pairs(context: Context) -> list[tuple[Row, Row, list[str]]]:
    return context.once("figure.table_pairs", lambda: _find_table_pairs(context))


def _find_table_pairs(context: Context) -> list[tuple[Row, Row, list[str]]]:
    """(count row, share row, header cells) of flattened tables: a row of counts, then of shares."""
    rows = _rows(context)
    pairs = []
    for index in range(1, len(rows) - 1):
        (counts, _), (shares, _) = rows[index], rows[index + 1]
        if counts is None or shares is None or counts.is_share or not shares.is_share \
                or len(counts.cells) != len(shares.cells) or any("%" in c for c in counts.cells):
            continue
        pairs.append((counts, shares, _header(rows[index - 1][1], counts)))
    return pairs


def _header(line: Line, row: Row) -> list[str]:
    """The column names above ``row``: one per cell, after an optional name for the label column."""
    cells = line.text.split()
    if len(cells) == len(row.cells) + 1:
        cells = cells[1:]
    return cells if len(cells) == len(row.cells) else []


def _tables(context: Context, figure_rules: FigureRules, limits: Thresholds) -> Iterator[Finding]:
    for counts, shares, header in _table_pairs(context):
        values, percents = counts.values, shares.values
        if header and header[-1] in figure_rules.total_labels:
            values, percents, header = values[:-1], percents[:-1], header[:-1]
        total = sum(values)
        if not total:
            continue
        names = header or [f"第 {i + 1} 列" for i in range(len(values))]
        expected = [100 * v / total for v in values]
        partition = abs(sum(percents) - 100) <= max(1.0, 0.5 * len(percents))
        if partition:
            wrong = [(n, v, p, e) for n, v, p, e in zip(names, values, percents, expected)
                     if abs(p - e) > limits.share_tolerance]
            if wrong:
                detail = "；".join(f"「{n}」{v:g} / {total:g} = {e:.1f}%，表中为 {p:g}%" for n, v, p, e in wrong)
                yield _row_finding(shares, counts, f"占比与人数不符：{detail}")
        elif not _proportional(values, percents, limits.share_tolerance):
            yield _row_finding(shares, counts, f"占比之和为 {sum(percents):g}%，且与人数 "
                                               f"{'、'.join(f'{v:g}' for v in values)} 不成比例")
    for row, _ in _rows(context):
        yield from _total_column(row, context, figure_rules)


def _proportional(values: list[float], percents: list[float], tolerance: float) -> bool:
    """Shares of some other base (not summing to 100 %) are fine if one base explains them all."""
    if not all(values) or not all(percents):
        return False
    base = sum(values) * 100 / sum(percents)
    return all(abs(100 * v / base - p) <= tolerance for v, p in zip(values, percents))


def _row_finding(row: Row, other: Row, message: str) -> Finding:
    return Finding.of(SHARE, message + f"（人数见第 {other.line.number} 行）", line=row.line.number,
                      page=row.line.page, excerpt=row.line.text.strip(),
                      related=[Place(other.line.number, other.line.page, other.line.text.strip())])


def _total_column(row: Row | None, context: Context, figure_rules: FigureRules) -> Iterator[Finding]:
    """A row whose header ends in 合计: the last cell must be the sum of the others."""
    if row is None or row.is_share:
        return
    body = context.outline.body
    index = body.index(row.line)
    header = next((line for line in reversed(body[:index]) if line.text.strip()), None)
    cells = _header(header, row) if header else []
    if not cells or cells[-1] not in figure_rules.total_labels:
        return
    *parts, total = row.values
    if not math.isclose(sum(parts), total, abs_tol=0.01):
        yield Finding.of(PARTS, f"「{row.label}」各列之和 {sum(parts):g} 不等于「{cells[-1]}」{total:g}",
                         line=row.line.number, page=row.line.page, excerpt=row.line.text.strip(),
                         related=[Place(header.number, header.page, header.text.strip())])


# 4. Claimed page count -----------------------------------------------------------------

def _page_count(context: Context, limits: Thresholds) -> Iterator[Finding]:
    actual = context.document.page_count
    if actual is None:
        return
    flow = context.outline.flow
    for match in PAGE_CLAIM.finditer(flow.text):
        claimed = int(match.group("n"))
        too_many = claimed > actual + limits.page_tolerance
        wrong = too_many if match.group("body") else abs(claimed - actual) > limits.page_tolerance
        if wrong:
            line, column = flow.locate(match.start("n"))
            yield Finding.of(PAGES, f"声明篇幅 {claimed} 页，文档实际 {actual} 页", line=line.number,
                             column=column, page=line.page, excerpt=match.group(0),
                             related=[Place(context.document.lines[-1].number if context.document.lines else None,
                                            actual, f"文档最后一页：第 {actual} 页")])


# 5. Table of contents ------------------------------------------------------------------

def _toc(context: Context, figure_rules: FigureRules, limits: Thresholds) -> Iterator[Finding]:
    from rapidfuzz import fuzz

    outline = context.outline
    if not outline.toc:
        return
    headings = outline.chapters
    used: set[int] = set()
    pairs = []
    for entry in outline.toc:
        if entry.key in figure_rules.toc_without_heading:
            continue
        heading = next((h for h in headings if h.line not in used and fuzz.ratio(h.key, entry.key) >= limits.toc_similarity), None)
        if heading is None:
            yield Finding.of(TOC_HEADING, f"目录条目「{entry.number}{entry.title}」在正文中找不到对应标题",
                             line=entry.line, excerpt=f"{entry.number}{entry.title}")
            continue
        used.add(heading.line)
        pairs.append((entry, heading))
    listed = {entry.key for entry in outline.toc}
    for heading in outline.roots:
        if heading.is_item or heading.line in used:
            continue
        if not any(fuzz.ratio(heading.key, key) >= limits.toc_similarity for key in listed):
            first = outline.toc[0]
            yield Finding.of(TOC_HEADING, f"一级章节「{heading.label}」未列入目录（目录在第 {first.line} 行）",
                             line=heading.line, page=heading.page, excerpt=heading.label,
                             related=[Place(first.line, None, f"{first.number}{first.title}")])
    yield from _toc_pages(context, pairs)


def _toc_pages(context: Context, pairs) -> Iterator[Finding]:
    """Compare printed pages only when the document knows every page, allowing one constant offset."""
    if context.document.page_count is None:
        return
    known = [(entry, heading) for entry, heading in pairs if heading.page is not None]
    if not known:
        return
    offset = Counter(entry.printed_page - heading.page for entry, heading in known).most_common(1)[0][0]
    for entry, heading in known:
        if entry.printed_page - heading.page != offset:
            yield Finding.of(TOC_PAGE, f"目录中「{entry.title}」为第 {entry.printed_page} 页，"
                                       f"正文标题在第 {heading.page + offset} 页",
                             line=heading.line, page=heading.page, excerpt=heading.label,
                             related=[Place(entry.line, None, f"{entry.number}{entry.title} … {entry.printed_page}")])


# 6. Counted lists ----------------------------------------------------------------------

def _counted_lists(context: Context, found: list[Mention], figure_rules: FigureRules) -> Iterator[Finding]:
    text = context.outline.flow.text
    for mention in found:
        q = mention.quantity
        if q.unit not in figure_rules.list_units or q.approx or q.high is not None or q.kind != "level":
            continue
        rest = text[q.end:q.end + 16]
        colon = re.match(r"[^，。；！？\n：:]{0,12}[：:]", rest)
        if colon:
            after = q.end + colon.end()
            listed, where = _list_after(context, text, after, mention)
        else:
            listed, where = _quoted_before(text, q, _sentences(context)), None
            if listed is not None and listed <= q.value:
                continue  # 等 N 项 after fewer names: the list is an excerpt
        if listed is None or listed == q.value:
            continue
        yield _finding(COUNTED_LIST, f"声明「{q.text}」，实际列出 {listed} 项", mention, where)


def _list_after(context: Context, text: str, offset: int, mention: Mention) -> tuple[int | None, Place | None]:
    """Items after ``…10 项：``: quoted names in the same sentence, or a numbered list below."""
    end = _sentences(context).bounds(offset)[1]
    inline = text[offset:end].strip()
    if inline:
        names = QUOTED.findall(inline)
        bare = QUOTED.sub("", inline).strip("、，,；;。 等")
        if len(names) >= 2 and not re.sub(r"[、，,；;\s]", "", bare):
            return len(names), None
        return None, None
    headings = context.outline.headings  # indexed lookups: a page of counted lists stays linear
    start = context.outline.first_heading_after(mention.line.number)
    if start == len(headings) or headings[start].ordinal != 1:
        return None, None
    first = headings[start]
    if context.outline.has_text_between(mention.line.number, first.line):
        return None, None  # text between the claim and the list: not its list
    count = 0
    for heading in (headings[index] for index in range(start, len(headings))):
        if heading.style == first.style and heading.parent is first.parent:
            if heading.ordinal != count + 1:
                break
            count += 1
            last = heading
        elif heading.level <= first.level:
            break
    return count, Place(last.line, last.page, last.label[:40])


#: Characters before ``等 N 项`` searched for the names it counts (fifty quoted names and more).
MAX_LIST_LEAD = 2000


def _quoted_before(text: str, q: Quantity, sentences: Sentences) -> int | None:
    """``“A”、“B”、“C”等 3 项``: the names listed just before the count."""
    if "等" not in text[max(0, q.start - 8):q.start]:
        return None  # the names end with 等 right before the count; most counts have none
    start = max(sentences.start(q.start), q.start - MAX_LIST_LEAD)  # a text with no full stop is one "sentence"
    lead = text[start:q.start]
    match = re.search(r"((?:“[^”]{1,40}”[、和及与]?)+)\s*等\s*(?:共|在内)?\s*$", lead)
    return len(QUOTED.findall(match.group(1))) if match else None
