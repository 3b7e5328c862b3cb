"""Family ``structure``: chapters missing, misplaced, out of order, empty, doubled, misnumbered."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Annotated

from ..findings import Finding, Rule, Severity
from ..matching import ChapterMatch, descendants, nearest_heading, similarity
from ..structure import CN_DIGITS, SENTENCE_PUNCT, Heading, normalise_title, split_number
from ..validation import Check
from . import Context

FAMILY = "structure"

#: A draft with every chapter of the small example profile (fixtures/example-rules), which the
#: examples below change in one place each; tests/test_rule_examples.py lints them.
COMPLETE = """一、公开陈述
本单位承诺，本报告内容真实、准确。
二、基本情况
（一）单位概况
本单位成立于 1998 年，现有员工 120 人。
（二）所属类别
本单位属于公共服务业。
三、主要内容
（一）员工教育
全年组织员工培训 12 次。
（二）志愿服务
全年开展志愿服务 36 次。
四、预期与展望
继续做好各项工作。
五、社会评价
（一）社会荣誉
获评区级文明单位。
（二）媒体报道
区融媒体中心报道本单位志愿服务。
"""

PROFILE_FIT = Rule(
    code="CSR100",
    name="profile-fit",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="文档不符合任何指南结构",
    explanation="按各指南结构统计文档覆盖了多少必备章节和一级章节；两者都低于阈值（fit-threshold，默认一半；一级章节至少四分之三）时，"
    "在第 1 行给出这一条发现，列出缺少的一级章节，不再逐章报告缺失、顺序和层级；占位符、数字和报告期检查照常进行。"
    "可用 --profile 指定结构，逐章检查。",
    examples=[
        "2023 年度文明创建工作总结\n现将 2023 年度文明创建工作报告如下。\n一、主要工作\n本年度各项工作顺利完成。\n"
        "二、存在的不足\n宣传力度不够。\n三、下一步打算\n继续努力。\n"
    ],
    counterexamples=[COMPLETE],
    options=("fit-threshold",),
)
MISSING = Rule(
    code="CSR101",
    name="missing-chapter",
    family=FAMILY,
    severity=Severity.ERROR,
    summary="缺少指南要求的章节",
    explanation="指南结构中标为必备（required）的章节在文档中找不到（按名称、别名和相似度匹配）。"
    "提示应在哪一章之后，以及最接近的现有标题。一级章节缺失为错误，下级章节缺失为警告。",
    examples=[COMPLETE.replace("（二）媒体报道\n区融媒体中心报道本单位志愿服务。\n", "")],
    counterexamples=[COMPLETE],
)
ORDER = Rule(
    code="CSR102",
    name="chapter-order",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="章节顺序与指南不一致",
    explanation="同一层级的章节出现顺序与指南结构规定的顺序不同（any_order 的章节除外）。",
    examples=[
        COMPLETE.replace(
            "（一）员工教育\n全年组织员工培训 12 次。\n（二）志愿服务\n全年开展志愿服务 36 次。",
            "（一）志愿服务\n全年开展志愿服务 36 次。\n（二）员工教育\n全年组织员工培训 12 次。",
        )
    ],
    counterexamples=[
        COMPLETE.replace(
            "（一）社会荣誉\n获评区级文明单位。\n（二）媒体报道\n区融媒体中心报道本单位志愿服务。",
            "（一）媒体报道\n区融媒体中心报道本单位志愿服务。\n（二）社会荣誉\n获评区级文明单位。",
        )
    ],
)
LEVEL = Rule(
    code="CSR103",
    name="chapter-level",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="章节层级不正确",
    explanation="章节找到了，但不在指南规定的上级章节之下，例如把“社会评价”编为“主要内容”下的（六）。",
    examples=[
        COMPLETE.replace(
            "（二）志愿服务\n全年开展志愿服务 36 次。\n",
            "（二）志愿服务\n全年开展志愿服务 36 次。\n（三）所属类别\n本单位属于公共服务业。\n",
        ).replace("（二）所属类别\n本单位属于公共服务业。\n", "")
    ],
    counterexamples=[COMPLETE],
)
EMPTY = Rule(
    code="CSR104",
    name="empty-chapter",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="章节没有内容",
    explanation="章节标题之后紧接着下一个标题，标题下没有任何正文或下级章节。",
    examples=[COMPLETE.replace("（二）所属类别\n本单位属于公共服务业。\n", "（二）所属类别\n")],
    counterexamples=[COMPLETE],
)
DUPLICATE = Rule(
    code="CSR105",
    name="duplicate-chapter",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="章节重复出现",
    explanation="同一个指南章节在同一层级出现了两次。",
    examples=[
        COMPLETE.replace(
            "全年开展志愿服务 36 次。\n", "全年开展志愿服务 36 次。\n（三）志愿服务\n组织员工参加社区志愿服务。\n"
        )
    ],
    counterexamples=[COMPLETE],
)
NUMBERING = Rule(
    code="CSR106",
    name="numbering",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="标题编号跳号或重号",
    explanation="同一层级、同一编号样式的相邻标题，编号应连续：一、二、三；1、2、3。一个编错号的标题只报一次"
    "（二、四、四、 报第一个「四、」应为「三、」）；因缺章或章节调换造成的跳号由 CSR101/CSR102 报告。",
    examples=[COMPLETE.replace("五、社会评价", "六、社会评价"), COMPLETE.replace("（二）志愿服务", "（三）志愿服务")],
    counterexamples=[COMPLETE],
)
NOT_A_REPORT = Rule(
    code="CSR107",
    name="not-a-report",
    family=FAMILY,
    severity=Severity.INFO,
    summary="文档不像社会责任报告，不做章节检查，其他发现只作提示",
    explanation="没有报告标题（如“2023 年度社会责任报告”“工作总结”），开头也没有“现将…报告如下”之类的话，"
    "与各指南结构几乎不吻合，篇幅又短的文档（报告仓库里的 README、笔记），不做章节检查，其他发现降为提示（info），"
    "以免提交钩子和 CI 在默认的 --fail-on warning 下因非报告文件失败。用 --profile 指定结构则照常检查。",
    examples=[
        "# 使用说明\n\n本仓库存放本单位各年度的社会责任报告草稿，按年份分目录。\n\n## 提交\n\n提交前请运行 csrlint。\n"
    ],
    counterexamples=[
        COMPLETE,
        "2023 年度文明创建工作总结\n现将 2023 年度文明创建工作报告如下。\n一、主要工作\n本年度各项工作顺利完成。\n",
    ],
)

RULES = [PROFILE_FIT, MISSING, ORDER, LEVEL, EMPTY, DUPLICATE, NUMBERING, NOT_A_REPORT]
#: Coverage below which a document is told it fits no profile well.
FIT_THRESHOLD = 0.5
#: Share of the top-level chapters from which a document follows its profile whatever its coverage.
TOP_FIT_THRESHOLD = 0.75
#: A document is plainly not a report below this coverage, without a report title, and
#: shorter than ``NOT_A_REPORT_CHARS`` characters.
NOT_A_REPORT_COVERAGE = 0.2
NOT_A_REPORT_CHARS = 8000
#: Non-blank lines at the start of a document that may hold its title.
OPENING_LINES = 15
#: A title (a short line without sentence punctuation) that ends naming a report (… 社会责任报告,
#: … 工作总结, 社会责任书; not 报告存放说明), or an opening that says a report follows.
REPORT_TITLE = re.compile(r"(?:报告|总结|责任书)$")
REPORT_OPENING = re.compile(r"(?:报告|总结)如下|本报告")


@dataclass
class StructureOptions:
    """``[tool.csrlint.structure]``."""

    __pydantic_config__ = {"extra": "forbid"}

    fit_threshold: Annotated[float, Check(ge=0)] = FIT_THRESHOLD  # CSR100 below this coverage


OPTIONS = StructureOptions


def rules(rule_dirs=()) -> list[Rule]:
    return RULES


def check(context: Context) -> Iterator[Finding]:
    match = context.match
    if not_a_report(context):
        yield Finding.of(
            NOT_A_REPORT,
            f"文档不像社会责任报告（没有报告标题，与指南结构的覆盖率 {match.coverage:.0%}），"
            "不做章节检查，其他发现只作提示；如确为报告，请用 --profile 指定结构",
            line=1,
            excerpt="",
        )
        return
    threshold = context.options.settings.get("structure", {}).get("fit-threshold", FIT_THRESHOLD)
    if not _follows(match, threshold):
        # Chapter by chapter findings against a structure the document does not follow would
        # only repeat this one: say once what is missing.
        missing = [m.chapter.name for m in match.matches if not m.parents and m.required and m.heading is None]
        yield Finding.of(
            PROFILE_FIT,
            f"文档不符合任何指南结构：最接近的是「{match.profile.title}」"
            f"（{match.profile.id}），覆盖率 {match.coverage:.0%}，"
            f"缺少{'、'.join(f'「{name}」' for name in missing) or '多数下级章节'}",
            line=1,
            excerpt="",
            suggestion="按指南结构补齐章节，或用 --profile 指定结构",
        )
        yield from _numbering(context)
        return
    missing = list(_missing(context))
    order = list(_order(context))
    yield from missing
    yield from _misplaced(context)
    yield from order
    yield from _empty(context)
    yield from _duplicates(context)
    # A skip at a missing chapter's place, or at a chapter out of order, is that finding's.
    yield from _numbering(context, explained={f.line for f in missing} | {f.line for f in order})


def _follows(match, threshold: float) -> bool:
    """Whether the document follows its profile: enough of the required chapters, or of the
    top-level ones (a report without its whole 主要内容 still follows the structure); a
    configured ``fit-threshold`` above ``TOP_FIT_THRESHOLD`` raises both bars."""
    return match.forced or match.coverage >= threshold or match.top_coverage >= max(threshold, TOP_FIT_THRESHOLD)


def not_a_report(context: Context) -> bool:
    """Plainly not a report (a README, notes): no report title or opening, near-zero coverage,
    short. Never when a profile was forced."""
    return context.once("not-a-report", lambda: _not_a_report(context))


def _not_a_report(context: Context) -> bool:
    match = context.match
    if match.forced or match.coverage >= NOT_A_REPORT_COVERAGE:
        return False
    lines = context.document.lines
    if sum(len(line.text) for line in lines) >= NOT_A_REPORT_CHARS:
        return False
    opening = [line.text.strip().lstrip("#").strip() for line in lines if line.text.strip()][:OPENING_LINES]
    titled = any(
        len(text) <= 40 and not SENTENCE_PUNCT.search(text) and REPORT_TITLE.search(normalise_title(text))
        for text in opening
    )
    return not titled and not any(REPORT_OPENING.search(text) for text in opening)


def _missing(context: Context) -> Iterator[Finding]:
    matches = context.match.matches
    for index, item in enumerate(matches):
        if item.heading is not None or not item.required:
            continue
        parent = _parent_match(matches, index)
        if parent is not None and parent.heading is None:
            continue  # the parent is reported; its children need not be
        where = _expected_place(matches, index, parent)
        # A heading that already names another chapter is no rename of this one.
        scope = [h for h in _scope(context, parent) if h.line not in context.match.by_heading]
        near, score = nearest_heading(item.chapter, scope)
        hint = (
            f"；最接近的标题：「{near.label}」（{context.document.place(near.line)}，相似度 {score:.0f}）"
            if near
            else ""
        )
        rule = MISSING if not item.parents else _as_warning(MISSING)
        line = where[1] or 1  # nowhere to point: the document's start (positions are 1-based)
        yield Finding.of(
            rule,
            f"缺少章节「{item.chapter.name}」，应位于{where[0]}{hint}",
            line=line,
            page=_page_of(context, line),
            chapter=item.chapter.name,
            excerpt=near.label if near else "",
            suggestion=f"添加「{item.chapter.name}」" + (f"，或将「{near.title}」改名" if near else ""),
        )


def _as_warning(rule: Rule) -> Rule:
    return replace(rule, severity=Severity.WARNING)


def _parent_match(matches: list[ChapterMatch], index: int) -> ChapterMatch | None:
    item = matches[index]
    if not item.parents:
        return None
    for candidate in reversed(matches[:index]):
        if candidate.chapter is item.parents[-1]:
            return candidate
    return None


def _expected_place(matches: list[ChapterMatch], index: int, parent: ChapterMatch | None) -> tuple[str, int | None]:
    """Where the chapter should stand (after which found sibling) and a line to point at."""
    item = matches[index]
    following = next((m for m in matches[index + 1 :] if m.parents == item.parents and m.heading), None)
    for candidate in reversed(matches[:index]):
        if candidate.parents == item.parents and candidate.heading is not None:
            # Point where the chapter would be inserted: at the next chapter's heading.
            line = following.heading.line if following else candidate.heading.end_line
            return f"「{candidate.chapter.name}」之后", line or candidate.heading.line
    if following is not None:
        return f"「{following.chapter.name}」之前", following.heading.line
    if parent is not None and parent.heading is not None:
        return f"「{parent.chapter.name}」之下", parent.heading.line
    return "文档中", None


def _scope(context: Context, parent: ChapterMatch | None) -> list[Heading]:
    if parent is not None and parent.heading is not None:
        return descendants(parent.heading) or context.outline.chapters
    return context.outline.chapters


def _misplaced(context: Context) -> Iterator[Finding]:
    matches = context.match.matches
    for index, item in enumerate(matches):
        if not item.misplaced or item.heading is None:
            continue
        parent = _parent_match(matches, index)
        heading = item.heading
        actual_parent = heading.parent.label if heading.parent else "文档顶层"
        if parent is None:
            expected = "一级章节"
        elif parent.heading is None:
            continue  # the parent is missing: nothing to compare with
        else:
            expected = f"「{parent.chapter.name}」的下级章节"
        yield Finding.of(
            LEVEL,
            f"「{item.chapter.name}」应为{expected}，实际位于「{actual_parent}」之下（第 {heading.level} 级）",
            line=heading.line,
            page=heading.page,
            chapter=item.chapter.name,
            excerpt=heading.label,
        )


def _order(context: Context) -> Iterator[Finding]:
    """Siblings out of the profile's order: those outside the longest in-order run."""
    groups: dict[tuple, list[tuple[int, ChapterMatch]]] = {}
    parent_chapters = {}
    for position, item in enumerate(context.match.matches):
        if item.heading is None or item.misplaced:
            continue
        key = tuple(id(parent) for parent in item.parents)
        parent_chapters[key] = item.parents[-1] if item.parents else None
        groups.setdefault(key, []).append((position, item))
    for key, members in groups.items():
        parent = parent_chapters[key]
        if parent is not None and parent.any_order:
            continue
        in_document = sorted(members, key=lambda pair: pair[1].heading.line)
        keep = _longest_increasing([position for position, _ in in_document])
        for position, item in in_document:
            if position in keep:
                continue
            before = next((m for p, m in sorted(members, key=lambda pair: pair[0]) if p > position), None)
            where = f"，按指南应在「{before.chapter.name}」之前" if before else "，按指南应在本层最后"
            yield Finding.of(
                ORDER,
                f"章节「{item.chapter.name}」顺序不对{where}",
                line=item.heading.line,
                page=item.heading.page,
                chapter=item.chapter.name,
                excerpt=item.heading.label,
            )


def _longest_increasing(values: list[int]) -> set[int]:
    """The values of one longest strictly increasing subsequence (O(n²), n is a few chapters)."""
    if not values:
        return set()
    best = [1] * len(values)
    previous = [-1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i] and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    index = max(range(len(values)), key=lambda i: best[i])
    chosen = set()
    while index != -1:
        chosen.add(values[index])
        index = previous[index]
    return chosen


def _empty(context: Context) -> Iterator[Finding]:
    for item in context.match.matches:
        heading = item.heading
        if heading is None or heading.run_in or heading.children or heading.body_lines:
            continue
        yield Finding.of(
            EMPTY,
            f"章节「{heading.title}」下没有正文",
            line=heading.line,
            page=heading.page,
            chapter=item.chapter.name,
            excerpt=heading.label,
        )


def _duplicates(context: Context) -> Iterator[Finding]:
    matched = {m.heading.line: m for m in context.match.matches if m.heading is not None}
    for item in matched.values():
        siblings = (
            item.heading.parent.chapters()
            if item.heading.parent
            else [h for h in context.outline.chapters if h.parent is None]
        )
        for other in siblings:
            if other.line in matched or other.line <= item.heading.line:
                continue
            if similarity(other.key, item.chapter) >= 90:
                yield Finding.of(
                    DUPLICATE,
                    f"章节「{item.chapter.name}」重复出现，第一次在{context.document.place(item.heading.line)}",
                    line=other.line,
                    page=other.page,
                    chapter=item.chapter.name,
                    excerpt=other.label,
                )


def _numbering(context: Context, explained: set[int] = frozenset()) -> Iterator[Finding]:
    """Adjacent siblings of one style must count up by one; each fault is reported once."""
    parents: list[Heading | None] = [None, *context.outline.headings]
    for parent in parents:
        children = [
            child
            for child in (parent.children if parent else context.outline.roots)
            if child.ordinal is not None and _number_style(child)
        ]
        run: list[Heading] = []
        for child in children:
            if run and _number_style(run[-1]) != _number_style(child):
                yield from _sequence_faults(run, explained)
                run = []
            run.append(child)
        yield from _sequence_faults(run, explained)


def _number_style(heading: Heading) -> str | None:
    """The numbering style of a heading's number; a Markdown heading's is that of its number
    (``## 二、基本情况`` counts with ``## 一、公开陈述``, not with ``## 附录``)."""
    if heading.style.startswith("markdown"):
        return split_number(heading.number)[2] if heading.number else None
    return None if heading.style == "plain" else heading.style


def _sequence_faults(run: list[Heading], explained: set[int]) -> Iterator[Finding]:
    """Faults in one run of same-style siblings.

    Moved headings (every number present, out of order) are one fault at the first that
    goes back; a heading whose neighbours agree on its number (二、四、四、) is one fault at
    that heading, not a skip and a repeat.
    """
    ordinals = [heading.ordinal for heading in run]
    if (
        len(run) > 1
        and sorted(ordinals) == list(range(min(ordinals), min(ordinals) + len(run)))
        and ordinals != sorted(ordinals)
    ):
        back = next(current for previous, current in zip(run, run[1:]) if current.ordinal < previous.ordinal)
        previous = run[run.index(back) - 1]
        if back.line not in explained and previous.line not in explained:
            yield _numbering_finding(back, f"编号顺序颠倒：「{previous.number}」之后是「{back.number}」")
        return
    last = None
    for index, child in enumerate(run):
        if last is None:
            last = child.ordinal
            continue
        previous = run[index - 1]
        following = run[index + 1] if index + 1 < len(run) else None
        alone = following is not None and following.ordinal == last + 2  # the neighbours agree
        problem = None
        if child.ordinal == last and child.ordinal > 1:
            problem = f"编号重复：「{child.number}」与上一个同级标题相同"
        elif child.ordinal > last + 1 and (alone or child.line not in explained):
            problem = f"编号跳号：「{previous.number}」之后是「{child.number}」"
        if problem and alone:
            problem += f"，应为「{_renumbered(child, last + 1)}」"
        last = last + 1 if problem and alone else child.ordinal
        if problem and not (child.is_item and previous.is_item and child.ordinal > previous.ordinal):
            yield _numbering_finding(child, problem)


def _numbering_finding(heading: Heading, problem: str) -> Finding:
    return Finding.of(NUMBERING, problem, line=heading.line, page=heading.page, excerpt=heading.label[:40])


def _renumbered(heading: Heading, ordinal: int) -> str:
    """``heading``'s number with ``ordinal`` in its place: 四、 → 三、, （5） → （4）."""
    if heading.style == "circled":
        return chr(ord("①") + ordinal - 1) if 1 <= ordinal <= 20 else heading.number
    if re.search(r"\d", heading.number):
        return re.sub(r"\d+(?!.*\d)", str(ordinal), heading.number)
    return re.sub(f"[{CN_DIGITS}]+", _cn_numeral(ordinal), heading.number, count=1)


def _cn_numeral(value: int) -> str:
    """3 → 三, 12 → 十二, 20 → 二十 (heading numbers stay below 100)."""
    digits = "零一二三四五六七八九"
    tens, units = divmod(value, 10)
    if not tens:
        return digits[units]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


def _page_of(context: Context, line: int | None) -> int | None:
    if line is None:
        return None
    for candidate in context.document.lines:
        if candidate.number >= line:
            return candidate.page
    return None
