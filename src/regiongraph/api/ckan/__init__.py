"""``/api/3/action/…``: the read subset of CKAN's Action API, so CKAN harvesters and ckanapi read RegionGraph.

GET takes the parameters from the query string, POST from a JSON body or a form (urlencoded or
multipart), as CKAN does; both answer CKAN's envelope. ckanapi's ``RemoteCKAN`` calls
``/api/action/…``, which is served too. Parameters are bounded before an action runs (body size,
nesting, value types, text lengths, numbers); actions run on the limited runner every route shares,
and their answers are cached per snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from ...catalog import context_for
from ...errors import SearchError, StoreError
from .._bounds import MAX_FQ, MAX_INT, MAX_JSON_BYTES, LimitError, check_list, check_text
from .._cache import cached
from .._runner import UnavailableError, run
from . import _actions, _groups, _help
from ._actions import Env
from ._envelope import ActionError, bad_request, fail, invalid, respond

__all__ = ["ACTIONS", "router"]

router = APIRouter(tags=["CKAN Action API (read subset)"])
ACTIONS: dict[str, Callable[[Env, dict[str, Any]], Any]] = {
    "status_show": _actions.status_show,
    "package_list": _actions.package_list,
    "package_search": _actions.package_search,
    "package_show": _actions.package_show,
    "organization_list": _groups.organization_list,
    "organization_show": _groups.organization_show,
    "group_list": _groups.group_list,
    "tag_list": _actions.tag_list,
}
ACTIONS["help_show"] = _help.help_for(ACTIONS)
#: Parameters that are text, and the paging numbers, checked before any action sees them.
_TEXTS = ("q", "fq", "sort", "id", "name_or_id", "query")
_NUMBERS = ("rows", "start", "limit", "offset", "facet.limit")
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"


def _env(request: Request) -> Env:
    root = str(request.base_url)
    ctx = context_for(request.app.state.settings, catalog=f"{root}catalog", endpoint=f"{root}sparql")
    state = request.app.state
    return Env(state.store, state.settings, ctx, root, index=state.instance.index)


def _merge(params: dict[str, Any], items: list[tuple[str, Any]]) -> dict[str, Any]:
    """``items`` added to ``params``; a repeated key becomes a list, as CKAN reads repeated parameters."""
    for key, value in items:
        if key in params:
            params[key] = [*params[key], value] if isinstance(params[key], list) else [params[key], value]
        else:
            params[key] = value
    return params


async def _params(request: Request) -> dict[str, Any]:
    """GET: the query string; POST: the JSON body, else the form (the query string's parameters kept)."""
    params = _merge({}, list(request.query_params.multi_items()))
    if request.method != "POST":
        return params
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_JSON_BYTES:
            raise LimitError(413, "too-large", f"action calls are limited to {MAX_JSON_BYTES} bytes", MAX_JSON_BYTES)
    if not body.strip():
        return params
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == _FORM:
        return _merge(params, parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
    if kind == _MULTIPART:
        request._body = body  # read under the bound above; Starlette's form parser takes it from here
        try:
            form = await request.form(max_files=0, max_fields=100, max_part_size=MAX_JSON_BYTES)
        except HTTPException as exc:  # a file (read actions take none), too many fields, a malformed body
            raise bad_request(f"form data: {exc.detail}") from None
        return _merge(params, [(k, v) for k, v in form.multi_items() if isinstance(v, str)])
    try:
        data = json.loads(body)
    except RecursionError:
        raise bad_request("JSON Error: nested too deeply") from None
    except ValueError as exc:
        raise bad_request(f"JSON Error: Error decoding JSON data. Error: {exc}") from exc
    if not isinstance(data, dict):
        raise bad_request("JSON Error: Request data JSON decoded to a non-dictionary")
    params.update(data)
    return params


def _checked(params: dict[str, Any]) -> dict[str, Any]:
    """Refuse values no action reads: objects, lists of lists, non-text texts, numbers beyond the paging bound."""
    for key, value in params.items():
        values = value if isinstance(value, list) else [value]
        check_list(key, values)
        if any(isinstance(v, dict | list) for v in values):
            raise invalid(key, "Must be a value or a list of values")
        if key in _TEXTS and value is not None and not isinstance(value, str):
            raise invalid(key, "Must be a string, given once")
        if key in _NUMBERS and any(_too_big(v) for v in values):
            raise invalid(key, f"Must be at most {MAX_INT}")
    for key in ("q", "query"):
        if isinstance(params.get(key), str):
            check_text(key, params[key])
    fqs = params.get("fq_list") or []
    if not isinstance(fqs, list) or not all(isinstance(f, str) for f in fqs):
        raise invalid("fq_list", "Must be a list of strings")
    for fq in [params.get("fq") or "", *fqs]:
        check_text("fq", fq if isinstance(fq, str) else "", longest=MAX_FQ, words=None)
    return params


def _too_big(value: Any) -> bool:
    text = str(value).strip().lstrip("+-")
    return text.isascii() and text.isdigit() and (len(text.lstrip("0")) > 10 or int(text) > MAX_INT)


# One operation per method, each with its own id (one route for both gave them the same id).
@router.get("/api/3/action/{action}", summary="CKAN action (read subset)", operation_id="ckan_action_get")
@router.post("/api/3/action/{action}", summary="CKAN action (read subset)", operation_id="ckan_action_post")
@router.api_route("/api/action/{action}", methods=["GET", "POST"], include_in_schema=False)
async def action(request: Request, action: str) -> Response:
    handler = ACTIONS.get(action)
    try:
        if handler is None:
            raise bad_request(f"Action name not known: {action[:100]}")
        params = _checked(await _params(request))
    except LimitError as exc:
        return fail(request, action, ActionError(exc.status, "Bad Request", exc.detail))
    except ActionError as exc:
        return fail(request, action, exc)
    key = (action, json.dumps(params, sort_keys=True, default=str))
    try:
        return await cached(request, lambda: _answer(request, action, handler, params), key=key)
    except UnavailableError as exc:
        return _unavailable(request, action, exc.detail)


async def _answer(
    request: Request, action: str, handler: Callable[[Env, dict[str, Any]], Any], params: dict[str, Any]
) -> Response:
    try:
        result = await run(request, handler, _env(request), params)
    except ActionError as exc:
        return fail(request, action, exc)
    except UnavailableError as exc:
        return _unavailable(request, action, exc.detail)
    except (StoreError, SearchError):  # never the store's own text: it may quote internal queries
        return _unavailable(request, action, "the store could not answer")
    return respond(request, action, result)


def _unavailable(request: Request, action: str, detail: str) -> Response:
    response = fail(request, action, ActionError(503, "Service Unavailable", detail))
    response.headers["Retry-After"] = "1"
    return response
