"""Benchmark: wall time and peak memory of ``csrlint`` on this machine, against the targets.

Run ``python benchmarks/bench.py`` (it is not part of the installed package). Every measurement is a separate ``csrlint`` process, as a
pre-commit hook or a reviewer's batch run would start it, so start-up and imports count.
Peak RSS comes from ``os.wait4`` (the child's own rusage, its worker processes included).

Synthetic reports follow the bundled ``manual-2012`` profile (chapters, numbering, table
of contents with page numbers, page-number lines, figures, dates), written from a template
of our own words, so that every check family has work to do on them.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"  # ../shared beside the checkout
#: Characters per line where the synthetic "PDF" wraps, and lines per printed page,
#: close to the real 89-page report (≈ 37 lines of ≈ 38 characters).
WRAP = 38
LINES_PER_PAGE = 36
NUMBERING = ("{cn}、", "（{cn}）", "{n}、", "（{n}）", "{circled}")
CN = "一二三四五六七八九十"
#: The fewest pages that hold every chapter of the profile with a paragraph each.
MIN_PAGES = 9
#: Share of body paragraphs written as a numbered list ``（1）…（2）…`` instead.
LIST_SHARE = 0.2
#: The synthetic reports' unit, on the cover and in the PDF's running header.
UNIT = "示例服务中心"


@dataclass(frozen=True)
class Target:
    wall: float | None = None  # seconds
    rss_mb: float | None = None


@dataclass
class Result:
    scenario: str
    wall: float | None  # median seconds
    rss_mb: float | None
    target: Target
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.wall is None:
            return "skipped"
        ok = (self.target.wall is None or self.wall <= self.target.wall) and (
            self.target.rss_mb is None or self.rss_mb <= self.target.rss_mb
        )
        if self.target.wall is None and self.target.rss_mb is None:
            return "-"
        return "pass" if ok else "FAIL"


# ---------------------------------------------------------------- synthetic reports

#: Sentences for the body; ``{y}`` is the report year, ``{n}``/``{p}``/``{m}``/``{d}`` numbers.
REVIEW_SENTENCES = (
    "{y}年{m}月，我们组织了{n}场业务培训，参加人数累计{n2}人次。",
    "全年共受理客户来访{n}件，办结率达到{p}%，比上年提高{q}个百分点。",
    "单位坚持每季度召开一次工作例会，研究解决基层反映的实际问题。",
    "新增自助服务终端{n}台，平均等候时间缩短到{q}分钟以内。",
    "{y}年{m}月{d}日，举办了主题开放日活动，邀请周边居民参观机房和营业厅。",
    "全年用电量为{n}万千瓦时，同比下降{q}%，办公用纸减少{n2}千克。",
    "志愿服务队现有队员{n}名，全年服务时长累计{n2}小时。",
    "我们按照规定为全体员工缴纳社会保险，签订劳动合同的比例为100%。",
    "安全检查覆盖全部{n}个作业点，发现隐患{q}处，均已在当月整改完毕。",
    "营业收入完成{n}.{q}亿元，利润总额{n2}万元，上缴税费{q}千万元。",
    "对{n}家合作单位开展了年度评估，评估结果在内部公开。",
    "围绕社区需求，我们与街道共同开展了{q}次便民服务活动。",
)
OUTLOOK_SENTENCES = (
    "{y1}年，我们计划新增服务网点{q}个，进一步方便周边居民办理业务。",
    "预计{y1}年培训覆盖率保持在{p}%以上。",
    "下一步将继续推进节能改造，力争单位能耗再降低{q}%。",
    "员工希望有更多的岗位交流和技能提升机会，我们将认真研究落实。",
)
HONOUR_SENTENCES = (
    "{y}年{m}月，单位被评为区级文明服务示范窗口。",
    "{y}年{m}月，志愿服务队获得街道优秀志愿团队称号。",
)
#: Text the chapter itself states, keyed by the profile's chapter name.
FIXED = {
    "报告篇幅": "本报告篇幅共{pages}页。",
    "报告时效与覆盖范围": "本报告时间范围为{y}年1月1日至{y}年12月31日，覆盖单位全部部门。",
    "所属类别": "本单位为企业类文明单位，属于服务业。",
    "公开陈述": "本单位郑重承诺，本报告所载内容真实、客观，不存在虚假记载。",
}


#: Stands for the page count until the report is laid out.
PAGES = "\0pages\0"


@dataclass
class Block:
    kind: str  # "heading" | "paragraph"
    text: str
    level: int = 0


def _numbers(rng: random.Random, year: int) -> dict:
    return {
        "y": year,
        "y1": year + 1,
        "n": rng.randint(2, 900),
        "n2": rng.randint(100, 9000),
        "p": rng.randint(80, 99),
        "q": rng.randint(1, 9),
        "m": rng.randint(1, 12),
        "d": rng.randint(1, 28),
    }


def _label(level: int, ordinal: int) -> str:
    style = NUMBERING[min(level, len(NUMBERING)) - 1]
    cn = CN[ordinal - 1] if ordinal <= 10 else "十" + CN[ordinal - 11]
    return style.format(cn=cn, n=ordinal, circled=chr(ord("①") + ordinal - 1))


def _paragraph(rng: random.Random, role: str | None, figures: dict[str, dict]) -> list[str]:
    """A paragraph of two to four sentences, or the same sentences as a numbered list."""
    sentences = {"outlook": OUTLOOK_SENTENCES, "feedback": HONOUR_SENTENCES}.get(role, REVIEW_SENTENCES)
    picked = rng.sample(sentences, min(len(sentences), rng.randint(2, 4)))
    texts = [sentence.format(**figures[sentence]) for sentence in picked]
    if rng.random() < LIST_SHARE:
        return [f"（{number}）{text}" for number, text in enumerate(texts, 1)]
    return ["".join(texts)]


def report_blocks(pages: int, year: int = 2023, seed: int = 0) -> list[Block]:
    """Headings and paragraphs that fill ``pages`` printed pages of ``LINES_PER_PAGE`` lines.

    The chapters are the bundled ``manual-2012`` profile's; paragraphs are dealt to the leaf
    chapters in turn until the pages are full. A page here is full text, two to three
    times the text of a page of the (picture-heavy) corpus reports.
    """
    from csrlint.profiles import load_profiles

    profile = load_profiles()["manual-2012"]
    rng = random.Random(seed)
    blocks: list[Block] = []
    leaves: list[tuple[Block, list[Block], str | None]] = []

    def walk(chapters, level: int, role: str | None) -> None:
        for ordinal, chapter in enumerate(chapters, 1):
            blocks.append(Block("heading", _label(level, ordinal) + chapter.name, level))
            if chapter.children:
                walk(chapter.children, level + 1, chapter.role or role)
            elif chapter.name in FIXED:
                blocks.append(Block("paragraph", FIXED[chapter.name].format(y=year, pages=PAGES)))
            else:
                leaves.append((blocks[-1], [], chapter.role or role))

    walk(profile.chapters, 1, None)
    toc_lines = 1 + sum(1 for block in blocks if block.level <= 3 and block.kind == "heading")
    toc_pages = math.ceil(toc_lines / LINES_PER_PAGE)
    body_lines = sum(len(_wrap(block.text)) for block in blocks)
    room = (pages - 1 - toc_pages) * LINES_PER_PAGE
    # One set of figures per sentence: a report that states a figure twice states it alike.
    figures = {sentence: _numbers(rng, year) for sentence in (*REVIEW_SENTENCES, *OUTLOOK_SENTENCES, *HONOUR_SENTENCES)}
    full = False
    while not full:
        for _, paragraphs, role in leaves:
            texts = _paragraph(rng, role, figures)
            needed = sum(len(_wrap(text)) for text in texts)
            if paragraphs and body_lines + needed > room:  # every leaf has its paragraph: stop
                full = True
                break
            paragraphs.extend(Block("paragraph", text) for text in texts)
            body_lines += needed
    real_pages = 1 + toc_pages + math.ceil(body_lines / LINES_PER_PAGE)
    for block in blocks:
        block.text = block.text.replace(PAGES, str(real_pages))
    result: list[Block] = []
    bodies = {id(heading): paragraphs for heading, paragraphs, _ in leaves}
    for block in blocks:
        result.append(block)
        result.extend(bodies.get(id(block), ()))
    return result


def _wrap(text: str) -> list[str]:
    return [text[start : start + WRAP] for start in range(0, len(text), WRAP)] or [""]


def report_pages(blocks: list[Block], year: int = 2023) -> list[list[str]]:
    """The printed pages: a cover, the table of contents, then the body wrapped at ``WRAP``.

    One layout for every rendering (text, PDF), so that their pages and the contents' page
    numbers agree.
    """
    toc_entries = [index for index, b in enumerate(blocks) if b.kind == "heading" and b.level <= 3]
    toc_pages = math.ceil((len(toc_entries) + 1) / LINES_PER_PAGE)
    body: list[str] = []
    heading_page: dict[int, int] = {}
    first_body_page = 2 + toc_pages
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            heading_page[index] = first_body_page + len(body) // LINES_PER_PAGE
            body.append(block.text)
        else:
            body.extend(_wrap(block.text))
    toc = ["目  录"] + [f"{blocks[i].text} {'.' * 20} {heading_page[i]}" for i in toc_entries]
    pages = [[f"单位名称：{UNIT}", f"{year} 年度社会责任报告", "", f"{year + 1} 年 6 月"]]
    pages += [toc[start : start + LINES_PER_PAGE] for start in range(0, len(toc), LINES_PER_PAGE)]
    pages += [body[start : start + LINES_PER_PAGE] for start in range(0, len(body), LINES_PER_PAGE)]
    return pages


def render_text(blocks: list[Block], year: int = 2023) -> str:
    """The report as a PDF-to-text conversion shows it: wrapped lines, a page number atop each page."""
    out: list[str] = []
    for number, page in enumerate(report_pages(blocks, year), 1):
        out.append(f" {number} ")
        out.extend(page)
        out.append("")
    return "\n".join(out)


def write_docx(blocks: list[Block], path: Path, year: int = 2023) -> None:
    """The same report as a Word file: heading styles, whole paragraphs, page breaks."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    document.add_paragraph(f"单位名称：{UNIT}")
    document.add_paragraph(f"{year} 年度社会责任报告")
    document.add_paragraph(f"{year + 1} 年 6 月").add_run().add_break(WD_BREAK.PAGE)
    lines_on_page = 0
    for block in blocks:
        if block.kind == "heading":
            paragraph = document.add_paragraph(block.text, style=f"Heading {min(block.level, 9)}")
            lines_on_page += 1
        else:
            paragraph = document.add_paragraph(block.text)
            lines_on_page += len(_wrap(block.text))
        if lines_on_page >= LINES_PER_PAGE:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
            lines_on_page = 0
    document.save(str(path))


def write_pdf(
    pages: list[list[str]],
    path: Path,
    header: str | None = None,
    page_numbers: bool = True,
    password: str | None = None,
    office: bool = False,
) -> Path:
    """A PDF of ``pages`` (lines top to bottom, at most ``LINES_PER_PAGE`` a page), written with reportlab.

    Its built-in CID font STSong-Light needs no font file and maps to Unicode, so the text
    layer reads back as the characters drawn. ``header`` runs atop every page but the cover,
    the page number stands at the foot, and ``password`` sets an opening password. ``office`` draws
    each line as LibreOffice exports it (see ``_draw_like_an_office_suite``).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font, size, leading, margin = "STSong-Light", 11, 18, 72
    width, height = A4
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    encrypt = StandardEncryption(userPassword=password, ownerPassword=password) if password else None
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for number, lines in enumerate(pages, 1):
        if len(lines) > LINES_PER_PAGE:
            raise ValueError(f"page {number} has {len(lines)} lines, more than {LINES_PER_PAGE}")
        pdf.setFont(font, size)
        if header and number > 1:
            pdf.drawString(margin, height - margin / 2, header)
        for row, line in enumerate(lines):
            if line.strip() and office:
                _draw_like_an_office_suite(pdf, margin, height - margin - row * leading, line, font, size)
            elif line.strip():
                pdf.drawString(margin, height - margin - row * leading, line)
        if page_numbers:
            pdf.drawCentredString(width / 2, margin / 2, str(number))
        pdf.showPage()
    pdf.save()
    return path


def _draw_like_an_office_suite(pdf, x: float, y: float, line: str, font: str, size: float) -> None:
    """``line`` in one text object, font by font, as LibreOffice writes it: the glyphs of the Latin
    fallback font (letters, digits, the quotes “”) first, each run at its place, then the CJK glyphs as
    one TJ array that jumps over them; the reader has to put them back in reading order."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    latin = "Helvetica"
    runs: list[list] = []  # [font, x, text]
    for char in line:
        char_font = latin if char.isascii() or char in "“”" else font
        if runs and runs[-1][0] == char_font:
            runs[-1][2] += char
        else:
            runs.append([char_font, x, char])
        x += stringWidth(char, char_font, size)
    text = pdf.beginText()
    text.setFont(latin, size)
    for run_font, start, chars in runs:
        if run_font == latin:
            text.setTextOrigin(start, y)
            text.textOut(chars)
    text.setFont(font, size)
    text.setTextOrigin(runs[0][1], y)
    pieces = [
        text._formatText(chars) if run_font == font else f"{-stringWidth(chars, latin, size) * 1000 / size:.1f}"
        for run_font, _, chars in runs
    ]
    text._code.append(f"[{' '.join(pieces)}] TJ")
    pdf.drawText(text)


# ---------------------------------------------------------------- measuring


def csrlint_command() -> list[str]:
    """The ``csrlint`` script installed for this Python, as a user's shell runs it; not a
    version manager's shim found first on PATH (pyenv's adds a shell script's start-up)."""
    beside = Path(sys.executable).with_name("csrlint")
    script = str(beside) if beside.is_file() else shutil.which("csrlint")
    return [script] if script else [sys.executable, "-m", "csrlint"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS MB, exit code, stderr) of one child process."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        return wall, usage.ru_maxrss / 1024, process.returncode, errors.read().decode("utf-8", "replace")


def measure(
    scenario: str, argv: list[str], target: Target, env: dict[str, str], repeat: int = 5, note: str = ""
) -> Result:
    walls, peak = [], 0.0
    for _ in range(repeat):
        wall, rss, code, errors = run_once(argv, env)
        if code not in (0, 1) or "Traceback (most recent call last)" in errors:
            message = errors.strip().splitlines()[-1] if errors.strip() else f"exit {code}"
            return Result(scenario, None, None, target, f"error: {message}")
        walls.append(wall)
        peak = max(peak, rss)
    return Result(scenario, statistics.median(walls), peak, target, note)


def child_environment(work: Path) -> dict[str, str]:
    """An installation as users run it: bytecode written (some shells set PYTHONDONTWRITEBYTECODE,
    which recompiles csrlint on every run), and a rules cache of the bench's own."""
    env = {
        key: value for key, value in os.environ.items() if key not in ("PYTHONDONTWRITEBYTECODE", "CSRLINT_NO_CACHE")
    }
    return env | {"CSRLINT_CACHE_DIR": str(work / "cache")}


def run(
    work: Path, batch_size: int, repeat: int, sizes: tuple[int, ...] = (89, 500), hostile: bool = False
) -> list[Result]:
    cli = csrlint_command()
    check = [*cli, "check", "--format", "plain"]
    env = child_environment(work)
    draft = work / "draft.txt"
    draft.write_text("一、公开陈述\n本单位承诺报告内容真实。\n", encoding="utf-8")
    run_once([*check, str(draft)], env)  # compiles bytecode and fills the rules cache: what a first run leaves
    results = [
        measure("python start-up (baseline)", [sys.executable, "-c", "pass"], Target(), env, repeat),
        measure("csrlint --version", [*cli, "--version"], Target(wall=0.1), env, repeat),
        measure("check: near-empty draft", [*check, str(draft)], Target(), env, repeat),
        measure(
            "check: near-empty draft, first run",
            [*check, str(draft)],
            Target(),
            env | {"CSRLINT_NO_CACHE": "1"},
            repeat,
            "rule files validated, no cache",
        ),
    ]
    largest = sorted(CORPUS.glob("001_*.txt")) if CORPUS.is_dir() else []
    single = Target(wall=0.25, rss_mb=150)
    if largest:
        kb = largest[0].stat().st_size // 1024
        results.append(measure(f"check: corpus 001 ({kb} KB, 89 p.)", [*check, str(largest[0])], single, env, repeat))
    for pages in sizes:
        results.extend(_readers(work, pages, check, env, repeat if pages < 500 else max(1, repeat // 2)))
    results.append(_batch(work, batch_size, check, env))
    if hostile:
        from bench_hostile import rows

        results.extend(rows(work / "hostile", check, env, report_blocks(89, seed=89)))
    return results


def _readers(work: Path, pages: int, check: list[str], env: dict[str, str], repeat: int) -> list[Result]:
    """One synthetic report of ``pages`` pages as .txt, .docx and .pdf, every family on."""
    blocks = report_blocks(pages, seed=pages)
    txt, docx = work / f"synthetic-{pages}.txt", work / f"synthetic-{pages}.docx"
    txt.write_text(render_text(blocks), encoding="utf-8")
    write_docx(blocks, docx)
    files = [txt, docx]
    if importlib.util.find_spec("reportlab") is not None:
        files.append(
            write_pdf(report_pages(blocks), work / f"synthetic-{pages}.pdf", header=f"{UNIT} 2023 年度社会责任报告")
        )
        files.append(
            write_pdf(
                report_pages(blocks),
                work / f"synthetic-{pages}-office.pdf",
                header=f"{UNIT} 2023 年度社会责任报告",
                office=True,
            )
        )
    results = [
        measure(
            f"reader {path.suffix[1:]}{' (LibreOffice-style)' if 'office' in path.stem else ''}: "
            f"synthetic {pages} p. ({path.stat().st_size // 1024} KB)",
            [*check, str(path)],
            Target(rss_mb=150),
            env,
            repeat,
        )
        for path in files
    ]
    if len(files) == 2:
        results.append(
            Result(
                f"reader pdf: synthetic {pages} p.",
                None,
                None,
                Target(rss_mb=150),
                "skipped: pip install 'csrlint[bench]' (reportlab)",
            )
        )
    return results


def _batch(work: Path, size: int, check: list[str], env: dict[str, str]) -> Result:
    folder = work / "batch"
    folder.mkdir(exist_ok=True)
    for index in range(size):
        blocks = report_blocks(MIN_PAGES + index % 12, year=2020 + index % 5, seed=index)
        (folder / f"report-{index:04d}.txt").write_text(render_text(blocks, year=2020 + index % 5), encoding="utf-8")
    return measure(
        f"check: {size} reports ({MIN_PAGES}-{MIN_PAGES + 11} p. each)",
        [*check, "--jobs", "2", str(folder)],
        Target(wall=60 * size / 1000),
        env,
        1,
        "--jobs 2",
    )


def table(results: list[Result], markdown: bool = False) -> str:
    def fmt_target(target: Target) -> str:
        parts = []
        if target.wall is not None:
            parts.append(f"≤ {target.wall:g} s")
        if target.rss_mb is not None:
            parts.append(f"≤ {target.rss_mb:g} MB")
        return ", ".join(parts) or "-"

    rows = [("scenario", "wall", "peak RSS", "target", "result", "note")]
    for result in results:
        wall = f"{result.wall:.3f} s" if result.wall is not None else "-"
        rss = f"{result.rss_mb:.0f} MB" if result.rss_mb is not None else "-"
        rows.append((result.scenario, wall, rss, fmt_target(result.target), result.verdict, result.note))
    if markdown:
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join([lines[0], "|" + "---|" * len(rows[0]), *lines[1:]])
    widths = [max(display_width(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell + " " * (width - display_width(cell)) for cell, width in zip(row, widths)).rstrip()
        for row in rows
    )


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if "\u2e80" <= char <= "\uffef" else 1 for char in text)


def profile(report: Path) -> None:
    """Where the time goes: pyinstrument on one check, and the slowest imports of the CLI."""
    if importlib.util.find_spec("pyinstrument") is None:
        print("pyinstrument is not installed (pip install 'csrlint[bench]'): import times only\n")
    else:
        with tempfile.TemporaryDirectory() as scratch:
            output = Path(scratch) / "profile.txt"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pyinstrument",
                    "-r",
                    "text",
                    "-o",
                    str(output),
                    "-m",
                    "csrlint",
                    "check",
                    "--format",
                    "plain",
                    str(report),
                ],
                stdout=subprocess.DEVNULL,
                check=False,
            )
            print(output.read_text(encoding="utf-8"))
    imports = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "csrlint", "check", "--format", "plain", str(report)],
        capture_output=True,
        text=True,
    ).stderr.splitlines()
    rows = [line.split("|") for line in imports if line.startswith("import time:") and "|" in line]
    slowest = sorted(((int(row[1]), row[2].rstrip()) for row in rows if row[1].strip().isdigit()), reverse=True)
    print("slowest imports (cumulative µs):")
    for micros, name in slowest[:12]:
        print(f"{micros:>10}  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="size of the batch scenario (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per scenario; the median is shown")
    parser.add_argument("--keep", type=Path, help="write the synthetic reports here and keep them")
    parser.add_argument("--profile", type=Path, metavar="REPORT", help="profile one check of REPORT instead")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    parser.add_argument("--no-hostile", action="store_true", help="skip the hostile-input and photo-draft rows")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return 0
    with tempfile.TemporaryDirectory(prefix="csrlint-bench-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        print(f"csrlint bench · {os.cpu_count()} CPUs · Python {sys.version.split()[0]} · {sys.platform}")
        results = run(work, args.reports, args.repeat, hostile=not args.no_hostile)
    print(table(results, args.markdown))
    return 1 if any(result.verdict == "FAIL" for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
