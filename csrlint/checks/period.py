"""Family ``period``: a report on a year must speak of that year, and of all of it.

Drafts are written in November, before the year is over (``预计完成全年目标``,
``截至 10 月``), or start from last year's text (``2022 年，…``). The report year, stated
period, publication month and every date come from the document's timeline
(``csrlint.timeline``, shared with the figure checks); this module reads each date in the
light of the chapter it stands in: the profile says which chapters look back (review),
forward (outlook), list honours or list events, so that a 2024 plan in 展望 is fine and a
2024 date in 员工教育 is not. Phrases are data, in ``rules/period.yaml``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated

from .. import rulefiles, timeline
from ..dates import Mention
from ..document import InputError, Line
from ..findings import Finding, Place, Rule, Severity
from ..timed import TimedPattern
from ..timeline import SENTENCE_BREAKS, Timeline, only_date
from ..timeline import patterns as load_patterns  # noqa: F401 - the name tests and older code use
from ..validation import Check
from . import Context, Options

FAMILY = "period"

#: The start of a 2023 report: title, cover date, a chapter looking back (examples below add to it).
OPENING = "示例公司2023年度社会责任报告\n2024 年 3 月\n一、公开陈述\n本报告时间范围为 2023 年 1 月 1 日至 2023 年 12 月 31 日。\n"

YEAR_MISMATCH = Rule(
    code="CSR401",
    name="year-mismatch",
    family=FAMILY,
    severity=Severity.ERROR,
    summary="报告年度前后不一致",
    explanation="标题（封面）、页眉、报告时效和 --year 给出的报告年度应当一致；不一致时通常是沿用了往年的模板。",
    examples=[
        OPENING.replace("至 2023 年 12 月 31 日", "至 2022 年 12 月 31 日").replace("2023 年 1 月", "2022 年 1 月")
    ],
    counterexamples=[OPENING],
)
PERIOD_INCOMPLETE = Rule(
    code="CSR402",
    name="period-incomplete",
    family=FAMILY,
    severity=Severity.ERROR,
    summary="报告时效未覆盖报告年度全年",
    explanation="年度报告的时效应从 1 月 1 日到 12 月 31 日；截止日期早于年底说明报告写于年内，数据不是全年的。",
    examples=[OPENING.replace("2023 年 12 月 31 日", "2023 年 10 月 31 日")],
    counterexamples=[OPENING],
)
PUBLISHED_EARLY = Rule(
    code="CSR403",
    name="published-before-period-end",
    family=FAMILY,
    severity=Severity.ERROR,
    summary="发布日期早于报告期结束",
    explanation="封面上的发布日期（如“2024 年 8 月”）不应早于报告期结束的月份。",
    examples=[OPENING.replace("2024 年 3 月", "2023 年 11 月")],
    counterexamples=[OPENING],
)
FORECAST = Rule(
    code="CSR404",
    name="forecast-in-review",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="回顾性章节中出现预计数",
    explanation="报告年度结束后，回顾性章节（公开陈述、基本情况、主要内容、社会评价等）应给出实际完成数，"
    "“预计完成全年目标”“有望完成”之类说明这段文字写于年内。展望章节中的预计不受此限。",
    examples=[OPENING + "二、主要内容\n利润与经济效益：预计完成全年目标。\n"],
    counterexamples=[
        OPENING + "二、主要内容\n利润与经济效益：完成全年目标。\n三、预期与展望\n2024 年预计完成营业收入 2 亿元。\n"
    ],
)
PARTIAL_YEAR = Rule(
    code="CSR405",
    name="partial-year-data",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="使用了不满一年的数据",
    explanation="年度报告中的数据应为全年数据；“截至 10 月”“1-9 月”“前三季度”说明数据截止于年内，需更新为全年数。",
    examples=[
        OPENING + "二、主要内容\n截至 10 月，共开展志愿服务 35 次。\n",
        OPENING + "二、主要内容\n前三季度共开展志愿服务 35 次。\n",
    ],
    counterexamples=[OPENING + "二、主要内容\n截至 12 月底，共开展志愿服务 35 次。\n"],
)
DATE_AFTER = Rule(
    code="CSR406",
    name="date-after-period",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="回顾性章节中出现报告期之后的日期",
    explanation="回顾报告年度的章节中，报告期结束之后的日期（如 2023 年度报告员工教育中的“2024 年 3 月”）"
    "不属于本年度；计划、展望类句子和封面发布日期除外。",
    examples=[OPENING + "二、主要内容\n2024 年 3 月，组织全体员工参加安全培训。\n"],
    counterexamples=[OPENING + "二、主要内容\n计划于 2024 年 3 月组织全体员工参加安全培训。\n"],
)
HONOUR_AFTER = Rule(
    code="CSR407",
    name="honour-after-period",
    family=FAMILY,
    severity=Severity.INFO,
    summary="荣誉的日期在报告期之后",
    explanation="社会荣誉中颁奖日期在报告期之后的奖项，常常是本年度工作获得的、次年颁发的荣誉，可以保留；"
    "提示核对它是否属于本年度。",
    examples=[OPENING + "二、社会荣誉\n2024 年 1 月，获评区级文明单位。\n"],
    counterexamples=[OPENING + "二、社会荣誉\n2023 年 11 月，获评区级文明单位。\n"],
)
PREVIOUS_YEAR = Rule(
    code="CSR408",
    name="previous-year-text",
    family=FAMILY,
    severity=Severity.INFO,
    summary="句子以上一年度为主题",
    explanation="回顾性章节中以上一年度开头的句子（2023 年度报告中的“2022 年，……”）可能是沿用去年报告的文字；"
    "历史沿革有时是必要的，故只作提示。",
    examples=[OPENING + "二、主要内容\n2022 年，组织员工开展技能竞赛 3 场。\n"],
    counterexamples=[OPENING + "二、主要内容\n2022 年以来，组织员工开展技能竞赛 3 场。\n"],
)
YEAR_ON_YEAR = Rule(
    code="CSR409",
    name="year-on-year-base",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="同比的基期年份不对",
    explanation="“同比”比较的是上一年；写明的基期年份应是所述年份的前一年。",
    examples=[OPENING + "二、主要内容\n2023 年收入同比 2021 年增长 9%。\n"],
    counterexamples=[OPENING + "二、主要内容\n2023 年收入同比 2022 年增长 9%。\n"],
)
CARRIED_OVER = Rule(
    code="CSR411",
    name="carried-over-event",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="叙述的是其他年度的事件",
    explanation="报告把只属于某一年的事件当作本年度的事来叙述（2023 年度报告中的“圆满完成第五届进博会保障”“组织员工"
    "参加核酸检测”“由于疫情暂停活动”、春节写成上一年的日期），多半是沿用往年报告的文字。日历在 "
    "rules/calendar.yaml；回顾历史（从第一届到第六届、连续六届、成立于）、计划和引号中的名称不在此列。",
    examples=[OPENING + "二、主要内容\n今年由于疫情原因，支部暂停了送温暖活动。\n"],
    counterexamples=[OPENING + "二、主要内容\n本单位自 2018 年起连续六届参与进博会保障工作。\n"],
)
EVENT_OUTSIDE = Rule(
    code="CSR410",
    name="event-outside-period",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="领导关怀、媒体报道条目不在报告期内",
    explanation="领导关怀、媒体报道列出的是报告年度内的事件；日期在报告期之前或之后的条目多半是沿用或误列。",
    examples=[OPENING + "二、媒体报道\n2022 年 12 月 26 日，新民晚报报道本单位志愿服务。\n"],
    counterexamples=[OPENING + "二、媒体报道\n2023 年 12 月 26 日，新民晚报报道本单位志愿服务。\n"],
)

RULES = [
    YEAR_MISMATCH,
    PERIOD_INCOMPLETE,
    PUBLISHED_EARLY,
    FORECAST,
    PARTIAL_YEAR,
    DATE_AFTER,
    HONOUR_AFTER,
    PREVIOUS_YEAR,
    YEAR_ON_YEAR,
    EVENT_OUTSIDE,
    CARRIED_OVER,
]

CLAUSE_BREAKS = "，,。！？!?；;\n"
OPEN_QUOTES, CLOSE_QUOTES = "《“「『", "》”」』"
EXCERPT_WIDTH = 60


def rules(rule_dirs=()) -> list[Rule]:
    return RULES


@dataclass(frozen=True)
class Dated:
    """A phrase of ``rules/calendar.yaml`` that belongs to certain years only."""

    name: str
    pattern: re.Pattern
    first: int | None  # an event's year, or a period's first year
    last: int | None
    series_start: int | None = None  # a numbered series: edition N in series_start + N - 1

    def year_of(self, match: re.Match) -> int | None:
        if self.series_start is None:
            return self.last
        from ..structure import cn_ordinal

        ordinal = cn_ordinal(match.group("ordinal"))
        return None if ordinal is None else self.series_start + ordinal - 1


@dataclass(frozen=True)
class Calendar:
    """``rules/calendar.yaml``, compiled: events, periods, festival dates by year."""

    dated: tuple[Dated, ...]
    festivals: dict[str, dict[int, tuple[int, int]]]
    festival_names: re.Pattern | None
    history: re.Pattern


@dataclass
class CalendarEvent:
    """An event of one year (``year``), or edition N of a series held yearly since ``first_year``."""

    __pydantic_config__ = {"extra": "forbid"}

    name: str
    pattern: str
    year: int | None = None
    first_year: int | None = None


@dataclass
class CalendarPeriod:
    """Phrases of a span of years (新冠疫情防控: 2020–2022)."""

    __pydantic_config__ = {"extra": "forbid"}

    name: str
    first: int
    last: int
    pattern: str


@dataclass
class CalendarFile:
    """``rules/calendar.yaml`` as written (a user's file replaces its top-level keys)."""

    __pydantic_config__ = {"extra": "forbid"}

    events: list[CalendarEvent] = field(default_factory=list)
    periods: list[CalendarPeriod] = field(default_factory=list)
    #: festival → year → ``MM-DD``
    festivals: dict[str, dict[int, Annotated[str, Check(pattern=r"^\d{1,2}-\d{1,2}$")]]] = field(default_factory=dict)
    history_markers: str = "(?!)"


@cache
def load_calendar(rule_dirs: tuple[Path, ...] = ()) -> Calendar:
    """The bundled ``calendar.yaml``, each key replaced by a ``--rules`` directory's own, compiled."""
    data = rulefiles.overlay("calendar", "calendar.yaml", CalendarFile, rule_dirs)
    files = rulefiles.files("calendar.yaml", rule_dirs)
    source = str(files[-1])

    def compiled(pattern: str):
        """A user's pattern runs under a timeout (timed.py); csrlint's own is compiled by
        ``regex``, which searches a whole report for these phrases several times faster than ``re``."""
        if len(files) > 1:
            return TimedPattern(pattern, source)
        import regex

        return regex.compile(pattern)

    dated = [Dated(item.name, compiled(item.pattern), item.year, item.year, item.first_year) for item in data.events]
    dated += [Dated(item.name, compiled(item.pattern), item.first, item.last) for item in data.periods]
    history = compiled(data.history_markers)
    festivals: dict[str, dict[int, tuple[int, int]]] = {}
    for name, days in data.festivals.items():
        for year, day in days.items():
            month, day_of_month = (int(part) for part in day.split("-"))
            try:
                date(year, month, day_of_month)
            except ValueError:
                raise InputError(source, f"festivals.{name}.{year}: 日期无效 / no such date {day}") from None
            festivals.setdefault(name, {})[year] = (month, day_of_month)
    names = compiled("|".join(map(re.escape, festivals))) if festivals else None
    return Calendar(tuple(dated), festivals, names, history)


@dataclass
class Reading(Timeline):
    """The document's timeline (``csrlint.timeline``: report year, stated period, every date),
    read in the light of the chapters: which role each place plays, which sentences plan ahead."""

    context: Context | None = None
    _roles: dict[int, str | None] = field(default_factory=dict)
    _future: dict[int, bool] = field(default_factory=dict)  # by sentence start
    _date_lines: dict[int, bool] = field(default_factory=dict)  # by line number

    @classmethod
    def of(cls, context: Context) -> Reading:
        """The shared timeline's fields (the same objects, not copies) with this check's own."""
        shared = timeline.of(context)
        return cls(**{item.name: getattr(shared, item.name) for item in fields(Timeline)}, context=context)

    def role_at(self, offset: int) -> str | None:
        """The chapter role around ``offset``: the profile's, else the heading's words."""
        line = self.line_at(offset)[0].number
        if line not in self._roles:
            self._roles[line] = self._role_of_line(line)
        return self._roles[line]

    def _role_of_line(self, line: int) -> str | None:
        if line < self.cover_end:
            return "cover"
        outline = self.context.outline
        role = self.context.match.role_at(outline, line)
        if role is None:
            role = next(
                (
                    candidate
                    for heading in reversed(outline.path_at(line))
                    for candidate, words in self.patterns.heading_roles.items()
                    if any(word in heading.title for word in words)
                ),
                "review",
            )
        if role in self.patterns.roles["prospective"] and any(
            word in heading.title for heading in outline.path_at(line) for word in self.patterns.results_headings
        ):
            return "results"  # 预期与展望 · 报告的预期绩效: the year's performance, stated
        return role  # a chapter neither the profile nor its heading places is read as looking back

    def in_roles(self, offset: int, kind: str) -> bool:
        return self.role_at(offset) in self.patterns.roles[kind]

    def plan(self, offset: int) -> bool:
        """The sentence is a plan for a later period: 明年, 下一步, or a written later year."""
        start, end = self.sentence(offset)
        return bool(self.patterns.plans.search(self.text, start, end)) or any(
            m.explicit and self.year is not None and m.year > self.year for m in self.mentions_in(start, end)
        )

    def clause(self, offset: int) -> tuple[int, int]:
        """Start and end of the clause around ``offset`` (between commas or sentence ends)."""
        breaks = self.positions(CLAUSE_BREAKS)
        index = bisect.bisect_left(breaks, offset)
        start = breaks[index - 1] + 1 if index else 0
        return start, breaks[index] if index < len(breaks) else len(self.text)

    def future(self, offset: int) -> bool:
        start = self.sentence(offset)[0]
        if start not in self._future:
            sentence = self.sentence_text(offset)
            self._future[start] = any(marker.search(sentence) for marker in self.patterns.future_markers)
        return self._future[start]

    def quoted(self, offset: int) -> bool:
        """Inside 《…》 or “…”: the name of a plan, an award or a document, not a date of the text."""
        start = self.sentence(offset)[0]
        return any(
            self._count(o, start, offset) > self._count(c, start, offset) for o, c in zip(OPEN_QUOTES, CLOSE_QUOTES)
        )

    def _count(self, char: str, start: int, end: int) -> int:
        found = self.positions(char)
        return bisect.bisect_left(found, end) - bisect.bisect_left(found, start)


def read(context: Context) -> Reading:
    return context.once("period.reading", lambda: Reading.of(context))


def prepare(options: Options) -> None:
    load_calendar(tuple(options.rule_dirs))


def check(context: Context) -> Iterator[Finding]:
    reading = read(context)
    if reading.year is None:
        return
    yield from _year_mismatch(reading)
    yield from _period_incomplete(reading)
    yield from _published_early(reading)
    yield from _forecasts(reading)
    yield from _partial_year(reading)
    yield from _dates_after(reading)
    yield from _previous_year(reading)
    yield from _year_on_year(reading)
    yield from _events(reading)
    yield from _carried_over(reading)


# --- findings at a place -------------------------------------------------------------


def _at_offset(reading: Reading, rule: Rule, message: str, offset: int, **extra) -> Finding:
    line, column = reading.line_at(offset)
    return Finding.of(
        rule,
        message,
        line=line.number,
        column=column,
        page=line.page,
        excerpt=_excerpt(reading, offset),
        chapter=_chapter(reading, line.number),
        **extra,
    )


def _excerpt(reading: Reading, offset: int) -> str:
    """The sentence around ``offset``; a long one cut to a window that shows the date in question."""
    start, end = reading.sentence(offset)
    if end - start <= EXCERPT_WIDTH:
        return reading.text[start:end].strip()
    width = EXCERPT_WIDTH - 2  # room for the two ellipses
    begin = max(start, min(offset - width // 3, end - width))
    text = reading.text[begin : begin + width].strip()
    return ("…" if begin > start else "") + text + ("…" if begin + width < end else "")


def _at_line(reading: Reading, rule: Rule, message: str, line: Line, **extra) -> Finding:
    # a running header of a Word file stands on no paragraph (number 0): the finding has no line
    return Finding.of(
        rule,
        message,
        line=line.number or None,
        page=line.page,
        excerpt=_shorten(line.text.strip()),
        chapter=_chapter(reading, line.number),
        **extra,
    )


def _shorten(text: str) -> str:
    return text if len(text) <= EXCERPT_WIDTH else text[: EXCERPT_WIDTH - 1] + "…"


def _chapter(reading: Reading, line: int) -> str | None:
    outline = reading.context.outline
    chapter = reading.context.match.chapter_for_line(outline, line)
    if chapter is not None:
        return chapter.name
    section = outline.section_at(line)
    return section.title if section is not None else None


def _place(line: Line) -> Place:
    return Place(line.number, line.page, _shorten(line.text.strip()))


def _spell(day: date) -> str:
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


# --- the report's own facts ----------------------------------------------------------


def _year_mismatch(reading: Reading) -> Iterator[Finding]:
    """Running headers, the title and the stated period against the report year (``--year`` when
    given, else the title's, else the period's): each place that disagrees, once."""
    year = reading.year
    said_by = {"title": "报告标题是", "period": "报告时效是", "--year": "指定的 --year 是"}.get(
        reading.year_source, "报告是"
    )
    for header_year, line in reading.headers:
        if header_year != year:
            where = {"header": "页眉", "footer": "页脚"}.get(line.source, "页眉/封面")
            yield _at_line(
                reading,
                YEAR_MISMATCH,
                f"{where}写的是 {header_year} 年度，{said_by} {year} 年度",
                line,
                related=[_place(reading.title[1])] if reading.title else [],
            )
    if reading.title is not None and reading.title[0] != year:  # only --year outranks the title
        yield _at_line(
            reading,
            YEAR_MISMATCH,
            f"报告标题是 {reading.title[0]} 年度，与指定的 --year {year} 不一致",
            reading.title[1],
        )
    if reading.year_source in ("title", "--year") and reading.stated is not None and not reading.stated_covers_year():
        yield _at_offset(
            reading,
            YEAR_MISMATCH,
            f"报告时效为 {_spell(reading.stated.first_day())}至 "
            f"{_spell(reading.stated.last_day())}，与{'指定的 --year' if reading.year_source == '--year' else '报告标题的'} "
            f"{year} 年度不一致",
            reading.stated.offset,
            related=[_place(reading.title[1])] if reading.title else [],
        )


def _period_incomplete(reading: Reading) -> Iterator[Finding]:
    stated = reading.stated
    if stated is None or not reading.stated_covers_year():
        return
    first, last = date(reading.year, 1, 1), date(reading.year, 12, 31)
    if stated.first_day() > first or stated.last_day() < last:
        yield _at_offset(
            reading,
            PERIOD_INCOMPLETE,
            f"报告时效为 {_spell(stated.first_day())}至 {_spell(stated.last_day())}，"
            f"未覆盖 {reading.year} 年全年（{_spell(first)}至 {_spell(last)}）",
            stated.offset,
            suggestion=f"改为从 {_spell(first)}到 {_spell(last)}",
        )


def _published_early(reading: Reading) -> Iterator[Finding]:
    if reading.published is None:
        return
    mention, line = reading.published
    end = reading.end
    if (mention.year, mention.month) < (end.year, end.month):
        yield _at_line(
            reading,
            PUBLISHED_EARLY,
            f"封面日期 {mention.year} 年 {mention.month} 月，早于报告期结束（{_spell(end)}）",
            line,
        )


# --- the body, chapter by chapter ----------------------------------------------------


def _forecasts(reading: Reading) -> Iterator[Finding]:
    """预计可达到 / 有望实现 / 力争完成 a figure or a target, where the text states the year's results.

    That is every chapter looking back, the part of an outlook chapter that reports the
    year's performance (预期绩效), and any outlook sentence whose paragraph names the report
    year; a plan for a later period (明年, 下一步, 2024 年将) is not a forecast of this year.
    """
    reported: set[int] = set()
    patterns = reading.patterns
    for pattern in patterns.forecasts:
        for match in pattern.finditer(reading.text):
            offset = match.start()
            if not _states_results(reading, offset):
                continue
            start = reading.sentence(offset)[0]
            if start in reported or reading.plan(offset):
                continue  # already reported, or a plan for a later period
            if not patterns.forecast_object.search(reading.text, offset, reading.clause(match.end())[1]):
                continue  # 有望实现量产: a prospect, not a figure of the year
            reported.add(start)
            yield _at_offset(
                reading,
                FORECAST,
                f"回顾 {reading.year} 年度的章节中出现预计：「{match.group(0)}」，应改为实际完成数",
                offset,
            )


def _states_results(reading: Reading, offset: int) -> bool:
    if reading.in_roles(offset, "results"):
        return True
    return reading.in_roles(offset, "prospective") and reading.written_year_at(offset) == reading.year


def _partial_year(reading: Reading) -> Iterator[Finding]:
    """Figures that stop before the year ends: 截至 10 月, 1-9 月, 前三季度."""
    limit = reading.end - reading.patterns.year_end_margin
    starts = {m.start: m for m in reading.mentions}
    for match in reading.patterns.cutoff.finditer(reading.text):
        mention = starts.get(match.end())
        if (
            mention is None
            or mention.month is None
            or mention.year != reading.year
            or reading.role_at(match.start()) == "cover"
        ):
            continue
        if mention.last_day() < limit:
            yield _partial(reading, reading.text[match.start() : mention.end], match.start())
    for span in reading.ranges:
        from_january = span.start.year == reading.year and span.first_day() == date(reading.year, 1, 1)
        if (
            span == reading.stated
            or not from_january
            or span.end.month is None
            or reading.role_at(span.offset) == "cover"
        ):
            continue
        months = span.end.month - (span.start.month or 1) + 1  # 2023 年至 10 月: from January
        if span.last_day() >= limit or reading.plan(span.offset):
            continue
        if (
            months >= reading.patterns.min_range_months
            or months >= reading.patterns.short_range_months
            and _states_figure(reading, span.offset)
        ):  # 1-3 月累计接待 500 人次
            yield _partial(reading, reading.text[span.start.start : span.end.end], span.offset)
    phrases = [(pattern, False) for pattern in reading.patterns.partial_phrases]
    phrases += [(pattern, True) for pattern in reading.patterns.figure_phrases]
    for pattern, needs_figure in phrases:
        for match in pattern.finditer(reading.text):
            offset = match.start()
            if reading.year_at(offset) != reading.year or reading.role_at(offset) == "cover" or reading.plan(offset):
                continue
            if needs_figure and not _states_figure(reading, offset):
                continue  # 上半年开展安全培训: when, not how much
            yield _partial(reading, match.group(0), offset)


def _states_figure(reading: Reading, offset: int) -> bool:
    """The clause around ``offset`` states a figure (500 人次, 1.2 亿元, 95%); a phrase that is
    its clause's opening (``1-3 月，累计接待 500 人次``) is read with the next clause."""
    start, end = reading.clause(offset)
    if end - start <= 12 and end < len(reading.text) and reading.text[end] not in SENTENCE_BREAKS:
        end = reading.clause(end + 1)[1]
    return bool(reading.patterns.figure.search(reading.text, start, end))


def _partial(reading: Reading, written: str, offset: int) -> Finding:
    return _at_offset(
        reading, PARTIAL_YEAR, f"「{written}」的数据不是 {reading.year} 年全年的，年度报告应使用全年数据", offset
    )


def _dates_after(reading: Reading) -> Iterator[Finding]:
    """Dates after the period: a warning where the text looks back, a note under honours."""
    end = reading.end
    range_ends = {span.end.start for span in reading.ranges if span.first_day() is not None and span.first_day() <= end}
    reported: set[tuple[str, int]] = set()
    for mention in reading.mentions:
        if not mention.explicit or mention.first_day() <= end or mention.start in range_ends:
            continue
        sentence_start = reading.sentence(mention.start)[0]
        written = reading.text[mention.start : mention.end]
        if reading.in_roles(mention.start, "honours"):
            rule, message = HONOUR_AFTER, f"荣誉日期「{written}」在报告期（至 {_spell(end)}）之后，请确认属于本年度"
        elif reading.in_roles(mention.start, "retrospective"):
            rule, message = DATE_AFTER, f"日期「{written}」在报告期（至 {_spell(end)}）之后"
        else:
            continue
        if (rule.code, sentence_start) in reported:
            continue
        if rule is DATE_AFTER and (
            reading.future(mention.start) or reading.quoted(mention.start) or _date_only_line(reading, mention)
        ):
            continue  # a plan, the name of a plan or award, a signature date
        reported.add((rule.code, sentence_start))
        yield _at_offset(reading, rule, message, mention.start)


def _date_only_line(reading: Reading, mention: Mention) -> bool:
    """A line that is only a date: a signature or publication date, not a dated fact."""
    line = reading.line_at(mention.start)[0]
    if line.number not in reading._date_lines:  # a line of many dates is read once, not per date
        reading._date_lines[line.number] = only_date(reading.patterns, line.text) is not None
    return reading._date_lines[line.number]


def _previous_year(reading: Reading) -> Iterator[Finding]:
    """Sentences that open with last year: often last year's report, copied."""
    previous = reading.year - 1
    for index, mention in enumerate(reading.mentions):
        if not mention.explicit or mention.year != previous or not reading.in_roles(mention.start, "current"):
            continue
        start = reading.sentence(mention.start)[0]
        if index and reading.mentions[index - 1].start >= start:
            continue  # only a sentence's first date can open it (and reading each prefix is quadratic)
        if not _opens_sentence(reading, start, mention.start) or reading.patterns.since.match(
            reading.text, mention.end
        ):
            continue
        written = reading.text[mention.start : mention.end]
        yield _at_offset(
            reading,
            PREVIOUS_YEAR,
            f"句子以「{written}」开头，讲的是上一年度；{reading.year} 年度报告中请确认这不是沿用去年的文字",
            mention.start,
        )


def _opens_sentence(reading: Reading, start: int, offset: int) -> bool:
    prefix = reading.text[start:offset]
    prefix = prefix[reading.patterns.entry_lead.match(prefix).end() :]
    return reading.patterns.sentence_lead.match(prefix).end() == len(prefix)


def _year_on_year(reading: Reading) -> Iterator[Finding]:
    """同比 2021 年 in a sentence about 2023: the base of a year-on-year figure is the year before."""
    for match in reading.patterns.year_on_year.finditer(reading.text):
        if reading.role_at(match.start()) == "cover":
            continue
        written = match.group("year")
        base = int(written) + (2000 if len(written) == 2 else 0)
        subject = reading.year_at(match.start())
        if subject is not None and base != subject - 1:
            yield _at_offset(
                reading,
                YEAR_ON_YEAR,
                f"{subject} 年的同比应以 {subject - 1} 年为基期，这里写的是 {base} 年",
                match.start(),
            )


def _events(reading: Reading) -> Iterator[Finding]:
    """领导关怀 / 媒体报道 entries whose own date lies outside the report's period."""
    start, end = reading.start, reading.end
    text = reading.text
    starts = {m.start: m for m in reading.mentions}
    offset = 0
    for paragraph in text.split("\n"):
        lead = reading.patterns.entry_lead.match(paragraph).end()
        mention = starts.get(offset + lead)
        offset += len(paragraph) + 1
        if mention is None or not mention.explicit or not reading.in_roles(mention.start, "events"):
            continue
        if mention.last_day() < start or mention.first_day() > end:
            written = text[mention.start : mention.end]
            yield _at_offset(
                reading,
                EVENT_OUTSIDE,
                f"条目日期「{written}」不在报告期（{_spell(start)}至 {_spell(end)}）内",
                mention.start,
            )


def _carried_over(reading: Reading) -> Iterator[Finding]:
    """Events, pandemic phrases and festival dates of another year, narrated as the year's own."""
    calendar = load_calendar(tuple(reading.context.options.rule_dirs))
    text, reported = reading.text, set()
    for dated in calendar.dated:
        for match in dated.pattern.finditer(text):
            offset = match.start()
            year = dated.year_of(match)
            if year is None or year >= reading.year or not _narrated(reading, calendar, offset, dated, year):
                continue
            start = reading.sentence(offset)[0]
            if start in reported:
                continue
            reported.add(start)
            when = f"{year} 年" if dated.first in (None, dated.last) else f"{dated.first}–{dated.last} 年"
            yield _at_offset(
                reading,
                CARRIED_OVER,
                f"「{match.group(0)}」属于 {when}（{dated.name}），{reading.year} 年度报告中请确认这不是沿用往年的文字",
                offset,
            )
    if calendar.festival_names is not None:
        yield from _festival_dates(reading, calendar, reported)


def _narrated(reading: Reading, calendar: Calendar, offset: int, dated: Dated, year: int) -> bool:
    """Told as this year's: in a chapter on the year, not quoted, not history, not a plan, not dated otherwise."""
    if not reading.in_roles(offset, "current") or reading.quoted(offset) or reading.plan(offset):
        return False
    start, end = reading.sentence(offset)
    if calendar.history.search(reading.text, start, end):
        return False  # 从第一届进博会到第六届, 连续六届, 2021 年以来
    written = reading.written_year_at(offset)
    first = dated.first if dated.first is not None else year
    if (
        written is not None
        and written != reading.year
        or any(m.explicit and first <= m.year <= year for m in reading.mentions_in(start, end))
    ):
        return False  # 2022 年疫情封控期间…: dated, so told as that year's
    return True


def _festival_dates(reading: Reading, calendar: Calendar, reported: set[int]) -> Iterator[Finding]:
    """春节 on 2 月 1 日 in a 2023 report: the festival's date of another year."""
    for match in calendar.festival_names.finditer(reading.text):
        days = calendar.festivals[match.group(0)]
        own = days.get(reading.year)
        if own is None or not reading.in_roles(match.start(), "current"):
            continue
        start, end = reading.sentence(match.start())
        for mention in reading.mentions_in(start, end):
            day = (mention.month, mention.day)
            if mention.year != reading.year or mention.day is None or day == own or start in reported:
                continue
            other = [year for year, date_ in days.items() if date_ == day and year != reading.year]
            if other:
                reported.add(start)
                written = reading.text[mention.start : mention.end]
                yield _at_offset(
                    reading,
                    CARRIED_OVER,
                    f"「{written}」是 {other[0]} 年的{match.group(0)}；"
                    f"{reading.year} 年的{match.group(0)}是 {own[0]} 月 {own[1]} 日",
                    mention.start,
                )
