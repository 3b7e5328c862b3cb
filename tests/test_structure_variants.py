"""How real reports depart from the guideline structures (guideline.md D and E): 第X部分
numbering, leaderless tables of contents, front matter, renamed chapters, school reports,
documents that follow no profile — and the look-alikes none of this may catch."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, codes, lint_text

from csrlint import readers, structure
from csrlint.document import Document, InputError, Line
from csrlint.engine import Linter
from csrlint.matching import choose_profile, known_titles, similarity
from csrlint.profiles import load_profiles

OFFICE = ROOT.parent / "shared" / "office" / "public"


def outline_of(text: str, linter: Linter) -> structure.Outline:
    lines = [Line(t, i + 1) for i, t in enumerate(text.split("\n"))]
    return structure.parse(Document("draft.txt", lines), known_titles(linter.profiles))


def outline_of_file(name: str, linter: Linter) -> structure.Outline:
    return structure.parse(readers.read(FIXTURES / name), known_titles(linter.profiles))


def line_of(name: str, text: str) -> int:
    """The number of the last line of a fixture that is exactly ``text`` (the body, not the TOC)."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    return max(index + 1 for index, line in enumerate(lines) if line.strip() == text)


# --- The four fixtures, with their exact findings ------------------------------------------


def test_parts_numbering_with_dash_page_toc(linter):
    name = "structure-parts-toc.txt"
    result = linter.lint_path(FIXTURES / name)
    assert result.profile == "manual-2012"
    # Renamed chapters (领导致辞, 浦江区中心医院概况, 报告分类内容, 服务责任) are found; the
    # only fault is the 公众反响 the draft really lacks, pointed at the end of 社会评价.
    assert codes(result, "structure") == [("CSR101", line_of(name, "三、媒体报道") + 5)]
    assert result.findings[0].chapter == "公众反响"
    outline = outline_of_file(name, linter)
    assert [(e.number, e.title, e.printed_page) for e in outline.toc][:3] == [
        ("第一部分", "领导致辞", 3),
        ("第二部分", "浦江区中心医院概况", 3),
        ("一、", "规模与性质", 3),
    ]
    assert len(outline.toc) == 9
    toc_lines = {entry.line for entry in outline.toc}
    assert not toc_lines & {heading.line for heading in outline.headings}
    roots = [(h.number, h.title) for h in outline.roots]
    assert roots == [
        ("第一部分", "领导致辞"),
        ("第二部分", "浦江区中心医院概况"),
        ("第三部分", "主要参数"),
        ("第四部分", "报告分类内容"),
        ("第五部分", "报告展望"),
        ("第六部分", "社会评价"),
    ]
    content = outline.roots[3]
    assert [(h.number, h.title) for h in content.chapters()][:2] == [("第一、", "员工责任"), ("第二、", "服务责任")]


def test_front_matter_is_never_the_parent_of_the_chapters(linter):
    name = "structure-front-matter.txt"
    result = linter.lint_path(FIXTURES / name)
    assert result.profile == "standard-2022" and result.coverage == 1.0
    # One real fault, once: （五）绿色环保形象 after （三）.
    assert codes(result, "structure") == [("CSR106", line_of(name, "（五）绿色环保形象"))]
    outline = outline_of_file(name, linter)
    assert [h.title for h in outline.roots] == [
        "报告编写说明",
        "公开陈述",
        "基本情况",
        "主要内容",
        "预期与展望",
        "社会评价",
    ]
    assert [h.title for h in outline.roots[0].chapters()] == [
        "报告简介",
        "时间范围",
        "报告范围",
        "报告篇幅",
        "参考依据",
    ]
    # The leaderless TOC: plain page numbers, one split by extraction (``1 0``).
    assert [(e.title, e.printed_page) for e in outline.toc][-2:] == [("预期与展望", 8), ("社会评价", 10)]


def test_front_matter_numbered_like_the_chapters(linter):
    text = "\n".join(
        [
            "报告编写说明",
            "一、时间范围",
            "2023 年全年。",
            "二、报告范围",
            "公司本部。",
            "三、参考依据",
            "编制说明。",
            "一、公开陈述",
            "正文。",
            "二、基本情况",
            "正文。",
            "三、主要内容",
            "正文。",
        ]
    )
    outline = outline_of(text, linter)
    assert [h.title for h in outline.roots] == ["报告编写说明", "公开陈述", "基本情况", "主要内容"]


def test_school_report_is_checked_against_the_school_profile(linter):
    name = "school-2017.txt"
    result = linter.lint_path(FIXTURES / name)
    assert result.profile == "school-2017"
    assert codes(result, "structure") == [("CSR101", line_of(name, "4. 诚信责任") - 1)]  # the end of 文化责任
    assert result.findings[0].chapter == "文化载体" and result.findings[0].severity.value == "warning"
    titles = [(h.level, h.title) for h in outline_of_file(name, linter).chapters if h.title.startswith("师德")]
    assert titles == [(4, "师德师风建设")]  # 1.1.1. three deep, under 1.1 教工教育


def test_department_summary_gets_one_clear_word_and_every_other_check(linter):
    result = linter.lint_path(FIXTURES / "department-summary.txt")
    structure_findings = [f for f in result.findings if f.family == "structure"]
    assert [(f.code, f.line) for f in structure_findings] == [("CSR100", 1)]
    message = structure_findings[0].message
    assert "缺少「公开陈述」" in message and "「社会评价」" in message
    assert ("CSR204", 11) in codes(result, "placeholder")  # 服务时长**小时: still checked
    assert {f.severity.value for f in result.findings} == {"warning", "error"}


# --- Faults injected into the clean fixtures: each one is one finding ----------------------

CLEAN = [
    "manual-2012-complete.txt",
    "standard-2022-complete.txt",
    "structure-parts-toc.txt",
    "structure-front-matter.txt",
    "school-2017.txt",
    "wuda-2022-complete.md",
]


def _variants(name: str, linter: Linter):
    """(kind, heading, text) for every top-level chapter: deleted, and renumbered as the next one."""
    path = FIXTURES / name
    lines = path.read_text(encoding="utf-8").split("\n")
    roots = [h for h in outline_of_file(name, linter).roots if h.ordinal]
    for index, heading in enumerate(roots):
        yield "deleted", heading, "\n".join(lines[: heading.line - 1] + lines[heading.end_line :])
        if 0 < index < len(roots) - 1:
            renumbered = list(lines)
            renumbered[heading.line - 1] = renumbered[heading.line - 1].replace(
                heading.number, roots[index + 1].number, 1
            )
            yield "renumbered", heading, "\n".join(renumbered)


@pytest.mark.parametrize("name", CLEAN)
def test_each_injected_chapter_fault_is_one_finding(name, linter, tmp_path):
    base = linter.lint_path(FIXTURES / name)
    before = {(f.code, f.chapter) for f in base.findings if f.family == "structure"}
    for kind, heading, text in _variants(name, linter):
        result = lint_text(text, linter, name=f"variant{Path(name).suffix}", tmp_path=tmp_path)
        new = [
            f
            for f in result.findings
            if f.family == "structure"
            and (f.code, f.chapter) not in before
            and f.code != "CSR106"
            or f.code == "CSR106"
            and f.line == heading.line
        ]
        expected = "CSR101" if kind == "deleted" else "CSR106"
        assert [f.code for f in new] == [expected], (kind, heading.label, [(f.code, f.line, f.message) for f in new])
        # At the heading, or for a deleted chapter where it would be inserted (the next chapter
        # now stands on its line; after the last one, the end of the document's last section).
        assert 0 <= heading.line - new[0].line <= 2, (kind, heading.label, new[0].line)


def test_a_chapter_moved_with_its_number_is_one_order_finding(linter, tmp_path):
    lines = (FIXTURES / "manual-2012-complete.txt").read_text(encoding="utf-8").split("\n")
    roots = outline_of_file("manual-2012-complete.txt", linter).roots
    params, review = roots[2], roots[3]  # 三、主要参数 moved after 四、社会责任履行情况
    moved = (
        lines[: params.line - 1]
        + lines[review.line - 1 : review.end_line]
        + lines[params.line - 1 : params.end_line]
        + lines[review.end_line :]
    )
    result = lint_text("\n".join(moved), linter, tmp_path=tmp_path)
    findings = [(f.code, f.chapter) for f in result.findings if f.family == "structure"]
    assert len(findings) == 1 and findings[0][0] == "CSR102"


def test_renumbered_heading_says_what_its_number_should_be(linter):
    outline = outline_of(
        "一、公开陈述\n正文。\n二、单位概况\n正文。\n四、主要参数\n正文。\n四、社会评价\n正文。\n五、报告展望\n正文。",
        linter,
    )
    from csrlint.checks import Context, Options
    from csrlint.checks.structure import _numbering

    findings = list(_numbering(Context(None, outline, None, Options())))
    assert [(f.line, f.message) for f in findings] == [(5, "编号跳号：「二、」之后是「四、」，应为「三、」")]


# --- Aliases and patterns --------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, chapter_name, profile",
    [
        ("领导致辞", "公开陈述", "manual-2012"),
        ("校长承诺", "公开陈述", "school-2017"),
        ("瑞金医院概况", "单位概况", "manual-2012"),
        ("企业概述", "基本情况", "standard-2022"),
        ("学校概况", "学校概况", "school-2017"),
        ("报告分类内容", "社会责任履行情况", "manual-2012"),
        ("服务责任", "经济与服务责任", "manual-2012"),
        ("报告失效与覆盖范围", "报告时效与覆盖范围", "manual-2012"),
        ("人才培养责任", "育人责任", "school-2017"),
        ("生态文明责任", "生态责任", "school-2017"),
    ],
)
def test_renamed_chapters_match_their_chapter(title, chapter_name, profile, linter):
    chapter = next(c for c, _ in linter.profiles[profile].walk() if c.name == chapter_name)
    assert similarity(structure.normalise_title(title), chapter, patterns=True) >= 80


def test_a_pattern_counts_only_where_the_chapter_belongs(linter):
    # 项目概况 deep in the body is not a misplaced 单位概况, and two 概况 are no duplicate.
    unit = next(c for c, _ in linter.profiles["manual-2012"].walk() if c.name == "单位概况")
    assert similarity("项目概况", unit) < 80 <= similarity("项目概况", unit, patterns=True) < 90
    assert similarity("安全管理概况说明及附件清单一览表合计二十字以上", unit, patterns=True) < 80


def test_a_profile_pattern_that_is_no_regular_expression_names_the_file(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "id: mine\ntitle: t\nsource: s\nbasis: inferred\nchapters:\n  - name: 单位概况\n    patterns: ['(概况']\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_profiles([tmp_path])
    assert "mine.yaml" in str(error.value) and "invalid pattern" in str(error.value)


def test_school_2015_variant_is_read_through_aliases(linter):
    text = "\n".join(
        [
            "第一部分 校长承诺",
            "学校承诺报告真实。",
            "第二部分 学校概况",
            "学校有学生 900 名。",
            "第三部分 报告内容",
            "一、队伍建设责任",
            "教师培训 200 人次。",
            "二、人才培养责任",
            "开设选修课 20 门。",
            "三、文化传承责任",
            "举办读书节。",
            "四、依法诚信责任",
            "招生信息公开。",
            "五、社会服务责任",
            "场馆向居民开放。",
            "六、生态文明责任",
            "垃圾分类。",
            "第四部分 报告展望",
            "继续推进课程改革。",
            "第五部分 社会评价",
            "获评区级文明校园。",
        ]
    )
    best = choose_profile(linter.profiles, outline_of(text, linter))[0]
    assert best.profile.id == "school-2017"
    found = {m.chapter.name for m in best.matches if m.heading is not None}
    assert {"教工责任", "育人责任", "文化责任", "诚信责任", "公共责任", "生态责任"} <= found


# --- Look-alikes ---------------------------------------------------------------------------


def test_a_body_list_item_is_not_a_chapter(linter):
    outline = outline_of(
        "一、公开陈述\n本单位承诺：\n1、报告内容真实，数据准确。\n2、接受社会监督。\n二、单位概况\n正文。", linter
    )
    assert [h.title for h in outline.chapters] == ["公开陈述", "单位概况"]


def test_a_sentence_starting_with_part_one_is_not_a_heading(linter):
    filler = "本报告按照指导手册的要求编写，结构和内容与往年保持一致，便于读者对照阅读"
    text = "\n".join(
        [
            "一、公开陈述",
            filler,
            filler,
            filler + "，其中",
            "第一部分为公开陈述，第二部分介绍单位概况",
            filler + "。",
            "第二部分介绍单位概况，篇幅两页。",
            "二、单位概况",
            "正文。",
        ]
    )
    outline = outline_of(text, linter)
    assert [h.title for h in outline.chapters] == ["公开陈述", "单位概况"]
    assert all(h.style != "chapter" or h.is_item for h in outline.headings)


def test_flattened_table_rows_are_not_a_table_of_contents(linter):
    text = "二、单位概况\n员工学历构成如下：\n博士 3\n硕士 45\n本科 230\n大专 60\n合计 338\n三、主要参数\n正文。"
    outline = outline_of(text, linter)
    assert outline.toc == []
    assert [h.title for h in outline.chapters] == ["单位概况", "主要参数"]


def test_a_leaderless_toc_needs_a_title_or_headings_that_recur(linter):
    toc = "一、公开陈述 3\n二、单位概况 4\n三、主要参数 5\n"
    without = outline_of("封面\n" + toc + "正文开始。\n其他内容。", linter)
    assert without.toc == []
    titled = outline_of("目录\n" + toc + "正文。", linter)
    assert [e.printed_page for e in titled.toc] == [3, 4, 5]
    recurring = outline_of(toc + "一、公开陈述\n正文。\n二、单位概况\n正文。\n三、主要参数\n正文。", linter)
    assert len(recurring.toc) == 3 and [h.line for h in recurring.chapters] == [4, 6, 8]


def test_pages_that_go_down_are_no_table_of_contents(linter):
    outline = outline_of("目录\n员工总数 639\n其中女性 210\n党员 96\n正文。", linter)
    assert outline.toc == []


@pytest.mark.parametrize(
    "text, style",
    [
        ("1\u3000范围", "arabic-space"),
        ("第二部分 单位概况", "chapter"),
        ("第三部分：主要参数", "chapter"),
        ("第一、员工责任", "cn-ordinal"),
        ("第十二章 附则", "chapter"),
    ],
)
def test_more_numbering_styles(text, style):
    number, rest, found, _ = structure.split_number(text)
    assert found == style and rest.strip(" ：") in ("范围", "单位概况", "主要参数", "员工责任", "附则")


@pytest.mark.parametrize("text", ["12 月 5 日，召开职工大会", "1 名员工获奖", "2023 年全年", "第一批志愿者"])
def test_numbers_followed_by_a_plain_space_are_not_gbt_headings(text):
    assert structure.split_number(text)[2] is None


def test_gbt_toc_entries_are_split_from_their_number(linter):
    text = "目次\n1 范围……………1\n2 规范性引用文件……………1\n5.2 评价内容……………3\n1\u3000范围\n正文。\n2\u3000规范性引用文件\n正文。"
    outline = outline_of(text, linter)
    assert [(e.number, e.title, e.style) for e in outline.toc] == [
        ("1", "范围", "arabic-space"),
        ("2", "规范性引用文件", "arabic-space"),
        ("5.2", "评价内容", "decimal-2"),
    ]
    assert [h.title for h in outline.chapters] == ["范围", "规范性引用文件"]


def test_wps_gbt_headings_are_read(linter):
    path = OFFICE / "wps-standard-draft-1.docx"
    if not path.exists():
        pytest.skip("../shared/office is not available")
    outline = structure.parse(readers.read(path), known_titles(linter.profiles))
    titles = [(h.number, h.title) for h in outline.chapters if h.style == "arabic-space"]
    assert titles[:3] == [("1", "范围"), ("2", "规范性引用文件"), ("3", "术语和定义")]


# --- Not a report ----------------------------------------------------------------------------


def test_a_repository_readme_is_not_a_report_and_passes_by_default(tmp_path):
    from conftest import run_cli

    readme = tmp_path / "README.md"
    readme.write_text(
        "# 各单位报告存放说明\n\n1. 每个单位一个目录。\n2. 文件名写单位简称，如 XX局。\n\n"
        "## 提交流程\n\n提交前请运行检查。\n",
        encoding="utf-8",
    )
    result = run_cli("check", "--format", "plain", "--isolated", readme)
    assert result.exit_code == 0, result.output
    assert "CSR107" in result.output and "[error]" not in result.output and "[warning]" not in result.output


@pytest.mark.parametrize(
    "text",
    [
        "现将我部门 2023 年度文明创建工作情况报告如下。\n一、主要工作\n正文。",  # an opening that says so
        "2023 年度社会责任书\n一、校长承诺\n正文。",  # a title
        "街道文明创建工作总结\n一、主要工作\n正文。",
    ],
)
def test_short_drafts_that_say_they_are_reports_are_checked(text, linter, tmp_path):
    result = lint_text(text, linter, tmp_path=tmp_path)
    assert "CSR107" not in {f.code for f in result.findings}
    assert ("CSR100", 1) in codes(result, "structure")


def test_the_readme_exclude_pattern_keeps_reports_and_drops_notes():
    import re

    import yaml

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [body for body in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "exclude:" in body]
    (hook,) = yaml.safe_load(block)
    exclude = re.compile(hook["exclude"])
    assert all(exclude.search(path) for path in ["README.md", "docs/README.md", "CHANGELOG.md", "notes/todo.md"])
    assert not any(exclude.search(path) for path in ["reports/2023/社会责任报告.docx", "README-2023-报告.txt"])
