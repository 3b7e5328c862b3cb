"""What csrlint needs from Python 3.11 that 3.10 lacks, in one place.

* ``tomllib`` (3.11) — on 3.10 the ``tomli`` package, which it was adopted from;
* possessive quantifiers (``\\s*+``, ``[万亿]++``) in ``re`` (3.11) — they keep the number and
  heading patterns linear on hostile input. On 3.10 those patterns are compiled by the
  ``regex`` module, which has them (and is a dependency anyway). Patterns without them keep
  using ``re``: it is faster to import and to run.
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import re as possessive_re
    import tomllib
else:  # pragma: no cover - exercised by .ci/run on the oldest Python
    import regex as possessive_re
    import tomli as tomllib

__all__ = ["possessive_re", "tomllib"]
