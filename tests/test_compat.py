"""Python 3.10 support: patterns with possessive quantifiers and TOML, on every supported Python."""

from __future__ import annotations

import re

import pytest

from csrlint.compat import compile_pattern, tomllib


def test_a_possessive_pattern_compiles_and_does_not_give_back():
    pattern = compile_pattern(r"^\d\s*+(?!万)")
    assert pattern.match("5 元") and not pattern.match("5 万")  # `\s*` would back off and match "5"


def test_an_invalid_pattern_is_re_error_on_every_version():
    with pytest.raises(re.error):
        compile_pattern(r"(?:以来")


def test_toml_is_read():
    assert tomllib.loads("[tool.csrlint]\nyear = 2023\n") == {"tool": {"csrlint": {"year": 2023}}}
