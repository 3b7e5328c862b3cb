"""One loader for the rule files: ``rules/`` shipped with csrlint, overlaid by ``--rules DIR``.

Every rule file is read here, the same way: YAML through the safe loader, each directory's file
laid over the bundled one, validated into its model (a dataclass defined by the module that
uses it) and remembered by content (``validation.remembered``). The files and how they overlay:

* ``profiles/*.yaml`` (or ``*.yaml`` at the top of a user directory) — one profile per file;
  a profile replaces one with its ``id`` (:func:`profiles`);
* ``placeholders.yaml`` — read per file (:func:`read`); the placeholder module merges the rules
  by code;
* ``figures.yaml``, ``period.yaml``, ``calendar.yaml``, ``carryover.yaml`` — top-level keys
  replace the bundled file's (:func:`overlay`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from .document import InputError
from .validation import remembered, validate

T = TypeVar("T")


def bundled_rules_dir() -> Path:
    """``rules/`` shipped with csrlint: inside the package when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("csrlint's rules/ directory is missing from the installation")


#: A rule file is a few KB; one of megabytes, or one whose aliases expand to millions of
#: values (a "billion laughs" YAML), is not a rule file (a submitted config may point at it).
MAX_RULE_FILE_BYTES = 2 * 1024 * 1024
MAX_RULE_VALUES = 200_000


def load_yaml(path: Path):
    """Load YAML safely (no object construction); errors become InputError naming the file."""
    import yaml

    # libyaml's safe loader where installed (several times faster), else PyYAML's own; both
    # build plain data only, never objects.
    SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # noqa: N806 - the name the tests look for
    try:
        if path.stat().st_size > MAX_RULE_FILE_BYTES:
            raise InputError(
                str(path), f"规则文件过大（上限 {MAX_RULE_FILE_BYTES // 1024 // 1024} MB）/ rule file too large"
            )
        with path.open(encoding="utf-8") as handle:
            return _bounded(yaml.load(handle, Loader=SAFE_LOADER), path)
    except OSError as error:
        raise InputError(str(path), f"无法读取 / cannot read: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        at = f" (line {where.line + 1})" if where else ""
        raise InputError(str(path), f"YAML 语法错误 / invalid YAML{at}: {getattr(error, 'problem', error)}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "规则文件不是 UTF-8 文本 / not UTF-8 text") from None


def _bounded(data, path: Path):
    """``data`` if walking it (aliases expanded, as validation will) meets at most MAX_RULE_VALUES values."""
    stack, seen = [data], 0
    while stack:
        value = stack.pop()
        seen += 1
        if seen > MAX_RULE_VALUES:
            raise InputError(str(path), "规则文件展开后过大（YAML 别名嵌套）/ rule file expands too far (YAML aliases)")
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return data


def directories(rule_dirs: Iterable[Path] = ()) -> list[Path]:
    """The bundled directory, then each user directory (which must exist)."""
    found = [bundled_rules_dir()]
    for directory in map(Path, rule_dirs):
        if not directory.is_dir():
            raise InputError(str(directory), "规则目录不存在 / rules directory not found")
        found.append(directory)
    return found


def files(name: str, rule_dirs: Iterable[Path] = ()) -> list[Path]:
    """``name`` in each directory that has it, bundled first."""
    return [path for path in (directory / name for directory in directories(rule_dirs)) if path.is_file()]


def mapping(path: Path) -> dict:
    """A rule file's top level, which must be a mapping (an empty file is an empty one)."""
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(str(path), f"{path.name} 应为映射 / a rules file must be a YAML mapping")
    return data


def read(kind: str, path: Path, model: type[T]) -> T:
    """One rule file validated as ``model`` (remembered by its bytes)."""

    def build() -> T:
        data = mapping(path)
        return validate(model, data, str(path), "规则文件无效 / invalid rules")

    return remembered(kind, [path], build)


def overlay(kind: str, name: str, model: type[T], rule_dirs: Iterable[Path] = ()) -> T:
    """Every directory's ``name``, each top-level key replacing the bundled file's, as ``model``.

    A problem is named in the file that brought the key (a user's typo is the user's file)."""
    paths = files(name, rule_dirs)

    def build() -> T:
        data: dict = {}
        origin: dict[str, Path] = {}
        for path in paths:
            loaded = mapping(path)
            data |= loaded
            origin |= dict.fromkeys(loaded, path)
        try:
            return validate(model, data, name, "规则文件无效 / invalid rules")
        except InputError as error:
            key = error.reason.split(": ", 2)[1].split(".")[0] if error.reason.count(": ") >= 2 else ""
            raise InputError(str(origin.get(key, paths[-1])), error.reason) from None

    return remembered(kind, paths, build)


def profiles(rule_dirs: Iterable[Path] = ()) -> dict:
    """Bundled profiles, then each user directory's (its ``profiles/`` folder, else its top
    level); a later profile replaces one with its id. A file without ``chapters:`` is another
    kind of rule file, not a profile."""
    from .profiles import load_profile

    paths = []
    for directory in directories(rule_dirs):
        folder = directory / "profiles" if (directory / "profiles").is_dir() else directory
        paths.extend(sorted(folder.glob("*.y*ml")))

    def build() -> dict:
        found = {}
        for path in paths:
            data = load_yaml(path)
            if isinstance(data, dict) and "chapters" in data:
                profile = load_profile(path, data)
                found[profile.id] = profile
        return found

    return remembered("profiles", paths, build)
