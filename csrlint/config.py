"""The configuration file: ``[tool.csrlint]`` in pyproject.toml, or ``.csrlint.toml`` / ``csrlint.toml``.

A report repository keeps its choices (profile, year, rules to skip, thresholds) next to the
reports, so that a CI job, a pre-commit hook and a reviewer's laptop all lint the same way.
The nearest file walking up from a checked report wins, as with ruff; flags override it.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Annotated

from . import compat
from .document import InputError
from .findings import Severity
from .validation import Check, problem, remembered, validate

#: In one directory the first of these that configures csrlint is used.
FILE_NAMES = (".csrlint.toml", "csrlint.toml", "pyproject.toml")


#: Keys written in kebab case in the file, and the fields they fill.
KEBAB_KEYS = {"fail-on": "fail_on", "max-size": "max_size", "max-memory": "max_memory"}


@dataclass(frozen=True)
class Config:
    """Every key the file may hold; anything else is a typo the user must hear about."""

    __pydantic_config__ = {"extra": "forbid"}

    profile: str | None = None
    year: int | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    #: Per-code severity overrides: ``CSR106 = "info"``.
    severity: dict[str, Severity] = field(default_factory=dict)
    #: Extra rule directories, relative to the config file.
    rules: list[Path] = field(default_factory=list)
    fail_on: Severity | None = None
    #: Patterns (relative to the config file) that directory walks keep / skip.
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_size: Annotated[int, Check(gt=0)] | None = None  # MB
    #: Per-file limits (seconds, MB); see ``engine._limits`` for who may raise them.
    timeout: Annotated[float, Check(gt=0)] | None = None
    max_memory: Annotated[int, Check(gt=0)] | None = None
    jobs: Annotated[int, Check(ge=0)] | None = None
    baseline: Path | None = None
    #: Last year's report (or a directory of them), relative to the config file: ``--previous``.
    previous: Path | None = None
    #: Per-family tables (``[tool.csrlint.figure]``), handed to the checks as ``Options.settings``.
    settings: dict[str, dict] = field(default_factory=dict)
    #: The file this came from (None: no file, defaults only).
    source: Path | None = None
    #: Found inside a directory being checked: it came with the submissions, so it may
    #: tighten limits but not loosen them, nor reach outside its own directory.
    untrusted: bool = False

    def __post_init__(self) -> None:
        """Codes upper case (CSR106), families and rule names lower case (placeholder)."""
        severity = {
            name.upper() if name.upper().startswith("CSR") else name.lower(): level
            for name, level in self.severity.items()
        }
        object.__setattr__(self, "severity", severity)

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
    return any(fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern) for pattern in patterns)


def load(path: Path) -> Config:
    """Read and validate one config file; a bad file is an :class:`InputError` (exit 2).
    The result is remembered by the file's bytes (see ``validation``)."""
    return remembered("config", [path], lambda: _read(path))


def _read(path: Path) -> Config:
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = compat.tomllib.loads(text)
    except OSError as error:
        raise InputError(str(path), f"无法读取配置文件 / cannot read config: {error.strerror or error}") from None
    except (compat.tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        where = _toml_line(error, text)
        raise InputError(str(path), f"配置文件不是有效的 TOML{where} / invalid TOML: {error}") from None
    except RecursionError:
        raise InputError(str(path), "配置文件嵌套过深 / invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("csrlint", {})
    return parse(data, path)


def parse(data: dict, source: Path) -> Config:
    data = dict(data)
    for internal in ("settings", "source", "untrusted", *KEBAB_KEYS.values()):
        if internal in data:
            raise InputError(str(source), f"未知配置项 / unknown key '{internal}'")
    settings = _family_settings(data, source)
    data = {KEBAB_KEYS.get(key, key): value for key, value in data.items()}
    config = validate(Config, {**data, "settings": settings, "source": source}, str(source), explain=_explain)
    rules = [path if path.is_absolute() else source.parent / path for path in config.rules]
    baseline = config.baseline
    if baseline is not None and not baseline.is_absolute():
        baseline = source.parent / baseline
    previous = config.previous
    if previous is not None and not previous.is_absolute():
        previous = source.parent / previous
    return replace(config, rules=rules, baseline=baseline, previous=previous)


def _family_settings(data: dict, source: Path) -> dict[str, dict]:
    """Pop the ``[tool.csrlint.<family>]`` tables out of ``data``, each validated by its family's
    ``OPTIONS`` model: ``{family: {key as written: value}}``, only the keys the file sets (a
    family's defaults may come from its rule file, as figures.yaml's thresholds do)."""
    from .checks import families, family_options

    models = family_options()
    settings: dict[str, dict] = {}
    for family in families():
        if family not in data:
            continue
        table = data.pop(family)
        if not isinstance(table, dict):
            raise InputError(str(source), f"配置项 '{family}' 应为表 / '{family}' must be a table ([{family}])")
        model = models.get(family)
        for key in table:
            field_name = key.replace("-", "_")
            if model is None or "_" in key or field_name not in model.__dataclass_fields__:
                raise InputError(str(source), f"未知配置项 / unknown key '{family}.{key}'")
        fields = {key.replace("-", "_"): value for key, value in table.items()}
        written = {key.replace("-", "_"): key for key in table}
        validated = validate(
            model,
            fields,
            str(source),
            explain=lambda errors, family=family, written=written: _explain(errors, family, written),
        )
        settings[family] = {key: getattr(validated, field_name) for field_name, key in written.items()}
    return settings


def _explain(errors: list[dict], family: str | None = None, written: dict[str, str] | None = None) -> str:
    """The first problem, naming the key as written: ``unknown key 'fail_on'``, not pydantic's page of text."""
    item = errors[0]
    field_to_key = {field: key for key, field in KEBAB_KEYS.items()}
    if family is not None:
        field_to_key = written or {}
    key = ".".join(field_to_key.get(str(part), str(part)) for part in item["loc"])
    key = f"{family}.{key}" if family is not None else key
    if problem(item) == "unknown key":
        return f"未知配置项 / unknown key '{key}'"
    return f"配置项 '{key}' 无效 / invalid value for '{key}': {problem(item)}"


def _toml_line(error: Exception, text: str) -> str:
    """``（第 3 行）`` from tomllib's ``(at line 3, column 5)``; ``at end of document`` is the last line."""
    import re

    found = re.search(r"at line (\d+)", str(error))
    if found:
        return f"（第 {found.group(1)} 行）"
    return f"（第 {max(1, len(text.splitlines()))} 行）" if "end of document" in str(error) else ""


def _configures_csrlint(path: Path) -> bool:
    """A pyproject.toml counts when it has ``[tool.csrlint]``, or when it is not valid TOML at all:
    then whether it configures csrlint cannot be known, and silently ignoring it would lint
    with settings the user did not choose (loading it reports the line)."""
    if path.name != "pyproject.toml":
        return True
    try:
        raw = path.read_bytes()
        if b"csrlint" not in raw:  # no key can name csrlint without the word: no TOML parser needed
            return False
        return "csrlint" in compat.tomllib.loads(raw.decode("utf-8")).get("tool", {})
    except (compat.tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
        return True
    except OSError:
        return False


@cache
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


@cache
def cached_load(path: Path) -> Config:
    return load(path)


def distrusted(config: Config) -> Config:
    """``config`` as one that came with the checked files: its rules and baseline must lie inside
    its own directory (no reaching for ``/etc`` or a huge file elsewhere)."""
    root = config.root.resolve()
    for path in (*config.rules, *([config.baseline] if config.baseline else [])):
        resolved = path.resolve()
        if resolved != root and root not in resolved.parents:
            raise InputError(
                str(config.source),
                f"检查目录中的配置不能引用其目录之外的路径 / a config inside a checked "
                f"directory cannot point outside it: {path}",
            )
    from .timed import TIMEOUT

    settings = config.settings
    timeout = settings.get("placeholder", {}).get("timeout")
    if timeout is not None and timeout > TIMEOUT:  # a pattern timeout is a limit too: tighten only
        settings = {**settings, "placeholder": {**settings["placeholder"], "timeout": TIMEOUT}}
    return replace(config, untrusted=True, settings=settings)
