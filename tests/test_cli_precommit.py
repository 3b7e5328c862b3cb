"""The pre-commit hook, tried for real with ``pre-commit try-repo`` (about 20 s: it builds a venv)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("pre-commit") is None or shutil.which("git") is None, reason="pre-commit or git is not installed"
)


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
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }

    def try_repo(*files):
        return subprocess.run(
            ["pre-commit", "try-repo", str(ROOT), "csrlint", "--files", *files],
            cwd=reports,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

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
    hostile = subprocess.run(
        ["pre-commit", "try-repo", str(ROOT), "csrlint", "--all-files"],
        cwd=reports,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert (reports / "notes.md").read_text(encoding="utf-8") == "keep me\n"
    assert "--output=notes.md:38:1: CSR106" in hostile.stdout, hostile.stdout + hostile.stderr


def test_readme_snippet_works_against_a_clone_at_the_release_tag(tmp_path):
    """The ``.pre-commit-config.yaml`` of README, as pasted, with only the repository URL pointed at
    a local clone of this repository tagged as README says (``rev: vX.Y.Z`` = ``csrlint --version``)."""
    import re

    import yaml

    from csrlint import __version__

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (snippet,) = [body for body in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "rev:" in body]
    config = yaml.safe_load(snippet)
    assert config["repos"][0]["rev"] == f"v{__version__}"
    clone = tmp_path / "csrlint"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, capture_output=True)
    tags = subprocess.run(["git", "tag", "--list", f"v{__version__}"], cwd=clone, capture_output=True, text=True)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    if not tags.stdout.strip():  # before the release is tagged: tag the clone, as the release will be
        subprocess.run(["git", "tag", f"v{__version__}"], cwd=clone, check=True, capture_output=True, env=env)
    config["repos"][0]["repo"] = str(clone)
    reports = tmp_path / "reports"
    reports.mkdir()
    git("init", "-q", ".", cwd=reports)
    (reports / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    shutil.copy(FIXTURES / "placeholder-draft.txt", reports / "draft.txt")
    shutil.copy(FIXTURES / "ci-clean.txt", reports / "clean.txt")
    git("add", ".", cwd=reports)

    def run(*files):
        return subprocess.run(
            ["pre-commit", "run", "--files", *files], cwd=reports, env=env, capture_output=True, text=True, timeout=600
        )

    failing = run("draft.txt", "clean.txt")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "draft.txt:6:" in failing.stdout and "CSR204 [error]" in failing.stdout
    passing = run("clean.txt")
    assert passing.returncode == 0, passing.stdout + passing.stderr
