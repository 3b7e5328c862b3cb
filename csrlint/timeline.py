"""The report's time, established once per document: report year, stated period, publication
date and every dated mention of the body.

Every check asks this one place (``timeline.of(context)``), so the figure checks and the period
checks can never disagree about the year. The report year is always established when the
document or the user says anything about it, and the JSON tells where it came from
(``report_year_source``):

1. ``--year`` — the user's ``--year`` / ``year =``: the user's word wins, and a title or a
   period that disagrees with it is a CSR401;
2. ``title`` — the report's title line (``…2023年度社会责任报告``), on the cover if there is one;
   a running header or footer never decides it (a stale header is a CSR401 of its own);
3. ``period`` — the stated period (``本报告从 2023 年 1 月 1 日到 2023 年 12 月 31 日``);
4. ``body`` — a sentence that names the report (``现将 2023 年度社会责任报告如下``);
5. ``dates`` — the year the body's dated sentences speak of most.

The phrases are data in ``rules/period.yaml`` (validated as :class:`PeriodFile`).
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from . import rulefiles
from .compat import compile_pattern
from .dates import Mention, Range, find_dates, find_ranges, with_year
from .document import Flow, InputError, Line

SENTENCE_BREAKS = "。！？!?；;\n"
#: Line sources that are page furniture, not the report's own text (``document.Line.source``).
FURNITURE = ("header", "footer")


@dataclass
class PartialYear:
    """``partial_year`` of ``period.yaml``: how figures that stop before the year's end are written."""

    __pydantic_config__ = {"extra": "forbid"}

    cutoff: str
    phrases: list[str]
    #: Count only when their clause states a figure (``上半年完成收入 1.2 亿元``).
    figure_phrases: list[str]
    figure: str
    min_range_months: int
    short_range_months: int
    year_end_margin_days: int


@dataclass
class PeriodFile:
    """``rules/period.yaml``: every key required (a user's file replaces keys of the bundled one)."""

    __pydantic_config__ = {"extra": "forbid"}

    roles: dict[str, list[str]]
    results_headings: list[str]
    heading_roles: dict[str, list[str]]
    titles: list[str]
    unit_name: str
    year_statement: str
    published_label: str
    period_statement: str
    forecasts: list[str]
    forecast_object: str
    plans: str
    future_markers: list[str]
    partial_year: PartialYear
    entry_lead: str
    sentence_lead: str
    since: str
    comparison: str
    year_on_year: str


@dataclass(frozen=True)
class Patterns:
    """``rules/period.yaml``, compiled."""

    roles: dict[str, frozenset[str]]
    results_headings: tuple[str, ...]
    heading_roles: dict[str, tuple[str, ...]]
    titles: tuple[re.Pattern, ...]
    unit_name: re.Pattern
    year_statement: re.Pattern
    published_label: re.Pattern
    period_statement: re.Pattern
    forecasts: tuple[re.Pattern, ...]
    forecast_object: re.Pattern
    plans: re.Pattern
    future_markers: tuple[re.Pattern, ...]
    cutoff: re.Pattern
    partial_phrases: tuple[re.Pattern, ...]
    figure_phrases: tuple[re.Pattern, ...]
    figure: re.Pattern
    min_range_months: int
    short_range_months: int
    year_end_margin: timedelta
    entry_lead: re.Pattern
    sentence_lead: re.Pattern
    since: re.Pattern
    comparison: re.Pattern
    year_on_year: re.Pattern


@cache
def patterns(rule_dirs: tuple[Path, ...] = ()) -> Patterns:
    """The bundled ``period.yaml``, each key replaced by a ``--rules`` directory's own; validated
    (a typo key, a string where a list belongs: exit 2 naming the file) and compiled."""
    data = rulefiles.overlay("period", "period.yaml", PeriodFile, rule_dirs)
    sources = rulefiles.files("period.yaml", rule_dirs)
    source = str(sources[-1])

    def compiled(key: str, pattern: str) -> re.Pattern:
        if len(sources) > 1:  # a user's period.yaml: its patterns run under a timeout (see timed.py)
            from .timed import TimedPattern

            try:
                return TimedPattern(pattern, source)
            except InputError as error:
                raise InputError(source, f"{key}: {error.reason}") from None
        try:
            return compile_pattern(pattern)
        except re.error as error:
            raise InputError(source, f"{key}: 正则表达式无效 / invalid pattern {pattern!r}: {error}") from None

    partial = data.partial_year
    return Patterns(
        roles={name: frozenset(values) for name, values in data.roles.items()},
        results_headings=tuple(data.results_headings),
        heading_roles={role: tuple(words) for role, words in data.heading_roles.items()},
        titles=tuple(compiled("titles", p) for p in data.titles),
        unit_name=compiled("unit_name", data.unit_name),
        year_statement=compiled("year_statement", data.year_statement),
        published_label=compiled("published_label", data.published_label),
        period_statement=compiled("period_statement", data.period_statement),
        forecasts=tuple(compiled("forecasts", p) for p in data.forecasts),
        forecast_object=compiled("forecast_object", data.forecast_object),
        plans=compiled("plans", data.plans),
        future_markers=tuple(compiled("future_markers", p) for p in data.future_markers),
        cutoff=compiled("partial_year.cutoff", partial.cutoff),
        partial_phrases=tuple(compiled("partial_year.phrases", p) for p in partial.phrases),
        figure_phrases=tuple(compiled("partial_year.figure_phrases", p) for p in partial.figure_phrases),
        figure=compiled("partial_year.figure", partial.figure),
        min_range_months=partial.min_range_months,
        short_range_months=partial.short_range_months,
        year_end_margin=timedelta(days=partial.year_end_margin_days),
        entry_lead=compiled("entry_lead", data.entry_lead),
        sentence_lead=compiled("sentence_lead", data.sentence_lead),
        since=compiled("since", data.since),
        comparison=compiled("comparison", data.comparison),
        year_on_year=compiled("year_on_year", data.year_on_year),
    )


@dataclass
class Timeline:
    """What one document says about its time, and where each date of its body stands."""

    flow: Flow
    patterns: Patterns
    year: int | None = None
    #: Where the year came from: title, period, --year, body, dates (None: nowhere).
    year_source: str | None = None
    #: The title's year and line; a running header never is the title.
    title: tuple[int, Line] | None = None
    #: Other lines that repeat the title (running headers and footers, with their own year).
    headers: list[tuple[int, Line]] = field(default_factory=list)
    stated: Range | None = None
    published: tuple[Mention, Line] | None = None
    mentions: list[Mention] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # where each mention starts
    ranges: list[Range] = field(default_factory=list)
    cover_end: int = 0  # first line of the first chapter; lines before it are the cover
    #: Offsets of the mentions that name what their paragraph speaks of (not 同比 2022 年).
    subjects: list[int] = field(default_factory=list)
    _positions: dict[str, array] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.flow.text

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
        return (
            self.stated is not None
            and self.stated.first_day() <= date(self.year, 12, 31)
            and self.stated.last_day() >= date(self.year, 1, 1)
        )

    def line_at(self, offset: int) -> tuple[Line, int]:
        return self.flow.locate(offset)

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
        written = self.written_year_at(offset)
        return self.year if written is None else written

    def written_year_at(self, offset: int) -> int | None:
        """The paragraph's last written year before ``offset`` (not a comparison's base), if any."""
        index = bisect.bisect_left(self.subjects, offset)
        if index:
            start = self.subjects[index - 1]
            newlines = self.positions("\n")
            if bisect.bisect_left(newlines, start) == bisect.bisect_left(newlines, offset):
                return self.mentions[bisect.bisect_left(self.offsets, start)].year
        return None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return self.mentions[bisect.bisect_left(self.offsets, start) : bisect.bisect_left(self.offsets, end)]

    def facts(self) -> dict:
        """What the summary and the JSON show."""
        period = None
        if self.stated is not None:
            period = {"start": self.stated.first_day().isoformat(), "end": self.stated.last_day().isoformat()}
        published = None
        if self.published is not None:
            mention = self.published[0]
            published = f"{mention.year:04d}-{mention.month:02d}"
        return {
            "report_year": self.year,
            "report_year_source": self.year_source,
            "period": period,
            "published": published,
        }


def of(context) -> Timeline:
    """The document's timeline, computed the first time a check asks (``checks.Context``)."""
    return context.once("timeline", lambda: build(context))


def build(context) -> Timeline:
    """Establish the report year, stated period and publication date, and find every date."""
    found = Timeline(context.outline.flow, patterns(tuple(context.options.rule_dirs)))
    chapters = context.outline.chapters
    found.cover_end = chapters[0].line if chapters else 0
    _find_titles(found, context.document)
    _find_published(found, context.document)
    undated = find_dates(found.text)
    found.stated = _find_stated(found, undated)
    found.year, found.year_source = _report_year(found, undated, context.options.report_year)
    found.mentions = with_year(undated, found.year)
    found.offsets = [mention.start for mention in found.mentions]
    found.subjects = _subjects(found)
    found.ranges = find_ranges(found.text, found.year, found.mentions)
    return found


def _report_year(found: Timeline, undated: list[Mention], given: int | None) -> tuple[int | None, str | None]:
    if given is not None:  # the user's word wins; where the document disagrees, CSR401 says so
        return given, "--year"
    if found.title is not None:
        return found.title[0], "title"
    if found.stated is not None:
        return found.stated.last_day().year, "period"
    statement = found.patterns.year_statement.search(found.text)
    if statement is not None:
        return find_dates(statement.group("year") + "年")[0].year, "body"
    years = Counter(mention.year for mention in undated if mention.explicit and mention.year)
    if years:
        return years.most_common(1)[0][0], "dates"
    return None, None


def _subjects(found: Timeline) -> list[int]:
    """Where each written year names its paragraph's topic: not after 同比/较, which would make
    it a comparison's base. The comparison words stand between the previous date (or the
    paragraph's start) and this one; searching from the paragraph's start for each date would
    take time in the square of the paragraph's length."""
    text, subjects, since = found.text, [], 0
    for mention in found.mentions:
        newline = text.rfind("\n", since, mention.start)
        since = newline + 1 if newline != -1 else since
        if mention.explicit and not found.patterns.comparison.search(text, since, mention.start):
            subjects.append(mention.start)
        since = mention.end
    return subjects


def _find_titles(found: Timeline, document) -> None:
    """The report's title line (on the cover, else the first body line that is one) and every
    other line that repeats it (running headers and footers, with the year each says)."""
    matches = []
    for line in sorted([*document.lines, *document.furniture], key=lambda item: item.number):
        text = line.text.strip().strip("#*").strip()
        for pattern in found.patterns.titles:
            match = pattern.match(text)
            if match and found.patterns.unit_name.search(match.group("unit")):
                matches.append((find_dates(match.group("year") + "年")[0].year, line))
                break
    body = [item for item in matches if item[1].source not in FURNITURE]
    if not body:
        found.headers = matches
        return
    on_cover = [item for item in body if item[1].number < found.cover_end]
    found.title = (on_cover or body)[0]
    found.headers = [item for item in matches if item is not found.title]


def _find_published(found: Timeline, document) -> None:
    """The last cover line that is nothing but a date: the publication month."""
    for line in document.lines:
        if line.number >= found.cover_end:
            break
        mention = only_date(found.patterns, line.text)
        if mention is not None:
            found.published = (mention, line)


def _find_stated(found: Timeline, mentions: list[Mention]) -> Range | None:
    """The first range of months or days in a sentence about the report's period."""
    searched: set[int] = set()  # sentences without a period statement: one search each
    for span in find_ranges(found.text, mentions=mentions):
        if span.start.month is None or span.end.month is None or not span.start.explicit:
            continue
        start = found.sentence(span.offset)[0]
        if start in searched:
            continue
        if found.patterns.period_statement.search(found.sentence_text(span.offset)):
            return span
        searched.add(start)
    return None


def only_date(patterns: Patterns, text: str) -> Mention | None:
    """The date a line consists of (``2024 年 8 月``, ``发布日期：2024.08.15``), if that is all it holds."""
    text = text.strip()
    text = text[patterns.published_label.match(text).end() :].strip()
    mentions = find_dates(text)
    if (
        len(mentions) == 1
        and mentions[0].explicit
        and mentions[0].month
        and mentions[0].start == 0
        and mentions[0].end == len(text)
    ):
        return mentions[0]
    return None
