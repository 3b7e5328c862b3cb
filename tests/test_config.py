"""The configuration file: discovery, validation, and flags laid over it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from csrlint import config
from csrlint.document import InputError

DRAFT = FIXTURES / "ci-draft.txt"
CLEAN = FIXTURES / "ci-clean.txt"


@pytest.fixture
def repo(tmp_path) -> Path:
    """A report repository: reports/2023/draft.txt and reports/clean.txt, no config yet."""
    (tmp_path / "reports" / "2023").mkdir(parents=True)
    shutil.copy(DRAFT, tmp_path / "reports" / "2023" / "draft.txt")
    shutil.copy(CLEAN, tmp_path / "reports" / "clean.txt")
    config.find.cache_clear()
    config.cached_load.cache_clear()
    return tmp_path


def check(*args) -> tuple[int, list[tuple[str, str, int]], str]:
    """(exit code, [(file name, code, line)], stderr) of a JSON run."""
    result = run_cli("check", "--format", "json", *args)
    if result.exit_code == 2 and not result.stdout:
        return 2, [], result.stderr
    data = json.loads(result.stdout)
    found = [(Path(f["path"]).name, x["code"], x["line"]) for f in data["files"] for x in f["findings"]]
    return result.exit_code, found, result.stderr


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_table_is_found_walking_up_from_the_report(repo):
    write(repo / "pyproject.toml", '[project]\nname = "reports"\n\n[tool.csrlint]\nignore = ["CSR101"]\n')
    code, found, _ = check(repo / "reports" / "2023" / "draft.txt", "--select", "structure")
    assert (code, found) == (1, [("draft.txt", "CSR106", 38)])


def test_pyproject_without_a_csrlint_table_is_skipped(repo):
    write(repo / "csrlint.toml", 'ignore = ["CSR106"]\n')
    write(repo / "reports" / "pyproject.toml", '[project]\nname = "reports"\n')
    assert config.find((repo / "reports" / "2023").resolve()) == (repo / "csrlint.toml").resolve()


def test_dot_file_wins_over_pyproject_in_the_same_directory(repo):
    write(repo / "pyproject.toml", '[tool.csrlint]\nignore = ["CSR101"]\n')
    write(repo / ".csrlint.toml", 'ignore = ["CSR106"]\n')
    _, found, _ = check(repo / "reports" / "2023" / "draft.txt", "--select", "structure")
    assert found == [("draft.txt", "CSR101", 113)]


def test_nearest_config_applies_per_file(repo):
    write(repo / "csrlint.toml", 'ignore = ["CSR106"]\n')
    write(repo / "reports" / "2023" / "csrlint.toml", 'ignore = ["CSR101"]\n')
    shutil.copy(DRAFT, repo / "reports" / "draft-root.txt")
    _, found, _ = check(repo / "reports", "--select", "structure")
    assert found == [("draft.txt", "CSR106", 38), ("draft-root.txt", "CSR101", 113)]


def test_unknown_key_is_an_error_naming_key_and_file(repo):
    path = write(repo / "pyproject.toml", '[tool.csrlint]\nfail_on = "error"\n')
    code, _, stderr = check(repo / "reports" / "clean.txt")
    assert code == 2
    assert "fail_on" in stderr and str(path) in stderr


def test_unknown_key_inside_a_known_table_is_an_error(repo):
    write(repo / ".csrlint.toml", '[severity]\nCSR106 = "fatal"\n')
    code, _, stderr = check(repo / "reports" / "clean.txt")
    assert code == 2 and "severity.CSR106" in stderr


def test_unknown_rule_code_in_the_file_is_an_error(repo):
    write(repo / ".csrlint.toml", 'ignore = ["CSR999"]\n')
    code, _, stderr = check(repo / "reports" / "clean.txt")
    assert code == 2 and "CSR999" in stderr


def test_invalid_toml_is_an_error(repo):
    write(repo / ".csrlint.toml", "ignore = [\n")
    code, _, stderr = check(repo / "reports" / "clean.txt")
    assert code == 2 and "TOML" in stderr


def test_severity_override_and_fail_on_from_the_file(repo):
    draft = repo / "reports" / "2023" / "draft.txt"
    write(repo / ".csrlint.toml", 'fail-on = "error"\nselect = ["structure"]\n')
    assert check(draft)[0] == 0  # two warnings do not fail at "error"
    write(repo / ".csrlint.toml", 'fail-on = "error"\nselect = ["structure"]\n[severity]\nCSR106 = "error"\n')
    config.cached_load.cache_clear()
    data = json.loads(run_cli("check", "--format", "json", draft).stdout)
    severities = {f["code"]: f["severity"] for f in data["files"][0]["findings"]}
    assert severities == {"CSR106": "error", "CSR101": "warning"}
    assert check(draft)[0] == 1


def test_flags_override_the_file(repo):
    draft = repo / "reports" / "2023" / "draft.txt"
    write(repo / ".csrlint.toml", 'fail-on = "error"\nselect = ["placeholder"]\n')
    code, found, _ = check(draft, "--select", "structure", "--fail-on", "warning")
    assert code == 1
    assert found == [("draft.txt", "CSR106", 38), ("draft.txt", "CSR101", 113)]


def test_ignore_flag_adds_to_the_file(repo):
    write(repo / ".csrlint.toml", 'ignore = ["CSR106"]\n')
    _, found, _ = check(repo / "reports" / "2023" / "draft.txt", "--select", "structure", "--ignore", "CSR101")
    assert found == []


def test_isolated_and_explicit_config(repo, tmp_path_factory):
    draft = repo / "reports" / "2023" / "draft.txt"
    write(repo / ".csrlint.toml", 'ignore = ["structure"]\n')
    assert check(draft, "--select", "structure")[1] == []
    assert len(check(draft, "--select", "structure", "--isolated")[1]) == 2
    other = write(tmp_path_factory.mktemp("elsewhere") / "ci.toml", 'ignore = ["CSR101"]\n')
    assert check(draft, "--select", "structure", "--config", other)[1] == [("draft.txt", "CSR106", 38)]


def test_family_table_reaches_the_checks_as_settings(repo):
    """``[tool.csrlint.structure] fit-threshold`` above 1 makes even a complete report "fit badly"."""
    write(
        repo / "pyproject.toml",
        '[tool.csrlint]\nselect = ["CSR100"]\n\n[tool.csrlint.structure]\nfit-threshold = 1.01\n',
    )
    assert check(repo / "reports" / "clean.txt")[1] == [("clean.txt", "CSR100", 1)]


def test_include_and_exclude_patterns_filter_directory_walks(repo):
    write(repo / ".csrlint.toml", 'exclude = ["reports/2023/*"]\nselect = ["structure"]\n')
    _, found, _ = check(repo / "reports")
    assert found == []
    write(repo / ".csrlint.toml", 'include = ["*-final.txt"]\n')
    config.cached_load.cache_clear()
    shutil.copy(DRAFT, repo / "reports" / "draft-final.txt")
    _, found, _ = check(repo / "reports", "--select", "structure")
    assert {name for name, _, _ in found} == {"draft-final.txt"}


def test_excluded_file_named_on_the_command_line_is_skipped(repo):
    write(repo / ".csrlint.toml", 'exclude = ["*/2023/*"]\n')
    result = run_cli("check", repo / "reports" / "2023" / "draft.txt")
    assert result.exit_code == 0
    assert "no files to check" in result.stderr


def test_max_size_from_the_file_and_the_flag(repo):
    big = write(repo / "reports" / "big.txt", CLEAN.read_text(encoding="utf-8") + "正文" * 600_000)
    write(repo / ".csrlint.toml", "max-size = 1\n")
    code, _, _ = check(big)
    data = json.loads(run_cli("check", "--format", "json", big).stdout)
    assert code == 2 and "file too large" in data["files"][0]["error"]
    assert run_cli("check", "--format", "json", "--max-size", "5", big).exit_code in (0, 1)


def test_relative_paths_in_the_file_are_relative_to_it(tmp_path):
    parsed = config.parse({"rules": ["my-rules"], "baseline": "ci/baseline.json"}, tmp_path / "sub" / "csrlint.toml")
    assert parsed.rules == [tmp_path / "sub" / "my-rules"]
    assert parsed.baseline == tmp_path / "sub" / "ci" / "baseline.json"


def test_internal_field_names_are_not_keys(tmp_path):
    with pytest.raises(InputError, match="unknown key 'settings'"):
        config.parse({"settings": {}}, tmp_path / "csrlint.toml")


def test_severity_by_family_and_select_by_rule_name(repo):
    draft = repo / "reports" / "2023" / "draft.txt"
    write(
        repo / ".csrlint.toml",
        'select = ["numbering", "CSR101"]\n[severity]\nstructure = "info"\nmissing-chapter = "error"\n',
    )
    data = json.loads(run_cli("check", "--format", "json", draft).stdout)
    assert [(f["code"], f["severity"]) for f in data["files"][0]["findings"]] == [
        ("CSR106", "info"),
        ("CSR101", "error"),
    ]
