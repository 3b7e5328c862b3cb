"""A PDF's compressed streams measured by the bytes they really inflate to, before PDFium opens it.

PDFium inflates a page's whole content stream into memory: 3 MB of deflated zeros become
3 GB. This pass reads the file in chunks (never all of it at once, never mapped), finds each
stream, inflates the deflated ones that are not photos into nothing while counting the bytes,
and stops at ``limits.max_unzipped_bytes``. Photos (image XObjects) are neither inflated nor
counted against ``--max-size``: a draft with 40 photos is as welcome as its text.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from ..document import InputError
from . import too_large

CHUNK = 4 * 1024 * 1024
#: How far before ``stream`` its dictionary may start (dictionaries are small; a long one is cut).
DICTIONARY = 4096
STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
IMAGE = re.compile(rb"/Subtype\s*/Image\b")
FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")


def check(path: Path, limits) -> None:
    """Raise InputError when the non-photo bytes exceed ``--max-size`` or the streams inflate too far."""
    streams = _streams(path)
    size = path.stat().st_size
    photos = sum(end - start for start, end, image, _ in streams if image)
    too_large(path, size - photos, limits)
    inflated = 0
    with path.open("rb") as stream:
        for start, end, image, flate in streams:
            if flate and not image:
                inflated = _inflate(stream, start, end, inflated, path, limits)


def _streams(path: Path) -> list[tuple[int, int, bool, bool]]:
    """(data start, next stream's start or end of file, is a photo, is deflated) for each stream."""
    found: list[tuple[int, bool, bool]] = []
    offset = 0
    tail = b""
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            window = tail + chunk
            base = offset - len(tail)
            for match in STREAM.finditer(window):
                if match.end() <= len(tail):
                    continue  # seen in the previous window
                dictionary = window[max(0, match.start() - DICTIONARY) : match.start()]
                opening = dictionary.rfind(b"obj")
                dictionary = dictionary[opening:] if opening >= 0 else dictionary
                found.append((base + match.end(), bool(IMAGE.search(dictionary)), bool(FLATE.search(dictionary))))
            offset += len(chunk)
            tail = window[-DICTIONARY:]
    ends = [start for start, _, _ in found[1:]] + [offset]
    return [(start, end, image, flate) for (start, image, flate), end in zip(found, ends)]


def _inflate(stream, start: int, end: int, inflated: int, path: Path, limits) -> int:
    """Inflate the stream at ``start`` into nothing, counting; a damaged stream just ends the count."""
    decompressor = zlib.decompressobj()
    stream.seek(start)
    left = end - start
    while left > 0 and not decompressor.eof:
        data = stream.read(min(CHUNK, left))
        if not data:
            break
        left -= len(data)
        try:
            while data and not decompressor.eof:
                inflated += len(decompressor.decompress(data, CHUNK))
                if inflated > limits.max_unzipped_bytes:
                    raise InputError(
                        str(path),
                        f"PDF 内容解压后过大（超过 {limits.max_unzipped_bytes // 1024 // 1024} MB），"
                        "疑似压缩炸弹；上限随 --max-size 提高 / "
                        "PDF streams inflate past the limit (raise with --max-size)",
                    )
                data = decompressor.unconsumed_tail
        except zlib.error:
            break
    return inflated
