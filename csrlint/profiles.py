"""Guideline profiles: the required-chapter checklists, loaded from ``rules/profiles/*.yaml``.

A profile is data, so that a 文明办 can publish next year's structure without a release:
users point ``--rules DIR`` at their own directory and its profiles join (or replace, by
id) the bundled ones. Validation errors name the file and the key path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from . import rulefiles
from .document import InputError
from .rulefiles import bundled_rules_dir, load_yaml  # noqa: F401 - where other modules look for them
from .validation import Check, validate

#: Roles a chapter can play for the period checks; children inherit their parent's.
ROLES = ("statement", "overview", "review", "outlook", "honours", "events", "feedback")


@dataclass
class Chapter:
    """A chapter a guideline asks for, under its names, with its sub-chapters."""

    __pydantic_config__ = {"extra": "forbid"}

    name: str  # the guideline's canonical chapter name
    aliases: list[str] = field(default_factory=list)  # other names reports use
    #: Regular expressions a whole normalised title may match instead of a name, for names
    #: that carry the unit's own (``.{2,14}概况`` for 瑞金医院概况, 学校概况, 企业概述).
    patterns: list[str] = field(default_factory=list)
    required: bool = True
    role: Literal[ROLES] | None = None  # type: ignore[valid-type]
    children: list[Chapter] = field(default_factory=list)
    #: Children may appear in any order (markdownlint's MD043 cannot say this).
    any_order: bool = False

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("chapter name must not be empty")
        self.name = self.name.strip()
        for pattern in self.patterns:
            try:
                compiled_pattern(pattern)
            except re.error as error:
                raise ValueError(f"invalid pattern {pattern!r}: {error}") from None

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def fits_pattern(self, title_key: str) -> bool:
        """Whether a normalised title matches one of ``patterns`` whole."""
        return any(compiled_pattern(pattern).fullmatch(title_key) for pattern in self.patterns)

    def walk(self, parents: tuple[Chapter, ...] = ()):
        """Yield (chapter, parents) depth-first, this chapter first."""
        yield self, parents
        for child in self.children:
            yield from child.walk((*parents, self))


@dataclass
class Profile:
    """One guideline version's chapter checklist (a ``rules/profiles/*.yaml`` file)."""

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


@lru_cache(maxsize=256)
def compiled_pattern(pattern: str) -> re.Pattern:
    """Compiled once per run (compiled patterns stay out of the rules cache, which holds plain data)."""
    return re.compile(pattern)


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
    return rulefiles.profiles(extra_dirs)
