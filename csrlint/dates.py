"""Dates and periods as Chinese reports write them.

One date has many spellings (``2023年12月5日``, ``2023 年 12 月 5日``, ``2023.12.05``,
``2023-12-05``, ``二〇二三年十二月``, ``元月``); a paragraph that has named its year goes on
with ``12 月 20 日``; and ``全年`` / ``年内`` / ``当年`` mean "the year in question". This
module finds them all in a text (normally ``Flow.text``) with their offsets, resolves a
missing year from the paragraph (else from the caller's default), and joins two dates
into a range (``从…到…``, ``…至…``, ``…--…``, ``1-9 月``), so that checks can ask what a
date means without caring how it was written.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from .document import Translation
from .structure import cn_ordinal

#: Full-width digits and separators, mapped one to one so that offsets do not move.
_FULLWIDTH = Translation("０１２３４５６７８９－．／～", "0123456789-./~")
_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")

_SP = r"[^\S\n]*"  # spaces, but never across a paragraph break
_YEAR = r"(?:19|20)\d{2}"
_CN_YEAR = r"[〇零一二三四五六七八九]{4}"
_CN_NUM = r"[一二三四五六七八九十]{1,3}"
_QUALIFIER = rf"(?:{_SP}(?P<q>上半年|下半年|上旬|中旬|下旬|初|底|末))?"

#: Dates as written, in priority order; a later match overlapping an earlier one is dropped.
WRITTEN = [
    # 2023-12-05, 2023.12.05, 2023/12/05
    r"(?<![\d.])(?P<y>" + _YEAR + r")(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])",
    # 2023年12月5日, 2023 年 元月 1日, 2023年度, 2023年底, 二〇二三年十二月
    rf"(?<![\d.])(?P<y>{_YEAR}|{_CN_YEAR}){_SP}年度?"
    rf"(?:{_SP}(?P<m>\d{{1,2}}|元|{_CN_NUM}){_SP}月(?:份)?"
    rf"(?:{_SP}(?P<d>\d{{1,2}}|{_CN_NUM}){_SP}[日号])?)?{_QUALIFIER}",
    # 2023-12, 2023/12 (a dot is left out: 2023.12 may be a number)
    r"(?<![\d.])(?P<y>" + _YEAR + r")(?P<sep>[-/])(?P<m>\d{1,2})(?![\d./-])",
    # 12 月 20 日, 11 月, 元月 (the year comes from the context)
    rf"(?<![\d.年])(?P<m>\d{{1,2}}|(?<![万亿千百十])元){_SP}月(?:份)?(?:{_SP}(?P<d>\d{{1,2}}){_SP}[日号])?"
    rf"(?:{_SP}(?P<q>上旬|中旬|下旬|初|底|末))?",
]
#: Words that mean the whole year of the context; 年内 after a count is "within N years".
RELATIVE = r"全年|当年|今年|本年度|(?<![\d一二三四五六七八九十两几多半数])年内"


@cache
def scanners() -> tuple[list, object]:
    """:data:`WRITTEN` and :data:`RELATIVE` compiled by ``regex``, for searching a whole report.

    Each starts with a look-behind, and ``re`` then tries a match at every character; ``regex``
    finds where one can start from the rest of the pattern, three times faster on a report.
    Compiled at the first date looked for (``csrlint rules`` never is)."""
    import regex

    return [regex.compile(pattern) for pattern in WRITTEN], regex.compile(RELATIVE)


#: Between the two ends of a range.
_CONNECTOR = re.compile(rf"^{_SP}(?:到|至|起至|-{{1,2}}|－{{1,2}}|—{{1,2}}|–|~|～){_SP}$")
#: ``2022-2023年度``: a bare year that starts a range ending in a written date.
_BARE_YEAR_START = re.compile(rf"(?<![\d.])(?P<y>{_YEAR}){_SP}(?:-{{1,2}}|－|—{{1,2}}|–|~|～|至|到){_SP}$")
#: ``1-9 月``: a month range whose end is a month mention.
_MONTH_RANGE_START = re.compile(rf"(?<![\d.])(?P<m>\d{{1,2}}|元){_SP}(?:-|－|—|–|~|～|至|到){_SP}$")
#: How far before a date its range start can stand (``2022 - `` is 7 characters).
_LOOKBACK = 12


@dataclass(frozen=True)
class Mention:
    """One date in a text: a year, a month or a day, possibly qualified (``年底``, ``中旬``)."""

    start: int
    end: int
    year: int | None  # None: neither the text nor its context gives one
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None
    #: The year is written here, not taken from the paragraph or the default.
    explicit: bool = True
    #: ``全年`` / ``年内`` / ``当年``: the whole year of the context.
    relative: bool = False

    def first_day(self) -> date | None:
        return self._bounds()[0] if self.year else None

    def last_day(self) -> date | None:
        return self._bounds()[1] if self.year else None

    def _bounds(self) -> tuple[date, date]:
        year = self.year
        if self.month is None:
            first, last = {"上半年": (1, 6), "下半年": (7, 12), "初": (1, 1), "底": (12, 12), "末": (12, 12)}.get(
                self.qualifier, (1, 12)
            )
            return date(year, first, 1), date(year, last, _days(year, last))
        if self.day is not None:
            return date(year, self.month, self.day), date(year, self.month, self.day)
        days = _days(year, self.month)
        first, last = {
            "初": (1, 10),
            "上旬": (1, 10),
            "中旬": (11, 20),
            "下旬": (21, days),
            "底": (21, days),
            "末": (21, days),
        }.get(self.qualifier, (1, days))
        return date(year, self.month, first), date(year, self.month, last)


@dataclass(frozen=True)
class Range:
    """Two mentions joined as one span of time (``从 2023年1月1日到 12月31日``, ``1-9 月``)."""

    start: Mention
    end: Mention

    @property
    def offset(self) -> int:
        return self.start.start

    def first_day(self) -> date | None:
        return self.start.first_day()

    def last_day(self) -> date | None:
        return self.end.last_day()


def _days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    if text == "元":
        return 1
    return int(text) if text.isdecimal() else cn_ordinal(text)


def _year(text: str) -> int:
    return int(text.translate(_CN_YEAR_DIGITS))


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= _days(year or 2000, month)


def _written(text: str) -> list[Mention]:
    """Every date as written, year or not, without resolving missing years."""
    # One byte per character, set where a date was taken: testing a span costs its length,
    # not the number of dates found before it (a run of dates is tens of thousands).
    taken = bytearray(len(text))
    found: list[Mention] = []

    def free(start: int, end: int) -> bool:
        return taken.find(1, start, end) == -1

    written, relative = scanners()
    for pattern in written:
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            groups = match.groupdict()
            year = _year(groups["y"]) if groups.get("y") else None
            month, day = _number(groups.get("m")), _number(groups.get("d"))
            if not _valid(year, month, day):
                continue
            taken[match.start() : match.end()] = b"\1" * (match.end() - match.start())
            found.append(
                Mention(match.start(), match.end(), year, month, day, groups.get("q"), explicit=year is not None)
            )
    for match in relative.finditer(text):
        if free(match.start(), match.end()):
            found.append(Mention(match.start(), match.end(), None, explicit=False, relative=True))
    return sorted(found, key=lambda mention: mention.start)


def find_dates(text: str, year: int | None = None) -> list[Mention]:
    """All dates in ``text``, in order; a date without a year takes the paragraph's last year.

    The paragraph is the text since the last ``\\n``; with no year there, ``year`` (the
    report year, usually) is used, and the mention stays ``explicit=False``.
    """
    text = _FULLWIDTH(text)
    resolved: list[Mention] = []
    context_year, scanned = None, 0
    for mention in _written(text):
        # Only the text since the previous date is searched for a paragraph break: searching
        # back to the paragraph's start would cost its length for each date.
        if text.rfind("\n", scanned, mention.start) != -1:
            context_year = None
        scanned = mention.start
        if mention.explicit:
            context_year = mention.year
        elif context_year is not None:
            mention = replace(mention, year=context_year)
        resolved.append(mention)
    return with_year(resolved, year)


def with_year(mentions: list[Mention], year: int | None) -> list[Mention]:
    """``mentions`` as ``find_dates(text, year)`` gives them: a date whose paragraph names no
    year takes ``year``. Saves reading a long text twice for two default years."""
    if year is None:
        return mentions
    return [replace(mention, year=year) if mention.year is None else mention for mention in mentions]


def find_ranges(text: str, year: int | None = None, mentions: list[Mention] | None = None) -> list[Range]:
    """Spans of time: two dates joined by ``到``/``至``/``--``, ``2022-2023年度``, ``1-9 月``."""
    text = _FULLWIDTH(text)
    mentions = find_dates(text, year) if mentions is None else mentions
    ranges: list[Range] = []
    previous: Mention | None = None
    for mention in mentions:
        if mention.relative:
            previous = None
            continue
        window = max(0, mention.start - _LOOKBACK)
        if previous is not None and _CONNECTOR.match(text[previous.end : mention.start]):
            ranges.append(Range(previous, mention))
        elif mention.month is None and (bare := _BARE_YEAR_START.search(text, window, mention.start)):
            ranges.append(Range(Mention(bare.start(), bare.end(), int(bare.group("y"))), mention))
        elif (
            mention.month is not None
            and mention.day is None
            and (head := _MONTH_RANGE_START.search(text, window, mention.start))
        ):
            month = _number(head.group("m"))
            if _valid(mention.year, month, None) and month < mention.month:
                ranges.append(
                    Range(Mention(head.start(), head.end(), mention.year, month, explicit=mention.explicit), mention)
                )
        previous = mention
    return ranges
