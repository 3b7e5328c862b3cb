"""Family ``figure``: exact findings on fixtures (positives and look-alikes) and on the corpus."""

import pytest

from conftest import FIXTURES, codes, corpus_file, lint_text
from csrlint.checks import Options
from csrlint.engine import Linter


def lint(name: str, linter: Linter):
    return linter.lint_path(FIXTURES / name)


def figure(result):
    return codes(result, "figure")


def test_same_metric_different_value(linter):
    # 职工 420 / 全口径员工 412 (synonyms), 满意度 85.2 / 85.8 across chapters. Not flagged:
    # another year (83.1), a target in 展望 (86), a breakdown inside one section (1.2 / 0.8 万线),
    # an approximation within tolerance (约 56 vs 56.5 万元), 3.1 亿元 = 31000 万元, 一百二十 = 120.
    assert figure(lint("figure-mismatch.txt", linter)) == [("CSR301", 12), ("CSR301", 28)]


def test_mismatch_quotes_both_places(linter):
    finding = next(f for f in lint("figure-mismatch.txt", linter).findings if f.line == 28)
    assert [place.line for place in finding.related] == [15]
    assert "85.2 分" in finding.message and "85.8 分" in finding.message
    assert "第 15 行" in finding.message and "第 28 行" in finding.message


def test_parts_versus_total(linter):
    # Flagged: parts exceed the whole (25 + 20 > 40), a 其余 list that misses (12 + 15 ≠ 30),
    # a 合计 column (120 + 100 + 80 ≠ 310). Not flagged: parts that add up (51, 分别 280),
    # a partial 其中 list (62 + 25 < 141), the correct 合计 row.
    assert figure(lint("figure-parts.txt", linter)) == [("CSR302", 9), ("CSR302", 12), ("CSR302", 17)]


def test_shares_versus_counts(linter):
    # Flagged: shares neither summing to 100 nor proportional (line 20), two swapped shares
    # (line 24), 占全员 62% where no count of the sentence gives 62% of 500 (line 31).
    # Not flagged: right tables (12, 16 where 25.7% is printed 25% so the row sums to 100),
    # shares of another base (28), 占全员 22%以上 for 110 of 500 (30).
    assert figure(lint("figure-shares.txt", linter)) == [("CSR303", 20), ("CSR303", 24), ("CSR303", 31)]


def test_share_finding_names_the_total(linter):
    finding = next(f for f in lint("figure-shares.txt", linter).findings if f.line == 31)
    assert finding.related[0].line == 5
    assert "110 人占 22.0%" in finding.message


def test_toc_and_page_count(linter):
    # TOC entry without heading (6), claimed 5 pages of 4 (12; 正文 3 页 is fine), TOC page 3 for
    # a heading on page 4 (18), a top-level chapter missing from the TOC (21).
    assert figure(lint("figure-toc.txt", linter)) == [
        ("CSR305", 6), ("CSR304", 12), ("CSR306", 18), ("CSR305", 21)]


def test_counted_lists(linter):
    # 4 项 with 3 numbered items (8), 等 2 项 after three names (16), 3 次 with two names (19).
    # Not flagged: 3 项 with 3 items (12), 等 5 项 after one name (an excerpt, 17), 3 场 with 3 names (18).
    assert figure(lint("figure-lists.txt", linter)) == [("CSR307", 8), ("CSR307", 16), ("CSR307", 19)]


def test_page_count_unknown_says_nothing(tmp_path):
    result = lint_text("一、公开陈述\n报告篇幅共 22 页。\n", tmp_path=tmp_path)
    assert figure(result) == []


def test_thresholds_come_from_settings():
    strict = Linter.create(options=Options(settings={"figure": {"share-tolerance": 0.5}}))
    # The age table prints 25% for 86 / 335 = 25.7%: fine at 1 point, not at half a point.
    assert ("CSR303", 16) in figure(lint("figure-shares.txt", strict))
    loose = Linter.create(options=Options(settings={"figure": {"approx-tolerance": 0.0}}))
    # 约 56 万元 against 56.5 万元: consistent within 10 %, not without tolerance.
    assert ("CSR301", 29) in figure(lint("figure-mismatch.txt", loose))


def test_approximations_need_tolerance(tmp_path):
    draft = ("一、公开陈述\n全年培训总支出约 50 万元。\n二、基本情况\n全年培训总支出 56.5 万元。\n")
    assert figure(lint_text(draft, tmp_path=tmp_path)) == [("CSR301", 4)]


# The real reports -------------------------------------------------------------------------

def test_corpus_002_satisfaction_pair(linter):
    result = linter.lint_path(corpus_file("002"))
    finding = next(f for f in result.findings if f.code == "CSR301" and "公众综合满意度" in f.message)
    assert (finding.line, finding.related[0].line) == (779, 355)
    assert "84.7" in finding.message and "84.6" in finding.message


def test_corpus_002_findings_are_exactly_the_true_ones(linter):
    # 779/355: 84.6 vs 84.7 分. 427: 占全员 62%以上 for 141 of 639 staff (22%): no count fits.
    # Not flagged: 1.0 / 0.9 万线 (two channels in one section), 占党员 63% (no 党员 total stated),
    # 51 名 = 1 + 2 + 13 + 35, 合同制 252 + 派遣制 10 + 承包 9 vs 全口径 639 (no completeness claimed).
    assert figure(linter.lint_path(corpus_file("002"))) == [("CSR303", 427), ("CSR301", 779)]


def test_corpus_001_tables_read_and_right(linter):
    result = linter.lint_path(corpus_file("001"))
    assert result.facts["figure_tables"] == 2  # education and age: counts and shares
    assert not [f for f in result.findings if f.code in ("CSR302", "CSR303") and 750 <= (f.line or 0) <= 762]


def test_corpus_001_toc_lists_every_chapter(linter):
    assert not [f for f in linter.lint_path(corpus_file("001")).findings if f.code in ("CSR305", "CSR306")]


def test_corpus_001_only_the_repeated_sentence(linter):
    # 开展现场安全检查、抽查工作、组织夜查共 56 次 (line 432) and, in another section, the same
    # sentence with 37 次 (line 821).
    assert figure(linter.lint_path(corpus_file("001"))) == [("CSR301", 821)]


def test_corpus_003_is_clean(linter):
    assert figure(linter.lint_path(corpus_file("003"))) == []


@pytest.mark.parametrize("family_rule", ["figure-mismatch", "parts-total", "share-count", "page-count",
                                         "toc-heading", "toc-page", "counted-list"])
def test_rules_are_catalogued(family_rule):
    from csrlint.checks import all_rules

    assert family_rule in {rule.name for rule in all_rules() if rule.family == "figure"}
