"""One timeline per document: the report year (and where it came from), period, publication,
shared by the figure and the period checks; period.yaml validated like every rule file."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, ROOT, check_json, codes, lint_text, run_cli

from csrlint.checks import Options
from csrlint.engine import Linter

OFFICE = ROOT.parent / "shared" / "office" / "made"

#: The title says 2023; the body speaks of 2022 far more often (a review of last year's
#: trend). The 2022 satisfaction score is last year's, not a contradiction of this year's.
MOSTLY_2022 = (
    "示例公司2023年度社会责任报告\n一、公开陈述\n"
    + "".join(f"2022 年 {month} 月，开展志愿服务 {month} 次。\n" for month in range(1, 10))
    + "2022 年，组织员工开展技能竞赛 3 场。\n"
    + "二、社会评价\n2022 年公众综合满意度 80.5 分。\n本年度公众综合满意度 85.5 分。\n"
)


def test_the_title_year_beats_the_most_frequent_year_in_every_check(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(MOSTLY_2022, encoding="utf-8")
    _, data = check_json(path)
    report = data["files"][0]
    assert (report["report_year"], report["report_year_source"]) == (2023, "title")
    found = {finding["code"] for finding in report["findings"]}
    assert "CSR301" not in found  # figure: 80.5 is 2022's, not this year's second value
    assert "CSR408" in found  # period: sentences about 2022 in a 2023 report are noted


def test_a_draft_without_title_page_takes_the_year_from_its_opening_sentence():
    text = (
        "现将 2023 年度社会责任报告如下。\n一、公开陈述\n截至 10 月，共开展志愿服务 35 次。\n"
        "2024 年 3 月，组织全体员工参加安全培训。\n"
    )
    result = lint_text(text)
    assert (result.facts["report_year"], result.facts["report_year_source"]) == (2023, "body")
    assert [code for code, _ in codes(result, "period")] == ["CSR405", "CSR406"]


def test_without_any_statement_the_dominant_year_of_the_dates_is_the_report_year():
    text = "一、公开陈述\n2023 年 3 月，开展培训。\n2023 年 5 月，开展义诊。\n2022 年 4 月，开展活动。\n"
    result = lint_text(text)
    assert (result.facts["report_year"], result.facts["report_year_source"]) == (2023, "dates")


def test_sources_in_order_title_period_option():
    stated = "一、公开陈述\n本报告时间范围为 2022 年 1 月 1 日至 2022 年 12 月 31 日。\n"
    assert lint_text(stated).facts["report_year_source"] == "period"
    given = Linter.create(options=Options(report_year=2021))
    assert lint_text("一、公开陈述\n全年开展培训 20 期。\n", given).facts["report_year_source"] == "--year"
    nothing = lint_text("一、公开陈述\n全年开展培训 20 期。\n").facts
    assert (nothing["report_year"], nothing["report_year_source"]) == (None, None)


def test_a_running_header_never_decides_the_report_year():
    path = OFFICE / "r5-stale-header.docx"
    if not path.exists():
        pytest.skip("../shared/office is not available")
    _, data = check_json(path)
    report = data["files"][0]
    assert report["report_year"] == 2023 and report["report_year_source"] == "title"
    period = [finding for finding in report["findings"] if finding["family"] == "period"]
    assert [finding["code"] for finding in period] == ["CSR401"]
    assert "页眉" in period[0]["message"] and "2022" in period[0]["excerpt"]


# --- period.yaml is validated like every rule file -----------------------------------------


def _user_period(tmp_path, text: str):
    directory = tmp_path / "mine"
    directory.mkdir()
    (directory / "period.yaml").write_text(text, encoding="utf-8")
    return run_cli("check", "--rules", directory, FIXTURES / "period-clean.txt"), directory / "period.yaml"


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("forcasts: ['预计']\n", "forcasts: unknown key"),
        ("forecasts: '预计完成'\n", "forecasts"),  # a string where a list belongs, not its characters
        ("partial_year: {cutoff: '截至', phrases: []}\n", "partial_year.min_range_months"),
        ("since: '(?:以来'\n", "since"),  # an invalid pattern
    ],
)
def test_a_bad_user_period_file_is_exit_2_naming_it(tmp_path, text, complaint):
    result, path = _user_period(tmp_path, text)
    assert result.exit_code == 2
    assert str(path) in result.stderr and complaint in result.stderr
    assert "Traceback" not in result.stderr


def test_a_user_period_file_replaces_keys(tmp_path):
    result, _ = _user_period(tmp_path, "forecasts: ['争取完成']\n")
    assert result.exit_code == 0, result.stderr
