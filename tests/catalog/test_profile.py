"""The DCAT-AP.de 3 form of catalogue pages, and the official profile that judges it (GovData's own test cases)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from regiongraph.catalog._profile import dcat_ap_de3
from support import dcat_ap
from support.shared import conformance

DCT, DCAT, XSD = "http://purl.org/dc/terms/", "http://www.w3.org/ns/dcat#", "http://www.w3.org/2001/XMLSchema#"
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
D, DIST = ox.NamedNode("http://example.org/d"), ox.NamedNode("http://example.org/d/dist")
KAMEN = ox.NamedNode("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05978020")


def _deprecated_shapes() -> set[str]:
    """The messages of ``dcat-ap-de-deprecated.ttl``, read from the file itself."""
    g = Graph().parse(conformance("dcat-ap-shacl", "dcat-ap-de-3.0", "dcat-ap-de-deprecated.ttl"))
    return {str(m) for m in g.objects(None, dcat_ap.SH.message)}


@pytest.mark.parametrize("axioms", [False, True])
def test_govdata_deprecated_case_warns_once_per_deprecated_term(axioms):
    g = Graph().parse(conformance("dcat-ap-shacl", "dcat-ap-de-3.0", "testcases", "deprecated.ttl"))
    outcome = dcat_ap.check(g, dcat_axioms=axioms)
    assert outcome.violations == []
    messages = {f.message for f in outcome.warnings}
    # The case's adms:status is already the EU list's (its comment says otherwise), and its checksum uses the
    # deprecated hash list, whose value is no spdx:ChecksumAlgorithm of the current list either.
    status = "Deprecated: Die Codeliste 'http://purl.org/adms/status/' soll nicht mehr verwendet werden."
    algorithm = (
        "spdx:Checksum: spdx:algorithm SOLL folgendes Vokabular benutzen: "
        "https://www.dcat-ap.de/def/dcatde/3.0/spec/#kv-hash-algorithms"
    )
    assert status in _deprecated_shapes()
    assert messages == (_deprecated_shapes() - {status}) | {algorithm}
    assert len(outcome.warnings) == len(messages)


def test_govdata_quick_test_conforms_as_govdata_runs_it():
    """Without DCAT's axioms, as GovData's validator runs; the SPDX algorithms are members of their list."""
    g = Graph().parse(conformance("dcat-ap-shacl", "dcat-ap-de-3.0", "testcases", "quicktest.ttl"))
    outcome = dcat_ap.check(g)
    assert outcome.findings == ()


def test_an_item_without_its_publisher_or_type_violates():
    """The profile catches what the feed must state: a data service's publisher, a record's dcat:Resource."""
    g = Graph().parse(
        format="turtle",
        data="""
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        <c> a dcat:Catalog ; dct:title "K"@de ; dct:description "K"@de ; dct:publisher <p> ;
            dcat:dataset <d> ; dcat:record <r> ; dcat:service <s> .
        <p> a foaf:Agent ; foaf:name "P" .
        <s> a dcat:DataService ; dct:title "S"@de ; dcat:endpointURL <e> ; dcat:servesDataset <d> .
        <d> a dcat:Dataset ; dct:title "D"@de ; dct:description "D"@de ; dct:publisher <p> .
        <r> a dcat:CatalogRecord ; foaf:primaryTopic <d> ;
            dct:modified "2024-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
    """,
        publicID="http://example.org/",
    )
    bare = {(f.focus.rsplit("/", 1)[-1], f.path.rsplit("/", 1)[-1]) for f in dcat_ap.check(g).violations}
    assert bare == {("s", "publisher"), ("r", "primaryTopic")}
    assert {(f.focus, f.path) for f in dcat_ap.check(g, dcat_axioms=True).violations} == {
        ("http://example.org/s", DCT + "publisher")
    }


def test_the_deprecated_geocoding_leaves_as_spatial_typed_location():
    old = ox.Triple(D, ox.NamedNode("http://dcat-ap.de/def/dcatde/politicalGeocodingURI"), KAMEN)
    assert list(dcat_ap_de3([old])) == [
        ox.Triple(D, ox.NamedNode(DCT + "spatial"), KAMEN),
        ox.Triple(KAMEN, TYPE, ox.NamedNode(DCT + "Location")),
    ]


def test_a_records_topic_is_also_a_dcat_resource():
    record = ox.NamedNode("http://example.org/r")
    triple = ox.Triple(record, ox.NamedNode("http://xmlns.com/foaf/0.1/primaryTopic"), D)
    assert list(dcat_ap_de3([triple])) == [triple, ox.Triple(D, TYPE, ox.NamedNode(DCAT + "Resource"))]


def test_byte_size_gets_back_the_datatype_oxigraph_drops():
    store = ox.Store()
    size = ox.Literal("1048576", datatype=ox.NamedNode(XSD + "nonNegativeInteger"))
    store.add(ox.Quad(DIST, ox.NamedNode(DCAT + "byteSize"), size))
    stored = next(iter(store)).triple
    assert stored.object.datatype == ox.NamedNode(XSD + "integer")  # the engine's own answer (pyoxigraph 0.5.13)
    assert list(dcat_ap_de3([stored])) == [ox.Triple(DIST, ox.NamedNode(DCAT + "byteSize"), size)]


def test_other_triples_pass_unchanged():
    triples = [
        ox.Triple(D, ox.NamedNode(DCT + "title"), ox.Literal("Haltestellen", language="de")),
        ox.Triple(D, ox.NamedNode(DCT + "spatial"), ox.Literal("Kamen")),
        ox.Triple(DIST, ox.NamedNode(DCT + "extent"), ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))),
    ]
    assert list(dcat_ap_de3(triples)) == triples
