"""The benchmark script runs end to end: every scenario measured, none failing to run.

Only that it works is tested here; its timings are for a person to read
(``python benchmarks/bench.py``), never asserted in a unit test.
"""

from __future__ import annotations

import importlib.util

import bench


def test_every_scenario_is_measured(tmp_path):
    results = bench.run(tmp_path, batch_size=3, repeat=1, sizes=(bench.MIN_PAGES,))
    scenarios = [result.scenario for result in results]
    assert scenarios[:4] == [
        "python start-up (baseline)",
        "csrlint --version",
        "check: near-empty draft",
        "check: near-empty draft, first run",
    ]
    expected_pdf = importlib.util.find_spec("reportlab") is not None
    readers = [name.split(":")[0] for name in scenarios if name.startswith("reader")]
    assert readers == ["reader txt", "reader docx", "reader pdf", *(["reader pdf (LibreOffice-style)"] * expected_pdf)]
    assert scenarios[-1].startswith("check: 3 reports")
    for result in results:
        if result.scenario.startswith("reader pdf") and not expected_pdf:
            assert result.wall is None and "reportlab" in result.note
            continue
        assert result.wall is not None and result.rss_mb > 0, (result.scenario, result.note)
    assert (tmp_path / "cache").is_dir()  # the warm-up filled the bench's own rules cache


def test_markdown_table_has_a_row_per_result():
    results = [bench.Result("a", 0.1, 20, bench.Target(wall=0.25)), bench.Result("b", None, None, bench.Target())]
    lines = bench.table(results, markdown=True).splitlines()
    assert lines[0].startswith("| scenario |") and lines[1].startswith("|---|")
    assert lines[2] == "| a | 0.100 s | 20 MB | ≤ 0.25 s | pass |  |"
    assert len(lines) == 4
