"""The pre-commit hook, tried for real with ``pre-commit try-repo`` (about 20 s: it builds a venv)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                                reason="pre-commit or git is not installed")


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_try_repo_runs_the_hook_on_reports(tmp_path):
    """A report repository of its own; try-repo installs csrlint from this working tree."""
    reports = tmp_path / "reports"
    reports.mkdir()
    git("init", "-q", ".", cwd=reports)
    shutil.copy(FIXTURES / "ci-draft.txt", reports / "draft.txt")
    shutil.copy(FIXTURES / "ci-clean.txt", reports / "clean.txt")
    (reports / "notes.py").write_text("print('not a report')\n", encoding="utf-8")
    git("add", ".", cwd=reports)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}

    def try_repo(*files):
        return subprocess.run(["pre-commit", "try-repo", str(ROOT), "csrlint", "--files", *files],
                              cwd=reports, env=env, capture_output=True, text=True, timeout=600)

    failing = try_repo("draft.txt", "clean.txt", "notes.py")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    found = [line for line in failing.stdout.splitlines() if ": CSR" in line]
    assert [line.split(" [")[0] for line in found] == ["draft.txt:38:1: CSR106", "draft.txt:113:1: CSR101"]
    assert "notes.py" not in failing.stdout
    passing = try_repo("clean.txt")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout

    # A tracked file named like an option is checked, not obeyed (the entry ends with `--`).
    shutil.copy(FIXTURES / "ci-draft.txt", reports / "--output=notes.md")
    (reports / "notes.md").write_text("keep me\n", encoding="utf-8")
    git("add", "--", "--output=notes.md", "notes.md", cwd=reports)
    hostile = subprocess.run(["pre-commit", "try-repo", str(ROOT), "csrlint", "--all-files"], cwd=reports, env=env,
                             capture_output=True, text=True, timeout=600)
    assert (reports / "notes.md").read_text(encoding="utf-8") == "keep me\n"
    assert "--output=notes.md:38:1: CSR106" in hostile.stdout, hostile.stdout + hostile.stderr
