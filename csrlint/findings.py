"""What a check reports: rules (the catalogue) and findings (one occurrence each)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]

    @property
    def label(self) -> str:
        return {"info": "提示", "warning": "警告", "error": "错误"}[self.value]


@dataclass(frozen=True)
class Rule:
    """A rule's catalogue entry: shown by ``csrlint rules`` / ``explain`` and in ``docs/rules.md``.

    Declared by keyword at the top of its check module (the family is the module's ``FAMILY``)::

        MISSING = Rule(code="CSR101", name="missing-chapter", family=FAMILY, severity=Severity.ERROR,
                       summary="缺少指南要求的章节", explanation="…",
                       examples=["<a draft that has the fault>"], counterexamples=["<a look-alike>"])

    The older positional form ``Rule(code, name, family, severity, summary, explanation, example)``
    still works: a single example string becomes ``examples=(example,)``. Every example is a
    draft (Markdown/plain text) that the test suite lints: it must produce a finding with this
    code, and every counterexample none.
    """

    code: str  # stable, e.g. CSR101
    name: str  # stable kebab-case, e.g. missing-chapter
    family: str
    severity: Severity
    summary: str  # one line, Chinese
    explanation: str = ""  # what it checks and why
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    #: Keys of ``[tool.csrlint.<family>]`` that tune this rule (validated by the family's ``OPTIONS``).
    options: tuple[str, ...] = ()
    #: Where the rule is declared (a check module or a rule file), named when two rules collide.
    source: str = field(default="", compare=False)
    #: The input formats whose documents can carry the fault (empty: all); examples of a rule
    #: for ``docx`` only are drafts the tests turn into .docx (tests/docx_builder.py).
    formats: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("examples", "counterexamples", "options", "formats"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,) if value else ()
            object.__setattr__(self, name, tuple(value))
        object.__setattr__(self, "severity", Severity(self.severity))

    @property
    def example(self) -> str:
        """The first example (what ``explain`` and SARIF's help show)."""
        return self.examples[0] if self.examples else ""


@dataclass(frozen=True)
class Place:
    """A second place a finding refers to (the other value of a contradiction)."""

    line: int | None
    page: int | None
    excerpt: str
    #: The other document, when the place is in another file (last year's report).
    path: str | None = None


@dataclass
class Finding:
    """One problem at one place, with its rule and a message in the users' language."""

    code: str
    rule: str
    family: str
    severity: Severity
    message: str
    line: int | None = None
    column: int | None = None
    page: int | None = None
    excerpt: str = ""
    chapter: str | None = None
    suggestion: str | None = None
    related: list[Place] = field(default_factory=list)

    @classmethod
    def of(cls, rule: Rule, message: str, **where) -> Finding:
        return cls(code=rule.code, rule=rule.name, family=rule.family, severity=rule.severity, message=message, **where)

    def sort_key(self) -> tuple:
        return (self.line or 0, self.column or 0, self.code, self.message)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def __getattr__(name: str):
    """``FAMILIES``, for code written before the registry: the families the check modules declare."""
    if name == "FAMILIES":
        from .checks import families

        return families()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
