"""Answers computed from an immutable snapshot, kept per snapshot generation: a repeated request costs a lookup.

A published snapshot never changes (``store.generation()`` names it), so a catalogue page, a REST
list or detail, a CKAN search, a Linked-Data page or a named query's answer computed from it is
the answer for as long as the worker reads that snapshot. :class:`SnapshotCache` keeps such answers
per worker with their strong ETag (computed once, from the body), bounded in bytes, least recently
used first out; the first lookup under a newer generation drops everything older. Stores without a
generation (a remote store, which others may write) are never cached.

The key is the request's URL (scheme, host and query included: the bodies carry links built from
them) plus what negotiation chose, and, for POSTs, the parameters read from the body.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response

from ._conditional import etag_of, matches

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


class SnapshotCache:
    """Answers of one snapshot generation, at most ``limit`` bytes of them."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0
        self.generation: str | None = None
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, generation: str, key: Hashable) -> Cached | None:
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


async def cached(request: Request, build: Callable[[], Awaitable[Response]], *, key: Hashable = ()) -> Response:
    """The cached answer for this request (and ``key``: what negotiation chose, the body's parameters), or
    ``build()``'s, kept when it is a 200 computed from one unchanged snapshot.
    """
    cache: SnapshotCache | None = getattr(request.app.state, "cache", None)
    store = request.app.state.store
    generation = store.generation() if cache is not None and cache.limit else None
    if generation is None:
        return await build()
    full = (str(request.url), key)
    hit = cache.get(generation, full)
    if hit is not None:
        return hit.respond(request)
    response = await build()
    if response.status_code != 200 or store.generation() != generation:
        return response
    entry = Cached.of(response)
    cache.put(generation, full, entry)
    return entry.respond(request)


__all__ = ["Cached", "SnapshotCache", "cached"]
