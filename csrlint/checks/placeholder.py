"""Family ``placeholder``: masked numbers, editorial notes, template text, empty slots.

The patterns are data (``rules/placeholders.yaml`` plus each ``--rules`` directory's
``placeholders.yaml``), so a 文明办 or a company can add the leftovers its own drafts
have. They are searched in ``outline.flow.text`` — the body with PDF wraps undone, headings
included — so ``**`` / ``亿元`` split over two lines still match, and every finding is
mapped back to the original line and column. Patterns run with a timeout: a user's
catastrophic pattern stops with an error naming the rule instead of hanging the run.
"""

from __future__ import annotations

import bisect
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Literal

from .. import rulefiles
from ..document import InputError, Translation
from ..findings import Finding, Rule, Severity
from ..timed import timeout_for
from ..validation import Check
from . import Context, Options

FAMILY = "placeholder"
#: Its ~40 ``regex`` patterns take as long to compile as the other families take to check a
#: report: a single report is checked in two workers at once, this family in one of its own.
SEPARATE = True
RULES_FILE = "placeholders.yaml"
#: Seconds one pattern may spend on one document (config: ``[placeholder] timeout``).
TIMEOUT = 2.0
#: Seconds one pattern may spend on its own examples when the rule file is loaded.
PROBE_TIMEOUT = 0.5
MESSAGE_FIELDS = {"match", "department"}
MAX_QUOTE = 30  # characters of the match quoted in a message
EXCERPT_CONTEXT = 15  # characters either side of the match in the excerpt
#: Full-width letters and digits (ＸＸ, ２０ＸＸ) searched as ASCII; one character each, so offsets hold.
NARROW = Translation(
    "".join(map(chr, (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)))),
    "0123456789" + string.ascii_uppercase + string.ascii_lowercase,
)
OPENING = {"（": "）", "(": ")", "【": "】", "[": "]", "〔": "〕"}
QUOTES = {"“": "”", "「": "」", "『": "』", '"': '"', "‘": "’", "'": "'"}
#: What may follow a bare unit (本, 分, 年…) for it to be a unit: the phrase ends there.
BARE_UNIT_END = r"[\s\d，。；：、！？,.;:!?）)】」”的余多以之和或与及]|$|左右"


@dataclass
class PlaceholderOptions:
    """``[tool.csrlint.placeholder]``."""

    __pydantic_config__ = {"extra": "forbid"}

    timeout: Annotated[float, Check(gt=0)] = TIMEOUT  # seconds per pattern per document


OPTIONS = PlaceholderOptions


@dataclass
class RuleSpec:
    """One rule of a placeholders.yaml."""

    __pydantic_config__ = {"extra": "forbid"}

    code: Annotated[str, Check(pattern=r"^CSR2\d\d$")]
    name: Annotated[str, Check(pattern=r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")]
    severity: Severity
    message: str
    patterns: Annotated[list[str], Check(min_length=1)]
    department_message: str | None = None
    suggestion: str | None = None
    description: str = ""
    followed_by: Literal["closing-heading"] | None = None
    examples: list[str] = field(default_factory=list)
    counterexamples: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for template in (self.message, self.department_message):
            used = {name for _, name, _, _ in string.Formatter().parse(template or "") if name is not None}
            unknown = used - MESSAGE_FIELDS
            if unknown:
                raise ValueError(f"unknown field {{{sorted(unknown)[0]}}}; use {{match}} or {{department}}")


@dataclass
class Department:
    """A department and the names drafts call it by, for notes addressed to it (请财务补充)."""

    __pydantic_config__ = {"extra": "forbid"}

    name: str
    aliases: Annotated[list[str], Check(min_length=1)]


@dataclass
class RuleFile:
    """One ``placeholders.yaml`` as written: departments, word lists and rules."""

    __pydantic_config__ = {"extra": "forbid"}

    departments: list[Department] = field(default_factory=list)
    lists: dict[str, list[str]] = field(default_factory=dict)
    rules: list[RuleSpec] = field(default_factory=list)


@dataclass(frozen=True)
class PlaceholderRule:
    """A rule with its patterns compiled, and the file it came from."""

    spec: RuleSpec
    rule: Rule
    patterns: tuple  # compiled ``regex`` patterns
    source: str  # the file it came from, named in errors


@dataclass(frozen=True)
class Catalogue:
    """Every placeholder rule of a run, compiled once, with the word lists the patterns share."""

    rules: tuple[PlaceholderRule, ...]
    lists: dict[str, list[str]]
    department_names: dict[str, str]

    @cached_property
    def department_pattern(self):
        """Which department a note names (compiled for the first note that names one)."""
        return _word_pattern(self.lists["departments"])

    @cached_property
    def mask_start(self):
        """A unit right after ``**``: a masked number, not Markdown bold (compiled for the first ``**``)."""
        return _mask_start(self.lists)


def rules(rule_dirs=()) -> list[Rule]:
    """The rules as declared (no pattern compiled: ``csrlint rules`` and ``explain`` need no more)."""
    return [rule for _, rule, _ in _declared(tuple(rule_dirs)).rules]


def prepare(options: Options) -> None:
    """Compile every pattern before any report is read: a bad pattern is one error for the run."""
    catalogue(tuple(options.rule_dirs))


def check(context: Context) -> Iterator[Finding]:
    cat = catalogue(tuple(context.options.rule_dirs))
    flow = context.outline.flow
    if not flow.text:
        return
    text = NARROW(flow.text)
    # Per million characters: a linear pattern over a 45 MB report takes longer, without being stuck.
    limit = timeout_for(text, context.options.settings.get(FAMILY, {}).get("timeout", TIMEOUT))
    taken = _Taken(_bold_delimiters(text, cat))
    for item in cat.rules:
        claimed: list[tuple[int, int]] = []  # this rule's, in order: the last one reaches furthest
        for start, end in _matches(item, text, limit):
            if claimed and start < claimed[-1][1] or taken.overlaps(start, end):
                continue
            line, column = flow.locate(start)
            if item.spec.followed_by == "closing-heading" and not _before_closing_heading(context, line.number):
                continue
            claimed.append((start, end))  # a quoted example too: no weaker rule may report part of it
            if _quoted(text, start, end):
                continue
            yield _finding(context, cat, item, flow.text, start, end, line, column)
        taken.add(claimed)


class _Taken:
    """Spans no later match may overlap: bold delimiters, then each rule's claims.

    They never overlap one another (a span is only taken when it overlaps none), so sorted
    by start their ends are sorted too, and one bisection answers an overlap query; comparing
    each match with every earlier one is quadratic on a page of masks.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end) - 1  # the last span that starts before ``end``
        return before >= 0 and self.spans[before][1] > start

    def add(self, spans: list[tuple[int, int]]) -> None:
        """Add sorted spans (one rule's claims): a merge of two sorted runs, linear."""
        if spans:
            self.spans = sorted(self.spans + spans)
            self.starts = [start for start, _ in self.spans]


def _matches(item: PlaceholderRule, text: str, limit: float) -> list[tuple[int, int]]:
    """Spans of all the rule's patterns, leftmost and then longest first (``1.**亿元`` over ``**亿元``)."""
    spans: list[tuple[int, int]] = []
    for index, pattern in enumerate(item.patterns):
        try:
            spans.extend(match.span() for match in pattern.finditer(text, timeout=limit) if match.end() > match.start())
        except TimeoutError:
            raise InputError(
                item.source,
                f"{item.source}：规则 {item.spec.code}（{item.spec.name}）的第 {index + 1} 个"
                f"模式超时（{limit:.3g} 秒），可能存在灾难性回溯 / pattern timed out",
            ) from None
    return sorted(spans, key=lambda span: (span[0], -span[1]))


def _finding(
    context: Context, cat: Catalogue, item: PlaceholderRule, text: str, start: int, end: int, line, column: int
) -> Finding:
    quoted = _unbracket(" ".join(text[start:end].split()))
    if len(quoted) > MAX_QUOTE:
        quoted = quoted[:MAX_QUOTE] + "…"
    department = _department(cat, text[start:end])
    template = item.spec.department_message if department and item.spec.department_message else item.spec.message
    chapter = context.match.chapter_for_line(context.outline, line.number)
    return Finding.of(
        item.rule,
        template.format(match=quoted, department=department or ""),
        line=line.number,
        column=column,
        page=line.page,
        excerpt=_excerpt(text, start, end),
        chapter=chapter.name if chapter else None,
        suggestion=item.spec.suggestion,
    )


def _unbracket(quoted: str) -> str:
    """``（请财务补充修改）`` is quoted as ``请财务补充修改``; empty brackets stay as they are."""
    if len(quoted) > 2 and quoted[0] in OPENING and quoted[-1] == OPENING[quoted[0]]:
        return quoted[1:-1].strip()
    return quoted


def _department(cat: Catalogue, matched: str) -> str | None:
    if not cat.department_names:
        return None
    found = cat.department_pattern.search(matched)
    return cat.department_names[found.group(0)] if found else None


def _excerpt(text: str, start: int, end: int) -> str:
    """The phrase around the match, within its paragraph of the flow."""
    # Look for the line break only as far as the excerpt reaches: a long line is not rescanned per match.
    left = max(text.rfind("\n", max(start - EXCERPT_CONTEXT, 0), start) + 1, start - EXCERPT_CONTEXT)
    right = text.find("\n", end, end + EXCERPT_CONTEXT)
    right = min(len(text), end + EXCERPT_CONTEXT) if right == -1 else right
    return text[left:right].strip()


def _quoted(text: str, start: int, end: int) -> bool:
    """A placeholder quoted as an example (请勿保留“**万元”) is mentioned, not used."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    while end < len(text) and text[end] in " \t":
        end += 1
    opening = text[start - 1] if start > 0 else ""
    return opening in QUOTES and text[end : end + 1] == QUOTES[opening]


def _bold_delimiters(text: str, cat: Catalogue) -> list[tuple[int, int]]:
    """Spans of ``**`` that open or close Markdown bold around real text.

    ``**教育培训总支出 78.3 万**`` is bold; in ``共**人，完成**万元`` the first ``**`` is
    followed by a unit, so it is a masked number and the pair is not bold.
    """
    import regex

    spans: list[tuple[int, int]] = []
    for match in regex.finditer(r"(?<![*＊])\*\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*\*(?!\*)", text):
        if cat.mask_start is not None and cat.mask_start.match(text, match.start(1)):
            continue
        spans.append((match.start(), match.start() + 2))
        spans.append((match.end() - 2, match.end()))
    return spans


def _before_closing_heading(context: Context, line_number: int) -> bool:
    """Whether the next body line after ``line_number`` closes its section (or the body ends).

    A label that introduces a list (``如下：`` then ``（1）…``) is followed by a child
    heading, which is content; a label followed by the next sibling chapter is empty.
    """
    outline = context.outline
    if outline.heading_at(line_number) is not None:
        return False  # an empty chapter is the structure check's finding
    section = outline.section_at(line_number)
    if section is None:
        return False
    following = outline.next_text_line(line_number)
    if following is None:
        return True
    heading = outline.heading_at(following.number)
    return heading is not None and not heading.is_item and heading.level <= section.level


@dataclass(frozen=True)
class Declared:
    """The rule files merged, patterns not yet compiled: (spec, rule, source file) by code."""

    rules: tuple[tuple[RuleSpec, Rule, str], ...]
    lists: dict[str, list[str]]
    aliases: dict[str, str]  # department alias → department


@cache
def _declared(rule_dirs: tuple[Path, ...] = ()) -> Declared:
    """The bundled rules, then each user directory's: same code replaces, a new code adds."""
    merged: dict[str, tuple[RuleSpec, str]] = {}
    departments: dict[str, Department] = {}
    lists: dict[str, list[str]] = {}
    for path in rulefiles.files(RULES_FILE, rule_dirs):
        data = _load(path)
        departments.update({department.name: department for department in data.departments})
        lists.update(data.lists)
        seen: set[str] = set()
        for spec in data.rules:  # a code of an earlier directory is replaced; twice in one file is a slip
            if spec.code in seen:
                raise InputError(str(path), f"规则代码 {spec.code} 在本文件中出现两次 / duplicate rule {spec.code}")
            seen.add(spec.code)
            merged[spec.code] = (spec, str(path))
    aliases = {alias: department.name for department in departments.values() for alias in department.aliases}
    lists["departments"] = sorted(aliases, key=len, reverse=True)
    return Declared(tuple((spec, _rule(spec, source), source) for spec, source in merged.values()), lists, aliases)


@cache
def catalogue(rule_dirs: tuple[Path, ...] = ()) -> Catalogue:
    """The declared rules with their patterns compiled."""
    declared = _declared(rule_dirs)
    lists = declared.lists
    compiled = tuple(_compile(spec, rule, source, lists) for spec, rule, source in declared.rules)
    return Catalogue(compiled, lists, declared.aliases)


def _load(path: Path) -> RuleFile:
    return rulefiles.read("placeholders", path, RuleFile)


def _rule(spec: RuleSpec, source: str) -> Rule:
    summary = "".join(literal for literal, *_ in string.Formatter().parse(spec.message)).strip("：: ")
    return Rule(
        code=spec.code,
        name=spec.name,
        family=FAMILY,
        severity=spec.severity,
        summary=summary,
        explanation=spec.description,
        examples=tuple(spec.examples),
        counterexamples=tuple(spec.counterexamples),
        source=source,
    )


def _compile(spec: RuleSpec, rule: Rule, source: str, lists: dict[str, list[str]]) -> PlaceholderRule:
    import regex

    patterns = []
    for number, text in enumerate(spec.patterns):
        where = f"{spec.code}（{spec.name}）patterns.{number}"
        names = set(regex.findall(r"\\L<(\w+)>", text))
        missing = names - set(lists)
        if missing:
            raise InputError(source, f"{where}: 未定义的词表 / unknown list \\L<{sorted(missing)[0]}>")
        try:
            pattern = regex.compile(text, regex.MULTILINE, **{name: lists[name] for name in names})
        except (regex.error, ValueError) as error:
            raise InputError(source, f"{where}: 正则表达式无效 / invalid pattern: {error}") from None
        if Path(source).parent != rulefiles.bundled_rules_dir():  # csrlint's own are swept by its tests
            _probe(pattern, spec, where, source)
        patterns.append(pattern)
    return PlaceholderRule(spec, rule, tuple(patterns), source)


def _probe(pattern, spec: RuleSpec, where: str, source: str) -> None:
    """Reject a pattern that already backtracks catastrophically on its own examples."""
    sample = "\n".join([*spec.examples, *spec.counterexamples] * 4)
    try:
        for _ in pattern.finditer(sample, timeout=PROBE_TIMEOUT):
            pass
    except TimeoutError:
        raise InputError(
            source, f"{where}: 模式超时（{PROBE_TIMEOUT} 秒），可能存在灾难性回溯 / catastrophic pattern"
        ) from None


def _word_pattern(words: list[str]):
    import regex

    return regex.compile(r"\L<words>", words=words) if words else None


def _mask_start(lists: dict[str, list[str]]):
    """``人`` after ``**`` is a unit (共**人); ``人民`` is not (**人民满意**); a bare unit such
    as ``本`` only where the phrase ends (发放图书**本，), not in ``**本单位…**``."""
    import regex

    if not lists.get("units"):
        return None
    exclude = r"(?!\L<not_units>)" if lists.get("not_units") else ""
    bare = rf"|\L<bare_units>(?={BARE_UNIT_END})" if lists.get("bare_units") else ""
    kwargs = {name: lists[name] for name in ("units", "not_units", "bare_units") if lists.get(name)}
    return regex.compile(rf"[ \t]*(?:{exclude}\L<units>{bare})", regex.MULTILINE, **kwargs)
