"""``--format rich``: findings grouped by file and severity, then one summary table for the run.

Lines are wrapped here, not by the terminal: by Chinese line-breaking rules (no closing
punctuation at a line start, no number split from its unit) with a hanging indent under the
message. Everything that came from a file is a :class:`rich.text.Text` after :func:`clean`,
never markup, and no line can start a GitHub workflow command.
"""

from __future__ import annotations

import io
import os
import shutil

from ..checks import families as check_families
from ..checks import on_demand_families
from ..findings import Severity
from . import facts_text, location, place_location
from .summary import SEVERITY_ORDER, row, shorten_middle, statistics, totals, totals_text
from .text import clean, display_path, guard_line, wrap

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
#: Width used when the output is not a terminal (a log, a file): long enough not to wrap much.
LOG_WIDTH = 160
#: Short family headers, so that the summary fits 80 columns.
FAMILY_HEADERS = {"structure": "结构", "placeholder": "占位", "figure": "数字", "period": "时间", "carryover": "上年"}
SEVERITY_HEADERS = {"error": "错", "warning": "警", "info": "提"}
WORST = {"clean": "通过", "error": "错误", "warning": "警告", "info": "提示", "unreadable": "无法读取"}
#: Below this width the summary drops the profile column (each report's header shows it).
PROFILE_COLUMN_FROM = 100


def output_width(stream, width: int | None = None) -> int:
    """The terminal's width (80 included); ``COLUMNS`` or a log's width elsewhere."""
    if width:
        return width
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    isatty = getattr(stream, "isatty", lambda: False)
    return shutil.get_terminal_size((80, 24)).columns if isatty() else LOG_WIDTH


def render(results, stream, color: bool = False, width: int | None = None, view: str = "findings", **_) -> None:
    from rich.console import Console

    width = output_width(stream, width)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    if view == "findings":
        for result in results:
            _report(console, result, width)
    elif view == "statistics":
        _statistics(console, results)
    if view != "statistics":
        console.print(summary_table(results, width))
    _totals(console, results, width)
    stream.write(guard_line(buffer.getvalue()))


def _print_wrapped(console, prefix, text: str, width: int, style: str | None = None, indent: int | None = None) -> None:
    """``prefix`` then ``text`` wrapped under it (a hanging indent), each line printed as it is."""
    from rich.text import Text

    if not isinstance(prefix, Text):
        prefix = Text(prefix)
    used = prefix.cell_len
    indent = used if indent is None else indent
    if indent > width // 2:
        indent = 6
    lines = wrap(clean(text), width, first=used, indent=indent)
    first = prefix.copy()
    first.append(lines[0], style=style)
    console.print(first, crop=False)
    for line in lines[1:]:
        console.print(Text(" " * indent) + Text(line, style=style), crop=False)


def _report(console, result, width: int) -> None:
    from rich.text import Text

    console.rule(Text(display_path(result.path), style="bold"))
    if result.error:
        _print_wrapped(console, Text("无法检查 / cannot check: ", style="bold red"), result.error, width, "bold red", 2)
        return
    facts = facts_text(result.facts)
    header = f"指南结构 {result.profile}（{result.profile_title}）· 覆盖率 {result.coverage:.0%}{facts}"
    _print_wrapped(console, "", header, width, indent=2)
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        group = [f for f in result.findings if f.severity is severity]
        if not group:
            continue
        console.print(Text(f"{severity.label} / {severity.value}（{len(group)}）", style=STYLE[severity]))
        for finding in group:
            prefix = Text("  ")
            prefix.append(clean(finding.code), style=STYLE[severity])
            prefix.append(f" {location(result, finding)} ")
            _print_wrapped(console, prefix, finding.message, width)
            if finding.excerpt:
                _print_wrapped(console, "      ", f"「{finding.excerpt}」", width, "dim", indent=7)
            for place in finding.related:
                where = place_location(result, place)
                _print_wrapped(console, "      ↔ ", f"{where}「{place.excerpt}」", width, "dim")
            if finding.suggestion:
                _print_wrapped(console, Text("      建议：", style="green"), finding.suggestion, width, "green")
    if not result.findings:
        console.print(Text("未发现问题 / no findings", style="green"))


def summary_table(results, width: int):
    """One row per report and a totals row, fitting ``width`` (80 columns included)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    with_profile = width >= PROFILE_COLUMN_FROM
    summed = totals(results)
    families = [
        family for family in check_families() if family not in on_demand_families() or summed["families"].get(family)
    ]
    headers = [
        *(["指南"] if with_profile else []),
        "覆盖",
        *[FAMILY_HEADERS.get(f, f) for f in families],
        *[SEVERITY_HEADERS[s] for s in SEVERITY_ORDER],
        "结论",
    ]
    rows = []
    for result in results:
        data = row(result)
        if result.error:
            cells = [*(["—"] if with_profile else []), "—", *["—"] * (len(families) + 3)]
        else:
            cells = [
                *([clean(result.profile or "")] if with_profile else []),
                f"{result.coverage:.0%}",
                *[str(data[family]) for family in families],
                *[str(data[s]) for s in SEVERITY_ORDER],
            ]
        rows.append((result, data["worst"], cells))
    total_cells = [
        *([""] if with_profile else []),
        "",
        *[str(summed["families"][f]) for f in families],
        *[str(summed["severities"][s]) for s in SEVERITY_ORDER],
        "",
    ]
    from rich.cells import cell_len

    columns = list(zip(headers, *[[*cells, WORST[worst]] for _, worst, cells in rows], total_cells))
    fixed = sum(max(cell_len(cell) for cell in column) + 2 for column in columns)
    name_width = max(8, width - fixed - 2)
    table = Table(title="汇总 / summary", box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False, collapse_padding=True)
    table.add_column("报告", no_wrap=True, max_width=name_width)
    for header in headers:
        table.add_column(header, justify="right", no_wrap=True)
    for result, worst, cells in rows:
        style = (
            "bold red" if worst in ("error", "unreadable") else "green" if worst == "clean" else STYLE[Severity(worst)]
        )
        table.add_row(
            Text(shorten_middle(display_path(result.path), name_width)),
            *[Text(cell) for cell in cells],
            Text(WORST[worst], style=style),
        )
    table.add_section()
    table.add_row(Text(f"合计 {len(results)} 份"), *[Text(cell) for cell in total_cells])
    return table


def _totals(console, results, width: int) -> None:
    _print_wrapped(console, "", totals_text(results), width, indent=2)


def _statistics(console, results) -> None:
    """``--statistics``: how often each rule fired over the run, most frequent first."""
    from rich.text import Text

    counts = statistics(results)
    console.print(Text("规则统计 / statistics", style="bold"))
    if not counts:
        console.print(Text("未发现问题 / no findings", style="green"))
    for count, code, rule, severity in counts:
        line = Text(f"{count:>6}  ")
        line.append(clean(code), style=STYLE[Severity(severity)])
        line.append(f"  [{severity}] {clean(rule)}")
        console.print(line, crop=False)
