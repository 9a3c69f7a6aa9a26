"""RFC 9457 problem details as HTTP responses: the one shape every error of the HTTP interface takes."""

from __future__ import annotations

from fastapi.responses import Response

from ..sparql import Answer
from ..sparql import problem as problem_answer


def respond(answer: Answer) -> Response:
    """An :class:`~regiongraph.sparql.Answer` as a response."""
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=answer.headers)


def problem(status: int, kind: str, title: str, detail: str, *, headers: dict[str, str] | None = None) -> Response:
    """An ``application/problem+json`` response whose ``type`` ends in ``kind``."""
    return respond(problem_answer(status, kind, title, detail, headers))
