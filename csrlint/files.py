"""Which files a run checks: the paths given, and the reports inside given directories."""

from __future__ import annotations

from pathlib import Path

from .document import InputError
from .readers import READERS, UNSUPPORTED


def collect(paths) -> list[Path]:
    """Files named on the command line as they are; directories searched for reports.

    A named file of an unknown type is kept (its reader tells why it cannot be checked);
    a directory with no report in it is an error.
    """
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _is_report(p))
            if not found:
                raise InputError(str(path), "目录中没有可检查的报告（.txt/.md/.docx/.pdf）/ no reports in directory")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(str(path), "文件不存在 / no such file or directory")
    return list(dict.fromkeys(files))


def _is_report(path: Path) -> bool:
    suffix = path.suffix.lower()
    hidden = any(part.startswith(".") for part in path.parts[:-1] if part not in (".", ".."))
    return not hidden and not path.name.startswith(("~$", ".")) and (suffix in READERS or suffix in UNSUPPORTED)
