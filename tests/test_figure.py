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
    assert figure(lint("figure-toc.txt", linter)) == [("CSR305", 6), ("CSR304", 12), ("CSR306", 18), ("CSR305", 21)]


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
    draft = "一、公开陈述\n全年培训总支出约 50 万元。\n二、基本情况\n全年培训总支出 56.5 万元。\n"
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


@pytest.mark.parametrize(
    "family_rule",
    ["figure-mismatch", "parts-total", "share-count", "page-count", "toc-heading", "toc-page", "counted-list"],
)
def test_rules_are_catalogued(family_rule):
    from csrlint.checks import all_rules

    assert family_rule in {rule.name for rule in all_rules() if rule.family == "figure"}


# Breakdowns, parts and shares in prose; tables of every reader ------------------------------


def test_breakdowns_parts_and_unnamed_shares(linter):
    # Flagged: 学历 20 + 200 + 100 > 300 staff across two sentences (8); 高级职称 30 of 300 is
    # not 15% (11); 青年 50 of the 75 volunteers is not 40% (20); one part over its total
    # (21: 150 of 120 次; 27: 其中 opening the next sentence; 30: （含…）). Not flagged: ages that add up (9),
    # 女职工 40% (10), 中级职称 27% (12), employment groups = the headcount (14), another
    # year (15), a plan for next year (16), 女性 40% of 75 (19), a part of another unit (22),
    # 其中 after a total of another metric (23), a share of another base (24), 约 figures (25),
    # percentages (26), groups among a sentence's own total (29), 包括 parts that fit (31), people
    # counted for what was done to them, not as a group of the staff (32).
    assert figure(lint("figure-breakdowns.txt", linter)) == [
        ("CSR302", 8),
        ("CSR303", 11),
        ("CSR303", 20),
        ("CSR302", 21),
        ("CSR302", 27),
        ("CSR302", 30),
    ]


def test_breakdown_finding_lists_the_groups_and_the_headcount(linter):
    finding = next(f for f in lint("figure-breakdowns.txt", linter).findings if f.line == 8)
    assert "20＋200＋100 = 320" in finding.message and "「300 人」" in finding.message
    assert finding.related[0].line == 6


def test_headcount_as_the_sum_of_employment_groups_and_results_in_the_outlook(linter):
    # 合同制 300 + 派遣制 10 = 310 is the headcount: 本科 290 is 93.5%, not 75.0% (7), while
    # 大专 20 is 6.5% (8); ages 320 > 310 (10). 满意度 85.8 in 预期绩效 against 85.2 (16);
    # next year's target (18), a 2024 figure (19) and 继续保持…以上 (20) are not results.
    result = lint("figure-groups.txt", linter)
    assert figure(result) == [("CSR303", 7), ("CSR302", 10), ("CSR301", 16)]
    share = next(f for f in result.findings if f.line == 7)
    assert "290 人占 93.5%" in share.message and "310" in share.message


def test_markdown_tables(linter):
    # 本科 300 of 500 is 60%, printed 70% (column layout, 14); 技术部 100 + 60 ≠ 170 (30) and so
    # the 合计 row (31). Not flagged: the 合计 column of 岗位 with 100% (22-23), a 其中 column (37),
    # a comparison of two years (42-43), changes and rates under figures (50-51).
    assert figure(lint("figure-tables.md", linter)) == [("CSR303", 14), ("CSR302", 30), ("CSR302", 31)]


def test_a_change_is_the_change_of_the_figure_before_it(tmp_path):
    draft = (
        "一、公开陈述\n全年营业收入 3.2 亿元，同比增长 4.5%。\n二、基本情况\n营业收入同比增长 5%。\n"
        "三、主要内容\n客户满意度 95 分，同比提升 2 分。员工满意度 90 分，同比提升 3 分。\n"
    )
    assert figure(lint_text(draft, tmp_path=tmp_path)) == [("CSR301", 4)]


@pytest.mark.parametrize("seed", range(40))
def test_generated_breakdowns(seed, tmp_path):
    """Groups of a breakdown are flagged exactly when they add up to more than the headcount."""
    import random

    rng = random.Random(seed)
    staff = rng.randint(50, 900)
    shares = [rng.random() for _ in range(rng.randint(2, 4))]
    groups = [max(1, round(staff * share / sum(shares))) for share in shares]
    groups[-1] += rng.choice([0, 0, 1, rng.randint(2, staff)]) - (sum(groups) - staff)  # right, or over
    groups[-1] = max(1, groups[-1])
    names = rng.sample(["研究生学历", "本科学历", "大专学历", "中专学历"], len(groups))
    split = rng.randint(1, len(groups) - 1)
    first = "，".join(f"{n} {g} 人" for n, g in zip(names[:split], groups[:split]))
    second = "，".join(f"{n} {g} 人" for n, g in zip(names[split:], groups[split:]))
    draft = f"一、基本情况\n本单位共有员工 {staff} 人。{first}。\n{second}。\n"
    expected = [("CSR302", 3)] if sum(groups) > staff else []
    assert figure(lint_text(draft, tmp_path=tmp_path)) == expected


def test_a_year_compared_with_is_not_the_year_spoken_of(tmp_path):
    # 同比 2022 年 is the base of a change: 2.6 亿元 is this year's and contradicts 2.9 亿元 (7);
    # a sentence about 2022 itself (5) is another period.
    draft = (
        "示例公司2023年度社会责任报告\n一、公开陈述\n全年营业收入 2.6 亿元，同比 2022 年增长 6%。\n二、基本情况\n"
        "2022 年全年营业收入 2.4 亿元。\n三、主要内容\n全年营业收入 2.9 亿元。\n"
    )
    assert figure(lint_text(draft, tmp_path=tmp_path)) == [("CSR301", 7)]


COMPLETE = (FIXTURES / "standard-2022-complete.txt").read_text(encoding="utf-8")


def _restated(first: str, later: str) -> str:
    """The complete draft with ``first`` in 诚信服务 and ``later`` in 公众反响, chapters apart."""
    return COMPLETE.replace("业主满意度测评得分 90.2 分。", f"业主满意度测评得分 90.2 分，{first}").replace(
        "全年收到业主表扬信 35 封。", f"全年收到业主表扬信 35 封。{later}"
    )


def test_a_metric_shortened_at_its_second_mention_is_compared_with_its_full_name(linter):
    found = lint_text(_restated("客服热线接通率达到 91%。", "接通率达到 92%。"), linter)
    (mismatch,) = [f for f in found.findings if f.code == "CSR301"]
    assert "客服热线接通率" in mismatch.message and "91%" in mismatch.message and "92%" in mismatch.message


@pytest.mark.parametrize(
    ("first", "later"),
    [
        ("客服热线接通率达到 91%，营业厅接通率达到 95%。", "接通率达到 92%。"),  # two full names: ambiguous
        ("接通率达到 91%。", "接通率达到 92%。"),  # no full name: too short to compare alone
        ("客服热线接通率达到 91%。", "接通率达到 91%。"),  # the same value
    ],
)
def test_a_shortened_name_is_left_alone_when_it_could_mean_another_metric(linter, first, later):
    assert [f for f in lint_text(_restated(first, later), linter).findings if f.code == "CSR301"] == []
