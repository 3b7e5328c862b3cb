"""Benchmark: csrlint against textlint running the same regular expressions, on the 89-page report.

textlint is the linter a Chinese-writing team would reach for instead. It cannot parse a
report's chapters or compare its figures, but every regular expression csrlint searches a
report with can be a textlint rule. This script builds that rule: it takes csrlint's own
compiled patterns (the placeholder rules, the period phrases, the calendar, the date and
number finders), translates each to JavaScript, checks that node finds the same matches as
Python on the report, line by line, and then times, each in a fresh process as a user starts it:

* ``csrlint check`` with every family (structure, figures and all);
* textlint with the one generated rule reporting every match of every pattern.

Target (issue 16): csrlint in at most half of textlint's time. textlint is installed with npm
into a cache directory of the benchmark's own (``--textlint-dir``; nothing in the checkout).
Run ``python benchmarks/textlint.py`` in a checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import CORPUS, Result, Target, child_environment, csrlint_command, run_once, table

#: The textlint release line the comparison was made with (npm resolves the newest 15.x).
TEXTLINT = "textlint@^15"
#: csrlint's time as a share of textlint's, at most (issue 16).
TARGET_RATIO = 0.5
DEFAULT_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "csrlint-bench" / "textlint"


# ---------------------------------------------------------------- the patterns csrlint runs


@dataclass(frozen=True)
class Pattern:
    """One regular expression csrlint searches a report with, and its JavaScript translation."""

    origin: str  # where it comes from: ``CSR204``, ``period.forecasts``, ``dates``…
    python: object  # the compiled ``re`` or ``regex`` pattern
    javascript: str
    flags: str  # JavaScript flags, always ``u`` and ``g``
    #: A match is a candidate finding, which textlint reports; the other patterns find what the
    #: checks reason about (dates, figures, plans), and textlint runs them without reporting.
    reports: bool


#: Period patterns that test one heading, title or clause, not the text.
ONE_STRING = {"titles", "unit_name", "published_label", "entry_lead", "sentence_lead", "comparison", "forecast_object"}
#: Period patterns whose matches are candidate findings (forecasts, partial-year data).
REPORTED = {"forecasts", "partial_phrases", "figure_phrases"}


def csrlint_patterns(rule_dirs: tuple[Path, ...] = ()) -> list[Pattern]:
    """Every pattern the placeholder, period and figure families search the text with."""
    from csrlint import dates, numbers, timeline
    from csrlint.checks import period, placeholder

    found: list[tuple[str, object, bool]] = []
    for item in placeholder.catalogue(rule_dirs).rules:
        found.extend((item.rule.code, pattern, True) for pattern in item.patterns)
    for name, value in vars(timeline.patterns(rule_dirs)).items():
        for pattern in value if isinstance(value, tuple) else (value,):
            if hasattr(pattern, "finditer") and name not in ONE_STRING:
                found.append((f"period.{name}", pattern, name in REPORTED))
    calendar = period.load_calendar(rule_dirs)
    found.extend((f"calendar.{event.name}", event.pattern, True) for event in calendar.dated)
    if calendar.festival_names is not None:
        found.append(("calendar.festivals", calendar.festival_names, False))
    written, relative = dates.scanners()
    found.extend(("dates", pattern, False) for pattern in (*written, relative))
    found.append(("numbers", numbers.load_rules(rule_dirs).pattern, False))
    return [
        Pattern(origin, python, to_javascript(python), _flags(python), reports) for origin, python, reports in found
    ]


def _flags(pattern) -> str:
    flags = "gu"
    if pattern.flags & re.MULTILINE:
        flags += "m"
    if pattern.flags & re.IGNORECASE:
        flags += "i"
    if pattern.flags & re.DOTALL:
        flags += "s"
    return flags


#: Characters JavaScript's ``u`` mode lets a backslash escape outside a character class.
_JS_SYNTAX = set("^$\\.*+?()[]{}|/")
#: Python ``re`` properties under their JavaScript names.
_PROPERTIES = {"Han": "Script=Han"}
_QUANTIFIER_BRACES = re.compile(r"\{\d*(?:,\d*)?\}")


def to_javascript(pattern) -> str:
    """``pattern`` (compiled by ``re`` or ``regex``) as a JavaScript ``u``-mode source.

    What changes: ``\\L<list>`` (a ``regex`` word list) becomes an alternation, longest word
    first; possessive quantifiers lose their ``+`` (JavaScript has none; the matches are the
    same, only backtracking differs); ``(?P<name>`` and ``(?P=name)`` take JavaScript's
    spelling; ``\\d`` and ``\\w`` keep Python's Unicode meaning (``\\p{Nd}``, letters and
    digits); escapes ``u`` mode refuses (``\\-`` outside a class, ``\\：``) are dropped.
    """
    source = pattern.pattern
    lists = getattr(pattern, "named_lists", {})
    out: list[str] = []
    i, in_class, after_quantifier = 0, False, False
    while i < len(source):
        char = source[i]
        quantifier = False
        if char == "\\":
            following = source[i + 1]
            if following == "L" and not in_class:
                end = source.index(">", i)
                words = sorted(lists[source[i + 3 : end]], key=lambda word: (-len(word), word))
                out.append("(?:" + "|".join(_js_literal(word) for word in words) + ")")
                i = end + 1
                after_quantifier = False
                continue
            if following in "pP":
                end = source.index("}", i)
                name = source[i + 3 : end]
                out.append(f"\\{following}{{{_PROPERTIES.get(name, name)}}}")
                i = end + 1
                after_quantifier = False
                continue
            if following == "d":
                out.append("\\p{Nd}")
            elif following == "D" and not in_class:
                out.append("\\P{Nd}")
            elif following == "w":
                out.append("\\p{L}\\p{N}_" if in_class else "[\\p{L}\\p{N}_]")
            elif following == "W" and not in_class:
                out.append("[^\\p{L}\\p{N}_]")
            elif following in "DW":
                raise ValueError(f"no JavaScript for \\{following} inside a class: {source!r}")
            elif following.isalnum() or following in _JS_SYNTAX or (in_class and following == "-"):
                out.append(char + following)
            else:
                out.append(following)
            i += 2
        elif in_class:
            if char == "]" and not _class_just_opened(out):
                in_class = False
            out.append(char)
            i += 1
        elif char == "[":
            in_class = True
            out.append(char)
            i += 1
            if source.startswith("^", i):
                out.append("^")
                i += 1
            if source.startswith("]", i):  # a literal ] first in a Python class
                out.append("\\]")
                i += 1
        elif char == "(" and source.startswith("(?P<", i):
            out.append("(?<")
            i += 4
        elif char == "(" and source.startswith("(?P=", i):
            end = source.index(")", i)
            out.append(f"\\k<{source[i + 4 : end]}>")
            i = end + 1
        elif char == "+" and after_quantifier:
            i += 1  # possessive: dropped
        elif char in "*+?" and not (char == "?" and out and out[-1].endswith("(")):
            lazy = char == "?" and after_quantifier
            out.append(char)
            quantifier = not lazy
            i += 1
        elif char == "{":
            braces = _QUANTIFIER_BRACES.match(source, i)
            if braces:
                out.append(braces.group())
                quantifier = True
                i = braces.end()
            else:
                out.append("\\{")
                i += 1
        elif char in "}]":
            out.append("\\" + char)
            i += 1
        else:
            out.append(char)
            i += 1
        after_quantifier = quantifier
    return "".join(out)


def _class_just_opened(out: list[str]) -> bool:
    return bool(out) and (out[-1] == "[" or out[-1] == "^" and len(out) > 1 and out[-2] == "[")


def _js_literal(word: str) -> str:
    return "".join("\\" + char if char in _JS_SYNTAX else char for char in word)


# ---------------------------------------------------------------- the same matches in node


NODE_COUNTER = r"""
const fs = require("fs");
const [patterns, text] = [JSON.parse(fs.readFileSync(process.argv[2], "utf8")), fs.readFileSync(process.argv[3], "utf8")];
const lines = text.split("\n");
const counts = patterns.map(([source, flags]) => {
  const re = new RegExp(source, flags);
  let n = 0;
  for (const line of lines) for (const m of line.matchAll(re)) n += 1;
  return n;
});
process.stdout.write(JSON.stringify(counts));
"""


def python_counts(patterns: list[Pattern], text: str) -> list[int]:
    """Matches of each pattern, line by line (a line is where anchors and lookarounds agree)."""
    lines = text.split("\n")
    return [sum(1 for line in lines for _ in pattern.python.finditer(line)) for pattern in patterns]


def node_counts(patterns: list[Pattern], text: str, node: str = "node") -> list[int]:
    with tempfile.TemporaryDirectory() as work:
        source, counted, script = Path(work, "patterns.json"), Path(work, "text.txt"), Path(work, "count.js")
        source.write_text(json.dumps([[p.javascript, p.flags] for p in patterns]), encoding="utf-8")
        counted.write_text(text, encoding="utf-8")
        script.write_text(NODE_COUNTER, encoding="utf-8")
        done = subprocess.run(
            [node, str(script), str(source), str(counted)], capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)


def disagreements(patterns: list[Pattern], text: str) -> list[tuple[str, int, int]]:
    """(origin, Python's count, node's count) for each pattern the two count differently."""
    mine, theirs = python_counts(patterns, text), node_counts(patterns, text)
    return [(p.origin, a, b) for p, a, b in zip(patterns, mine, theirs, strict=True) if a != b]


# ---------------------------------------------------------------- textlint


TEXTLINT_RULE = r"""
"use strict";
// Generated by csrlint's benchmarks/textlint.py: csrlint's regular expressions as one textlint rule.
// Matches of a reporting pattern are reported; the other patterns' matches are counted, as
// csrlint reads them to reason with (dates, figures) without reporting each.
const patterns = require("./patterns.json").map(([origin, source, flags, reports]) => [origin, new RegExp(source, flags), reports]);
module.exports = function (context) {
  const { Syntax, RuleError, report, getSource, locator } = context;
  let scanned = 0;
  return {
    [Syntax.Str](node) {
      const text = getSource(node);
      for (const [origin, re, reports] of patterns) {
        for (const m of text.matchAll(re)) {
          if (!reports || m[0].length === 0) {
            scanned += 1;
            continue;
          }
          report(node, new RuleError(origin + ": " + m[0], { padding: locator.range([m.index, m.index + m[0].length]) }));
        }
      }
    },
    [Syntax.DocumentExit]() {
      if (process.env.CSRLINT_BENCH_SCANNED) console.error("scanned", scanned);
    },
  };
};
"""


def install_textlint(directory: Path) -> Path | str:
    """textlint's executable in ``directory`` (installed with npm the first time), or why not."""
    executable = directory / "node_modules" / "textlint" / "bin" / "textlint.js"
    if executable.is_file():
        return executable
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return "skipped: node and npm are needed"
    directory.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--prefix", str(directory), "--no-audit", "--no-fund", "--loglevel", "error", TEXTLINT],
        capture_output=True,
        text=True,
    )
    if done.returncode or not executable.is_file():
        return f"skipped: npm install {TEXTLINT} failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}"
    return executable


def write_rule(folder: Path, patterns: list[Pattern]) -> Path:
    """A ``--rulesdir`` folder with the generated rule and its patterns."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "patterns.json").write_text(
        json.dumps([[p.origin, p.javascript, p.flags, p.reports] for p in patterns], ensure_ascii=False),
        encoding="utf-8",
    )
    (folder / "csrlint-patterns.js").write_text(TEXTLINT_RULE, encoding="utf-8")
    return folder


@dataclass
class Comparison:
    rows: list[Result]
    ratio: float | None
    patterns: int
    differing: list[tuple[str, int, int]]


def run(report: Path, textlint_dir: Path, repeat: int = 5) -> Comparison:
    patterns = csrlint_patterns()
    text = report.read_text(encoding="utf-8")
    node = shutil.which("node")
    differing = disagreements(patterns, text) if node else []
    kb = report.stat().st_size // 1024
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env = child_environment(work)
        check = [*csrlint_command(), "check", "--format", "plain", str(report)]
        subprocess.run(check, env=env, capture_output=True)  # bytecode and the rules cache, as a second run finds them
        commands = {
            "python start-up (baseline)": [sys.executable, "-c", "pass"],
            f"csrlint check, every family ({kb} KB)": check,
        }
        executable = install_textlint(textlint_dir)
        if isinstance(executable, str):
            rows, _ = interleaved(commands, env, repeat)
            rows.append(Result("textlint", None, None, Target(), executable))
            return Comparison(rows, None, len(patterns), differing)
        textlint = [node or "node", str(executable), "--no-color", "--format", "stylish"]
        commands |= {
            "node start-up (baseline)": [node or "node", "-e", ""],
            "textlint, a rule with no patterns": [
                *textlint,
                "--rulesdir",
                str(write_rule(work / "none", [])),
                str(report),
            ],
            f"textlint, csrlint's {len(patterns)} patterns": [
                *textlint,
                "--rulesdir",
                str(write_rule(work / "rules", patterns)),
                str(report),
            ],
        }
        rows, walls = interleaved(commands, env, repeat)
    rows[-1].note = f"{len(differing)} of {len(patterns)} patterns count matches differently in node"
    mine, theirs = walls[rows[1].scenario], walls[rows[-1].scenario]
    # each csrlint run against the textlint run right after it: drift in the machine's speed cancels
    ratio = statistics.median(a / b for a, b in zip(mine, theirs)) if mine and len(mine) == len(theirs) else None
    return Comparison(rows, ratio, len(patterns), differing)


def interleaved(
    commands: dict[str, list[str]], env: dict[str, str], repeat: int
) -> tuple[list[Result], dict[str, list[float]]]:
    """Each command ``repeat`` times, taking turns: a machine that slows down for a while slows
    every command alike. The median of each, and every wall time by command."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    peaks = dict.fromkeys(commands, 0.0)
    failed: dict[str, str] = {}
    for _ in range(repeat):
        for name, argv in commands.items():
            if name in failed:
                continue
            wall, rss, code, errors = run_once(argv, env)
            if code not in (0, 1) or "Traceback (most recent call last)" in errors:
                failed[name] = f"error: {(errors.strip().splitlines() or [f'exit {code}'])[-1]}"
            walls[name].append(wall)
            peaks[name] = max(peaks[name], rss)
    rows = [
        Result(name, None, None, Target(), failed[name])
        if name in failed
        else Result(name, statistics.median(walls[name]), peaks[name], Target())
        for name in commands
    ]
    return rows, {name: times for name, times in walls.items() if name not in failed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/textlint.py", description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path, help="the report to check (default: corpus 001)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per row; the median is shown")
    parser.add_argument(
        "--textlint-dir", type=Path, default=DEFAULT_DIR, help=f"where npm installs textlint ({DEFAULT_DIR})"
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    args = parser.parse_args(argv)
    report = args.report or next(iter(sorted(CORPUS.glob("001_*.txt"))), None)
    if report is None:
        parser.error(f"no report given and no corpus at {CORPUS}")
    result = run(report, args.textlint_dir, args.repeat)
    print(table(result.rows, markdown=args.markdown))
    for origin, mine, theirs in result.differing:
        print(f"  {origin}: Python finds {mine}, node {theirs}")
    if result.ratio is None:
        print("\nno ratio: textlint was not measured")
        return 0
    verdict = "pass" if result.ratio <= TARGET_RATIO else "FAIL"
    print(f"\ncsrlint / textlint = {result.ratio:.2f}, median of paired runs (target ≤ {TARGET_RATIO}): {verdict}")
    return 0 if verdict == "pass" and not result.differing else 1


if __name__ == "__main__":
    sys.exit(main())
