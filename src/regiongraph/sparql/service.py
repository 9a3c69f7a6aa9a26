"""Answering SPARQL protocol requests: limits, negotiation, evaluation off the event loop.

Each query runs on a daemon thread with a time limit. Past the limit the client gets a
clear answer at once; the thread cannot be interrupted inside Oxigraph, so the caller's
``on_timeout`` hook retires the process (the server replaces it) and the query dies with it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import StoreError
from ..store import GraphStore
from ._executor import DaemonPool, SaturatedError
from ._lexer import uses_federation
from ._results import Cap, write_solutions, write_triples
from .formats import GRAPH_FORMATS, RESULT_FORMATS, Format, negotiate

PROBLEM = "application/problem+json"
PROBLEM_TYPES = "https://w3id.org/regiongraph/problems/"


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """One SPARQL protocol query request, after HTTP parsing."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str | None = None
    fmt: str | None = None


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
    """

    def __init__(self, store: GraphStore, *, timeout: float, max_rows: int, threads: int = 4,
                 allow_federation: bool = False, on_timeout: Callable[[], None] | None = None) -> None:
        self.store, self.timeout, self.max_rows = store, timeout, max_rows
        self.allow_federation, self.on_timeout = allow_federation, on_timeout
        self.pool = DaemonPool(threads)

    async def answer(self, request: QueryRequest) -> Answer:
        """Check, evaluate within the time limit, and serialise one query."""
        refused = self._refuse(request)
        if refused is not None:
            return refused
        try:
            future = self.pool.submit(self.evaluate, request)
        except SaturatedError:
            return problem(503, "saturated", "Server busy", "all query slots are in use; retry shortly",
                           {"Retry-After": "1"})
        # One timer per query instead of wait_for's extra task: this path carries every lookup.
        timer = asyncio.get_running_loop().call_later(self.timeout, _expire, future)
        try:
            return await future
        except TimeoutError:
            if self.on_timeout is not None:
                self.on_timeout()
            return problem(503, "query-timeout", "Query timeout",
                           f"the query ran longer than the limit of {self.timeout:g} s and was stopped")
        finally:
            timer.cancel()

    def _refuse(self, request: QueryRequest) -> Answer | None:
        if not request.query.strip():
            return problem(400, "missing-query", "Missing query", "pass a SPARQL query in the 'query' parameter")
        keyword = None if self.allow_federation else uses_federation(request.query)
        if keyword:
            return problem(400, "federation-disabled", f"{keyword} is disabled",
                           f"this endpoint does not follow {keyword} to other servers")
        return None

    def evaluate(self, request: QueryRequest) -> Answer:
        """Run the query and serialise it as negotiated (blocking; runs on a pool thread)."""
        try:
            result = self.store.query(request.query, default_graphs=request.default_graphs or None,
                                      named_graphs=request.named_graphs or None)
            if isinstance(result, ox.QueryTriples):
                return self._graph(result, request)
            return self._results(result, request)
        except StoreError as exc:
            return problem(400, "malformed-query", "Malformed query", str(exc))
        except OSError as exc:
            return problem(500, "store-error", "Query failed", str(exc))

    def _results(self, result: ox.QuerySolutions | ox.QueryBoolean, request: QueryRequest) -> Answer:
        chosen = negotiate(request.accept, request.fmt, RESULT_FORMATS)
        if chosen is None:
            return _not_acceptable(RESULT_FORMATS)
        if isinstance(result, ox.QueryBoolean):
            return Answer(200, result.serialize(format=chosen.results), chosen.media_type, {"Vary": "Accept"})
        cap = Cap(self.max_rows)
        body = write_solutions(result, chosen.results, cap)
        return Answer(200, body, chosen.media_type, _cap_headers(cap))

    def _graph(self, result: ox.QueryTriples, request: QueryRequest) -> Answer:
        chosen = negotiate(request.accept, request.fmt, GRAPH_FORMATS)
        if chosen is None:
            return _not_acceptable(GRAPH_FORMATS)
        cap = Cap(self.max_rows)
        body = write_triples(result, chosen.rdf, cap)
        return Answer(200, body, chosen.media_type, _cap_headers(cap))


def _expire(future: asyncio.Future) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


def _cap_headers(cap: Cap) -> dict[str, str]:
    headers = {"Vary": "Accept", "RegionGraph-Result-Limit": str(cap.limit)}
    if cap.truncated:
        headers["RegionGraph-Result-Truncated"] = "true"
        headers["Warning"] = f'199 - "result cut at {cap.limit} rows; use LIMIT/OFFSET to page"'
    return headers


def _not_acceptable(choices: Sequence[Format]) -> Answer:
    offered = ", ".join(f.media_type for f in choices)
    return problem(406, "not-acceptable", "Not acceptable", f"this query's results are offered as: {offered}")


__all__ = ["Answer", "QueryRequest", "QueryService", "problem"]
