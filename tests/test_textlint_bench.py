"""The comparison with textlint (benchmarks/textlint.py): csrlint's patterns, translated to
JavaScript, find what they find in Python, and the benchmark runs end to end.

Its timings are for a person to read (``python benchmarks/textlint.py``), never asserted here.
"""

from __future__ import annotations

import re
import shutil

import pytest
import regex
import textlint
from conftest import FIXTURES, corpus_file

NODE = shutil.which("node")


@pytest.mark.parametrize(
    ("python", "javascript"),
    [
        (re.compile(r"(?P<y>\d{4})-(?P=y)"), r"(?<y>\p{Nd}{4})-\k<y>"),
        # possessive quantifiers (``regex``, and ``re`` from 3.11): the same matches without them
        (regex.compile(r"[*＊]++[ \t]*+\d*+x?+"), r"[*＊]+[ \t]*\p{Nd}*x?"),
        (regex.compile(r"a{2,}+b{3}"), r"a{2,}b{3}"),
        (re.compile(r"\w+[\w-]\-\："), r"[\p{L}\p{N}_]+[\p{L}\p{N}_-]-："),  # escapes u mode refuses, dropped
        (re.compile(r"[\]a]\}"), r"[\]a]\}"),
        (regex.compile(r"(?<=\p{Han})x"), r"(?<=\p{Script=Han})x"),
        (regex.compile(r"\L<units>个", units=["万", "万元", "a.b"]), r"(?:a\.b|万元|万)个"),  # longest first
    ],
)
def test_patterns_are_written_for_javascript(python, javascript):
    assert textlint.to_javascript(python) == javascript


def test_every_pattern_csrlint_searches_with_is_compared():
    patterns = textlint.csrlint_patterns()
    origins = {pattern.origin.split(".")[0] for pattern in patterns}
    assert {"CSR201", "CSR204", "CSR208", "period", "calendar", "dates", "numbers"} <= origins
    for pattern in patterns:  # a candidate finding is reported; a date or a figure is only found
        family, _, name = pattern.origin.partition(".")
        reported = (
            family.startswith("CSR")
            or family == "calendar"
            and name != "festivals"
            or family == "period"
            and name in textlint.REPORTED
        )
        assert pattern.reports == reported, pattern.origin


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize(
    "path",
    [
        FIXTURES / "placeholder-draft.txt",
        FIXTURES / "placeholder-lookalikes.md",
        FIXTURES / "period-draft.txt",
        FIXTURES / "figure-mismatch.txt",
        "corpus 001",
    ],
)
def test_node_finds_what_python_finds(path):
    """Each pattern, run by node on every line of a draft, matches as often as in Python:
    the textlint rule does the work csrlint's patterns do, no less."""
    if path == "corpus 001":
        path = corpus_file("001")
    text = path.read_text(encoding="utf-8")
    patterns = textlint.csrlint_patterns()
    assert sum(textlint.python_counts(patterns, text)) > 0
    assert textlint.disagreements(patterns, text) == []


@pytest.mark.skipif(NODE is None or shutil.which("npm") is None, reason="node and npm are needed")
def test_the_comparison_runs_end_to_end(tmp_path):
    report = FIXTURES / "placeholder-draft.txt"
    comparison = textlint.run(report, tmp_path / "textlint", repeat=1)
    if comparison.ratio is None and "npm install" in comparison.rows[-1].note:
        pytest.skip(comparison.rows[-1].note)  # no registry to install textlint from
    assert [row.scenario.split(",")[0].split(" (")[0] for row in comparison.rows] == [
        "python start-up",
        "csrlint check",
        "node start-up",
        "textlint",
        "textlint",
    ]
    assert all(row.wall is not None for row in comparison.rows), [row.note for row in comparison.rows]
    assert comparison.ratio > 0 and comparison.differing == []
