"""Over time: records started, ended and active per year, from their typed start and end.

Which years count as active is :func:`~._filters.active_span`'s rule (the state on the source's
date: an open record is active up to its source's year). Records the rule cannot place are
counted apart: no typed start (``undated``), ``planned``, ``not_realised``.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable

from ._read import Record

RULE = (
    "active from the typed start year to the typed end year; without an end, up to the year of the "
    "source's state (rg:stateAsOf); ended without a printed end: its start year only; planned and "
    "not-realised records are not active"
)


def timeline(records: Iterable[Record]) -> dict[str, object]:
    """Per year: ``started``, ``ended``, ``active``; and the records no year can be given to."""
    started: Counter[int] = Counter()
    ended: Counter[int] = Counter()
    active: Counter[int] = Counter()
    apart = {"undated": 0, "planned": 0, "not_realised": 0}
    for record in records:
        span = record.span
        if span is None:
            key = {"planned": "planned", "not-realised": "not_realised"}.get(record.status or "", "undated")
            apart[key] += 1
            continue
        started[span[0]] += 1
        if record.end is not None or record.status == "ended":
            ended[span[1]] += 1
        for year in range(span[0], span[1] + 1):
            active[year] += 1
    years = sorted(set(started) | set(active) | set(ended))
    rows = [
        {"year": y, "started": started[y], "ended": ended[y], "active": active[y]}
        for y in (range(years[0], years[-1] + 1) if years else ())
    ]
    return {"years": rows, **apart, "rule": RULE}


def timeline_csv(body: dict[str, object]) -> bytes:
    """The per-year rows of :func:`timeline` as CSV (``year,started,ended,active``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, ["year", "started", "ended", "active"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(body["years"])  # type: ignore[arg-type]
    return out.getvalue().encode()
