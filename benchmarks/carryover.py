"""Benchmark: comparing a draft with last year's report (``--previous``) on two 100-page reports.

The two reports are generated: last year's is the fixture pair's 2022 report repeated with
every figure varied per repetition, this year's the same with a share of sentences updated, a
share copied, and chapters dropped and added, as a unit editing last year's report leaves it.
The row is what ``--previous`` adds to a check (median of 5, in one process): reading last
year's report (structure, figures and dates, once per run) and comparing the draft with it,
against the target of 1 s.

    python benchmarks/carryover.py [--pages 100] [--markdown]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csrlint.checks import Options  # noqa: E402
from csrlint.engine import Linter  # noqa: E402

FIXTURE = ROOT / "fixtures" / "carryover" / "恒安电梯-2022.txt"
CHARS_PER_PAGE = 450  # as dense as the 89-page corpus report (120 KB): photos, tables, headings
TARGET_SECONDS = 1.0


def body_lines() -> list[str]:
    """The fixture's chapters 三、主要内容 … 四、预期与展望 (the part a long report repeats)."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("（一）保障员工权益"))
    end = next(i for i, line in enumerate(lines) if line.startswith("四、预期与展望"))
    return lines[start:end]


def vary(line: str, rng: random.Random) -> str:
    """Every figure of ``line`` changed; a heading's number (at the line's start) kept."""
    return re.sub(r"(?<=\S)\d+(?:\.\d+)?", lambda m: str(rng.randint(2, 9999)), line)


def reports(pages: int, seed: int = 7) -> tuple[str, str]:
    """(last year's text, this year's text), each about ``pages`` pages."""
    rng = random.Random(seed)
    head = FIXTURE.read_text(encoding="utf-8").split("（一）保障员工权益")[0]
    tail = "四、预期与展望" + FIXTURE.read_text(encoding="utf-8").split("四、预期与展望")[1]
    chunk = body_lines()
    last, now = [head], [head.replace("2022 年度", "2023 年度").replace("2023 年 3 月", "2024 年 3 月")]
    part = 0
    while sum(map(len, last)) < pages * CHARS_PER_PAGE:
        part += 1
        last.append(f"（{part}）第 {part} 分部\n")
        now.append(f"（{part}）第 {part} 分部\n")
        for line in chunk:
            old = vary(line, rng)
            last.append(old + "\n")
            roll = rng.random()
            if roll < 0.05 and re.match(r"\d、", line):
                continue  # a chapter dropped
            now.append((old if roll < 0.25 else vary(line, rng)) + "\n")  # a quarter copied unchanged
        if rng.random() < 0.1:
            now.append("5、新增工作\n\n本分部新增数字化工作。\n")
    last.append(tail)
    now.append(tail.replace("2022 年", "2023 年"))
    return "".join(last), "".join(now)


def median_seconds(action, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(pages: int) -> dict:
    """Seconds to read last year's report (once per run) and to compare a draft with it (the
    carryover checks, given what the other families compute anyway)."""
    from csrlint.checks import carryover
    from csrlint.suppress import Suppressions

    last_text, now_text = reports(pages)
    with tempfile.TemporaryDirectory() as directory:
        last, now = Path(directory) / "last.txt", Path(directory) / "now.txt"
        last.write_text(last_text, encoding="utf-8")
        now.write_text(now_text, encoding="utf-8")
        linter = Linter.create(options=Options(previous=last))
        linter.lint_path(now)  # warm: rule files validated and cached

        def read_previous_report() -> None:
            previous = Linter.create(options=Options(previous=last))._analyse(last)
            carryover._mentions(previous), carryover._reading(previous), carryover._earlier_sentences(previous)

        read_previous = median_seconds(read_previous_report)
        document = __import__("csrlint.readers", fromlist=["read"]).read(now)
        context = linter._context(document, Suppressions.scan(document.lines))
        carryover._mentions(context), carryover._reading(context)  # shared with the figure and period families
        compare = median_seconds(lambda: list(carryover.check(context)))
        findings = list(carryover.check(context))
    return {
        "pages": pages,
        "kb": len(now_text.encode()) // 1024,
        "read_previous": read_previous,
        "comparison": compare,
        "findings": len(findings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    row = measure(args.pages)
    total = row["read_previous"] + row["comparison"]
    verdict = "pass" if total <= TARGET_SECONDS else "FAIL"
    if args.markdown:
        print("| scenario | read last year's report | comparison | total | target | result |")
        print("|---|---|---|---|---|---|")
        print(
            f"| two {row['pages']}-page reports ({row['kb']} KB each), {row['findings']} carryover findings | "
            f"{row['read_previous']:.3f} s | {row['comparison']:.3f} s | {total:.3f} s | "
            f"≤ {TARGET_SECONDS:.0f} s | {verdict} |"
        )
    else:
        print(row, verdict)
    sys.exit(0 if verdict == "pass" else 1)


if __name__ == "__main__":
    main()
