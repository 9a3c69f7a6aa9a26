"""Answers serialised inside Oxigraph, cut at the row cap.

The public endpoint must stop at a row cap and say so, but writing rows in Python costs
more than evaluating a lookup. So Oxigraph writes a line-per-row format (TSV for result
sets, N-Triples for graphs) into a sink that counts lines and stops at the cap; when
another format was negotiated, Oxigraph converts the kept lines. No Python runs per row.

SPARQL JSON and XML results, the formats clients ask for most, skip that conversion (a third
of a lookup's time): their rows can be counted in the written bytes with a few C-level
``bytes`` calls, so Oxigraph writes them directly, and only an answer past the cap is
evaluated again and cut on the TSV path.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

_TSV = ox.QueryResultsFormat.TSV
_NT = ox.RdfFormat.N_TRIPLES
#: Bytes written before the rows of a directly written answer are first counted; then at each doubling.
FIRST_COUNT = 1 << 18


class _FullError(Exception):
    """The sink holds as many rows as the cap allows: stop the serialiser."""


class SliceOverError(Exception):
    """The answer was still being written when its time slice ended (see :attr:`Cap.deadline`)."""


class _Sink:
    """What the binary writers given to Oxigraph's ``serialize`` share: kept parts, and a deadline."""

    deadline: float | None
    _parts: list[bytes]

    def _in_time(self) -> None:
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise SliceOverError

    def flush(self) -> None:
        """Part of the binary-writer protocol Oxigraph calls."""

    def data(self) -> bytes:
        """All that was kept, as one ``bytes`` (joined once, then kept joined)."""
        joined = b"".join(self._parts)
        self._parts = [joined]
        return joined


@dataclass
class Cap(_Sink):
    """How many rows (or triples) may be written, and whether more were there.

    Args:
        limit: the row cap.
        header: lines before the first row (1 for TSV's variable line, 0 for N-Triples).
        deadline: a ``time.perf_counter()`` value; a write after it raises :class:`SliceOverError`,
            so that a query evaluated on the event loop cannot hold it for long.
    """

    limit: int
    header: int = 0
    deadline: float | None = None
    truncated: bool = False
    _parts: list[bytes] = field(default_factory=list)
    _lines: int = 0

    def write(self, chunk: bytes) -> int:
        """Keep ``chunk`` up to the line that ends the ``limit``-th row; past it, stop the writer."""
        self._in_time()
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


def _fill(cap: Cap, answer: ox.QuerySolutions | ox.QueryTriples) -> bytes:
    """``answer`` in its line-per-row format (TSV rows, N-Triples), cut at the cap."""
    # The stub wants IO[bytes]; Oxigraph calls write() and flush() only, which every sink has.
    with contextlib.suppress(_FullError):
        if isinstance(answer, ox.QueryTriples):
            answer.serialize(cap, format=_NT)  # type: ignore[arg-type]
        else:
            answer.serialize(cap, format=_TSV)  # type: ignore[arg-type]
    return cap.data()


def json_rows(data: bytes) -> int:
    """Rows in (a prefix of) Oxigraph's compact SPARQL JSON results.

    Escapes are dropped first, so every quote left delimits a string; outside strings, ``},{``
    only ever separates two rows of ``bindings`` and ``[{`` only opens the first row.
    """
    plain = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = b"".join(plain.split(b'"')[::2])
    return structure.count(b"},{") + (b"[{" in structure)


def _json_rows_at_most(data: bytes) -> int:
    """An upper bound of :func:`json_rows` in one C call: strings may hold ``},{`` too, never fewer."""
    return data.count(b"},{") + 1


def xml_rows(data: bytes) -> int:
    """Rows in (a prefix of) SPARQL XML results: ``<`` is always escaped in text and attributes."""
    return data.count(b"<result>")


Counter = Callable[[bytes], int]
#: Formats whose rows can be counted in their bytes: (cheap upper bound, exact count).
_COUNTERS: dict[ox.QueryResultsFormat, tuple[Counter, Counter]] = {
    ox.QueryResultsFormat.JSON: (_json_rows_at_most, json_rows),
    ox.QueryResultsFormat.XML: (xml_rows, xml_rows),
}


class _Counted(_Sink):
    """A sink for a format of :data:`_COUNTERS`: raises :class:`_FullError` once past ``limit`` rows.

    Counting runs at doubling sizes, so it costs a bounded multiple of the answer's length.
    """

    def __init__(self, limit: int, fmt: ox.QueryResultsFormat, deadline: float | None = None) -> None:
        self.limit, self.deadline, (self._at_most, self._exact) = limit, deadline, _COUNTERS[fmt]
        self._parts: list[bytes] = []
        self._size, self._next = 0, FIRST_COUNT

    def write(self, chunk: bytes) -> int:
        self._in_time()
        self._parts.append(bytes(chunk))
        self._size += len(chunk)
        if self._size >= self._next:
            self._next *= 2
            if self.over(self.data()):
                raise _FullError
        return len(chunk)

    def over(self, data: bytes) -> bool:
        """Whether ``data`` holds more than ``limit`` rows; the exact count runs only when the bound is not enough."""
        return self._at_most(data) > self.limit and self._exact(data) > self.limit


def _direct(solutions: ox.QuerySolutions, fmt: ox.QueryResultsFormat, cap: Cap) -> bytes | None:
    """The whole answer written by Oxigraph in ``fmt``, or ``None`` when it holds more than ``cap.limit`` rows."""
    sink = _Counted(cap.limit, fmt, cap.deadline)
    try:
        solutions.serialize(sink, format=fmt)  # type: ignore[arg-type]  # a sink, not IO[bytes]: see _fill
    except _FullError:
        return None
    body = sink.data()
    return None if sink.over(body) else body


def write_solutions(
    solutions: ox.QuerySolutions,
    fmt: ox.QueryResultsFormat,
    cap: Cap,
    again: Callable[[], ox.QuerySolutions] | None = None,
) -> bytes:
    """A SELECT result in ``fmt``, at most ``cap.limit`` rows (``cap.truncated`` says if more were there).

    Args:
        again: evaluates the same query anew; given, JSON and XML answers are written in one pass
            when they fit under the cap (past it, the query runs again and is cut on the TSV path).
    """
    if again is not None and fmt in _COUNTERS:
        body = _direct(solutions, fmt, cap)
        if body is not None:
            return body
        solutions = again()
    cap.header = 1
    tsv = _fill(cap, solutions)
    if fmt == _TSV:
        return tsv
    return ox.parse_query_results(tsv, format=_TSV).serialize(format=fmt) or b""  # no output given: bytes


def write_triples(triples: ox.QueryTriples, fmt: ox.RdfFormat, cap: Cap) -> bytes:
    """A CONSTRUCT/DESCRIBE result in ``fmt``, at most ``cap.limit`` triples."""
    cap.header = 0
    lines = _fill(cap, triples)
    if fmt == _NT:
        return lines
    # Oxigraph parses and writes in one pass; the default-graph quads it parses are the triples.
    return ox.serialize(ox.parse(lines, format=_NT), format=fmt) or b""
