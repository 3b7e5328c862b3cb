"""Reading .txt/.md drafts in the encodings Windows users save them in."""

from __future__ import annotations

import pytest

from csrlint.document import InputError
from csrlint.readers import read

DRAFT = "一、公开陈述\n本单位认真履行社会责任。\n二、基本情况\n共有员工 120 人。\n"


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ],
)
def test_encodings(tmp_path, encoding, bom):
    path = tmp_path / "draft.txt"
    path.write_bytes(bom + DRAFT.encode(encoding))
    document = read(path)
    assert [line.text for line in document.lines][:4] == DRAFT.split("\n")[:4]
    assert [line.number for line in document.lines][:4] == [1, 2, 3, 4]


def test_crlf_and_cr_line_ends(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes(DRAFT.replace("\n", "\r\n").encode("utf-8"))
    assert read(path).lines[2].text == "二、基本情况"


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x00\x01\x02PK\x03\x04" * 50, "binary"),
    ],
)
def test_unreadable_inputs(tmp_path, content, reason):
    path = tmp_path / "draft.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        read(path)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "draft.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"\.docx"):
        read(path)
