"""The record store answers every triple pattern as rdflib's Memory store does, and merges without copying."""

from __future__ import annotations

import itertools

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from regiongraph.recordgraph import RecordGraph, merge, properties, record_graph, subjects

EX = "https://example.org/id/"
DS, DIST, OTHER = URIRef(f"{EX}dataset/a"), URIRef(f"{EX}dataset/a/distribution/1"), URIRef(f"{EX}dataset/b")
NODE = BNode("period")
TRIPLES = [
    (DS, RDF.type, DCAT.Dataset),
    (DS, DCTERMS.title, Literal("Radwege", lang="de")),
    (DS, DCAT.keyword, Literal("Verkehr", lang="de")),
    (DS, DCAT.keyword, Literal("Fahrrad", lang="de")),
    (DS, DCAT.distribution, DIST),
    (DIST, RDF.type, DCAT.Distribution),
    (DS, DCTERMS.temporal, NODE),
    (NODE, DCAT.startDate, Literal("2024-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
    (OTHER, RDF.type, DCAT.Dataset),
    (OTHER, DCAT.keyword, Literal("Verkehr", lang="de")),
]


def _patterns():
    terms = {
        0: [None, DS, NODE, URIRef(f"{EX}none")],
        1: [None, RDF.type, DCAT.keyword, DCTERMS.issued],
        2: [None, DCAT.Dataset, Literal("Verkehr", lang="de"), DIST, Literal("none")],
    }
    return list(itertools.product(terms[0], terms[1], terms[2]))


@pytest.mark.parametrize("pattern", _patterns())
def test_every_pattern_matches_what_rdflib_memory_matches(pattern):
    fast, plain = record_graph(TRIPLES), Graph()
    for t in TRIPLES:
        plain.add(t)
    assert set(fast.triples(pattern)) == set(plain.triples(pattern))


def test_lookups_by_object_stay_right_after_later_adds_and_removes():
    g = record_graph(TRIPLES)
    assert set(g.subjects(RDF.type, DCAT.Dataset)) == {DS, OTHER}  # builds the rdf:type index
    g.add((DIST, RDF.type, DCAT.Dataset))
    g.remove((OTHER, None, None))
    assert set(g.subjects(RDF.type, DCAT.Dataset)) == {DS, DIST}
    assert set(g.subjects(None, Literal("Verkehr", lang="de"))) == {DS}
    assert len(g) == len(TRIPLES) - 2 + 1


def test_adding_a_triple_twice_keeps_one():
    g = record_graph(TRIPLES)
    g.add(TRIPLES[0])
    assert len(g) == len(TRIPLES) == len(list(g))


def test_a_term_that_is_no_rdf_term_is_refused_as_rdflib_refuses_it():
    with pytest.raises(AssertionError, match="must be an rdflib term"):
        record_graph().add((DS, DCTERMS.title, "Radwege"))


def test_merge_holds_all_triples_leaves_the_records_alone_and_is_read_only():
    a = record_graph(TRIPLES[:8])
    b = record_graph([(DS, DCTERMS.publisher, URIRef(f"{EX}ags/05978")), *TRIPLES[8:]])
    merged = merge([a, b])
    assert isinstance(merged, RecordGraph)
    assert set(merged) == set(TRIPLES) | {(DS, DCTERMS.publisher, URIRef(f"{EX}ags/05978"))}
    assert len(merged) == len(TRIPLES) + 1
    assert len(a) == 8 and (DS, DCTERMS.publisher, None) not in a  # DS in both: copied, not shared
    with pytest.raises(TypeError, match="read-only"):
        merged.add((OTHER, DCTERMS.title, Literal("x")))


def test_merging_a_plain_rdflib_graph_leaves_the_record_graphs_alone():
    a = record_graph(TRIPLES[:3])
    plain = Graph()
    plain.add((DS, DCTERMS.issued, Literal("2024-01-01")))
    merged = merge([a, plain])
    assert len(merged) == 4 and len(a) == 3 and (DS, DCTERMS.issued, None) not in a


def test_properties_and_subjects_read_the_subject_index():
    g = record_graph(TRIPLES)
    assert properties(g, DS)[DCAT.keyword] == [Literal("Verkehr", lang="de"), Literal("Fahrrad", lang="de")]
    assert properties(g, URIRef(f"{EX}none")) == {}
    assert set(subjects(g)) == {DS, DIST, NODE, OTHER}
    plain = Graph()
    plain += g
    assert set(subjects(plain)) == {DS, DIST, NODE, OTHER}
    assert set(properties(plain, DS)[DCAT.keyword]) == {Literal("Verkehr", lang="de"), Literal("Fahrrad", lang="de")}
