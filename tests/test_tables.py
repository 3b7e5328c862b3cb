"""Tables as tables in every reader: Word tables (merged cells too), Markdown tables, rows a
text or PDF flattened into lines; and no phrase running from one cell into the next."""

from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, codes
from docx_builder import DocxDraft

from csrlint import readers
from csrlint.document import Line
from csrlint.readers.tables import find_tables

OFFICE = ROOT.parent / "shared" / "office"


def lines_of(text: str) -> list[Line]:
    return [Line(line, number) for number, line in enumerate(text.split("\n"), start=1)]


def texts(table) -> list[list[str | None]]:
    return [[cell.text if cell else None for cell in row] for row in table.grid()]


def office(name: str) -> Path:
    path = OFFICE / name
    if not path.is_file():
        pytest.skip("../shared/office is not available")
    return path


# Flattened rows ---------------------------------------------------------------------------


def test_flattened_rows_with_blank_lines_and_a_header_without_label_column():
    (table,) = find_tables(lines_of("员工学历如下：\n 研究生 本科 大专\n\n人数 15 185 89\n\n占比 5% 64% 31%\n下文。"))
    assert texts(table) == [[None, "研究生", "本科", "大专"], ["人数", "15", "185", "89"], ["占比", "5%", "64%", "31%"]]
    assert [row[0].line for row in table.rows] == [2, 4, 6]


def test_a_new_header_after_figure_rows_starts_the_next_table():
    tables = find_tables(lines_of(" 男 女\n人数 10 20\n 党员 群众\n人数 5 25"))
    assert [texts(table)[0] for table in tables] == [[None, "男", "女"], [None, "党员", "群众"]]


def test_pdf_wraps_in_a_header_are_put_back():
    # the last header cell wrapped onto its own line; ``30 岁以下`` split from its unit
    (table,) = find_tables(lines_of("研究生 本科 技校&初\n中\n人数 1 2 3"))
    assert texts(table)[0] == [None, "研究生", "本科", "技校&初中"]
    (table,) = find_tables(lines_of("30 岁以下 30～39 岁 40 岁以上\n人数 49 43 157"))
    assert texts(table)[0] == [None, "30岁以下", "30～39岁", "40岁以上"]


def test_cells_set_apart_by_wide_gaps_may_hold_spaces():
    (table,) = find_tables(lines_of("项目\t2022 年\t2023 年\n营业收入 (万元)  1,200  1,350"))
    assert texts(table) == [["项目", "2022 年", "2023 年"], ["营业收入 (万元)", "1,200", "1,350"]]


@pytest.mark.parametrize(
    "text",
    [
        "全年开展活动 12 场，服务 300 人次。",  # prose with figures
        "2023 年 12 月 31 日",  # a date
        "本单位坚持 三个 服务\n理念不变。",  # short words with spaces, no figures below
        "一、公开陈述\n二、基本情况",
    ],
)
def test_prose_is_no_table(text):
    assert find_tables(lines_of(text)) == []


def test_markdown_tables_with_alignment_rules():
    (table,) = find_tables(lines_of("| 学历 | 人数 |\n|:---|---:|\n| 本科 | 300 |\n\n| 不是表格 |"))
    assert table.kind == "markdown" and texts(table) == [["学历", "人数"], ["本科", "300"]]


def test_text_and_markdown_readers_give_their_tables():
    assert [t.kind for t in readers.read(FIXTURES / "figure-tables.md").tables] == ["markdown"] * 6
    assert len(readers.read(FIXTURES / "figure-shares.txt").tables) == 5


# Word tables -----------------------------------------------------------------------------


def merged_table_draft(tmp_path) -> Path:
    """A table whose label spans two rows (vMerge) and whose title spans the figure columns (gridSpan)."""
    draft = DocxDraft()
    draft.paragraph("员工构成如下：")
    table = draft.document.add_table(rows=4, cols=3)
    rows = [["", "员工构成", ""], ["类别", "男", "女"], ["人数", "120", "80"], ["", "60%", "40%"]]
    for cells, row in zip(rows, table.rows):
        for text, cell in zip(cells, row.cells):
            cell.text = text
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(2, 0).merge(table.cell(3, 0))
    draft.paragraph("以上为年末数。")
    return draft.save(tmp_path / "merged.docx")


def test_word_merged_cells_fill_the_grid(tmp_path):
    document = readers.read(merged_table_draft(tmp_path))
    (table,) = document.tables
    assert table.kind == "word"
    assert texts(table) == [
        ["", "员工构成", "员工构成"],
        ["类别", "男", "女"],
        ["人数", "120", "80"],
        ["人数", "60%", "40%"],
    ]
    spanned = table.rows[0][1]
    assert (spanned.col, spanned.span) == (1, 2)
    continued = table.rows[3][0]
    assert continued.merged and not table.rows[2][0].merged
    # each cell is its own location, read in order
    assert [cell.line for cell in table.rows[2]] == [7, 8, 9]


def test_word_table_shares_are_checked(tmp_path, linter):
    draft = DocxDraft()
    draft.paragraph("一、员工构成")
    draft.table([["", "研究生", "本科", "大专"], ["人数", "20", "300", "180"], ["占比", "4%", "70%", "36%"]])
    path = draft.save(tmp_path / "shares.docx")
    (finding,) = [f for f in linter.lint_path(path).findings if f.family == "figure"]
    assert finding.code == "CSR303" and "「本科」300 / 500 = 60.0%，表中为 70%" in finding.message
    assert finding.line == 12 and "第 8 段" in finding.message  # the 70% cell; its count in paragraph 8


def test_marks_in_neighbouring_cells_never_make_one_placeholder(tmp_path, linter):
    draft = DocxDraft()
    draft.paragraph("一、公开陈述")
    draft.paragraph("各部门职责分工如下：")
    draft.table([["部门", "员工", "客户", "社区"], ["办公室", "×", "×", "×"], ["财务部", "×", "", "×"]])
    draft.paragraph("××")  # a paragraph of its own after the table: still a placeholder
    result = linter.lint_path(draft.save(tmp_path / "marks.docx"))
    assert [line for code, line in codes(result, "placeholder")] == [15]


# The office files ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["txt", "docx", "pdf"])
def test_probe_table_reports_the_wrong_share_in_every_format(suffix, linter):
    result = linter.lint_path(office(f"made/probe-table.{suffix}"))
    (finding,) = [f for f in result.findings if f.family == "figure"]
    assert finding.code == "CSR303"
    assert finding.message.startswith("占比与人数不符：「本科」185 / 335 = 55.2%，表中为 65%")
    assert result.facts["figure_tables"] == 2


def test_marks_table_from_real_office_software(linter):
    assert codes(linter.lint_path(office("made/r3-table-marks.docx")), "placeholder") == []


def test_wps_matrix_of_marks_gives_only_the_real_leftovers(linter):
    result = linter.lint_path(office("public/wps-standard-draft-1.docx"))
    placeholders = [f for f in result.findings if f.family == "placeholder"]
    assert not [f for f in placeholders if "×" in f.message]
    assert any("XX" in f.message for f in placeholders)  # 起草人：XX and 20XX 年 are still found


def test_word_tables_of_the_corpus_report_are_read_as_its_text_rows(linter):
    for name in ("made/001-wps.docx", "made/001-lo-plain.docx", "made/001-word.pdf"):
        result = linter.lint_path(office(name))
        assert result.facts["figure_tables"] == 2, name
        assert not [f for f in result.findings if f.code in ("CSR302", "CSR303")], name


@pytest.mark.parametrize("seed", range(12))
def test_generated_tables_give_one_answer_in_every_format(seed, tmp_path, linter):
    """Counts and rounded shares, one share sometimes moved by 5 to 20 points: the text rows,
    the Markdown table and the Word table are flagged alike, exactly when a share was moved."""
    import random

    rng = random.Random(seed)
    names = rng.sample(["研究生", "本科", "大专", "中专", "高中", "技校"], rng.randint(3, 5))
    counts = [rng.randint(5, 300) for _ in names]
    shares = [round(100 * count / sum(counts)) for count in counts]
    moved = rng.random() < 0.6
    if moved:
        index = rng.randrange(len(shares))
        shares[index] += rng.choice([-1, 1]) * rng.randint(5, 20) if shares[index] > 20 else rng.randint(5, 20)
    header, count_row, share_row = ["", *names], ["人数", *map(str, counts)], ["占比", *(f"{s}%" for s in shares)]
    (tmp_path / "rows.txt").write_text(
        "一、员工构成\n" + "\n".join(" ".join(row).strip() for row in (header, count_row, share_row)) + "\n",
        encoding="utf-8",
    )
    markdown = [
        "| 学历 | " + " | ".join(names) + " |",
        "|---" * (len(names) + 1) + "|",
        *("| " + " | ".join(row) + " |" for row in (count_row, share_row)),
    ]
    (tmp_path / "table.md").write_text("# 一、员工构成\n\n" + "\n".join(markdown) + "\n", encoding="utf-8")
    draft = DocxDraft()
    draft.paragraph("一、员工构成")
    draft.table([header, count_row, share_row])
    draft.save(tmp_path / "table.docx")
    for name in ("rows.txt", "table.md", "table.docx"):
        found = [f for f in linter.lint_path(tmp_path / name).findings if f.code == "CSR303"]
        assert len(found) == int(moved), (name, counts, shares, [f.message for f in found])
