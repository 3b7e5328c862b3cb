"""What the wheel holds: csrlint and its rule files, no benchmark code."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

from csrlint.compat import tomllib

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_wheel_is_configured_to_hold_the_package_and_rules_only():
    wheel = PROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["csrlint"]
    assert wheel["force-include"] == {"rules": "csrlint/rules"}


def test_no_benchmark_code_in_the_package():
    sources = {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in (ROOT / "csrlint").rglob("*.py")
    }
    assert "csrlint/bench.py" not in sources
    for name, text in sources.items():
        assert "reportlab" not in text and "wait4" not in text and '"shared"' not in text, name


@pytest.mark.skipif(importlib.util.find_spec("hatchling") is None, reason="hatchling is not installed here")
def test_a_built_wheel_holds_no_benchmark(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("csrlint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "csrlint/rules/period.yaml" in names
    assert not [name for name in names if "bench" in name or name.startswith("tests/")]
