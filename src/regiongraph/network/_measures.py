"""Measures per node and positions, all with fixed seeds so that one network always gives one answer.

* degree — neighbours; weighted degree — the sum of the edge weights (shared records);
* betweenness — shortest paths through the node (normalised, hops not weights, as Gephi computes it):
  who brokers between otherwise distant partners; exact while nodes × edges stay within
  :data:`BETWEENNESS_WORK` (the register is a hundredth of it), above that estimated from as many
  sampled sources (seeded) as fit in that work, at least :data:`MIN_SAMPLES`;
* community — Louvain on the weights (seeded), numbered by size (0 is the largest);
* x, y — a spring layout on the weights (seeded), in [-1, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

SEED = 42
BETWEENNESS_WORK = 4_000_000
MIN_SAMPLES = 100


@dataclass
class Measured:
    """What :func:`measure` added to the graph's nodes, and how it was computed."""

    betweenness: dict[str, object] = field(default_factory=dict)
    communities: dict[str, object] = field(default_factory=dict)
    layout: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"betweenness": self.betweenness, "communities": self.communities, "layout": self.layout}


def measure(g: nx.Graph, *, layout: bool = True) -> Measured:
    """Set ``degree``, ``weighted_degree``, ``betweenness``, ``community`` (and ``x``, ``y``) on every node."""
    info = Measured()
    for node, degree in g.degree():
        g.nodes[node]["degree"] = degree
    for node, weighted in g.degree(weight="weight"):
        g.nodes[node]["weighted_degree"] = weighted
    info.betweenness = _betweenness(g)
    info.communities = _communities(g)
    if layout:
        info.layout = _positions(g)
    return info


def _betweenness(g: nx.Graph) -> dict[str, object]:
    n, m = g.number_of_nodes(), g.number_of_edges()
    exact = n * m <= BETWEENNESS_WORK
    k = None if exact else min(n, max(MIN_SAMPLES, BETWEENNESS_WORK // max(m, 1)))
    values = nx.betweenness_centrality(g, k=k, normalized=True, seed=SEED)
    for node, value in values.items():
        g.nodes[node]["betweenness"] = round(value, 6)
    return {"normalized": True, "weighted": False, "exact": exact, "samples": k}


def _communities(g: nx.Graph) -> dict[str, object]:
    if g.number_of_nodes() == 0:
        return {"method": "louvain", "seed": SEED, "count": 0, "modularity": None}
    found = nx.community.louvain_communities(g, weight="weight", seed=SEED)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    communities = [set(c) for c in ordered]
    for number, members in enumerate(ordered):
        for node in members:
            g.nodes[node]["community"] = number
    quality = nx.community.modularity(g, communities, weight="weight") if g.number_of_edges() else None
    return {
        "method": "louvain",
        "seed": SEED,
        "count": len(ordered),
        "modularity": None if quality is None else round(quality, 6),
    }


def _positions(g: nx.Graph) -> dict[str, object]:
    positions = nx.spring_layout(g, seed=SEED, weight="weight") if g.number_of_nodes() else {}
    for node, (x, y) in positions.items():
        g.nodes[node]["x"] = round(float(x), 5)
        g.nodes[node]["y"] = round(float(y), 5)
    return {"method": "spring (Fruchterman-Reingold)", "seed": SEED, "range": [-1, 1]}
