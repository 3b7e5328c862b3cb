"""Guideline profiles: the bundled three, validation messages, users' own rules directories."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, run_cli

from csrlint.document import InputError
from csrlint.engine import Linter
from csrlint.profiles import load_profiles


def test_bundled_profiles():
    profiles = load_profiles()
    assert {"manual-2012", "standard-2022", "wuda-2022"} <= set(profiles)
    assert profiles["manual-2012"].basis == "guideline"
    assert profiles["standard-2022"].basis == "inferred"
    names = [chapter.name for chapter in profiles["manual-2012"].chapters]
    assert names == ["公开陈述", "单位概况", "主要参数", "社会责任履行情况", "报告展望", "社会评价"]


def test_profiles_command_lists_ids_and_sources():
    result = run_cli("profiles")
    assert result.exit_code == 0
    for profile_id in ("manual-2012", "standard-2022", "wuda-2022"):
        assert profile_id in result.output
    assert "由报告推断" in result.output and "指南原文" in result.output


def _write_profile(directory, body: str):
    (directory / "mine.yaml").write_text(body, encoding="utf-8")


def test_typo_in_a_key_names_file_and_key_path(tmp_path):
    _write_profile(
        tmp_path, "id: mine\ntitle: t\nsource: s\nbasis: inferred\nchapters:\n  - name: 公开陈述\n    requried: true\n"
    )
    with pytest.raises(InputError) as caught:
        load_profiles([tmp_path])
    assert "mine.yaml" in str(caught.value) and "chapters.0.requried" in str(caught.value)
    result = run_cli("check", "--rules", tmp_path, FIXTURES / "standard-2022-complete.txt")
    assert result.exit_code == 2
    assert "chapters.0.requried" in result.output and "Traceback" not in result.output


def test_invalid_yaml_is_exit_2(tmp_path):
    _write_profile(tmp_path, "id: [unclosed\nchapters: x")
    result = run_cli("profiles", "--rules", tmp_path)
    assert result.exit_code == 2 and "YAML" in result.output


def test_yaml_is_loaded_safely(tmp_path):
    _write_profile(tmp_path, "!!python/object/apply:os.system ['echo hacked']\n")
    result = run_cli("profiles", "--rules", tmp_path)
    assert result.exit_code == 2 and "hacked" not in result.output


def test_users_profile_is_used_and_can_replace_a_bundled_one(tmp_path):
    _write_profile(
        tmp_path,
        "id: school-2024\ntitle: 学校版\nsource: 本校\nbasis: inferred\nchapters:\n"
        "  - name: 公开陈述\n  - name: 学校概况\n    aliases: [基本情况]\n",
    )
    linter = Linter.create(rule_dirs=(tmp_path,), profile_id="school-2024")
    result = linter.lint_path(FIXTURES / "standard-2022-complete.txt")
    assert result.profile == "school-2024" and result.coverage == 1.0
    assert "school-2024" in run_cli("profiles", "--rules", tmp_path).output


def test_unknown_profile_is_exit_2():
    result = run_cli("check", "--profile", "nope", FIXTURES / "standard-2022-complete.txt")
    assert result.exit_code == 2 and "nope" in result.output
