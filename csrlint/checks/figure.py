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
from itertools import pairwise

from .. import timeline
from ..document import Cell, Line
from ..findings import Finding, Place, Rule, Severity
from ..numbers import (
    CLAUSE_END,
    FULL_WIDTH,
    FigureRules,
    Quantity,
    Sentences,
    Thresholds,
    extract,
    load_rules,
    normalise_metric,
)
from ..readers.tables import is_figure
from . import Context, Options

FAMILY = "figure"

MISMATCH = Rule(
    code="CSR301",
    name="figure-mismatch",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="同一指标前后数值不一致",
    explanation="同一指标（指标名称按同义词表归一）、同一单位、同一时期在两处给出不同数值。"
    "约数（约、超过、以上）按容差比较；同比、增长等变化量只与变化量比较，目标与计划不参与比较。",
    examples=["一、公开陈述\n本年度公众综合满意度 84.7 分。\n二、社会评价\n经第三方测评，公众综合满意度 84.6 分。\n"],
    counterexamples=[
        "一、公开陈述\n本年度公众综合满意度 84.7 分。\n二、社会评价\n经第三方测评，公众综合满意度 84.7 分。\n",
        "一、公开陈述\n报告时间范围为 2023 年 1 月 1 日至 2023 年 12 月 31 日。本年度公众综合满意度 84.7 分。\n"
        "二、社会评价\n2022 年公众综合满意度 84.6 分。\n",
    ],
    options=("approx-tolerance", "min-metric-length", "max-metric-length"),
)
PARTS = Rule(
    code="CSR302",
    name="parts-total",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="分项之和与总数不符",
    explanation="“共 N 人，其中 A a 人，B b 人”中各分项之和（或单个分项）超过总数，或分项写明是全部（其余、分别）却与总数不等；"
    "按学历、年龄、职称、性别、用工分组的人数之和（可跨句）超过员工总数；表格中“合计”列或行与各项之和不等。",
    examples=["共有员工 51 名，其中专家 10 名，骨干 45 名。"],
    counterexamples=["共有员工 51 名，其中专家 10 名，骨干 41 名。", "共有员工 51 名，其中专家 10 名，骨干 30 名。"],
)
SHARE = Rule(
    code="CSR303",
    name="share-count",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="占比与人数不符",
    explanation="表格（Word、Markdown 或文本中的表格）的人数与占比、句中“占全员 X%”、或分组人数后的“占 X%”"
    "（以其中之前的总数、员工总数或各类用工之和为基数）与算出的比例相差超过容差（默认 1 个百分点，四舍五入不算错误）。",
    examples=[
        "本单位共有全员 639 人。\n员工注册志愿者 141 人，占全员 62%。\n",
        "员工的年龄结构如下：\n 30岁以下 30-50岁 50岁以上\n人数 200 150 150\n占比 30% 40% 30%\n",
    ],
    counterexamples=[
        "本单位共有全员 639 人。\n员工注册志愿者 141 人，占全员 22%。\n",
        "员工的年龄结构如下：\n 30岁以下 30-50岁 50岁以上\n人数 200 150 150\n占比 40% 30% 30%\n",
    ],
    options=("share-tolerance",),
)
PAGES = Rule(
    code="CSR304",
    name="page-count",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="声明的报告篇幅与实际页数不符",
    explanation="“报告篇幅共 N 页”与文档实际页数（PDF 页数、Word 分页、文本中的页码行）不一致；"
    "“正文篇幅”只在多于实际页数时提示。文档页数未知时不检查。",
    examples=["本报告篇幅共 3 页。\n- 1 -\n正文内容。\n- 2 -\n"],
    counterexamples=["本报告篇幅共 2 页。\n- 1 -\n正文内容。\n- 2 -\n", "本报告篇幅共 3 页。\n正文内容。\n"],
    options=("page-tolerance",),
)
TOC_HEADING = Rule(
    code="CSR305",
    name="toc-heading",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="目录与正文标题不对应",
    explanation="目录中的条目在正文中找不到对应标题，或正文的一级章节未列入目录。",
    examples=[
        "目录\n一、公开陈述 .......... 1\n二、基本情况 .......... 1\n三、主要参数 .......... 1\n"
        "一、公开陈述\n本报告内容真实。\n二、基本情况\n本单位成立于 1998 年。\n"
    ],
    counterexamples=[
        "目录\n一、公开陈述 .......... 1\n二、基本情况 .......... 1\n"
        "一、公开陈述\n本报告内容真实。\n二、基本情况\n本单位成立于 1998 年。\n"
    ],
    options=("toc-similarity",),
)
TOC_PAGE = Rule(
    code="CSR306",
    name="toc-page",
    family=FAMILY,
    severity=Severity.INFO,
    summary="目录页码与正文所在页不符",
    explanation="文档页码已知时，目录条目的页码与标题实际所在页不一致（允许全书统一的页码偏移）。",
    examples=[
        "目录\n一、公开陈述 .......... 2\n二、基本情况 .......... 3\n三、社会评价 .......... 4\n- 1 -\n"
        "一、公开陈述\n本报告内容真实。\n- 2 -\n二、基本情况\n本单位成立于 1998 年。\n- 3 -\n正文。\n- 4 -\n"
        "三、社会评价\n获评文明单位。\n- 5 -\n"
    ],
    counterexamples=[
        "目录\n一、公开陈述 .......... 2\n二、基本情况 .......... 3\n三、社会评价 .......... 4\n- 1 -\n"
        "一、公开陈述\n本报告内容真实。\n- 2 -\n二、基本情况\n本单位成立于 1998 年。\n- 3 -\n"
        "三、社会评价\n获评文明单位。\n- 4 -\n"
    ],
)
COUNTED_LIST = Rule(
    code="CSR307",
    name="counted-list",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="列举的条目数与声明的数目不符",
    explanation="“获得荣誉 10 项：”之后的编号列表或引号列表条目数与 10 不等；“A、B、C 等 2 项”列出的多于所说的。",
    examples=["本年度获得荣誉 3 项：\n1、区级文明单位\n2、先进基层党组织\n"],
    counterexamples=[
        "本年度获得荣誉 2 项：\n1、区级文明单位\n2、先进基层党组织\n",
        "获得“文明单位”“先进集体”等 3 项荣誉。",
    ],
)
RULES = [MISMATCH, PARTS, SHARE, PAGES, TOC_HEADING, TOC_PAGE, COUNTED_LIST]
#: A shortened metric name (接通率 for 客服热线接通率) is compared from this many characters on.
SHORTEST_ABBREVIATION = 3
#: ``[tool.csrlint.figure]``: the thresholds of figures.yaml, any of them overridden.
OPTIONS = Thresholds

YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年")
#: 去年 as the time a sentence speaks of; 较上年, 比去年, 与上年相比, 上年同期 compare this year with it.
PREVIOUS_YEAR = re.compile(r"(?<![较比于与])(?:去年|上年|上一年)(?!同期)")
#: Before a year that is only the base of a comparison (同比 2022 年增长 6%): the figures are this year's.
COMPARED_WITH = re.compile(r"(?:较|比|相比|与|对比)\s*$")
PAGE_CLAIM = re.compile(r"(?P<body>正文)?篇幅(?:共计|共|为|约)?\s*(?P<n>\d{1,4})\s*页")
#: The label ends at a word, not inside a run of spaces: from there ``\s+`` would rescan the run.
#: A column or row that is a part of another (其中：党员), not one more part of the total.
SUBSET_WORDS = ("其中", "含", "包括")
QUOTED = re.compile(r"“[^”]{1,40}”")


def rules(rule_dirs=()) -> list[Rule]:
    return RULES


def prepare(options: Options) -> None:
    """``figures.yaml`` validated (its words are escaped into the number pattern, which cannot
    fail; each worker compiles it when it first reads a figure)."""
    load_rules(tuple(options.rule_dirs))


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
    #: The clause before the quantity (``本科学历``, ``30 岁以下的``): which group it counts.
    lead: str = ""
    #: Its sentence speaks of plans or later years (目标, 明年, 继续…), not of this year's results.
    forward: bool = False

    @property
    def place(self) -> Place:
        return Place(self.line.number, self.line.page, self.sentence)


def check(context: Context) -> Iterator[Finding]:
    figure_rules = load_rules(tuple(context.options.rule_dirs))
    limits = Thresholds.from_settings(figure_rules.thresholds, context.options.settings.get("figure", {}))
    found = context.once("figure.mentions", lambda: mentions(context, figure_rules))
    place = context.document.place
    yield from _mismatches(found, figure_rules, limits, place)
    yield from _parts(found, figure_rules, place)
    yield from _breakdowns(found, figure_rules, limits, place)
    yield from _sentence_shares(found, figure_rules, limits, place)
    yield from _tables(context, figure_rules, limits)
    yield from _page_count(context, limits)
    yield from _toc(context, figure_rules, limits)
    yield from _counted_lists(context, found, figure_rules)


def facts(context: Context) -> dict:
    claims = [int(m.group("n")) for m in PAGE_CLAIM.finditer(context.outline.flow.text)]
    return {"figure_tables": len(_table_pairs(context)), **({"claimed_pages": claims[0]} if claims else {})}


def mentions(context: Context, figure_rules: FigureRules) -> list[Mention]:
    flow = context.outline.flow
    if not flow.text:
        return []
    year = timeline.of(context).year  # the one report year every check uses
    sentences = _sentences(context)
    #: Per sentence start: its text, its period and where 其中 first stands in it (-1: nowhere),
    #: read once however many quantities the sentence holds.
    read: dict[int, tuple[str, frozenset, int]] = {}
    found = []
    for quantity in extract(flow.text, figure_rules):
        start, end = sentences.bounds(quantity.start)
        if start not in read:
            sentence = flow.text[start:end].strip()
            period = {
                int(match.group(1))
                for match in YEAR.finditer(sentence)
                if not COMPARED_WITH.search(sentence, max(0, match.start() - 3), match.start())
            } - {year}
            if PREVIOUS_YEAR.search(sentence):
                period.add("previous")
            forward = bool(figure_rules.future.search(sentence)) or any(
                word in sentence for word in figure_rules.target_words
            )
            read[start] = sentence, frozenset(period), _parts_start(flow.text, start, end, figure_rules), forward
        sentence, period, first_list, forward = read[start]
        line, column = flow.locate(quantity.start)
        in_list = first_list != -1 and first_list <= quantity.start
        section = context.outline.section_at(line.number)
        found.append(
            Mention(
                quantity,
                line,
                column,
                sentence,
                start,
                period,
                in_list,
                context.match.role_at(context.outline, line.number),
                section.line if section else None,
                _lead(flow.text, start, quantity.start),
                forward,
            )
        )
    return found


def _parts_start(text: str, start: int, end: int, figure_rules: FigureRules) -> int:
    """Where the parts of a total begin in a sentence (after 其中, （含…), or -1."""
    found = [at + len(word) for word in figure_rules.part_openers if (at := text.find(word, start, end)) != -1]
    return min(found, default=-1)


def _lead(text: str, floor: int, start: int, limit: int = 30) -> str:
    """The clause before ``start``: back to a clause mark, not before ``floor``, at most ``limit`` characters."""
    begin = start
    while begin > max(floor, start - limit) and text[begin - 1] not in CLAUSE_END:
        begin -= 1
    return text[begin:start]


def _sentences(context: Context) -> Sentences:
    return context.once("figure.sentences", lambda: Sentences(context.outline.flow.text))


def _excerpt(sentence: str, limit: int = 60) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _finding(rule: Rule, message: str, mention: Mention, other: Place | None, **extra) -> Finding:
    related = [Place(other.line, other.page, _excerpt(other.excerpt))] if other else []
    return Finding.of(
        rule,
        message,
        line=mention.line.number,
        column=mention.column,
        page=mention.line.page,
        excerpt=_excerpt(mention.sentence),
        related=related,
        **extra,
    )


# 1. Same metric, different value ---------------------------------------------------------


def _abbreviations_joined(
    groups: dict[tuple, list[Mention]], short: dict[tuple, list[Mention]], person_units: frozenset[str]
) -> dict[tuple, list[Mention]]:
    """A metric named in full and shortened later (``客服热线接通率`` … ``接通率``) is one metric: a
    shortened name joins the one full name it ends, when exactly one does (two full names ending
    in it, ``客服热线接通率`` and ``营业厅接通率``, leave it alone). Counts of people are left out: a
    short name there is a group of its own (``女职工`` is not short for ``三八节慰问女职工``)."""
    ending: dict[tuple, list[tuple]] = {}
    for key in groups:
        metric, rest = key[0], key[1:]
        for start in range(1, len(metric) - SHORTEST_ABBREVIATION + 1):
            ending.setdefault((metric[start:], *rest), []).append(key)
    joined = dict(groups)
    for key, members in [*groups.items(), *short.items()]:
        longer = ending.get(key)
        if key[1] in person_units:
            continue  # 女职工 120 人 is a group of its own, not short for 三八节慰问女职工
        if longer is None or len(longer) != 1 or longer[0] not in joined:
            continue
        target = longer[0]
        joined[target] = sorted([*joined[target], *members], key=lambda m: m.quantity.start)
        joined.pop(key, None)
    return joined


def _comparable(mention: Mention, figure_rules: FigureRules, limits: Thresholds, min_length: int | None = None) -> bool:
    q = mention.quantity
    metric = q.metric
    named = metric in figure_rules.synonyms or len(metric) >= (min_length or limits.min_metric_length)
    return (
        bool(q.unit)
        and q.high is None
        and q.kind != "target"
        and (mention.role != "outlook" or not mention.forward)
        and not mention.in_list
        and named
        and len(metric) <= limits.max_metric_length
        and metric not in figure_rules.generic_metrics
        and not re.search(r"\d", metric)
    )


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


def _mismatches(found: list[Mention], figure_rules: FigureRules, limits: Thresholds, place) -> Iterator[Finding]:
    groups: dict[tuple, list[Mention]] = {}
    short: dict[tuple, list[Mention]] = {}  # names too short to compare alone (接通率): abbreviations
    for mention in found:
        q = mention.quantity
        key = (q.metric, q.unit, mention.period, q.kind)
        if _comparable(mention, figure_rules, limits):
            groups.setdefault(key, []).append(mention)
        elif _comparable(mention, figure_rules, limits, SHORTEST_ABBREVIATION):
            short.setdefault(key, []).append(mention)
    people = frozenset(figure_rules.canonical_unit(unit) for unit in figure_rules.person_units)
    for (metric, *_), members in _abbreviations_joined(groups, short, people).items():
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
            yield _finding(
                MISMATCH,
                f"「{metric}」前后不一致：{place(earlier.line.number)}为"
                f"「{earlier.quantity.text}」，{place(later.line.number)}为「{later.quantity.text}」",
                later,
                earlier.place,
                suggestion="核对两处数值，统一为准确的一个",
            )


# 2. Parts versus total -----------------------------------------------------------------


def _parts(found: list[Mention], figure_rules: FigureRules, place) -> Iterator[Finding]:
    """``共 N 人，其中 A a 人，B b 人``: parts may not exceed the whole, nor differ from it
    when they say they are all of it (其余…, 分别…)."""
    sentences: dict[int, list[Mention]] = {}
    for mention in found:
        sentences.setdefault(mention.sentence_start, []).append(mention)
    before: list[Mention] = []
    for members in sentences.values():
        sentence = members[0].sentence
        # A plan's parts (计划…其中…) are held to the plan's total as the year's are to the year's.
        parts = [m for m in members if m.in_list and m.quantity.unit and m.quantity.kind != "delta"]
        totals = [m for m in members if not m.in_list and m.quantity.kind != "delta"]
        if not totals and sentence.startswith("其中"):  # 共有员工 300 人。其中…: the total ended the sentence before
            totals = [m for m in before[-1:] if m.quantity.kind != "delta" and not m.in_list]
        before = members
        if not parts or not totals or any(m.quantity.kind != totals[-1].quantity.kind for m in parts):
            continue
        total = next((m for m in reversed(totals) if m.quantity.unit == parts[0].quantity.unit), None)
        same_unit = [m for m in parts if m.quantity.unit == parts[0].quantity.unit]
        if len(same_unit) == 1:
            yield from _part_over_total(same_unit[0], totals[-1], figure_rules, place)
            continue
        if total is None or len(same_unit) < 2 or any(m.quantity.approx or total.quantity.approx for m in same_unit):
            continue
        value = sum(m.quantity.value for m in same_unit)
        whole = total.quantity.value
        complete = "分别" in sentence or any(
            m.quantity.metric.startswith(tuple(figure_rules.remainder_words)) for m in same_unit
        )
        if value > whole + 1e-9 or complete and not math.isclose(value, whole):
            listed = "＋".join(_number(m.quantity) for m in same_unit)
            relation = "超过" if value > whole else "不等于"
            yield _finding(
                PARTS,
                f"分项之和 {listed} = {_number_value(value)}，{relation}{place(total.line.number)}的"
                f"总数「{total.quantity.text}」",
                same_unit[-1],
                total.place,
            )


def _part_over_total(part: Mention, total: Mention, figure_rules: FigureRules, place) -> Iterator[Finding]:
    """``员工 1200 人，其中合同工 1500 人``: one part larger than the total just before its 其中.
    A total of another unit means 其中 opens a subset of another metric: nothing to compare."""
    p, t = part.quantity, total.quantity
    if p.unit != t.unit or p.unit in figure_rules.not_additive or p.high is not None or t.high is not None:
        return
    if p.approx not in (None, "over") or t.approx not in (None, "under"):
        return  # 约 figures may round either way; 以上 / 以下 still bound them
    if p.value > t.value + 1e-9:
        yield _finding(PARTS, f"分项「{p.text}」超过{place(total.line.number)}的总数「{t.text}」", part, total.place)


# 2b. Breakdowns of the headcount ----------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A count of people that is one group of a breakdown (学历 本科, 年龄 30 岁以下…)."""

    dimension: str
    name: str
    mention: Mention


def _groups(found: list[Mention], figure_rules: FigureRules) -> list[Group]:
    """Counts of people whose clause names exactly one group of one breakdown. A count after 其中
    in a sentence that states its own total belongs to that total (``_parts``), not to the headcount."""
    sentence_totals = {m.sentence_start for m in found if not m.in_list and _counts_people(m, figure_rules)}
    groups = []
    for mention in found:
        if (
            not _counts_people(mention, figure_rules)
            or mention.quantity.approx
            or mention.period
            or mention.forward
            or mention.in_list
            and mention.sentence_start in sentence_totals
        ):
            continue
        hits = {
            (dimension, match.group(0))
            for dimension, pattern in figure_rules.groups
            if (match := pattern.search(mention.lead))
        }
        if len(hits) != 1:
            continue
        ((dimension, name),) = hits
        if not figure_rules.group_filler.sub("", mention.lead.replace(name, "", 1)):
            groups.append(Group(dimension, re.sub(r"\s+", "", name), mention))
    return groups


def _breakdowns_by_section(groups: list[Group]) -> dict[tuple, dict[str, Group]]:
    """(section, dimension) → its groups by name; a group named twice with two values makes the
    section's breakdown ambiguous (two populations), and it is left out."""
    found: dict[tuple, dict[str, Group]] = {}
    ambiguous: set[tuple] = set()
    for group in groups:
        key = (group.mention.section, group.dimension)
        named = found.setdefault(key, {})
        if group.name in named and named[group.name].mention.quantity.value != group.mention.quantity.value:
            ambiguous.add(key)
        named.setdefault(group.name, group)
    return {key: named for key, named in found.items() if key not in ambiguous}


def _headcounts(found: list[Mention], figure_rules: FigureRules, breakdowns: dict) -> tuple[list[Mention], dict]:
    """Stated staff totals (员工 N 人, anywhere), and per section the sum of its employment groups."""
    stated = [
        m
        for m in found
        if m.quantity.metric == "员工"
        and _counts_people(m, figure_rules)
        and not m.in_list
        and not m.quantity.approx
        and not m.period
        and not m.forward
        and not any(pattern.search(m.lead) for _, pattern in figure_rules.groups)
    ]
    sums = {
        section: named
        for (section, dimension), named in breakdowns.items()
        if dimension == figure_rules.headcount_breakdown and len(named) >= 2
    }
    if len({_total_of(named) for named in sums.values()}) == 1:  # one workforce: it counts in every section
        sums[None] = next(iter(sums.values()))
    return stated, sums


def _employment(sums: dict, section: int | None) -> dict[str, Group] | None:
    """The employment groups that make up the headcount for ``section``: its own, else the document's one set."""
    return sums.get(section) or sums.get(None)


def _total_of(named: dict[str, Group]) -> float:
    return sum(group.mention.quantity.value for group in named.values())


def _breakdowns(found: list[Mention], figure_rules: FigureRules, limits: Thresholds, place) -> Iterator[Finding]:
    """Groups of one breakdown (学历, 年龄, 职称…) adding up to more than the headcount; and
    ``本科 290 人，占 75%`` against the headcount (the stated total, or the employment groups' sum)."""
    groups = _groups(found, figure_rules)
    breakdowns = _breakdowns_by_section(groups)
    stated, sums = _headcounts(found, figure_rules, breakdowns)
    for (section, dimension), named in breakdowns.items():
        members = sorted(named.values(), key=lambda group: group.mention.quantity.start)
        if len(members) < 2 or any(
            re.search(pattern, name) for name in named for pattern in figure_rules.overlapping_groups
        ):
            continue
        bases = [(m.quantity.value, m) for m in stated]
        employment = _employment(sums, section)
        if dimension != figure_rules.headcount_breakdown and employment:
            bases += [(_total_of(employment), None)]
        if not bases:
            continue
        value = sum(group.mention.quantity.value for group in members)
        base, source = max(bases, key=lambda item: item[0])
        if value > base + 1e-9:
            listed = "＋".join(_number(group.mention.quantity) for group in members)
            yield _finding(
                PARTS,
                f"按{dimension}分组之和 {listed} = {_number_value(value)}，超过"
                f"{_headcount_text(base, source, employment, place)}",
                members[-1].mention,
                source.place if source else None,
            )
    yield from _group_shares(found, groups, stated, sums, figure_rules, limits, place)


def _headcount_text(base: float, source: Mention | None, employment: dict | None, place) -> str:
    if source is not None:
        return f"{place(source.line.number)}的员工总数「{source.quantity.text}」"
    listed = "＋".join(f"{name} {_number(group.mention.quantity)}" for name, group in employment.items())
    return f"各类用工之和 {listed} = {_number_value(base)}"


def _group_shares(
    found: list[Mention],
    groups: list[Group],
    stated: list[Mention],
    sums: dict,
    figure_rules: FigureRules,
    limits: Thresholds,
    place,
) -> Iterator[Finding]:
    """``本科 290 人，占 75%``, ``其中女性 30 人，占 40%``: a share with no base named is a share of the
    total its count belongs to (the 其中 total, or the headcount)."""
    group_of = {id(group.mention): group for group in groups}
    for previous, share in pairwise(found):
        q = share.quantity
        if (
            q.unit != "%"
            or not q.metric.startswith("占")
            or q.metric.lstrip("占").removeprefix("比").strip("为达了")
            or previous.sentence_start != share.sentence_start
            or not _counts_people(previous, figure_rules)
        ):
            continue
        if previous.in_list:
            totals = [
                m
                for m in found
                if m.sentence_start == share.sentence_start
                and not m.in_list
                and m.quantity.unit == previous.quantity.unit
                and m.quantity.kind == "level"
            ]
            bases = [(m.quantity.value, m) for m in totals[-1:] if not m.quantity.approx]
        elif id(previous) in group_of:
            bases = [(m.quantity.value, m) for m in stated]
            employment = _employment(sums, previous.section)
            if employment:
                bases.append((_total_of(employment), None))
        else:
            continue
        if not bases:
            continue
        low, high = q.interval
        count = previous.quantity.value
        ratios = [(100 * count / base, base, source) for base, source in bases if base]
        if not ratios or any(low - limits.share_tolerance <= r <= high + limits.share_tolerance for r, _, _ in ratios):
            continue
        ratio, base, source = ratios[0]
        of = (
            f"{place(source.line.number)}的总数「{source.quantity.text}」"
            if source is not None
            else f"各类用工之和 {_number_value(base)}"
        )
        yield _finding(
            SHARE,
            f"「{q.text}」与人数不符：按{of}，{_number(previous.quantity)} 人占 {ratio:.1f}%",
            share,
            source.place if source else None,
        )


def _number(q: Quantity) -> str:
    return _number_value(q.value)


def _number_value(value: float) -> str:
    return f"{value:g}" if value < 1e6 else f"{value:,.0f}"


# 3. Percentages versus counts ----------------------------------------------------------


def _sentence_shares(found: list[Mention], figure_rules: FigureRules, limits: Thresholds, place) -> Iterator[Finding]:
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
        own = Counter(
            m.quantity.value
            for m in by_sentence[share.sentence_start]
            if m.quantity.metric == base and not m.in_list and not m.quantity.approx
        )
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
        yield _finding(
            SHARE,
            f"占{base}「{q.text}」与人数不符：按{place(total.line.number)}{base}总数「{total.quantity.text}」，"
            f"本句 {worked}",
            share,
            total.place,
        )


def _counts_people(mention: Mention, figure_rules: FigureRules) -> bool:
    q = mention.quantity
    return (
        q.unit in {figure_rules.canonical_unit(u) for u in figure_rules.person_units}
        and q.kind == "level"
        and q.high is None
        and q.value > 0
    )


@dataclass(frozen=True)
class Series:
    """A row (or column) of a table's figures: the label before them, the figure cells, and the
    name each figure has in the header row above it (the label column, for a column)."""

    label: str
    cells: tuple[Cell, ...]
    names: tuple[str, ...]
    header: Cell | None

    @property
    def values(self) -> list[float]:
        return [float(FULL_WIDTH(cell.text).rstrip("%").replace(",", "").strip()) for cell in self.cells]

    @property
    def is_share(self) -> bool:
        return all(FULL_WIDTH(cell.text).endswith("%") for cell in self.cells)

    @property
    def is_count(self) -> bool:
        return not any("%" in FULL_WIDTH(cell.text) for cell in self.cells)

    @property
    def text(self) -> str:
        return " ".join([self.label, *(cell.text for cell in self.cells)]).strip()


def _table_series(context: Context) -> list[list[Series]]:
    """Per table and orientation (rows, then columns), its runs of figures in order."""
    return context.once(
        "figure.table_series",
        lambda: [
            found
            for table in context.document.tables
            for grid in (table.grid(), _transposed(table.grid()))
            if (found := _series_of(grid))
        ],
    )


def _transposed(grid: list[list[Cell | None]]) -> list[list[Cell | None]]:
    return [list(column) for column in zip(*grid)]


def _series_of(grid: list[list[Cell | None]]) -> list[Series]:
    """Each grid row that is a label (optional) then two or more figures, with its header names."""
    found: list[Series] = []
    for index, row in enumerate(grid):
        slots = [
            (col, cell) for col, cell in enumerate(row) if cell is not None and (col == 0 or row[col - 1] is not cell)
        ]  # a spanned cell once
        first = next((i for i, (_, cell) in enumerate(slots) if is_figure(cell.text) and not cell.merged), None)
        if first is None:
            continue
        figures = [(col, cell) for col, cell in slots[first:] if cell.text.strip()]
        if len(figures) < 2 or not all(is_figure(cell.text) and not cell.merged for _, cell in figures):
            continue
        label = " ".join(dict.fromkeys(cell.text.strip() for _, cell in slots[:first] if cell.text.strip()))
        header = _header_above(grid, index, [col for col, _ in figures])
        names = tuple(header[col].text.strip() if header and header[col] else "" for col, _ in figures)
        anchor = next((header[col] for col, _ in figures if header and header[col]), None)
        found.append(Series(label, tuple(cell for _, cell in figures), names, anchor))
    return found


def _header_above(grid: list[list[Cell | None]], index: int, columns: list[int]) -> list[Cell | None] | None:
    """The nearest row above ``index`` that names the figures' columns (labels, no figures there)."""
    for row in reversed(grid[:index]):
        named = [row[col] for col in columns if row[col] is not None and row[col].text.strip()]
        if any(is_figure(cell.text) for cell in named):
            continue
        if len(named) == len(columns):
            return row
    return None


def _table_pairs(context: Context) -> list[tuple[Series, Series]]:
    return context.once("figure.table_pairs", lambda: _find_table_pairs(context))


def _find_table_pairs(context: Context) -> list[tuple[Series, Series]]:
    """(counts, shares): a run of counts directly followed by the shares of the same columns.
    Changes and rates (增长率, 完成率) in percent are no shares of the counts above them."""
    delta_words = load_rules(tuple(context.options.rule_dirs)).delta_words
    pairs = []
    for series in _table_series(context):
        for counts, shares in pairwise(series):
            if (
                counts.is_count
                and shares.is_share
                and counts.names == shares.names
                and len(counts.cells) == len(shares.cells)
                and _adjacent(counts, shares)
                and not shares.label.endswith("率")
                and not any(word in shares.label for word in delta_words)
            ):
                pairs.append((counts, shares))
    return pairs


def _adjacent(first: Series, second: Series) -> bool:
    """The two runs stand next to each other: consecutive rows (or columns) of their table."""
    a, b = first.cells[0], second.cells[0]
    return b.row - a.row == 1 and a.col == b.col or b.col - a.col == 1 and a.row == b.row


def _tables(context: Context, figure_rules: FigureRules, limits: Thresholds) -> Iterator[Finding]:
    for counts, shares in _table_pairs(context):
        values, percents, names = counts.values, shares.values, list(counts.names)
        cells = list(shares.cells)
        if names and names[-1] in figure_rules.total_labels:
            values, percents, names, cells = values[:-1], percents[:-1], names[:-1], cells[:-1]
        total = sum(values)
        if not total:
            continue
        names = [name or f"第 {i + 1} 列" for i, name in enumerate(names)]
        expected = [100 * v / total for v in values]
        wrong = [
            (n, v, p, e, c)
            for n, v, p, e, c in zip(names, values, percents, expected, cells)
            if abs(p - e) > limits.share_tolerance
        ]
        partition = abs(sum(percents) - 100) <= max(1.0, 0.5 * len(percents))
        # Shares of the counts' sum, all right but one or two: those are wrong, whatever the sum says.
        few = len(wrong) <= len(values) // 3 and not _proportional(values, percents, limits.share_tolerance)
        if wrong and (partition or few):
            detail = "；".join(f"「{n}」{v:g} / {total:g} = {e:.1f}%，表中为 {p:g}%" for n, v, p, e, _ in wrong)
            yield _series_finding(shares, counts, wrong[0][4], f"占比与人数不符：{detail}", context)
        elif not partition and not _proportional(values, percents, limits.share_tolerance):
            yield _series_finding(
                shares,
                counts,
                shares.cells[0],
                f"占比之和为 {sum(percents):g}%，且与人数 {'、'.join(f'{v:g}' for v in values)} 不成比例",
                context,
            )
    for series in _table_series(context):
        for run in series:
            yield from _total_column(run, figure_rules, context)


def _proportional(values: list[float], percents: list[float], tolerance: float) -> bool:
    """Shares of some other base (not summing to 100 %) are fine if one base explains them all."""
    if not all(values) or not all(percents):
        return False
    base = sum(values) * 100 / sum(percents)
    return all(abs(100 * v / base - p) <= tolerance for v, p in zip(values, percents))


def _series_finding(shares: Series, counts: Series, cell: Cell, message: str, context: Context) -> Finding:
    other = counts.cells[shares.cells.index(cell)] if cell in shares.cells else counts.cells[0]
    return Finding.of(
        SHARE,
        message + f"（人数见{context.document.place(other.line)}）",
        line=cell.line,
        page=_page(context, cell.line),
        excerpt=_excerpt(shares.text),
        related=[Place(other.line, _page(context, other.line), _excerpt(counts.text))],
    )


def _page(context: Context, number: int) -> int | None:
    """The page of location ``number`` (tables know their lines, not their pages)."""
    return context.once("figure.pages", lambda: {line.number: line.page for line in context.document.lines}).get(number)


def _total_column(series: Series, figure_rules: FigureRules, context: Context) -> Iterator[Finding]:
    """A run whose last column is named 合计: its figure must be the sum of the others
    (a 其中 column is a part of another, not one more part)."""
    if not series.is_count or not series.names or series.names[-1] not in figure_rules.total_labels:
        return
    *parts, total = series.values
    parts = [value for value, name in zip(parts, series.names) if not name.startswith(SUBSET_WORDS)]
    if not math.isclose(sum(parts), total, abs_tol=0.01):
        label = series.label or "本列"
        header = series.header
        yield Finding.of(
            PARTS,
            f"「{label}」各列之和 {sum(parts):g} 不等于「{series.names[-1]}」{total:g}",
            line=series.cells[-1].line,
            page=_page(context, series.cells[-1].line),
            excerpt=_excerpt(series.text),
            related=[Place(header.line, _page(context, header.line), header.text)] if header else [],
        )


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
            yield Finding.of(
                PAGES,
                f"声明篇幅 {claimed} 页，文档实际 {actual} 页",
                line=line.number,
                column=column,
                page=line.page,
                excerpt=match.group(0),
                related=[
                    Place(
                        context.document.lines[-1].number if context.document.lines else None,
                        actual,
                        f"文档最后一页：第 {actual} 页",
                    )
                ],
            )


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
        heading = next(
            (h for h in headings if h.line not in used and fuzz.ratio(h.key, entry.key) >= limits.toc_similarity), None
        )
        if heading is None:
            yield Finding.of(
                TOC_HEADING,
                f"目录条目「{entry.number}{entry.title}」在正文中找不到对应标题",
                line=entry.line,
                excerpt=f"{entry.number}{entry.title}",
            )
            continue
        used.add(heading.line)
        pairs.append((entry, heading))
    listed = {entry.key for entry in outline.toc}
    for heading in outline.roots:
        if heading.is_item or heading.line in used:
            continue
        if not any(fuzz.ratio(heading.key, key) >= limits.toc_similarity for key in listed):
            first = outline.toc[0]
            yield Finding.of(
                TOC_HEADING,
                f"一级章节「{heading.label}」未列入目录（目录在{context.document.place(first.line)}）",
                line=heading.line,
                page=heading.page,
                excerpt=heading.label,
                related=[Place(first.line, None, f"{first.number}{first.title}")],
            )
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
            yield Finding.of(
                TOC_PAGE,
                f"目录中「{entry.title}」为第 {entry.printed_page} 页，正文标题在第 {heading.page + offset} 页",
                line=heading.line,
                page=heading.page,
                excerpt=heading.label,
                related=[Place(entry.line, None, f"{entry.number}{entry.title} … {entry.printed_page}")],
            )


# 6. Counted lists ----------------------------------------------------------------------


def _counted_lists(context: Context, found: list[Mention], figure_rules: FigureRules) -> Iterator[Finding]:
    text = context.outline.flow.text
    for mention in found:
        q = mention.quantity
        if q.unit not in figure_rules.list_units or q.approx or q.high is not None or q.kind != "level":
            continue
        rest = text[q.end : q.end + 16]
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
    if "等" not in text[max(0, q.start - 8) : q.start]:
        return None  # the names end with 等 right before the count; most counts have none
    start = max(sentences.start(q.start), q.start - MAX_LIST_LEAD)  # a text with no full stop is one "sentence"
    lead = text[start : q.start]
    match = re.search(r"((?:“[^”]{1,40}”[、和及与]?)+)\s*等\s*(?:共|在内)?\s*$", lead)
    return len(QUOTED.findall(match.group(1))) if match else None
