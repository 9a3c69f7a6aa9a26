"""VoID at /.well-known/void and the service description at /sparql, over HTTP against the real store."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdfns
from rdflib.compare import isomorphic

from regiongraph.api._statistics import statistics
from regiongraph.api.describe import FORMATS, service_description
from regiongraph.gazetteer import ATTRIBUTION, LICENCE_IRI
from regiongraph.iris import Minter
from regiongraph.namespaces import PREFIXES, RG, SD, VOID
from regiongraph.store import EmbeddedStore
from support.helpers import select

RDFLIB = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}
MEDIA = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


def count(store, sparql: str) -> int:
    return int(select(store, sparql)[0]["n"])


@pytest.fixture(scope="module")
def void(site) -> tuple[Graph, URIRef]:
    r = httpx.get(f"{site.url}/.well-known/void", timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    return Graph().parse(data=r.text, format="turtle"), URIRef(f"{site.url}/.well-known/void#dataset")


def value(graph: Graph, node, prop) -> int:
    return int(graph.value(node, prop))


def test_void_statistics_equal_independent_counts(void, store):
    g, ds = void
    # The same figures, asked differently: through GRAPH patterns and without the aggregates VoID uses.
    assert value(g, ds, VOID.triples) == count(
        store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert value(g, ds, VOID.entities) == count(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER isIRI(?s) }"
    )
    assert value(g, ds, VOID.distinctSubjects) == count(
        store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert value(g, ds, VOID.distinctObjects) == count(
        store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert value(g, ds, VOID.properties) == count(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")
    assert value(g, ds, VOID.classes) == count(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")
    assert value(g, ds, VOID.documents) == count(
        store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    assert value(g, ds, VOID.triples) > 250_000


def test_void_partitions_match_the_store(void, store):
    g, ds = void
    classes = {g.value(p, VOID["class"]): value(g, p, VOID.entities) for p in g.objects(ds, VOID.classPartition)}
    properties = {g.value(p, VOID.property): value(g, p, VOID.triples) for p in g.objects(ds, VOID.propertyPartition)}
    assert classes[RG.Cooperation] == count(
        store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/regiongraph/ontology#Cooperation> }"
    )
    assert properties[rdfns.RDF.type] == count(
        store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { ?s a ?o } }"
    )
    assert max(properties.values()) == properties[rdfns.RDF.type]


def test_void_names_endpoint_uri_space_vocabularies_and_modified(void, site, settings):
    g, ds = void
    assert (ds, rdfns.RDF.type, VOID.Dataset) in g
    assert g.value(ds, VOID.sparqlEndpoint) == URIRef(f"{site.url}/sparql")
    assert g.value(ds, VOID.uriSpace) == Literal(settings.base_iri)
    assert set(g.objects(ds, VOID.vocabulary)) == {URIRef(iri) for iri in PREFIXES.values()}
    assert g.value(ds, rdfns.DCTERMS.modified) is not None


def test_void_subsets_per_kind_of_graph(void, store, settings):
    g, ds = void
    subsets = {str(s).rsplit("#", 1)[1]: s for s in g.objects(ds, VOID.subset)}
    assert {"ontology", "codes", "gazetteer", "records-register", "runs"} <= set(subsets)
    gazetteer_graph = Minter(settings.base_iri).system_graph("gazetteer")
    gazetteer = subsets["gazetteer"]
    assert value(g, gazetteer, VOID.triples) == count(
        store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{gazetteer_graph}> {{ ?s ?p ?o }} }}"
    )
    assert g.value(gazetteer, rdfns.DCTERMS.license) == URIRef(LICENCE_IRI)
    assert g.value(
        g.value(gazetteer, rdfns.DCTERMS.source), URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    ) == Literal(ATTRIBUTION, lang="de")
    register = subsets["records-register"]
    assert value(g, register, VOID.documents) == count(
        store,
        f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f'FILTER STRSTARTS(STR(?g), "{settings.base_iri}graph/register/") }}',
    )
    assert value(g, register, VOID.documents) >= 118


@pytest.mark.parametrize("path", ["/.well-known/void", "/sparql"])
def test_every_serialisation_parses_to_the_same_graph(site, path):
    graphs = {}
    for name, media in MEDIA.items():
        by_accept = httpx.get(site.url + path, headers={"accept": media}, timeout=30)
        by_param = httpx.get(site.url + path, params={"format": name}, timeout=30)
        for r in (by_accept, by_param):
            assert r.status_code == 200, r.text
            assert r.headers["content-type"].startswith(media)
        graphs[name] = Graph().parse(data=by_accept.content, format=RDFLIB[name])
        assert isomorphic(graphs[name], Graph().parse(data=by_param.content, format=RDFLIB[name]))
    assert len(graphs["turtle"]) > 40
    for name in ("ntriples", "rdfxml", "jsonld"):
        assert isomorphic(graphs["turtle"], graphs[name]), name


def test_unacceptable_format_is_a_406_problem(site):
    r = httpx.get(f"{site.url}/.well-known/void", headers={"accept": "image/png"})
    assert r.status_code == 406
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "text/turtle" in r.json()["detail"]
    r = httpx.get(f"{site.url}/sparql", params={"format": "csv"})
    assert r.status_code == 406 and r.json()["status"] == 406


def test_service_description_names_the_endpoint(site, void):
    r = httpx.get(f"{site.url}/sparql", headers={"accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    endpoint = URIRef(f"{site.url}/sparql")
    service = g.value(predicate=SD.endpoint, object=endpoint)
    assert service is not None and (service, rdfns.RDF.type, SD.Service) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    assert (service, SD.feature, SD.BasicFederatedQuery) not in g
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.Turtle, FORMATS["JSON-LD"]} <= set(g.objects(service, SD.resultFormat))
    assert len(set(g.objects(service, SD.resultFormat))) == 8
    assert not list(g.objects(service, SD.extensionFunction))
    default = g.value(g.value(service, SD.defaultDataset), SD.defaultGraph)
    void_graph, void_dataset = void
    assert value(g, default, VOID.triples) == value(void_graph, void_dataset, VOID.triples)
    assert value(g, g.value(service, SD.defaultDataset), VOID.documents) == value(
        void_graph, void_dataset, VOID.documents
    )
    # DCAT-AP: the same node is a data service a catalogue can point to.
    assert (service, rdfns.RDF.type, rdfns.DCAT.DataService) in g
    assert g.value(service, rdfns.DCAT.endpointURL) == endpoint
    assert g.value(service, rdfns.DCAT.endpointDescription) == endpoint
    assert g.value(service, rdfns.DCAT.servesDataset) == void_dataset
    assert (service, rdfns.DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")) in g
    assert g.value(service, rdfns.DCTERMS.title) is not None


def test_federation_is_announced_only_when_allowed(settings, store):
    g = service_description(settings.with_(allow_federation=True), store, endpoint_iri="http://example.org/sparql")
    assert (URIRef("http://example.org/sparql#service"), SD.feature, SD.BasicFederatedQuery) in g


def test_statistics_are_cached_until_the_store_changes():
    store, minter = EmbeddedStore(None), Minter("http://example.org/id/")
    store.update(
        "INSERT DATA { GRAPH <http://example.org/id/graph/system/codes> { "
        "<http://example.org/a> a <http://example.org/C> } }"
    )
    first = statistics(store, minter)
    assert statistics(store, minter) is first
    assert (first.triples, first.classes[0].count, first.subsets[0].kind) == (1, 1, "codes")
    store.update(
        "INSERT DATA { GRAPH <http://example.org/id/graph/register/r1> { "
        "<http://example.org/b> a <http://example.org/C> } }"
    )
    second = statistics(store, minter)
    assert second is not first
    assert (second.triples, second.entities, second.named_graphs) == (2, 2, 2)
    assert [s.kind for s in second.subsets] == ["codes", "records/register"]
