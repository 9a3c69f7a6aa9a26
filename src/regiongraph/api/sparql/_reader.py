"""The one reader of SPARQL protocol requests: an ASGI scope and its ``receive`` in, a request or a refusal out.

The lean front (:mod:`._fast`) and the documented FastAPI routes (:mod:`.routes`) both read with
these functions (a FastAPI ``Request`` hands over its ``scope`` and ``receive``), so a request is
read one way wherever it is answered. The protocol's rules themselves are plain functions over
text in :mod:`._protocol`.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from starlette.types import Message, Receive, Scope

from ...sparql import Answer, QueryRequest, UpdateRequest
from ._protocol import declared_too_large, endpoint_iri, get_request, post_request, too_large, update_request

#: The request headers the reader needs (the rest are never decoded).
_WANTED = (b"accept", b"content-type", b"content-length", b"host")


class Elsewhere(Enum):
    """What is no query to answer: a ``GET`` for the page or the service description, or a client gone."""

    PAGE = "page"
    GONE = "gone"


def headers_of(scope: Scope) -> dict[bytes, str]:
    """The request headers the reader needs, first occurrence of each (as Starlette's ``Headers.get``)."""
    found: dict[bytes, str] = {}
    for name, value in scope["headers"]:
        if name in _WANTED and name not in found:
            found[name] = value.decode("latin-1")
    return found


def _base(scope: Scope, headers: dict[bytes, str]) -> str | None:
    """The IRI of the route the request reached: the base IRI of its query or update."""
    return endpoint_iri(scope["scheme"], headers.get(b"host"), scope.get("root_path", "") + scope["path"])


async def read_body(receive: Receive, content_length: str | None, limit: int) -> bytes | Answer | None:
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


async def read_query(scope: Scope, receive: Receive, limit: int) -> QueryRequest | Answer | Elsewhere:
    """Read ``GET`` or ``POST /sparql``: the query to answer, a refusal, or where the request goes instead.

    Args:
        scope, receive: the ASGI request.
        limit: the instance's ``max_request_bytes``.
    """
    headers = headers_of(scope)
    query_string = scope["query_string"].decode("latin-1")
    base = _base(scope, headers)
    if scope["method"] == "GET":
        outcome = get_request(query_string, headers.get(b"accept"), limit, base_iri=base)
        return Elsewhere.PAGE if outcome is None else outcome
    body = await read_body(receive, headers.get(b"content-length"), limit)
    if body is None:
        return Elsewhere.GONE
    if isinstance(body, Answer):
        return body
    return post_request(query_string, headers.get(b"content-type"), body, headers.get(b"accept"), base_iri=base)


async def read_update(scope: Scope, receive: Receive, limit: int) -> UpdateRequest | Answer | Literal[Elsewhere.GONE]:
    """Read ``POST /sparql/update``: the update, a refusal, or :attr:`Elsewhere.GONE`."""
    headers = headers_of(scope)
    body = await read_body(receive, headers.get(b"content-length"), limit)
    if body is None:
        return Elsewhere.GONE
    if isinstance(body, Answer):
        return body
    # UTF-8, as Starlette's ``request.url.query`` decoded it when the route read the update itself.
    return update_request(
        scope["query_string"].decode(), headers.get(b"content-type"), body, base_iri=_base(scope, headers)
    )
