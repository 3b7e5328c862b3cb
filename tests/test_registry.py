"""The rule registry: declarations, families from the check modules, collisions, family options."""

from __future__ import annotations

import types
from dataclasses import dataclass

import pytest
from conftest import FIXTURES, run_cli

from csrlint import checks
from csrlint.checks import Options, catalogue, families, family_options
from csrlint.config import parse
from csrlint.document import InputError
from csrlint.findings import Finding, Rule, Severity

DRAFT = FIXTURES / "ci-clean.txt"


def test_keyword_and_positional_declarations_are_the_same_rule():
    by_keyword = Rule(
        code="CSR599",
        name="demo-rule",
        family="demo",
        severity=Severity.INFO,
        summary="示例",
        explanation="说明",
        examples=["例一"],
    )
    positional = Rule("CSR599", "demo-rule", "demo", Severity.INFO, "示例", "说明", "例一")
    assert by_keyword == positional
    assert positional.examples == ("例一",) and positional.example == "例一"


def test_families_come_from_the_check_modules():
    assert families() == ("structure", "placeholder", "figure", "period", "carryover")
    assert {rule.family for rule in catalogue().rules} == set(families())


def test_every_rule_names_where_it_is_declared():
    sources = {rule.code: rule.source for rule in catalogue().rules}
    assert sources["CSR101"] == "csrlint/checks/structure.py"
    assert sources["CSR201"].endswith("placeholders.yaml")


def _user_rules(tmp_path, code: str, name: str):
    directory = tmp_path / "mine"
    directory.mkdir()
    (directory / "placeholders.yaml").write_text(
        f"rules:\n  - code: {code}\n    name: {name}\n    severity: warning\n    message: 'x {{match}}'\n"
        f"    patterns: ['ZZZ']\n    examples: ['ZZZ']\n    counterexamples: ['YYY']\n",
        encoding="utf-8",
    )
    return directory


@pytest.mark.parametrize(
    ("code", "name", "other"),
    [
        ("CSR290", "my-note", "revisions.py"),
        ("CSR299", "open-comment", "revisions.py"),
        ("CSR298", "editorial-note", "rules/placeholders.yaml"),
    ],
)
def test_a_second_rule_with_a_code_or_name_is_refused_naming_both_files(tmp_path, code, name, other):
    directory = _user_rules(tmp_path, code, name)
    result = run_cli("check", "--rules", directory, DRAFT)
    assert result.exit_code == 2
    assert str(directory / "placeholders.yaml") in result.stderr and other in result.stderr
    assert "Traceback" not in result.stderr


def test_a_user_rule_with_a_bundled_placeholder_code_still_replaces_it(tmp_path):
    directory = _user_rules(tmp_path, "CSR201", "my-editorial-note")
    assert catalogue((directory,)).find("CSR201").name == "my-editorial-note"


def test_one_code_twice_in_one_rule_file_is_refused(tmp_path):
    directory = _user_rules(tmp_path, "CSR298", "first-rule")
    path = directory / "placeholders.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text.split("rules:\n", 1)[1].replace("first-rule", "second-rule"), encoding="utf-8")
    with pytest.raises(InputError, match="CSR298"):
        catalogue((directory,))


def test_a_new_family_needs_only_its_module(monkeypatch, tmp_path):
    @dataclass
    class DemoOptions:
        __pydantic_config__ = {"extra": "forbid"}
        limit: int = 3

    rule = Rule(code="CSR901", name="demo-rule", family="demo", severity=Severity.INFO, summary="示例")
    module = types.SimpleNamespace(
        FAMILY="demo",
        OPTIONS=DemoOptions,
        rules=lambda rule_dirs=(): [rule],
        check=lambda context: [Finding.of(rule, "示例", line=1)],
        __file__="demo.py",
        __name__="csrlint.checks.demo",
    )
    bundled = checks.modules()
    monkeypatch.setattr(checks, "modules", lambda: (*bundled, module))
    checks.catalogue.cache_clear()
    checks.families.cache_clear()
    try:
        assert families()[-1] == "demo" and family_options()["demo"] is DemoOptions
        assert catalogue().find("demo-rule") == rule
        config = parse({"demo": {"limit": 5}}, tmp_path / ".csrlint.toml")
        assert config.settings == {"demo": {"limit": 5}}
        with pytest.raises(InputError, match="demo.limt"):
            parse({"demo": {"limt": 5}}, tmp_path / ".csrlint.toml")
    finally:
        checks.catalogue.cache_clear()
        checks.families.cache_clear()


@pytest.mark.parametrize(
    ("table", "complaint"),
    [
        ("share-tolarance = 1.0", "unknown key 'figure.share-tolarance'"),
        ("share_tolerance = 1.0", "unknown key 'figure.share_tolerance'"),
        ('share-tolerance = "wide"', "'figure.share-tolerance'"),
        ("fit-threshold = 0.5", "unknown key 'figure.fit-threshold'"),
    ],
)
def test_a_bad_family_option_is_one_config_error_naming_file_and_key(tmp_path, table, complaint):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f"[tool.csrlint.figure]\n{table}\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""  # not one read error per report
    assert result.stderr.count("csrlint:") == 1 and complaint in result.stderr
    assert str(tmp_path / "pyproject.toml") in result.stderr


def test_family_options_are_validated_and_kept_as_written(tmp_path):
    config = parse(
        {"figure": {"share-tolerance": 2}, "structure": {"fit-threshold": "0.7"}, "placeholder": {"timeout": 1}},
        tmp_path / ".csrlint.toml",
    )
    assert config.settings == {
        "figure": {"share-tolerance": 2.0},
        "structure": {"fit-threshold": 0.7},
        "placeholder": {"timeout": 1.0},
    }
    with pytest.raises(InputError, match="placeholder.timeout"):
        parse({"placeholder": {"timeout": -1}}, tmp_path / ".csrlint.toml")
    with pytest.raises(InputError, match="'period'"):
        parse({"period": 3}, tmp_path / ".csrlint.toml")
    assert Options().settings == {}


def test_formats_describe_user_rules_from_the_catalogue_and_show_text_without_rereading(tmp_path):
    import io

    from csrlint.formatters import render

    user_rules = FIXTURES / "placeholder-rules"
    draft = tmp_path / "draft.txt"
    draft.write_text("一、公开陈述\n征求意见稿\n本单位承诺报告内容真实。\n", encoding="utf-8")
    linter = checks_linter(user_rules)
    result = linter.lint_path(draft)
    assert [f.code for f in result.findings if f.code == "CSR280"] == ["CSR280"]
    draft.unlink()  # the HTML shows the text from the result, not from the file
    outputs = {}
    for name in ("sarif", "junit", "html"):
        stream = io.StringIO()
        render(name, [result], stream)
        outputs[name] = stream.getvalue()
    assert "本单位的草稿在段首标注" in outputs["sarif"]  # the user rule's own explanation
    assert "draft-watermark" in outputs["junit"]
    assert "本单位承诺报告内容真实" in outputs["html"]


def checks_linter(rule_dir):
    from csrlint.engine import Linter

    return Linter.create(rule_dirs=(rule_dir,), options=Options(rule_dirs=(rule_dir,)))
