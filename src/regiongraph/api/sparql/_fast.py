"""The lean path of ``/sparql``: queries answered straight from ASGI, ahead of FastAPI's routing.

A lookup takes Oxigraph about half a millisecond; FastAPI's middleware stack, routing,
request object, dependency solving and response class cost as much again. So the app is a
:class:`FrontedFastAPI`: requests meet its ``front`` first, a :class:`SparqlFastPath` that
reads GET and POST queries with the same functions as the documented routes
(:mod:`._protocol`) and sends the :class:`~regiongraph.sparql.Answer` itself.
Everything else, including the query page and the service description of ``GET /sparql``
without a query, goes on to FastAPI. CORS, when configured, wraps the front, so it covers both.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ...config import Settings
from ...sparql import Answer, QueryService
from ._protocol import declared_too_large, endpoint_iri, get_request, post_request, too_large

PATH = "/sparql"
_WANTED = (b"accept", b"content-type", b"content-length", b"host")


class FrontedFastAPI(FastAPI):
    """A FastAPI app whose requests pass ``front`` (an ASGI app) first; ``behind`` is FastAPI's own handling.

    ``HEAD`` is answered as ``GET`` without the body (FastAPI routes only the methods they declare),
    so every page, answer and download can be probed for its headers.
    """

    front: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "HEAD":
            scope, send = {**scope, "method": "GET"}, _headers_only(send)
        await (self.front or self.behind)(scope, receive, send)

    async def behind(self, scope: Scope, receive: Receive, send: Send) -> None:
        """FastAPI's middleware, routing and handlers, for what the front does not answer itself."""
        await super().__call__(scope, receive, send)


class SparqlFastPath:
    """ASGI app answering ``GET``/``POST /sparql`` queries; other requests go to ``app``.

    Args:
        app: the ASGI app behind (FastAPI's own stack).
        settings: the instance's settings (request size limit).
        queries: the service that evaluates queries under the limits.
    """

    def __init__(self, app: ASGIApp, *, settings: Settings, queries: QueryService) -> None:
        self.app, self.settings, self.queries = app, settings, queries

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        query_string = scope["query_string"].decode("latin-1")
        base = endpoint_iri(scope["scheme"], headers.get(b"host"), scope.get("root_path", "") + PATH)
        if scope["method"] == "GET":
            outcome = get_request(query_string, headers.get(b"accept"), self.settings.max_request_bytes, base_iri=base)
            if outcome is None:  # the query page or the service description: FastAPI's routes
                await self.app(scope, receive, send)
                return
        else:
            body = await _body(receive, headers.get(b"content-length"), self.settings.max_request_bytes)
            if body is None:  # the client went away
                return
            outcome = body if isinstance(body, Answer) else post_request(
                query_string, headers.get(b"content-type"), body, headers.get(b"accept"), base_iri=base)
        await send_answer(send, outcome if isinstance(outcome, Answer) else await self.queries.answer(outcome))


def _headers_only(send: Send) -> Send:
    """``send`` with every body left out; the headers, Content-Length included, stay those of ``GET``."""
    async def without_body(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return without_body


def _headers(scope: Scope) -> dict[bytes, str]:
    """The request headers this path reads, first occurrence of each (as Starlette's ``Headers.get``)."""
    found: dict[bytes, str] = {}
    for name, value in scope["headers"]:
        if name in _WANTED and name not in found:
            found[name] = value.decode("latin-1")
    return found


async def _body(receive: Receive, content_length: str | None, limit: int) -> bytes | Answer | None:
    """The request body; a 413 answer past ``limit`` bytes; ``None`` when the client disconnected."""
    if declared_too_large(content_length, limit):
        return too_large(limit)
    parts: list[bytes] = []
    size = 0
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return too_large(limit)
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


async def send_answer(send: Send, answer: Answer) -> None:
    """Send ``answer`` with the headers a Starlette ``Response`` would carry (text types get a charset)."""
    media_type = answer.media_type
    if media_type.startswith("text/") and "charset=" not in media_type.lower():
        media_type += "; charset=utf-8"
    headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()]
    headers += [(b"content-length", str(len(answer.body)).encode()), (b"content-type", media_type.encode("latin-1"))]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
