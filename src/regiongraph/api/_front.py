"""The app class: every request meets an ASGI ``front`` first, FastAPI's own stack only behind it.

The front (built in :func:`regiongraph.api.create_api`: edge limits, cached answers, the lean
``/sparql`` path, CORS) answers what it can without FastAPI's middleware, routing and request
objects, which cost as much as a lookup itself; everything else goes on to :meth:`FrontedFastAPI.behind`.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send


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


def _headers_only(send: Send) -> Send:
    """``send`` with every body left out; the headers, Content-Length included, stay those of ``GET``."""

    async def without_body(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return without_body


__all__ = ["FrontedFastAPI"]
