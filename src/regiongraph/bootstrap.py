"""The reference graphs every instance carries: ontology, code lists, gazetteer; and the gazetteer resolver.

Loading is idempotent: reference graphs carry the hash of their input and are reloaded only
when it changes. The register is harvested like any other source (:func:`regiongraph.pipeline.build`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF

from . import ntriples as nt
from .config import Settings
from .errors import ConfigError
from .gazetteer import DIRECTORY_FILE, load_territories, territory_ntriples
from .iris import Minter
from .namespaces import RG
from .store import GraphStore

#: Bump when the gazetteer mapping changes, so stores built before reload it.
GAZETTEER_MAPPING_VERSION = "1"


def load_reference(settings: Settings, store: GraphStore) -> dict[str, bool]:
    """Load ontology, code lists and gazetteer into ``store``: which were loaded (``True``) or current (``False``)."""
    minter = Minter(settings.base_iri)
    return {
        "ontology": _load_turtle(store, minter, "ontology", sorted(settings.resource("ontology").glob("*.ttl"))),
        "codes": _load_turtle(store, minter, "codes", sorted(settings.resource("ontology", "codes").glob("*.ttl"))),
        "gazetteer": _load_gazetteer(store, minter, settings),
    }


def _current(store: GraphStore, graph: str, digest: str) -> bool:
    return store.ask(
        f"ASK WHERE {{ GRAPH ?g {{ ?g <{RG.contentHash}> ?h }} }}",
        substitutions={"g": ox.NamedNode(graph), "h": ox.Literal(digest)},
    )


def _stamp(graph: str, digest: str) -> bytes:
    g = nt.iri(graph)
    return (
        nt.triple(g, nt.iri(str(RDF.type)), nt.iri(str(RG.ReferenceGraph)))
        + nt.triple(g, nt.iri(str(RG.contentHash)), nt.literal(digest))
    ).encode()


def _load_turtle(store: GraphStore, minter: Minter, name: str, files: list[Path]) -> bool:
    if not files:
        raise ConfigError(f"no Turtle files for the {name} graph")
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    graph = minter.system_graph(name)
    if _current(store, graph, digest):
        return False
    triples = [q.triple for path in files for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    store.load_graph(graph, data + _stamp(graph, digest), fmt=ox.RdfFormat.N_TRIPLES)
    return True


def _load_gazetteer(store: GraphStore, minter: Minter, settings: Settings) -> bool:
    path = settings.resource(*DIRECTORY_FILE)
    digest = hashlib.sha256(
        path.read_bytes() + GAZETTEER_MAPPING_VERSION.encode() + settings.base_iri.encode()
    ).hexdigest()
    graph = minter.system_graph("gazetteer")
    if _current(store, graph, digest):
        return False
    lines = "".join(territory_ntriples(load_territories(path), minter)).encode()
    source = nt.iri(graph)
    lines += nt.triple(source, nt.iri(str(DCTERMS.source)), nt.literal(str(path.name))).encode()
    store.load_graph(graph, lines + _stamp(graph, digest), fmt=ox.RdfFormat.N_TRIPLES)
    return True
