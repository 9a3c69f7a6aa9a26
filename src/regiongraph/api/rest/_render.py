"""Answers of the REST API: JSON, JSON-LD (JSON plus a published ``@context``), CSV; paging links; problems."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute

from ...errors import QueryError, SearchError, StoreError
from ...sparql.formats import parse_accept
from .._problem import problem
from ._exec import UnavailableError

CONTEXT_PATH = "/api/v1/context.jsonld"
JSON, JSONLD, CSV = "application/json", "application/ld+json", "text/csv"
_BY_NAME = {"json": JSON, "jsonld": JSONLD, "csv": CSV}
_BY_TYPE = {JSON: JSON, JSONLD: JSONLD, CSV: CSV, "*/*": JSON, "application/*": JSON, "text/*": CSV}


class NotFoundError(Exception):
    """No such entity: answered 404."""


class NotAcceptableError(Exception):
    """No offered format fits the request's ``format`` / ``Accept``."""


def negotiate(request: Request, fmt: str | None, *, csv_ok: bool = True) -> str:
    """The media type to answer with: ``format`` wins, then ``Accept`` q-values, else JSON."""
    if fmt:
        chosen = _BY_NAME[fmt]
    else:
        accept = request.headers.get("accept")
        chosen = JSON if not accept else None
        for media, q in parse_accept(accept or ""):
            if q > 0 and media in _BY_TYPE:
                chosen = _BY_TYPE[media]
                break
        if chosen is None:
            raise NotAcceptableError("this resource is offered as application/json, application/ld+json or text/csv")
    if chosen == CSV and not csv_ok:
        raise NotAcceptableError("this resource is offered as application/json or application/ld+json")
    return chosen


def dump(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(request: Request, body: dict, media: str, headers: dict[str, str] | None = None) -> Response:
    """``body`` as JSON, or as JSON-LD with the API's ``@context``."""
    if media == JSONLD:
        body = {"@context": str(request.base_url).rstrip("/") + CONTEXT_PATH, **body}
    return Response(dump(body), media_type=media, headers={"Vary": "Accept", **(headers or {})})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("notation") or value.get("label") or value.get("id") or "")
    return str(value)


def csv_response(items: Sequence[dict], columns: Sequence[str], headers: dict[str, str] | None = None) -> Response:
    """Items as CSV (RFC 4180): code values as notations, entities as labels, lists joined with "; "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for item in items:
        writer.writerow([_cell(item.get(c)) for c in columns])
    return Response(out.getvalue().encode(), media_type="text/csv; charset=utf-8",
                    headers={"Vary": "Accept", **(headers or {})})


def next_link(request: Request, offset: int) -> str:
    return str(request.url.include_query_params(offset=offset))


class ProblemRoute(APIRoute):
    """A route whose failures all leave as ``application/problem+json``."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return problem(422, "invalid-parameter", "Invalid parameter", _validation(exc))
            except QueryError as exc:  # BadParameterError included
                return problem(400, "bad-parameter", "Bad parameter", str(exc))
            except NotAcceptableError as exc:
                return problem(406, "not-acceptable", "Not acceptable", str(exc))
            except NotFoundError as exc:
                return problem(404, "not-found", "Not found", str(exc))
            except UnavailableError as exc:
                return problem(503, exc.kind, "Unavailable", exc.detail, headers={"Retry-After": "1"})
            except SearchError as exc:
                return problem(503, "search-unavailable", "Search unavailable", str(exc))
            except StoreError as exc:
                return problem(502, "store-error", "Store error", str(exc))

        return guarded


def _validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"
