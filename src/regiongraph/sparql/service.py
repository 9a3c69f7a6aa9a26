"""Answering SPARQL protocol requests: limits, negotiation, evaluation off the event loop.

Each query runs on a daemon thread with a time limit. Past the limit the client gets a
clear answer at once; the thread cannot be interrupted inside Oxigraph, so the caller's
``on_timeout`` hook retires the process (the server replaces it) and the query dies with it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pyoxigraph as ox

from ..errors import StoreError
from ..store import GraphStore
from ._executor import DaemonPool, SaturatedError
from ._inline import Key, QuickQueries
from ._lexer import dataset_clause, uses_federation, volatile
from ._results import Cap, SliceOverError, write_solutions, write_triples
from .formats import GRAPH_FORMATS, RESULT_FORMATS, Format, negotiate

T = TypeVar("T")
PROBLEM = "application/problem+json"
PROBLEM_TYPES = "https://w3id.org/regiongraph/problems/"
#: Seconds a query picked by :class:`~._inline.QuickQueries` may hold a worker's event loop before it
#: moves to a query thread: long enough for a lookup (under a millisecond), short enough that nobody waits.
INLINE_SLICE = 0.02
TRUNCATED = "RegionGraph-Result-Truncated"


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """One SPARQL protocol query request, after HTTP parsing.

    ``default_graphs`` and ``named_graphs`` are the protocol's ``default-graph-uri`` and
    ``named-graph-uri``; ``base_iri`` is the endpoint's own IRI, for relative IRIs in the text.
    """

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str | None = None
    fmt: str | None = None
    base_iri: str | None = None


@dataclass(slots=True)
class Answer:
    """What to send back: status, body, media type and extra headers."""

    status: int
    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)


def problem(status: int, kind: str, title: str, detail: str, headers: dict[str, str] | None = None) -> Answer:
    """An RFC 9457 problem answer."""
    body = {"type": PROBLEM_TYPES + kind, "title": title, "status": status, "detail": detail}
    return Answer(status, json.dumps(body, ensure_ascii=False).encode(), PROBLEM, headers or {})


class QueryService:
    """Evaluates public queries under the instance's limits.

    Args:
        store: where queries run.
        timeout: seconds a query may take.
        max_rows: rows (or triples) an answer holds at most; the cut is announced in headers.
        threads: queries evaluated at once; more get 503 with Retry-After.
        allow_federation: let SERVICE reach the network.
        on_timeout: called after a query overran (the server retires the process).
        inline_slice: seconds a query may run on the event loop before it moves to a query thread, for
            the queries :class:`~._inline.QuickQueries` picks; 0 sends every query to a thread. Only for a
            store in this process: a remote store's answer cannot be watched while it is on its way.
    """

    def __init__(self, store: GraphStore, *, timeout: float, max_rows: int, threads: int = 4,
                 allow_federation: bool = False, on_timeout: Callable[[], None] | None = None,
                 inline_slice: float = 0.0) -> None:
        self.store, self.timeout, self.max_rows = store, timeout, max_rows
        self.allow_federation, self.on_timeout, self.inline_slice = allow_federation, on_timeout, inline_slice
        self.pool = DaemonPool(threads)
        self.quick = QuickQueries()

    async def answer(self, request: QueryRequest) -> Answer:
        """Check, evaluate within the time limit, and serialise one query."""
        refused = self._refuse(request)
        if refused is not None:
            return refused
        key = None
        if self.inline_slice:
            # Cost is remembered per generation: only the same content costs the same again.
            key = (self.store.generation(), request.query, request.default_graphs, request.named_graphs)
            if self.quick.inline(key):
                started = time.perf_counter()
                try:
                    answer = self.evaluate(request, deadline=started + self.inline_slice, whole=self.quick.whole(key))
                except SliceOverError:  # starts over on a thread, under the full time limit
                    self.quick.slow(key)
                else:
                    self._learn(key, answer, started)
                    return answer
        return await self._on_thread(request, key)

    def _learn(self, key: Key, answer: Answer, started: float) -> None:
        """Remember ``key`` as quick if it finished within half a slice, and whether its whole answer fitted.

        A text with ``RAND()``, ``NOW()`` and the like never counts as fitted: its next answer may be larger.
        """
        if time.perf_counter() - started >= self.inline_slice / 2 or self.quick.whole(key):
            return
        whole = answer.status == 200 and TRUNCATED not in answer.headers and not volatile(key[1])
        self.quick.quick(key, whole=whole)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on a query thread within the time limit (REST handlers share the threads).

        Raises:
            SaturatedError: every query thread is busy.
            TimeoutError: past the limit; ``on_timeout`` has been called.
        """
        future = self.pool.submit(fn, *args)
        # One timer per query instead of wait_for's extra task: this path carries every lookup.
        timer = asyncio.get_running_loop().call_later(self.timeout, _expire, future)
        try:
            return await future
        except TimeoutError:
            if self.on_timeout is not None:
                self.on_timeout()
            raise
        finally:
            timer.cancel()

    async def _on_thread(self, request: QueryRequest, key: Key | None) -> Answer:
        started = time.perf_counter()
        try:
            answer = await self.call(self.evaluate, request)
        except SaturatedError:
            return problem(503, "saturated", "Server busy", "all query slots are in use; retry shortly",
                           {"Retry-After": "1"})
        except TimeoutError:
            # The process retires (on_timeout): the client's next request belongs on a new connection.
            return problem(503, "query-timeout", "Query timeout",
                           f"the query ran longer than the limit of {self.timeout:g} s and was stopped",
                           {"Connection": "close"} if self.on_timeout is not None else None)
        if key is not None:
            self._learn(key, answer, started)
        return answer

    def _refuse(self, request: QueryRequest) -> Answer | None:
        if not request.query.strip():
            return problem(400, "missing-query", "Missing query", "pass a SPARQL query in the 'query' parameter")
        keyword = None if self.allow_federation else uses_federation(request.query)
        if keyword:
            return problem(400, "federation-disabled", f"{keyword} is disabled",
                           f"this endpoint does not follow {keyword} to other servers")
        return None

    def evaluate(self, request: QueryRequest, *, deadline: float | None = None, whole: bool = False) -> Answer:
        """Run the query and serialise it as negotiated (blocking: on a query thread, or on the loop within a slice).

        Args:
            deadline: a ``perf_counter`` value; past it, writing the answer stops.
            whole: the answer is known to fit under the row cap (the same text, on the same snapshot,
                fitted before): Oxigraph writes it whole, with neither cap nor deadline.

        Raises:
            SliceOverError: the answer was still being written at ``deadline``.
        """
        try:
            result = self._run(request)
            cap = None if whole else Cap(self.max_rows, deadline=deadline)
            if isinstance(result, ox.QueryTriples):
                return self._graph(result, request, cap)
            return self._results(result, request, cap)
        except StoreError as exc:
            return problem(400, "malformed-query", "Malformed query", str(exc))
        except OSError as exc:
            return problem(500, "store-error", "Query failed", str(exc))

    def _run(self, request: QueryRequest) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        return self.store.query(request.query, base_iri=request.base_iri, **dataset(request))

    def _results(self, result: ox.QuerySolutions | ox.QueryBoolean, request: QueryRequest, cap: Cap | None) -> Answer:
        chosen = negotiate(request.accept, request.fmt, RESULT_FORMATS)
        if chosen is None:
            return _not_acceptable(RESULT_FORMATS)
        if isinstance(result, ox.QueryBoolean):
            return Answer(200, result.serialize(format=chosen.results), chosen.media_type, {"Vary": "Accept"})
        if cap is None:
            return Answer(200, result.serialize(format=chosen.results), chosen.media_type, self._cap_headers())
        body = write_solutions(result, chosen.results, cap, again=lambda: self._run(request))
        return Answer(200, body, chosen.media_type, self._cap_headers(cap.truncated))

    def _graph(self, result: ox.QueryTriples, request: QueryRequest, cap: Cap | None) -> Answer:
        chosen = negotiate(request.accept, request.fmt, GRAPH_FORMATS)
        if chosen is None:
            return _not_acceptable(GRAPH_FORMATS)
        if cap is None:
            return Answer(200, result.serialize(format=chosen.rdf) or b"", chosen.media_type, self._cap_headers())
        body = write_triples(result, chosen.rdf, cap)
        return Answer(200, body, chosen.media_type, self._cap_headers(cap.truncated))

    def _cap_headers(self, truncated: bool = False) -> dict[str, str]:
        headers = {"Vary": "Accept", "RegionGraph-Result-Limit": str(self.max_rows)}
        if truncated:
            headers[TRUNCATED] = "true"
            headers["Warning"] = f'199 - "result cut at {self.max_rows} rows; use LIMIT/OFFSET to page"'
        return headers


def dataset(request: QueryRequest) -> dict[str, Any]:
    """The store's dataset arguments for ``request``, as SPARQL 1.1 defines its dataset.

    A dataset in the protocol replaces the text's own, and is exactly what it lists: with only
    ``named-graph-uri`` the default graph is empty, with only ``default-graph-uri`` there are no
    named graphs (Protocol §2.1.4, as ``FROM`` / ``FROM NAMED`` in Query §13.2). Else the text's own
    (``FROM`` / ``FROM NAMED``) applies; with neither, the endpoint's default: the union of all graphs.
    """
    if request.default_graphs or request.named_graphs:
        return {"default_graphs": request.default_graphs, "named_graphs": request.named_graphs}
    return {"own_dataset": dataset_clause(request.query)}


def _expire(future: asyncio.Future) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


def _not_acceptable(choices: Sequence[Format]) -> Answer:
    offered = ", ".join(f.media_type for f in choices)
    return problem(406, "not-acceptable", "Not acceptable", f"this query's results are offered as: {offered}")


__all__ = ["INLINE_SLICE", "Answer", "QueryRequest", "QueryService", "problem"]
