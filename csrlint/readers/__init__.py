"""Readers turn a file into a :class:`~csrlint.document.Document`.

Each reader module exposes ``read(path: Path, limits: Limits) -> Document`` and raises
:class:`~csrlint.document.InputError` for input it cannot check. Heavy libraries (python-docx,
pypdfium2) are imported inside their reader so that start-up stays fast.
"""

from __future__ import annotations

import importlib
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

    max_bytes: int = 50 * 1024 * 1024
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000


def read(path: Path, limits: Limits = Limits()) -> Document:
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise InputError(str(path), UNSUPPORTED[suffix])
    if suffix not in READERS:
        raise InputError(str(path), f"不支持的文件类型 {suffix or '(无后缀)'} / unsupported file type")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(str(path), f"无法读取 / cannot read: {error.strerror or error}") from None
    if size > limits.max_bytes:
        raise InputError(str(path), f"文件过大（{size // 1024 // 1024} MB，上限 "
                                    f"{limits.max_bytes // 1024 // 1024} MB）/ file too large")
    if READERS[suffix] != "docx":  # an old .doc renamed .txt or .pdf is told as one, as a renamed .docx is
        from .docx import sniff_binary_office

        reason = sniff_binary_office(path)
        if reason:
            raise InputError(str(path), reason)
    module = importlib.import_module(f".{READERS[suffix]}", __name__)
    return module.read(path, limits)
