"""The core command line: exit codes, JSON schema, batches, bad input never a traceback."""

from __future__ import annotations

import hashlib

from conftest import FIXTURES, check_json, run_cli

FINDING_KEYS = {"code", "rule", "family", "severity", "message", "line", "page", "excerpt", "chapter"}


def test_clean_draft_exits_0():
    code, data = check_json(FIXTURES / "manual-2012-complete.txt", "--select", "structure")
    assert code == 0 and data["files"][0]["findings"] == []


def test_findings_exit_1_and_json_schema():
    code, data = check_json(FIXTURES / "structure-missing.txt")
    assert code == 1
    report = data["files"][0]
    assert {"path", "profile", "coverage", "findings"} <= set(report)
    assert report["profile"] == "standard-2022" and 0 <= report["coverage"] <= 1
    finding = next(f for f in report["findings"] if f["code"] == "CSR101")
    assert FINDING_KEYS <= set(finding)
    assert finding["rule"] == "missing-chapter" and finding["family"] == "structure"
    assert finding["severity"] in ("error", "warning", "info")


def test_fail_on_error_ignores_warnings():
    path = FIXTURES / "structure-order.txt"  # one warning, no error
    assert run_cli("check", "--select", "structure", path).exit_code == 1
    assert run_cli("check", "--select", "structure", "--fail-on", "error", path).exit_code == 0


def test_directory_batch(tmp_path):
    for name in ("structure-order.txt", "manual-2012-complete.txt"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "notes.png").write_bytes(b"\x89PNG")
    code, data = check_json(tmp_path)
    assert sorted(f["path"].split("/")[-1] for f in data["files"]) == [
        "manual-2012-complete.txt",
        "structure-order.txt",
    ]


def test_bad_input_in_a_batch_is_exit_2_and_others_still_checked(tmp_path):
    binary = tmp_path / "broken.txt"
    binary.write_bytes(b"\x00\xff" * 100)
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    good = FIXTURES / "structure-order.txt"
    code, data = check_json(binary, empty, good)
    assert code == 2
    errors = {f["path"].split("/")[-1]: f["error"] for f in data["files"]}
    assert "binary" in errors["broken.txt"] and "empty" in errors["empty.md"]
    assert errors["structure-order.txt"] is None
    assert data["files"][2]["findings"]


def test_plain_output_is_one_line_per_problem(tmp_path):
    binary = tmp_path / "broken.txt"
    binary.write_bytes(b"\x00\xff" * 100)
    result = run_cli("check", "--format", "plain", binary)
    assert result.exit_code == 2
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_directory_with_no_reports_is_exit_2(tmp_path):
    (tmp_path / "image.png").write_bytes(b"x")
    result = run_cli("check", tmp_path)
    assert result.exit_code == 2 and "no reports" in result.output


def test_missing_file_is_exit_2(tmp_path):
    result = run_cli("check", tmp_path / "nope.txt")
    assert result.exit_code == 2 and "nope.txt" in result.output


def test_inputs_are_never_modified(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes((FIXTURES / "structure-missing.txt").read_bytes())
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    run_cli("check", path)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_rich_output_groups_by_severity_and_summarises():
    result = run_cli("check", "--format", "rich", "--no-color", FIXTURES / "structure-missing.txt")
    assert "错误 / error" in result.output and "警告 / warning" in result.output
    assert "CSR101" in result.output and "汇总" in result.output and "standard-2022" in result.output


def test_version_and_rules():
    assert run_cli("--version").output.startswith("csrlint")
    rules = run_cli("rules").output
    for code in ("CSR101", "CSR102", "CSR103", "CSR104", "CSR105", "CSR106"):
        assert code in rules
    explained = run_cli("explain", "CSR101")
    assert explained.exit_code == 0 and "missing-chapter" in explained.output
    assert run_cli("explain", "CSR999").exit_code == 2
