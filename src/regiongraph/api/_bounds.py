"""Inputs bounded at the edge: how long a URL, a body, a text parameter may be, how many words, terms and values.

Every limit is named in the answer that refuses it (a problem with ``limit``), so a client knows what
to change. :class:`EdgeLimits` wraps the whole app: URLs and declared bodies beyond the limits are
refused before routing; the routes check their own parameters with :func:`check_text` and
:func:`check_list`.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from ..sparql import problem

#: Longest query string a GET may carry; longer queries belong in a POST body.
MAX_QUERY_STRING = 32 * 1024  # below the HTTP parser's own limit (64 KiB), so clients get a clear 414
#: Longest URL (path and query) of any route but ``/sparql``, whose query string may hold a query.
MAX_URL = 8 * 1024
#: Longest free-text parameter (``q`` of the catalogue and the CKAN API) and most words searched for in one.
MAX_TEXT, MAX_WORDS = 500, 32
#: Longest CKAN filter query (``fq``, each of ``fq_list``) and most terms in one.
MAX_FQ, MAX_TERMS = 4096, 64
#: Most values of one repeated parameter (REST filters, ``fq_list``, ``facet.field``).
MAX_VALUES = 32
#: Largest JSON body of a CKAN action call, and how deeply it may nest (an object of lists of values: 3).
MAX_JSON_BYTES, MAX_JSON_DEPTH = 64 * 1024, 3
#: Largest integer a paging parameter may take.
MAX_INT = 1_000_000_000
_TITLES = {400: "Input too large", 413: "Request too large", 414: "URI too long"}


class LimitError(Exception):
    """An input beyond a limit: ``status`` 400, 413 or 414, ``kind`` the problem type, ``limit`` the bound."""

    def __init__(self, status: int, kind: str, detail: str, limit: int) -> None:
        super().__init__(detail)
        self.status, self.kind, self.detail, self.limit = status, kind, detail, limit

    @property
    def title(self) -> str:
        return _TITLES.get(self.status, "Too large")

    @property
    def extra(self) -> dict[str, object]:
        """The problem's extension member: the bound that was passed."""
        return {"limit": self.limit}


def check_text(name: str, value: str, *, longest: int = MAX_TEXT, words: int | None = MAX_WORDS) -> None:
    """Refuse a free-text parameter that is too long or holds too many words."""
    if len(value) > longest:
        raise LimitError(400, "parameter-too-long", f"{name} holds {len(value)} characters; at most {longest}", longest)
    if words is not None and len(value.split()) > words:
        raise LimitError(400, "too-many-words", f"{name} holds {len(value.split())} words; at most {words}", words)


def check_list(name: str, values: list, *, most: int = MAX_VALUES) -> None:
    """Refuse a repeated parameter with too many values."""
    if len(values) > most:
        raise LimitError(400, "too-many-values", f"{name} is given {len(values)} times; at most {most}", most)


class EdgeLimits:
    """ASGI wrapper: a URL or a declared body beyond the limits is answered 414 or 413 before any route runs.

    Args:
        app: what answers everything else.
        max_body: the instance's ``max_request_bytes``.
    """

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refused = self._refusal(scope)
            if refused is not None:
                await _send(send, refused)
                return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> LimitError | None:
        path = scope.get("raw_path") or scope["path"].encode()
        longest = MAX_QUERY_STRING + 64 if scope["path"].startswith("/sparql") else MAX_URL
        if len(path) + len(scope["query_string"]) > longest:
            return LimitError(
                414,
                "uri-too-long",
                f"URLs are limited to {longest} bytes here; send long input in a POST body",
                longest,
            )
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                return LimitError(
                    413, "too-large", f"request bodies are limited to {self.max_body} bytes", self.max_body
                )
        return None


async def _send(send: Send, error: LimitError) -> None:
    body = problem(error.status, error.kind, error.title, error.detail, extra=error.extra).body
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]  # a body left unread must not be taken for the next request
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


__all__ = [
    "MAX_FQ",
    "MAX_INT",
    "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_QUERY_STRING",
    "MAX_TERMS",
    "MAX_TEXT",
    "MAX_URL",
    "MAX_VALUES",
    "MAX_WORDS",
    "EdgeLimits",
    "LimitError",
    "check_list",
    "check_text",
]
