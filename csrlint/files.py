"""Which files a run checks: the paths given, and the reports inside given directories.

Also where a run may write: never onto a file it checks, never through a symbolic link.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .document import InputError
from .readers import READERS, UNSUPPORTED

OUTSIDE = "符号链接指向检查目录之外，已跳过 / skipped: symbolic link to a file outside the checked directory"
BROKEN = "符号链接无效，已跳过 / skipped: broken symbolic link"
NOT_REGULAR = "不是普通文件（设备、FIFO 或套接字），已跳过 / skipped: not a regular file (device, FIFO or socket)"


def collect(paths) -> list[Path]:
    """Files named on the command line as they are; directories searched for reports.

    A named file of an unknown type is kept (its reader tells why it cannot be checked);
    a directory with no report in it is an error.
    """
    return gather(paths)[0]


def gather(paths) -> tuple[list[Path], dict[Path, str]]:
    """:func:`collect`, and the files found in directories that are not read, each with the reason.

    Inside a directory (a submission from someone else) a symbolic link may only point to
    a file inside that directory: ``sub/b.txt -> /etc/passwd`` would put the reviewer's own
    file into the report. Devices and FIFOs are never opened (``/dev/zero`` never ends, a
    FIFO blocks). Such files stay in the list, in order, so that each gets its row.
    """
    files: list[Path] = []
    refused: dict[Path, str] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                raise InputError(str(path), "目录中没有可检查的报告（.txt/.md/.docx/.pdf）/ no reports in directory")
            root = path.resolve()
            for file in found:
                reason = _refusal(file, root)
                if reason:
                    refused[file] = reason
            files.extend(found)
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            raise InputError(str(path), "文件不存在 / no such file or directory")
    return list(dict.fromkeys(files)), refused


def _walk(directory: Path):
    """Report files under ``directory``; linked directories are not entered (no cycles, no escape)."""
    for folder, _, names in os.walk(directory):
        for name in names:
            candidate = Path(folder, name)
            if _is_report(candidate):
                yield candidate


def _refusal(file: Path, root: Path) -> str | None:
    if file.is_symlink():
        try:
            target = file.resolve(strict=True)
        except (OSError, RuntimeError):
            return BROKEN
        if root not in target.parents:
            return OUTSIDE
    try:
        mode = os.stat(file).st_mode
    except OSError:
        return BROKEN
    return None if stat.S_ISREG(mode) else NOT_REGULAR


def _is_report(path: Path) -> bool:
    suffix = path.suffix.lower()
    hidden = any(part.startswith(".") for part in path.parts[:-1] if part not in (".", ".."))
    return not hidden and not path.name.startswith(("~$", ".")) and (suffix in READERS or suffix in UNSUPPORTED)


def refuse_to_overwrite(target: Path, inputs: list[Path], flag: str, baseline: bool = False) -> None:
    """Raise InputError when writing ``target`` would break a promise: csrlint never modifies what it
    checks, never writes through a symbolic link, and ``--write-baseline`` replaces only a baseline."""
    if target.is_symlink():
        raise InputError(str(target), f"{flag} 不写入符号链接 / {flag} will not write through a symbolic link")
    try:
        identity = os.stat(target)
    except OSError:
        return  # a new file
    checked = set()
    for path in inputs:
        try:
            info = os.stat(path)
        except OSError:
            continue
        checked.add((info.st_dev, info.st_ino))
    if (identity.st_dev, identity.st_ino) in checked:
        raise InputError(
            str(target),
            f"{flag} 指向一个被检查的文件；csrlint 不修改它检查的文件 / {flag} would overwrite a checked file",
        )
    if baseline and not _is_baseline(target):
        raise InputError(
            str(target), "已存在且不是 csrlint 基线文件，不覆盖 / exists and is not a csrlint baseline, not overwritten"
        )


def _is_baseline(path: Path) -> bool:
    try:
        if path.stat().st_size > 512 * 1024 * 1024:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("tool") == "csrlint" and isinstance(data.get("findings"), list)


def open_output(path: Path, encoding: str = "utf-8", newline: str | None = None, errors: str = "backslashreplace"):
    """``path`` opened for writing text; the last component is never followed if it is a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, 0o666)
    except OSError as error:
        if path.is_symlink():
            raise OSError(error.errno, "不写入符号链接 / will not write through a symbolic link") from None
        raise
    return os.fdopen(descriptor, "w", encoding=encoding, newline=newline, errors=errors)
