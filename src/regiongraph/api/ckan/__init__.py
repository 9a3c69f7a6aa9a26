"""``/api/3/action/…``: the read subset of CKAN's Action API, so CKAN harvesters and ckanapi read RegionGraph.

GET takes the parameters from the query string, POST from a JSON body (or a form), as
CKAN does; both answer CKAN's envelope. ckanapi's ``RemoteCKAN`` calls ``/api/action/…``,
which is served too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ...catalog import context_for
from ...errors import StoreError
from . import _actions, _groups, _help
from ._actions import Env
from ._envelope import ActionError, bad_request, fail, respond

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


def _env(request: Request) -> Env:
    root = str(request.base_url)
    ctx = context_for(request.app.state.settings, catalog=f"{root}catalog", endpoint=f"{root}sparql")
    return Env(request.app.state.store, request.app.state.settings, ctx, root)


async def _params(request: Request) -> dict[str, Any]:
    """GET: the query string (repeated keys become lists); POST: the JSON body, else the form."""
    params: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        params[key] = [*params[key], value] if key in params and isinstance(params[key], list) else (
            [params[key], value] if key in params else value)
    if request.method != "POST":
        return params
    body = await request.body()
    if not body.strip():
        return params
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        form = await request.form()
        params.update({k: v for k, v in form.items()})
        return params
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise bad_request(f"JSON Error: Error decoding JSON data. Error: {exc}") from exc
    if not isinstance(data, dict):
        raise bad_request("JSON Error: Request data JSON decoded to a non-dictionary")
    params.update(data)
    return params


# One operation per method, each with its own id (one route for both gave them the same id).
@router.get("/api/3/action/{action}", summary="CKAN action (read subset)", operation_id="ckan_action_get")
@router.post("/api/3/action/{action}", summary="CKAN action (read subset)", operation_id="ckan_action_post")
@router.api_route("/api/action/{action}", methods=["GET", "POST"], include_in_schema=False)
async def action(request: Request, action: str) -> Response:
    handler = ACTIONS.get(action)
    try:
        if handler is None:
            raise bad_request(f"Action name not known: {action}")
        params = await _params(request)
        result = await run_in_threadpool(handler, _env(request), params)
    except ActionError as exc:
        return fail(request, action, exc)
    except StoreError as exc:
        return fail(request, action, ActionError(500, "Internal Server Error", f"the store failed: {exc}"))
    return respond(request, action, result)
