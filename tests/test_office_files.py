"""Drafts made by real office software (``../shared/office/made``) give the answer of the text they were made from.

Each ``00N-*`` file was made from corpus report ``00N`` (README there). It must give the same chapters
(by title), the same coverage and the same findings (by code and excerpt) as the ``.txt``, except for
the differences listed in ``ALLOWED``, each explained by what the conversion did to the text. The
comparison ignores whitespace in excerpts (a PDF keeps no space that ends a line, and a typed space
between CJK and Latin is only a gap; a WPS draft joins the wrapped lines of the text into paragraphs)
and a heading's leading number (the Word-style drafts number headings with Word lists).
Skipped when ``../shared`` is absent.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from csrlint import readers, structure
from csrlint.engine import Linter
from csrlint.matching import known_titles

MADE = ROOT.parent / "shared" / "office" / "made"
ANY = 10_000  # every table-of-contents entry may be affected


@dataclass(frozen=True)
class Allowed:
    """Differences from the .txt that a conversion explains: at most this many of each."""

    extra: dict[str, int] = field(default_factory=dict)  # finding code → count
    missing: dict[str, int] = field(default_factory=dict)
    extra_chapters: int = 0
    renamed_chapters: int = 0


#: LibreOffice lays the PDF out anew (41/13/13 pages where the reports had 89/22/23): the page count the
#: text states (CSR304) and the page numbers its table of contents gives (CSR306) no longer hold.
PAGINATION = {"CSR304": 1, "CSR306": ANY}
#: Word renumbers a repeated 「（二）」 in a list-numbered draft (README): that CSR106 is gone for good.
RENUMBERED = {"CSR106": 1}
#: In 001 a heading's title wraps onto a line after a blank one; the .txt reads it as a wrapped line
#: of text, the drafts (one paragraph per line of the text, numbered) as a heading of its own.
WRAPPED_TITLE = 1

ALLOWED = {
    "001-lo-plain.docx": Allowed(),
    "001-wps.docx": Allowed(extra_chapters=WRAPPED_TITLE),
    "001-word.pdf": Allowed(extra=PAGINATION, extra_chapters=WRAPPED_TITLE),
    "002-lo-plain.docx": Allowed(),
    "002-wps.docx": Allowed(missing=RENUMBERED),
    "002-word-lo.docx": Allowed(missing=RENUMBERED),
    "002-word.pdf": Allowed(extra=PAGINATION, missing=RENUMBERED),
    "002-onefont.pdf": Allowed(extra=PAGINATION, missing=RENUMBERED),
    # The draft records three changes and an open comment (CSR290 ×3, CSR291). Accepted, the changes
    # delete a heading's 「（请财务补充修改）」 (one CSR201 less, one title changed) and the only
    # paragraph of a chapter, which is left empty (CSR104).
    "002-tracked-lo.docx": Allowed(
        extra={"CSR290": 3, "CSR291": 1, "CSR104": 1}, missing={**RENUMBERED, "CSR201": 1}, renamed_chapters=1
    ),
    "003-wps.docx": Allowed(),
    "003-word.pdf": Allowed(extra=PAGINATION),
}


@cache
def linter() -> Linter:
    return Linter.create()


@cache
def summary(path: Path) -> tuple[Counter, list[str], float | None]:
    """(findings by code and excerpt, chapter titles, coverage) of one file."""
    result = linter().lint_path(path)
    assert result.error is None, result.error
    outline = structure.parse(readers.read(path), known_titles(linter().profiles))
    found = Counter((f.code, _comparable(f.excerpt)) for f in result.findings)
    return found, [heading.title.strip() for heading in outline.chapters], result.coverage


def _comparable(excerpt: str) -> str:
    text = "".join((excerpt or "").split())
    return structure.split_number(text)[1] if structure.split_number(text)[2] else text


def _source(name: str) -> Path:
    matches = sorted(CORPUS.glob(f"{name[:3]}_*.txt")) if CORPUS.is_dir() else []
    if not matches or not (MADE / name).is_file():
        pytest.skip("../shared/office or ../shared/corpus is not available")
    return matches[0]


def test_every_corpus_made_file_has_its_allowances():
    if not MADE.is_dir():
        pytest.skip("../shared/office is not available")
    made = {path.name for path in MADE.glob("00[0-9]-*") if path.suffix in (".docx", ".pdf")}
    assert made == set(ALLOWED)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_office_file_gives_the_answer_of_its_text(name):
    source = _source(name)
    allowed = ALLOWED[name]
    found, chapters, coverage = summary(MADE / name)
    expected, expected_chapters, expected_coverage = summary(source)
    assert coverage == expected_coverage
    extra = Counter(code for code, _ in (found - expected).elements())
    missing = Counter(code for code, _ in (expected - found).elements())
    assert not extra - Counter(allowed.extra), f"findings the .txt does not give: {found - expected}"
    assert not missing - Counter(allowed.missing), f"findings of the .txt not given: {expected - found}"
    added = removed = 0
    for tag, first, last, start, end in difflib.SequenceMatcher(a=expected_chapters, b=chapters).get_opcodes():
        removed += last - first if tag in ("delete", "replace") else 0
        added += end - start if tag in ("insert", "replace") else 0
    assert removed <= allowed.renamed_chapters, (name, "chapters of the .txt missing", removed)
    assert added <= allowed.renamed_chapters + allowed.extra_chapters, (name, "chapters the .txt has not", added)


def test_libreoffice_pdf_has_no_more_empty_brackets_than_its_text():
    """The fallback-font quotes drawn after their line read in place: no empty 「“ ”」 (CSR20x)."""
    source = _source("001-word.pdf")
    brackets = [
        Counter(code for code, _ in summary(path)[0].elements() if code.startswith("CSR20"))
        for path in (MADE / "001-word.pdf", source)
    ]
    assert brackets[0] <= brackets[1] and brackets[0]["CSR206"] == brackets[1]["CSR206"]


def test_quotes_from_a_fallback_font_read_in_place():
    path = MADE / "r1-quotes.pdf"
    if not path.is_file():
        pytest.skip("../shared/office is not available")
    text = "\n".join(line.text for line in readers.read(path).lines)
    assert "“十四五”" in text and " " not in text.replace("\n", "")
