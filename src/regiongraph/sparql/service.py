"""Answering SPARQL protocol requests: limits, negotiation, evaluation off the event loop.

Each query runs on a daemon thread with a time limit (:mod:`._executor`: a concurrency cap and a
bounded wait queue in front). Past the limit the client gets a clear answer at once; the thread
cannot be interrupted inside Oxigraph, so the caller's ``on_timeout`` hook retires the process
(the server replaces it) and the query dies with it. The same runner carries every other route's
store work (:meth:`QueryService.call`).

No query reaches the network unless federation is allowed, by two layers (:mod:`._guard`): the
lexical guard before evaluation, and then either confined query threads (:mod:`._sandbox`, the
embedded store) or Oxigraph's own parser on the respelled text (a remote store).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import pyoxigraph as ox

from ..errors import StoreError
from ..store import GraphStore, QueryOptions, QueryResult
from ._executor import DaemonPool, SaturatedError
from ._guard import Refusal, RefusedError, canonical, lexical_refusal, named, parse_refusal
from ._inline import Key, QuickQueries
from ._lexer import dataset_clause, volatile
from ._results import Cap, SliceOverError, write_solutions, write_triples
from ._sandbox import confine_thread, confined
from ._update import PreparedUpdate
from .formats import GRAPH_FORMATS, RESULT_FORMATS, Format, negotiate

T = TypeVar("T")
log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
PROBLEM_TYPES = "https://w3id.org/regiongraph/problems/"
#: Seconds a query picked by :class:`~._inline.QuickQueries` may hold a worker's event loop before it
#: moves to a query thread: long enough for a lookup (under a millisecond), short enough that nobody waits.
INLINE_SLICE = 0.02
TRUNCATED = "RegionGraph-Result-Truncated"
#: Longest text naming SERVICE or LOAD that is read for the guard (reading costs some microseconds a token).
MAX_GUARDED = 128 * 1024


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


def problem(
    status: int,
    kind: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    *,
    extra: dict[str, object] | None = None,
) -> Answer:
    """An RFC 9457 problem answer; ``extra`` holds extension members (the HTTP edge's ``limit``, say)."""
    body = {"type": PROBLEM_TYPES + kind, "title": title, "status": status, "detail": detail, **(extra or {})}
    return Answer(status, json.dumps(body, ensure_ascii=False).encode(), PROBLEM, headers or {})


class QueryService:
    """Evaluates public queries under the instance's limits.

    Args:
        store: where queries run.
        timeout: seconds a query may take.
        max_rows: rows (or triples) an answer holds at most; the cut is announced in headers.
        threads: queries evaluated at once; more wait in the queue, and beyond it get 503 with Retry-After.
        queue: requests that may wait for a thread (0: a busy service refuses at once).
        wait: seconds a request may wait for a thread.
        allow_federation: let SERVICE reach the network.
        guard: the lexical guard (first layer); off only to show that the second layer holds alone.
        confine: the query threads (and the update thread) cannot open network sockets (second layer,
            for a store in this process; see :mod:`._sandbox`). With it, the event loop evaluates queries
            itself only if it is confined too.
        on_timeout: called after a query overran (the server retires the process).
        inline_slice: seconds a query may run on the event loop before it moves to a query thread, for
            the queries :class:`~._inline.QuickQueries` picks; 0 sends every query to a thread. Only for a
            store in this process: a remote store's answer cannot be watched while it is on its way.
    """

    def __init__(
        self,
        store: GraphStore,
        *,
        timeout: float,
        max_rows: int,
        threads: int = 4,
        queue: int = 0,
        wait: float = 0.0,
        allow_federation: bool = False,
        on_timeout: Callable[[], None] | None = None,
        inline_slice: float = 0.0,
        guard: bool = True,
        confine: bool = False,
    ) -> None:
        self.store, self.timeout, self.max_rows = store, timeout, max_rows
        self.allow_federation, self.on_timeout, self.inline_slice = allow_federation, on_timeout, inline_slice
        self.guard, self.confine = guard, confine and not allow_federation
        start = confine_thread if self.confine else None
        self.pool = DaemonPool(threads, queue=queue, wait=wait, initializer=start)
        # Updates (admin only) take turns on one thread of their own, as long as they need.
        self.updates = DaemonPool(1, name="update", queue=16, wait=60.0, initializer=start)
        self.quick = QuickQueries()

    async def answer(self, request: QueryRequest) -> Answer:
        """Check, evaluate within the time limit, and serialise one query."""
        refused = self._refuse(request)
        if refused is not None:
            return refused
        key = None
        if self.inline_slice and (not self.confine or confined()):
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
        if (
            time.perf_counter() - started >= self.inline_slice / 2
            or self.quick.whole(key)
            or len(key[1]) > self.quick.longest
        ):
            return
        whole = answer.status == 200 and TRUNCATED not in answer.headers and not volatile(key[1])
        self.quick.quick(key, whole=whole)

    async def call(self, fn: Callable[..., T], *args: Any, retire: bool = True, limited: bool = True) -> T:
        """``fn(*args)`` on a query thread within the time limit: the runner every route's store work uses.

        Args:
            retire: past the limit, call ``on_timeout`` (the worker retires, and a runaway query with it).
                Off for the routes' own work: its inputs are bounded, so it ends; it finishes on its thread
                and what it computed (a snapshot's sorted catalogue, say) serves the next request.
            limited: off, the job has no time limit of its own (its callers keep one while they wait for it).

        Raises:
            SaturatedError: every query thread is busy and the queue is full, or the wait ran out.
            TimeoutError: past the limit.
        """
        job = self.pool.submit(fn, *args, timeout=self.timeout if limited else None)
        try:
            return await job.future
        except TimeoutError:
            if retire and self.on_timeout is not None:
                self.on_timeout()
            raise
        except asyncio.CancelledError:  # the client went away: a job still waiting need not run
            self.pool.withdraw(job)
            raise

    async def update(self, update: PreparedUpdate, write: Callable[[PreparedUpdate], None]) -> Answer | None:
        """Run an (authorised) update through both layers on the update thread; ``None`` when it was applied.

        Returns:
            a problem answer: refused (``SERVICE``/``LOAD``), malformed or failed, or the update thread busy.
        """
        refused = self._too_long(update.text, update=True)
        if refused is not None:
            return refused

        def checked() -> None:
            text = self._prepared(update.text, update=True)
            # A respelled text replaces the original unless pieces of the original (steps) are run instead.
            write(update if text == update.text or update.steps else replace(update, text=text))

        try:
            await self.updates.submit(checked).future
        except RefusedError as exc:
            return _refused(exc.refusal)
        except SaturatedError:
            return problem(
                503, "saturated", "Server busy", "another update is running; retry shortly", {"Retry-After": "5"}
            )
        except StoreError as exc:
            if isinstance(exc.__cause__, PermissionError):  # the confined thread refused a connection
                return _refused(Refusal("federation-disabled", "LOAD", "updates may not reach other servers"))
            return problem(400, "malformed-update", "Update failed", str(exc))
        return None

    async def _on_thread(self, request: QueryRequest, key: Key | None) -> Answer:
        started = time.perf_counter()
        try:
            answer = await self.call(self.evaluate, request)
        except SaturatedError as exc:
            return problem(503, "saturated", "Server busy", f"{exc}; retry shortly", {"Retry-After": "1"})
        except TimeoutError:
            # The process retires (on_timeout): the client's next request belongs on a new connection.
            return problem(
                503,
                "query-timeout",
                "Query timeout",
                f"the query ran longer than the limit of {self.timeout:g} s and was stopped",
                {"Connection": "close"} if self.on_timeout is not None else None,
            )
        if key is not None:
            self._learn(key, answer, started)
        return answer

    def _refuse(self, request: QueryRequest) -> Answer | None:
        if not request.query.strip():
            return problem(400, "missing-query", "Missing query", "pass a SPARQL query in the 'query' parameter")
        return self._too_long(request.query)

    def _too_long(self, text: str, *, update: bool = False) -> Answer | None:
        """On the event loop, only what costs nothing: a text naming SERVICE/LOAD too long to be read is refused."""
        if self.allow_federation or len(text) <= MAX_GUARDED or not named(text, update=update):
            return None
        return problem(
            400,
            "unreadable-query",
            "Query not accepted",
            f"a text that mentions SERVICE or LOAD may hold at most {MAX_GUARDED} characters here",
        )

    def _prepared(self, text: str, *, update: bool = False) -> str:
        """The text to hand to the store, once both layers let it pass (on the thread that evaluates it).

        Raises:
            RefusedError: the lexical guard, or for a remote store Oxigraph's parser on the respelled text,
                says the text would reach the network; or it cannot be made canonical.
        """
        if self.allow_federation:
            return text
        refusal = lexical_refusal(text, update=update) if self.guard else None
        if refusal is not None:
            raise RefusedError(refusal)
        if self.store.in_process:  # the second layer is the confined thread itself
            return text
        text = canonical(text)
        refusal = parse_refusal(text, update=update)
        if refusal is not None:
            raise RefusedError(refusal)
        return text

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
            text = self._prepared(request.query)
            result = self._run(request, text)
            cap = None if whole else Cap(self.max_rows, deadline=deadline)
            if isinstance(result, ox.QueryTriples):
                return self._graph(result, request, cap)
            return self._results(result, request, cap, text)
        except RefusedError as exc:
            return _refused(exc.refusal)
        except StoreError as exc:
            return problem(400, "malformed-query", "Malformed query", str(exc))
        except PermissionError:  # the confined thread refused a connection: the second layer held
            return _refused(Refusal("federation-disabled", "SERVICE", "this endpoint does not reach other servers"))
        except RuntimeError as exc:  # Oxigraph's evaluation errors about the query itself
            return problem(400, "query-failed", "Query failed", str(exc))
        except OSError as exc:
            log.error("query failed in the store: %s", exc)
            return problem(
                503, "store-error", "Query failed", "the store could not answer; retry shortly", {"Retry-After": "1"}
            )

    def _run(self, request: QueryRequest, text: str) -> QueryResult:
        return self.store.query(text, **_options(request, text))

    def _results(
        self, result: ox.QuerySolutions | ox.QueryBoolean, request: QueryRequest, cap: Cap | None, text: str
    ) -> Answer:
        chosen = negotiate(request.accept, request.fmt, RESULT_FORMATS)
        if chosen is None or chosen.results is None:  # every one of RESULT_FORMATS names its results format
            return _not_acceptable(RESULT_FORMATS)
        if isinstance(result, ox.QueryBoolean):
            return Answer(200, result.serialize(format=chosen.results) or b"", chosen.media_type, {"Vary": "Accept"})
        if cap is None:
            return Answer(200, result.serialize(format=chosen.results) or b"", chosen.media_type, self._cap_headers())
        body = write_solutions(
            result, chosen.results, cap, again=lambda: self.store.select(text, **_options(request, text))
        )
        return Answer(200, body, chosen.media_type, self._cap_headers(cap.truncated))

    def _graph(self, result: ox.QueryTriples, request: QueryRequest, cap: Cap | None) -> Answer:
        chosen = negotiate(request.accept, request.fmt, GRAPH_FORMATS)
        if chosen is None or chosen.rdf is None:  # every one of GRAPH_FORMATS names its RDF format
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


def dataset(request: QueryRequest, text: str | None = None) -> QueryOptions:
    """The store's dataset arguments for ``request``, as SPARQL 1.1 defines its dataset.

    A dataset in the protocol replaces the text's own, and is exactly what it lists: with only
    ``named-graph-uri`` the default graph is empty, with only ``default-graph-uri`` there are no
    named graphs (Protocol §2.1.4, as ``FROM`` / ``FROM NAMED`` in Query §13.2). Else the text's own
    (``FROM`` / ``FROM NAMED``) applies; with neither, the endpoint's default: the union of all graphs.
    """
    if request.default_graphs or request.named_graphs:
        return {"default_graphs": request.default_graphs, "named_graphs": request.named_graphs}
    return {"own_dataset": dataset_clause(request.query if text is None else text)}


def _options(request: QueryRequest, text: str) -> QueryOptions:
    """The store's arguments for evaluating ``text`` for ``request``: its dataset and base IRI."""
    return {"base_iri": request.base_iri, **dataset(request, text)}


def _refused(refusal: Refusal) -> Answer:
    if refusal.kind == "federation-disabled":
        return problem(400, refusal.kind, f"{refusal.keyword} is disabled", refusal.detail)
    return problem(400, refusal.kind, "Query not accepted", refusal.detail)


def _not_acceptable(choices: Sequence[Format]) -> Answer:
    offered = ", ".join(f.media_type for f in choices)
    return problem(406, "not-acceptable", "Not acceptable", f"this query's results are offered as: {offered}")


__all__ = ["INLINE_SLICE", "Answer", "QueryRequest", "QueryService", "problem"]
