"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff.

Escaping follows the Actions toolkit (``@actions/core`` ``command.ts``): in the message
``%``, ``\\r`` and ``\\n`` are percent-encoded; in properties also ``:`` and ``,``.
"""

from __future__ import annotations

from ..findings import Severity
from . import root_relative
from .text import clean

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Percent-encoding as the toolkit does; other controls (ESC…) are shown escaped, like every output."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return clean(text)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties) -> str:
    given = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name} {given}::{escape_data(message)}" if given else f"::{name}::{escape_data(message)}"


def render(results, stream, color: bool = False, **_) -> None:
    for result in results:
        path = root_relative(result.path) or result.path
        if result.error:
            stream.write(command("error", result.error, file=path, title="csrlint: 无法检查") + "\n")
            continue
        for finding in result.findings:
            message = finding.message
            if finding.excerpt:
                message += f"\n「{finding.excerpt}」"
            if finding.suggestion:
                message += f"\n建议：{finding.suggestion}"
            stream.write(
                command(
                    COMMAND[finding.severity],
                    message,
                    file=path,
                    line=finding.line,
                    col=finding.column,
                    title=f"{finding.code} {finding.rule}",
                )
                + "\n"
            )
