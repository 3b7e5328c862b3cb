"""What a check reports: rules (the catalogue) and findings (one occurrence each)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum

FAMILIES = ("structure", "placeholder", "figure", "period", "carryover")


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
    """A rule's catalogue entry: shown by ``csrlint rules`` and ``csrlint explain``."""

    code: str  # stable, e.g. CSR101
    name: str  # stable kebab-case, e.g. missing-chapter
    family: str
    severity: Severity
    summary: str  # one line, Chinese
    explanation: str = ""  # what it checks and why
    example: str = ""


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
    def of(cls, rule: Rule, message: str, **where) -> "Finding":
        return cls(code=rule.code, rule=rule.name, family=rule.family, severity=rule.severity,
                   message=message, **where)

    def sort_key(self) -> tuple:
        return (self.line or 0, self.column or 0, self.code, self.message)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data
