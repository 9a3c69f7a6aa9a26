"""Answers serialised inside Oxigraph, cut at the row cap.

The public endpoint must stop at a row cap and say so, but writing rows in Python costs
more than evaluating a lookup. So Oxigraph writes a line-per-row format (TSV for result
sets, N-Triples for graphs) into a sink that counts lines and stops at the cap; when
another format was negotiated, Oxigraph converts the kept lines. No Python runs per row.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import pyoxigraph as ox

_TSV = ox.QueryResultsFormat.TSV
_NT = ox.RdfFormat.N_TRIPLES


class _FullError(Exception):
    """The sink holds as many rows as the cap allows: stop the serialiser."""


@dataclass
class Cap:
    """How many rows (or triples) may be written, and whether more were there.

    Args:
        limit: the row cap.
        header: lines before the first row (1 for TSV's variable line, 0 for N-Triples).
    """

    limit: int
    header: int = 0
    truncated: bool = False
    rows: int = 0
    _parts: list[bytes] = field(default_factory=list)
    _lines: int = 0

    def write(self, chunk: bytes) -> int:
        """Keep ``chunk`` up to the line that ends the ``limit``-th row; past it, stop the writer."""
        chunk = bytes(chunk)
        wanted = self.header + self.limit - self._lines
        found = chunk.count(b"\n")
        if found <= wanted:
            self._parts.append(chunk)
            self._lines += found
            return len(chunk)
        end = -1
        for _ in range(wanted):
            end = chunk.index(b"\n", end + 1)
        self._parts.append(chunk[: end + 1])
        self._lines += wanted
        self.truncated = True
        raise _FullError

    def flush(self) -> None:
        """Part of the binary-writer protocol Oxigraph calls."""

    def data(self) -> bytes:
        self.rows = max(0, self._lines - self.header)
        return b"".join(self._parts)


def _fill(cap: Cap, answer: ox.QuerySolutions | ox.QueryTriples, fmt: ox.QueryResultsFormat | ox.RdfFormat) -> bytes:
    with contextlib.suppress(_FullError):
        answer.serialize(cap, format=fmt)
    return cap.data()


def write_solutions(solutions: ox.QuerySolutions, fmt: ox.QueryResultsFormat, cap: Cap) -> bytes:
    """A SELECT result in ``fmt``, at most ``cap.limit`` rows (``cap.truncated`` says if more were there)."""
    cap.header = 1
    tsv = _fill(cap, solutions, _TSV)
    if fmt == _TSV:
        return tsv
    return ox.parse_query_results(tsv, format=_TSV).serialize(format=fmt)


def write_triples(triples: ox.QueryTriples, fmt: ox.RdfFormat, cap: Cap) -> bytes:
    """A CONSTRUCT/DESCRIBE result in ``fmt``, at most ``cap.limit`` triples."""
    cap.header = 0
    lines = _fill(cap, triples, _NT)
    if fmt == _NT:
        return lines
    # Oxigraph parses and writes in one pass; the default-graph quads it parses are the triples.
    return ox.serialize(ox.parse(lines, format=_NT), format=fmt) or b""
