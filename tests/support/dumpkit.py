"""What the dump tests share: the base IRI, and a dump read back with its skolem IRIs as blank nodes again."""

from __future__ import annotations

import gzip
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import isomorphic

BASE = "http://127.0.0.1:8000/id/"  # the session store's (tests/conftest.py)

GENID = BASE + ".well-known/genid/"  # RDF 1.1 §3.5, below the deployment's base IRI
RUNS = BASE + "run/"


def unskolem(term):
    if isinstance(term, ox.NamedNode) and term.value.startswith(GENID):
        return ox.BlankNode(term.value[len(GENID) :])
    return term


def read_back(path: Path) -> list[ox.Quad]:
    """The dump's quads, skolem IRIs as blank nodes again."""
    with gzip.open(path, "rb") as raw:
        quads = list(ox.parse(raw, format=ox.RdfFormat.N_QUADS))
    return [ox.Quad(unskolem(q.subject), q.predicate, unskolem(q.object), unskolem(q.graph_name)) for q in quads]


def by_graph(quads) -> dict[str, list[ox.Triple]]:
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in quads:
        graphs[str(q.graph_name)].append(q.triple)
    return graphs


def rdflib_graph(triples: list[ox.Triple]) -> Graph:
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")


def same_datasets(expected, got) -> list[str]:
    """Graphs that differ: compared as sets, or isomorphically where blank nodes are in play."""
    want, have = by_graph(expected), by_graph(got)
    differ = sorted(set(want) ^ set(have))
    for name in set(want) & set(have):
        a, b = want[name], have[name]
        if any(isinstance(t, ox.BlankNode) for tr in a + b for t in (tr.subject, tr.object)):
            if len(set(a)) != len(set(b)) or not isomorphic(rdflib_graph(a), rdflib_graph(b)):
                differ.append(name)
        elif set(map(str, a)) != set(map(str, b)):  # N-Triples text: hashed far faster than term objects
            differ.append(name)
    return differ
