"""The lean path of ``/sparql``: queries answered straight from ASGI, ahead of FastAPI's routing.

A lookup takes Oxigraph about half a millisecond; FastAPI's middleware stack, routing,
request object, dependency solving and response class cost as much again. So the app's front
holds a :class:`SparqlFastPath`: it reads GET and POST queries with the one reader
(:mod:`._reader`) and sends the :class:`~regiongraph.sparql.Answer` itself. Everything else,
including the query page and the service description of ``GET /sparql`` without a query, goes
on to FastAPI. CORS, when configured, wraps the front, so it covers both.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from ...sparql import Answer, QueryService
from ._reader import Elsewhere, read_query

PATH = "/sparql"


class SparqlFastPath:
    """ASGI app answering ``GET``/``POST /sparql`` queries; other requests go to ``app``.

    Args:
        app: the ASGI app behind (FastAPI's own stack).
        max_request_bytes: the instance's request size limit.
        queries: the service that evaluates queries under the limits.
    """

    def __init__(self, app: ASGIApp, *, max_request_bytes: int, queries: QueryService) -> None:
        self.app, self.limit, self.queries = app, max_request_bytes, queries

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        outcome = await read_query(scope, receive, self.limit)
        if outcome is Elsewhere.PAGE:  # the query page or the service description: FastAPI's routes
            await self.app(scope, receive, send)
        elif outcome is not Elsewhere.GONE:
            await send_answer(send, outcome if isinstance(outcome, Answer) else await self.queries.answer(outcome))


async def send_answer(send: Send, answer: Answer) -> None:
    """Send ``answer`` with the headers a Starlette ``Response`` would carry (text types get a charset)."""
    media_type = answer.media_type
    if media_type.startswith("text/") and "charset=" not in media_type.lower():
        media_type += "; charset=utf-8"
    headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()]
    headers += [(b"content-length", str(len(answer.body)).encode()), (b"content-type", media_type.encode("latin-1"))]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


__all__ = ["SparqlFastPath", "send_answer"]
