"""RFC 9457 problem details: the one shape every error of the HTTP interface takes, and the one table
from errors to HTTP statuses.

Bodies are built by :func:`regiongraph.sparql.problem` (the query service answers with problems
too, one layer below; it cannot import this one), so every problem has the same members in the same
order. :func:`problem` makes one a response. An error a route does not answer itself leaves through
the one handler :func:`install` adds: it finds the error's class, or its nearest ancestor, in
:data:`STATUSES`; anything else is a bug, logged and answered 500 without its traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from ..errors import QueryError, SearchError, StoreError
from ..sparql import Answer
from ..sparql import problem as problem_answer
from ._bounds import LimitError
from ._runner import RETRY_AFTER, UnavailableError

log = logging.getLogger(__name__)


class NotFoundError(Exception):
    """No such entity: answered 404."""


class NotAcceptableError(Exception):
    """No offered format fits the request's ``format`` / ``Accept``: answered 406."""


def respond(answer: Answer) -> Response:
    """An :class:`~regiongraph.sparql.Answer` as a response."""
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=answer.headers)


def problem(status: int, kind: str, title: str, detail: str, *, headers: dict[str, str] | None = None) -> Response:
    """An ``application/problem+json`` response whose ``type`` ends in ``kind``."""
    return respond(problem_answer(status, kind, title, detail, headers))


@dataclass(frozen=True, slots=True)
class Status:
    """How one kind of error is answered; ``None``: the error says it itself (its ``status``, ``kind``, ``title``)."""

    status: int | None = None
    kind: str | None = None
    title: str | None = None
    headers: dict[str, str] | None = None


#: Every error that may leave a route, and its answer. Looked up along the error's class hierarchy,
#: so a subclass (``BadParameterError``, ``TransferError``, ``FilterError`` are ``QueryError``) maps as
#: its nearest listed ancestor.
STATUSES: dict[type[Exception], Status] = {
    RequestValidationError: Status(422, "invalid-parameter", "Invalid parameter"),
    LimitError: Status(),  # 400, 413 or 414, with the limit it names
    QueryError: Status(400, "bad-parameter", "Bad parameter"),
    NotFoundError: Status(404, "not-found", "Not found"),
    NotAcceptableError: Status(406, "not-acceptable", "Not acceptable"),
    StoreError: Status(502, "store-error", "Store error"),
    SearchError: Status(503, "search-unavailable", "Search unavailable"),
    UnavailableError: Status(503, title="Unavailable", headers=RETRY_AFTER),  # busy or past the time limit
}


def answer_for(exc: Exception) -> Answer | None:
    """The problem answering ``exc`` by :data:`STATUSES`; ``None`` when its class is not listed."""
    entry = next((STATUSES[cls] for cls in type(exc).__mro__ if cls in STATUSES), None)
    if entry is None:
        return None
    detail = _validation(exc) if isinstance(exc, RequestValidationError) else str(exc)
    said: Any = exc  # what a row leaves empty, the error says itself (LimitError, UnavailableError)
    return problem_answer(
        entry.status or said.status,
        entry.kind or said.kind,
        entry.title or said.title,
        detail,
        dict(entry.headers) if entry.headers else None,  # each answer its own: callers may add
        extra=getattr(exc, "extra", None),
    )


def _validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def _listed(request: Request, exc: Exception) -> Response:
    answer = answer_for(exc)
    if answer is None:  # registered for the listed classes only; a guard, not a path
        return await _internal(request, exc)
    return respond(answer)


async def _internal(request: Request, exc: Exception) -> Response:
    """The last resort: a bug is logged with its traceback, the client gets a problem without one."""
    log.error("unexpected error answering %s %s", request.method, request.url.path, exc_info=exc)
    return problem(
        500, "internal-error", "Internal error", "the server failed to answer this request; it has been logged"
    )


def install(app: FastAPI) -> None:
    """Answer every error of :data:`STATUSES` as its problem, and any other exception as a logged 500."""
    for cls in STATUSES:
        app.add_exception_handler(cls, _listed)
    app.add_exception_handler(Exception, _internal)


__all__ = ["STATUSES", "NotAcceptableError", "NotFoundError", "Status", "answer_for", "install", "problem", "respond"]
