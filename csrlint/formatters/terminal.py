"""``--format rich``: findings grouped by file and severity, then one summary table for the run."""

from __future__ import annotations

from pathlib import Path

from ..checks import families as check_families
from ..document import place_name
from ..findings import Severity
from . import facts_text, location

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(results, stream, color: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    width = None if stream.isatty() else 160  # a log or a file is not an 80-column terminal
    console = Console(file=stream, color_system="auto" if color else None, force_terminal=color,
                      no_color=not color, highlight=False, soft_wrap=True, width=width)
    for result in results:
        console.rule(Text(result.path, style="bold"))
        if result.error:
            console.print(Text(f"无法检查 / cannot check: {result.error}", style="bold red"))
            continue
        facts = facts_text(result.facts)
        console.print(f"指南结构 {result.profile}（{result.profile_title}）· 覆盖率 {result.coverage:.0%}{facts}")
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            group = [f for f in result.findings if f.severity is severity]
            if not group:
                continue
            console.print(Text(f"{severity.label} / {severity.value}（{len(group)}）", style=STYLE[severity]))
            for finding in group:
                line = Text("  ")
                line.append(finding.code, style=STYLE[severity])
                line.append(f" {location(result, finding)} ")
                line.append(finding.message)
                console.print(line)
                if finding.excerpt:
                    console.print(Text(f"      「{finding.excerpt}」", style="dim"))
                for place in finding.related:
                    where = place_name(place.line, result.location_unit) if place.line else ""
                    if place.path:
                        where = f"{Path(place.path).name} {where}"
                    console.print(Text(f"      ↔ {where}「{place.excerpt}」", style="dim"))
                if finding.suggestion:
                    console.print(Text(f"      建议：{finding.suggestion}", style="green"))
        if not result.findings:
            console.print(Text("未发现问题 / no findings", style="green"))
    console.print(_summary(results, Table, Text))


def _summary(results, Table, Text):
    from .summary import SEVERITY_ORDER, row

    table = Table(title="汇总 / summary", show_lines=False)
    table.add_column("文件 / file", overflow="fold")
    table.add_column("结构 / profile")
    table.add_column("覆盖率 / coverage", justify="right")
    for family in check_families():
        table.add_column(family, justify="right")
    for severity in SEVERITY_ORDER:
        table.add_column(severity, justify="right")
    table.add_column("最严重 / worst")
    for result in results:
        data = row(result)
        if result.error:
            table.add_row(result.path, "—", "—", *["—"] * (len(check_families()) + 3),
                          Text("无法检查 / unreadable", style="bold red"))
            continue
        worst = data["worst"]
        style = "green" if worst == "clean" else STYLE[Severity(worst)]
        table.add_row(result.path, result.profile, f"{result.coverage:.0%}",
                      *[str(data[family]) for family in check_families()],
                      *[str(data[s]) for s in SEVERITY_ORDER], Text(worst, style=style))
    return table
