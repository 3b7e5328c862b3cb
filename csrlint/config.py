"""The configuration file: ``[tool.csrlint]`` in pyproject.toml, or ``.csrlint.toml`` / ``csrlint.toml``.

A report repository keeps its choices (profile, year, rules to skip, thresholds) next to the
reports, so that a CI job, a pre-commit hook and a reviewer's laptop all lint the same way.
The nearest file walking up from a checked report wins, as with ruff; flags override it.
"""

from __future__ import annotations

import fnmatch
import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .document import InputError
from .findings import FAMILIES, Severity

#: In one directory the first of these that configures csrlint is used.
FILE_NAMES = (".csrlint.toml", "csrlint.toml", "pyproject.toml")


class Config(BaseModel):
    """Every key the file may hold; anything else is a typo the user must hear about."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: str | None = None
    year: int | None = None
    select: list[str] = []
    ignore: list[str] = []
    #: Per-code severity overrides: ``CSR106 = "info"``.
    severity: dict[str, Severity] = {}
    #: Extra rule directories, relative to the config file.
    rules: list[Path] = []
    fail_on: Severity | None = Field(None, alias="fail-on")
    #: Patterns (relative to the config file) that directory walks keep / skip.
    include: list[str] = []
    exclude: list[str] = []
    max_size: int | None = Field(None, alias="max-size", gt=0, description="MB")
    jobs: int | None = Field(None, ge=0)
    baseline: Path | None = None
    #: Per-family tables (``[tool.csrlint.figure]``), handed to the checks as ``Options.settings``.
    settings: dict[str, dict] = {}
    #: The file this came from (None: no file, defaults only).
    source: Path | None = None

    @field_validator("severity")
    @classmethod
    def _normalise_names(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        """Codes upper case (CSR106), families and rule names lower case (placeholder)."""
        return {name.upper() if name.upper().startswith("CSR") else name.lower(): level
                for name, level in value.items()}

    @property
    def root(self) -> Path:
        """The directory relative paths in the file are relative to."""
        return self.source.parent if self.source else Path.cwd()

    def excludes(self, path: Path) -> bool:
        return _matches(path, self.exclude, self.root)

    def includes(self, path: Path) -> bool:
        return not self.include or _matches(path, self.include, self.root)


def _matches(path: Path, patterns: list[str], root: Path) -> bool:
    """fnmatch against the path relative to ``root`` (``*`` crosses ``/``) or the bare file name."""
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern)
               for pattern in patterns)


def load(path: Path) -> Config:
    """Read and validate one config file; a bad file is an :class:`InputError` (exit 2)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(str(path), f"无法读取配置文件 / cannot read config: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"配置文件不是有效的 TOML / invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("csrlint", {})
    return parse(data, path)


def parse(data: dict, source: Path) -> Config:
    data = dict(data)
    for internal in ("settings", "source"):
        if internal in data:
            raise InputError(str(source), f"未知配置项 / unknown key '{internal}'")
    settings = {key: data.pop(key) for key in list(data) if key in FAMILIES and isinstance(data[key], dict)}
    try:
        config = Config.model_validate({**data, "settings": settings, "source": source})
    except ValidationError as error:
        raise InputError(str(source), _explain(error)) from None
    rules = [path if path.is_absolute() else source.parent / path for path in config.rules]
    baseline = config.baseline
    if baseline is not None and not baseline.is_absolute():
        baseline = source.parent / baseline
    return config.model_copy(update={"rules": rules, "baseline": baseline})


def _explain(error: ValidationError) -> str:
    """The first problem, naming the key: ``unknown key 'fail_on'``, not pydantic's page of text."""
    problem = error.errors()[0]
    key = ".".join(str(part) for part in problem["loc"])
    if problem["type"] == "extra_forbidden":
        return f"未知配置项 / unknown key '{key}'"
    return f"配置项 '{key}' 无效 / invalid value for '{key}': {problem['msg']}"


def _configures_csrlint(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return True
    try:
        return "csrlint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False


@lru_cache(maxsize=None)
def find(directory: Path) -> Path | None:
    """The config file that applies in ``directory``: its own, or the nearest above it."""
    for name in FILE_NAMES:
        candidate = directory / name
        if candidate.is_file() and _configures_csrlint(candidate):
            return candidate
    return None if directory.parent == directory else find(directory.parent)


def for_path(path: Path) -> Config:
    """The configuration for a checked file or directory (defaults when there is no file)."""
    path = path.resolve()
    found = find(path if path.is_dir() else path.parent)
    return cached_load(found) if found else Config()


@lru_cache(maxsize=None)
def cached_load(path: Path) -> Config:
    return load(path)
