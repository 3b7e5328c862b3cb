"""README is tried, not just read: its sample outputs are the real output, its release snippets
name the current version.

Each sample in README follows the command that makes it — ``(`csrlint check X --format plain`):``
then a fenced block. After a change of messages, regenerate them with
``python tests/test_readme.py`` (it rewrites the blocks from the real output).
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import CORPUS, ROOT, run_cli  # noqa: E402

from csrlint import __version__  # noqa: E402

README = ROOT / "README.md"
SAMPLE = re.compile(r"\(`csrlint (check [^`]+)`\):\n\n```\n(.*?)```", re.S)


def samples(text: str) -> list[re.Match]:
    return list(SAMPLE.finditer(text))


def real_output(command: str) -> str | None:
    """The output of a sample's command: run from the repository root, or — for a report of the
    corpus, named by its number (``002.txt``) — from a copy under that name. None when absent."""
    args = shlex.split(command)
    name = args[1]
    if (ROOT / name).exists():
        import os

        previous = Path.cwd()
        os.chdir(ROOT)
        try:
            return run_cli(*args).stdout
        finally:
            os.chdir(previous)
    found = sorted(CORPUS.glob(f"{Path(name).stem}_*.txt")) if CORPUS.is_dir() else []
    if not found:
        return None
    with tempfile.TemporaryDirectory() as directory:
        shutil.copy(found[0], Path(directory) / name)
        import os

        previous = Path.cwd()
        os.chdir(directory)
        try:
            return run_cli(*args).stdout
        finally:
            os.chdir(previous)


def test_readme_has_samples():
    commands = [match.group(1) for match in samples(README.read_text(encoding="utf-8"))]
    assert "check fixtures/structure-missing.txt --format plain" in commands
    assert "check 002.txt --format plain" in commands


@pytest.mark.parametrize("index", range(len(samples(README.read_text(encoding="utf-8")))))
def test_readme_sample_is_the_real_output(index):
    match = samples(README.read_text(encoding="utf-8"))[index]
    output = real_output(match.group(1))
    if output is None:
        pytest.skip("../shared/corpus is not available")
    assert match.group(2) == output, "README sample drifted: run `python tests/test_readme.py` to regenerate"


def test_release_snippets_name_the_current_version():
    text = README.read_text(encoding="utf-8")
    tag = f"v{__version__}"
    assert re.findall(r"rev: (v[\d.]+)", text) == [tag]
    installs = re.findall(r"git\+\S+@(v[\d.]+)", text)
    assert installs and set(installs) == {tag}
    assert re.findall(r"uses: \S*csrlint@(v[\d.]+)", text) == [tag]
    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert set(re.findall(r"(?:rev: |@)(v\d+\.\d+\.\d+)", ci)) == {tag}


def regenerate() -> None:
    text = README.read_text(encoding="utf-8")
    for match in reversed(samples(text)):
        output = real_output(match.group(1))
        if output is None:
            print(f"skipped (no corpus): {match.group(1)}")
            continue
        text = text[: match.start(2)] + output + text[match.end(2) :]
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    regenerate()
