"""The engine failures listed in ``docs/sparql-conformance.md``: the suites expect exactly those to fail.

The table under "Engine failures" is the one list: each row names a test (``folder/name``), the
backends it fails on, and the engine's answer. A listed test that passes (a fixed engine) fails
the suite (strict xfail), so the list cannot go stale unnoticed.
"""

from __future__ import annotations

import re
from functools import cache

from support.shared import ROOT

DOC = ROOT / "docs" / "sparql-conformance.md"
_ROW = re.compile(r"^\|\s*`(?P<test>[\w.-]+/[\w.-]+)`\s*\|(?P<backends>[^|]+)\|(?P<answer>[^|]+)\|")


@cache
def known_failures() -> dict[tuple[str, str], str]:
    """``(test id, backend)`` → why it fails, from the table of engine failures."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Engine failures", 1)[1].split("\n## ", 1)[0]
    known = {}
    for line in section.splitlines():
        match = _ROW.match(line)
        if match:
            reason = f"engine failure listed in docs/sparql-conformance.md: {match['answer'].strip()}"
            for backend in (b.strip() for b in match["backends"].split(",")):
                known[(match["test"], backend)] = reason
    return known
