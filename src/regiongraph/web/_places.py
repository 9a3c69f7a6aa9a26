"""Maps without a tile server: gazetteer points projected into an SVG, cooperations drawn between partners.

The projection is equirectangular around the region's mean latitude (longitudes shrunk by its
cosine), good enough for a region of 100 km and honest about it: no outlines are drawn, because
no licensed boundary data is bundled; the page says so. Circle areas follow population.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from ._state import WebState

WIDTH, HEIGHT, MARGIN, LABEL_ROOM = 800, 600, 30, 90


@dataclass
class Point:
    iri: str
    label: str
    x: float
    y: float
    r: float
    kind: str
    population: int | None = None
    highlight: bool = False
    lon: float | None = None
    lat: float | None = None
    schematic: bool = False


@dataclass
class Line:
    source: str
    target: str
    x1: float
    y1: float
    x2: float
    y2: float
    weight: int
    records: list[str] = field(default_factory=list)


@dataclass
class MapView:
    width: int
    height: int
    points: list[Point]
    lines: list[Line]
    scale_km: float = 0.0
    scale_px: float = 0.0
    context: list[Point] = field(default_factory=list)


def radius(population: int | None, kind: str) -> float:
    """Circle area ∝ population (a town of 50,000: 8 px); Kreise and organisations a fixed size."""
    if not population or kind in ("kreis", "organisation", "land", "regierungsbezirk"):
        return 5.0
    return max(3.0, 8.0 * math.sqrt(population / 50_000))


class Projection:
    """Longitude/latitude → SVG pixels, fitted to ``points`` inside ``width`` × ``height``."""

    def __init__(self, coords: Iterable[tuple[float, float]], width: int = WIDTH, height: int = HEIGHT) -> None:
        pts = list(coords) or [(7.65, 51.55)]
        self.lat0 = sum(p[1] for p in pts) / len(pts)
        self.k = math.cos(math.radians(self.lat0))
        xs, ys = [p[0] * self.k for p in pts], [p[1] for p in pts]
        # a floor of 0.1° keeps one town, or two close ones, from filling the whole frame
        dx, dy = max(max(xs) - min(xs), 0.1), max(max(ys) - min(ys), 0.1)
        # room on the right for the labels, which are written after the points
        self.scale = min((width - 2 * MARGIN - LABEL_ROOM) / dx, (height - 2 * MARGIN) / dy)
        self.x0 = (min(xs) + max(xs)) / 2
        self.y0 = (min(ys) + max(ys)) / 2
        self.width, self.height = width, height

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = (self.width - LABEL_ROOM) / 2 + (lon * self.k - self.x0) * self.scale
        y = self.height / 2 - (lat - self.y0) * self.scale
        return round(x, 1), round(y, 1)

    def km_bar(self) -> tuple[float, float]:
        """A round number of kilometres and its length in pixels (about a sixth of the width)."""
        px_per_km = self.scale / 111.32
        km = next(k for k in (1, 2, 5, 10, 20, 50, 100, 200, 500) if k * px_per_km >= self.width / 8)
        return km, round(km * px_per_km, 1)


def region_map(
    network, *, centres: dict[str, tuple[float, float]] | None = None, width: int = WIDTH, height: int = HEIGHT
) -> MapView:
    """Every placed node of ``network`` as a point and every edge as a line.

    Args:
        centres: (lat, lon) for nodes without coordinates of their own (Kreise), drawn as schematic.
    """
    g = network.graph
    placed = {n: a for n, a in g.nodes(data=True) if a.get("lat") is not None and a.get("lon") is not None}
    for iri, (lat, lon) in (centres or {}).items():
        if iri in g and iri not in placed:
            placed[iri] = {**g.nodes[iri], "lat": lat, "lon": lon, "schematic": True}
    project = Projection(((a["lon"], a["lat"]) for a in placed.values()), width, height)
    points = []
    for iri, a in sorted(placed.items(), key=lambda kv: -(kv[1].get("population") or 0)):
        x, y = project(a["lon"], a["lat"])
        points.append(
            Point(
                iri,
                a.get("label") or iri,
                x,
                y,
                radius(a.get("population"), a.get("kind", "")),
                a.get("kind", ""),
                a.get("population"),
                False,
                a["lon"],
                a["lat"],
                bool(a.get("schematic")),
            )
        )
    lines = []
    for s, t, e in g.edges(data=True):
        if s in placed and t in placed:
            (x1, y1) = project(placed[s]["lon"], placed[s]["lat"])
            (x2, y2) = project(placed[t]["lon"], placed[t]["lat"])
            lines.append(Line(s, t, x1, y1, x2, y2, e.get("weight", 1), list(e.get("records", []))))
    lines.sort(key=lambda line: line.weight)
    km, px = project.km_bar()
    return MapView(width, height, points, lines, km, px)


def mini_map(web: WebState, iris: list[str], *, width: int = 360, height: int = 260) -> MapView | None:
    """The places of ``iris`` (partners, a town and its closest partners), each drawn; ``None`` if none is placed."""
    g = web.network().graph
    placed = [(i, g.nodes[i]) for i in iris if i in g and g.nodes[i].get("lat") is not None]
    if not placed:
        return None
    project = Projection(((a["lon"], a["lat"]) for _, a in placed), width, height)
    points = [
        Point(
            i,
            a.get("label") or i,
            *project(a["lon"], a["lat"]),
            radius(a.get("population"), a.get("kind", "")),
            a.get("kind", ""),
            a.get("population"),
            True,
        )
        for i, a in placed
    ]
    hub = points[0]
    lines = [Line(hub.iri, p.iri, hub.x, hub.y, p.x, p.y, 1) for p in points[1:]] if len(points) > 1 else []
    km, px = project.km_bar()
    return MapView(width, height, points, lines, km, px)
