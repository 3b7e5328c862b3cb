"""Family ``carryover``: a draft compared with last year's report (``--previous``)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, check_json, corpus_file, run_cli

from csrlint.checks import Options
from csrlint.checks.carryover import normalise, pair
from csrlint.engine import Linter

PAIR = FIXTURES / "carryover"
LAST_YEAR = PAIR / "恒安电梯-2022.txt"
THIS_YEAR = PAIR / "恒安电梯-2023.txt"


def line_of(path: Path, phrase: str) -> int:
    """The line of ``path`` holding ``phrase`` (seeded once): what a finding must point at."""
    numbers = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if phrase in text]
    assert len(numbers) == 1, (phrase, numbers)
    return numbers[0]


def carryover(draft: Path, previous: Path, **options) -> list:
    linter = Linter.create(options=Options(previous=previous, **options))
    result = linter.lint_path(draft)
    assert result.error is None, result.error
    return [f for f in result.findings if f.family == "carryover"]


def test_each_seeded_kind_is_found_once_and_nothing_else():
    found = [(f.code, f.line) for f in carryover(THIS_YEAR, LAST_YEAR)]
    assert found == sorted(
        [
            ("CSR502", line_of(THIS_YEAR, "共有员工 326 人")),  # headcount copied in an edited sentence
            ("CSR505", line_of(THIS_YEAR, "时间范围为 2022 年")),  # last year's period statement
            ("CSR501", line_of(THIS_YEAR, "今年受疫情影响")),  # a 今年 sentence copied word for word
            ("CSR502", line_of(THIS_YEAR, "满意度测评得分 91.5 分")),  # satisfaction score not updated
            ("CSR501", line_of(THIS_YEAR, "维保 3260 台次")),  # a sentence with last year's figures
            ("CSR503", line_of(THIS_YEAR, "3、利润与经济效益") + 5),  # 特种设备安全 dropped, after 3、's section
            ("CSR504", line_of(THIS_YEAR, "4、数字化维保平台")),  # a new chapter
        ],
        key=lambda item: item[1],
    )


def test_legitimate_repetitions_stay_silent():
    """The mission statement, the unit's history, its category and every updated sentence are
    identical or near-identical to last year's and must not be reported."""
    lines = {f.line for f in carryover(THIS_YEAR, LAST_YEAR)}
    for phrase in (
        "以守护每一位乘客的出行安全为使命",
        "在青浦工业园区注册成立",
        "属于制造业",
        "党群工作办公室牵头编制",
        "全年未发生工伤事故",
        "全年营业收入 1.41 亿元",
        "希望增加职业技能培训",
    ):
        assert line_of(THIS_YEAR, phrase) not in lines, phrase


def test_findings_quote_both_places():
    for finding in carryover(THIS_YEAR, LAST_YEAR):
        if finding.code == "CSR504":
            assert not finding.related  # nothing to quote from last year
            continue
        (place,) = finding.related
        assert place.path == str(LAST_YEAR)
        assert "恒安电梯-2022.txt" in finding.message
        if finding.code in {"CSR501", "CSR505"}:
            assert normalise(place.excerpt) == normalise(finding.excerpt)


def test_updating_a_figure_silences_the_sentence(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(
        THIS_YEAR.read_text(encoding="utf-8").replace("维保 3260 台次", "维保 3410 台次"), encoding="utf-8"
    )
    assert "CSR501" not in {(f.code) for f in carryover(draft, LAST_YEAR) if "维保" in f.excerpt}


def test_a_year_old_report_that_is_not_last_years_is_said_and_still_compared():
    found = carryover(LAST_YEAR, THIS_YEAR)  # the wrong way round: 2023 as the "previous" of 2022
    assert found[0].code == "CSR500" and "2023 年度" in found[0].message
    assert {"CSR501", "CSR503"} <= {f.code for f in found}


def test_no_previous_no_family():
    linter = Linter.create()
    assert not [f for f in linter.lint_path(THIS_YEAR).findings if f.family == "carryover"]


def test_a_draft_is_never_compared_with_itself():
    assert carryover(THIS_YEAR, THIS_YEAR) == []


def test_json_related_names_last_years_file_and_line():
    code, data = check_json(THIS_YEAR, "--previous", LAST_YEAR, "--select", "carryover")
    assert code == 1
    (report,) = data["files"]
    assert report["previous"] == {"path": str(LAST_YEAR), "report_year": 2022}
    related = [f["related"][0] for f in report["findings"] if f["code"] == "CSR501"]
    assert related and all(place["path"] == str(LAST_YEAR) and place["line"] for place in related)


def test_last_years_report_is_only_read(tmp_path):
    before = hashlib.sha256(LAST_YEAR.read_bytes()).hexdigest()
    listing = sorted(PAIR.iterdir())
    run_cli("check", THIS_YEAR, "--previous", LAST_YEAR, "--format", "json", "-o", tmp_path / "out.json")
    assert hashlib.sha256(LAST_YEAR.read_bytes()).hexdigest() == before
    assert sorted(PAIR.iterdir()) == listing


def test_unreadable_previous_is_that_files_error(tmp_path):
    broken = tmp_path / "上年.docx"
    broken.write_bytes(b"not a zip")
    result = run_cli("check", THIS_YEAR, "--previous", broken, "--format", "plain")
    assert result.exit_code == 2
    assert "上年.docx" in result.output and "Traceback" not in result.output


def test_batch_pairs_each_draft_with_its_units_report(tmp_path):
    last, now = tmp_path / "2022", tmp_path / "2023"
    last.mkdir(), now.mkdir()
    shutil.copy(LAST_YEAR, last / "恒安电梯2022年度社会责任报告.txt")
    shutil.copy(FIXTURES / "standard-2022-complete.txt", last / "明远物业-2022.txt")
    shutil.copy(THIS_YEAR, now / "恒安电梯-2023-社会责任报告（草稿）.txt")
    shutil.copy(FIXTURES / "period-clean.txt", now / "青溪学校-2023.txt")
    code, data = check_json(now, "--previous", last, "--select", "carryover")
    by_name = {Path(report["path"]).name: report for report in data["files"]}
    elevator = by_name["恒安电梯-2023-社会责任报告（草稿）.txt"]
    assert elevator["previous"]["path"].endswith("恒安电梯2022年度社会责任报告.txt")
    assert "CSR501" in {f["code"] for f in elevator["findings"]}
    school = by_name["青溪学校-2023.txt"]
    assert [f["code"] for f in school["findings"]] == ["CSR500"]  # no report of that unit last year


@pytest.mark.parametrize(
    ("draft", "candidates", "expected"),
    [
        ("恒安电梯-2023.txt", ["恒安电梯-2022.txt", "明远物业-2022.txt"], "恒安电梯-2022.txt"),
        ("2023年度恒安电梯社会责任报告.docx", ["恒安电梯 2022.pdf", "明远物业 2022.pdf"], "恒安电梯 2022.pdf"),
        (
            "恒安电梯工程公司-2023.txt",
            ["恒安电梯工程有限公司-2022.txt", "明远物业-2022.txt"],
            "恒安电梯工程有限公司-2022.txt",
        ),
        ("青溪学校-2023.txt", ["恒安电梯-2022.txt", "明远物业-2022.txt"], None),
    ],
)
def test_pairing_by_unit_name(tmp_path, draft, candidates, expected):
    paths = [tmp_path / name for name in candidates]
    found = pair(tmp_path / draft, tmp_path, paths)
    assert (found.name if found else None) == expected


def test_config_previous_is_relative_to_the_config_file(tmp_path):
    shutil.copy(THIS_YEAR, tmp_path / "report.txt")
    (tmp_path / "archive").mkdir()
    shutil.copy(LAST_YEAR, tmp_path / "archive" / "report-2022.txt")
    (tmp_path / ".csrlint.toml").write_text('previous = "archive/report-2022.txt"\n', encoding="utf-8")
    code, data = check_json(tmp_path / "report.txt", "--select", "carryover")
    assert data["files"][0]["previous"]["report_year"] == 2022
    assert "CSR505" in {f["code"] for f in data["files"][0]["findings"]}


def this_year_as_docx(tmp_path: Path) -> Path:
    """This year's draft as a Word file, one paragraph per line (last year's stays text)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in THIS_YEAR.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    draft = tmp_path / "恒安电梯-2023.docx"
    document.save(draft)
    return draft


def test_word_draft_against_a_text_report(tmp_path):
    draft = this_year_as_docx(tmp_path)
    codes = sorted(f.code for f in carryover(draft, LAST_YEAR))
    assert codes == sorted(["CSR501", "CSR501", "CSR502", "CSR502", "CSR503", "CSR504", "CSR505"])


def test_every_format_carries_last_years_place(tmp_path):
    for fmt in ("plain", "sarif", "html", "junit", "github"):
        out = tmp_path / f"out.{fmt}"
        result = run_cli("check", THIS_YEAR, "--previous", LAST_YEAR, "--format", fmt, "-o", out)
        assert result.exit_code == 1, (fmt, result.output)
        assert "恒安电梯-2022.txt" in out.read_text(encoding="utf-8"), fmt


def test_corpus_report_against_itself_renamed_has_no_carryover_but_sentences(tmp_path):
    """A report compared with an exact copy of itself as last year's: every year-bound sentence
    is a copy, and nothing without year-bound content is reported."""
    report = corpus_file("002")
    copy = tmp_path / "上年.txt"
    copy.write_bytes(report.read_bytes())
    found = carryover(report, copy)
    assert found and {f.code for f in found} <= {"CSR500", "CSR501", "CSR505"}
    json.dumps([f.to_dict() for f in found], ensure_ascii=False)


def test_annotate_comments_name_last_years_place(tmp_path):
    docx = pytest.importorskip("docx")
    draft = this_year_as_docx(tmp_path)
    result = run_cli("annotate", draft, "--previous", LAST_YEAR, "--select", "carryover")
    assert result.exit_code == 1, result.output
    annotated = docx.Document(tmp_path / "恒安电梯-2023.csrlint.docx")
    texts = [comment.text for comment in annotated.comments]
    assert sum(text.startswith("CSR501") for text in texts) == 2
    assert all("恒安电梯-2022.txt" in text for text in texts if not text.startswith("CSR504"))


def test_a_typo_key_in_a_users_carryover_rules_exits_2_naming_file_and_key(tmp_path):
    (tmp_path / "carryover.yaml").write_text("yearly-metric: [营业收入]\n", encoding="utf-8")
    result = run_cli("check", THIS_YEAR, "--previous", LAST_YEAR, "--rules", tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert str(tmp_path / "carryover.yaml") in result.output and "yearly-metric" in result.output


def test_a_users_carryover_rules_replace_the_bundled_key(tmp_path):
    """Without 满意度 among the yearly metrics, an unchanged satisfaction score is no longer a stale figure."""
    bundled = {f.code for f in carryover(THIS_YEAR, LAST_YEAR)}
    assert "CSR502" in bundled
    (tmp_path / "carryover.yaml").write_text("yearly-metrics: [不存在的指标]\n", encoding="utf-8")
    mine = {f.code for f in carryover(THIS_YEAR, LAST_YEAR, rule_dirs=(tmp_path,))}
    assert "CSR502" not in mine and mine == bundled - {"CSR502"}
