"""Answers of the REST API: JSON, JSON-LD (JSON plus a published ``@context``), CSV; paging links.

Its errors are answered by the app's one handler (:mod:`regiongraph.api._problem`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from ...sparql.formats import parse_accept
from .._problem import NotAcceptableError

CONTEXT_PATH = "/api/v1/context.jsonld"
JSON, JSONLD, CSV = "application/json", "application/ld+json", "text/csv"
_BY_NAME = {"json": JSON, "jsonld": JSONLD, "csv": CSV}
_BY_TYPE = {JSON: JSON, JSONLD: JSONLD, CSV: CSV, "*/*": JSON, "application/*": JSON, "text/*": CSV}


def negotiate(request: Request, fmt: str | None, *, csv_ok: bool = True) -> str:
    """The media type to answer with: ``format`` wins, then ``Accept`` q-values, else JSON."""
    chosen: str | None
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
    return Response(
        out.getvalue().encode(), media_type="text/csv; charset=utf-8", headers={"Vary": "Accept", **(headers or {})}
    )


def next_link(request: Request, offset: int) -> str:
    return str(request.url.include_query_params(offset=offset))
