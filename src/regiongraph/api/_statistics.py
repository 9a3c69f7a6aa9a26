"""Dataset statistics for VoID and the service description: SPARQL aggregates, cached per store.

Every number is computed through :meth:`GraphStore.query` over the default graph (the union of
all named graphs), so any SPARQL 1.1 backend yields the same figures. On the bundled register
(~294,000 quads) one computation takes about one second; :class:`StatisticsCache` keeps the
result until the store's quad count changes, so a request normally pays only for the count.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

from ..iris import Minter
from ..namespaces import prologue
from ..store import GraphStore

#: Reference graphs, by the name :meth:`Minter.system_graph` takes.
SYSTEM_GRAPHS = ("ontology", "codes", "gazetteer")

# Triples are counted after DISTINCT: Oxigraph's union default graph is a bag, but a VoID
# dataset is a set of triples, and a triple stated in two record graphs is one triple.
_PROPERTIES = """SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }
GROUP BY ?p ORDER BY DESC(?n) ?p"""
_NODES = """SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) WHERE { ?s ?p ?o }"""
# An entity is a subject with an IRI (VoID leaves the definition to the publisher).
_ENTITIES = """SELECT (SUM(IF(isIRI(?s), 1, 0)) AS ?n) WHERE { SELECT DISTINCT ?s WHERE { ?s ?p ?o } }"""
_CLASSES = """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER isIRI(?c) }
GROUP BY ?c ORDER BY DESC(?n) ?c"""
_GRAPHS = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"""
_MODIFIED = (
    prologue("dcat", "dcterms", "prov", sep=" ")
    + """
SELECT (MAX(?t) AS ?latest) WHERE {
  { ?r a dcat:CatalogRecord ; dcterms:modified ?t } UNION { ?run prov:endedAtTime ?t } }"""
)


@dataclass(frozen=True, slots=True)
class Partition:
    """A class with its number of instances, or a property with its number of triples."""

    iri: str
    count: int


@dataclass(frozen=True, slots=True)
class Subset:
    """One kind of named graph: ``ontology``, ``codes``, ``gazetteer``, ``runs`` or ``records/<source>``."""

    kind: str
    graphs: int
    triples: int


@dataclass(frozen=True, slots=True)
class Statistics:
    """The figures VoID and the service description publish about the whole graph."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    named_graphs: int
    classes: tuple[Partition, ...]
    properties: tuple[Partition, ...]
    subsets: tuple[Subset, ...]
    graph_triples: dict[str, int]
    modified: str | None


def _rows(store: GraphStore, sparql: str) -> list[tuple[str | None, ...]]:
    result = store.select(sparql)
    names = [v.value for v in result.variables]
    return [tuple(None if row[n] is None else row[n].value for n in names) for row in result]


def _count(value: str | None) -> int:
    return int(value) if value else 0


def graph_kind(graph: str, minter: Minter) -> str | None:
    """The subset a named graph belongs to, from the IRI patterns of :class:`Minter`; ``None`` for others."""
    system = {minter.system_graph(name): name for name in SYSTEM_GRAPHS}
    if graph in system:
        return system[graph]
    # Prefixes are derived from the minter, so the subsets follow any change of the IRI scheme.
    records = minter.graph("s", "r").removesuffix("s/r")
    if graph.startswith(records):
        return "records/" + graph[len(records) :].split("/", 1)[0]
    return "runs" if graph.startswith(minter.run("s", "t").removesuffix("s/t")) else None


def _subsets(graph_triples: dict[str, int], minter: Minter) -> tuple[Subset, ...]:
    totals: dict[str, list[int]] = {}
    for graph, n in graph_triples.items():
        kind = graph_kind(graph, minter)
        if kind is not None:
            entry = totals.setdefault(kind, [0, 0])
            entry[0], entry[1] = entry[0] + 1, entry[1] + n
    return tuple(Subset(kind, graphs, triples) for kind, (graphs, triples) in sorted(totals.items()))


def compute_statistics(store: GraphStore, minter: Minter) -> Statistics:
    """Count triples, entities, nodes, classes, properties and graphs of ``store`` (no cache)."""
    properties = tuple(Partition(p or "", _count(n)) for p, n in _rows(store, _PROPERTIES))
    subjects, objects = _rows(store, _NODES)[0]
    classes = tuple(Partition(c or "", _count(n)) for c, n in _rows(store, _CLASSES))
    graph_triples = {g or "": _count(n) for g, n in _rows(store, _GRAPHS)}
    modified = _rows(store, _MODIFIED)
    return Statistics(
        triples=sum(p.count for p in properties),
        entities=_count(_rows(store, _ENTITIES)[0][0]),
        distinct_subjects=_count(subjects),
        distinct_objects=_count(objects),
        named_graphs=len(graph_triples),
        classes=classes,
        properties=properties,
        subsets=_subsets(graph_triples, minter),
        graph_triples=graph_triples,
        modified=modified[0][0] if modified else None,
    )


class StatisticsCache:
    """The statistics of one store, recomputed only when its quad count (or the base IRI) changes.

    The quad count is a sound key in practice: every write path changes it (a harvest run adds its
    own run graph, a reference reload its content hash), and it costs one count (~75 ms on the
    register) against ~1 s for the statistics. A lock keeps concurrent requests from computing twice.

    Args:
        store: the store to describe.
    """

    def __init__(self, store: GraphStore) -> None:
        self._store = weakref.ref(store)
        self._lock = threading.Lock()
        self._key: tuple[int, str] | None = None
        self._value: Statistics | None = None

    def get(self, minter: Minter) -> Statistics:
        """The current statistics, computed now if the store changed since the last call."""
        store = self._store()
        if store is None:
            raise RuntimeError("the store of this cache is gone")
        key = (store.count_quads(), minter.base)
        with self._lock:
            if self._value is None or self._key != key:
                self._value, self._key = compute_statistics(store, minter), key
            return self._value


_caches: weakref.WeakKeyDictionary[GraphStore, StatisticsCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def statistics(store: GraphStore, minter: Minter) -> Statistics:
    """The cached statistics of ``store``; one cache per store, dropped with the store.

    Args:
        store: the store to describe.
        minter: mints the graph IRIs of the deployment, to sort graphs into subsets.
    """
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = StatisticsCache(store)
    return cache.get(minter)
