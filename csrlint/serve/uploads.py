"""Uploads streamed straight into a private directory, under generated names, with size limits.

The client's file name is only ever shown, never used as a path: each file is written as
``<random hex><suffix>`` (the suffix tells the reader the format). A file over the limit is
refused while it streams, before it fills the disk.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

#: The upload field the page and ``curl -F file=@…`` use.
FIELD = "file"
#: Optional: last year's report, which every file is compared with (``check --previous``).
PREVIOUS_FIELD = "previous"
SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")
MAX_NAME = 200


class UploadError(Exception):
    """A request that cannot be taken: ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Upload:
    """A file received from the browser, kept under a generated name."""

    name: str  # as the user named it, for display only
    path: Path  # where it was written: generated name in the private directory
    size: int = 0
    field: str = FIELD  # ``file``, or ``previous`` for last year's report


def display_name(raw: str) -> str:
    """The file's own name, without any directory part or control characters."""
    name = re.split(r"[/\\]", raw)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    return name[:MAX_NAME] or "upload"


def stored_name(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return secrets.token_hex(12) + (suffix if SUFFIX.fullmatch(suffix) else "")


async def receive(request, directory: Path, max_bytes: int, max_files: int) -> list[Upload]:
    """Write the request's ``file`` parts into ``directory``; raises UploadError (400, 413)."""
    kind, params = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or b"boundary" not in params:
        raise UploadError(400, "请以 multipart/form-data 上传，字段名 file / upload files as multipart field 'file'")
    sink = _Sink(directory, max_bytes, max_files)
    parser = MultipartParser(params[b"boundary"], sink.callbacks())
    total = 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > max_bytes * max_files:
                raise UploadError(
                    413, f"上传总量超过上限（{max_bytes * max_files // 1024 // 1024} MB） / request too large"
                )
            parser.write(chunk)
        parser.finalize()
        if not sink.finished:
            raise UploadError(400, "上传内容不完整 / incomplete multipart body")
    except UploadError:
        sink.discard()
        raise
    except ValueError:  # python-multipart's parse errors: a malformed body
        sink.discard()
        raise UploadError(400, "上传内容格式不正确 / malformed multipart body") from None
    finally:
        sink.close()
    if not any(upload.field == FIELD for upload in sink.uploads):
        sink.discard()
        raise UploadError(400, "没有收到文件（字段名应为 file）/ no file in field 'file'")
    return sink.uploads


class _Sink:
    """python-multipart callbacks: headers per part, file data to disk as it arrives."""

    def __init__(self, directory: Path, max_bytes: int, max_files: int):
        self.directory = directory
        self.max_bytes = max_bytes
        self.max_files = max_files
        self.uploads: list[Upload] = []
        self._header = b""
        self._value = b""
        self._disposition = b""
        self._current: Upload | None = None
        self._stream = None
        self.finished = False  # the closing boundary was read

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._begin,
            "on_header_field": self._field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
            "on_end": self._finish,
        }

    def _begin(self) -> None:
        self._disposition = b""

    def _field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        if self._header.lower() == b"content-disposition":
            self._disposition = self._value
        self._header = self._value = b""

    def _headers_done(self) -> None:
        _, options = parse_options_header(self._disposition)
        field = options.get(b"name", b"").decode("ascii", "replace")
        if field not in (FIELD, PREVIOUS_FIELD) or b"filename" not in options:
            self._current = None  # another field: ignored
            return
        if len(self.uploads) >= self.max_files + 1 or (
            field == PREVIOUS_FIELD and any(upload.field == PREVIOUS_FIELD for upload in self.uploads)
        ):
            raise UploadError(
                413, f"一次最多上传 {self.max_files} 个文件和一份上年报告 / at most {self.max_files} files"
            )
        name = display_name(options[b"filename"].decode("utf-8", "replace"))
        self._current = Upload(name, self.directory / stored_name(name), field=field)
        self.uploads.append(self._current)
        self._stream = self._current.path.open("xb")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._current is None:
            return
        self._current.size += end - start
        if self._current.size > self.max_bytes:
            raise UploadError(
                413, f"{self._current.name}：文件过大（上限 {self.max_bytes // 1024 // 1024} MB） / file too large"
            )
        self._stream.write(data[start:end])

    def _end(self) -> None:
        self.close()
        self._current = None

    def _finish(self) -> None:
        self.finished = True

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def discard(self) -> None:
        self.close()
        for upload in self.uploads:
            upload.path.unlink(missing_ok=True)
