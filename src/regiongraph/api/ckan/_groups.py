"""``organization_list``, ``organization_show`` and ``group_list``: publishers and themes with package counts."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ...catalog import Selection, package_id
from ...namespaces import sparql_prologue
from ._actions import Env, _bool, _int
from ._envelope import invalid, not_found
from ._themes import group_dict


def _organizations(env: Env, name: str | None = None) -> list[dict[str, Any]]:
    """Every publisher of a catalogue item, with its name, title and package count."""
    selection = Selection(env.settings.base_iri)
    field = env.fields()["organization"]
    clause = f"FILTER(?fv = {selection.bind(ox.Literal(name))})" if name else ""
    query = (
        f"{sparql_prologue()}SELECT ?fv (MIN(?p0) AS ?pub) (MIN(STR(?pl0)) AS ?title) "
        f"(COUNT(DISTINCT ?d) AS ?n) WHERE {{ {{ {field.joined(selection.where())} }} {clause} }} GROUP BY ?fv"
    )
    out = []
    for row in env.store.select(query):
        title = row["title"].value if row["title"] is not None else row["fv"].value
        pub = row["pub"].value if row["pub"] is not None else row["fv"].value
        out.append(
            {
                "id": package_id(pub),
                "name": row["fv"].value,
                "title": title,
                "display_name": title,
                "type": "organization",
                "is_organization": True,
                "state": "active",
                "description": "",
                "image_url": "",
                "approval_status": "approved",
                "package_count": int(row["n"].value),
                "extras": [{"key": "uri", "value": pub}],
            }
        )
    return out


_ORG_SORTS = {
    "name": lambda o: o["name"],
    "title": lambda o: o["title"].lower(),
    "package_count": lambda o: o["package_count"],
}


def organization_list(env: Env, params: dict[str, Any]) -> list[Any]:
    """Return a list of the names of the site's organizations: the publishers of its datasets.

    :param sort: sorting of the search results; ``name``, ``title`` or ``package_count``, each
        optionally followed by ``asc`` or ``desc`` (default ``name asc``)
    :type sort: string
    :param limit: the maximum number of organizations returned (default 1000)
    :type limit: int
    :param offset: when ``limit`` is given, the offset to start returning organizations from
    :type offset: int
    :param all_fields: return group dictionaries instead of just names (default ``False``)
    :type all_fields: bool

    :rtype: list of strings, or of dictionaries with ``all_fields``

    """
    sort = str(params.get("sort") or "name asc").split()
    key = _ORG_SORTS.get(sort[0]) if sort else None
    if key is None:
        raise invalid("sort", f"Cannot sort by field `{sort[0] if sort else ''}`")
    orgs = sorted(_organizations(env), key=key, reverse=len(sort) > 1 and sort[1].lower() == "desc")
    offset = _int(params, "offset", 0)
    limit = _int(params, "limit", 1000)
    orgs = orgs[offset : offset + limit]
    return orgs if _bool(params, "all_fields") else [o["name"] for o in orgs]


def organization_show(env: Env, params: dict[str, Any]) -> dict[str, Any]:
    """Return the details of an organization (a publisher), with its ``package_count``.

    :param id: the id or name of the organization
    :type id: string

    :rtype: dictionary

    """
    ref = params.get("id")
    if not ref:
        raise invalid("id", "Missing value")
    for org in _organizations(env):
        if ref in (org["name"], org["id"]):
            return org
    raise not_found("Organization was not found.")


def group_list(env: Env, params: dict[str, Any]) -> list[Any]:
    """Return a list of the names of the site's groups: the EU data themes of its datasets.

    :param sort: ``name`` (default) or ``package_count``
    :type sort: string
    :param limit: the maximum number of groups returned (default 1000)
    :type limit: int
    :param offset: when ``limit`` is given, the offset to start returning groups from
    :type offset: int
    :param all_fields: return group dictionaries instead of just names (default ``False``)
    :type all_fields: bool

    :rtype: list of strings, or of dictionaries with ``all_fields``

    """
    selection = Selection(env.settings.base_iri)
    field = env.fields()["groups"]
    query = (
        f"{sparql_prologue()}SELECT ?fv (COUNT(DISTINCT ?d) AS ?n) WHERE {{ {field.joined(selection.where())} "
        f"}} GROUP BY ?fv ORDER BY ?fv"
    )
    groups = [group_dict(row["fv"].value, int(row["n"].value)) for row in env.store.select(query)]
    if str(params.get("sort") or "").startswith("package_count"):
        groups.sort(key=lambda g: -g["package_count"])
    groups = groups[_int(params, "offset", 0) :][: _int(params, "limit", 1000)]
    return groups if _bool(params, "all_fields") else [g["name"] for g in groups]
