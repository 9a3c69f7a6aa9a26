"""The seeds as the register's tests read them: by line, and cleaned of markup the way the register transcribes."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "harvesters" / "sources"
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@cache
def seed_lines(seed: str) -> tuple[str, ...]:
    """The lines of seed ``"000"`` … ``"004"``."""
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    return tuple(path.read_text(encoding="utf-8").splitlines())


def clean(text: str) -> str:
    """Seed text as read: link markup, bold markup and footnote markers out, whitespace collapsed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(rf"\^\{{[0-9,]+\}}|[{_SUPERSCRIPT}]+|\*\*", "", text)
    return re.sub(r"\s+", " ", text).strip()


@cache
def seed_text(seed: str) -> str:
    """The whole seed, cleaned, on one line."""
    return clean(" ".join(seed_lines(seed)))
