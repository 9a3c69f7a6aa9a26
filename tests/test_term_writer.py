"""One N-Triples term writer: the pipeline's fast path (a record's own store) and the plain-graph path
write the same bytes, and refuse the same unwritable IRI."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from regiongraph import ntriples as nt
from regiongraph import recordgraph

GENID = "http://127.0.0.1:8000/.well-known/genid/"
S, P, Q = URIRef("http://example.org/s"), URIRef("http://example.org/p"), URIRef("http://example.org/q")
NODE = BNode("b1")
TRIPLES = [
    (S, P, Literal('Zeile 1\nZeile "2"\t\\ende')),
    (S, P, Literal("Stadtwerke", lang="de")),
    (S, Q, Literal("2024-05-01", datatype=XSD.date)),
    (S, Q, Literal(42)),
    (S, Q, NODE),
    (NODE, P, URIRef("http://example.org/ü/ä?x=1#f")),
]


def lines(text: str) -> list[bytes]:
    return sorted(line.encode() for line in text.splitlines(keepends=True))


def test_record_store_and_plain_graph_write_identical_bytes():
    record = recordgraph.record_graph(TRIPLES)
    plain = Graph()
    for t in TRIPLES:
        plain.add(t)
    fast, slow = recordgraph.skolem_ntriples(record, GENID), nt.skolem_ntriples(plain, GENID)
    assert lines(fast) == lines(slow)
    assert len(lines(fast)) == len(TRIPLES)
    assert f"<{GENID}b1>".encode() in fast.encode()
    assert '"Zeile 1\\nZeile \\"2\\"\\t\\\\ende"' in fast


def test_both_paths_refuse_the_same_iri():
    bad = [(S, P, URIRef("http://example.org/a b"))]
    plain = Graph()
    plain.add(bad[0])
    with pytest.raises(ValueError, match="not a valid IRI") as fast:
        recordgraph.skolem_ntriples(recordgraph.record_graph(bad), GENID)
    with pytest.raises(ValueError, match="not a valid IRI") as slow:
        nt.skolem_ntriples(plain, GENID)
    assert str(fast.value) == str(slow.value)
