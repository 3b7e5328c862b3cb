"""Chapter checks against the guideline profiles, on our fixtures and on the real corpus."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, codes, corpus_file

from csrlint import readers, structure
from csrlint.engine import Linter
from csrlint.matching import choose_profile, known_titles, similarity
from csrlint.profiles import Chapter


def structure_findings(name: str, linter: Linter):
    result = linter.lint_path(FIXTURES / name)
    assert result.error is None
    return result, [f for f in result.findings if f.family == "structure"]


@pytest.mark.parametrize(
    "name, profile",
    [
        ("manual-2012-complete.txt", "manual-2012"),
        ("standard-2022-complete.txt", "standard-2022"),
        ("wuda-2022-complete.md", "wuda-2022"),
    ],
)
def test_complete_drafts_have_no_structure_finding(name, profile, linter):
    result, findings = structure_findings(name, linter)
    assert result.profile == profile
    assert result.coverage == 1.0
    assert findings == []


def test_missing_chapters_say_where_and_did_you_mean(linter):
    result, findings = structure_findings("structure-missing.txt", linter)
    assert [(f.code, f.rule, f.chapter, f.severity.value) for f in findings] == [
        ("CSR101", "missing-chapter", "公开陈述", "error"),
        ("CSR101", "missing-chapter", "媒体报道", "warning"),
    ]
    statement, media = findings
    assert "「基本情况」之前" in statement.message
    assert "「领导关怀」之后" in media.message
    assert "新闻报道" in media.message and "相似度" in media.message


def test_chapter_out_of_order(linter):
    _, findings = structure_findings("structure-order.txt", linter)
    assert [(f.code, f.rule, f.chapter) for f in findings] == [("CSR102", "chapter-order", "报告展望")]
    assert "社会评价" in findings[0].message


def test_chapter_at_wrong_level(linter):
    _, findings = structure_findings("structure-level.txt", linter)
    assert [(f.code, f.chapter) for f in findings] == [("CSR103", "社会评价")]
    assert findings[0].line == 84 and "主要内容" in findings[0].message


def test_numbering_skips_and_repeats(linter):
    result, _ = structure_findings("structure-numbering.txt", linter)
    assert codes(result, "structure") == [("CSR106", 20), ("CSR106", 34)]


def test_empty_and_duplicate_chapters(linter):
    result, findings = structure_findings("structure-empty-duplicate.txt", linter)
    assert codes(result, "structure") == [("CSR104", 38), ("CSR105", 121)]
    assert [f.chapter for f in findings] == ["所属类别", "志愿服务"]


def test_a_draft_that_fits_no_profile_is_told_so_once(tmp_path, linter):
    path = tmp_path / "draft.txt"
    path.write_text("2023 年度社会责任报告\n一、会议议题\n讨论食堂菜单。\n二、下一步\n下周再议。\n", encoding="utf-8")
    result = linter.lint_path(path)
    assert codes(result, "structure") == [("CSR100", 1)]
    assert result.coverage < 0.5
    assert "缺少「公开陈述」" in result.findings[0].message


def test_notes_that_are_plainly_not_a_report_fail_nothing_by_default(tmp_path, linter):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n一、会议议题\n讨论食堂菜单，预算**万元。\n二、下一步\n下周再议。\n", encoding="utf-8")
    result = linter.lint_path(path)
    structure_codes = [(f.code, f.line) for f in result.findings if f.family == "structure"]
    assert structure_codes == [("CSR107", 1)]
    assert any(f.family == "placeholder" for f in result.findings)  # still shown…
    assert {f.severity.value for f in result.findings} == {"info"}  # …but only as info
    forced = Linter.create(profile_id="manual-2012").lint_path(path)
    assert "CSR107" not in {f.code for f in forced.findings} and "error" in {f.severity.value for f in forced.findings}


def test_profile_can_be_forced(linter):
    forced = Linter.create(profile_id="manual-2012").lint_path(FIXTURES / "standard-2022-complete.txt")
    assert forced.profile == "manual-2012"
    assert any(f.code == "CSR101" for f in forced.findings)


@pytest.mark.parametrize(
    "title, name, matches",
    [
        ("环境管理", "安全管理", False),  # a shared suffix alone is not a match
        ("社会绩效", "环境绩效", False),
        ("员工的期望", "员工期望", True),
        ("社会荣誉（2023 年度）", "社会荣誉", True),
        ("利润与经济效益（请财务补充修改）", "利润与经济效益", True),
        ("报告时效与覆盖范围", "报告时效与覆盖范围", True),
    ],
)
def test_similarity_threshold(title, name, matches):
    from csrlint.matching import MATCH_THRESHOLD

    assert (similarity(structure.normalise_title(title), Chapter(name=name)) >= MATCH_THRESHOLD) is matches


def test_aliases_match(linter):
    chapter = Chapter(name="单位概况", aliases=["基本情况", "企业概况"])
    assert similarity("基本情况", chapter) == 100


# --- the real corpus -------------------------------------------------------------------


def _profile_ranking(prefix: str, linter: Linter):
    outline = structure.parse(readers.read(corpus_file(prefix)), known_titles(linter.profiles))
    return choose_profile(linter.profiles, outline)


def test_corpus_001_follows_the_2012_manual(linter):
    result = linter.lint_path(corpus_file("001"))
    assert result.profile == "manual-2012"
    found = {c["chapter"] for c in result.chapters if c["heading"]}
    assert {"公开陈述", "单位概况", "主要参数", "社会责任履行情况", "报告展望", "社会评价"} <= found
    assert not [f for f in result.findings if f.code == "CSR101"]


def test_corpus_002_follows_the_standard_2022_and_lacks_media_reports(linter):
    result = linter.lint_path(corpus_file("002"))
    assert result.profile == "standard-2022"
    missing = [f.chapter for f in result.findings if f.code == "CSR101"]
    assert missing == ["媒体报道"]
    present = {c["chapter"] for c in result.chapters if c["heading"]}
    assert not present & set(missing)


def test_corpus_003_follows_wuda(linter):
    ranking = _profile_ranking("003", linter)
    assert ranking[0].profile.id == "wuda-2022"
    assert ranking[0].coverage > ranking[1].coverage
