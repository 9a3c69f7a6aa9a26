"""SPARQL 1.1 Protocol requests, from raw HTTP parts to a :class:`~regiongraph.sparql.QueryRequest` or
:class:`~regiongraph.sparql.UpdateRequest`, refusing what the protocol does not allow (two queries, a
POST without ``Content-Type``, a body not in UTF-8, an update sent with GET).

Plain functions over the query string, headers and body, so that the FastAPI routes and the
lean ASGI path in :mod:`._fast` read a request the same way, answer for answer.
"""

from __future__ import annotations

import codecs
from urllib.parse import unquote as urllib_unquote

import pyoxigraph as ox

from ...sparql import Answer, QueryRequest, UpdateRequest, problem
from .._bounds import MAX_QUERY_STRING
from ..page import wants_html

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


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


def endpoint_iri(scheme: str, host: str | None, path: str) -> str | None:
    """The endpoint's own IRI, the base IRI of its queries and updates; ``None`` when ``Host`` makes no IRI."""
    if not host:
        return None
    iri = f"{scheme}://{host}{path}"
    try:
        ox.NamedNode(iri)
    except ValueError:
        return None
    return iri


def _text(body: bytes, content_type: str | None) -> str | Answer:
    """A direct POST's body as text: UTF-8 only (Protocol §2.1.3, §2.2.2), else a 415 or 400."""
    charset = next(
        (
            part.split("=", 1)[1].strip().strip('"').lower()
            for part in (content_type or "").split(";")[1:]
            if part.strip().lower().startswith("charset=")
        ),
        "utf-8",
    )
    if charset not in ("utf-8", "utf8", "us-ascii"):
        return problem(415, "unsupported-charset", "Unsupported charset", f"send UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return problem(400, "not-utf-8", "Not UTF-8", f"the body is not valid UTF-8: {exc}")


def _one(values: list[str], name: str) -> str | Answer:
    """The one value of ``name``: a request carries one query or one update, never two (nor none)."""
    if len(values) != 1:
        what = "no" if not values else f"{len(values)}"
        return problem(
            400,
            f"{'missing' if not values else 'multiple'}-{name}",
            f"One {name} per request",
            f"the request carries {what} '{name}' parameters; send exactly one",
        )
    return values[0]


def get_request(
    query_string: str, accept: str | None, max_request_bytes: int, *, base_iri: str | None = None
) -> QueryRequest | Answer | None:
    """Read ``GET /sparql``: the query to answer, a refusal, or ``None`` for the page / service description.

    Args:
        query_string: the URL's query string, latin-1 decoded as ASGI servers hand it over.
        accept: the ``Accept`` header.
        max_request_bytes: the instance's request size limit.
        base_iri: the endpoint's IRI (see :func:`endpoint_iri`).
    """
    if len(query_string) > min(MAX_QUERY_STRING, max_request_bytes):
        return problem(414, "too-large", "Query string too long", "send long queries with POST")
    params = parse_qs(query_string)
    if "update" in params:
        return problem(
            400,
            "update-via-get",
            "Updates are not sent with GET",
            f"POST updates to /sparql/update ({SPARQL_UPDATE} or a form with 'update')",
        )
    fmt = ",".join(params["format"]) if "format" in params else None
    if "query" not in params or (fmt is None and "html" in (accept or "").lower() and wants_html(accept)):
        return None
    query = _one(params["query"], "query")
    if isinstance(query, Answer):
        return query
    return QueryRequest(
        query,
        tuple(params.get("default-graph-uri", ())),
        tuple(params.get("named-graph-uri", ())),
        accept,
        fmt,
        base_iri,
    )


def _form(params: dict[str, list[str]], body: bytes) -> dict[str, list[str]]:
    """The URL's parameters and the form body's together (a repeated name keeps all its values)."""
    for name, values in parse_qs(body.decode("utf-8", errors="replace")).items():
        params.setdefault(name, []).extend(values)
    return params


def _read_post(
    query_string: str, content_type: str | None, body: bytes, *, name: str, direct: str
) -> tuple[str, dict[str, list[str]]] | Answer:
    """The one ``name`` of a POST (the body, for media type ``direct``; else a form field) and its parameters."""
    params = parse_qs(query_string)
    kind = media(content_type)
    if not kind:
        return problem(
            400, "missing-content-type", "Missing Content-Type", f"POST needs a Content-Type: {direct} or {FORM}"
        )
    if kind == direct:
        text = _text(body, content_type)
        if isinstance(text, Answer):
            return text
        values = [text, *params.get(name, [])]
    elif kind == FORM:
        params = _form(params, body)
        if name == "query" and "update" in params:
            return problem(
                403,
                "read-only",
                "Updates not allowed",
                "the public SPARQL endpoint is read-only; updates go to /sparql/update",
            )
        values = params.get(name, [])
    else:
        return problem(415, "unsupported-media-type", "Unsupported media type", f"POST {direct} or {FORM}")
    one = _one(values, name)
    return one if isinstance(one, Answer) else (one, params)


def post_request(
    query_string: str, content_type: str | None, body: bytes, accept: str | None, *, base_iri: str | None = None
) -> QueryRequest | Answer:
    """Read ``POST /sparql`` (``application/sparql-query`` or form-encoded): the query, or a refusal."""
    read = _read_post(query_string, content_type, body, name="query", direct=SPARQL_QUERY)
    if isinstance(read, Answer):
        return read
    query, params = read
    return QueryRequest(
        query,
        tuple(params.get("default-graph-uri", ())),
        tuple(params.get("named-graph-uri", ())),
        accept,
        ",".join(params["format"]) if params.get("format") else None,
        base_iri,
    )


def update_request(
    query_string: str, content_type: str | None, body: bytes, *, base_iri: str | None = None
) -> UpdateRequest | Answer:
    """Read ``POST /sparql/update`` (``application/sparql-update`` or form-encoded): the update, or a refusal."""
    read = _read_post(query_string, content_type, body, name="update", direct=SPARQL_UPDATE)
    if isinstance(read, Answer):
        return read
    update, params = read
    return UpdateRequest(
        update, tuple(params.get("using-graph-uri", ())), tuple(params.get("using-named-graph-uri", ())), base_iri
    )
