"""One built network: the register it came from, the graph with its measures, and its JSON form."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import networkx as nx

from ..store import GraphStore
from ._filters import Filters
from ._graph import Register, bipartite_graph, organisation_graph, read_register
from ._measures import Measured, measure


class GraphKind(enum.Enum):
    """Which graph: organisations joined by shared records, or organisations and records (bipartite)."""

    ORGANISATIONS = "organisations"
    BIPARTITE = "bipartite"


@dataclass
class Network:
    """A network built from the store: ``graph`` carries the attributes and measures on nodes and edges."""

    kind: GraphKind
    register: Register
    graph: nx.Graph
    measured: Measured

    def to_json(self) -> dict[str, object]:
        """Nodes, edges, measures and positions, and the records the edges list (by their register id)."""
        g = self.graph
        nodes = [{"id": n, **attrs} for n, attrs in g.nodes(data=True)]
        edges = [{"source": a, "target": b, **attrs} for a, b, attrs in g.edges(data=True)]
        members = self.register.members()
        records = [_record_json(r) for iri, r in self.register.records.items() if iri in members]
        return {
            "graph": self.kind.value,
            "filters": self.register.filters.as_dict(),
            "counts": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "records": len(records)},
            "measures": self.measured.as_dict(),
            "nodes": nodes,
            "edges": edges,
            "records": records,
        }


def build_network(
    store: GraphStore, filters: Filters | None = None, *, kind: GraphKind = GraphKind.ORGANISATIONS, layout: bool = True
) -> Network:
    """Read the register under ``filters`` and build the ``kind`` graph with its measures (and positions)."""
    register = read_register(store, filters)
    graph = organisation_graph(register) if kind is GraphKind.ORGANISATIONS else bipartite_graph(register)
    return Network(kind, register, graph, measure(graph, layout=layout))


def _record_json(record) -> dict[str, object]:
    return {
        "id": record.id,
        "iri": record.iri,
        "title": record.title,
        "kind": record.kind,
        "table": record.table,
        "status": record.status,
        "legal_form": record.legal_form,
        "fields": list(record.fields),
        "dimensions": list(record.dimensions),
        "start": record.start,
        "end": record.end,
    }
