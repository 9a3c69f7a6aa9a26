"""The read actions of CKAN's Action API, over the catalogue items (see :mod:`regiongraph.catalog`).

Each action takes its parameters as CKAN does (query string or JSON body, already merged)
and returns CKAN's result; errors are :class:`ActionError`. Semantics follow CKAN 2.10:
``package_search`` returns 10 rows unless asked (at most 1000), sorts by relevance then
``metadata_modified desc`` (without scoring: newest first), ``organization`` is the
organisation's name and ``facet.field`` a JSON list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ... import __version__
from ...catalog import Context, Selection, build_packages, filter_text
from ...catalog._construct import FILE_TYPE
from ...config import Settings
from ...errors import QueryError
from ...mapping.dcat._formats import format_label
from ...namespaces import sparql_prologue
from ...store import GraphStore
from ._envelope import ActionError, invalid, not_found
from ._fields import FilterQuery, fields
from ._themes import group_dict

MAX_ROWS = 1000
_SORT_KEYS = {"metadata_modified": "?m", "metadata_created": "?c", "name": "?name", "title_string": "?title",
              "id": "?id", "score": "?m"}


@dataclass(frozen=True)
class Env:
    """What every action reads: the store, the settings and the catalogue context."""

    store: GraphStore
    settings: Settings
    ctx: Context
    site_url: str

    def fields(self):
        return fields(self.ctx.publisher, self.ctx.licence, self.settings.base_iri)


def _int(params: dict[str, Any], key: str, default: int, *, maximum: int | None = None) -> int:
    raw = params.get(key, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise invalid(key, "Invalid integer") from None
    if value < 0:
        raise invalid(key, "Must be a natural number")
    return min(value, maximum) if maximum is not None else value


def _bool(params: dict[str, Any], key: str) -> bool:
    value = params.get(key, False)
    return value if isinstance(value, bool) else str(value).lower() in ("true", "1", "yes", "on")


def _order(sort: str | None) -> str:
    """A CKAN sort string (``metadata_modified desc, name asc``) as a SPARQL ORDER BY list."""
    if not sort or not sort.strip():
        return "DESC(?m)"
    parts = []
    for clause in sort.split(","):
        words = clause.split()
        key = _SORT_KEYS.get(words[0]) if words else None
        direction = words[1].lower() if len(words) > 1 else "asc"
        if key is None or direction not in ("asc", "desc") or len(words) > 2:
            raise ActionError(409, "Search Query Error", f"Search error: cannot sort by {clause.strip()!r}")
        parts.append(f"DESC({key})" if direction == "desc" or words[0] == "score" else f"ASC({key})")
    return " ".join(parts)


def _selection(env: Env, params: dict[str, Any]) -> Selection:
    selection = Selection(env.settings.base_iri)
    parser = FilterQuery(selection, env.fields(), env.store)
    try:
        q = str(params.get("q") or "").strip()
        if q in ("*:*", "*"):  # Solr's "everything", as CKAN harvesters send it
            q = ""
        if ":" in q:
            parser.add(q)  # CKAN passes field queries in q to Solr too
        elif q:
            filter_text(selection, env.settings, q)
        for fq in [params.get("fq") or "", *(params.get("fq_list") or [])]:
            if str(fq).strip():
                parser.add(str(fq))
    except QueryError as exc:
        raise ActionError(409, "Search Query Error", f"Search error: {exc}") from exc
    return selection


def package_search(env: Env, params: dict[str, Any]) -> dict[str, Any]:
    rows = _int(params, "rows", 10, maximum=MAX_ROWS)
    start = _int(params, "start", 0)
    order = _order(params.get("sort"))
    selection = _selection(env, params)
    count = selection.count(env.store)
    items = selection.page(env.store, limit=rows, offset=start, order=order) if rows and start < count else []
    results = build_packages(env.store, items, env.ctx, env.settings.base_iri)
    facets, search_facets = _facets(env, selection, params)
    return {"count": count, "results": results, "facets": facets, "search_facets": search_facets,
            "sort": params.get("sort") or "score desc, metadata_modified desc"}


def _facet_fields(params: dict[str, Any]) -> list[str]:
    raw = params.get("facet.field")
    if raw is None:
        return []
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise invalid("facet.field", "Not a JSON list") from None
    if not isinstance(raw, list) or not all(isinstance(f, str) for f in raw):
        raise invalid("facet.field", "Not a list of strings")
    return raw


def _facets(env: Env, selection: Selection, params: dict[str, Any]) -> tuple[dict, dict]:
    if str(params.get("facet", "true")).lower() == "false":
        return {}, {}
    known = env.fields()
    limit = _int(params, "facet.limit", 50)
    facets, search_facets = {}, {}
    for name in _facet_fields(params):
        field = known.get(name)
        if field is None:
            raise ActionError(409, "Search Query Error", f"Search error: cannot facet on {name!r}")
        query = (f"{sparql_prologue()}SELECT ?fv (COUNT(DISTINCT ?d) AS ?n) WHERE {{ {field.joined(selection.where())} "
                 f"}} GROUP BY ?fv ORDER BY DESC(?n) ?fv LIMIT {limit if limit else 1000}")
        counts = [(_value(name, row["fv"].value), int(row["n"].value))
                  for row in env.store.query(query)]
        facets[name] = dict(counts)
        items = [{"name": v, "display_name": _display(name, v), "count": n} for v, n in counts]
        search_facets[name] = {"title": name, "items": items}
    return facets, search_facets


def _value(field: str, value: str) -> str:
    """A facet value as packages carry it (formats by their CKAN label, e.g. ``RDF_TURTLE`` → ``Turtle``)."""
    if field == "res_format":
        return format_label(FILE_TYPE + value) or value
    return value


def _display(field: str, value: str) -> str:
    if field == "groups":
        return group_dict(value)["title"]
    return value


def _one(env: Env, params: dict[str, Any]) -> dict[str, Any]:
    ref = params.get("id") or params.get("name_or_id")
    if not ref:
        raise invalid("id", "Missing value")
    selection = Selection(env.settings.base_iri)
    known = env.fields()
    var = selection.bind(ox.Literal(str(ref)))
    selection.clauses.append(f"FILTER({known['name'].exists(var)} || {known['id'].exists(var)})")
    items = selection.page(env.store, limit=1, offset=0)
    if not items:
        raise not_found()
    return build_packages(env.store, items, env.ctx, env.settings.base_iri)[0]


def package_show(env: Env, params: dict[str, Any]) -> dict[str, Any]:
    return _one(env, params)


def package_list(env: Env, params: dict[str, Any]) -> list[str]:
    limit = _int(params, "limit", MAX_ROWS * 1000)
    offset = _int(params, "offset", 0)
    selection = Selection(env.settings.base_iri)
    name = env.fields()["name"]
    query = (f"{sparql_prologue()}SELECT DISTINCT ?fv WHERE {{ {name.joined(selection.where())} }} "
             f"ORDER BY ?fv LIMIT {limit} OFFSET {offset}")
    return [row["fv"].value for row in env.store.query(query)]


def tag_list(env: Env, params: dict[str, Any]) -> list[str]:
    selection = Selection(env.settings.base_iri)
    tags = env.fields()["tags"]
    text = str(params.get("query") or "").lower()
    clause = f"FILTER(CONTAINS(LCASE(?fv), {selection.bind(ox.Literal(text))}))" if text else ""
    query = (f"{sparql_prologue()}SELECT DISTINCT ?fv WHERE {{ {{ {tags.joined(selection.where())} }} {clause} }} "
             "ORDER BY ?fv")
    return [row["fv"].value for row in env.store.query(query)]


def status_show(env: Env, params: dict[str, Any]) -> dict[str, Any]:
    return {"ckan_version": "2.10.4", "site_url": env.site_url.rstrip("/"),
            "site_description": "RegionGraph: Kooperationen, Projekte und offene Daten der Region",
            "site_title": env.settings.catalog_title, "error_emails_to": None, "locale_default": "de",
            "extensions": ["regiongraph", "dcat"], "regiongraph_version": __version__}
