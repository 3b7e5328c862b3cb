"""Patterns from a user's rule file, run under a timeout that grows with the text.

csrlint's own patterns are held linear by the test suite; a pattern somebody else wrote (a
``--rules`` directory, a rules path in a submitted config) may backtrack catastrophically.
Such a pattern is compiled with the ``regex`` module and every search stops after its
timeout with an error naming the rule file, instead of hanging the run.
"""

from __future__ import annotations

from .document import InputError

#: Seconds a pattern may spend on a text of up to ``TIMEOUT_CHARS`` characters.
TIMEOUT = 2.0
#: A longer text gets proportionally longer (a linear pattern on a 45 MB report is slow, not stuck).
TIMEOUT_CHARS = 1_000_000


def timeout_for(text: str, seconds: float = TIMEOUT) -> float:
    """``seconds`` for a text up to a million characters, proportionally more beyond."""
    return seconds * max(1.0, len(text) / TIMEOUT_CHARS)


class TimedPattern:
    """The subset of ``re.Pattern`` the checks use, each call under :func:`timeout_for`."""

    def __init__(self, pattern: str, source: str, flags: int = 0):
        import regex

        try:
            self._compiled = regex.compile(pattern, flags)
        except (regex.error, ValueError) as error:
            raise InputError(source, f"正则表达式无效 / invalid pattern {pattern!r}: {error}") from None
        self.pattern = pattern
        self.source = source

    def _timed_out(self) -> InputError:
        return InputError(self.source, f"模式 {self.pattern[:60]!r} 超时，可能存在灾难性回溯 / pattern timed out")

    def _call(self, method: str, *args):
        try:
            return getattr(self._compiled, method)(*args, timeout=timeout_for(args[-1] if method == "sub" else args[0]))
        except TimeoutError:
            raise self._timed_out() from None

    def search(self, string: str, *args):
        return self._call("search", string, *args)

    def match(self, string: str, *args):
        return self._call("match", string, *args)

    def fullmatch(self, string: str, *args):
        return self._call("fullmatch", string, *args)

    def sub(self, replacement, string: str):
        return self._call("sub", replacement, string)

    def finditer(self, string: str, *args):
        iterator = self._call("finditer", string, *args)
        while True:
            try:
                yield next(iterator)
            except StopIteration:
                return
            except TimeoutError:
                raise self._timed_out() from None
