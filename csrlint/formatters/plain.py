"""``--format plain``: ``path:line:col: CODE [severity] message``, one per line, for logs and editors.

Positions are 1-based: a whole-file finding (no line) points at ``1:1``. On a terminal
(``width`` given) a long message wraps with a hanging indent under the message; in a log or
a file each finding stays on one line, for editors and ``grep``.
"""

from __future__ import annotations

from .text import clean, display_path, guard_line, wrap


def render(results, stream, color: bool = False, width: int | None = None, view: str = "findings", **_) -> None:
    if view != "findings":
        from .terminal import render as render_terminal

        render_terminal(results, stream, color=False, width=width, view=view)
        return
    lines = []
    for result in results:
        path = display_path(result.path)
        if result.error:
            lines.append(_wrapped(f"{path}:1:1: ERROR ", result.error, width))
            continue
        for finding in result.findings:
            column = finding.column or 1 if finding.line else 1
            prefix = f"{path}:{finding.line or 1}:{column}: {clean(finding.code)} [{finding.severity.value}] "
            lines.append(_wrapped(prefix, finding.message, width))
    stream.write("".join(guard_line(line) + "\n" for line in lines))


def _wrapped(prefix: str, message: str, width: int | None) -> str:
    message = clean(message)
    if not width:
        return prefix + message
    from rich.cells import cell_len

    used = cell_len(prefix)
    indent = used if used <= width // 2 else 4
    lines = wrap(message, width, first=used, indent=indent)
    return "\n".join([prefix + lines[0], *(" " * indent + line for line in lines[1:])])
