"""Quantities in report text: value, unit, how exact, and the metric phrase they measure.

A report writes one figure in many ways (``639 名``, ``６３９名``, ``六百三十九名``,
``5.1万线``, ``62%以上``), so every quantity is brought to one value in base units before
any comparison. What it measures is the noun phrase just before it in its clause
(``公众综合满意度 84.7分``), normalised with the synonym dictionary of ``rules/figures.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import cache, cached_property
from itertools import accumulate
from pathlib import Path

from . import rulefiles
from .document import Translation
from .validation import KEBAB_CASE_KEYS, validate

#: Full-width digits and signs become ASCII one for one, so offsets stay valid.
FULL_WIDTH = Translation("０１２３４５６７８９．％～", "0123456789.%~")
CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
CN_DIGIT = "零〇一二两三四五六七八九"
#: The numerals that are not digits: a Chinese number may begin with them (万一) but not be only them.
CN_MAGNITUDE = "百千万亿"
MAGNITUDES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
#: Ends a clause: the metric phrase of a quantity never reaches across these.
CLAUSE_END = '，,。；;：:、！？!?\n（）()“”"《》【】'
SENTENCE_END = "。！？!?；;\n"


@dataclass
class Thresholds:
    """How far figures may differ before a figure check speaks (``figures.yaml`` ``thresholds``)."""

    __pydantic_config__ = KEBAB_CASE_KEYS

    approx_tolerance: float = 0.1
    share_tolerance: float = 1.0
    page_tolerance: int = 0
    min_metric_length: int = 4
    max_metric_length: int = 12
    toc_similarity: float = 90

    @classmethod
    def from_settings(cls, base: Thresholds, settings: dict) -> Thresholds:
        """``base`` with the config file's ``figure:`` keys (kebab-case) applied."""
        if not settings:
            return base
        values = asdict(base) | {key.replace("-", "_"): value for key, value in settings.items()}
        return validate(cls, values, "figure", "阈值设置无效 / invalid settings")


@dataclass
class Approximation:
    """Words before or after a number that make it approximate (约 …, … 左右)."""

    __pydantic_config__ = {"extra": "forbid"}

    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


@dataclass
class FigureRules:
    """``rules/figures.yaml``: units, approximation words, stop-words, synonyms, thresholds."""

    __pydantic_config__ = {"extra": "forbid"}

    units: list[str]
    chinese_units: list[str]
    person_units: list[str]
    approximation: dict[str, Approximation]
    canonical: dict[str, str] = field(default_factory=dict)
    strip_prefix: list[str] = field(default_factory=list)
    strip_suffix: list[str] = field(default_factory=list)
    delta_words: list[str] = field(default_factory=list)
    target_words: list[str] = field(default_factory=list)
    generic_metrics: list[str] = field(default_factory=list)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
    toc_without_heading: list[str] = field(default_factory=list)
    list_units: list[str] = field(default_factory=list)
    total_labels: list[str] = field(default_factory=list)
    remainder_words: list[str] = field(default_factory=list)
    part_openers: list[str] = field(default_factory=list)
    future_words: list[str] = field(default_factory=list)
    breakdowns: dict[str, list[str]] = field(default_factory=dict)
    overlapping_groups: list[str] = field(default_factory=list)
    group_words: list[str] = field(default_factory=list)
    group_holders: list[str] = field(default_factory=list)
    headcount_breakdown: str = ""
    not_additive: list[str] = field(default_factory=list)
    not_approximation: list[str] = field(default_factory=list)

    def canonical_unit(self, unit: str) -> str:
        return self.canonical.get(unit, unit)

    @cached_property
    def pattern(self) -> re.Pattern:
        return _pattern(self)

    @cached_property
    def pattern_inside_magnitudes(self) -> re.Pattern:
        return _pattern(self, inside_magnitudes=True)

    @cached_property
    def groups(self) -> list[tuple[str, re.Pattern]]:
        """(dimension, pattern) of every breakdown group."""
        return [
            (dimension, re.compile(pattern)) for dimension, patterns in self.breakdowns.items() for pattern in patterns
        ]

    @cached_property
    def group_filler(self) -> re.Pattern:
        """What a breakdown clause may hold besides its group: group words and the metric stop-words."""
        words = sorted({*self.group_words, *self.strip_prefix, *self.strip_suffix}, key=len, reverse=True)
        holders = "|".join(map(re.escape, self.group_holders)) or "(?!)"
        return re.compile(rf"^.*?(?:{holders})|" + "|".join(map(re.escape, words)) + r"|\s+|[\d.]+")

    @cached_property
    def future(self) -> re.Pattern:
        return re.compile("|".join(map(re.escape, self.future_words))) if self.future_words else re.compile(r"(?!)")

    @cached_property
    def normalised_metrics(self) -> dict[str, str]:
        """``normalise_metric``'s answers so far, by phrase."""
        return {}


@cache
def load_rules(rule_dirs: tuple[Path, ...] = ()) -> FigureRules:
    """The bundled ``figures.yaml``; a ``figures.yaml`` in a ``--rules`` directory replaces its keys."""
    return rulefiles.overlay("figures", "figures.yaml", FigureRules, rule_dirs)


@dataclass(frozen=True)
class Quantity:
    """One figure in a text, with offsets into that text."""

    value: float  # in base units: 5.1万线 → 51000
    unit: str  # canonical unit: 人, 分, %, 个百分点, 元; "" when none
    start: int
    end: int
    text: str  # as written, approximation words included
    approx: str | None = None  # about | over | under
    high: float | None = None  # upper end of a range (30～39岁)
    metric: str = ""  # normalised metric phrase
    kind: str = "level"  # level | delta | target

    @property
    def interval(self) -> tuple[float, float]:
        """Values the figure allows, before tolerance: a range, ≥ for 以上, ≤ for 以下."""
        if self.high is not None:
            return self.value, self.high
        if self.approx == "over":
            return self.value, float("inf")
        if self.approx == "under":
            return float("-inf"), self.value
        return self.value, self.value


def _pattern(rules: FigureRules, inside_magnitudes: bool = False) -> re.Pattern:
    """A quantity, in time linear in the text: a match starts at a word, never inside a run of
    spaces, and a Chinese number never starts inside a run of 百千万亿 (``万万…`` would be
    rescanned from each of its characters). A number there is still taken whole from the run's
    first character; only right after a match (``5千`` of ``5千万三``) does one start inside
    it, and ``inside_magnitudes`` is the pattern to try at that one place.

    Compiled by ``regex``: the pattern may start with a word, 百分之 or a digit, and ``re``
    then tries it at every character, ``regex`` only where one of them stands (3× faster)."""
    import regex

    def alternatives(words) -> str:
        return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))

    before = alternatives(w for a in rules.approximation.values() for w in a.before)
    after = alternatives(w for a in rules.approximation.values() for w in a.after)
    units = alternatives(rules.units)
    run_start = "" if inside_magnitudes else rf"(?<![{CN_MAGNITUDE}])"
    chinese = (
        rf"(?:[{CN_DIGIT}十]|{run_start}[{CN_MAGNITUDE}]++[{CN_DIGIT}十])"
        rf"[{CN_NUMERAL}]*+(?:点[{CN_DIGIT}]++)?"
    )
    number = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{chinese})"
    return regex.compile(
        rf"(?:(?P<before>{before})\s*+)?"
        rf"(?P<percent_cn>百分之)?"
        rf"(?P<num>{number})"
        rf"(?:\s*+(?:～|~|-|—|至|到)\s*+(?P<high>{number}))?"
        rf"\s*+(?P<mag>万亿|亿|万|千(?!米|瓦))?"
        rf"(?P<after1>余|多)?"
        rf"\s*+(?P<unit>%|个百分点|{units})?"
        rf"(?P<after2>{after})?"
    )


def to_value(text: str) -> float | None:
    """``1,234.5`` → 1234.5, ``二十`` → 20, ``两千`` → 2000; None when it is not a number."""
    text = FULL_WIDTH(text).replace(",", "")
    try:
        return float(text)
    except ValueError:
        return chinese_value(text)


CN_DIGIT_VALUE = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}
CN_SECTION_VALUE = {"万": 10**4, "亿": 10**8}


def chinese_value(text: str) -> float | None:
    """A Chinese numeral's value, read as cn2an's ``normal`` mode reads it (the tests hold the
    two to agree): ``一百零五``, ``三亿五千万``, ``二〇二三``, spoken ``一千二`` (1200), ``九十九点九九``.

    Not cn2an itself: importing it costs ≈ 80 ms, a third of a pre-commit run's budget, and
    each call first converts traditional characters, in a hot loop over every quantity.
    """
    whole, _, fraction = text.partition("点")
    if not whole or not set(whole) <= set(CN_NUMERAL) or not set(fraction) <= CN_DIGIT_VALUE.keys():
        return None
    value = _chinese_integer(whole)
    if value is None or not fraction:
        return value
    return float(f"{value}." + "".join(str(CN_DIGIT_VALUE[char]) for char in fraction))


def _chinese_integer(text: str) -> int | None:
    if all(char in CN_DIGIT_VALUE for char in text):
        return int("".join(str(CN_DIGIT_VALUE[char]) for char in text))  # 二〇二三, 四五
    if text[0] in CN_UNIT_VALUE and text[0] != "十" or text[0] in CN_SECTION_VALUE:
        return None  # 百万, 万一: a magnitude with nothing to multiply
    total = section = 0  # below: the part since the last 万 or 亿
    digit: int | None = None
    unit_before = 10**13  # units fall within a section: 千 百 十
    section_before = 10**17  # 亿 after 万 (一万亿) multiplies all before it
    for index, char in enumerate(text):
        if char in CN_DIGIT_VALUE:
            if digit:  # 五六十: two figures in a row, with no zero between them
                return None
            digit = CN_DIGIT_VALUE[char]
        elif char in CN_UNIT_VALUE:
            unit = CN_UNIT_VALUE[char]
            if unit >= unit_before or digit == 0:
                return None
            section += (1 if digit is None else digit) * unit
            digit, unit_before = None, unit
        else:
            big = CN_SECTION_VALUE[char]
            section += digit or 0
            if section == 0 and total == 0 or text[index - 1] in CN_SECTION_VALUE and big <= section_before:
                return None  # 〇亿, 万万 (but 一万亿)
            if big > section_before:
                total = (total + section) * big
            else:
                total += section * big
            section, digit, unit_before, section_before = 0, None, 10**13, big
    if digit == 0:
        return None  # 十零: a zero ends nothing
    if digit:
        previous = text[-2]
        if previous in CN_SECTION_VALUE:
            return total + section + digit * CN_SECTION_VALUE[previous] // 10  # 三万五: 35000
        if previous in CN_UNIT_VALUE and previous != "十":
            return total + section + digit * CN_UNIT_VALUE[previous] // 10  # 一千二: 1200
        section += digit
    return total + section


def extract(text: str, rules: FigureRules) -> list[Quantity]:
    """Every quantity in ``text``; offsets refer to ``text`` itself."""
    plain = FULL_WIDTH(text)
    sentences = Sentences(plain, rules.target_words)
    found: list[Quantity] = []
    for match in _matches(plain, rules):
        quantity = _quantity(plain, match, rules, found[-1].end if found else 0, sentences)
        if quantity is None:
            continue
        if (
            quantity.kind == "delta"
            and found
            and _bare_change(quantity.metric, rules)
            and found[-1].kind == "level"
            and sentences.start(found[-1].start) == sentences.start(quantity.start)
        ):
            # 营业收入 3.2 亿元，同比增长 4.5%: the change of the figure before it
            quantity = replace(quantity, metric=found[-1].metric + quantity.metric)
        found.append(quantity)
    return found


def _bare_change(metric: str, rules: FigureRules) -> bool:
    """A phrase that names a change and nothing it changes (同比增长, 较上年提升)."""
    rest = metric
    for word in sorted(rules.delta_words, key=len, reverse=True):
        rest = rest.replace(word, "")
    return bool(metric) and not rest.strip("较比上年同期去了的")


def _matches(text: str, rules: FigureRules) -> Iterator[re.Match]:
    """``rules.pattern.finditer(text)``, with a number allowed to start inside a run of
    magnitudes where the previous match ended (see ``_pattern``)."""
    position = 0
    while True:
        match = None
        if position and text[position - 1] in CN_MAGNITUDE:
            match = rules.pattern_inside_magnitudes.match(text, position)
        match = match or rules.pattern.search(text, position)
        if match is None:
            return
        yield match
        position = match.end()


def _quantity(
    text: str, match: re.Match, rules: FigureRules, previous_end: int, sentences: Sentences
) -> Quantity | None:
    raw, unit = match.group("num"), match.group("unit") or ""
    chinese = not raw[0].isdigit()
    if match.group("percent_cn"):
        unit = "%"
    if chinese and (unit not in rules.chinese_units and unit != "%" or text[max(0, match.start("num") - 1)] == "第"):
        return None  # 一线, 十四五, 第三: words, not counts
    if not chinese and _inside_token(text, match.start("num"), match.end("num")):
        return None  # 5G, A1, 2023-12-31's pieces
    if unit == "年" and "." not in raw and len(raw) == 4:
        return None  # a year, not a duration
    following = text[match.end() : match.end() + 1]
    if unit in ("", "年", "岁") and following and following in "月日号":
        return None
    scale = MAGNITUDES.get(match.group("mag") or "", 1.0)
    if unit == "万元":
        unit, scale = "元", scale * 1e4
    value = to_value(raw)
    if value is None:
        return None
    high = to_value(match.group("high")) if match.group("high") else None
    high_value = high * scale if high is not None else None  # 0至〇亿: an end that reads as no number
    approx = _approximation(match, rules)
    start = next(match.start(group) for group in ("before", "percent_cn", "num") if match.group(group))
    if match.group("before") and _in_word(text, match.end("before"), rules.not_approximation):
        start = match.start("percent_cn") if match.group("percent_cn") else match.start("num")  # 新签约 25 家
        approx = _approximation(match, rules, before=False)
    metric, kind = _metric(text, start, previous_end, rules, sentences)
    return Quantity(
        value=value * scale,
        unit=rules.canonical_unit(unit),
        start=start,
        end=match.end(),
        text=text[start : match.end()].strip(),
        approx=approx,
        high=high_value,
        metric=metric,
        kind=kind,
    )


def _inside_token(text: str, start: int, end: int) -> bool:
    """An Arabic number glued to Latin letters is part of a name (5G, B2B), not a quantity."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return before.isascii() and before.isalpha() or after.isascii() and after.isalpha()


def _in_word(text: str, end: int, words: list[str]) -> bool:
    """Whether ``text[:end]`` ends with one of ``words`` (签约: its 约 is no 约 of approximation)."""
    return any(text.endswith(word, 0, end) for word in words)


def _approximation(match: re.Match, rules: FigureRules, before: bool = True) -> str | None:
    words = [match.group(g) for g in ("before", "after1", "after2")[0 if before else 1 :] if match.group(g)]
    for kind, spelling in rules.approximation.items():
        if any(word in spelling.before or word in spelling.after for word in words):
            return kind
    return None


def _metric(text: str, start: int, floor: int, rules: FigureRules, sentences: Sentences) -> tuple[str, str]:
    """The normalised phrase before ``start`` in its clause (not before ``floor``, the previous
    quantity's end), and whether it is a level, a change or a plan."""
    begin = start
    while begin > floor and text[begin - 1] not in CLAUSE_END and not text[begin - 1].isdigit():
        begin -= 1
    phrase = re.sub(r"\s+|\*\*", "", text[begin:start])
    phrase = re.sub(r"^(?:(?:\d{2,4}|[去今明本上])年度?|\d{4}(?=全年))", "", phrase)
    if begin and text[begin - 1].isdigit():
        phrase = re.sub(r"^年度?", "", phrase)  # 2023年收入: the year was left out as a digit
    kind = "level"
    if sentences.has_word(sentences.start(start), start):
        kind = "target"
    elif any(word in phrase for word in rules.delta_words):
        kind = "delta"
    return normalise_metric(phrase, rules), kind


def normalise_metric(phrase: str, rules: FigureRules) -> str:
    """``共有全口径员工`` → ``员工``; stop-words off both ends, synonyms to their canonical name.
    Remembered per phrase: a report states the same few metrics hundreds of times."""
    known = rules.normalised_metrics
    if phrase not in known:
        known[phrase] = _normalise_metric(phrase, rules)
    return known[phrase]


def _normalise_metric(phrase: str, rules: FigureRules) -> str:
    changed = True
    while changed and phrase:
        changed = False
        for word in rules.strip_prefix:
            if phrase.startswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[len(word) :], True
        for word in rules.strip_suffix:
            if phrase.endswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[: -len(word)], True
    for canonical, variants in rules.synonyms.items():
        for variant in sorted(variants, key=len, reverse=True):
            if variant in phrase:
                phrase = phrase.replace(variant, canonical)
                break
    return phrase


class Sentences:
    """Where the sentences of a text begin and end, and where some words stand in it, found
    in one scan: every quantity asks about its sentence, and rescanning a long sentence for
    each of its thousands of quantities would be quadratic."""

    def __init__(self, text: str, words: Iterable[str] = ()):
        self.length = len(text)
        self._ends = [m.start() for m in re.finditer(f"[{re.escape(SENTENCE_END)}]", text)]
        spans = sorted(
            (m.start(), m.start() + len(word))
            for word in set(words)
            for m in re.finditer(f"(?={re.escape(word)})", text)
        )
        self._word_starts = [start for start, _ in spans]
        #: For each span (by start), the least end of it and the spans after it.
        self._first_word_end = list(accumulate((end for _, end in reversed(spans)), min))[::-1]

    def start(self, offset: int) -> int:
        """Start of the sentence around ``offset``: just after the last sentence end before it."""
        index = bisect_left(self._ends, offset)
        return self._ends[index - 1] + 1 if index else 0

    def bounds(self, offset: int) -> tuple[int, int]:
        """Start and end offsets of the sentence around ``offset``."""
        index = bisect_left(self._ends, offset)
        end = self._ends[index] if index < len(self._ends) else max(offset, self.length)
        return self.start(offset), end

    def has_word(self, begin: int, end: int) -> bool:
        """Whether one of the words stands wholly in ``text[begin:end]``."""
        index = bisect_left(self._word_starts, begin)
        return index < len(self._word_starts) and self._first_word_end[index] <= end
