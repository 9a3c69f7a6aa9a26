"""Mapped packages through the real pipeline: valid ones published, invalid ones quarantined with readable reasons."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from regiongraph import Settings
from regiongraph.harvest import SourceRecord
from regiongraph.mapping.dcat import graph_to_package
from regiongraph.pipeline import quarantined
from regiongraph.store import EmbeddedStore
from support.harvestkit import pipeline_for
from support.helpers import iri, lit, select
from support.packages import BASE, HAUSHALT, KITAS, PEGEL, RADWEGE, variant, with_extra, with_resource
from support.views import view

P = """PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX dcat: <http://www.w3.org/ns/dcat#> """


def record(package: dict) -> SourceRecord:
    return SourceRecord("kreis-unna", package["id"], "ckan-package", package, package.get("metadata_modified"))


BAD = {
    "no-title": variant(HAUSHALT, id="no-title", title=""),
    "bad-size": with_resource(variant(HAUSHALT, id="bad-size"), 0, size="12 MB"),
    "no-url": with_resource(variant(HAUSHALT, id="no-url"), 0, url=""),
    "no-publisher": variant(KITAS, id="no-publisher"),
}
#: DCAT-AP 3 checks a date only for being a literal: a date that is none is a warning, the value kept aside.
WARNED = {"bad-date": with_extra(variant(HAUSHALT, id="bad-date"), "issued", "2024-02-30")}


@pytest.fixture(scope="module")
def harvested():
    store = EmbeddedStore(None)
    options = {"language": "de", "links": [{"tag": "Radverkehr", "target": "project/radverkehr-kreis-unna"}]}
    pipeline = pipeline_for(Settings.load(environ={}, base_iri=BASE), store, options=options)
    report = pipeline.run(
        "kreis-unna", [record(p) for p in (RADWEGE, HAUSHALT, PEGEL, *BAD.values(), *WARNED.values())]
    )
    return store, report


def status_of(store, record_id: str) -> str:
    rows = select(store, P + "SELECT ?s WHERE { ?r rg:sourceId ?id ; adms:status ?s }", id=lit(record_id))
    return rows[0]["s"].rsplit("/", 1)[-1]


def test_valid_packages_are_published_with_their_dataset(harvested):
    store, report = harvested
    assert report.new == 3 + len(WARNED)
    for package in (RADWEGE, HAUSHALT, PEGEL, *WARNED.values()):
        assert status_of(store, package["id"]) == "published"
    rows = select(store, P + "SELECT ?v WHERE { ?d dcterms:identifier ?id ; rg:rejectedValue ?v }", id=lit("bad-date"))
    assert [r["v"] for r in rows] == ["issued: '2024-02-30' is not a date"], "the value the gate let pass stays aside"
    rows = select(
        store,
        P + "SELECT ?d WHERE { ?d a dcat:Dataset ; dcterms:relation ?p }",
        p=iri(f"{BASE}project/radverkehr-kreis-unna"),
    )
    assert [r["d"] for r in rows] == [f"{BASE}dataset/kreis-unna/{RADWEGE['id']}"]


def test_invalid_packages_are_quarantined_with_readable_reasons(harvested):
    store, report = harvested
    assert sorted(rid for rid, _ in report.quarantined) == sorted(BAD)
    reasons = {q["id"]: q["reason"] for q in quarantined(store) if q["source"] == "kreis-unna"}
    title = "dcterms:title on no-title: a dataset needs a title as text — give the dataset a title"
    assert title in reasons["no-title"]
    assert (
        "a source value that could not be read on bad-size: a byte size that is no number or a URL that is "
        "not absolute — give sizes as whole numbers of bytes and URLs as absolute http(s) IRIs, or leave them out "
        "(found: text \"resource hh-2024-pdf: size: '12 MB' is not a number of bytes\")"
    ) in reasons["bad-size"]
    assert "dcat:accessURL" in reasons["no-url"] and "a distribution needs an access URL" in reasons["no-url"]
    assert "dcterms:publisher on no-publisher: a dataset needs exactly one publisher" in reasons["no-publisher"]
    for rid in BAD:
        assert status_of(store, rid) == "quarantined"


def test_a_quarantined_dataset_is_not_published(harvested):
    store, _ = harvested
    rows = select(store, P + "SELECT ?d WHERE { ?d a dcat:Dataset ; dcterms:identifier ?id }", id=lit("bad-size"))
    assert rows == []


def test_a_published_graph_read_back_from_the_store_mirrors_its_package(harvested):
    store, _ = harvested
    for package in (RADWEGE, HAUSHALT, PEGEL):
        graph = Graph()
        graph_iri = f"{BASE}graph/kreis-unna/{package['id']}"
        for quad in store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": iri(graph_iri)}):
            graph.add(tuple(_term(quad[v]) for v in ("s", "p", "o")))
        back = graph_to_package(graph, _dataset(graph, package))
        assert view(back) == view(package), package["name"]
        if package is HAUSHALT:  # the store canonicalises "…:00" timestamps; the mirror writes CKAN's form again
            assert back["metadata_modified"] == "2024-02-01T12:30:00.000000"


def _dataset(graph: Graph, package: dict) -> URIRef:
    [dataset] = [s for s in graph.subjects(DCTERMS.identifier, Literal(package["id"]))]
    return dataset


def _term(node):
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    plain = node.language or node.datatype.value == "http://www.w3.org/2001/XMLSchema#string"
    return Literal(node.value, lang=node.language, datatype=None if plain else URIRef(node.datatype.value))
