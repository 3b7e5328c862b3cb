"""Detection benchmark: faults injected into real reports and clean drafts, and what csrlint finds.

Every fault is generated, not listed by hand: each mask style before each kind of measure
word, notes in （） and 【】, template names, partial-year and forecast phrases, dates after
the period, text carried over from an earlier year, parts/totals/shares/repeated metrics
changed, chapters deleted and renumbered, and harmless edits (re-wrapped lines, full-width
digits, bold around real text, chapters renamed to an alias, plans for next year, history).
Each injection knows its family, its kind and the line(s) where it stands.

csrlint runs in-process on the original and on each variant. A fault is *detected* when a
finding of its family lands at one of its lines (±1, or names it as the related place). A
*false alarm* is a variant with a finding the injection caused anywhere else (findings are
compared with the unmodified text's, without line numbers), or any new finding after a
harmless edit.

    python benchmarks/detection.py [--markdown] [--per-kind N] [--seed S] [--misses]

The word lists here are written independently of ``rules/``: the benchmark measures whether
the rules generalise, not whether they repeat this file.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "fixtures"
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from csrlint import structure  # noqa: E402
from csrlint.document import Document  # noqa: E402
from csrlint.engine import Linter  # noqa: E402
from csrlint.findings import Finding  # noqa: E402
from csrlint.matching import choose_profile, known_titles  # noqa: E402
from csrlint.readers.text import PAGE_NUMBER, split_pages  # noqa: E402

FAMILIES = ("placeholder", "period", "figure", "structure", "harmless")
TARGET_RECALL, TARGET_FALSE = 0.95, 0.05
SEED = 20231231
PER_KIND = 10  # variants per kind and document (corpus and fixtures alike)
NEAR = 1  # lines either side of the fault that still count as "at the fault"

#: What stands where a number was: the styles drafts use.
MASKS = {
    "*": "*",
    "＊": "＊",
    "**": "**",
    "X": "X",
    "XX": "XX",
    "×": "×",
    "□": "□",
    "X.X": "X.X",
    "**.*": "**.*",
    "blank": "  ",
}
#: Measure words and units, simple and compound (a general list, not csrlint's).
UNITS = [
    "人",
    "名",
    "位",
    "人次",
    "万人次",
    "户",
    "家",
    "个",
    "项",
    "件",
    "次",
    "场",
    "批",
    "期",
    "届",
    "支",
    "条",
    "篇",
    "份",
    "本",
    "册",
    "张",
    "幅",
    "部",
    "台",
    "套",
    "辆",
    "艘",
    "座",
    "栋",
    "间",
    "所",
    "处",
    "元",
    "万元",
    "亿元",
    "千元",
    "元/人",
    "万元/年",
    "%",
    "个百分点",
    "倍",
    "分",
    "岁",
    "年",
    "天",
    "小时",
    "分钟",
    "课时",
    "学时",
    "吨",
    "千克",
    "公斤",
    "升",
    "立方米",
    "千瓦时",
    "万千瓦时",
    "度",
    "米",
    "公里",
    "千米",
    "平方米",
    "平方公里",
    "公顷",
    "亩",
    "棵",
    "株",
    "盒",
    "箱",
    "袋",
]
#: Words a clause may start with before a masked number: quantity words and plain verbs.
LEADS = [
    "共",
    "约",
    "达",
    "累计",
    "合计",
    "共计",
    "超过",
    "涉及",
    "覆盖",
    "惠及",
    "新增",
    "投入",
    "开展",
    "服务",
    "组织",
    "发放",
    "接待",
    "培训",
    "",
]
DEPARTMENTS = ["财务", "财务部", "人力资源部", "办公室", "党办", "工会", "团委", "客服部", "市场部", "各部门", ""]
NOTE_VERBS = ["补充", "补充修改", "核实", "确认", "提供数据", "更新", "完善", "填写", "审核", "替换图片"]
NOTES = ["请{dept}{verb}", "待{verb}", "需{dept}{verb}", "{dept}待{verb}", "数据待{verb}"]
TEMPLATE_NAMES = [
    "某单位",
    "某某单位",
    "某某公司",
    "某公司",
    "XX局",
    "XX公司",
    "××单位",
    "某某医院",
    "XXX集团",
    "某某学校",
    "XX中心",
]
OWN_NAMES = re.compile(r"本单位|我单位|本公司|我公司|公司|我局|本局|我院|本院|我校|本校|本中心|我中心")
FORECASTS = ["预计", "预计可", "预计能", "有望", "有望超额", "力争", "预期", "预期可", "争取", "预计将"]
COMPLETION = re.compile(r"(?<![预有力争期])(完成|实现|达到|超过|突破|取得)(?=[^。；，\n]{0,20}?\d)")
PARTIAL = [
    "截至目前",
    "截止目前",
    "今年以来",
    "今年上半年",
    "上半年",
    "前三季度",
    "前两个季度",
    "1-{n}月",
    "1至{n}月",
    "1～{n}月",
    "截至{n}月",
    "截至{n}月底",
    "截止{n}月末",
    "截至{n}月中旬",
    "今年1-{n}月",
]
HAS_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?(?:人|名|次|个|项|元|%|场|家|户|件|小时|天|吨|篇|期)")
CARRIED = [  # (template, year it belongs to or None for "the pandemic years")
    ("严格落实疫情防控常态化各项要求，", None),
    ("组织员工分批参加核酸检测，", None),
    ("全力做好抗疫物资保障，", None),
    ("积极参与社区疫情防控志愿服务，", None),
    ("严格执行健康码查验，", None),
    ("圆满完成第{n}届中国国际进口博览会服务保障任务，", "ciie"),
    ("全力保障第{n}届进博会顺利召开，", "ciie"),
    ("热烈庆祝党的二十大胜利召开，", 2022),
    ("喜迎党的二十大胜利召开，", 2022),
    ("喜迎党的二十届三中全会胜利召开，", 2024),
]
PLANS = [
    "下一步，我们将力争完成更高目标。",
    "{next}年，将继续推进各项工作，预计完成年度计划。",
    "明年有望实现新的提升。",
    "{next}年将力争实现服务质量再上新台阶。",
    "明年将争取达到更高水平。",
]
HISTORY = ["本单位成立于{old}年。", "公司自{old}年成立以来，始终坚持服务为本。", "{old}年，单位正式挂牌成立。"]
PART_NOUNS = {"人": "女性", "名": "党员", "次": "专题", "项": "重点", "场": "大型", "个": "新增", "家": "新签约"}
FIGURE_UNITS = "人|名|次|项|场|个|家"
OUTLOOK_RESULTS = ("预期绩效", "绩效", "效益")
WIDE_DIGITS = {code + 0xFEE0: code for code in range(0x30, 0x3A)}


@dataclass
class Variant:
    family: str
    kind: str
    text: str
    lines: tuple[int, ...] = ()  # where the fault stands, in the variant's line numbers
    explains: tuple[str, ...] = ()  # findings elsewhere that quote one of these are its consequences
    note: str = ""  # what was injected, for --misses


@dataclass
class Base:
    """A report the faults are injected into, read once."""

    name: str
    suffix: str
    text: str
    lines: list[str]
    keys: Counter
    year: int | None
    roles: dict[int, str | None]  # body line → chapter role
    headings: dict[int, object]  # line → structure.Heading
    toc: dict[int, str]  # line → title of its table-of-contents entry
    chapters: list[dict]  # FileResult.chapters
    profile: object  # the chosen Profile
    body: list[int] = field(default_factory=list)  # prose lines after the cover, outside the TOC
    flagged: dict[str, set[int]] = field(default_factory=dict)  # family → lines with a finding already


def document_of(text: str, name: str, suffix: str) -> Document:
    """What the text reader makes of ``text`` (without a file)."""
    lines, markers, page_count = split_pages(text.split("\n"))
    return Document(path=name, lines=lines, format=suffix, page_count=page_count, page_markers=markers)


def key(finding: Finding) -> tuple:
    """A finding without its place: line numbers shift when an injection adds or removes lines."""
    message = finding.message.translate(WIDE_DIGITS)
    return finding.code, re.sub(r"第 ?\d+ ?[行段]", "第 N 行", message)


def load_base(linter: Linter, path: Path) -> Base:
    text = path.read_text(encoding="utf-8")
    document = document_of(text, path.name, path.suffix.lstrip("."))
    result = linter.lint_document(document)
    outline = structure.parse(document, known_titles(linter.profiles))
    match = choose_profile(linter.profiles, outline)[0]
    headings = {heading.line: heading for heading in outline.headings}
    toc = {entry.line for entry in outline.toc}
    first = outline.chapters[0].line if outline.chapters else 0
    flagged = defaultdict(set)
    for finding in result.findings:  # a second fault in a flagged sentence is reported with the first
        flagged[finding.family].update(range((finding.line or 0) - 1, (finding.line or 0) + 2))
    roles, body = {}, []
    for line in document.lines:
        if line.number <= first or line.number in headings or line.number in toc or len(line.text.strip()) < 12:
            continue
        path_titles = "".join(h.title for h in outline.path_at(line.number))
        role = match.role_at(outline, line.number)
        if role == "outlook" and any(word in path_titles for word in OUTLOOK_RESULTS):
            role = "results"  # 预期绩效: the year's results, inside 预期与展望
        roles[line.number] = role
        body.append(line.number)
    return Base(
        path.name,
        path.suffix.lstrip("."),
        text,
        text.split("\n"),
        Counter(map(key, result.findings)),
        result.facts.get("report_year"),
        roles,
        headings,
        {entry.line: entry.title for entry in outline.toc},
        result.chapters,
        match.profile,
        body,
        flagged,
    )


def bases() -> list[Path]:
    """Every corpus report (when ../shared is there) and the project's clean drafts."""
    corpus = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    fixtures = sorted({*FIXTURES.glob("*-complete.*"), *FIXTURES.glob("*-clean.txt"), FIXTURES / "example-2023.txt"})
    return corpus + fixtures


# --- injections ------------------------------------------------------------------------


def replace_line(base: Base, number: int, new: str | list[str]) -> str:
    lines = list(base.lines)
    lines[number - 1 : number] = [new] if isinstance(new, str) else new
    return "\n".join(lines)


def sentence_ends(text: str) -> list[int]:
    return [m.start() for m in re.finditer("[。；]", text)]


def retrospective(base: Base) -> list[int]:
    return [n for n in base.body if base.roles[n] in ("statement", "overview", "review", None)]


def insert_clause(base: Base, rng: random.Random, lines: list[int], clause: str) -> tuple[int, str] | None:
    """``clause`` (ending in ，) put at the start of a sentence of one of ``lines``."""
    for number in rng.sample(lines, min(len(lines), 8)):
        text = base.lines[number - 1]
        if not sentence_ends(text):
            continue  # a date line, a caption: not prose
        starts = [end + 1 for end in sentence_ends(text) if end + 1 < len(text) - 4]
        if opens_sentence(base, number):
            starts.append(0)
        if not starts:
            continue
        at = rng.choice(starts)
        if text[at : at + 1].strip() and not text[at].isdigit():
            return number, text[:at] + clause + text[at:]
    return None


def opens_sentence(base: Base, number: int) -> bool:
    """Line ``number`` starts a sentence: the line before it ends one, or is a heading or blank."""
    previous = next((n for n in range(number - 1, 0, -1) if base.lines[n - 1].strip()), None)
    return previous is None or previous in base.headings or base.lines[previous - 1].rstrip()[-1:] in "。；！？：:"


def results(base: Base, lines: list[int]) -> list[int]:
    """Lines that state results: no plan (明年, 下一步, 将, a later year), no period finding already."""
    plan = re.compile(
        rf"明年|来年|下一步|新的一年|今后|未来|将|计划|力争|预计|有望|争取|{base.year + 1}|{base.year + 2}"
    )
    return [n for n in lines if not plan.search(base.lines[n - 1]) and n not in base.flagged["period"]]


def masks(base: Base, rng: random.Random) -> Iterator[Variant]:
    """Every mask style before every unit: a figure of the text masked, or a masked clause added."""
    figure = re.compile(rf"(?<![\d.．A-Za-z])\d+(?:\.\d+)?(?=\s*(?:{'|'.join(map(re.escape, UNITS))}))")
    found = [(n, m) for n in base.body for m in figure.finditer(base.lines[n - 1])]
    for style, mask in MASKS.items():
        for unit in UNITS:
            if found and rng.random() < 0.5:
                number, match = rng.choice(found)
                text = base.lines[number - 1]
                new = text[: match.start()] + mask + text[match.end() :]
                where = new[max(0, match.start() - 6) : match.start() + len(mask) + 6]
            else:
                lead = rng.choice(LEADS)
                placed = insert_clause(base, rng, base.body, f"{lead}{mask}{unit}，") if base.body else None
                if placed is None:
                    continue
                number, new = placed
                where = f"{lead}{mask}{unit}"
            yield Variant("placeholder", f"mask {style}", replace_line(base, number, new), (number,), note=where)


def notes(base: Base, rng: random.Random) -> Iterator[Variant]:
    lines = base.body + list(base.headings)
    for brackets in ("（）", "【】"):
        for _ in range(40):
            note = rng.choice(NOTES).format(dept=rng.choice(DEPARTMENTS), verb=rng.choice(NOTE_VERBS))
            number = rng.choice(lines)
            text = base.lines[number - 1].rstrip()
            cut = len(text) - 1 if text.endswith("。") else len(text)
            new = text[:cut] + brackets[0] + note + brackets[1] + text[cut:]
            yield Variant("placeholder", f"note {brackets}", replace_line(base, number, new), (number,), note=note)


def templates(base: Base, rng: random.Random) -> Iterator[Variant]:
    own = [(n, m) for n in base.body for m in OWN_NAMES.finditer(base.lines[n - 1])]
    for _ in range(40):
        name = rng.choice(TEMPLATE_NAMES)
        if own and rng.random() < 0.7:
            number, match = rng.choice(own)
            text = base.lines[number - 1]
            new = text[: match.start()] + name + text[match.end() :]
        else:
            placed = insert_clause(base, rng, base.body, f"{name}高度重视，")
            if placed is None:
                continue
            number, new = placed
        yield Variant("placeholder", "template name", replace_line(base, number, new), (number,), note=name)


def forecasts(base: Base, rng: random.Random) -> Iterator[Variant]:
    for kind, lines in (
        ("forecast", results(base, retrospective(base))),
        ("forecast in 预期绩效", results(base, [n for n in base.body if base.roles[n] == "results"])),
    ):
        found = [(n, m) for n in lines for m in COMPLETION.finditer(base.lines[n - 1])]
        for _ in range(40 if found else 0):
            number, match = rng.choice(found)
            text = base.lines[number - 1]
            word = rng.choice(FORECASTS)
            new = text[: match.start()] + word + text[match.start() :]
            yield Variant("period", kind, replace_line(base, number, new), (number,), note=word + match.group(1))


def partial_years(base: Base, rng: random.Random) -> Iterator[Variant]:
    for kind, lines in (
        ("partial-year", results(base, retrospective(base))),
        ("partial-year in 预期绩效", results(base, [n for n in base.body if base.roles[n] == "results"])),
    ):
        lines = [n for n in lines if HAS_FIGURE.search(base.lines[n - 1])]
        for _ in range(40 if lines else 0):
            phrase = rng.choice(PARTIAL).format(n=rng.randint(3, 11))
            number = rng.choice(lines)
            text = base.lines[number - 1]
            figure = HAS_FIGURE.search(text)
            start = max(text.rfind("。", 0, figure.start()), text.rfind("；", 0, figure.start()), -1) + 1
            new = text[:start] + phrase + "，" + text[start:]
            yield Variant("period", kind, replace_line(base, number, new), (number,), note=phrase)


def dates_after(base: Base, rng: random.Random) -> Iterator[Variant]:
    lines = results(base, retrospective(base))
    for _ in range(40 if lines else 0):
        month = rng.randint(1, 12)
        written = rng.choice(
            [
                f"{base.year + 1}年{month}月",
                f"{base.year + 1} 年 {month} 月 {rng.randint(1, 28)} 日",
                f"{base.year + 1}年{month}月{rng.randint(1, 28)}日",
            ]
        )
        placed = insert_clause(base, rng, lines, written + "，")
        if placed:
            yield Variant(
                "period", "date after period", replace_line(base, placed[0], placed[1]), (placed[0],), note=written
            )


def carried_over(base: Base, rng: random.Random) -> Iterator[Variant]:
    """A sentence of an earlier year's report, put into this year's."""
    lines = results(base, retrospective(base))
    choices = []
    for template, year in CARRIED:
        if year is None and base.year >= 2023:
            choices.append(template)
        elif year == "ciie":
            choices += [template.format(n=n) for n in range(1, 8) if 2017 + n < base.year]
        elif isinstance(year, int) and year < base.year:
            choices.append(template)
    for _ in range(40 if lines and choices else 0):
        clause = rng.choice(choices)[:-1] + "。"
        placed = insert_clause(base, rng, lines, clause)
        if placed:
            yield Variant("period", "carried over", replace_line(base, placed[0], placed[1]), (placed[0],), note=clause)


def figures(base: Base, rng: random.Random) -> Iterator[Variant]:
    counts = re.compile(rf"(?<![\d.．])(\d{{2,5}})\s*({FIGURE_UNITS})(?![\d次])")
    found = [
        (n, m)
        for n in base.body
        for m in counts.finditer(base.lines[n - 1])
        if base.lines[n - 1][m.end() : m.end() + 1] not in ("/", "以")
    ]
    for _ in range(40 if found else 0):
        number, match = rng.choice(found)
        text = base.lines[number - 1]
        total, unit = int(match.group(1)), match.group(2)
        noun = PART_NOUNS.get(unit, "")
        if rng.random() < 0.5:
            part = total + rng.randint(1, max(1, total // 2))
            clause, kind = f"，其中{noun}{part}{unit}", "part > total"
        else:
            first = rng.randint(total // 2 + 1, total)
            second = total - first + rng.randint(max(2, total // 5), max(3, total // 2))
            clause, kind = (
                f"，其中{first}{unit}为男性、{second}{unit}为女性"
                if unit in "人名"
                else f"，其中线上{first}{unit}、线下{second}{unit}",
                "parts > total",
            )
        new = text[: match.end()] + clause + text[match.end() :]
        yield Variant("figure", kind, replace_line(base, number, new), (number,), note=match.group(0) + clause)
    shares = re.compile(r"(\d+)\s*(?:人|名)[^。；\n]{0,12}?占[^。；\n\d]{0,8}?(\d+(?:\.\d+)?)\s*[%％]")
    found = [(n, m) for n in base.body for m in shares.finditer(base.lines[n - 1])]
    for _ in range(20 if found else 0):
        number, match = rng.choice(found)
        text = base.lines[number - 1]
        old = float(match.group(2))
        new_share = round(old + rng.choice([-1, 1]) * rng.uniform(8, 25), 1)
        if not 0 < new_share < 100:
            new_share = round(old / 2, 1)
        new = text[: match.start(2)] + f"{new_share}" + text[match.end(2) :]
        yield Variant(
            "figure",
            "share changed",
            replace_line(base, number, new),
            (number,),
            note=f"{match.group(0)} → {new_share}%",
        )
    yield from repeated_metrics(base, rng)


def repeated_metrics(base: Base, rng: random.Random) -> Iterator[Variant]:
    """A metric of the text restated elsewhere with another value (``公众综合满意度 84.7 分`` … ``84.6 分``)."""
    pattern = re.compile(
        r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{4,10}?)(为|达|达到|是)?\s*(\d+(?:\.\d+)?)\s*(%|分|万元|亿元)"
    )
    stating = results(base, retrospective(base)) if base.year else base.body
    found = [
        (n, m)
        for n in stating
        for m in pattern.finditer(base.lines[n - 1])
        if not re.search(r"同比|较|增长|下降|提升|目标|计划|其中", m.group(1))
    ]
    for _ in range(40 if found else 0):
        number, match = rng.choice(found)
        value = float(match.group(3))
        step = rng.choice([1, 2, 3, 5]) * (0.1 if "." in match.group(3) else 1)
        changed = f"{value + step:.{len(match.group(3).split('.')[1]) if '.' in match.group(3) else 0}f}"
        far = [n for n in stating if abs(n - number) > 20]
        placed = (
            insert_clause(base, rng, far, f"{match.group(1)}{match.group(2) or ''}{changed}{match.group(4)}。")
            if far
            else None
        )
        if placed:
            yield Variant(
                "figure",
                "metric restated differently",
                replace_line(base, placed[0], placed[1]),
                (placed[0], number),
                note=f"{match.group(0)} → {changed}",
            )


def chapter_spans(base: Base) -> list[tuple[dict, int, int]]:
    """Matched leaf chapters with the lines they span (heading to the next chapter of any depth)."""
    found = sorted((c for c in base.chapters if c["line"]), key=lambda c: c["line"])
    spans = []
    for index, chapter in enumerate(found):
        following = found[index + 1 :]
        if following and following[0]["depth"] > chapter["depth"]:
            continue  # has children: deleting it is many faults
        end = following[0]["line"] if following else len(base.lines) + 1
        spans.append((chapter, chapter["line"], end))
    return spans


def structures(base: Base, rng: random.Random) -> Iterator[Variant]:
    for chapter, start, end in chapter_spans(base):
        if not chapter["required"] or end - start > 400:
            continue
        kept = [line for line in base.lines[start - 1 : end - 1] if PAGE_NUMBER.match(line)]
        lines = base.lines[: start - 1] + kept + base.lines[end - 1 :]
        heading = base.headings.get(start)
        # the TOC entry of the deleted chapter, and the document-level fit (CSR100), are its consequences
        explains = (chapter["chapter"], heading.title if heading else chapter["chapter"], "吻合度")
        yield Variant("structure", "chapter deleted", "\n".join(lines), (start,), explains, note=chapter["chapter"])
    numbered = [
        h
        for h in base.headings.values()
        if h.ordinal and h.number and not h.is_item and h.line in {c["line"] for c in base.chapters}
    ]
    for heading in rng.sample(numbered, min(len(numbered), 40)):
        text = base.lines[heading.line - 1]
        old = heading.number
        digits = re.search(r"\d+", old)
        if digits:
            new_number = old[: digits.start()] + str(heading.ordinal + 1) + old[digits.end() :]
        else:
            numeral = re.search(r"[一二三四五六七八九十]+", old)
            if not numeral:
                continue
            new_number = old[: numeral.start()] + chinese(heading.ordinal + 1) + old[numeral.end() :]
        at = text.find(old)
        if at < 0:
            continue
        siblings = [
            h.line
            for h in base.headings.values()
            if h.line > heading.line and h.parent is heading.parent and h.level == heading.level and not h.is_item
        ]
        lines = (heading.line, *(siblings[:1]))
        yield Variant(
            "structure",
            "chapter renumbered",
            replace_line(base, heading.line, text[:at] + new_number + text[at + len(old) :]),
            lines,
            (heading.title,),
            note=f"{old} → {new_number}",
        )


def chinese(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


# --- harmless edits: no finding may appear ----------------------------------------------


def harmless(base: Base, rng: random.Random) -> Iterator[Variant]:
    long = [n for n in base.body if len(base.lines[n - 1].strip()) > 30]
    for _ in range(40 if long else 0):
        number = rng.choice(long)
        text = base.lines[number - 1]
        cuts = [i for i in range(10, len(text) - 5) if is_han(text[i - 1]) and is_han(text[i])]
        if cuts:
            cut = rng.choice(cuts)
            yield Variant("harmless", "re-wrapped line", replace_line(base, number, [text[:cut], text[cut:]]))
    digits = [n for n in base.body if re.search(r"\d", base.lines[n - 1])]
    for _ in range(40 if digits else 0):
        number = rng.choice(digits)
        text = base.lines[number - 1].translate({code: code + 0xFEE0 for code in range(0x30, 0x3A)})
        yield Variant("harmless", "full-width digits", replace_line(base, number, text))
    clauses = [
        (n, m)
        for n in base.body
        for m in re.finditer(r"(?<=[，。；：])[^，。；：\n*]{6,30}(?=[，。；])", base.lines[n - 1])
    ]
    for _ in range(40 if clauses else 0):
        number, match = rng.choice(clauses)
        text = base.lines[number - 1]
        new = text[: match.start()] + "**" + match.group(0) + "**" + text[match.end() :]
        yield Variant("harmless", "bold around text", replace_line(base, number, new))
    yield from aliases(base, rng)
    if base.year:
        for template in (PLANS, HISTORY):
            kind = "plan for next year" if template is PLANS else "history"
            for _ in range(20):
                sentence = rng.choice(template).format(next=base.year + 1, old=base.year - rng.randint(3, 40))
                placed = insert_clause(base, rng, base.body, sentence)
                if placed:
                    yield Variant("harmless", kind, replace_line(base, placed[0], placed[1]))


def aliases(base: Base, rng: random.Random) -> Iterator[Variant]:
    """A chapter renamed to one of its profile's aliases (领导致辞 for 公开陈述): still the same chapter."""
    by_name = {}

    def walk(chapters):
        for chapter in chapters:
            by_name[chapter.name] = chapter
            walk(chapter.children)

    walk(base.profile.chapters)
    for item in base.chapters:
        heading = base.headings.get(item["line"])
        chapter = by_name.get(item["chapter"])
        if heading is None or chapter is None or not chapter.aliases:
            continue
        text = base.lines[heading.line - 1]
        at = text.find(heading.title)
        if at < 0:
            continue
        alias = rng.choice(chapter.aliases)
        lines = list(base.lines)
        for number in [heading.line, *(n for n, title in base.toc.items() if title == heading.title)]:
            lines[number - 1] = lines[number - 1].replace(heading.title, alias, 1)  # the TOC names it too
        yield Variant("harmless", "chapter renamed to alias", "\n".join(lines))


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


INJECTORS: list[Callable[[Base, random.Random], Iterator[Variant]]] = [
    masks,
    notes,
    templates,
    forecasts,
    partial_years,
    dates_after,
    carried_over,
    figures,
    structures,
    harmless,
]
PERIOD_INJECTORS = {forecasts, partial_years, dates_after, carried_over}


# --- scoring ---------------------------------------------------------------------------


@dataclass
class Score:
    variants: int = 0
    detected: int = 0
    false: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)


def judge(linter: Linter, base: Base, variant: Variant) -> tuple[bool, list[Finding]]:
    """(detected, false alarms) of one variant."""
    result = linter.lint_document(document_of(variant.text, base.name, base.suffix))
    remaining = Counter(base.keys)
    new = []
    for finding in result.findings:
        if remaining[key(finding)] > 0:
            remaining[key(finding)] -= 1
        else:
            new.append(finding)

    def at_fault(finding: Finding) -> bool:
        places = [finding.line, *(place.line for place in finding.related)]
        return any(p is not None and abs(p - line) <= NEAR for p in places for line in variant.lines)

    detected = any(f.family == variant.family and at_fault(f) for f in new)
    alarms = [
        f
        for f in new
        if variant.family == "harmless"
        or not (at_fault(f) or any(word and word in f.message for word in variant.explains))
    ]
    return detected, alarms


def generate(base: Base, rng: random.Random, per_kind: int, families=FAMILIES) -> list[Variant]:
    """Each injector's variants, sampled to ``per_kind`` per kind."""
    chosen: list[Variant] = []
    for injector in INJECTORS:
        if injector in PERIOD_INJECTORS and not base.year:
            continue
        by_kind: dict[str, list[Variant]] = defaultdict(list)
        for variant in injector(base, rng):
            by_kind[variant.kind].append(variant)
        for variants in by_kind.values():
            sample = rng.sample(variants, min(per_kind, len(variants)))
            chosen.extend(variant for variant in sample if variant.family in families)
    return chosen


def run(
    paths: list[Path], per_kind: int = PER_KIND, seed: int = SEED, families=FAMILIES
) -> dict[tuple[str, str], Score]:
    """Scores by (family, kind) over every variant of every base."""
    linter = Linter.create()
    scores: dict[tuple[str, str], Score] = defaultdict(Score)
    for path in paths:
        base = load_base(linter, path)
        rng = random.Random(f"{seed}:{path.name}")
        for variant in generate(base, rng, per_kind, families):
            detected, alarms = judge(linter, base, variant)
            score = scores[(variant.family, variant.kind)]
            score.variants += 1
            score.detected += detected
            score.false += bool(alarms)
            if variant.family != "harmless" and not detected:
                score.misses.append(f"{base.name}:{variant.lines[0]}: {variant.note}")
            for finding in alarms[:1]:
                score.alarms.append(
                    f"{base.name}:{finding.line}: {finding.code} {finding.message[:70]}"
                    f"  [{variant.note or variant.kind}]"
                )
    return scores


def by_family(scores: dict[tuple[str, str], Score]) -> dict[str, Score]:
    families: dict[str, Score] = defaultdict(Score)
    for (family, _), score in scores.items():
        total = families[family]
        total.variants += score.variants
        total.detected += score.detected
        total.false += score.false
    return families


def table(scores: dict[tuple[str, str], Score], markdown: bool) -> str:
    rows = []
    families = by_family(scores)
    for family in FAMILIES:
        if family not in families:
            continue
        rows.append((family, "(all)", families[family]))
        rows.extend((family, kind, score) for (fam, kind), score in sorted(scores.items()) if fam == family)

    def cells(family, kind, score):
        recall = "-" if family == "harmless" else f"{score.detected / score.variants:.1%}"
        return [family, kind, str(score.variants), recall, f"{score.false / score.variants:.1%}"]

    header = ["family", "kind", "variants", "recall", "false alarms"]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for family, kind, score in rows:
            row = cells(family, kind, score)
            if kind == "(all)":
                row = [f"**{cell}**" for cell in row]
            lines.append("| " + " | ".join(row) + " |")
        return "\n".join(lines)
    widths = [13, 28, 10, 9, 12]
    return "\n".join(
        "".join(cell.ljust(width) for cell, width in zip(row, widths))
        for row in [header, *(cells(*row) for row in rows)]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--per-kind", type=int, default=PER_KIND, help="variants per kind and document")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--misses", action="store_true", help="list missed faults and false alarms")
    parser.add_argument("--family", action="append", choices=FAMILIES, help="only these families (repeatable)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    scores = run(bases(), args.per_kind, args.seed, tuple(args.family or FAMILIES))
    print(table(scores, args.markdown))
    total = sum(score.variants for score in scores.values())
    print(
        f"\n{total} variants of {len(bases())} documents in {time.perf_counter() - started:.0f} s; "
        f"targets: recall ≥ {TARGET_RECALL:.0%} per family, false alarms ≤ {TARGET_FALSE:.0%}"
    )
    if args.misses:
        for (family, kind), score in sorted(scores.items()):
            for line in score.misses:
                print(f"MISS  {family}/{kind}  {line}")
            for line in score.alarms:
                print(f"FALSE {family}/{kind}  {line}")
    families = by_family(scores)
    ok = all(
        score.false / score.variants <= TARGET_FALSE
        and (family == "harmless" or score.detected / score.variants >= TARGET_RECALL)
        for family, score in families.items()
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
