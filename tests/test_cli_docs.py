"""docs/ci.md is tried, not just read: its YAML parses and every csrlint command in it runs."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import yaml
from conftest import FIXTURES, ROOT, run_cli

DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC, re.S)


def test_yaml_snippets_parse():
    snippets = [body for language, body in BLOCKS if language == "yaml"]
    assert len(snippets) == 4
    for body in snippets:
        assert isinstance(yaml.safe_load(body), dict)


def test_toml_snippet_is_a_valid_configuration(tmp_path):
    (body,) = [body for language, body in BLOCKS if language == "toml"]
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "csrlint-rules").mkdir()
    shutil.copy(FIXTURES / "ci-clean.txt", tmp_path / "reports" / "clean.txt")
    clean = tmp_path / "reports" / "clean.txt"
    assert run_cli("check", "--write-baseline", clean).exit_code == 0
    assert (tmp_path / "csrlint-baseline.json").exists()  # where the file's ``baseline`` says
    result = run_cli("check", "--format", "plain", clean)
    assert result.exit_code == 0, result.stderr


def test_every_documented_command_runs(tmp_path, monkeypatch):
    """Each ``csrlint check`` of the doc, in order, on a reports/ directory of fixtures."""
    for directory in ("reports", "submissions"):
        (tmp_path / directory).mkdir()
        shutil.copy(FIXTURES / "ci-draft.txt", tmp_path / directory / "draft.txt")
        shutil.copy(FIXTURES / "ci-clean.txt", tmp_path / directory / "clean.txt")
    monkeypatch.chdir(tmp_path)
    commands = [
        line for _, body in BLOCKS for line in body.splitlines() if re.match(r"\s*(- |run: )?csrlint check ", line)
    ]
    assert len(commands) >= 6
    for line in commands:
        command = re.split(r"\s(?:\|\||&&|;)\s", line.split("csrlint", 1)[1])[0]  # a shell tail: `|| true`
        args = shlex.split(command, comments=True)
        result = run_cli(*args)
        assert result.exit_code in (0, 1), f"{line}\n{result.stderr}"
    assert Path("csrlint.sarif").exists() and Path("review.html").exists() and Path("csrlint-junit.xml").exists()
