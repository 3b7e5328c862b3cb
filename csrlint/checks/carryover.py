"""Family ``carryover``: what last year's report left in this year's draft.

Units write this year's report by editing last year's, and what survives unedited is the fault
nobody sees: a sentence that still tells last year's story, a figure with last year's value, a
chapter dropped on the way, last year's period on the cover. With ``--previous`` the draft is
compared with last year's report. Sentences are compared by a hash of their normalised text
(one dictionary look-up each), so two 100-page reports compare in linear time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from .. import rulefiles, timeline
from ..dates import find_dates
from ..findings import Finding, Place, Rule, Severity
from ..numbers import load_rules
from ..validation import KEBAB_CASE_KEYS
from . import PREVIOUS_REPORT_MARK, Context, Options, figure

FAMILY = "carryover"
#: Checks only with ``--previous``: the summary shows its column when it found something.
ON_DEMAND = True

#: Rule examples: last year's report of an invented unit, and this year's draft made from it.
LAST = """上海恒安电梯工程有限公司
2022 年度社会责任报告
一、公开陈述
2022 年，本公司认真履行社会责任。本报告时间范围为 2022 年 1 月 1 日到 2022 年 12 月 31 日。
二、基本情况
（一）单位概况
本公司共有员工 326 人。
（二）所属类别
本单位属于制造业。
三、主要内容
（一）员工教育
今年受疫情影响，技能竞赛暂停举办。
（二）志愿服务
全年开展志愿服务 36 次。
（三）特种设备安全
每季度开展一次应急救援演练。
四、预期与展望
继续开展便民服务。
五、社会评价
（一）社会荣誉
获评区级文明单位。
（二）媒体报道
区融媒体中心报道本单位志愿服务。
"""
THIS = (
    LAST.replace("2022 年", "2023 年")
    .replace("员工 326 人", "员工 340 人")
    .replace("36 次", "41 次")
    .replace("今年受疫情影响，技能竞赛暂停举办。", "技能竞赛恢复线下举办，参赛 120 人。")
)


def _pair(draft: str, last: str = LAST) -> str:
    return last + PREVIOUS_REPORT_MARK + draft


NOT_PREVIOUS = Rule(
    code="CSR500",
    name="previous-report",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="上年报告不是上一年度的，或找不到",
    explanation="用 --previous 比较时，上年报告的报告年度应是本报告年度减一；不是时提示（比较照常进行）。"
    "给出的是目录时，按单位名称（文件名去掉年份后）配对，找不到对应报告时也提示。",
    examples=[_pair(THIS, LAST.replace("2022 年", "2021 年"))],
    counterexamples=[_pair(THIS)],
)
COPIED_SENTENCE = Rule(
    code="CSR501",
    name="copied-sentence",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="与上年报告相同、含年度内容的句子",
    explanation="句子与上年报告中的一句完全相同（忽略空格、标点和 PDF 换行），且含有数字、上年及以后的日期，"
    "或“今年”“本年度”“目前”等随年度变化的词：很可能是沿用上年文字而未更新。"
    "不含这些内容的相同段落（单位使命、发展历史）不报告。",
    examples=[
        _pair(THIS.replace("技能竞赛恢复线下举办，参赛 120 人。", "今年受疫情影响，技能竞赛暂停举办。")),
        _pair(THIS.replace("41 次", "36 次")),
    ],
    counterexamples=[
        _pair(THIS),
        _pair(
            THIS.replace("获评区级文明单位", "本单位始建于 1998 年"),
            LAST.replace("获评区级文明单位", "本单位始建于 1998 年"),
        ),
    ],
)
STALE_FIGURE = Rule(
    code="CSR502",
    name="figure-not-updated",
    family=FAMILY,
    severity=Severity.INFO,
    summary="逐年变化的指标与上年数值相同",
    explanation="营业收入、员工人数、满意度、志愿服务时长、捐款等逐年变化的指标（rules/carryover.yaml 的 "
    "yearly-metrics），本年与上年数值完全相同：请确认已更新。数值不同是正常情况。",
    examples=[_pair(THIS.replace("本公司共有员工 340 人。", "本公司共有员工 326 人，队伍稳定。"))],
    counterexamples=[
        _pair(THIS),
        _pair(THIS.replace("本公司共有员工 340 人。", "本公司共有员工 340 人，较上年 326 人有所增加。")),
    ],
)
CHAPTER_DROPPED = Rule(
    code="CSR503",
    name="chapter-dropped",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="上年报告有、本年草稿没有的章节",
    explanation="上年报告中的章节在本年草稿中找不到（按标题和相似度比较）：即使指南不要求，也可能是编辑时遗漏。"
    "指南要求的章节缺失由 CSR101 报告，此处不重复。",
    examples=[_pair(THIS.replace("（三）特种设备安全\n每季度开展一次应急救援演练。\n", ""))],
    counterexamples=[_pair(THIS), _pair(THIS.replace("（三）特种设备安全", "（三）特种设备安全管理"))],
)
CHAPTER_ADDED = Rule(
    code="CSR504",
    name="chapter-added",
    family=FAMILY,
    severity=Severity.INFO,
    summary="本年新增的章节",
    explanation="本年草稿中出现了上年报告没有的章节，供核对。",
    examples=[_pair(THIS.replace("四、预期与展望", "（四）数字化维保平台\n上线电梯物联网监测平台。\n四、预期与展望"))],
    counterexamples=[_pair(THIS)],
)
YEAR_NOT_ROLLED = Rule(
    code="CSR505",
    name="year-not-rolled-over",
    family=FAMILY,
    severity=Severity.ERROR,
    summary="标题、页眉、报告时效或封面仍是上年的",
    explanation="草稿的标题、页眉、报告时效或封面日期与上年报告的完全相同：年度没有更新。",
    examples=[
        _pair(THIS.replace("2023 年 1 月 1 日到 2023 年 12 月 31 日", "2022 年 1 月 1 日到 2022 年 12 月 31 日"))
    ],
    counterexamples=[_pair(THIS)],
)

RULES = [NOT_PREVIOUS, COPIED_SENTENCE, STALE_FIGURE, CHAPTER_DROPPED, CHAPTER_ADDED, YEAR_NOT_ROLLED]

SENTENCE = re.compile(r"[^。！？!?；;\n]+")
#: What a file name says besides the unit: years, 年度, the kind of document.
NAME_NOISE = re.compile(r"(?:19|20)\d{2}|年度|年|社会责任报告|社会责任|报告|草稿|定稿|终稿|修订|[\W_\d]+")
EXCERPT_WIDTH = 60
#: A figure written in digits (一位乘客, 每一次 are words, not figures).
DIGIT = re.compile(r"[0-9０-９]")


def rules(rule_dirs=()) -> list[Rule]:
    return RULES


@dataclass(frozen=True)
class CarryoverRules:
    """``rules/carryover.yaml``."""

    __pydantic_config__ = KEBAB_CASE_KEYS

    year_bound_words: list[str]
    yearly_metrics: list[str]
    heading_depth: int = 3
    renamed_similarity: float = 80
    min_sentence_length: int = 10

    @cached_property
    def yearly_pattern(self) -> re.Pattern:
        return re.compile("|".join(map(re.escape, self.yearly_metrics)) or r"(?!)")


@cache
def load_carryover_rules(rule_dirs: tuple[Path, ...] = ()) -> CarryoverRules:
    """The bundled ``carryover.yaml``; one in a ``--rules`` directory replaces its keys."""
    return rulefiles.overlay("carryover", "carryover.yaml", CarryoverRules, rule_dirs)


def normalise(text: str) -> str:
    """The words of a sentence: no spaces, no punctuation, full-width forms folded."""
    return _not_words().sub("", unicodedata.normalize("NFKC", text))


@cache
def _not_words():
    """Punctuation, spaces and control characters: what two copies of a sentence may differ in
    (``regex``, for its Unicode categories; compiled when a comparison is asked for)."""
    import regex

    return regex.compile(r"[\p{P}\p{Z}\p{C}\s]+")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body and its normalised words, the key two reports are compared by."""

    text: str
    key: str
    start: int  # offset in the flow text, as figure mentions give their sentence's
    line: int
    column: int
    page: int | None


def sentences(context: Context) -> list[Sentence]:
    """Every sentence of the body (PDF wraps undone), with where it starts."""
    flow = context.outline.flow
    found = []
    for match in SENTENCE.finditer(flow.text):
        text = match.group().strip()
        key = normalise(text)
        if not key:
            continue
        line, column = flow.locate(match.start() + len(match.group()) - len(match.group().lstrip()))
        found.append(Sentence(text, key, match.start(), line.number, column, line.page))
    return found


def prepare(options: Options) -> None:
    if options.previous is not None:
        load_carryover_rules(tuple(options.rule_dirs))


def check(context: Context) -> Iterator[Finding]:
    target = context.options.previous
    if target is None or context.analyse is None:
        return
    path = _previous_path(context, target)
    if path is None and target.is_dir():
        yield Finding.of(
            NOT_PREVIOUS, f"在 {target} 中找不到与本报告同一单位的上年报告（按文件名配对），未作比较", line=1
        )
        return
    if path is None:
        return  # the draft itself
    previous = context.analyse(path)
    settings = load_carryover_rules(tuple(context.options.rule_dirs))
    this_year = _reading(context).year
    last_year = _reading(previous).year
    yield from _not_previous_year(context, previous, this_year, last_year)
    rolled = list(_year_not_rolled(context, previous))
    yield from rolled
    reported_lines = {finding.line for finding in rolled}
    yield from _copied_sentences(context, previous, settings, last_year, reported_lines)
    yield from _stale_figures(context, previous, settings)
    yield from _chapters(context, previous, settings)


def facts(context: Context) -> dict:
    target = context.options.previous
    path = _previous_path(context, target) if target is not None and context.analyse is not None else None
    if path is None:
        return {}
    return {"previous": {"path": str(path), "report_year": _reading(context.analyse(path)).year}}


def _previous_path(context: Context, target: Path) -> Path | None:
    """``--previous`` itself, or the report in that directory that names the same unit."""
    if not target.is_dir():
        return None if Path(context.document.path).resolve() == target.resolve() else target

    def find() -> Path | None:
        from ..files import collect

        return pair(Path(context.document.path), target, collect([target]))

    return context.once("carryover.previous", find)


def _reading(context: Context) -> timeline.Timeline:
    return timeline.of(context)


def _place(previous: Context, line: int, page: int | None, excerpt: str) -> Place:
    return Place(line, page, _shorten(excerpt), path=previous.document.path)


def _where(previous: Context, line: int) -> str:
    return f"上年报告 {Path(previous.document.path).name} {previous.document.place(line)}"


def _shorten(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EXCERPT_WIDTH else text[: EXCERPT_WIDTH - 1] + "…"


def _not_previous_year(context: Context, previous: Context, this_year, last_year) -> Iterator[Finding]:
    if this_year is None or last_year is None or last_year == this_year - 1:
        return
    yield Finding.of(
        NOT_PREVIOUS,
        f"上年报告 {Path(previous.document.path).name} 是 {last_year} 年度的，"
        f"不是本报告（{this_year} 年度）的上一年度；比较照常进行",
        line=1,
        related=[_place(previous, 1, None, "")],
    )


def _year_not_rolled(context: Context, previous: Context) -> Iterator[Finding]:
    """Title, running headers, stated period and cover date that equal last year's."""
    now, then = _reading(context), _reading(previous)
    if now.year is None or then.year is None or now.year == then.year:
        return  # the same year twice: CSR500 says so, and every line would match
    for label, mine, theirs in _dated_facts(now, then):
        if mine is None or theirs is None or mine[0] != theirs[0]:
            continue
        line = mine[1]
        yield Finding.of(
            YEAR_NOT_ROLLED,
            f"{label}「{_shorten(line.text)}」与上年报告相同（{_where(previous, theirs[1].number)}），年度未更新",
            line=line.number,
            column=1,
            page=line.page,
            excerpt=_shorten(line.text),
            related=[_place(previous, theirs[1].number, theirs[1].page, theirs[1].text)],
        )


def _dated_facts(now: timeline.Timeline, then: timeline.Timeline):
    """(label, (value, line) this year, (value, line) last year) for each dated fact."""

    def title(reading):
        return (reading.title[0], reading.title[1]) if reading.title else None

    def stated(reading):
        if reading.stated is None:
            return None
        line = reading.line_at(reading.stated.offset)[0]
        return (reading.stated.first_day(), reading.stated.last_day()), line

    def published(reading):
        if reading.published is None:
            return None
        mention, line = reading.published
        return (mention.year, mention.month), line

    yield "标题", _same_year_only(title(now), then.year), title(then)
    headers = [(year, line) for year, line in now.headers if year == then.year]
    previous_header = then.title
    for header in headers:
        yield "页眉", header, previous_header
    yield "报告时效", stated(now), stated(then)
    yield "封面日期", published(now), published(then)


def _same_year_only(item, year):
    return item if item is not None and item[0] == year else None


def _earlier_sentences(previous: Context) -> dict[str, Sentence]:
    """Last year's sentences by their normalised text (the first of each)."""

    def build() -> dict[str, Sentence]:
        earlier: dict[str, Sentence] = {}
        for sentence in sentences(previous):
            earlier.setdefault(sentence.key, sentence)
        return earlier

    return previous.once("carryover.sentences", build)


def _copied_sentences(
    context: Context, previous: Context, settings: CarryoverRules, last_year: int | None, skip_lines: set[int]
) -> Iterator[Finding]:
    earlier = _earlier_sentences(previous)
    headings = {heading.line for heading in context.outline.headings}
    figures: dict[int, str] = {}  # the first figure written in digits, by its sentence's start
    for mention in _mentions(context):
        if mention.quantity.unit and DIGIT.search(mention.quantity.text):
            figures.setdefault(mention.sentence_start, mention.quantity.text.strip())
    for sentence in sentences(context):
        if len(sentence.key) < settings.min_sentence_length or sentence.line in skip_lines:
            continue
        twin = earlier.get(sentence.key)
        if twin is None or sentence.line in headings:
            continue
        why = _year_bound(sentence, settings, figures, last_year)
        if why is None:
            continue
        yield Finding.of(
            COPIED_SENTENCE,
            f"与{_where(previous, twin.line)}的句子相同，且含{why}：请确认已按本年度更新",
            line=sentence.line,
            column=sentence.column,
            page=sentence.page,
            excerpt=_shorten(sentence.text),
            related=[_place(previous, twin.line, twin.page, twin.text)],
        )


def _year_bound(
    sentence: Sentence, settings: CarryoverRules, figures: dict[int, str], last_year: int | None
) -> str | None:
    """Why a sentence belongs to the year it was written in, or None (a mission, a history)."""
    text = sentence.text
    word = next((word for word in settings.year_bound_words if word in text), None)
    if word:
        return f"“{word}”"
    if sentence.start in figures:
        return f"数字“{figures[sentence.start]}”"
    for mention in find_dates(text):
        if mention.relative:
            continue  # 全年, 年内: the period a figure covers, not a date that ages
        if mention.year is None or last_year is None or mention.year >= last_year:
            return f"日期“{text[mention.start : mention.end]}”"
    return None


def _stale_figures(context: Context, previous: Context, settings: CarryoverRules) -> Iterator[Finding]:
    """Figures of yearly metrics with last year's value, in sentences that were edited (a
    sentence copied whole is CSR501's, or had nothing year-bound in it)."""
    copied = _earlier_sentences(previous)
    earlier: dict[tuple[str, str, float], figure.Mention] = {}
    last_year, this_year = _reading(previous).year, _reading(context).year
    for mention in _mentions(previous):
        if _yearly(mention, settings, last_year):
            earlier.setdefault(_figure_key(mention), mention)
    reported: set[tuple] = set()
    keys: dict[int, str] = {}  # normalised sentence by its start: thousands of figures share a few sentences
    for mention in _mentions(context):
        key = _figure_key(mention)
        if key in reported or not _yearly(mention, settings, this_year):
            continue
        if mention.sentence_start not in keys:
            keys[mention.sentence_start] = normalise(mention.sentence)
        if keys[mention.sentence_start] in copied:
            continue
        twin = earlier.get(key)
        if twin is None:
            continue
        reported.add(key)
        quantity = mention.quantity.text.strip()
        yield Finding.of(
            STALE_FIGURE,
            f"「{mention.quantity.metric}」{quantity}与{_where(previous, twin.line.number)}"
            "的数值相同：逐年变化的指标，请确认已更新",
            line=mention.line.number,
            column=mention.column,
            page=mention.line.page,
            excerpt=_shorten(mention.sentence),
            related=[_place(previous, twin.line.number, twin.line.page, twin.sentence)],
        )


def _mentions(context: Context) -> list[figure.Mention]:
    """Every figure of a document, as the figure family reads them (computed once for both)."""
    figure_rules = load_rules(tuple(context.options.rule_dirs))
    return context.once("figure.mentions", lambda: figure.mentions(context, figure_rules))


def _yearly(mention: figure.Mention, settings: CarryoverRules, year: int | None) -> bool:
    """A level of its report's year of a yearly metric: not a target, a change, or a figure of
    the year before (``较 2022 年``, ``去年``); a founding year in the sentence does not matter."""
    quantity = mention.quantity
    recent = {"previous", *(range(year - 1, year + 2) if year else ())}
    return (
        quantity.kind == "level"
        and not recent & mention.period
        and bool(quantity.metric)
        and bool(DIGIT.search(quantity.text))
        and bool(settings.yearly_pattern.search(quantity.metric))
    )


def _figure_key(mention: figure.Mention) -> tuple[str, str, float]:
    quantity = mention.quantity
    return quantity.metric, quantity.unit, quantity.value


def _chapters(context: Context, previous: Context, settings: CarryoverRules) -> Iterator[Finding]:
    """Chapters of last year's report that this year's lacks (and new ones), by title."""
    from rapidfuzz import fuzz, process

    mine = [h for h in context.outline.chapters if h.level <= settings.heading_depth]
    theirs = [h for h in previous.outline.chapters if h.level <= settings.heading_depth]
    mine_keys = [_heading_key(h) for h in mine]
    theirs_keys = [_heading_key(h) for h in theirs]

    def kept(key: str, keys: list[str]) -> bool:
        if not keys or not key:
            return True
        if key in keys:
            return True
        best = process.extractOne(key, keys, scorer=fuzz.ratio)
        return best is not None and best[1] >= settings.renamed_similarity

    missing_required = {m.chapter.name for m in context.match.matches if m.heading is None}
    known_mine = set(mine_keys)
    dropped = [h for h, key in zip(theirs, theirs_keys) if key not in known_mine and not kept(key, mine_keys)]
    dropped_set = {id(h) for h in dropped}
    for heading in dropped:
        if any(id(parent) in dropped_set for parent in heading.ancestors()):
            continue  # the parent is reported
        chapter = previous.match.chapter_for_line(previous.outline, heading.line)
        if chapter is not None and chapter.name in missing_required and _matched_heading(previous, chapter) is heading:
            continue  # a required chapter: CSR101 reports it
        line, after = _insertion_place(context, previous, heading, mine, mine_keys)
        where = f"，应位于「{after}」之后" if after else ""
        yield Finding.of(
            CHAPTER_DROPPED,
            f"上年报告的章节「{heading.label}」（{_where(previous, heading.line)}）在本年草稿中找不到{where}",
            line=line,
            column=1,
            excerpt=heading.label,
            related=[_place(previous, heading.line, heading.page, heading.label)],
        )
    known_theirs = set(theirs_keys)
    added = [h for h, key in zip(mine, mine_keys) if key not in known_theirs and not kept(key, theirs_keys)]
    added_set = {id(h) for h in added}
    for heading in added:
        if any(id(parent) in added_set for parent in heading.ancestors()):
            continue
        yield Finding.of(
            CHAPTER_ADDED,
            f"本年新增章节「{heading.label}」（上年报告中没有）",
            line=heading.line,
            column=1,
            page=heading.page,
            excerpt=heading.label,
        )


def _heading_key(heading) -> str:
    """A title as compared across years: the year in it does not count (2022年工作回顾 = 2023年工作回顾)."""
    return re.sub(r"(?:19|20)\d{2}\s*年?度?", "", heading.key)


def _matched_heading(context: Context, chapter):
    for match in context.match.matches:
        if match.chapter is chapter:
            return match.heading
    return None


def _insertion_place(context: Context, previous: Context, heading, mine, mine_keys) -> tuple[int, str | None]:
    """Where the dropped chapter would stand this year: after this year's copy of the heading
    that preceded it last year."""
    siblings = heading.parent.children if heading.parent else [h for h in previous.outline.chapters if h.parent is None]
    index = siblings.index(heading) if heading in siblings else 0
    for before in reversed(siblings[:index]):
        key = _heading_key(before)
        if key in mine_keys:
            found = mine[mine_keys.index(key)]
            return found.end_line or found.line, found.label
    return 1, None


def pair(draft: Path, directory: Path, candidates: list[Path]) -> Path | None:
    """Last year's report in ``directory`` for ``draft``: the file whose name, years and words such
    as 社会责任报告 removed, names the same unit (exactly, else the most similar at ≥ 80)."""
    from rapidfuzz import fuzz, process

    def unit(path: Path) -> str:
        return NAME_NOISE.sub("", path.stem)

    mine = unit(draft)
    others = [path for path in candidates if path.resolve() != draft.resolve()]
    exact = [path for path in others if unit(path) == mine]
    if exact:
        return exact[0]
    names = [unit(path) for path in others]
    best = process.extractOne(mine, names, scorer=fuzz.ratio) if mine and names else None
    return others[best[2]] if best is not None and best[1] >= 80 else None
