"""Conditional GET (RFC 9110 §13.1.2): an ETag on a body, and ``304 Not Modified`` when the client holds it."""

from __future__ import annotations

import hashlib

from fastapi import Request
from fastapi.responses import Response


def etag_of(body: bytes) -> str:
    """A strong entity tag for ``body``: equal bodies, equal tags, in every worker and every run."""
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak comparison, a list, or ``*``)."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


def conditional(
    request: Request, body: bytes, *, media_type: str, etag: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    """``body`` with its ETag, or an empty 304 with the same headers if the request's ``If-None-Match`` names it.

    Args:
        etag: the tag to send; by default one computed from ``body``.
        headers: further response headers (sent on the 304 too, as RFC 9110 asks for Vary and Cache-Control).
    """
    tag = etag or etag_of(body)
    out = {**(headers or {}), "ETag": tag}
    if matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=out)
    return Response(body, media_type=media_type, headers=out)
