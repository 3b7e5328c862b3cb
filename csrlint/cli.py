"""Command line: ``csrlint check``, ``annotate``, ``serve``, ``profiles``, ``rules``, ``explain``.

Exit codes follow markdownlint-cli2: 0 clean (nothing at or above ``--fail-on``), 1 findings,
2 usage error or an input that could not be read. Everything heavy is imported inside the
commands so that ``csrlint --version`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
EXIT_INTERRUPTED = 130
SEVERITIES = ("info", "warning", "error")
FORMATS = ("rich", "plain", "json", "sarif", "github", "junit", "html", "gitlab")
SORTS = ("path", "severity", "coverage", "findings")
DEFAULT_BASELINE = "csrlint-baseline.json"
#: Examples and counterexamples ``explain`` prints of each rule (docs/rules.md has them all).
EXPLAINED_EXAMPLES = 2


def run() -> None:
    """The ``csrlint`` console script (and ``python -m csrlint``): the command line, then a quick exit.

    Once the output is written and flushed, the process has nothing left to do; the
    interpreter's teardown, freeing every compiled pattern and line one by one, would add
    a tenth of the run on a long report. So the process ends without it, with the same
    exit code. (The tests drive ``main`` itself, which returns normally.)
    """
    import os

    try:
        main()
        code = 0
    except SystemExit as stop:
        code = stop.code
    if code is None:
        code = 0
    elif not isinstance(code, int):  # SystemExit("message"), as Python prints it
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # output piped into ``head``, or already closed
        pass
    os._exit(code)


def fail(message: str) -> None:
    """A one-line error and exit 2, never a traceback (file names in it shown escaped)."""
    from .formatters.text import clean

    click.echo(f"csrlint: {clean(message)}", err=True)
    sys.exit(EXIT_FAILURE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="csrlint")
def main() -> None:
    """csrlint：上海市文明单位社会责任报告检查工具 / a linter for CSR reports."""


class _FilesAfterMarker(click.Command):
    """``check -- ARGS FILES``: how the pre-commit hook runs csrlint, so a file name is never an option.

    pre-commit runs ``entry + args + files``; with ``entry: csrlint check --`` the user's
    ``args: [--fail-on, error]`` come after the marker and the file names after them. After a
    leading ``--``, options (and their values) are read up to the first token that names an
    existing file, or up to a second ``--``; everything from there on is a file, so a tracked
    file called ``--output=notes.md`` is checked, not obeyed.
    """

    def parse_args(self, ctx, args):
        if args[:1] == ["--"]:
            args = self._options_then_files(args[1:])
        return super().parse_args(ctx, args)

    def _options_then_files(self, tokens: list[str]) -> list[str]:
        import os

        takes_value = {
            name
            for param in self.params
            if isinstance(param, click.Option) and not param.is_flag and not param.count
            for name in param.opts
        }
        options: list[str] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token == "--":
                index += 1
                break
            if not token.startswith("-") or token == "-" or os.path.lexists(token):
                break
            step = 2 if token in takes_value and index + 1 < len(tokens) else 1
            options.extend(tokens[index : index + step])
            index += step
        return [*options, "--", *tokens[index:]]


#: What ``check`` and ``annotate`` share: the profile, rules, year and config a draft is linted with.
LINT_OPTIONS = [
    click.option("--profile", "profile_id", metavar="ID", help="指南结构 id（默认自动识别）/ guideline profile id."),
    click.option(
        "--fail-on",
        type=click.Choice(SEVERITIES),
        default=None,
        help="达到此级别的发现使退出码为 1（默认 warning）/ lowest severity that fails [warning].",
    ),
    click.option(
        "--rules",
        "rule_dirs",
        multiple=True,
        type=click.Path(path_type=Path, file_okay=False),
        help="追加规则目录（可多次）/ extra rules directory.",
    ),
    click.option(
        "--year", type=int, help="报告年度（优先于文档所写，不一致处报 CSR401）/ report year (wins over the document)."
    ),
    click.option("--select", multiple=True, help="只运行这些规则代码或类别（取代配置）/ only these codes or families."),
    click.option(
        "--ignore", multiple=True, help="不报告这些规则代码或类别（追加到配置）/ skip these codes or families."
    ),
    click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help="使用此配置文件，不再向上查找 / use this config file.",
    ),
    click.option("--isolated", is_flag=True, help="忽略所有配置文件 / ignore every config file."),
]


def _lint_options(command):
    for option in reversed(LINT_OPTIONS):
        command = option(command)
    return command


@main.command(cls=_FilesAfterMarker)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_lint_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="输出格式；终端默认 rich，否则 plain / output format.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="写入文件 / write to FILE.")
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="不报告基线文件中已记录的发现 / hide findings recorded in FILE.",
)
@click.option(
    "--write-baseline",
    is_flag=True,
    help="把本次的全部发现写入基线文件（--baseline，默认 csrlint-baseline.json）/ record today's findings.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(0),
    default=None,
    help="并行进程数，0 = CPU 核数（默认：文件多时自动）/ parallel processes.",
)
@click.option(
    "--summary-csv",
    type=click.Path(path_type=Path, dir_okay=False),
    help="把汇总表写成 CSV / write the summary table as CSV.",
)
@click.option(
    "--sort",
    "sort_by",
    type=click.Choice(SORTS),
    default=None,
    help="报告的排列顺序（默认按给出的顺序）/ order of the reports [as given].",
)
@click.option(
    "--max-size",
    type=click.IntRange(1),
    metavar="MB",
    help="单个文件大小上限（.docx/.pdf 中的图片不计）/ largest file checked, photos not counted [50].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="单个文件的检查时间上限 / time limit per file [60].",
)
@click.option(
    "--max-memory", type=click.IntRange(1), metavar="MB", help="单个文件的内存上限 / memory limit per file [1024]."
)
@click.option("--no-color", is_flag=True, help="不使用颜色（也可设 NO_COLOR）/ no colour (also NO_COLOR).")
@click.option(
    "--statistics", is_flag=True, help="只列出每条规则的发现数（rich/plain）/ count per rule instead of the findings."
)
@click.option(
    "--summary-only",
    "-q",
    "summary_only",
    is_flag=True,
    help="只显示汇总表和合计（rich/plain）/ only the summary table and totals.",
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path, exists=True),
    help="上年报告（或其所在目录，按单位名称配对），用于比较 / last year's report, or a directory of them.",
)
def check(**options) -> None:
    """检查报告文件或目录 / check report files or directories."""
    import signal
    import threading

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():  # SIGTERM stops the workers like Ctrl-C
        signal.signal(signal.SIGTERM, interrupted)
    try:
        _check(**options)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the workers are stopped on the way out
        click.echo("csrlint: 已中断 / interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)


def _check(
    paths,
    profile_id,
    output_format,
    output,
    fail_on,
    rule_dirs,
    year,
    select,
    ignore,
    config_path,
    isolated,
    baseline,
    write_baseline,
    jobs,
    summary_csv,
    sort_by,
    max_size,
    timeout,
    max_memory,
    no_color,
    statistics,
    summary_only,
    previous,
) -> None:
    from .document import InputError
    from .engine import plan, run_all
    from .files import refuse_to_overwrite
    from .formatters.summary import sort_results
    from .suppress import Baseline

    view = "statistics" if statistics else "summary" if summary_only else "findings"
    if view != "findings" and output_format not in (None, "rich", "plain"):
        fail(f"--{'statistics' if statistics else 'summary-only'} 只适用于 rich/plain 格式 / only for rich and plain")
    paths, missing = _existing(paths)
    flags = _flags(
        profile_id, year, select, ignore, rule_dirs, max_size, fail_on, previous, timeout=timeout, max_memory=max_memory
    )
    try:
        jobs_plan = plan(paths, flags, config_path=config_path, isolated=isolated) if paths else None
        baseline = baseline or (jobs_plan.baseline if jobs_plan else None)
        known = None if write_baseline or baseline is None else Baseline.load(baseline)
        targets = [
            (output, "--output"),
            (summary_csv, "--summary-csv"),
            (baseline or Path(DEFAULT_BASELINE) if write_baseline else None, "--write-baseline"),
        ]
        for target, flag in targets:
            if target is not None:
                checked = jobs_plan.files if jobs_plan else []  # every path missing: nothing to overwrite
                refuse_to_overwrite(target, checked, flag, baseline=flag == "--write-baseline")
    except InputError as error:
        fail(str(error))
    if jobs_plan is not None and not jobs_plan.files and not missing:
        click.echo("csrlint: 没有要检查的文件（均被 exclude 排除）/ no files to check", err=True)
        sys.exit(EXIT_CLEAN)
    try:
        results = (
            run_all(jobs_plan, jobs if jobs is not None else jobs_plan.jobs, progress=sys.stderr.isatty())
            if jobs_plan is not None
            else []
        )
    except InputError as error:  # a rule file, read before the first report
        fail(str(error))
    results = _with_missing(results, missing)
    if write_baseline:
        target = baseline or Path(DEFAULT_BASELINE)
        count = Baseline.write(target, results)
        click.echo(f"csrlint: 已把 {count} 条发现写入基线 / wrote {count} findings to {target}", err=True)
        sys.exit(EXIT_FAILURE if any(result.error for result in results) else EXIT_CLEAN)
    if known is not None:
        for result in results:
            result.baselined = known.apply(result)
    if sort_by:
        results = sort_results(results, sort_by)
    _emit(results, output_format, output, no_color=no_color, view=view)
    if summary_csv is not None:
        _write_summary_csv(results, summary_csv)
    if any(result.error for result in results):
        sys.exit(EXIT_FAILURE)
    failing = jobs_plan is not None and any(
        f.severity.rank >= SEVERITIES.index(jobs_plan.fail_on(result)) for result in results for f in result.findings
    )
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


def _flags(profile_id, year, select, ignore, rule_dirs, max_size, fail_on, previous, **limits):
    """The engine's Flags from the options ``check`` and ``annotate`` share (``--select a,b`` split)."""
    from .engine import Flags

    return Flags(
        profile_id=profile_id,
        year=year,
        select=tuple(_split(select)),
        ignore=tuple(_split(ignore)),
        rule_dirs=tuple(rule_dirs),
        max_size=max_size,
        fail_on=fail_on,
        previous=previous,
        **limits,
    )


def _split(values) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _existing(paths) -> tuple[list[Path], list[tuple[int, Path]]]:
    """Paths that exist, and (position, path) of those that do not: each of those is that
    file's error row, and the others are still checked."""
    import os

    present, missing = [], []
    for position, path in enumerate(paths):
        if os.path.exists(path):  # a dangling symlink is missing too
            present.append(path)
        else:
            missing.append((position, path))
    return present, missing


def _with_missing(results, missing):
    """The results with an error row for each path that does not exist, in command-line order."""
    from .engine import FileResult

    results = list(results)
    for position, path in missing:
        missing_file = FileResult(path=str(path), error="文件不存在 / no such file or directory")
        results.insert(min(position, len(results)), missing_file)
    return results


def _write_summary_csv(results, path: Path) -> None:
    from .files import open_output
    from .formatters.summary import write_csv

    try:
        with open_output(path, encoding="utf-8-sig", newline="") as stream:
            write_csv(results, stream)
    except OSError as error:
        fail(f"{path}: 无法写入 / cannot write: {error.strerror or error}")


def _emit(results, output_format, output, no_color: bool, view: str = "findings") -> None:
    from .files import open_output
    from .formatters import render, use_color

    if output_format is None:
        output_format = "rich" if output is None and sys.stdout.isatty() else "plain"
    if output is not None:
        try:
            with open_output(output, encoding="utf-8") as stream:
                render(output_format, results, stream, color=False, view=view)
        except OSError as error:
            fail(f"{output}: 无法写入 / cannot write: {error.strerror or error}")
        return
    # A plain report wraps only on a terminal; in a log each finding stays one line.
    width = None
    if output_format == "plain" and sys.stdout.isatty():
        from .formatters.terminal import output_width

        width = output_width(sys.stdout)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # never a UnicodeEncodeError on a strict locale
    render(output_format, results, sys.stdout, color=use_color(sys.stdout, no_color), width=width, view=view)


@main.command()
@click.argument("draft", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="批注副本（默认 草稿.csrlint.docx）/ the annotated copy [DRAFT.csrlint.docx].",
)
@click.option("--force", is_flag=True, help="覆盖已有的输出文件 / replace an existing output file.")
@_lint_options
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="不批注基线文件中已记录的发现 / skip findings recorded in FILE.",
)
@click.option("--max-size", type=click.IntRange(1), metavar="MB", help="单个文件大小上限 / largest file checked.")
@click.option(
    "--previous",
    type=click.Path(path_type=Path, exists=True),
    help="上年报告，用于比较 / last year's report (or a directory of them).",
)
def annotate(
    draft,
    output,
    force,
    profile_id,
    fail_on,
    rule_dirs,
    year,
    select,
    ignore,
    config_path,
    isolated,
    baseline,
    max_size,
    previous,
) -> None:
    """把发现写成 Word 批注，另存副本 / write the findings into a copy of a .docx as comments."""
    from .annotate import annotate_file
    from .document import InputError

    flags = _flags(profile_id, year, select, ignore, rule_dirs, max_size, fail_on, previous)
    try:
        done = annotate_file(draft, output, force, flags, config_path=config_path, isolated=isolated, baseline=baseline)
    except InputError as error:
        fail(str(error))
    if done is None:
        click.echo("csrlint: 没有要检查的文件（被 exclude 排除）/ the draft is excluded", err=True)
        sys.exit(EXIT_CLEAN)
    result, target, count, level = done
    _emit([result], "plain", None, no_color=True)
    click.echo(f"csrlint: 已写入 {target}（{count} 条批注）/ wrote {count} comments to {target}", err=True)
    failing = any(f.severity.rank >= SEVERITIES.index(level) for f in result.findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


@main.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听地址（默认只有本机可访问）/ address to listen on."
)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="端口 / port.")
@click.option(
    "--max-size",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    metavar="MB",
    help="单个上传文件大小上限 / largest upload.",
)
@click.option("--open", "open_browser", is_flag=True, help="在浏览器中打开页面 / open the page in a browser.")
def serve(host, port, max_size, open_browser) -> None:
    """在本机启动检查页面（需 csrlint[serve]）/ a local web page to check drafts."""
    from .serve import MissingExtra, run

    try:
        run(host, port, max_size, open_browser)
    except MissingExtra as error:
        fail(str(error))
    except OSError as error:
        fail(f"无法监听 {host}:{port} / cannot listen: {error.strerror or error}")


@main.command()
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False))
def profiles(rule_dirs) -> None:
    """列出可用的指南结构 / list the guideline profiles."""
    from .document import InputError
    from .profiles import bundled_rules_dir, load_profiles

    try:
        known = load_profiles(list(rule_dirs))
    except InputError as error:
        fail(str(error))
    bundled = bundled_rules_dir().resolve()
    for profile in known.values():
        basis = "指南原文" if profile.basis == "guideline" else "由报告推断"
        required = sum(1 for chapter, _ in profile.walk() if chapter.required)
        # A bundled profile's file is inside the installed package: not a place users look, so
        # it is named by what ``--rules`` would take to replace it; a user's own file by its path.
        where = (
            "csrlint 内置 / bundled"
            if profile.path and bundled in Path(profile.path).resolve().parents
            else profile.path
        )
        click.echo(f"{profile.id}\t{profile.title}")
        click.echo(f"\t来源 / source: {profile.source}（{basis}）")
        click.echo(f"\t{len(profile.chapters)} 个一级章节，{required} 个必备章节 · {where}")


@main.command(name="rules")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("plain", "markdown")),
    default="plain",
    help="plain：一行一条；markdown：规则参考文档（docs/rules.md）/ one line each, or the reference.",
)
def list_rules(rule_dirs, output_format) -> None:
    """列出所有规则 / list every rule with code, family, severity and message."""
    from .checks import catalogue
    from .document import InputError

    try:
        rules = catalogue(tuple(rule_dirs)).rules
    except InputError as error:
        fail(str(error))
    if output_format == "markdown":
        from .reference import markdown

        click.echo(markdown(rules), nl=False)
        return
    for rule in rules:
        click.echo(f"{rule.code}\t{rule.name}\t{rule.family}\t{rule.severity.value}\t{rule.summary}")


@main.command()
@click.argument("code")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False))
def explain(code, rule_dirs) -> None:
    """说明一条规则 / explain what a rule checks, why, with an example."""
    from .checks import catalogue
    from .document import InputError

    try:
        rule = catalogue(tuple(rule_dirs)).find(code)
    except InputError as error:
        fail(str(error))
    if rule is None:
        fail(f"未知规则 / unknown rule: {code}")
    click.echo(f"{rule.code} {rule.name}（{rule.family}，{rule.severity.value}）")
    click.echo(f"{rule.summary}\n")
    if rule.explanation:
        click.echo(rule.explanation)
    for title, texts in (("示例 / example", rule.examples), ("不报告 / not reported", rule.counterexamples)):
        for text in texts[:EXPLAINED_EXAMPLES]:
            click.echo(f"\n{title}:\n{text.strip()}")
    if len(rule.examples) + len(rule.counterexamples) > 2 * EXPLAINED_EXAMPLES:
        click.echo("\n（更多示例见 docs/rules.md / more examples in docs/rules.md）")
    if rule.options:
        click.echo(f"\n配置 / options: {', '.join(f'[tool.csrlint.{rule.family}] {key}' for key in rule.options)}")


if __name__ == "__main__":
    main()
