"""The faceted lists (``/cooperations``, ``/projects``, …): the REST resources, their filters and facets, as pages.

Everything is read through :class:`~regiongraph.api.rest.RestService` — the same plan, the same
SPARQL, so a facet's count on the page is the REST facet's count. Facets are clickable filters:
a value adds the filter (several values of one facet must all hold, as CKAN's facets do), an
active value removes it again; every state is a URL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..api.rest import PROJECT_KINDS, RESOURCES, Resource
from ..namespaces import code
from ._state import WebState

PAGE_SIZES = (10, 20, 50, 100)
#: List pages of the web front → the REST resource they show.
LISTS = ("cooperations", "projects", "organisations", "datasets", "fields", "dimensions", "legal-forms")
_DIMENSION = code("smart-city-dimension", "")
_CODE_FILTER = {"legal_form": "legal_form", "status": "status", "theme": "theme", "classification": "classification"}
#: The columns a list shows, after the title.
COLUMNS = {
    "cooperations": ("legal_form", "fields", "status", "start", "partners"),
    "projects": ("kind", "status", "start", "partners"),
    "organisations": ("classification", "district", "population"),
    "datasets": ("publisher", "themes", "modified"),
    "fields": ("notation", "cooperations", "projects"),
    "dimensions": ("notation", "cooperations", "projects"),
    "legal-forms": ("notation", "broader", "cooperations"),
}


class ParameterError(ValueError):
    """A list parameter the page cannot use (answered with a 400 page)."""


@dataclass
class FacetValue:
    label: str
    count: int
    param: str
    value: str
    active: bool
    href: str = ""


@dataclass
class FacetView:
    name: str
    values: list[FacetValue]


@dataclass
class Chip:
    """An active filter, removable."""

    param: str
    value: str
    label: str
    href: str = ""


@dataclass
class ListView:
    resource: Resource
    items: list[dict]
    total: int
    limit: int
    offset: int
    sort: str
    facets: list[FacetView] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    params: list[tuple[str, str]] = field(default_factory=list)
    pending: bool = False


def _short(value: str, base: str) -> str:
    """A term as the URL writes it: a territory by its key, other IRIs whole."""
    ags = base + "ags/"
    return value[len(ags) :] if value.startswith(ags) else value


def parse(resource: Resource, query: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The REST parameters of a page request: filters (repeatable), ``q``, ``sort``, ``limit``, ``offset``."""
    names = {f.name: f for f in resource.filters}
    sorts = [s for name, key in resource.sorts.items() for s in ((name, f"-{name}") if key else (name,))]
    params: dict[str, Any] = {"limit": 20, "offset": 0, "sort": sorts[0]}
    for key, value in query:
        value = value.strip()
        if not value:
            continue
        if key in names and names[key].parse == "year":
            if not value.isdigit() or not 1000 <= int(value) <= 2999:
                raise ParameterError(f"{key}: {value[:40]!r} is not a year")
            params[key] = int(value)
        elif key in names:
            params.setdefault(key, []).append(value[:500])
        elif key == "q":
            params["q"] = value[:200]
        elif key == "sort":
            if value not in sorts:
                raise ParameterError(f"sort: one of {', '.join(sorts)}")
            params["sort"] = value
        elif key in ("limit", "offset"):
            params[key] = _bounded(key, value)
    if params["limit"] not in PAGE_SIZES:
        params["limit"] = 20
    return params


def _bounded(key: str, value: str) -> int:
    if not value.isdigit() or int(value) > 1_000_000:
        raise ParameterError(f"{key}: {value[:40]!r} is not a number from 0 to 1000000")
    return int(value)


def facet_param(facet: str, entry: Mapping[str, Any], base: str) -> tuple[str, str] | None:
    """The filter (name, value) a facet value stands for; ``None`` for values no filter can select."""
    value = entry["value"]
    if facet == "field":
        return ("dimension", entry["notation"]) if value.startswith(_DIMENSION) else ("field", entry["notation"])
    if facet == "type":
        kind = PROJECT_KINDS.get(value)
        return ("kind", kind) if kind else None
    if facet in _CODE_FILTER:
        if facet == "theme":
            return "theme", value.rstrip("/").rsplit("/", 1)[-1]
        return _CODE_FILTER[facet], entry.get("notation") or value
    return facet, _short(value, base)


def build(web: WebState, name: str, params: dict[str, Any]) -> ListView:
    """One list page: items, total, every facet of the resource (blocking: on a query thread).

    Facets of a list longer than ``web.inline_facets`` members are computed in the background, once per
    snapshot and filter set (paging and sorting do not change them): until they are ready the page shows
    without them and says so (``view.pending``).
    """
    resource = RESOURCES[name]
    rest = web.rest
    plan = rest.plan(resource, params)
    total = rest.count(plan)
    names = [f.name for f in resource.facets]
    if plan is None or total <= web.inline_facets:  # no plan: nothing to count (count() gave 0)
        page = rest.page(plan, names)
        counted: dict[str, list[dict]] | None = page.facets
    else:
        page = rest.page(plan, [])
        filters = tuple(
            sorted(
                (k, tuple(v) if isinstance(v, list) else v)
                for k, v in params.items()
                if k not in ("limit", "offset", "sort")
            )
        )
        counted = web.background.get(
            ("facets", name, filters), lambda: {f.name: rest.facet(plan, f) for f in resource.facets}
        )
    view = ListView(
        resource,
        page.items,
        total,
        params["limit"],
        params["offset"],
        params["sort"],
        pending=bool(names) and counted is None,
    )
    active = {
        (k, str(v))
        for k, vs in params.items()
        if k in {f.name for f in resource.filters}
        for v in (vs if isinstance(vs, list) else [vs])
    }
    labels: dict[tuple[str, str], str] = {}
    base = web.settings.base_iri
    for facet in resource.facets:
        values = []
        for entry in (counted or {}).get(facet.name, []):
            chosen = facet_param(facet.name, entry, base)
            if chosen is None:
                continue
            label = entry.get("label") or (entry.get("notation") if facet.name != "type" else chosen[1]) or chosen[1]
            labels[chosen] = label
            values.append(FacetValue(label, entry["count"], chosen[0], chosen[1], chosen in active))
        view.facets.append(FacetView(facet.name, values))
    view.chips = [Chip(k, v, labels.get((k, v), v)) for k, v in sorted(active)]
    return view


def link(view: ListView, query: Sequence[tuple[str, str]], url) -> None:
    """Give every facet value and chip its URL: the current query with that filter added or removed (page 1)."""
    kept = [(k, v) for k, v in query if k not in ("offset", "lang")]
    for facet in view.facets:
        for value in facet.values:
            pair = (value.param, value.value)
            value.href = url([p for p in kept if p != pair] if value.active else [*kept, pair])
    for chip in view.chips:
        chip.href = url([p for p in kept if p != (chip.param, chip.value)])
