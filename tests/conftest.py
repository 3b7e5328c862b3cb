"""Shared test helpers: paths to fixtures and to the real corpus, and a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from csrlint.cli import main
from csrlint.engine import Linter

ROOT = Path(__file__).resolve().parent.parent
#: The benchmark scripts (outside the package): tests build their synthetic reports with them.
sys.path.insert(0, str(ROOT / "benchmarks"))
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_configure(config) -> None:
    """The validated-rules cache in a directory of the run's own, never the user's ~/.cache;
    set before collection, which already loads rules (test_robustness sweeps their patterns)."""
    config.csrlint_cache = tempfile.mkdtemp(prefix="csrlint-test-cache-")
    os.environ["CSRLINT_CACHE_DIR"] = config.csrlint_cache


def pytest_unconfigure(config) -> None:
    shutil.rmtree(config.csrlint_cache, ignore_errors=True)


def corpus_file(prefix: str) -> Path:
    """A report of ``../shared/corpus`` by its number (``"002"``); skips the test when absent."""
    matches = sorted(CORPUS.glob(f"{prefix}_*.txt")) if CORPUS.is_dir() else []
    if not matches:
        pytest.skip("../shared/corpus is not available")
    return matches[0]


def run_cli(*args: str):
    """Run ``csrlint`` in-process; returns click's Result (exit_code, output)."""
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def check_json(*args: str) -> tuple[int, dict]:
    """``csrlint check --format json`` on the arguments: (exit code, parsed JSON)."""
    result = run_cli("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter.create()


def lint_text(text: str, linter: Linter | None = None, name: str = "draft.txt", tmp_path: Path | None = None):
    """Lint ``text`` as if it were a file: returns the FileResult."""
    linter = linter or Linter.create()
    directory = Path(tmp_path or tempfile.mkdtemp())
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return linter.lint_path(path)


def codes(result, family: str | None = None) -> list[tuple[str, int | None]]:
    """(code, line) of every finding, optionally of one family: what tests assert on."""
    return [(f.code, f.line) for f in result.findings if family is None or f.family == family]
