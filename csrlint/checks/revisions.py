"""Family ``placeholder``: what Word keeps of a draft — tracked changes not accepted, comments left in.

Built from ``document.annotations``, which the .docx reader fills. Every other check reads
the text with all changes accepted, so these findings are the only trace of them: a draft
with open revisions or comments is not ready to submit, whatever its text says.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from ..document import Annotation
from ..findings import Finding, Rule, Severity
from . import Context

FAMILY = "placeholder"
MAX_QUOTE = 30  # characters of changed or comment text quoted in a message

REVISION = Rule(
    code="CSR290",
    name="unaccepted-revision",
    family=FAMILY,
    severity=Severity.WARNING,
    summary="有未接受的修订（修订模式下的插入、删除、格式修改）",
    explanation="Word 以修订模式保存的插入、删除和格式修改尚未接受或拒绝。检查按“全部接受”后的文字进行，"
    "但提交的报告不应带有修订痕迹：在 Word“审阅”中逐条接受或拒绝。每段报告一次，列出该段的修订和作者。",
    # Drafts in CriticMarkup ({--删除--}{++插入++}, {>>作者：批注<<}), turned into .docx by the tests.
    examples=["全年开展志愿服务 {--30--}{++36++} 次。"],
    counterexamples=["全年开展志愿服务 36 次。"],
    formats=("docx",),
)
COMMENT = Rule(
    code="CSR291",
    name="open-comment",
    family=FAMILY,
    severity=Severity.ERROR,
    summary="批注未处理",
    explanation="Word 文档中留有批注（“已解决”的批注除外）。批注是写给编写者的待办事项，"
    "与正文里的编辑批注（CSR201）一样，应处理后删除。提示中给出批注人和批注内容。",
    examples=["全年营业收入 1.2 亿元。{>>张三：请财务核实营业收入数据<<}"],
    counterexamples=["全年营业收入 1.2 亿元。"],
    formats=("docx",),
)
RULES = [REVISION, COMMENT]
#: Comments ``csrlint annotate`` wrote: its own findings, not a reviewer's open comment.
OWN_AUTHOR = "csrlint"
KIND_NAMES = {"insertion": "插入", "deletion": "删除", "formatting": "格式修改"}


def rules(rule_dirs=()) -> list[Rule]:
    return RULES


def check(context: Context) -> Iterator[Finding]:
    document = context.document
    texts = {line.number: line.text.strip() for line in document.lines}
    revisions = sorted((a for a in document.annotations if a.kind in KIND_NAMES), key=lambda a: a.line)
    for line, group in groupby(revisions, key=lambda a: a.line):
        changes = list(group)
        yield Finding.of(
            REVISION,
            f"未接受的修订{_authors(changes)}：{'；'.join(_change(a) for a in changes)}",
            line=line,
            page=changes[0].page,
            excerpt=texts.get(line, ""),
            suggestion="在 Word“审阅”中接受或拒绝修订",
        )
    for comment in _comments(document):
        yield Finding.of(
            COMMENT,
            f"批注未处理{_authors([comment])}：「{_quote(comment.text)}」",
            line=comment.line,
            page=comment.page,
            excerpt=texts.get(comment.line, ""),
            suggestion="按批注修改后删除批注",
        )


def facts(context: Context) -> dict:
    """Counts for a Word file (other formats cannot carry revisions, so say nothing)."""
    document = context.document
    if document.format != "docx":
        return {}
    return {
        "revisions": sum(1 for a in document.annotations if a.kind in KIND_NAMES),
        "comments": sum(1 for _ in _comments(document)),
    }


def _comments(document) -> Iterator[Annotation]:
    return (a for a in document.annotations if a.kind == "comment" and a.author != OWN_AUTHOR)


def _change(annotation: Annotation) -> str:
    name = KIND_NAMES[annotation.kind]
    if annotation.kind == "formatting":
        return name
    if not annotation.text:
        return f"{name}段落分隔" if annotation.kind == "deletion" else name
    return f"{name}「{_quote(annotation.text)}」"


def _authors(annotations: list[Annotation]) -> str:
    names = list(dict.fromkeys(a.author for a in annotations if a.author))
    return f"（{'、'.join(names)}）" if names else ""


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[:MAX_QUOTE] + "…"
