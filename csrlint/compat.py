"""What csrlint needs from Python 3.11 that 3.10 lacks, in one place.

* ``tomllib`` (3.11) — on 3.10 the ``tomli`` package, which it was adopted from;
* possessive quantifiers (``\\s*+``, ``[万亿]++``) in ``re`` (3.11) — they keep the number and
  heading patterns linear on hostile input. On 3.10 a pattern that needs them is compiled by
  the ``regex`` module, which has them (and is a dependency anyway); every other pattern keeps
  using ``re``, faster to import and to run.
"""

from __future__ import annotations

import re
import sys

__all__ = ["compile_pattern"]  # and ``tomllib``, through __getattr__


def __getattr__(name: str):
    """``compat.tomllib``, imported when a TOML file is first read (most runs find none)."""
    if name != "tomllib":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised by .ci/run on the oldest Python
        import tomli as tomllib
    return tomllib


def compile_pattern(pattern: str, flags: int = 0):
    """``re.compile``; on 3.10, ``regex.compile`` for a pattern ``re`` cannot read there.
    An invalid pattern is an ``re.error`` either way."""
    try:
        return re.compile(pattern, flags)
    except re.error:
        if sys.version_info >= (3, 11):
            raise
        import regex

        try:
            return regex.compile(pattern, flags)
        except regex.error as error:
            raise re.error(str(error), pattern) from None
