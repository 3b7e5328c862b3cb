"""Family ``period``: a report on a year must speak of that year, and of all of it.

Drafts are written in November, before the year is over (``预计完成全年目标``,
``截至 10 月``), or start from last year's text (``2022 年，…``). The check first
establishes the report year (title, else stated period, else ``--year``), the stated
period and the publication month, then reads every date of the body in the light of the
chapter it stands in: the profile says which chapters look back (review), forward
(outlook), list honours or list events, so that a 2024 plan in 展望 is fine and a 2024
date in 员工教育 is not. Phrases are data, in ``rules/period.yaml``.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from ..dates import Mention, Range, find_dates, find_ranges, with_year
from ..document import Line
from ..findings import Finding, Place, Rule, Severity
from ..document import InputError
from ..profiles import bundled_rules_dir, load_yaml
from . import Context

FAMILY = "period"

YEAR_MISMATCH = Rule(
    "CSR401", "year-mismatch", FAMILY, Severity.ERROR, "报告年度前后不一致",
    "标题（封面）、页眉、报告时效和 --year 给出的报告年度应当一致；不一致时通常是沿用了往年的模板。",
    "标题为“2023 年度社会责任报告”，报告时效却写“从 2022 年 1 月 1 日到 2022 年 12 月 31 日”。")
PERIOD_INCOMPLETE = Rule(
    "CSR402", "period-incomplete", FAMILY, Severity.ERROR, "报告时效未覆盖报告年度全年",
    "年度报告的时效应从 1 月 1 日到 12 月 31 日；截止日期早于年底说明报告写于年内，数据不是全年的。",
    "本报告从 2023 年 1 月 1 日到 2023 年 10 月 31 日。")
PUBLISHED_EARLY = Rule(
    "CSR403", "published-before-period-end", FAMILY, Severity.ERROR, "发布日期早于报告期结束",
    "封面上的发布日期（如“2024 年 8 月”）不应早于报告期结束的月份。",
    "2023 年度报告的封面写着“2023 年 11 月”。")
FORECAST = Rule(
    "CSR404", "forecast-in-review", FAMILY, Severity.WARNING, "回顾性章节中出现预计数",
    "报告年度结束后，回顾性章节（公开陈述、基本情况、主要内容、社会评价等）应给出实际完成数，"
    "“预计完成全年目标”“有望完成”之类说明这段文字写于年内。展望章节中的预计不受此限。",
    "利润与经济效益：预计完成全年目标。")
PARTIAL_YEAR = Rule(
    "CSR405", "partial-year-data", FAMILY, Severity.WARNING, "使用了不满一年的数据",
    "年度报告中的数据应为全年数据；“截至 10 月”“1-9 月”“前三季度”说明数据截止于年内，需更新为全年数。",
    "截至 10 月，共开展志愿服务 35 次。")
DATE_AFTER = Rule(
    "CSR406", "date-after-period", FAMILY, Severity.WARNING, "回顾性章节中出现报告期之后的日期",
    "回顾报告年度的章节中，报告期结束之后的日期（如 2023 年度报告员工教育中的“2024 年 3 月”）"
    "不属于本年度；计划、展望类句子和封面发布日期除外。",
    "2024 年 3 月，组织全体员工参加安全培训。")
HONOUR_AFTER = Rule(
    "CSR407", "honour-after-period", FAMILY, Severity.INFO, "荣誉的日期在报告期之后",
    "社会荣誉中颁奖日期在报告期之后的奖项，常常是本年度工作获得的、次年颁发的荣誉，可以保留；"
    "提示核对它是否属于本年度。",
    "社会荣誉（2023 年度）：……颁奖时间为 2024 年 1 月。")
PREVIOUS_YEAR = Rule(
    "CSR408", "previous-year-text", FAMILY, Severity.INFO, "句子以上一年度为主题",
    "回顾性章节中以上一年度开头的句子（2023 年度报告中的“2022 年，……”）可能是沿用去年报告的文字；"
    "历史沿革有时是必要的，故只作提示。",
    "2022 年，组织员工开展技能竞赛 3 场。")
YEAR_ON_YEAR = Rule(
    "CSR409", "year-on-year-base", FAMILY, Severity.WARNING, "同比的基期年份不对",
    "“同比”比较的是上一年；写明的基期年份应是所述年份的前一年。",
    "2023 年收入同比 2021 年增长 9%。")
EVENT_OUTSIDE = Rule(
    "CSR410", "event-outside-period", FAMILY, Severity.WARNING, "领导关怀、媒体报道条目不在报告期内",
    "领导关怀、媒体报道列出的是报告年度内的事件；日期在报告期之前或之后的条目多半是沿用或误列。",
    "2023 年度报告的媒体报道：2022 年 12 月 26 日新民晚报报道……")

RULES = [YEAR_MISMATCH, PERIOD_INCOMPLETE, PUBLISHED_EARLY, FORECAST, PARTIAL_YEAR, DATE_AFTER,
         HONOUR_AFTER, PREVIOUS_YEAR, YEAR_ON_YEAR, EVENT_OUTSIDE]

SENTENCE_BREAKS = "。！？!?；;\n"
OPEN_QUOTES, CLOSE_QUOTES = "《“「『", "》”」』"
EXCERPT_WIDTH = 60


def rules(rule_dirs=()) -> list[Rule]:
    return RULES


@dataclass(frozen=True)
class Patterns:
    """``rules/period.yaml``, compiled."""

    roles: dict[str, frozenset[str]]
    heading_roles: dict[str, tuple[str, ...]]
    titles: tuple[re.Pattern, ...]
    unit_name: re.Pattern
    published_label: re.Pattern
    period_statement: re.Pattern
    forecasts: tuple[re.Pattern, ...]
    future_markers: tuple[re.Pattern, ...]
    cutoff: re.Pattern
    partial_phrases: tuple[re.Pattern, ...]
    min_range_months: int
    year_end_margin: timedelta
    entry_lead: re.Pattern
    sentence_lead: re.Pattern
    since: re.Pattern
    comparison: re.Pattern
    year_on_year: re.Pattern


@cache
def load_patterns(rule_dirs: tuple[Path, ...] = ()) -> Patterns:
    """The bundled ``period.yaml``, each key replaced by a ``--rules`` directory's own."""
    data: dict = {}
    sources: list[str] = []
    for directory in (bundled_rules_dir(), *rule_dirs):
        path = Path(directory) / "period.yaml"
        if path.is_file():
            loaded = load_yaml(path) or {}
            if not isinstance(loaded, dict):
                raise InputError(str(path), "period.yaml 应为映射 / must be a YAML mapping")
            data.update(loaded)
            sources.append(str(path))
    try:
        if len(sources) > 1:  # a user's period.yaml: its patterns run under a timeout (see timed.py)
            from ..timed import TimedPattern

            return _compile(data, lambda pattern: TimedPattern(pattern, sources[-1]))
        return _compile(data)
    except re.error as error:
        raise InputError(sources[-1], f"正则表达式无效 / invalid pattern {error.pattern!r}: {error}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InputError(sources[-1], f"period.yaml 的键或值无效 / invalid key or value: {error}") from None


def _compile(data: dict, compile=re.compile) -> Patterns:
    partial = data["partial_year"]
    return Patterns(
        roles={name: frozenset(values) for name, values in data["roles"].items()},
        heading_roles={role: tuple(words) for role, words in data["heading_roles"].items()},
        titles=tuple(compile(p) for p in data["titles"]),
        unit_name=compile(data["unit_name"]),
        published_label=compile(data["published_label"]),
        period_statement=compile(data["period_statement"]),
        forecasts=tuple(compile(p) for p in data["forecasts"]),
        future_markers=tuple(compile(p) for p in data["future_markers"]),
        cutoff=compile(partial["cutoff"]),
        partial_phrases=tuple(compile(p) for p in partial["phrases"]),
        min_range_months=int(partial["min_range_months"]),
        year_end_margin=timedelta(days=int(partial["year_end_margin_days"])),
        entry_lead=compile(data["entry_lead"]),
        sentence_lead=compile(data["sentence_lead"]),
        since=compile(data["since"]),
        comparison=compile(data["comparison"]),
        year_on_year=compile(data["year_on_year"]),
    )


@dataclass
class Reading:
    """What the document says about its time: the facts, and every date of its body."""

    context: Context
    patterns: Patterns
    title: tuple[int, Line] | None = None
    headers: list[tuple[int, Line]] = field(default_factory=list)
    stated: Range | None = None
    published: tuple[Mention, Line] | None = None
    year: int | None = None
    mentions: list[Mention] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # where each mention starts
    ranges: list[Range] = field(default_factory=list)
    cover_end: int = 0  # first line of the first chapter; lines before it are the cover
    #: Offsets of the mentions that name what their paragraph speaks of (not 同比 2022 年).
    subjects: list[int] = field(default_factory=list)
    _roles: dict[int, str | None] = field(default_factory=dict)
    _future: dict[int, bool] = field(default_factory=dict)  # by sentence start
    _date_lines: dict[int, bool] = field(default_factory=dict)  # by line number
    _positions: dict[str, array] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.context.outline.flow.text

    @property
    def start(self) -> date:
        """First day the report covers: the stated period's, at the latest 1 January."""
        first = date(self.year, 1, 1)
        return min(first, self.stated.first_day()) if self.stated_covers_year() else first

    @property
    def end(self) -> date:
        last = date(self.year, 12, 31)
        return max(last, self.stated.last_day()) if self.stated_covers_year() else last

    def stated_covers_year(self) -> bool:
        """Whether the stated period overlaps the report year (else it speaks of another year)."""
        return self.stated is not None and self.stated.first_day() <= date(self.year, 12, 31) \
            and self.stated.last_day() >= date(self.year, 1, 1)

    def line_at(self, offset: int) -> tuple[Line, int]:
        return self.context.outline.flow.locate(offset)

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
        if role is not None:
            return role
        for heading in reversed(outline.path_at(line)):
            for candidate, words in self.patterns.heading_roles.items():
                if any(word in heading.title for word in words):
                    return candidate
        return "review"  # a chapter the profile does not know is read as looking back

    def in_roles(self, offset: int, kind: str) -> bool:
        return self.role_at(offset) in self.patterns.roles[kind]

    def positions(self, chars: str) -> array:
        """Offsets of every one of ``chars`` in the text, for bisecting: searching the text
        afresh for each date would take time in the square of its length."""
        if chars not in self._positions:
            found = re.finditer(f"[{re.escape(chars)}]", self.text)
            self._positions[chars] = array("q", (match.start() for match in found))
        return self._positions[chars]

    def sentence(self, offset: int) -> tuple[int, int]:
        """Start and end (exclusive) of the sentence around ``offset``."""
        breaks = self.positions(SENTENCE_BREAKS)
        index = bisect.bisect_left(breaks, offset)
        start = breaks[index - 1] + 1 if index else 0
        return start, breaks[index] if index < len(breaks) else len(self.text)

    def sentence_text(self, offset: int) -> str:
        start, end = self.sentence(offset)
        return self.text[start:end]

    def year_at(self, offset: int) -> int | None:
        """The year a phrase speaks of: the paragraph's last written year before it, else the report's.

        The base of a comparison (``同比 2022 年``, ``较 2022 年``) is not what the text speaks of.
        """
        index = bisect.bisect_left(self.subjects, offset)
        if index:
            start = self.subjects[index - 1]
            newlines = self.positions("\n")
            if bisect.bisect_left(newlines, start) == bisect.bisect_left(newlines, offset):
                return self.mentions[bisect.bisect_left(self.offsets, start)].year
        return self.year

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return self.mentions[bisect.bisect_left(self.offsets, start):bisect.bisect_left(self.offsets, end)]

    def future(self, offset: int) -> bool:
        start = self.sentence(offset)[0]
        if start not in self._future:
            sentence = self.sentence_text(offset)
            self._future[start] = any(marker.search(sentence) for marker in self.patterns.future_markers)
        return self._future[start]

    def quoted(self, offset: int) -> bool:
        """Inside 《…》 or “…”: the name of a plan, an award or a document, not a date of the text."""
        start = self.sentence(offset)[0]
        return any(self._count(o, start, offset) > self._count(c, start, offset)
                   for o, c in zip(OPEN_QUOTES, CLOSE_QUOTES))

    def _count(self, char: str, start: int, end: int) -> int:
        found = self.positions(char)
        return bisect.bisect_left(found, end) - bisect.bisect_left(found, start)


def read(context: Context) -> Reading:
    """Establish the report year, stated period and publication date, and find every date."""
    patterns = load_patterns(tuple(context.options.rule_dirs))
    reading = Reading(context, patterns)
    chapters = context.outline.chapters
    reading.cover_end = chapters[0].line if chapters else 0
    _find_titles(reading)
    _find_published(reading)
    undated = find_dates(reading.text)
    reading.stated = _find_stated(reading, undated)
    if reading.title is not None:
        reading.year = reading.title[0]
    elif reading.stated is not None:
        reading.year = reading.stated.last_day().year
    else:
        reading.year = context.options.report_year
    reading.mentions = with_year(undated, reading.year)
    reading.offsets = [mention.start for mention in reading.mentions]
    reading.subjects = _subjects(reading)
    reading.ranges = find_ranges(reading.text, reading.year, reading.mentions)
    return reading


def _subjects(reading: Reading) -> list[int]:
    """Where each written year names its paragraph's topic: not after 同比/较, which would make
    it a comparison's base. The comparison words stand between the previous date (or the
    paragraph's start) and this one; searching from the paragraph's start for each date would
    take time in the square of the paragraph's length."""
    text, found, since = reading.text, [], 0
    for mention in reading.mentions:
        newline = text.rfind("\n", since, mention.start)
        since = newline + 1 if newline != -1 else since
        if mention.explicit and not reading.patterns.comparison.search(text, since, mention.start):
            found.append(mention.start)
        since = mention.end
    return found


def _find_titles(reading: Reading) -> None:
    """The report's title line (on the cover, else the first) and its repetitions (running headers)."""
    document = reading.context.document
    found = []
    for line in sorted([*document.lines, *document.furniture], key=lambda item: item.number):
        text = line.text.strip().strip("#*").strip()
        for pattern in reading.patterns.titles:
            match = pattern.match(text)
            if match and reading.patterns.unit_name.search(match.group("unit")):
                found.append((find_dates(match.group("year") + "年")[0].year, line))
                break
    if not found:
        return
    on_cover = [item for item in found if item[1].number < reading.cover_end]
    reading.title = (on_cover or found)[0]
    reading.headers = [item for item in found if item is not reading.title]


def _find_published(reading: Reading) -> None:
    """The last cover line that is nothing but a date: the publication month."""
    for line in reading.context.document.lines:
        if line.number >= reading.cover_end:
            break
        mention = _only_date(reading.patterns, line.text)
        if mention is not None:
            reading.published = (mention, line)


def _find_stated(reading: Reading, mentions: list[Mention]) -> Range | None:
    """The first range of months or days in a sentence about the report's period."""
    searched: set[int] = set()  # sentences without a period statement: one search each
    for span in find_ranges(reading.text, mentions=mentions):
        if span.start.month is None or span.end.month is None or not span.start.explicit:
            continue
        start = reading.sentence(span.offset)[0]
        if start in searched:
            continue
        if reading.patterns.period_statement.search(reading.sentence_text(span.offset)):
            return span
        searched.add(start)
    return None


def facts(context: Context) -> dict:
    reading = context.once("period.reading", lambda: read(context))
    period = None
    if reading.stated is not None:
        period = {"start": reading.stated.first_day().isoformat(),
                  "end": reading.stated.last_day().isoformat()}
    published = None
    if reading.published is not None:
        mention = reading.published[0]
        published = f"{mention.year:04d}-{mention.month:02d}"
    return {"report_year": reading.year, "period": period, "published": published}


def check(context: Context) -> Iterator[Finding]:
    reading = context.once("period.reading", lambda: read(context))
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


# --- findings at a place -------------------------------------------------------------

def _at_offset(reading: Reading, rule: Rule, message: str, offset: int, **extra) -> Finding:
    line, column = reading.line_at(offset)
    return Finding.of(rule, message, line=line.number, column=column, page=line.page,
                      excerpt=_excerpt(reading, offset), chapter=_chapter(reading, line.number), **extra)


def _excerpt(reading: Reading, offset: int) -> str:
    """The sentence around ``offset``; a long one cut to a window that shows the date in question."""
    start, end = reading.sentence(offset)
    if end - start <= EXCERPT_WIDTH:
        return reading.text[start:end].strip()
    width = EXCERPT_WIDTH - 2  # room for the two ellipses
    begin = max(start, min(offset - width // 3, end - width))
    text = reading.text[begin:begin + width].strip()
    return ("…" if begin > start else "") + text + ("…" if begin + width < end else "")


def _at_line(reading: Reading, rule: Rule, message: str, line: Line, **extra) -> Finding:
    return Finding.of(rule, message, line=line.number, page=line.page, excerpt=_shorten(line.text.strip()),
                      chapter=_chapter(reading, line.number), **extra)


def _shorten(text: str) -> str:
    return text if len(text) <= EXCERPT_WIDTH else text[:EXCERPT_WIDTH - 1] + "…"


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
    year = reading.year
    if reading.title is not None:
        title_line = reading.title[1]
        for header_year, line in reading.headers:
            if header_year != year:
                yield _at_line(reading, YEAR_MISMATCH, f"页眉/封面写的是 {header_year} 年度，"
                               f"报告标题是 {year} 年度", line, related=[_place(title_line)])
        if reading.stated is not None and not reading.stated_covers_year():
            yield _at_offset(reading, YEAR_MISMATCH, f"报告时效为 {_spell(reading.stated.first_day())}至 "
                             f"{_spell(reading.stated.last_day())}，与报告标题的 {year} 年度不一致",
                             reading.stated.offset, related=[_place(title_line)])
    wanted = reading.context.options.report_year
    if wanted is not None and wanted != year:
        if reading.title is not None:
            yield _at_line(reading, YEAR_MISMATCH, f"报告标题是 {year} 年度，与指定的 --year {wanted} 不一致",
                           reading.title[1])
        elif reading.stated is not None:
            yield _at_offset(reading, YEAR_MISMATCH, f"报告时效在 {year} 年，与指定的 --year {wanted} 不一致",
                             reading.stated.offset)


def _period_incomplete(reading: Reading) -> Iterator[Finding]:
    stated = reading.stated
    if stated is None or not reading.stated_covers_year():
        return
    first, last = date(reading.year, 1, 1), date(reading.year, 12, 31)
    if stated.first_day() > first or stated.last_day() < last:
        yield _at_offset(reading, PERIOD_INCOMPLETE,
                         f"报告时效为 {_spell(stated.first_day())}至 {_spell(stated.last_day())}，"
                         f"未覆盖 {reading.year} 年全年（{_spell(first)}至 {_spell(last)}）",
                         stated.offset, suggestion=f"改为从 {_spell(first)}到 {_spell(last)}")


def _published_early(reading: Reading) -> Iterator[Finding]:
    if reading.published is None:
        return
    mention, line = reading.published
    end = reading.end
    if (mention.year, mention.month) < (end.year, end.month):
        yield _at_line(reading, PUBLISHED_EARLY, f"封面日期 {mention.year} 年 {mention.month} 月，"
                       f"早于报告期结束（{_spell(end)}）", line)


# --- the body, chapter by chapter ----------------------------------------------------

def _forecasts(reading: Reading) -> Iterator[Finding]:
    """预计/有望/力争完成 about the report year, in a chapter looking back."""
    reported: set[int] = set()

    @cache
    def plans_later(start: int, end: int) -> bool:
        return any(m.explicit and m.year > reading.year for m in reading.mentions_in(start, end))

    for pattern in reading.patterns.forecasts:
        for match in pattern.finditer(reading.text):
            offset = match.start()
            if not reading.in_roles(offset, "retrospective"):
                continue
            start, end = reading.sentence(offset)
            if start in reported or plans_later(start, end):
                continue  # already reported, or a plan for a later year
            reported.add(start)
            yield _at_offset(reading, FORECAST, f"回顾 {reading.year} 年度的章节中出现预计：「{match.group(0)}」，"
                             "应改为实际完成数", offset)


def _partial_year(reading: Reading) -> Iterator[Finding]:
    """Figures that stop before the year ends: 截至 10 月, 1-9 月, 前三季度."""
    limit = reading.end - reading.patterns.year_end_margin
    starts = {m.start: m for m in reading.mentions}
    for match in reading.patterns.cutoff.finditer(reading.text):
        mention = starts.get(match.end())
        if mention is None or mention.month is None or mention.year != reading.year \
                or reading.role_at(match.start()) == "cover":
            continue
        if mention.last_day() < limit:
            yield _partial(reading, reading.text[match.start():mention.end], match.start())
    for span in reading.ranges:
        from_january = span.start.year == reading.year and span.first_day() == date(reading.year, 1, 1)
        if span == reading.stated or not from_january or span.end.month is None \
                or reading.role_at(span.offset) == "cover":
            continue
        months = span.end.month - (span.start.month or 1) + 1  # 2023 年至 10 月: from January
        if months >= reading.patterns.min_range_months and span.last_day() < limit:
            yield _partial(reading, reading.text[span.start.start:span.end.end], span.offset)
    for pattern in reading.patterns.partial_phrases:
        for match in pattern.finditer(reading.text):
            if reading.year_at(match.start()) == reading.year and reading.role_at(match.start()) != "cover":
                yield _partial(reading, match.group(0), match.start())


def _partial(reading: Reading, written: str, offset: int) -> Finding:
    return _at_offset(reading, PARTIAL_YEAR, f"「{written}」的数据不是 {reading.year} 年全年的，"
                      "年度报告应使用全年数据", offset)


def _dates_after(reading: Reading) -> Iterator[Finding]:
    """Dates after the period: a warning where the text looks back, a note under honours."""
    end = reading.end
    range_ends = {span.end.start for span in reading.ranges
                  if span.first_day() is not None and span.first_day() <= end}
    reported: set[tuple[str, int]] = set()
    for mention in reading.mentions:
        if not mention.explicit or mention.first_day() <= end or mention.start in range_ends:
            continue
        sentence_start = reading.sentence(mention.start)[0]
        written = reading.text[mention.start:mention.end]
        if reading.in_roles(mention.start, "honours"):
            rule, message = HONOUR_AFTER, f"荣誉日期「{written}」在报告期（至 {_spell(end)}）之后，请确认属于本年度"
        elif reading.in_roles(mention.start, "retrospective"):
            rule, message = DATE_AFTER, f"日期「{written}」在报告期（至 {_spell(end)}）之后"
        else:
            continue
        if (rule.code, sentence_start) in reported:
            continue
        if rule is DATE_AFTER and (reading.future(mention.start) or reading.quoted(mention.start)
                                   or _date_only_line(reading, mention)):
            continue  # a plan, the name of a plan or award, a signature date
        reported.add((rule.code, sentence_start))
        yield _at_offset(reading, rule, message, mention.start)


def _date_only_line(reading: Reading, mention: Mention) -> bool:
    """A line that is only a date: a signature or publication date, not a dated fact."""
    line = reading.line_at(mention.start)[0]
    if line.number not in reading._date_lines:  # a line of many dates is read once, not per date
        reading._date_lines[line.number] = _only_date(reading.patterns, line.text) is not None
    return reading._date_lines[line.number]


def _only_date(patterns: Patterns, text: str) -> Mention | None:
    """The date a line consists of (``2024 年 8 月``, ``发布日期：2024.08.15``), if that is all it holds."""
    text = text.strip()
    text = text[patterns.published_label.match(text).end():].strip()
    mentions = find_dates(text)
    if len(mentions) == 1 and mentions[0].explicit and mentions[0].month \
            and mentions[0].start == 0 and mentions[0].end == len(text):
        return mentions[0]
    return None


def _previous_year(reading: Reading) -> Iterator[Finding]:
    """Sentences that open with last year: often last year's report, copied."""
    previous = reading.year - 1
    for index, mention in enumerate(reading.mentions):
        if not mention.explicit or mention.year != previous or not reading.in_roles(mention.start, "current"):
            continue
        start = reading.sentence(mention.start)[0]
        if index and reading.mentions[index - 1].start >= start:
            continue  # only a sentence's first date can open it (and reading each prefix is quadratic)
        if not _opens_sentence(reading, start, mention.start) \
                or reading.patterns.since.match(reading.text, mention.end):
            continue
        written = reading.text[mention.start:mention.end]
        yield _at_offset(reading, PREVIOUS_YEAR, f"句子以「{written}」开头，讲的是上一年度；"
                         f"{reading.year} 年度报告中请确认这不是沿用去年的文字", mention.start)


def _opens_sentence(reading: Reading, start: int, offset: int) -> bool:
    prefix = reading.text[start:offset]
    prefix = prefix[reading.patterns.entry_lead.match(prefix).end():]
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
            yield _at_offset(reading, YEAR_ON_YEAR, f"{subject} 年的同比应以 {subject - 1} 年为基期，"
                             f"这里写的是 {base} 年", match.start())


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
            written = text[mention.start:mention.end]
            yield _at_offset(reading, EVENT_OUTSIDE, f"条目日期「{written}」不在报告期"
                             f"（{_spell(start)}至 {_spell(end)}）内", mention.start)
