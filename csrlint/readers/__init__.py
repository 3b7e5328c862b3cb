"""Readers turn a file into a :class:`~csrlint.document.Document`.

Each reader module exposes ``read(path: Path, limits: Limits) -> Document`` and raises
:class:`~csrlint.document.InputError` for input it cannot check. Heavy libraries (python-docx,
pypdfium2) are imported inside their reader so that start-up stays fast.
"""

from __future__ import annotations

import importlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..document import Document, InputError

#: File suffix → reader module (relative to this package).
READERS = {".txt": "text", ".md": "text", ".markdown": "text", ".docx": "docx", ".pdf": "pdf"}

#: Suffixes that look like reports but that no reader can open; told, not skipped silently.
UNSUPPORTED = {
    ".doc": "旧版 Word 二进制格式（.doc），请另存为 .docx / old binary Word format, save as .docx",
    ".wps": "WPS 格式，请另存为 .docx / WPS format, save as .docx",
}


@dataclass(frozen=True)
class Limits:
    """Caps that keep hostile or accidental input from exhausting the machine."""

    #: Bytes of text-bearing content (.docx and .pdf photos not counted), ``--max-size``.
    max_bytes: int = 50 * 1024 * 1024
    #: Real bytes inflated from compressed XML / PDF streams (photos never inflated).
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    #: Per file, enforced by the worker process that checks it (``--timeout``, ``--max-memory``).
    seconds: float = 60.0
    memory_mb: int = 1024


def read(path: Path, limits: Limits = Limits()) -> Document:
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise InputError(str(path), UNSUPPORTED[suffix])
    if suffix not in READERS:
        raise InputError(str(path), f"不支持的文件类型 {suffix or '(无后缀)'} / unsupported file type")
    try:
        info = os.stat(path)
    except OSError as error:
        raise InputError(str(path), f"无法读取 / cannot read: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):  # /dev/zero never ends, a FIFO blocks
        raise InputError(str(path), "不是普通文件（设备、FIFO 或套接字）/ not a regular file (device, FIFO or socket)")
    if READERS[suffix] == "text":
        too_large(path, info.st_size, limits)
    else:  # .docx and .pdf count their text-bearing bytes themselves: photos are not counted
        too_large(path, info.st_size, limits, PHOTO_FACTOR)
    if READERS[suffix] != "docx":  # an old .doc renamed .txt or .pdf is told as one, as a renamed .docx is
        reason = sniff_binary_office(path)
        if reason:
            raise InputError(str(path), reason)
    module = importlib.import_module(f".{READERS[suffix]}", __name__)
    return module.read(path, limits)


#: A .docx or .pdf may weigh this many times ``--max-size`` with its photos (a 200 MB photo draft passes).
PHOTO_FACTOR = 20


def too_large(path: Path, size: int, limits: Limits, factor: int = 1) -> None:
    """Refuse a file whose (text-bearing) ``size`` exceeds ``--max-size`` (times ``factor``), naming the flag."""
    limit = limits.max_bytes * factor
    if size > limit:
        what = "" if factor == 1 else f"含图片时为 --max-size 的 {factor} 倍，"
        raise InputError(
            str(path),
            f"文件过大（{_megabytes(size)} MB，上限 {_megabytes(limit)} MB，{what}"
            "可用 --max-size 调整）/ file too large (raise with --max-size)",
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.3g}"


#: The first bytes of an OLE compound file: an old .doc or .wps, or an encrypted .docx.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Office writes a password-protected .docx as an OLE file holding this stream (UTF-16 name).
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def binary_office_reason(encrypted: bool) -> str:
    """What to tell about an OLE compound file (old .doc/.wps, or an encrypted .docx) named as a report."""
    if encrypted:
        return "文档有打开密码，请去掉密码后再检查 / password-protected document"
    return "这是旧版 Word（.doc）或 WPS 二进制文件，请在 Word/WPS 中另存为 .docx / old binary .doc/.wps, save as .docx"


def sniff_binary_office(path: Path) -> str | None:
    """The reason an OLE compound file cannot be checked, whatever its name says; None for any other file."""
    try:
        with path.open("rb") as stream:
            if stream.read(8) != OLE_MAGIC:
                return None
            stream.seek(0)
            return binary_office_reason(ENCRYPTED_STREAM in stream.read(1 << 20))
    except OSError:
        return None  # the reader says it cannot read it
