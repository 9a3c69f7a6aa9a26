"""Whole page answers kept per snapshot and sent before routing, as the API's front sends its kept answers.

A kept page still cost routing, parameter parsing and a request object (as much again as the
lookup); :class:`PageFront` answers a repeated GET of a page from :class:`Answers` ahead of all that.
What decides a page is in its key: the URL (host and query included: pages carry links built from
them) and the headers a page reads — ``Accept``, ``Accept-Language`` (its language unless ``lang=``
says) and ``HX-Request`` (htmx asks for a fragment).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..store import GraphStore

#: Bytes of bodies kept at most; a page larger than an eighth of it is not kept whole (its frame still is).
LIMIT = 32 << 20
_READ = (b"host", b"accept", b"accept-language", b"hx-request")
#: Where no page is ever kept (the SPARQL endpoint, REST and the CKAN API): not looked up, the hot paths pay nothing.
_NO_PAGES = ("/sparql", "/api/")


def answer_key(scope: Scope) -> tuple:
    """What decides a page's answer: scheme, host, path, query and the headers pages read."""
    headers = dict.fromkeys(_READ)
    for name, value in scope["headers"]:
        if name in headers:
            headers[name] = value
    return (scope["scheme"], scope["root_path"] + scope["path"], scope["query_string"], *headers.values())


class Answers:
    """Sent pages of the current snapshot (body and headers), at most ``limit`` bytes of bodies, least recent out."""

    def __init__(self, store: GraphStore, *, limit: int = LIMIT) -> None:
        self.store, self.limit, self.used = store, limit, 0
        self._items: OrderedDict[tuple, tuple[bytes, list[tuple[bytes, bytes]]]] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> tuple[bytes, list[tuple[bytes, bytes]]] | None:
        generation = self.store.generation()
        if generation is None:
            return None
        with self._lock:
            found = self._items.get((generation, key))
            if found is not None:
                self._items.move_to_end((generation, key))
            return found

    def keep(self, request: Request, response: Response) -> None:
        """Keep ``response`` as the answer to every request like ``request`` in this snapshot."""
        generation = self.store.generation()
        if generation is None or response.status_code != 200 or len(response.body) > self.limit // 8:
            return
        body, key = bytes(response.body), (generation, answer_key(request.scope))
        with self._lock:
            old = self._items.pop(key, None)
            self.used += len(body) - (len(old[0]) if old is not None else 0)
            self._items[key] = (body, list(response.raw_headers))
            while self.used > self.limit and self._items:
                self.used -= len(self._items.popitem(last=False)[1][0])


class PageFront:
    """ASGI: a GET whose page was kept for the current snapshot is sent from there, before routing.

    Args:
        app: what answers everything else (the API's front).
        owner: the app; its ``state.web`` holds the kept answers (read per request: tests swap it).
    """

    def __init__(self, app: ASGIApp, owner: object) -> None:
        self.app, self.owner = app, owner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and not scope["path"].startswith(_NO_PAGES)
            and _plain(scope)
        ):
            hit = self.owner.state.web.answers.peek(answer_key(scope))  # type: ignore[attr-defined]
            if hit is not None:
                await send({"type": "http.response.start", "status": 200, "headers": hit[1]})
                await send({"type": "http.response.body", "body": hit[0]})
                return
        await self.app(scope, receive, send)


def _plain(scope: Scope) -> bool:
    """No ``Origin`` (CORS answers those itself) and no body (the edge limits judge those)."""
    return not any(name in (b"origin", b"content-length", b"transfer-encoding") for name, _ in scope["headers"])
