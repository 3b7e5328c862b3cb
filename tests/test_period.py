"""Family ``period``: report year, stated period, forecasts, partial-year data, dates out of the year."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import FIXTURES, check_json, codes, corpus_file, lint_text, run_cli

from csrlint.checks import Options
from csrlint.engine import Linter

DRAFT = (FIXTURES / "period-draft.txt").read_text(encoding="utf-8")


def period(path: Path, linter: Linter) -> list[tuple[str, int | None]]:
    return codes(linter.lint_path(path), "period")


def replaced(old: str, new: str) -> str:
    """The draft fixture with one passage changed (to test one rule at a time)."""
    assert old in DRAFT
    return DRAFT.replace(old, new)


def test_draft_has_one_finding_per_planted_mistake(linter):
    assert period(FIXTURES / "period-draft.txt", linter) == [
        ("CSR404", 7),  # 预计 / 完成 split by a wrap, in 公开陈述
        ("CSR405", 14),  # 截至 2023 年 9 月底
        ("CSR408", 26),  # 2022 年，… in 理论学习
        ("CSR406", 30),  # 2024 年 3 月 in 员工教育
        ("CSR405", 31),  # 1-10 月
        ("CSR405", 39),  # 前三季度
        ("CSR409", 45),  # 2023 年…同比 2021 年
        ("CSR404", 49),  # 有望完成
        ("CSR405", 63),  # 截至 11 / 月 split by a wrap
        ("CSR407", 97),  # award given 2024 年 2 月: a note
        ("CSR410", 101),  # 领导关怀 entry of 2022 年 12 月 26 日
    ]


def test_draft_severities(linter):
    result = linter.lint_path(FIXTURES / "period-draft.txt")
    severity = {f.code: f.severity.value for f in result.findings if f.family == "period"}
    assert severity == {
        "CSR404": "warning",
        "CSR405": "warning",
        "CSR406": "warning",
        "CSR407": "info",
        "CSR408": "info",
        "CSR409": "warning",
        "CSR410": "warning",
    }


def test_look_alikes_are_not_flagged(linter):
    # plans with 将, 报告编制日期, 自 2021 年以来, 同比 2022 年 / 22 年, 截至年底, 7-8 月, 1-2 月,
    # 力争为 0, 有望实现, an ISO certificate valid to 2024, 《关于做好 2024 年元旦…的通知》, 2023.12.05,
    # forecasts and 2024 dates in 展望, 3 月 15 日 without a year in 领导关怀, 2022-2023 年度 honours.
    assert period(FIXTURES / "period-clean.txt", linter) == []


def test_facts_of_the_fixtures():
    _, data = check_json(
        FIXTURES / "period-draft.txt", FIXTURES / "period-mismatch.txt", FIXTURES / "period-incomplete.txt"
    )
    facts = {Path(f["path"]).name: (f["report_year"], f["period"], f["published"]) for f in data["files"]}
    assert facts == {
        "period-draft.txt": (2023, {"start": "2023-01-01", "end": "2023-12-31"}, "2024-04"),
        "period-mismatch.txt": (2023, {"start": "2022-01-01", "end": "2022-12-31"}, "2023-11"),
        "period-incomplete.txt": (2023, {"start": "2023-01-01", "end": "2023-10-31"}, None),
    }


def test_title_header_period_and_cover_disagree(linter):
    result = linter.lint_path(FIXTURES / "period-mismatch.txt")
    assert codes(result, "period") == [("CSR403", 3), ("CSR401", 7), ("CSR401", 15)]
    assert [place.line for f in result.findings if f.code == "CSR401" for place in f.related] == [2, 2]


@pytest.mark.parametrize(
    "title",
    [
        "2023 年度社会责任报告",
        "社会责任报告（2023年度）",
        "二〇二三年度社会责任报告",
        "# 上海华辰电子科技有限公司 2023 年社会责任报告",
    ],
)
def test_title_forms_give_the_report_year(title, linter):
    result = lint_text(f"{title}\n\n一、公开陈述\n\n全年开展培训 20 期。\n", linter)
    assert result.facts["report_year"] == 2023


def test_a_line_naming_last_years_report_is_not_a_running_header(linter):
    text = replaced("公司获评区级文明单位。\n", "公司获评区级文明单位。\n获评优秀2022年度社会责任报告\n")
    assert [f.code for f in lint_text(text, linter).findings if f.code == "CSR401"] == []


def test_period_that_stops_before_the_year_ends(linter):
    assert period(FIXTURES / "period-incomplete.txt", linter) == [("CSR402", 15)]


def test_year_from_the_command_line_wins_and_is_checked():
    no_year = "一、公开陈述\n\n全年开展培训 20 期，截至 10 月完成考核。\n"
    assert codes(lint_text(no_year), "period") == []  # no year known: nothing to compare
    given = Linter.create(options=Options(report_year=2023))
    assert codes(lint_text(no_year, given), "period") == [("CSR405", 3)]
    assert codes(given.lint_path(FIXTURES / "period-draft.txt"), "CSR401") == []  # the title agrees
    other = Linter.create(options=Options(report_year=2024))
    # The user's 2024 wins: the stated 2023 period is the one place that disagrees (and is not
    # "incomplete" for a year it does not speak of); a 2023 title would be a second place.
    assert codes(other.lint_path(FIXTURES / "period-incomplete.txt"), "period") == [("CSR401", 15)]
    draft = other.lint_path(FIXTURES / "period-draft.txt")
    assert [f.line for f in draft.findings if f.code == "CSR401"] == [2, 20]
    assert draft.facts["report_year"] == 2024 and draft.facts["report_year_source"] == "--year"


def test_range_from_a_bare_year_to_a_month_counts_from_january(linter):
    # It used to crash (the start has no month); 2023 年至 10 月 is 1-10 月, 2023 年至 12 月 the full year.
    text = replaced("1-10 月共开展", "2023 年至 10 月共开展")
    assert period(FIXTURES / "period-draft.txt", linter) == codes(lint_text(text, linter), "period")
    text = replaced("1-10 月共开展", "2023 年至 12 月共开展")
    assert ("CSR405", 31) not in codes(lint_text(text, linter), "period")


@pytest.mark.parametrize("unit", ["2024 年 3 月，", "2024 年 3 月；", "2022 年，", "同比 2021 年", "《2024 年"])
def test_a_long_run_of_dates_is_read_in_linear_time(unit):
    """Each date used to re-read its sentence or paragraph: minutes on 200 K characters, now a second."""
    text = "2023 年度社会责任报告\n一、公开陈述\n" + unit * (200_000 // len(unit)) + "\n"
    started = time.perf_counter()
    lint_text(text, Linter.create(select=frozenset({"period"})))
    assert time.perf_counter() - started < 10


def forecasts(text: str, linter: Linter, code: str = "CSR404") -> list[int]:
    return [line for found, line in codes(lint_text(text, linter), "period") if found == code]


def test_forecast_is_flagged_in_review_and_legitimate_in_the_outlook(linter):
    text = replaced("全年实现利润 1800 万元。", "全年利润预计完成 1800 万元。")
    text = text.replace("环境绩效：预计到年底完成光伏屋顶建设。", "环境绩效：预计完成全年目标。")
    assert forecasts(text, linter) == [7, 49, 53]


def test_a_plan_for_next_year_in_a_review_chapter_is_not_a_forecast(linter):
    text = replaced("全年实现利润 1800 万元。", "全年实现利润 1800 万元，2024 年预计完成利润 2000 万元。")
    assert forecasts(text, linter) == [7, 49]


def test_date_after_the_period_in_a_plan_sentence_is_not_flagged(linter):
    text = replaced(
        "2024 年 3 月，组织全体员工参加安全技能培训。", "2024 年 3 月，公司将继续组织全体员工参加安全技能培训。"
    )
    assert forecasts(text, linter, "CSR406") == []


def test_chapter_unknown_to_the_profile_gets_its_role_from_its_title(linter):
    text = DRAFT + "\n六、下一步工作计划\n\n2024 年 3 月完成二期厂房建设，预计完成投资 5000 万元。\n"
    assert codes(lint_text(text, linter), "period") == period(FIXTURES / "period-draft.txt", linter)


def test_rules_directory_can_replace_the_forecast_phrases(tmp_path):
    (tmp_path / "period.yaml").write_text("forecasts: ['争取完成']\n", encoding="utf-8")
    linter = Linter.create(rule_dirs=(tmp_path,), options=Options(rule_dirs=(tmp_path,)))
    text = replaced("有望完成年度考核目标", "争取完成年度考核目标")
    found = [c for c in codes(lint_text(text, linter), "period") if c[0] == "CSR404"]
    assert found == [("CSR404", 49)]  # 预计 (line 7) is no longer a forecast phrase; 争取完成 is


# --- phrases that generalise, text carried over from an earlier year ------------------

CARRIED = FIXTURES / "period-carried.txt"


def test_forecasts_partial_years_and_carried_over_text_are_found(linter):
    assert period(CARRIED, linter) == [
        ("CSR405", 7),  # 截至目前，全年营业收入达到…
        ("CSR405", 25),  # 今年以来 (上半年开展入职培训 dates an activity: quiet)
        ("CSR411", 29),  # 今年由于疫情原因，暂停…
        ("CSR411", 29),  # 核酸检测 (经历 2022 年疫情封控 on line 30 is dated: quiet)
        ("CSR404", 36),  # 预计可达到 98% (有望实现量产 names no figure: quiet)
        ("CSR405", 37),  # 1-3 月，累计接待 620 人次 (1-2 月开展检查: quiet)
        ("CSR411", 41),  # 第五届进博会 was in 2022 (第六届 is 2023's; 从第一届到第六届 on line 13 is history)
        ("CSR411", 42),  # 党的二十大胜利召开 (学习二十大精神 on line 7: quiet)
        ("CSR411", 43),  # 春节 on 2 月 1 日 was 2022's (中秋节 9 月 29 日 is 2023's)
        ("CSR404", 50),  # 预期绩效 reports the year: 2023 年…有望实现全年目标 (plans for 新的一年 / 2024: quiet)
    ]  # 下一步…力争完成 (line 45) and 明年上半年 (line 56) are plans


def test_carried_over_text_is_a_warning_with_its_year(linter):
    result = linter.lint_path(CARRIED)
    found = [f for f in result.findings if f.code == "CSR411"]
    assert {f.severity.value for f in found} == {"warning"} and {f.rule for f in found} == {"carried-over-event"}
    assert "2022 年" in found[2].message and "1 月 22 日" in found[4].message


def test_the_pandemic_and_its_events_belong_to_a_2022_report(linter):
    text = CARRIED.read_text(encoding="utf-8").replace("2023", "2022").replace("2024", "2023")
    found = [f for f in lint_text(text, linter).findings if f.code == "CSR411"]
    # The pandemic, 核酸检测, 第五届进博会 and the 二十大 are 2022's own; 2 月 1 日 was 2022's 春节.
    # Only 中秋节 on 9 月 29 日 (2023's date; 2022's was 9 月 10 日) is left.
    assert [(f.line, f.message) for f in found] == [
        (43, "「9 月 29 日」是 2023 年的中秋节；2022 年的中秋节是 9 月 10 日")
    ]


def test_rules_directory_can_replace_the_calendar(tmp_path):
    (tmp_path / "calendar.yaml").write_text("festivals:\n  春节: {2023: 02-01}\n", encoding="utf-8")
    linter = Linter.create(rule_dirs=(tmp_path,), options=Options(rule_dirs=(tmp_path,)))
    found = [c for c in codes(linter.lint_path(CARRIED), "period") if c[0] == "CSR411"]
    assert ("CSR411", 43) not in found and ("CSR411", 41) in found  # its own festivals, the bundled events


# --- the corpus ------------------------------------------------------------------------


def test_corpus_001_facts_and_findings():
    _, data = check_json(corpus_file("001"), "--select", "period")
    (report,) = data["files"]
    assert (report["report_year"], report["period"], report["published"]) == (
        2023,
        {"start": "2023-01-01", "end": "2023-12-31"},
        "2024-08",
    )
    # 1-11 月, 截至 11 / 月 (split by a wrap) and 截至目前 (twice: 光改数量 3963 线…, 已完成教材汇编并已于
    # 11 月中上旬…) are partial-year figures; two sentences open with 2022 年.
    assert [(f["code"], f["line"]) for f in report["findings"]] == [
        ("CSR408", 624),
        ("CSR405", 1188),
        ("CSR405", 1526),
        ("CSR405", 1591),
        ("CSR405", 1632),
        ("CSR408", 1834),
        ("CSR411", 2249),
        ("CSR411", 2261),
    ]  # 今年由于疫情…暂停: 2022's text in 2023


def test_corpus_002_award_after_the_year_is_noted_and_outlook_is_quiet():
    _, data = check_json(corpus_file("002"), "--select", "period")
    (report,) = data["files"]
    assert (report["report_year"], report["period"]) == (2023, {"start": "2023-01-01", "end": "2023-12-31"})
    findings = [(f["code"], f["line"], f["severity"], f["chapter"]) for f in report["findings"]]
    assert findings == [("CSR407", 685, "info", "社会荣誉")]


def test_corpus_003_is_a_2022_report_whose_2023_plans_are_legitimate():
    _, data = check_json(corpus_file("003"), "--select", "period")
    (report,) = data["files"]
    assert (report["report_year"], report["period"], report["published"]) == (
        2022,
        {"start": "2022-01-01", "end": "2022-12-31"},
        "2023-11",
    )
    # 截止目前，…已为科艺中心拍摄制作了 34 期课程: written before the year was over. Its 2023 plans
    # (确保 2023 年上半年完成…) and the pandemic of its own year stay quiet.
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("CSR405", 90)]


@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_corpus_with_a_wrong_year_is_told_so(prefix):
    year = {"001": 2023, "002": 2023, "003": 2022}[prefix] + 1
    _, data = check_json(corpus_file(prefix), "--select", "CSR401", "--year", str(year))
    findings = data["files"][0]["findings"]
    # --year wins: the title, each running header and the stated period that disagree, once each
    assert findings and all("--year" in f["message"] and str(year) in f["message"] for f in findings)
    assert len({f["line"] for f in findings}) == len(findings)


def test_invalid_calendar_names_the_file_and_exits_2(tmp_path):
    (tmp_path / "calendar.yaml").write_text("events:\n  - name: 坏\n    pattern: '第(届'\n", encoding="utf-8")
    result = run_cli("check", "--rules", str(tmp_path), str(CARRIED))
    assert result.exit_code == 2 and "calendar.yaml" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("calendar", "named"),
    [
        ("festival:\n  春节: {2023: 02-01}\n", "festival"),  # a typo key
        ("festivals:\n  春节: {2023: 02-30}\n", "02-30"),  # no such day (a quoted string stays one)
        ("festivals:\n  春节: {2023: '2月1日'}\n", "festivals"),
        ("events:\n  - name: 进博会\n    pattern: 进博会\n    yaer: 2018\n", "yaer"),
    ],
)
def test_a_mistake_in_a_users_calendar_exits_2_naming_file_and_key(tmp_path, calendar, named):
    (tmp_path / "calendar.yaml").write_text(calendar, encoding="utf-8")
    result = run_cli("check", "--rules", str(tmp_path), str(CARRIED))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert str(tmp_path / "calendar.yaml") in result.output and named in result.output
