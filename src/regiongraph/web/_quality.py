"""``/quality`` and ``/quality/<source>``: the portal admin's view of the metadata quality of each source.

The numbers are :func:`regiongraph.quality.source_quality`'s — the same as ``regiongraph report`` —
kept per snapshot; the page adds the distribution of the records' scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import UnknownSourceError
from ..quality import DIMENSIONS, MAX_POINTS, SourceQuality, source_quality
from ._sources import sources
from ._state import WebState

BIN = 25  # points per bar of the distribution
TOTAL = sum(MAX_POINTS.values())


@dataclass
class Overview:
    name: str
    records: dict[str, int]
    quality: SourceQuality | None


def report(web: WebState, source: str, top: int = 50) -> SourceQuality:
    """The quality of ``source`` (an :class:`UnknownSourceError` if it has no records)."""
    return web.kept(("quality", source, top), lambda: source_quality(web.store, web.rest.minter, source, top=top))


def overview(web: WebState) -> list[Overview]:
    out = []
    for src in web.kept("sources", lambda: sources(web.store)):
        if not src.records:
            continue
        try:
            quality = report(web, src.name)
        except UnknownSourceError:
            quality = None
        out.append(Overview(src.name, src.records, quality if quality and quality.records else None))
    return out


def distribution(quality: SourceQuality) -> list[dict[str, Any]]:
    """How many published records score in each band of :data:`BIN` points."""
    bands = [0] * (TOTAL // BIN + 1)
    for values in quality.records.values():
        bands[min(int(values.get("score", 0.0)) // BIN, len(bands) - 1)] += 1
    most = max(bands) or 1
    return [
        {"low": i * BIN, "high": min((i + 1) * BIN - 1, TOTAL), "count": n, "share": n / most}
        for i, n in enumerate(bands)
    ]


def dimensions(quality: SourceQuality) -> list[dict[str, Any]]:
    return [
        {
            "name": d,
            "score": quality.dimensions.get(d, 0.0),
            "max": MAX_POINTS[d],
            "share": quality.dimensions.get(d, 0.0) / MAX_POINTS[d],
        }
        for d in DIMENSIONS
    ]
