"""Benchmark rows for hostile and oversized input (issue 17) and photo-heavy drafts (issue 13).

Each row is one ``csrlint check`` process with default limits, as a reviewer would run it on
a submission: a row passes when the file is checked (or refused with a message, for the
attacks) within the time and memory targets — never a traceback, never the whole machine.
The generators write files of the shapes that used to take minutes or gigabytes.
"""

from __future__ import annotations

import os
import random
import zipfile
import zlib
from pathlib import Path

MB = 1024 * 1024
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SHARE = "其中男性员工{a}人，占员工总数的{b}.5%。\n"
FIGURE = "第{i}号指标完成投资{i}.{d}万元，同比增长{p}%。\n"
SUPPRESSED = "<!-- csrlint: disable-next-line=CSR201 -->\n第{i}段（请财务补充修改）\n"
COUNTED = "获得荣誉{n}项：\n1、甲\n2、乙\n"
HEAD = "一、公开陈述\n本单位承诺报告内容真实。\n二、基本情况\n本单位共有员工639名。\n"


def repeated_text(path: Path, template: str, size: int) -> Path:
    """About ``size`` bytes of ``template`` lines with varying numbers."""
    lines, total, index = [HEAD], 0, 0
    while total < size:
        line = template.format(
            a=index % 300 + 1, b=index % 90 + 1, i=index, d=index % 10, p=index % 97, n=index % 9 + 2
        )
        lines.append(line)
        total += len(line.encode("utf-8"))
        index += 1
    path.write_text("".join(lines), encoding="utf-8")
    return path


def blank_lines(path: Path, size: int) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        stream.write(HEAD)
        for _ in range(size // MB):
            stream.write("\n" * MB)
        stream.write("本单位承诺。\n")
    return path


def _jpeg_header() -> bytes:
    """The start of a baseline JPEG (SOI, JFIF, a 1600×1200 SOF0): what python-docx reads of an image."""
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00\x48\x00\x48\x00\x00"
    sof0 = b"\xff\xc0\x00\x11\x08\x04\xb0\x06\x40\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8" + app0 + sof0


def photo_docx(path: Path, size: int, text_blocks) -> Path:
    """A draft with enough photos (random bytes behind a JPEG header, stored as Word stores
    JPEGs: uncompressed) to weigh ``size`` bytes; the text is a synthetic report."""
    import io

    from docx import Document
    from docx.shared import Cm

    photos = max(1, size // (3 * MB // 2))
    each = size // photos
    document = Document()
    for index, block in enumerate(text_blocks):
        document.add_paragraph(block.text, style=f"Heading {min(block.level, 9)}" if block.kind == "heading" else None)
        if index % max(1, len(text_blocks) // photos) == 0 and len(document.inline_shapes) < photos:
            # distinct bytes, or python-docx stores one image part for all of them
            tag = len(document.inline_shapes).to_bytes(4, "big")
            document.add_picture(io.BytesIO(_jpeg_header() + tag + bytes(60) + b"\xff\xd9"), width=Cm(12))
    plain = path.with_suffix(".plain.docx")
    document.save(str(plain))
    rng = random.Random(0)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename.startswith("word/media/"):
                payload = _jpeg_header() + rng.randbytes(each) + b"\xff\xd9"
                target.writestr(item.filename, payload, zipfile.ZIP_STORED)
            else:
                target.writestr(item, source.read(item.filename))
    plain.unlink()
    return path


def _package(path: Path, body: bytes | None = None, numbering: bytes | None = None, chunks=None) -> Path:
    """A minimal .docx: ``body`` (or ``chunks`` of it, streamed) inside w:body, optional numbering.xml."""
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.document.main+xml"/>'
        + (
            b'<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.wordprocessingml.numbering+xml"/>'
            if numbering
            else b""
        )
        + b"</Types>"
    )
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document_rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships">'
        + (
            b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
            if numbering
            else b""
        )
        + b"</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/_rels/document.xml.rels", document_rels)
        if numbering:
            archive.writestr("word/numbering.xml", numbering)
        with archive.open("word/document.xml", "w") as entry:
            entry.write(f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>'.encode())
            for chunk in chunks if chunks is not None else [body]:
                entry.write(chunk)
            entry.write(b"</w:body></w:document>")
    return path


def tiny_paragraphs_docx(path: Path, inflated: int) -> Path:
    """A small .docx holding ``inflated`` bytes of one-character paragraphs."""
    paragraph = "<w:p><w:r><w:t>一</w:t></w:r></w:p>".encode()
    block = paragraph * (MB // len(paragraph))
    return _package(path, chunks=(block for _ in range(inflated // len(block))))


def numbering_docx(path: Path) -> Path:
    """List numbering that starts at 10^12 (Roman) and 4·10^9 (letters)."""
    numbering = (
        f'<?xml version="1.0"?><w:numbering xmlns:w="{W}">'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1000000000000"/>'
        '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="4000000000"/>'
        '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num></w:numbering>'
    ).encode()
    body = "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{1 + i % 2}"/></w:numPr></w:pPr>'
        f"<w:r><w:t>第{i}条</w:t></w:r></w:p>"
        for i in range(200)
    ).encode()
    return _package(path, body, numbering)


def revisions_docx(path: Path, count: int) -> Path:
    """``count`` tracked insertions and deletions, each in its own paragraph."""
    body = "".join(
        f'<w:p><w:ins w:id="{2 * i}" w:author="甲"><w:r><w:t>新增第{i}条</w:t></w:r></w:ins>'
        f'<w:del w:id="{2 * i + 1}" w:author="乙"><w:r><w:delText>删除</w:delText></w:r></w:del></w:p>'
        for i in range(count)
    ).encode()
    return _package(path, body)


def one_page_pdf(path: Path, deflated: bytes, extra: bytes = b"") -> Path:
    """A minimal one-page PDF whose content stream is ``deflated`` (FlateDecode); ``extra``: one more object."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(deflated) + deflated + b"\nendstream",
    ]
    if extra:
        objects.append(extra)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def pdf_bomb(path: Path, inflated: int) -> Path:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes."""
    compressor = zlib.compressobj(9)
    body = bytearray()
    chunk = b" " * MB
    for _ in range(inflated // MB):
        body += compressor.compress(chunk)
    body += compressor.compress(b"BT ET") + compressor.flush()
    return one_page_pdf(path, bytes(body))


def hostile_folder(folder: Path) -> list[Path]:
    """The small hostile files of the batch row (each must become one error row)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [pdf_bomb(folder / "zz-bomb.pdf", 1024 * MB), tiny_paragraphs_docx(folder / "zz-paragraphs.docx", 190 * MB)]
    (folder / "zz-binary.txt").write_bytes(os.urandom(4096))
    files.append(folder / "zz-binary.txt")
    return files


def rows(work: Path, check: list[str], env: dict[str, str], blocks) -> list:
    """The benchmark rows: (scenario, argv, target, expected exit codes, note) measured once each."""
    from bench import Result, Target, run_once

    work.mkdir(parents=True, exist_ok=True)
    refused, checked = (2,), (0, 1)
    cases = [
        (
            "photo .docx, 60 MB (40 photos)",
            photo_docx(work / "photos-60.docx", 60 * MB, blocks),
            [],
            Target(wall=10, rss_mb=150),
            checked,
        ),
        (
            "photo .docx, 200 MB",
            photo_docx(work / "photos-200.docx", 200 * MB, blocks),
            [],
            Target(wall=15, rss_mb=150),
            checked,
        ),
        ("txt: 1 MB of share sentences", repeated_text(work / "shares.txt", SHARE, MB), [], Target(wall=60), checked),
        (
            "txt: 1 MB of distinct figures",
            repeated_text(work / "figures.txt", FIGURE, MB),
            [],
            Target(wall=60),
            checked,
        ),
        (
            "txt: 1 MB of suppression comments",
            repeated_text(work / "suppressed.txt", SUPPRESSED, MB),
            [],
            Target(wall=60),
            checked,
        ),
        (
            "txt: 45 MB of blank lines",
            blank_lines(work / "blank.txt", 45 * MB),
            [],
            Target(wall=10, rss_mb=400),
            checked,
        ),
        (
            ".docx: 20,000 tracked changes",
            revisions_docx(work / "revisions.docx", 20_000),
            [],
            Target(wall=60),
            checked,
        ),
        (".docx: numbering from 10^12", numbering_docx(work / "numbering.docx"), [], Target(wall=5), checked),
        (
            ".docx: 0.6 MB holding 190 MB of paragraphs",
            tiny_paragraphs_docx(work / "paragraphs.docx", 190 * MB),
            [],
            Target(wall=60),
            refused,
        ),
        (
            "pdf: content stream inflating to 3 GB",
            pdf_bomb(work / "bomb.pdf", 3 * 1024 * MB),
            [],
            Target(wall=10),
            refused,
        ),
    ]
    batch = work / "batch"
    from bench import MIN_PAGES, render_text, report_blocks

    for index in range(50):
        (batch / f"report-{index:02d}.txt").parent.mkdir(parents=True, exist_ok=True)
        (batch / f"report-{index:02d}.txt").write_text(
            render_text(report_blocks(MIN_PAGES + index % 12, seed=index)), encoding="utf-8"
        )
    hostile_folder(batch)
    cases.append(("batch: 50 reports + 3 hostile files, -j 2", batch, ["--jobs", "2"], Target(wall=60), refused))
    results = []
    for scenario, path, extra, target, expected in cases:
        wall, rss, code, errors = run_once([*check, *extra, str(path)], env)
        size = sum(file.stat().st_size for file in path.iterdir()) / MB if path.is_dir() else path.stat().st_size / MB
        note = f"{size:.3g} MB {'in all' if path.is_dir() else 'file'}, exit {code}"
        if code not in expected or "Traceback (most recent call last)" in errors:
            last = errors.strip().splitlines()[-1] if errors.strip() else ""
            results.append(Result(scenario, None, None, target, f"error: exit {code} {last[:80]}"))
        else:
            results.append(Result(scenario, wall, rss, target, note))
    return results
