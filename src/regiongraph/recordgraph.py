"""Small rdflib graphs for one harvested record (or one SHACL batch), built and read fast.

rdflib's default ``Memory`` store pays for named-graph bookkeeping and add events on every
triple (about 10 µs a triple here): for a record of a hundred triples that was half the
mapping's time and, through its context lookups, most of the merge before the SHACL gate.
:class:`RecordStore` keeps three plain dict indexes and nothing else. Graphs on it are
ordinary :class:`rdflib.Graph` objects (the mapping contract), so every reader works unchanged.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.store import Store
from rdflib.term import Node

from . import ntriples as nt

Triple = tuple[Node, Node, Node]
_Index = dict[Node, dict[Node, dict[Node, None]]]
_EMPTY: dict[Node, Any] = {}


class RecordStore(Store):
    """An in-memory store of one graph: ``spo``, ``pos`` and ``osp`` dict indexes, no events.

    It says it is context- and graph-aware only because pyshacl views every data graph through
    an rdflib ``Dataset``, which requires those flags; it holds exactly one graph, so a
    triple's context is always that graph and ``context`` arguments are ignored.
    """

    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self, configuration: str | None = None, identifier: Node | None = None) -> None:
        super().__init__(configuration)
        self.identifier = identifier
        self._spo: _Index = {}
        # Built on the first lookup that needs them (``pos`` one predicate at a time), kept up to
        # date from then on: mapping asks by subject, pyshacl asks a few predicates by object
        # (rdf:type for targets), so most of these indexes are never built.
        self._pos_index: _Index = {}
        self._osp_index: _Index | None = None
        self._size = 0
        self._owned: set[Node] = set()  # subjects whose entries absorb() copied (not shared)
        self.frozen = False
        self._namespaces: dict[str, Any] = {}
        self._prefixes: dict[Any, str] = {}

    def add(self, triple: Triple, context: Any = None, quoted: bool = False) -> None:
        if self.frozen:
            self._writable()
        s, p, o = triple
        by_p = self._spo.get(s)
        if by_p is None:
            by_p = self._spo[s] = {}
        objects = by_p.get(p)
        if objects is None:
            objects = by_p[p] = {}
        elif o in objects:
            return
        objects[o] = None
        if p in self._pos_index:
            _put(self._pos_index, p, o, s)
        if self._osp_index is not None:
            _put(self._osp_index, o, s, p)
        self._size += 1

    def _by_predicate(self, p: Node) -> dict[Node, dict[Node, None]]:
        """The ``pos`` index of one predicate: object → subjects."""
        index = self._pos_index.get(p)
        if index is None:
            index = self._pos_index[p] = {}
            for s, by_p in self._spo.items():
                for o in by_p.get(p, _EMPTY):
                    subjects = index.get(o)
                    if subjects is None:
                        index[o] = {s: None}
                    else:
                        subjects[s] = None
        return index

    @property
    def _osp(self) -> _Index:
        if self._osp_index is None:
            self._osp_index = {}
            for s, p, o in self.match(None, None, None):
                _put(self._osp_index, o, s, p)
        return self._osp_index

    def addN(self, quads: Iterable[tuple[Node, Node, Node, Any]]) -> None:  # noqa: N802 (rdflib's name)
        add = self.add
        for s, p, o, _ in quads:
            add((s, p, o))

    def add_triples(self, triples: Iterable[Triple]) -> None:
        """Add many triples at once (a merge of record graphs, a mapped record).

        Not ``update``: rdflib's ``Store.update`` runs a SPARQL update.
        """
        add = self.add
        for triple in triples:
            add(triple)

    def remove(self, triple: Any, context: Any = None) -> None:
        self._writable()
        for (s, p, o), _ in list(self.triples(triple)):
            del self._spo[s][p][o]
            if p in self._pos_index:
                del self._pos_index[p][o][s]
            if self._osp_index is not None:
                del self._osp_index[o][s][p]
            self._size -= 1

    def absorb(self, other: RecordStore) -> None:
        """Add all triples of ``other`` without copying them one by one: its subjects' entries are
        shared, and copied only where a subject already came from another store. Writing to this
        store afterwards would write through to ``other``: :func:`merge` freezes it."""
        spo = self._spo
        for s, by_p in other._spo.items():
            mine = spo.get(s)
            if mine is None:
                spo[s] = by_p
                self._size += sum(map(len, by_p.values()))
                continue
            if s not in self._owned:
                mine = spo[s] = {p: objects.copy() for p, objects in mine.items()}
                self._owned.add(s)
            for p, objects in by_p.items():
                have = mine.setdefault(p, {})
                before = len(have)
                have.update(objects)
                self._size += len(have) - before
        self._pos_index, self._osp_index = {}, None

    def _writable(self) -> None:
        if self.frozen:
            raise TypeError("a merged record graph shares its triples with the records: it is read-only")

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[Triple, Any]]:
        """rdflib's lookup: matching triples, each with its (here: no) contexts.

        Like rdflib's Memory store it iterates a snapshot, so callers may change the graph meanwhile.
        """
        s, p, o = triple_pattern
        if s is not None and p is not None:  # by far the most common lookup: objects(s, p)
            objects = self._spo.get(s, _EMPTY).get(p)
            if objects is None:
                return
            if o is None:
                for o2 in tuple(objects):
                    yield (s, p, o2), ()
            elif o in objects:
                yield (s, p, o), ()
            return
        for triple in self.match(s, p, o):
            yield triple, ()

    def match(self, s: Node | None, p: Node | None, o: Node | None) -> list[Triple]:
        """Triples matching a pattern (``None`` matches anything), from the index that fits it."""
        if s is not None:
            return [(s, p2, o2) for p2, o2 in _pairs(self._spo.get(s), p, o)]
        if p is not None:
            return [(s2, p, o2) for o2, s2 in _pairs(self._by_predicate(p), o, None)]
        if o is not None:
            return [(s2, p2, o) for s2, p2 in _pairs(self._osp.get(o), None, None)]
        return [(s2, p2, o2) for s2, by_p in self._spo.items() for p2, objects in by_p.items() for o2 in objects]

    def __len__(self, context: Any = None) -> int:
        return self._size

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        yield from ()  # one graph, named by no context

    def add_graph(self, graph: Graph) -> None:
        """Nothing to do: the store is one graph."""

    def remove_graph(self, graph: Graph) -> None:
        self._writable()
        self._spo, self._pos_index, self._osp_index, self._size = {}, {}, None, 0

    def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
        if not override and (prefix in self._namespaces or namespace in self._prefixes):
            return
        old_namespace, old_prefix = self._namespaces.pop(prefix, None), self._prefixes.pop(namespace, None)
        if old_namespace is not None:
            self._prefixes.pop(old_namespace, None)
        if old_prefix is not None:
            self._namespaces.pop(old_prefix, None)
        self._namespaces[prefix], self._prefixes[namespace] = namespace, prefix

    def namespace(self, prefix: str) -> Any:
        return self._namespaces.get(prefix)

    def prefix(self, namespace: Any) -> str | None:
        return self._prefixes.get(namespace)

    def namespaces(self) -> Iterator[tuple[str, Any]]:
        yield from list(self._namespaces.items())


def _put(index: _Index, k1: Node, k2: Node, k3: Node) -> None:
    inner = index.get(k1)
    if inner is None:
        index[k1] = {k2: {k3: None}}
        return
    leaf = inner.get(k2)
    if leaf is None:
        inner[k2] = {k3: None}
    else:
        leaf[k3] = None


def _pairs(
    index: dict[Node, dict[Node, None]] | None, first: Node | None, second: Node | None
) -> Iterator[tuple[Node, Node]]:
    """(first, second) key pairs of a two-level index, restricted where a key is given."""
    if not index:
        return
    if first is not None:
        inner = index.get(first)
        if inner is not None:
            if second is None:
                yield from ((first, k) for k in inner)
            elif second in inner:
                yield first, second
        return
    for k1, inner in index.items():
        if second is None:
            yield from ((k1, k2) for k2 in inner)
        elif second in inner:
            yield k1, second


class RecordGraph(Graph):
    """An rdflib ``Graph`` whose ``add`` checks terms against rdflib's term classes directly.

    rdflib asserts ``isinstance(term, Node)`` three times per triple, and ``Node`` is an abstract
    base class: that check alone cost a fifth of adding a triple. Anything else goes the usual way.
    """

    def add(self, triple: Triple) -> RecordGraph:
        s, p, o = triple
        if type(s) in _TERMS and type(p) is URIRef and type(o) in _TERMS:
            self.store.add(triple, self)
            return self
        return super().add(triple)  # rdflib's own checks and messages

    # rdflib declares a Generator; a tuple's iterator is what keeps these lookups cheap, and callers only iterate.
    def objects(  # type: ignore[override]
        self, subject: Any = None, predicate: Any = None, unique: bool = False
    ) -> Iterator[Node]:
        """Objects of ``subject`` and ``predicate``: straight from the subject index when both are terms
        (pyshacl's and the mapping's most frequent lookup), else as rdflib does it."""
        if type(predicate) is URIRef and subject is not None and isinstance(self.store, RecordStore):
            # a snapshot: callers may add to the same subject while they iterate
            return iter(tuple(self.store._spo.get(subject, _EMPTY).get(predicate, _EMPTY)))
        return super().objects(subject, predicate, unique)

    def subjects(  # type: ignore[override]  # an Iterator, as objects() says
        self, predicate: Any = None, object: Any = None, unique: bool = False
    ) -> Iterator[Node]:
        """Subjects of ``predicate`` and ``object``, straight from the by-predicate index when both are terms
        (pyshacl's target lookups), else as rdflib does it."""
        if type(predicate) is URIRef and object is not None and isinstance(self.store, RecordStore):
            return iter(tuple(self.store._by_predicate(predicate).get(object, _EMPTY)))
        return super().subjects(predicate, object, unique)


_TERMS = frozenset({URIRef, BNode, Literal})


def record_graph(triples: Iterable[Triple] = ()) -> Graph:
    """A new graph on a :class:`RecordStore`, without prefix bindings (records travel as N-Triples)."""
    store = RecordStore()
    store.add_triples(triples)
    return RecordGraph(store=store, bind_namespaces="none")


def properties(graph: Graph, node: Node) -> dict[Node, list[Node]]:
    """The properties of ``node``: predicate → its objects (one index lookup on a :class:`RecordStore`)."""
    store = graph.store
    if isinstance(store, RecordStore):
        return {p: list(objects) for p, objects in store._spo.get(node, _EMPTY).items() if objects}
    out: dict[Node, list[Node]] = {}
    for p, o in graph.predicate_objects(node):
        out.setdefault(p, []).append(o)
    return out


def subjects(graph: Graph) -> Iterable[Node]:
    """The distinct subjects of ``graph`` (a :class:`RecordStore` knows them without a scan)."""
    store = graph.store
    if isinstance(store, RecordStore):
        return [s for s, by_p in store._spo.items() if any(by_p.values())]
    return graph.subjects(unique=True)


def add_all(graph: Graph, triples: Iterable[Triple]) -> None:
    """Add ``triples`` to ``graph``: straight into a :class:`RecordStore`, else through ``Graph.addN``."""
    if isinstance(graph.store, RecordStore):
        graph.store.add_triples(triples)
    else:
        graph.addN((s, p, o, graph) for s, p, o in triples)


def merge(graphs: Iterable[Graph]) -> Graph:
    """One read-only graph holding the triples of all ``graphs`` (each is left as it is).

    Record graphs are shared, not copied (a batch of 100 has some 10,000 triples): the merged
    graph is for reading, such as a SHACL run; a write raises ``TypeError``.
    """
    store = RecordStore()
    merged = RecordGraph(store=store, bind_namespaces="none")
    for g in graphs:
        if isinstance(g.store, RecordStore):
            store.absorb(g.store)
        else:  # copied into a store of its own first: absorb() never writes into a shared entry
            own = RecordStore()
            own.add_triples(g)
            store.absorb(own)
    store.frozen = True
    return merged


def skolem_ntriples(graph: Graph, genid: str) -> str:
    """:func:`regiongraph.ntriples.skolem_ntriples`, read straight from a :class:`RecordStore`'s subject index.

    The pipeline writes every record this way; walking the index writes each subject and
    predicate once per record instead of once per triple.

    Raises:
        ValueError: a term cannot be written (see :func:`regiongraph.ntriples.iri`).
    """
    store = graph.store
    if not isinstance(store, RecordStore):
        return nt.skolem_ntriples(graph, genid)
    lines: list[str] = []
    for s, by_p in store._spo.items():
        subject = nt.term(s, genid)
        for p, objects in by_p.items():
            if objects:
                head = f"{subject} {nt.term(p, genid)} "
                lines.extend(f"{head}{nt.term(o, genid)} .\n" for o in objects)
    return "".join(lines)
