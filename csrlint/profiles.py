"""Guideline profiles: the required-chapter checklists, loaded from ``rules/profiles/*.yaml``.

A profile is data, so that a 文明办 can publish next year's structure without a release:
users point ``--rules DIR`` at their own directory and its profiles join (or replace, by
id) the bundled ones. Validation errors name the file and the key path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import yaml

from .document import InputError
from .validation import Check, remembered, validate

#: Roles a chapter can play for the period checks; children inherit their parent's.
ROLES = ("statement", "overview", "review", "outlook", "honours", "events", "feedback")


@dataclass
class Chapter:
    __pydantic_config__ = {"extra": "forbid"}

    name: str  # the guideline's canonical chapter name
    aliases: list[str] = field(default_factory=list)  # other names reports use
    required: bool = True
    role: Literal[ROLES] | None = None  # type: ignore[valid-type]
    children: list[Chapter] = field(default_factory=list)
    #: Children may appear in any order (markdownlint's MD043 cannot say this).
    any_order: bool = False

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("chapter name must not be empty")
        self.name = self.name.strip()

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def walk(self, parents: tuple["Chapter", ...] = ()):
        """Yield (chapter, parents) depth-first, this chapter first."""
        yield self, parents
        for child in self.children:
            yield from child.walk((*parents, self))


@dataclass
class Profile:
    __pydantic_config__ = {"extra": "forbid"}

    id: Annotated[str, Check(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: str
    source: str
    #: guideline: from the guideline's own text; inferred: from published reports.
    basis: Literal["guideline", "inferred"]
    chapters: list[Chapter]
    description: str = ""
    path: str | None = None  # the file it was read from; not a key of the file

    def walk(self):
        for chapter in self.chapters:
            yield from chapter.walk()

    def role_of(self, chapter_name: str) -> str | None:
        for chapter, parents in self.walk():
            if chapter.name == chapter_name:
                for node in (chapter, *reversed(parents)):
                    if node.role:
                        return node.role
        return None


def bundled_rules_dir() -> Path:
    """``rules/`` shipped with csrlint: inside the package when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("csrlint's rules/ directory is missing from the installation")


#: libyaml's safe loader where installed (several times faster), else PyYAML's own; both
#: build plain data only, never objects.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: A rule file is a few KB; one of megabytes, or one whose aliases expand to millions of
#: values (a "billion laughs" YAML), is not a rule file (a submitted config may point at it).
MAX_RULE_FILE_BYTES = 2 * 1024 * 1024
MAX_RULE_VALUES = 200_000


def load_yaml(path: Path):
    """Load YAML safely (no object construction); errors become InputError naming the file."""
    try:
        if path.stat().st_size > MAX_RULE_FILE_BYTES:
            raise InputError(str(path), f"规则文件过大（上限 {MAX_RULE_FILE_BYTES // 1024 // 1024} MB）/ rule file too large")
        with path.open(encoding="utf-8") as handle:
            return _bounded(yaml.load(handle, Loader=SAFE_LOADER), path)
    except OSError as error:
        raise InputError(str(path), f"无法读取 / cannot read: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        at = f" (line {where.line + 1})" if where else ""
        raise InputError(str(path), f"YAML 语法错误 / invalid YAML{at}: {getattr(error, 'problem', error)}") from None


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


def load_profile(path: Path, data=None) -> Profile:
    data = load_yaml(path) if data is None else data
    if not isinstance(data, dict):
        raise InputError(str(path), "配置文件应为映射 / a profile must be a YAML mapping")
    if "path" in data:
        raise InputError(str(path), "规则文件无效 / invalid profile: path: unknown key")
    profile = validate(Profile, data, str(path), "规则文件无效 / invalid profile")
    profile.path = str(path)
    return profile


def load_profiles(extra_dirs: list[Path] = ()) -> dict[str, Profile]:
    """Bundled profiles, then each extra directory's; a later profile replaces one with its id."""
    files = []
    for directory in (bundled_rules_dir(), *extra_dirs):
        directory = Path(directory)
        if not directory.is_dir():
            raise InputError(str(directory), "规则目录不存在 / rules directory not found")
        folder = directory / "profiles" if (directory / "profiles").is_dir() else directory
        files.extend(sorted(folder.glob("*.y*ml")))
    return remembered("profiles", files, lambda: _read_profiles(files))


def _read_profiles(files: list[Path]) -> dict[str, Profile]:
    profiles: dict[str, Profile] = {}
    for path in files:
        data = load_yaml(path)
        # A profile file has top-level ``chapters:``; other rule files (placeholders…) do not.
        if isinstance(data, dict) and "chapters" in data:
            profile = load_profile(path, data)
            profiles[profile.id] = profile
    return profiles
