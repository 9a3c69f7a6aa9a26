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
from ... import ntriples as nt
from ...catalog import FILE_TYPE, Context, Item, Selection, build_packages, filter_text, package_id
from ...config import Settings
from ...errors import QueryError
from ...mapping.dcat import format_label
from ...namespaces import sparql_prologue
from ...search import SearchIndex
from ...store import GraphStore
from ._envelope import ActionError, invalid, not_found
from ._fields import FilterQuery, fields
from ._themes import group_dict

MAX_ROWS = 1000
_SORT_KEYS = {
    "metadata_modified": "?m",
    "metadata_created": "?c",
    "name": "?name",
    "title_string": "?title",
    "id": "?id",
    "score": "?m",
}


@dataclass(frozen=True)
class Env:
    """What every action reads: the store, the settings, the catalogue context and the search index."""

    store: GraphStore
    settings: Settings
    ctx: Context
    site_url: str
    index: SearchIndex | None = None

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
            filter_text(selection, env.index, q)
        for fq in [params.get("fq") or "", *(params.get("fq_list") or [])]:
            if str(fq).strip():
                parser.add(str(fq))
    except QueryError as exc:
        raise ActionError(409, "Search Query Error", f"Search error: {exc}") from exc
    return selection


def package_search(env: Env, params: dict[str, Any]) -> dict[str, Any]:
    """Search for packages (the catalogue's datasets: harvested ones and register cooperations and projects).

    :param q: words every result holds in its title, description or tags; ``field:value`` terms
        as in ``fq``; ``*:*`` (default) matches everything
    :type q: string
    :param fq: filter query, Solr syntax: ``field:value``, ``field:"quoted value"``, ``-field:value``,
        ``a OR b``, ``metadata_modified:[2024-01-01T00:00:00Z TO *]``; fields ``name``, ``id``,
        ``organization``, ``groups``, ``tags``, ``res_format``, ``license_id``, ``metadata_modified``,
        ``metadata_created``; terms are combined with AND
    :type fq: string
    :param fq_list: further filter queries, combined with AND
    :type fq_list: list of strings
    :param sort: comma-separated ``field asc|desc`` of ``metadata_modified``, ``metadata_created``,
        ``name``, ``title_string``, ``id``, ``score`` (default ``score desc, metadata_modified desc``)
    :type sort: string
    :param rows: the maximum number of matching rows to return (default 10, at most 1000)
    :type rows: int
    :param start: the offset in the complete result where the returned rows begin
    :type start: int
    :param facet: ``false`` to return no facets (default ``true``)
    :type facet: string
    :param facet.field: the fields to facet on, as a JSON list
    :type facet.field: list of strings
    :param facet.limit: the maximum number of values a facet returns (default 50; -1 for all)
    :type facet.limit: int

    :returns: ``count`` (the number of matches), ``results`` (the packages), ``facets``
        (``{field: {value: count}}``), ``search_facets`` (``{field: {"title", "items"}}``), ``sort``
    :rtype: dictionary

    """
    rows = _int(params, "rows", 10, maximum=MAX_ROWS)
    start = _int(params, "start", 0)
    order = _order(params.get("sort"))
    selection = _selection(env, params)
    # The page first: on a snapshot it sorts the selection once, and the count is then the sorted list's length.
    items = selection.page(env.store, limit=rows, offset=start, order=order) if rows else []
    count = selection.count(env.store)
    results = _packages(env, items)
    facets, search_facets = _facets(env, selection, params)
    return {
        "count": count,
        "results": results,
        "facets": facets,
        "search_facets": search_facets,
        "sort": params.get("sort") or "score desc, metadata_modified desc",
    }


def _packages(env: Env, items: list[Item]) -> list[dict[str, Any]]:
    """Package dicts of ``items``, each in the organisation the ``organization`` field gives it.

    The page's description is one graph, where a publisher has every name the page's items give it;
    the field reads each item's own graph, so a package's organisation is the one its facet counts it
    under and ``organization_show`` lists, whatever else is on the page.
    """
    packages = build_packages(env.store, items, env.ctx, env.settings.base_iri)
    if not items:
        return packages
    # The page's items as given, not the item pattern restricted to them: Oxigraph joined all 100,000 (40 s).
    rows = " ".join(f"({nt.iri(i.graph)} {nt.iri(i.record)} {nt.iri(i.dataset)})" for i in items)
    where = f"VALUES (?g ?r ?d) {{ {rows} }}"
    query = (
        f"{sparql_prologue()}SELECT ?d (MIN(?fv) AS ?name) (MIN(STR(?p0)) AS ?pub) (MIN(STR(?pl0)) AS ?title) "
        f"WHERE {{ {env.fields()['organization'].joined(where)} }} GROUP BY ?d"
    )
    named = {row["d"].value: row for row in env.store.select(query)}
    for item, package in zip(items, packages, strict=True):
        row = named.get(item.dataset)
        if row is None or package.get("organization") is None:
            continue
        title = row["title"].value if row["title"] is not None else row["name"].value
        package["organization"].update(id=package_id(row["pub"].value), name=row["name"].value, title=title)
        package["owner_org"] = package["organization"]["id"]
    return packages


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
    # CKAN (Solr) takes facet.limit=-1 (or any negative number) as "no limit".
    raw = str(params.get("facet.limit", 50)).strip()
    limit = 0 if raw.startswith("-") and raw[1:].isdigit() else _int(params, "facet.limit", 50)
    facets, search_facets = {}, {}
    for name in _facet_fields(params):
        field = known.get(name)
        if field is None:
            raise ActionError(409, "Search Query Error", f"Search error: cannot facet on {name!r}")
        query = (
            f"{sparql_prologue()}SELECT ?fv (COUNT(DISTINCT ?d) AS ?n) WHERE {{ {field.joined(selection.where())} "
            f"}} GROUP BY ?fv ORDER BY DESC(?n) ?fv LIMIT {limit if limit else 1000}"
        )
        counts = [(_value(name, row["fv"].value), int(row["n"].value)) for row in env.store.select(query)]
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
    return _packages(env, items)[0]


def package_show(env: Env, params: dict[str, Any]) -> dict[str, Any]:
    """Return the metadata of a dataset (package) and its resources.

    :param id: the id or name of the dataset
    :type id: string

    :returns: the package; ``metadata_created`` and ``metadata_modified`` are its catalog record's
        ``dcterms:issued`` and ``dcterms:modified``
    :rtype: dictionary

    """
    return _one(env, params)


def package_list(env: Env, params: dict[str, Any]) -> list[str]:
    """Return a list of the names of the site's datasets (packages), sorted by name.

    :param limit: if given, the list of datasets will be broken into pages of at most ``limit``
        datasets per page and only one page will be returned at a time (optional)
    :type limit: int
    :param offset: when ``limit`` is given, the offset to start returning packages from
    :type offset: int

    :rtype: list of strings

    """
    limit = _int(params, "limit", MAX_ROWS * 1000)
    offset = _int(params, "offset", 0)
    selection = Selection(env.settings.base_iri)
    name = env.fields()["name"]
    query = (
        f"{sparql_prologue()}SELECT DISTINCT ?fv WHERE {{ {name.joined(selection.where())} }} "
        f"ORDER BY ?fv LIMIT {limit} OFFSET {offset}"
    )
    return [row["fv"].value for row in env.store.select(query)]


def tag_list(env: Env, params: dict[str, Any]) -> list[str]:
    """Return a list of the site's tags, sorted by name.

    :param query: a tag name query to search for; only tags containing it (case-insensitively) are
        returned (optional)
    :type query: string

    :rtype: list of strings

    """
    selection = Selection(env.settings.base_iri)
    tags = env.fields()["tags"]
    text = str(params.get("query") or "").lower()
    clause = f"FILTER(CONTAINS(LCASE(?fv), {selection.bind(ox.Literal(text))}))" if text else ""
    query = (
        f"{sparql_prologue()}SELECT DISTINCT ?fv WHERE {{ {{ {tags.joined(selection.where())} }} {clause} }} "
        "ORDER BY ?fv"
    )
    return [row["fv"].value for row in env.store.select(query)]


def status_show(env: Env, params: dict[str, Any]) -> dict[str, Any]:
    """Return a dictionary with information about the site's configuration.

    :rtype: dictionary

    """
    return {
        "ckan_version": "2.10.4",
        "site_url": env.site_url.rstrip("/"),
        "site_description": "RegionGraph: Kooperationen, Projekte und offene Daten der Region",
        "site_title": env.settings.catalog_title,
        "error_emails_to": None,
        "locale_default": "de",
        "extensions": ["regiongraph", "dcat"],
        "regiongraph_version": __version__,
    }
