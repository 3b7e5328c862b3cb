"""Family ``placeholder``: what a draft still waits for, and the look-alikes it must leave alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, codes, corpus_file, lint_text, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csrlint.checks import Options, placeholder
from csrlint.document import InputError
from csrlint.engine import Linter
from csrlint.findings import Severity

DRAFT = FIXTURES / "placeholder-draft.txt"
CLEAN = FIXTURES / "placeholder-clean.txt"
USER_RULES = FIXTURES / "placeholder-rules"


@pytest.fixture(scope="module")
def draft():
    return Linter.create().lint_path(DRAFT)


def test_draft_every_kind_found_and_nothing_else(draft):
    assert codes(draft, "placeholder") == [
        ("CSR204", 6),
        ("CSR204", 6),  # 完成**亿元  进度**%
        ("CSR203", 7),  # 年 月 日 left blank
        ("CSR202", 13),
        ("CSR203", 13),
        ("CSR204", 13),
        ("CSR204", 13),  # 某某单位 20XX 年 共**人 ＊＊个百分点
        ("CSR202", 15),  # XX局
        ("CSR208", 19),  # 组织机构框架图： then the next chapter
        ("CSR204", 27),
        ("CSR204", 27),
        ("CSR201", 27),  # XX 场  约** 万元  （待核实）
        ("CSR202", 28),  # 本部分应说明
        ("CSR201", 30),  # a note in a heading
        ("CSR204", 32),  # 增长**%，预计 / 完成 (a wrapped sentence)
        ("CSR204", 33),
        ("CSR202", 33),  # 1.** 亿元  请根据实际情况
        ("CSR204", 39),
        ("CSR206", 39),
        ("CSR207", 39),
        ("CSR201", 39),  # X 次 （） ，， 此处插入图片
        ("CSR205", 40),  # ________
        ("CSR201", 41),  # TODO
    ]


def test_note_in_heading_names_department_and_column(draft):
    note = next(f for f in draft.findings if f.code == "CSR201" and f.line == 30)
    assert note.message == "编辑批注未删除：请财务补充修改（待财务部门处理）"
    assert note.column == 10  # 2、利润与经济效益 is nine characters
    assert "利润与经济效益" in note.excerpt


def test_finding_quotes_whole_figure_and_points_at_it(draft):
    figure = next(f for f in draft.findings if f.code == "CSR204" and f.line == 33)
    assert figure.message == "数字未填写：1.** 亿元"
    assert figure.column == 13
    assert figure.severity is Severity.ERROR


@pytest.mark.parametrize("path", [CLEAN, FIXTURES / "placeholder-lookalikes.md"])
def test_lookalikes_are_not_flagged(path):
    """Bold, 7*24, FTTR, 1200×1000, 二〇〇八, 邀请/申请/有待, quoted examples, ……"""
    assert codes(Linter.create().lint_path(path), "placeholder") == []


def test_phrase_split_by_a_pdf_wrap_is_found_where_it_starts():
    """增长** and 请财务补充修改 each match only once the PDF wrap is undone."""
    result = lint_text("一、公开陈述\n全年营业收入增\n长**，创历史新高。请财务补\n充修改。\n")
    found = [(f.code, f.line, f.column) for f in result.findings if f.family == "placeholder"]
    assert found == [("CSR204", 3, 2), ("CSR201", 3, 11)]
    assert "增长**" in next(f for f in result.findings if f.code == "CSR204").excerpt


def test_fullwidth_and_spaced_masks():
    result = lint_text("一、公开陈述\n累计投入 ＸＸ 万元。\n开展 X X 主题活动。\n完成** 亿元。\n")
    assert codes(result, "placeholder") == [("CSR204", 2), ("CSR205", 3), ("CSR204", 4)]


def test_inline_note_names_department_only_when_it_names_one():
    result = lint_text("一、公开陈述\n开展活动 12 次，请人力核实。\n数据待确认。\n")
    messages = [f.message for f in result.findings if f.code == "CSR201"]
    assert messages == ["编辑批注未删除：请人力核实（待人力资源部门处理）", "编辑批注未删除：待确认"]


def test_a_run_of_one_mark_is_one_finding_quoting_the_run():
    result = lint_text("一、公开陈述\n开展活动、、、、共计十场，，后续跟进。……\n")
    assert [f.message for f in result.findings if f.code == "CSR207"] == ["标点重复：、、、、", "标点重复：，，"]


def test_label_before_a_list_or_text_is_not_empty():
    text = "一、公开陈述\n（一）概况\n主要做法如下：\n1、加强学习\n每月学习一次。\n主要荣誉：\n（二）荣誉\n全国文明单位。\n"
    assert codes(lint_text(text), "placeholder") == [("CSR208", 6)]


# --- A user's rules directory ---------------------------------------------------------------


def test_user_rules_add_a_rule_and_a_department():
    result = Linter.create(rule_dirs=(USER_RULES,), options=Options(rule_dirs=(USER_RULES,))).lint_path(DRAFT)
    added = [f for f in result.findings if f.code == "CSR280"]
    assert [(f.line, f.message) for f in added] == [(2, "草稿标记未删除：征求意见稿")]
    other = lint_text(
        "一、公开陈述\n物业初稿：绿化率 35%。\n",
        Linter.create(rule_dirs=(USER_RULES,), options=Options(rule_dirs=(USER_RULES,))),
    )
    assert [f.message for f in other.findings if f.code == "CSR280"] == [
        "草稿标记未删除：物业初稿（待物业管理部门处理）"
    ]


def test_user_rules_override_by_code():
    result = Linter.create(rule_dirs=(USER_RULES,), options=Options(rule_dirs=(USER_RULES,))).lint_path(DRAFT)
    doubled = [f for f in result.findings if f.code == "CSR207"]
    assert [(f.line, f.severity) for f in doubled] == [(39, Severity.INFO)]
    catalogue = [rule.code for rule in placeholder.rules((USER_RULES,))]
    assert catalogue.count("CSR207") == 1 and "CSR280" in catalogue


def test_rules_command_lists_user_rule():
    result = run_cli("rules", "--rules", USER_RULES)
    assert "CSR280\tdraft-watermark\tplaceholder\terror\t草稿标记未删除" in result.output


def _user_dir(tmp_path: Path, body: str) -> Path:
    (tmp_path / "placeholders.yaml").write_text(body, encoding="utf-8")
    return tmp_path


RULE = """rules:
  - code: {code}
    name: my-rule
    severity: {severity}
    message: "{message}"
    patterns: ['{pattern}']
    examples: ["aa"]
    counterexamples: ["b"]
"""


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"severity": "fatal"}, "rules.0.severity"),
        ({"code": "X1"}, "rules.0.code"),
        ({"message": "缺少{value}"}, "unknown field {value}"),
        ({"pattern": "(unclosed"}, "CSR299（my-rule）patterns.0: 正则表达式无效"),
        ({"pattern": "\\\\L<nowhere>"}, "unknown list \\L<nowhere>"),
    ],
)
def test_invalid_user_rules_name_file_and_key(tmp_path, fields, expected):
    values = {"code": "CSR299", "severity": "error", "message": "坏：{match}", "pattern": "a+"} | fields
    directory = _user_dir(tmp_path, RULE.format(**values))
    with pytest.raises(InputError) as error:
        placeholder.catalogue((directory,))
    assert error.value.path == str(directory / "placeholders.yaml")
    assert expected in error.value.reason


def test_unknown_top_level_key_is_rejected(tmp_path):
    directory = _user_dir(tmp_path, "rule:\n  - code: CSR299\n")
    with pytest.raises(InputError, match="rule: unknown key"):
        placeholder.catalogue((directory,))


def test_invalid_user_rules_exit_2_from_cli(tmp_path):
    directory = _user_dir(tmp_path, RULE.format(code="CSR299", severity="fatal", message="x", pattern="a"))
    result = run_cli("check", "--format", "plain", "--rules", directory, CLEAN)
    assert result.exit_code == 2
    assert "placeholders.yaml" in result.output and "rules.0.severity" in result.output


CATASTROPHIC = "^(a|aa)+$"


def test_catastrophic_pattern_is_time_limited_and_named(tmp_path):
    directory = _user_dir(
        tmp_path, RULE.format(code="CSR299", severity="error", message="坏：{match}", pattern=CATASTROPHIC)
    )
    linter = Linter.create(
        rule_dirs=(directory,), options=Options(rule_dirs=(directory,), settings={"placeholder": {"timeout": 0.2}})
    )
    result = lint_text("一、公开陈述\n" + "a" * 60 + "b\n", linter)
    assert result.error is not None
    assert "CSR299（my-rule）" in result.error and "超时" in result.error


def test_catastrophic_pattern_is_rejected_when_its_examples_trigger_it(tmp_path):
    body = RULE.format(code="CSR299", severity="error", message="坏：{match}", pattern=CATASTROPHIC)
    directory = _user_dir(tmp_path, body.replace('["b"]', '["' + "a" * 60 + 'b"]'))
    with pytest.raises(InputError, match="CSR299（my-rule）patterns.0: 模式超时"):
        placeholder.catalogue((directory,))


# --- The real corpus ----------------------------------------------------------------------


def _corpus(prefix: str):
    return Linter.create().lint_path(corpus_file(prefix))


def test_corpus_002_both_notes_in_headings_name_their_department():
    result = _corpus("002")
    notes = [(f.code, f.line, f.message) for f in result.findings if f.family == "placeholder"]
    assert notes == [
        ("CSR201", 375, "编辑批注未删除：请财务补充修改（待财务部门处理）"),
        ("CSR201", 775, "编辑批注未删除：请客保补充修改（待客保部门处理）"),
    ]


def test_corpus_003_bold_sentences_and_7x24_are_not_placeholders():
    assert codes(_corpus("003"), "placeholder") == []


def test_corpus_001_only_the_real_leftovers():
    # the org-chart label right before 三、主要参数, and a doubled comma
    assert codes(_corpus("001"), "placeholder") == [("CSR208", 251), ("CSR207", 1397)]


# --- Property: a masked number inserted anywhere is found where it was put -------------------

CLEAN_LINES = CLEAN.read_text(encoding="utf-8").split("\n")
TEXT_LINES = [index for index, line in enumerate(CLEAN_LINES) if line.strip()]
CLAUSE_END = "，。；：、（）“” "
MASKS = ["**万元", "共**人", "＊＊%", "XX万元", "约** 亿元", "**个百分点", "达到**%"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.sampled_from(TEXT_LINES), where=st.floats(0, 1), mask=st.sampled_from(MASKS))
def test_inserted_masked_number_is_found_at_its_line(linter, index, where, mask):
    line = CLEAN_LINES[index]
    # between clauses: inside a word it would make a new word (申**万元请 leaves 请补充, a real note)
    boundaries = [i for i in range(len(line) + 1) if i in (0, len(line)) or line[i - 1] in CLAUSE_END]
    cut = boundaries[int(where * (len(boundaries) - 1))]
    lines = [*CLEAN_LINES]
    lines[index] = line[:cut] + mask + line[cut:]
    result = lint_text("\n".join(lines), linter)
    found = codes(result, "placeholder")
    assert ("CSR204", index + 1) in found
    # nothing elsewhere (on its own line it may turn a quoted example “XX局” into a real one)
    assert {line for _, line in found} == {index + 1}
