"""``csrlint annotate``: findings as Word comments, each on exactly the text it is about."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import ROOT, run_cli
from docx_builder import SAMPLE_DRAFT, text_to_docx

from csrlint import readers
from csrlint.annotate import AUTHOR, INITIALS, default_output

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFFICE = ROOT.parent / "shared" / "office" / "made"

#: The sample draft with the leftovers annotate must point at: a masked amount inside a
#: sentence (one run in Word, so the run is split), a note in a heading, a masked cell.
DRAFT = (
    SAMPLE_DRAFT.replace("全年营业收入 5000 万元。", "全年营业收入完成**亿元，同比增长 5%。")
    .replace("（1）利润与经济效益", "（1）利润与经济效益（请财务补充修改）")
    .replace("| 综合部 | 40 |", "| 综合部 | XX人 |")
)


def anchors(path: Path) -> list[dict]:
    """Every comment of a .docx with the body text between its range marks, in comment order."""
    document = docx.Document(str(path))
    open_ids: set[str] = set()
    texts: dict[str, str] = {}
    for element in document.element.body.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t"):
        comment_id = element.get(f"{W}id")
        if element.tag == f"{W}commentRangeStart":
            open_ids.add(comment_id)
            texts.setdefault(comment_id, "")
        elif element.tag == f"{W}commentRangeEnd":
            open_ids.discard(comment_id)
        else:
            for open_id in open_ids:
                texts[open_id] += element.text or ""
    return [
        {"author": c.author, "initials": c.initials, "anchor": texts.get(str(c.comment_id)), "text": c.text}
        for c in document.comments
    ]


def own(path: Path) -> list[dict]:
    return [comment for comment in anchors(path) if comment["author"] == AUTHOR]


def findings(path: Path, *args: str) -> list[dict]:
    result = run_cli("check", "--format", "json", "--isolated", *args, path)
    return json.loads(result.stdout)["files"][0]["findings"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def draft(tmp_path) -> Path:
    return text_to_docx(DRAFT).save(tmp_path / "报告.docx")


def test_each_finding_is_a_comment_on_the_text_it_quotes(draft):
    before = digest(draft)
    result = run_cli("annotate", "--isolated", draft)
    assert result.exit_code == 1  # findings at warning or above, as check
    copy = default_output(draft)
    assert copy.name == "报告.csrlint.docx" and copy.exists()
    assert digest(draft) == before  # the draft is never written

    expected = findings(draft)
    comments = own(copy)
    assert len(comments) == len(expected)
    assert all(c["initials"] == INITIALS for c in comments)
    by_code = {}
    for finding, comment in zip(expected, comments):
        assert comment["text"].startswith(f"{finding['code']} {finding['message']}")
        if finding["suggestion"]:
            assert comment["text"].endswith(f"建议：{finding['suggestion']}")
        by_code.setdefault(finding["code"], []).append(comment["anchor"])
    assert "**亿元" in by_code["CSR204"]  # the masked amount, not its sentence: the run was split
    assert "XX人" in by_code["CSR204"]  # in a table cell
    assert by_code["CSR201"] == ["（请财务补充修改）"]  # the note with its brackets, in a numbered heading
    assert by_code["CSR104"] == ["员工录用"]  # the empty chapter's heading (its number is Word's)
    assert by_code["CSR101"] == ["领导关怀"]  # missing 媒体报道: on the heading it should follow
    # The reviewer's own comment is kept, and still reported.
    assert [c["text"] for c in anchors(copy) if c["author"] == "李四"] == ["请补充编写依据"]


def test_the_copy_reads_the_same_and_its_comments_are_not_open_comments(draft):
    run_cli("annotate", "--isolated", draft)
    copy = default_output(draft)
    assert [line.text for line in readers.read(copy).lines] == [line.text for line in readers.read(draft).lines]
    again = findings(copy)
    assert again == findings(draft)
    assert [f["message"] for f in again if f["code"] == "CSR291"] == ["批注未处理（李四）：「请补充编写依据」"]


def test_annotating_again_replaces_csrlints_comments(draft, tmp_path):
    run_cli("annotate", "--isolated", draft)
    first = default_output(draft)
    second = tmp_path / "second.docx"
    assert run_cli("annotate", "--isolated", first, "-o", second).exit_code == 1
    assert own(second) == own(first)  # the same comments on the same text, not twice as many
    assert len([c for c in anchors(second) if c["author"] == "李四"]) == 1
    # A narrower run replaces them all: options apply as in check.
    assert run_cli("annotate", "--isolated", "--select", "CSR201", first, "-o", second, "--force").exit_code == 1
    assert [c["anchor"] for c in own(second)] == ["（请财务补充修改）"]


def test_word_comment_parts(draft):
    run_cli("annotate", "--isolated", draft)
    with zipfile.ZipFile(default_output(draft)) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        styles = package.read("word/styles.xml").decode()
        comments = package.read("word/comments.xml").decode()
    assert re.search(
        r'PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument'
        r'.wordprocessingml.comments\+xml"',
        types,
    )
    assert 'relationships/comments" Target="comments.xml"' in rels
    assert 'w:styleId="CommentText"' in styles and 'w:styleId="CommentReference"' in styles
    assert f'w:author="{AUTHOR}"' in comments and "<w:annotationRef/>" in comments


def test_output_rules(draft, tmp_path):
    copy = default_output(draft)
    copy.write_bytes(b"someone's file")
    refused = run_cli("annotate", "--isolated", draft)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert copy.read_bytes() == b"someone's file"
    assert run_cli("annotate", "--isolated", "--force", draft).exit_code == 1
    assert own(copy)
    before = digest(draft)
    same = run_cli("annotate", "--isolated", "--force", draft, "-o", draft)
    assert same.exit_code == 2 and "原稿" in same.stderr and digest(draft) == before


@pytest.mark.parametrize("name", ["draft.txt", "draft.md", "draft.pdf"])
def test_other_formats_are_refused(tmp_path, name):
    path = tmp_path / name
    path.write_text("一、公开陈述\n", encoding="utf-8")
    result = run_cli("annotate", path)
    assert result.exit_code == 2
    assert ".docx" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [path]


def test_unreadable_docx_exit_2(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    result = run_cli("annotate", path)
    assert result.exit_code == 2 and "broken.docx" in result.stderr
    assert list(tmp_path.iterdir()) == [path]


def test_baseline_and_fail_on_apply(draft, tmp_path):
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", "--isolated", "--baseline", baseline, "--write-baseline", draft).exit_code == 0
    result = run_cli("annotate", "--isolated", "--baseline", baseline, draft)
    assert result.exit_code == 0 and own(default_output(draft)) == []
    clean = text_to_docx(SAMPLE_DRAFT.replace("（2）员工录用\n", "（2）员工录用\n按需招聘。\n")).save(
        tmp_path / "b.docx"
    )
    assert run_cli("annotate", "--isolated", "--select", "CSR106", "--fail-on", "error", clean).exit_code == 0
    assert len(own(default_output(clean))) == 1  # the warning is written, but does not fail


def test_real_wps_draft(tmp_path):
    """A WPS draft made from corpus report 002: one comment per finding, on the text it names."""
    source = OFFICE / "002-wps.docx"
    if not source.exists():
        pytest.skip("../shared/office is not available")
    draft = shutil.copy(source, tmp_path / source.name)
    before = digest(draft)
    assert run_cli("annotate", "--isolated", draft).exit_code == 1
    assert digest(draft) == before
    expected = findings(draft)
    comments = own(default_output(draft))
    assert expected and len(comments) == len(expected)
    lines = {line.number: line.text for line in readers.read(draft).lines}
    for finding, comment in zip(expected, comments):
        anchor = comment["anchor"]
        assert anchor and anchor in lines[finding["line"]] or finding["rule"] == "missing-chapter"
        assert anchor.strip("（）") in finding["message"]  # what the message quotes, not the whole sentence
    copy_findings = findings(default_output(draft))
    assert copy_findings == expected and not any(f["code"] == "CSR291" for f in copy_findings)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_keeps_the_comments(draft, tmp_path):
    run_cli("annotate", "--isolated", draft)
    copy = default_output(draft)
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(copy),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = own(out / copy.name)  # comments on the same text may come back in another order
    assert sorted((c["anchor"], c["text"]) for c in converted) == sorted((c["anchor"], c["text"]) for c in own(copy))


def test_text_box_and_cell_findings_land_in_their_place(tmp_path):
    """A finding in a text box is commented where the box stands (Word keeps comments out of
    text boxes); one in a table cell, on the cell's text; the document reads the same after."""
    from docx_builder import DocxDraft

    draft = DocxDraft()
    draft.paragraph("上海某某公司 2023 年度社会责任报告")
    draft.text_box("封面说明", "全年完成**亿元营业收入。")
    draft.table([["项目", "数值"], ["志愿服务", "共XX人参加"]])
    draft.paragraph("本年度安全生产无事故。")
    path = draft.save(tmp_path / "box.docx")
    assert run_cli("annotate", "--isolated", "--select", "CSR204", path).exit_code == 1
    copy = default_output(path)
    comments = own(copy)
    assert len(comments) == len(findings(path, "--select", "CSR204")) == 2
    box, cell = comments
    assert "**亿元" in box["anchor"] and box["anchor"].startswith("全年")  # the run holding the box
    assert cell["anchor"] == "XX人"
    assert [line.text for line in readers.read(copy).lines] == [line.text for line in readers.read(path).lines]


def test_output_directory_missing_is_a_message(draft, tmp_path):
    result = run_cli("annotate", "--isolated", draft, "-o", tmp_path / "nowhere" / "out.docx")
    assert result.exit_code == 2 and "无法写入" in result.stderr
