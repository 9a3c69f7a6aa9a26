"""SPARQL 1.1 Protocol requests, from raw HTTP parts to a :class:`~regiongraph.sparql.QueryRequest`.

Plain functions over the query string, headers and body, so that the FastAPI routes and the
lean ASGI path in :mod:`._sparql_fast` read a request the same way, answer for answer.
"""

from __future__ import annotations

import codecs
from urllib.parse import unquote as urllib_unquote

from ..sparql import Answer, QueryRequest, problem
from .page import wants_html

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
#: Longest query string a GET may carry; longer queries belong in a POST body.
MAX_QUERY_STRING = 32 * 1024  # below the HTTP parser's own limit (64 KiB), so clients get a clear 414


def unquote(text: str) -> str:
    """``urllib.parse.unquote(text)``, decoded in C when ``text`` is ASCII with valid escapes (the usual query).

    SPARQL clients escape every bracket and space, so a query in a URL is mostly ``%XX``;
    ``urllib`` decodes those one by one in Python, ``codecs.escape_decode`` in one call.
    """
    if "%" not in text:
        return text
    if text.isascii():
        try:  # backslashes doubled first: the only escapes left are ours
            raw = codecs.escape_decode(text.replace("\\", "\\\\").replace("%", "\\x").encode())[0]
            return raw.decode("utf-8", errors="replace")
        except ValueError:  # a malformed escape: urllib keeps it as it is
            pass
    return urllib_unquote(text)


def parse_qs(text: str) -> dict[str, list[str]]:
    """``urllib.parse.parse_qs(text, keep_blank_values=True)``, decoding with :func:`unquote`."""
    params: dict[str, list[str]] = {}
    for part in text.split("&"):
        if part:
            name, _, value = part.partition("=")
            params.setdefault(unquote(name.replace("+", " ")), []).append(unquote(value.replace("+", " ")))
    return params


def media(content_type: str | None) -> str:
    """The bare, lower-cased media type of a ``Content-Type`` value."""
    return (content_type or "").split(";")[0].strip().lower()


def too_large(limit: int) -> Answer:
    """The 413 answer for a request body over ``limit`` bytes."""
    return problem(413, "too-large", "Request too large", f"requests are limited to {limit} bytes")


def declared_too_large(content_length: str | None, limit: int) -> bool:
    """Whether a ``Content-Length`` header already announces more than ``limit`` bytes."""
    return bool(content_length and content_length.isdigit() and int(content_length) > limit)


def get_request(query_string: str, accept: str | None, max_request_bytes: int) -> QueryRequest | Answer | None:
    """Read ``GET /sparql``: the query to answer, a refusal, or ``None`` for the page / service description.

    Args:
        query_string: the URL's query string, latin-1 decoded as ASGI servers hand it over.
        accept: the ``Accept`` header.
        max_request_bytes: the instance's request size limit.
    """
    if len(query_string) > min(MAX_QUERY_STRING, max_request_bytes):
        return problem(414, "too-large", "Query string too long", "send long queries with POST")
    params = parse_qs(query_string)
    fmt = ",".join(params["format"]) if "format" in params else None
    if "query" not in params or (fmt is None and "html" in (accept or "").lower() and wants_html(accept)):
        return None
    return QueryRequest(params["query"][-1], tuple(params.get("default-graph-uri", ())),
                        tuple(params.get("named-graph-uri", ())), accept, fmt)


def post_request(query_string: str, content_type: str | None, body: bytes, accept: str | None) -> QueryRequest | Answer:
    """Read ``POST /sparql`` (form-encoded or ``application/sparql-query``): the query, or a refusal."""
    params = parse_qs(query_string)
    kind = media(content_type)
    if kind == SPARQL_QUERY:
        query = body.decode("utf-8", errors="replace")
    elif kind in (FORM, ""):
        params.update(parse_qs(body.decode("utf-8", errors="replace")))
        if "update" in params:
            return problem(403, "read-only", "Updates not allowed",
                           "the public SPARQL endpoint is read-only; updates go to /sparql/update")
        query = (params.get("query") or [""])[0]
    else:
        return problem(415, "unsupported-media-type", "Unsupported media type", f"POST {FORM} or {SPARQL_QUERY}")
    return QueryRequest(query, tuple(params.get("default-graph-uri", ())), tuple(params.get("named-graph-uri", ())),
                        accept, ",".join(params["format"]) if params.get("format") else None)

