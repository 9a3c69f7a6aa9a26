"""The network and map pages: filters from the URL, the network built once per snapshot, drawn as SVG.

Positions come from the server (:mod:`regiongraph.network`'s seeded spring layout; gazetteer
coordinates on the map), so the picture is the same on every visit and works without JavaScript;
the script only adds zoom, panning and highlighting. Every node links to its fact sheet, and a
table beside the drawing lists the same nodes and edges for screen readers and keyboards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..api.rest import values
from ..namespaces import code, sparql_prologue
from ..network import FilterError, Filters, Network
from ._places import MapView, Point, Projection, radius, region_map
from ._state import WebState

#: Community colours, each at least 3:1 against white (WCAG 1.4.11); the last one for all smaller communities.
PALETTE = ("#1f5fa8", "#b3471d", "#2e7d32", "#8e24aa", "#c2185b", "#00796b", "#6d4c41", "#546e7a")
FILTER_NAMES = (
    "kind",
    "table",
    "field",
    "dimension",
    "legal_form",
    "status",
    "start_from",
    "start_to",
    "active_from",
    "active_to",
)
_YEARS = ("start_from", "start_to", "active_from", "active_to")
_CENTRES = (
    sparql_prologue()
    + """SELECT ?k (AVG(?lat) AS ?la) (AVG(?lon) AS ?lo) WHERE {
  %s ?m rg:district ?k ; geo:lat ?lat ; geo:long ?lon } GROUP BY ?k"""
)
_DISTRICTS = sparql_prologue() + "SELECT DISTINCT ?k WHERE { %s ?t rg:district ?k }"
_CONTEXT = (
    sparql_prologue()
    + """SELECT ?m ?l ?lat ?lon ?pop WHERE {
  %s ?m rg:district ?k ; rdfs:label ?l ; geo:lat ?lat ; geo:long ?lon . OPTIONAL { ?m rg:population ?pop } }"""
)


def filters_from(query: Sequence[tuple[str, str]]) -> Filters:
    """Network filters from the page's query; a bad value raises :class:`FilterError` (a 400 page)."""
    params: dict[str, Any] = {}
    for key, value in query:
        value = value.strip()
        if key not in FILTER_NAMES or not value:
            continue
        if key in _YEARS:
            if not value.isdigit():
                raise FilterError(f"{key}: {value[:40]!r} is not a year")
            params[key] = int(value)
        elif key == "kind":
            params["kind"] = value
        else:
            params.setdefault(key, []).append(value[:80])
    return Filters.from_params(params)


@dataclass
class GraphView:
    nodes: list[dict]
    edges: list[dict]
    width: int = 900
    height: int = 640
    counts: dict[str, int] = field(default_factory=dict)


def _spread(points: dict[str, tuple[float, float]], width: float, height: float, pad: float) -> dict[str, tuple]:
    """Fit the server's layout into the frame, the dense centre opened up (distances from the centre ** 0.6).

    Monotone in the distance from the centre, so who is near whom stays as the layout put it.
    """
    if not points:
        return {}
    cx = sum(x for x, _ in points.values()) / len(points)
    cy = sum(y for _, y in points.values()) / len(points)
    moved = {}
    for iri, (x, y) in points.items():
        dx, dy = x - cx, y - cy
        r = math.hypot(dx, dy)
        k = r**0.6 / r if r > 0 else 0.0
        moved[iri] = (dx * k, dy * k)
    xs, ys = [p[0] for p in moved.values()], [p[1] for p in moved.values()]
    sx = (width - 2 * pad) / ((max(xs) - min(xs)) or 1)
    sy = (height - 2 * pad) / ((max(ys) - min(ys)) or 1)
    return {
        iri: (round(pad + (x - min(xs)) * sx, 1), round(height - pad - (y - min(ys)) * sy, 1))
        for iri, (x, y) in moved.items()
    }


def network_view(web: WebState, filters: Filters, *, width: int = 900, height: int = 640) -> GraphView:
    """Nodes placed by the server's layout, sized by weighted degree, coloured by community; the few without
    any link in a row along the bottom, so they do not squeeze the others into the middle."""
    net: Network = web.network(filters)
    g = net.graph
    linked = {n: (a.get("x", 0.0), a.get("y", 0.0)) for n, a in g.nodes(data=True) if g.degree(n)}
    alone = sorted((n for n in g.nodes if not g.degree(n)), key=lambda n: g.nodes[n].get("label") or n)
    band = 40 if alone else 0
    place = _spread(linked, width, height - band, 24)
    for i, iri in enumerate(alone):
        place[iri] = (round(16 + (i % 60) * (width - 32) / 60, 1), round(height - band / 2 - 6 * (i // 60), 1))
    labelled = set(sorted(g.nodes, key=lambda n: -g.nodes[n].get("weighted_degree", 0))[:14])
    nodes = []
    for iri, a in g.nodes(data=True):
        community = a.get("community", 0)
        x, y = place[iri]
        nodes.append(
            {
                "iri": iri,
                "label": a.get("label") or iri,
                "x": x,
                "y": y,
                "r": round(min(3 + 1.1 * a.get("weighted_degree", 0) ** 0.5, 16), 1),
                "kind": a.get("kind"),
                "community": community,
                "colour": PALETTE[min(community, len(PALETTE) - 1)],
                "degree": a.get("degree", 0),
                "weighted": a.get("weighted_degree", 0),
                "betweenness": a.get("betweenness", 0.0),
                "records": a.get("records", 0),
                "labelled": iri in labelled,
            }
        )
    at = {n["iri"]: n for n in nodes}
    edges = [
        {
            "source": s,
            "target": t,
            "x1": at[s]["x"],
            "y1": at[s]["y"],
            "x2": at[t]["x"],
            "y2": at[t]["y"],
            "weight": e.get("weight", 1),
            "records": e.get("records", []),
            "sl": at[s]["label"],
            "tl": at[t]["label"],
        }
        for s, t, e in g.edges(data=True)
    ]
    edges.sort(key=lambda e: (-e["weight"], e["sl"], e["tl"]))
    nodes.sort(key=lambda n: (-n["weighted"], n["label"]))
    return GraphView(
        nodes,
        edges,
        width,
        height,
        {"nodes": len(nodes), "edges": len(edges), "records": len(net.register.members()), "alone": len(alone)},
    )


def map_view(web: WebState, filters: Filters) -> MapView:
    """Towns and organisations with coordinates, Kreise at the mean of their municipalities, the region's
    other municipalities as context, cooperations as lines between partners."""
    net = web.network(filters)
    g = net.graph
    kreise = [n for n, a in g.nodes(data=True) if a.get("kind") == "kreis"]
    centres = {}
    if kreise:
        block = values("k", (ox.NamedNode(k) for k in kreise))
        centres = {
            row["k"].value: (float(row["la"].value), float(row["lo"].value))
            for row in web.store.select(_CENTRES % block)
        }
    view = region_map(net, centres=centres)
    towns = [n for n, a in g.nodes(data=True) if a.get("kind") == "town"]
    districts = set(kreise)
    if towns:
        block = values("t", (ox.NamedNode(t) for t in towns))
        districts |= {row["k"].value for row in web.store.select(_DISTRICTS % block)}
    _add_context(web, view, districts)
    return view


def _add_context(web: WebState, view: MapView, districts: set[str]) -> None:
    """The other municipalities of the Kreise on the map, small and grey, so the region is recognisable."""
    if not districts or not view.points:
        return
    shown = {p.iri for p in view.points}
    block = values("k", (ox.NamedNode(k) for k in sorted(districts)))
    rows = [r for r in web.store.select(_CONTEXT % block) if r["m"].value not in shown]
    if not rows:
        return
    coords = [(p.lon, p.lat) for p in view.points if p.lon is not None and p.lat is not None]
    project = Projection(
        coords + [(float(r["lon"].value), float(r["lat"].value)) for r in rows], view.width, view.height
    )
    for p in view.points:
        if p.lon is not None and p.lat is not None:  # region_map places only nodes with both
            p.x, p.y = project(p.lon, p.lat)
    at = {p.iri: p for p in view.points}
    for line in view.lines:
        line.x1, line.y1, line.x2, line.y2 = at[line.source].x, at[line.source].y, at[line.target].x, at[line.target].y
    for r in rows:
        x, y = project(float(r["lon"].value), float(r["lat"].value))
        pop = int(r["pop"].value) if r["pop"] is not None else None
        view.context.append(Point(r["m"].value, r["l"].value, x, y, radius(pop, "town") * 0.6, "context", pop))
    view.scale_km, view.scale_px = project.km_bar()


def code_options(web: WebState, scheme: str) -> list[tuple[str, str]]:
    """(notation, German label) of every concept of a code list, for the filter forms."""
    prefix = code(scheme, "")
    return sorted(
        ((n, label or n) for iri, (n, label) in web.rest.codes.rows.items() if iri.startswith(prefix)),
        key=lambda pair: pair[1].lower(),
    )
