"""Rule files and config: checked by pydantic the first time, remembered by their content.

Importing pydantic and building its validators costs ≈ 100 ms, as much as linting an 89-page
report, and a pre-commit hook pays it on every commit although the rule files rarely change.
So the models are plain dataclasses: pydantic validates a file's data into them (a
``TypeAdapter`` over the dataclass, imported only then), and the validated objects are kept in
the user's cache directory under a hash of the files' bytes and csrlint's own code. A later
run with the same files loads them back without importing pydantic; a changed file, a
different csrlint or an unusable cache just means validating again.

The cache is trusted only where nobody else could have written it: a directory owned by the
user and writable by no one else, holding files the user owns (a shared ``$XDG_CACHE_HOME``
or a planted file is ignored, and the rules are validated afresh). Even then it is read with
an unpickler that builds the rule models (:data:`MODELS`) and plain containers only, so a
tampered file cannot run code; set ``CSRLINT_NO_CACHE=1`` to never read or write it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .document import InputError

T = TypeVar("T")
#: Cache files kept per kind (profiles, figures, placeholders, config).
MAX_ENTRIES = 32

#: The classes a cache file may build: the rule-file and config models and what their fields hold.
#: A new model kept in the cache is added here (tests/test_validation.py checks every kind loads).
MODELS = frozenset(
    {
        ("csrlint.profiles", "Profile"),
        ("csrlint.profiles", "Chapter"),
        ("csrlint.numbers", "FigureRules"),
        ("csrlint.numbers", "Thresholds"),
        ("csrlint.numbers", "Approximation"),
        ("csrlint.checks.placeholder", "RuleFile"),
        ("csrlint.checks.placeholder", "RuleSpec"),
        ("csrlint.checks.placeholder", "Department"),
        ("csrlint.timeline", "PeriodFile"),
        ("csrlint.timeline", "PartialYear"),
        ("csrlint.checks.period", "CalendarFile"),
        ("csrlint.checks.period", "CalendarEvent"),
        ("csrlint.checks.period", "CalendarPeriod"),
        ("csrlint.checks.carryover", "CarryoverRules"),
        ("csrlint.config", "Config"),
        ("csrlint.findings", "Severity"),
    }
)
PATH_CLASSES = ("Path", "PosixPath", "WindowsPath", "PurePath", "PurePosixPath", "PureWindowsPath")
PLAIN_BUILTINS = ("list", "dict", "tuple", "set", "frozenset", "str", "int", "float", "bool")


def kebab_case(name: str) -> str:
    """A field as rule files spell its key (``share_tolerance`` → ``share-tolerance``)."""
    return name.replace("_", "-")


#: ``__pydantic_config__`` of a model whose keys are written kebab-case: an unknown or wrong
#: key is named as the user wrote it; the snake-case field name is accepted too.
KEBAB_CASE_KEYS = {"extra": "forbid", "alias_generator": kebab_case, "populate_by_name": True}


class Check:
    """Constraints for pydantic to apply (``Annotated[str, Check(pattern=r"^CSR2\\d\\d$")]``,
    ``Check(min_length=1)``, ``Check(gt=0)``), declared without importing pydantic: it calls
    this hook only when it builds a validator."""

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable) -> dict:
        return {**handler(source), **self.constraints}


def validate(
    model: type[T], data: Any, source: str, what: str = "", explain: Callable[[list[dict]], str] | None = None
) -> T:
    """``data`` as a ``model``; an :class:`InputError` naming ``source`` if it is not, with
    ``explain(errors)`` or else ``what: key.path: problem; …``."""
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as error:
        reason = explain(error.errors()) if explain else f"{what}: {_every_problem(error.errors())}"
        raise InputError(source, reason) from None


def _every_problem(errors: list[dict]) -> str:
    """pydantic's errors as ``key.path: problem``, joined on one line."""
    return "; ".join(f"{'.'.join(str(part) for part in item['loc']) or '(top)'}: {problem(item)}" for item in errors)


def problem(item: dict) -> str:
    """One pydantic error in a user's words: a key the model does not have is unknown."""
    if item["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        return "unknown key"
    if item["type"] in ("missing", "missing_argument"):
        return "required key missing"
    return item["msg"].removeprefix("Value error, ")


def remembered(kind: str, files: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, or what it returned before for the same bytes of ``files``."""
    if os.environ.get("CSRLINT_NO_CACHE"):
        return build()
    try:
        path = _cache_dir() / f"{kind}-{_key(kind, files)}.pickle"
    except (OSError, RuntimeError):  # an unreadable rule file (build() says so), or no home directory
        return build()
    if not _private(path.parent, directory=True):
        return build()  # someone else could write there: neither trust nor feed it
    try:
        with path.open("rb") as handle:
            if _private(Path(handle.name), handle=handle):
                return _Unpickler(handle).load()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass  # not there yet, or unusable: validate again
    value = build()
    _store(path, value)
    return value


def _private(path: Path, directory: bool = False, handle=None) -> bool:
    """Whether only the current user could have written ``path``: owned by them and, for the
    directory, writable by no one else. A directory that does not exist yet is created so."""
    if not hasattr(os, "getuid"):  # Windows: no owners and modes to check; the unpickler still guards
        return True
    try:
        if directory and not path.exists():
            path.mkdir(parents=True, mode=0o700)
        status = os.fstat(handle.fileno()) if handle is not None else os.lstat(path)
    except OSError:
        return False
    import stat

    kind_ok = stat.S_ISDIR(status.st_mode) if directory else stat.S_ISREG(status.st_mode)
    shared = directory and status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return kind_ok and status.st_uid == os.getuid() and not shared


def _key(kind: str, files: Iterable[Path]) -> str:
    digest = hashlib.sha256(f"{kind}\0{sys.version}\0{_code_stamp()}".encode())
    for path in files:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


@cache
def _code_stamp() -> str:
    """csrlint's own modules, by size and time: a class changed by an upgrade or an edit must
    not load stale. Once per process (the code does not change while it runs)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(str(path).encode() + b"\0" + _stamp(path))
    return digest.hexdigest()


def _stamp(path: Path) -> bytes:
    status = path.stat()
    return f"{status.st_size}:{status.st_mtime_ns}".encode()


def _cache_dir() -> Path:
    if os.environ.get("CSRLINT_CACHE_DIR"):
        return Path(os.environ["CSRLINT_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "csrlint"


def _store(path: Path, value: Any) -> None:
    """Write atomically (parallel workers may race); a cache that cannot be written is no error."""
    import tempfile

    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as stream:
            temporary = Path(stream.name)
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        _prune(path.parent, path.name.split("-")[0])
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _prune(directory: Path, kind: str) -> None:
    """Keep the newest ``MAX_ENTRIES`` of a kind: every edit of a rule file leaves one behind."""
    entries = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda entry: entry.stat().st_mtime_ns)
    for stale in entries[:-MAX_ENTRIES]:
        stale.unlink(missing_ok=True)


class _Unpickler(pickle.Unpickler):
    """Builds the rule models and plain containers only (Python docs, "Restricting Globals")."""

    def find_class(self, module: str, name: str):
        allowed = (
            module == "pathlib"
            and name in PATH_CLASSES
            or module == "builtins"
            and name in PLAIN_BUILTINS
            or (module, name) in MODELS
        )
        if not allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)
