"""Answers computed from an immutable snapshot, kept per snapshot generation: a repeated request costs a lookup.

A published snapshot never changes (``store.generation()`` names it), so a catalogue page, a REST
list or detail, a CKAN search, a Linked-Data page or a named query's answer computed from it is
the answer for as long as the worker reads that snapshot. :class:`SnapshotCache` keeps such answers
per worker with their strong ETag (computed once, from the body), bounded in bytes, least recently
used first out; the first lookup under a newer generation drops everything older. Stores without a
generation (a remote store, which others may write) are never cached.

The key is the request's URL (scheme, host and query included: the bodies carry links built from
them) plus what negotiation chose, and, for POSTs, the parameters read from the body. A GET's answer is
also kept under its URL and raw ``Accept`` header, which decide it as well: :class:`CachedFront` answers
a repeated GET from there, ahead of FastAPI's routing and parameter parsing, which cost more than the lookup.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..store import GraphStore
from ._conditional import etag_of, matches
from ._runner import IN_FLIGHT, UnavailableError, run

#: Bytes counted per entry beyond its body (key, headers, bookkeeping).
OVERHEAD = 512
_SKIPPED = {"content-length", "etag"}


@dataclass(frozen=True, slots=True)
class Cached:
    """One answer: status 200, body, headers (content type included) and the body's ETag."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str

    @classmethod
    def of(cls, response: Response) -> Cached:
        body = bytes(response.body)
        headers = tuple((k, v) for k, v in response.headers.items() if k not in _SKIPPED)
        return cls(body, headers, response.headers.get("etag") or etag_of(body))

    def respond(self, request: Request) -> Response:
        """The answer, or an empty 304 with the same headers when ``If-None-Match`` names its ETag."""
        headers = {**dict(self.headers), "ETag": self.etag}
        if matches(request.headers.get("if-none-match"), self.etag):
            headers.pop("content-type", None)
            return Response(status_code=304, headers=headers)
        return Response(self.body, headers=headers)

    @property
    def size(self) -> int:
        return len(self.body) + OVERHEAD

    async def send(self, scope: Scope, send: Send) -> None:
        """Send the answer straight over ASGI (what :meth:`respond` gives, without a Response object)."""
        etag = self.etag.encode("latin-1")
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in self.headers]
        if matches(_header(scope, b"if-none-match"), self.etag):
            headers = [(k, v) for k, v in headers if k != b"content-type"] + [(b"etag", etag)]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers += [(b"etag", etag), (b"content-length", str(len(self.body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


class SnapshotCache:
    """Answers of one snapshot generation, at most ``limit`` bytes of them."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0
        self.generation: str | None = None
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._lock = threading.Lock()
        #: Answers being computed now, by key: a second request for one waits for it instead of computing again.
        self.flights: dict[Hashable, asyncio.Task] = {}

    def get(self, generation: str, key: Hashable) -> Cached | None:
        """The entry of ``key`` computed from snapshot ``generation``, if kept."""
        with self._lock:
            self._follow(generation)
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, generation: str, key: Hashable, entry: Cached) -> None:
        if entry.size > self.limit // 4:  # one huge answer must not push out everything else
            return
        with self._lock:
            self._follow(generation)
            old = self._entries.pop(key, None)
            self.used += entry.size - (old.size if old is not None else 0)
            self._entries[key] = entry
            while self.used > self.limit and self._entries:
                self.used -= self._entries.popitem(last=False)[1].size

    def __len__(self) -> int:
        return len(self._entries)

    def _follow(self, generation: str) -> None:
        if generation != self.generation:  # a newer snapshot: nothing computed from the older one stays
            self._entries.clear()
            self.used, self.generation = 0, generation


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def front_key(scope: Scope) -> tuple:
    """What decides a GET's answer: scheme, host, path, query string, the raw ``Accept`` and ``Accept-Language``
    headers (a fact sheet's language follows the latter)."""
    return (
        "front",
        scope["scheme"],
        _header(scope, b"host"),
        scope["root_path"] + scope["path"],
        scope["query_string"],
        _header(scope, b"accept"),
        _header(scope, b"accept-language"),
    )


class CachedFront:
    """ASGI: a GET whose answer the cache holds for the current snapshot is answered from it, before routing.

    Args:
        app: what answers everything else.
        cache: the app's snapshot cache; store: the app's store (its generation names the snapshot).
        skip: path prefixes never looked up (``/sparql``: its answers are not kept here).
    """

    def __init__(
        self, app: ASGIApp, *, cache: SnapshotCache, store: GraphStore, skip: tuple[str, ...] = ("/sparql",)
    ) -> None:
        self.app, self.cache, self.store, self.skip = app, cache, store, skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and self.cache.limit
            and not scope["path"].startswith(self.skip)
        ):
            generation = self.store.generation()
            hit = self.cache.get(generation, front_key(scope)) if generation is not None else None
            if hit is not None:
                await hit.send(scope, send)
                return
        await self.app(scope, receive, send)


async def cached(request: Request, build: Callable[[], Awaitable[Response]], *, key: Hashable = ()) -> Response:
    """The cached answer for this request (and ``key``: what negotiation chose, the body's parameters), or
    ``build()``'s, kept when it is a 200 computed from one unchanged snapshot.

    One computation per answer: requests that arrive while it runs wait for it, each at most the time
    limit. A request that gives up leaves it running (its result is kept), so the next one finds it
    done or joins it — a cold catalogue of 100,000 datasets is sorted once, however many ask.

    Raises:
        UnavailableError: the answer took longer than the time limit (``query-timeout``; it is still coming).
    """
    cache: SnapshotCache | None = getattr(request.app.state, "cache", None)
    store = request.app.state.store
    generation = store.generation() if cache is not None and cache.limit else None
    if cache is None or generation is None:
        return await build()
    full = (str(request.url), key)
    hit = cache.get(generation, full)
    if hit is None:
        outcome = await _flight(request, cache, (generation, full), build)
        if not isinstance(outcome, Cached):
            return _copy(outcome)
        hit = outcome
    if request.method in ("GET", "HEAD"):
        cache.put(generation, front_key(request.scope), hit)  # the same entry: only the key's bytes count twice
    return hit.respond(request)


async def _flight(
    request: Request, cache: SnapshotCache, key: tuple[str, Hashable], build: Callable[[], Awaitable[Response]]
) -> Cached | Response:
    """Wait, at most the time limit, for the one computation of ``key``, started now if none runs."""
    task = cache.flights.get(key)
    if task is None:
        context = contextvars.copy_context()
        context.run(IN_FLIGHT.set, True)  # its store work runs unlimited: the waiters below keep the time
        task = asyncio.get_running_loop().create_task(
            _compute(cache, key, request.app.state.store, build), context=context
        )
        cache.flights[key] = task
        task.add_done_callback(lambda t: _landed(cache, key, t))
    limit = request.app.state.queries.timeout
    try:
        return await asyncio.wait_for(asyncio.shield(task), limit)
    except TimeoutError:
        raise UnavailableError(
            "query-timeout", f"the answer took longer than {limit:g} s; it is still being computed, ask again shortly"
        ) from None


async def _compute(
    cache: SnapshotCache, key: tuple[str, Hashable], store: GraphStore, build: Callable[[], Awaitable[Response]]
) -> Cached | Response:
    response = await build()
    if response.status_code != 200:
        return response
    entry = Cached.of(response)
    if store.generation() == key[0]:
        cache.put(key[0], key[1], entry)
    return entry


def _landed(cache: SnapshotCache, key: Hashable, task: asyncio.Task) -> None:
    if cache.flights.get(key) is task:
        del cache.flights[key]
    if not task.cancelled():
        task.exception()  # retrieved here, so that no waiter left is no error


def _copy(response: Response) -> Response:
    """A response of its own for each waiting request (the headers keep their Content-Length)."""
    return Response(bytes(response.body), status_code=response.status_code, headers=dict(response.headers))


__all__ = ["Cached", "CachedFront", "SnapshotCache", "cached", "front_key", "respond_cached"]


async def respond_cached(request: Request, fn: Callable[..., Response], *args: object, key: Hashable = ()) -> Response:
    """The response ``fn(*args)`` builds on the runner, cached per snapshot.

    Raises:
        UnavailableError: busy or past the time limit (the app's one handler answers it 503).
    """

    async def build() -> Response:
        return await run(request, fn, *args)

    return await cached(request, build, key=key)
