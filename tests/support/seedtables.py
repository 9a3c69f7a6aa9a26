"""An independent reading of the two cooperation tables of seed 003, straight from the text.

Written apart from the register and its loader, so tests can hold the register to the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEED_003 = Path(__file__).resolve().parents[2] / "harvesters" / "sources" / "003_ad825ee6a0a35707.txt"


@dataclass(frozen=True)
class RowA:
    number: int
    org_unit: str
    task: str
    start: str


@dataclass(frozen=True)
class RowB:
    number: int
    task: str
    partners: str
    performer: str
    legal_form: str
    since: str


@cache
def _rows() -> list[list[str]]:
    text = SEED_003.read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if re.match(r"^\d+\t", line)]


def table_a() -> list[RowA]:
    """Nr. 1–48: agreements of Kreis Unna (columns Nr., Org., Aufgabenbereich, Beginn)."""
    return [RowA(int(r[0]), r[1].strip(), r[2].strip(), r[3].strip()) for r in _rows() if len(r) == 4]


def table_b() -> list[RowB]:
    """Nr. 1–55: cooperations of the towns (Nr., Aufgabenbereich, Partner, durch, Rechtsform, seit)."""
    return [RowB(int(r[0]), *(c.strip() for c in r[1:])) for r in _rows() if len(r) == 6]
