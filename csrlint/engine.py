"""Run one file through the pipeline: read → structure → profile match → checks → findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import readers, structure
from .checks import Context, Options, modules
from .document import InputError
from .findings import Finding
from .matching import choose_profile, known_titles, match_profile
from .profiles import Profile, load_profiles


@dataclass
class FileResult:
    path: str
    profile: str | None = None
    profile_title: str | None = None
    coverage: float | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the input could not be checked
    location_unit: str = "line"
    #: Facts the checks established, shown in the summary (report_year, period…).
    facts: dict = field(default_factory=dict)
    #: For the HTML report: each profile chapter and whether/where it was found.
    chapters: list[dict] = field(default_factory=list)


@dataclass
class Linter:
    """Holds what is shared by every file of a run (profiles, options)."""

    profiles: dict[str, Profile]
    options: Options = field(default_factory=Options)
    profile_id: str | None = None  # None: auto-detect
    limits: readers.Limits = field(default_factory=readers.Limits)
    select: frozenset[str] = frozenset()  # codes or families; empty: all

    @classmethod
    def create(cls, rule_dirs: tuple[Path, ...] = (), **kwargs) -> "Linter":
        profiles = load_profiles(list(rule_dirs))
        profile_id = kwargs.get("profile_id")
        if profile_id is not None and profile_id not in profiles:
            known = ", ".join(sorted(profiles))
            raise InputError("--profile", f"未知的指南结构 / unknown profile '{profile_id}' (known: {known})")
        return cls(profiles=profiles, **kwargs)

    def lint_path(self, path: Path) -> FileResult:
        try:
            document = readers.read(path, self.limits)
        except InputError as error:
            return FileResult(path=str(path), error=error.reason)
        return self.lint_document(document)

    def lint_document(self, document) -> FileResult:
        outline = structure.parse(document, known_titles(self.profiles))
        if self.profile_id:
            match = match_profile(self.profiles[self.profile_id], outline)
        else:
            match = choose_profile(self.profiles, outline)[0]
        context = Context(document, outline, match, self.options)
        findings: list[Finding] = []
        result = FileResult(path=document.path, profile=match.profile.id, profile_title=match.profile.title,
                            coverage=round(match.coverage, 3), location_unit=document.location_unit)
        for module in modules():
            if self.select and module.FAMILY not in self.select and not any(
                    rule.code in self.select for rule in module.rules(self.options.rule_dirs)):
                continue
            for finding in module.check(context):
                if not self.select or finding.family in self.select or finding.code in self.select:
                    findings.append(finding)
            facts = getattr(module, "facts", None)
            if facts is not None:
                result.facts.update(facts(context))
        result.findings = sorted(findings, key=Finding.sort_key)
        result.chapters = [
            {"chapter": m.chapter.name, "depth": len(m.parents), "required": m.required,
             "line": m.heading.line if m.heading else None,
             "heading": m.heading.label if m.heading else None, "misplaced": m.misplaced}
            for m in match.matches
        ]
        return result
