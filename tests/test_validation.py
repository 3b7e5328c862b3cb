"""Rule files are validated by pydantic once per content; later runs load the result from a cache."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES

from csrlint import validation
from csrlint.checks import placeholder
from csrlint.document import InputError
from csrlint.numbers import load_rules
from csrlint.profiles import load_profiles

PROFILE = textwrap.dedent("""\
    id: school-2024
    title: 学校版
    source: 区文明办
    basis: inferred
    chapters:
      - name: 公开陈述
      - name: 学校概况
        required: true
    """)

LOAD_ALL = textwrap.dedent("""\
    import sys
    from csrlint.checks import placeholder
    from csrlint.numbers import load_rules
    from csrlint.profiles import load_profiles
    profiles = load_profiles()
    from csrlint.timeline import patterns
    print(sorted(profiles), len(load_rules().units), len(placeholder.catalogue().rules), len(patterns().titles),
          "pydantic" in sys.modules)
    """)


def _run(script: str, cache: Path, **env: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CSRLINT_CACHE_DIR": str(cache), **env},
    )
    return completed.stdout.strip()


def test_second_run_loads_the_same_rules_without_pydantic(tmp_path):
    first = _run(LOAD_ALL, tmp_path)
    second = _run(LOAD_ALL, tmp_path)
    assert first.endswith("True") and second.endswith("False")
    assert first.rsplit(" ", 1)[0] == second.rsplit(" ", 1)[0]
    assert {path.name.split("-")[0] for path in tmp_path.glob("*.pickle")} == {
        "profiles",
        "figures",
        "placeholders",
        "period",
    }


def test_without_cache_nothing_is_written(tmp_path):
    assert _run(LOAD_ALL, tmp_path, CSRLINT_NO_CACHE="1").endswith("True")
    assert list(tmp_path.iterdir()) == []


def test_an_edited_rule_file_is_validated_again(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "school.yaml").write_text(PROFILE, encoding="utf-8")
    assert "school-2024" in load_profiles([rules])
    (rules / "school.yaml").write_text(PROFILE.replace("required", "requried"), encoding="utf-8")
    with pytest.raises(InputError, match=r"chapters\.1\.requried: unknown key"):
        load_profiles([rules])


def test_cached_objects_equal_freshly_validated_ones(monkeypatch):
    cached = (
        load_profiles(),
        load_rules.__wrapped__(),
        placeholder._load(FIXTURES / "placeholder-rules" / "placeholders.yaml"),
    )
    monkeypatch.setenv("CSRLINT_NO_CACHE", "1")
    fresh = (
        load_profiles(),
        load_rules.__wrapped__(),
        placeholder._load(FIXTURES / "placeholder-rules" / "placeholders.yaml"),
    )
    assert cached == fresh


def _global_call(module: str, name: str, argument: str) -> bytes:
    """A pickle that calls ``module.name(argument)`` when loaded."""

    def text(value: str) -> bytes:
        data = value.encode()
        return b"\x8c" + bytes([len(data)]) + data + b"\x94"

    return b"\x80\x04" + text(module) + text(name) + b"\x93\x94" + text(argument) + b"\x85\x94R\x94."


@pytest.mark.parametrize(
    "payload",
    [
        ("os", "system"),
        ("csrlint.__main__", "main"),  # importing it would run the CLI again
        ("csrlint.cli", "main"),  # a csrlint function, not a rule model
        ("csrlint.engine", "Linter"),  # a csrlint class, not a rule model
        ("csrlint.validation", "os.system"),  # a dotted name through a csrlint module
        ("csrlint.validation", "os"),  # a module csrlint imports, not a class of its own
        None,  # not a pickle at all
    ],
)
def test_a_tampered_cache_file_is_refused_and_rebuilt(tmp_path, monkeypatch, payload):
    """Only csrlint's own classes are built from a cache file: it can never run code."""
    monkeypatch.setenv("CSRLINT_CACHE_DIR", str(tmp_path))
    expected = load_profiles()
    marker = tmp_path / "executed"
    entries = list(tmp_path.glob("profiles-*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(_global_call(*payload, f"touch {marker}") if payload else b"\x80\x04not a pickle")
    assert load_profiles() == expected
    assert not marker.exists()


def test_an_unwritable_cache_directory_is_no_error(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("CSRLINT_CACHE_DIR", str(blocked / "cache"))
    assert "manual-2012" in load_profiles()


def test_old_entries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(validation, "MAX_ENTRIES", 3)
    for number in range(6):
        rules = tmp_path / f"rules-{number}"
        rules.mkdir()
        (rules / "school.yaml").write_text(PROFILE.replace("school-2024", f"school-{number}"), encoding="utf-8")
        load_profiles([rules])
    assert len(list(tmp_path.glob("profiles-*.pickle"))) == 3


def _planted(tmp_path, monkeypatch) -> tuple[Path, dict]:
    """A cache directory holding a valid-looking entry that turns every profile into one fake."""
    monkeypatch.setenv("CSRLINT_CACHE_DIR", str(tmp_path))
    expected = load_profiles()
    fake = {"planted": expected["manual-2012"]}
    for entry in tmp_path.glob("profiles-*.pickle"):
        entry.write_bytes(pickle.dumps(fake))
    return tmp_path, expected


def test_a_cache_directory_others_can_write_is_neither_read_nor_written(tmp_path, monkeypatch):
    directory, expected = _planted(tmp_path, monkeypatch)
    directory.chmod(0o777)
    assert load_profiles() == expected
    before = sorted(entry.stat().st_mtime_ns for entry in directory.iterdir())
    load_profiles([FIXTURES / "placeholder-rules"])  # a new key: would be a new entry
    assert sorted(entry.stat().st_mtime_ns for entry in directory.iterdir()) == before
    directory.chmod(0o700)
    assert load_profiles() != expected  # the same planted entry, trusted in a private directory


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_a_cache_file_owned_by_another_user_is_ignored(tmp_path, monkeypatch):
    directory, expected = _planted(tmp_path, monkeypatch)
    for entry in directory.glob("profiles-*.pickle"):
        os.chown(entry, 12345, 12345)
    assert load_profiles() == expected


def test_every_kind_of_cache_entry_loads_back(tmp_path):
    """Each model kept in the cache is admitted by the unpickler (else every run would validate)."""
    _run(LOAD_ALL, tmp_path)
    for entry in tmp_path.glob("*.pickle"):
        with entry.open("rb") as handle:
            assert validation._Unpickler(handle).load() is not None, entry.name
