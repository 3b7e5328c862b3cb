"""Run one file through the pipeline: read → structure → profile match → checks → findings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from . import readers, structure, timeline
from .checks import Context, Options, modules, separate_families
from .checks.structure import not_a_report
from .document import InputError
from .findings import Finding, Severity
from .matching import choose_profile, known_titles, match_profile
from .profiles import Profile, load_profiles
from .suppress import Suppressions, strip_directives


@dataclass
class FileResult:
    """Everything a formatter shows of one checked file (or why it could not be checked)."""

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
    #: Findings hidden by inline ``csrlint: disable`` comments and by the baseline.
    suppressed: int = 0
    baselined: int = 0
    #: The user rule directories it was checked with: formatters describe its rules from them.
    rule_dirs: tuple[str, ...] = ()
    #: The text of the lines around each finding (``CONTEXT_LINES`` either side), by number,
    #: so that a format showing the text (HTML) need not read the file again.
    context: dict[int, str] = field(default_factory=dict)


@dataclass
class Linter:
    """Holds what is shared by every file of a run (profiles, options)."""

    profiles: dict[str, Profile]
    options: Options = field(default_factory=Options)
    profile_id: str | None = None  # None: auto-detect
    limits: readers.Limits = field(default_factory=readers.Limits)
    select: frozenset[str] = frozenset()  # codes, rule names or families; empty: all
    ignore: frozenset[str] = frozenset()  # codes, rule names or families never reported
    #: Severity overrides by code, rule name or family (the most specific wins).
    severity: dict[str, Severity] = field(default_factory=dict)
    _analysed: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def create(cls, rule_dirs: tuple[Path, ...] = (), **kwargs) -> Linter:
        profiles = load_profiles(list(rule_dirs))
        profile_id = kwargs.get("profile_id")
        if profile_id is not None and profile_id not in profiles:
            known = ", ".join(sorted(profiles))
            raise InputError("--profile", f"未知的指南结构 / unknown profile '{profile_id}' (known: {known})")
        return cls(profiles=profiles, **kwargs)

    def lint_path(self, path: Path, families: frozenset[str] | None = None) -> FileResult:
        try:
            document = readers.read(path, self.limits)
            return self.lint_document(document, families)  # a rule pattern that times out is an InputError too
        except InputError as error:
            # A problem in a rules file, found while checking this report, names that file.
            reason = error.reason if error.path == str(path) else str(error)
            return FileResult(path=str(path), error=reason)

    def lint_document(self, document, families: frozenset[str] | None = None) -> FileResult:
        """The findings of every family this run asks for; with ``families``, of those only
        (one part of a file that two workers check at once, see :func:`parts`)."""
        suppressions = Suppressions.scan(document.lines)
        context = self._context(document, suppressions)
        document, match = context.document, context.match
        findings: list[Finding] = []
        result = FileResult(
            path=document.path,
            profile=match.profile.id,
            profile_title=match.profile.title,
            coverage=round(match.coverage, 3),
            location_unit=document.location_unit,
        )
        if families is None or not families <= separate_families():  # the slow families' part reads no dates
            result.facts.update(timeline.of(context).facts())  # report year and its source, period, publication
        for module in modules():
            if not self.runs(module) or families is not None and module.FAMILY not in families:
                continue
            findings.extend(self._adjust(finding) for finding in module.check(context) if self._wanted(finding))
            facts = getattr(module, "facts", None)
            if facts is not None:
                result.facts.update(facts(context))
        if not_a_report(context):  # a README or notes: shown, but never failing a hook at the default level
            findings = [replace(finding, severity=Severity.INFO) for finding in findings]
        findings, result.suppressed = suppressions.apply(findings)
        result.findings = sorted(findings, key=Finding.sort_key)
        result.rule_dirs = tuple(str(directory) for directory in self.options.rule_dirs)
        result.context = _context(document, result.findings)
        result.chapters = [
            {
                "chapter": m.chapter.name,
                "depth": len(m.parents),
                "required": m.required,
                "line": m.heading.line if m.heading else None,
                "heading": m.heading.label if m.heading else None,
                "misplaced": m.misplaced,
            }
            for m in match.matches
        ]
        return result

    def runs(self, module) -> bool:
        """Whether the check module has a rule this run asks for (``--select`` / ``--ignore``)."""
        return module.FAMILY not in self.ignore and (
            not self.select
            or module.FAMILY in self.select
            or any({rule.code, rule.name} & self.select for rule in module.rules(self.options.rule_dirs))
        )

    def _context(self, document, suppressions: Suppressions, options: Options | None = None) -> Context:
        """A document with its outline and profile match, ready for the checks."""
        if suppressions.directives:  # the checks must not read the comments as report text
            document = replace(document, lines=strip_directives(document.lines))
        outline = structure.parse(document, known_titles(self.profiles))
        if self.profile_id:
            match = match_profile(self.profiles[self.profile_id], outline, forced=True)
        else:
            match = choose_profile(self.profiles, outline)[0]
        return Context(document, outline, match, options or self.options, analyse=self._analyse)

    def _analyse(self, path: Path) -> Context:
        """Another file (last year's report) read the same way; kept for the next draft of a batch."""
        key = path.resolve()
        if key not in self._analysed:
            document = readers.read(path, self.limits)
            self._analysed.clear()  # one previous report at a time: a batch pairs each draft with its own
            # Its own report year: --year and --previous speak of this year's draft.
            options = replace(self.options, report_year=None, previous=None)
            self._analysed[key] = self._context(document, Suppressions.scan(document.lines), options)
        return self._analysed[key]

    def _wanted(self, finding: Finding) -> bool:
        names = {finding.code, finding.rule, finding.family}
        return not names & self.ignore and (not self.select or bool(names & self.select))

    def _adjust(self, finding: Finding) -> Finding:
        """Severity overrides: by code, else by rule name, else by family."""
        severity = next(
            (self.severity[name] for name in (finding.code, finding.rule, finding.family) if name in self.severity),
            None,
        )
        return replace(finding, severity=severity) if severity else finding


#: Lines of text kept either side of a finding's line (``FileResult.context``).
CONTEXT_LINES = 2


def _context(document, findings: list[Finding]) -> dict[int, str]:
    import bisect

    numbers = [line.number for line in document.lines]
    keep: set[int] = set()
    for finding in findings:
        if finding.line is not None:
            position = bisect.bisect_left(numbers, finding.line)
            keep.update(range(max(0, position - CONTEXT_LINES), min(len(numbers), position + CONTEXT_LINES + 1)))
    return {document.lines[index].number: document.lines[index].text for index in sorted(keep)}


# --- A run over many files: configuration per file, parallel processes, progress. ---

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 4


@dataclass(frozen=True)
class Flags:
    """What the command line asked for; a given flag beats the config file."""

    profile_id: str | None = None
    year: int | None = None
    select: tuple[str, ...] = ()  # replaces the file's select
    ignore: tuple[str, ...] = ()  # added to the file's ignore
    rule_dirs: tuple[Path, ...] = ()  # added to the file's rules
    max_size: int | None = None  # MB
    fail_on: str | None = None
    previous: Path | None = None  # last year's report, or a directory of them
    timeout: float | None = None  # seconds per file
    max_memory: int | None = None  # MB per file


@dataclass
class Plan:
    """Which files to check, each with the linter its configuration asks for."""

    files: list[Path]
    linters: dict[Path, Linter]
    fail_levels: dict[str, str]  # result path → fail-on severity
    jobs: int | None = None
    baseline: Path | None = None
    #: Files that are listed but never opened (a link out of the tree, a FIFO), with the reason.
    refused: dict[Path, str] = field(default_factory=dict)

    def fail_on(self, result: FileResult) -> str:
        return self.fail_levels.get(result.path, "warning")

    def prepare(self, elsewhere: frozenset[str] = frozenset()) -> None:
        """Read the rule files and compile the patterns of every family the run checks, now, once:
        a mistake in one is one error for the run (an InputError), not one per report, and forked
        workers inherit the patterns. Families ``elsewhere`` load them in a worker of their own
        (a check module's ``prepare``, see csrlint.checks)."""
        for linter in {id(linter): linter for linter in self.linters.values()}.values():
            timeline.patterns(linter.options.rule_dirs)
            for module in modules():
                if linter.runs(module) and hasattr(module, "prepare") and module.FAMILY not in elsewhere:
                    module.prepare(linter.options)


def plan(paths, flags: Flags, config_path: Path | None = None, isolated: bool = False) -> Plan:
    """Resolve the files and their configurations; raises InputError for a bad path or config."""
    from . import config as configuration
    from .files import gather

    checked_dirs = [Path(path).resolve() for path in paths if Path(path).is_dir()]

    def config_of(path: Path) -> configuration.Config:
        if config_path is not None:
            return configuration.cached_load(config_path)
        if isolated:
            return configuration.Config()
        found = configuration.for_path(path)
        if found.source is not None and any(
            directory in found.source.resolve().parent.parents for directory in checked_dirs
        ):
            return configuration.distrusted(found)  # it came with the submissions
        return found

    files: list[Path] = []
    refused: dict[Path, str] = {}
    for path in paths:
        path = Path(path)
        found, reasons = gather([path])
        refused.update(reasons)
        if path.is_dir():
            settings = config_of(path)
            files.extend(f for f in found if settings.includes(f) and not settings.excludes(f))
        elif not config_of(path).excludes(path):
            files.extend(found)
    files = list(dict.fromkeys(files))
    linters: dict[Path, Linter] = {}
    by_config: dict[Path | None, Linter] = {}
    fail_levels: dict[str, str] = {}
    for file in files:
        try:
            settings = config_of(file) if file not in refused else configuration.Config()
            if settings.source not in by_config:
                by_config[settings.source] = _linter(settings, flags)
        except InputError as error:
            if not any(directory in Path(error.path).resolve().parent.parents for directory in checked_dirs):
                raise
            # A bad config that came with one submission costs that submission, not the batch.
            refused[file] = f"{error.path}: {error.reason}"
            settings = configuration.Config()
            if settings.source not in by_config:
                by_config[settings.source] = _linter(settings, flags)
        linters[file] = by_config[settings.source]
        fail_levels[str(file)] = flags.fail_on or (settings.fail_on.value if settings.fail_on else "warning")
    first = config_of(Path(paths[0])) if paths else configuration.Config()
    return Plan(
        files,
        linters,
        fail_levels,
        jobs=first.jobs,
        baseline=first.baseline,
        refused={file: reason for file, reason in refused.items() if file in linters},
    )


def _linter(settings, flags: Flags) -> Linter:
    """A linter for one configuration file with the flags laid over it."""
    from .checks import catalogue

    rule_dirs = (*settings.rules, *flags.rule_dirs)
    where = str(settings.source) if settings.source else "csrlint"
    known = catalogue(rule_dirs).names()
    options = Options(
        report_year=flags.year or settings.year,
        rule_dirs=rule_dirs,
        previous=flags.previous or settings.previous,
        settings=settings.settings,
    )
    select = flags.select or tuple(settings.select)
    ignore = (*settings.ignore, *flags.ignore)
    for source, names in (
        (where, [*settings.select, *settings.ignore, *settings.severity]),
        ("--select/--ignore", [*flags.select, *flags.ignore]),
    ):
        unknown = [name for name in names if _code(name) not in known]
        if unknown:
            raise InputError(source, f"未知规则或类别 / unknown rule or family: {', '.join(unknown)}")
    limits = _limits(settings, flags)
    profile_id = flags.profile_id or settings.profile
    try:
        return Linter.create(
            rule_dirs=rule_dirs,
            profile_id=profile_id,
            limits=limits,
            options=options,
            select=frozenset(_codes(select)),
            ignore=frozenset(_codes(ignore)),
            severity=dict(settings.severity),
        )
    except InputError as error:
        if flags.profile_id or settings.source is None:
            raise
        raise InputError(where, error.reason) from None


def _limits(settings, flags: Flags) -> readers.Limits:
    """The per-file caps: flags first, then the config; a config that came with the checked files
    (``settings.untrusted``) may tighten a cap, never loosen it."""
    default = readers.Limits()

    def pick(flag, configured, default_value):
        if flag is not None:
            return flag
        if configured is None:
            return default_value
        return min(configured, default_value) if settings.untrusted else configured

    max_bytes = pick(
        flags.max_size and flags.max_size * 1024 * 1024,
        settings.max_size and settings.max_size * 1024 * 1024,
        default.max_bytes,
    )
    return readers.Limits(
        max_bytes=max_bytes,
        max_unzipped_bytes=max(default.max_unzipped_bytes, 4 * max_bytes),
        seconds=pick(flags.timeout, settings.timeout, default.seconds),
        memory_mb=pick(flags.max_memory, settings.max_memory, default.memory_mb),
    )


def _code(name: str) -> str:
    """Codes are written upper case (CSR101), families lower case (placeholder)."""
    return name.upper() if name.upper().startswith("CSR") else name.lower()


def _codes(names) -> list[str]:
    return [_code(name) for name in names]


def lint_safely(linter: Linter, path: Path, families: frozenset[str] | None = None) -> FileResult:
    """One file (or its ``families``); a crash in a check becomes that file's error so a batch of 300 goes on."""
    try:
        return linter.lint_path(path, families)
    except MemoryError:
        return FileResult(path=str(path), error=memory_message(linter.limits))
    except RecursionError:
        return FileResult(path=str(path), error="文件结构嵌套过深 / input nested too deeply")
    except Exception as error:  # noqa: BLE001 — reported as the file's error, exit 2
        return FileResult(path=str(path), error=f"内部错误 / internal error: {type(error).__name__}: {error}")


def memory_message(limits: readers.Limits) -> str:
    return f"超过内存上限（{limits.memory_mb} MB），可用 --max-memory 调整 / memory limit exceeded (--max-memory)"


def run_all(work: Plan, jobs: int | None, progress: bool = False) -> list[FileResult]:
    """Every file of the plan, each in a worker process under its time and memory limits.

    Workers are forked (cheap: one small file costs a few milliseconds more) and reused
    from file to file. A worker that overruns the time limit is killed and replaced; one
    that dies (the out-of-memory killer, a crash in a C library) is replaced too, and
    either way that file gets an error row while every other file is still reported.
    A single file may be checked in two parts at once (:func:`parts`). Raises InputError for
    a mistake in a rule file.
    """
    import os

    count = len(work.files)
    split = parts(work, jobs)
    # The families of a part of their own load in their worker, while the other part checks.
    work.prepare(elsewhere=split[-1] if len(split) > 1 else frozenset())
    if jobs is None:
        jobs = 0 if count >= PARALLEL_FROM else len(split)
    with _progress(count, progress) as advance:
        from .workers import Pool

        done: dict[int, FileResult] = {
            index: FileResult(path=str(path), error=work.refused[path])
            for index, path in enumerate(work.files)
            if path in work.refused
        }
        tasks = [(index, families) for index in range(count) if index not in done for families in split]
        received: dict[int, list[FileResult]] = {}
        workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
        with Pool(work, tasks, workers) as pool:
            for task, result in pool.results(range(len(tasks))):
                index = tasks[task][0]
                received.setdefault(index, []).append(result)
                if len(received[index]) == len(split):
                    done[index] = merged(received.pop(index))
                    advance(work.files[index])
        return [done[index] for index in range(count)]


def parts(work: Plan, jobs: int | None) -> list[frozenset[str] | None]:
    """The families each worker checks of a file: all of them (``[None]``), or, for a single file
    on two CPUs or more, two parts at once, the families whose rule files take long to load
    (``SEPARATE``, see csrlint.checks) in a worker of their own. A check of one report, the
    common case, then takes the longer part's time instead of both parts'."""
    if len(work.files) != 1 or jobs == 1 or _cpus() < 2:
        return [None]
    linter = work.linters[work.files[0]]
    wanted = frozenset(module.FAMILY for module in modules() if linter.runs(module))
    separate, rest = wanted & separate_families(), wanted - separate_families()
    return [rest, separate] if rest and separate else [None]


def _cpus() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def merged(results: list[FileResult]) -> FileResult:
    """One file's result from the results of its parts (their findings, facts and context)."""
    first, *others = results
    for other in others:
        first.error = first.error or other.error
        first.findings = sorted(first.findings + other.findings, key=Finding.sort_key)
        first.suppressed += other.suppressed
        first.facts.update(other.facts)
        first.context.update(other.context)
    return first


def _progress(total: int, enabled: bool):
    """A rich progress bar on stderr for runs long enough to need one; otherwise a no-op."""
    from contextlib import contextmanager, nullcontext

    if not enabled or total < PARALLEL_FROM:
        return nullcontext(lambda path: None)

    @contextmanager
    def bar():
        from rich.console import Console
        from rich.markup import escape
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from .formatters.text import clean

        columns = (
            TextColumn("检查 / checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.description}"),
        )
        # No refresh thread: worker processes are forked, and forking a threaded process is unsafe.
        with Progress(*columns, console=Console(stderr=True), transient=True, auto_refresh=False) as progress:
            task = progress.add_task("", total=total)
            # A file name is text, never markup (``[/]`` would crash rich, ``[link=…]`` hide a link).
            yield lambda path: progress.update(
                task, advance=1, description=escape(clean(Path(path).name)), refresh=True
            )

    return bar()
