"""The CKAN Action API over a :class:`Site`: one table of actions, with CKAN's envelope and error shapes."""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._search import ROWS_MAX, SearchQueryError, filtered, lower_bound, project
from ._site import ActionError, Site

#: Actions that change the site: they need ``Authorization: <token>`` of a token that may write.
WRITES = {"package_create", "package_update", "package_patch", "package_delete"}
DEFAULT_SORT = "score desc, metadata_modified desc"


@dataclass
class Call:
    """One action call: its parameters, the token it came with, and the address of the site asked."""

    params: dict[str, Any]
    token: str | None
    url: str


class Captured(dict[str, Any]):
    """A whole envelope as a real portal sent it, answered as it is."""


def answer(site: Site, name: str, call: Call) -> tuple[int, dict[str, Any]]:
    """Answer one action call as CKAN does: ``(status, envelope)``; the caller holds the portal's lock."""
    action = ACTIONS.get(name)
    try:
        if action is None:
            raise ActionError(400, {"__type": "Bad request", "message": f"Action name not known: {name}"})
        if name in WRITES and not site.tokens.get(call.token or "", False):
            raise ActionError(
                403, {"__type": "Authorization Error", "message": f"User not authorized to {name.replace('_', ' ')}"}
            )
        result = action(site, call)
    except ActionError as exc:
        return exc.status, _error(exc.error)
    except SearchQueryError as exc:
        return 409, _error({"__type": "Search Query Error", "message": f"Search Query is invalid: {exc}"})
    except KeyError as exc:
        return 404, _error({"__type": "Not Found Error", "message": f"Not found: {exc.args[0]}"})
    except (TypeError, ValueError) as exc:
        return 409, _error({"__type": "Validation Error", "message": str(exc)})
    if isinstance(result, Captured):
        return 200, result
    # a copy, made under the lock: the envelope is written after it, while a test may be editing the site
    return 200, {
        "help": f"{call.url}/api/3/action/help_show?name={name}",
        "success": True,
        "result": json.loads(json.dumps(result)),
    }


def _error(error: dict[str, Any]) -> dict[str, Any]:
    return {"success": False, "error": error}


def package_search(site: Site, call: Call) -> dict[str, Any]:
    p = call.params
    rows, start = min(int(p.get("rows", 10)), ROWS_MAX), int(p.get("start", 0))
    if rows < 0 or start < 0:
        raise ValueError("rows and start must be natural numbers")
    sort = p.get("sort", "")
    ordered = site.searchable(sort)
    low = lower_bound(p.get("fq", "")) if sort.replace(" ", "").startswith("metadata_modifiedasc") else None
    if low is not None:  # the keyset query of a harvester: skip what lies before the cursor at once
        ordered = ordered[bisect_left(ordered, low, key=lambda pkg: str(pkg.get("metadata_modified") or "")) :]
    found = filtered(ordered, p.get("q", ""), p.get("fq", ""))
    page = [project(pkg, p.get("fl")) for pkg in found[start : start + rows]]
    return {
        "count": len(found),
        "sort": p.get("sort", DEFAULT_SORT),
        "facets": {},
        "search_facets": {},
        "results": page,
    }


def package_show(site: Site, call: Call) -> dict[str, Any]:
    pkg = site.find(str(call.params.get("id") or call.params.get("name_or_id") or ""))
    return Captured(site.shown[pkg["id"]]) if pkg.get("id") in site.shown else pkg


def package_list(site: Site, call: Call) -> list[str]:
    # nameless dicts (a real portal's odd ones) have no place in a list of names
    names = sorted(str(pkg["name"]) for pkg in site.searchable("") if pkg.get("name"))
    offset, limit = int(call.params.get("offset", 0)), call.params.get("limit")
    return names[offset : offset + int(limit)] if limit is not None else names[offset:]


def organization_list(site: Site, call: Call) -> list[Any]:
    orgs = {
        **{
            pkg["organization"]["name"]: pkg["organization"]
            for pkg in site.packages.values()
            if pkg.get("organization")
        },
        **site.orgs,
    }
    all_fields = str(call.params.get("all_fields", "")).lower() == "true"
    return [orgs[n] for n in sorted(orgs)] if all_fields else sorted(orgs)


def organization_show(site: Site, call: Call) -> dict[str, Any]:
    return site.org(call.params.get("id"))


def status_show(site: Site, call: Call) -> dict[str, Any]:
    return {**site.status, "site_url": call.url}


def package_create(site: Site, call: Call) -> dict[str, Any]:
    if any(p.get("name") == call.params.get("name") for p in site.packages.values()):
        raise ActionError(409, {"__type": "Validation Error", "name": ["That URL is already in use."]})
    return site.store(call.params, None)


def package_update(site: Site, call: Call) -> dict[str, Any]:
    return site.store(call.params, site.find(str(call.params.get("id"))))


def package_patch(site: Site, call: Call) -> dict[str, Any]:
    existing = site.find(str(call.params.get("id")))
    return site.store({**existing, **call.params}, existing)


def package_delete(site: Site, call: Call) -> None:
    site.find(str(call.params.get("id")))["state"] = "deleted"  # marked, not purged, as CKAN does
    site.changed()


ACTIONS: dict[str, Callable[[Site, Call], Any]] = {
    f.__name__: f
    for f in (
        package_search,
        package_show,
        package_list,
        organization_list,
        organization_show,
        status_show,
        package_create,
        package_update,
        package_patch,
        package_delete,
    )
}
