"""The DCAT-AP.de catalogue feed, followed page by page with rdflib as ckanext-dcat's harvester does."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from regiongraph.app import create_app
from regiongraph.namespaces import DCATDE, EUTHEME
from support.helpers import LiveServer, select

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
PAGE_SIZE = 25
PUBLISHED_ITEMS = """
PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX rg: <https://w3id.org/regiongraph/ontology#>
PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?d ?m WHERE { GRAPH ?g { ?r foaf:primaryTopic ?d ; dcterms:modified ?m ;
  adms:status <https://w3id.org/regiongraph/code/record-status/published> . ?d a ?k }
  VALUES ?k { dcat:Dataset rg:Cooperation schema:Project } }"""


@pytest.fixture(scope="module")
def feed(settings, store) -> Iterator[LiveServer]:
    """The app with a small page size, so the register spans several pages."""
    paged = settings.with_(
        catalog_page_size=PAGE_SIZE, catalog_contributor_id="http://dcat-ap.de/def/contributors/kreisUnna"
    )
    with LiveServer(create_app(paged, store)) as server:
        yield server


def _follow(url: str, fmt: str = "turtle") -> tuple[list[Graph], list[str]]:
    """Every page from ``url`` on, following hydra:next of the hydra:PagedCollection (ckanext-dcat's rule)."""
    graphs, urls = [], []
    while url:
        response = httpx.get(url)
        assert response.status_code == 200, response.text
        g = Graph().parse(data=response.text, format=fmt)
        graphs.append(g)
        urls.append(url)
        views = list(g.subjects(RDF.type, HYDRA.PagedCollection))
        assert len(views) == 1
        url = str(g.value(views[0], HYDRA.next) or "")
    return graphs, urls


def test_paging_lists_every_published_item_once(feed, store):
    expected = {row["d"] for row in select(store, PUBLISHED_ITEMS)}
    graphs, urls = _follow(f"{feed.url}/catalog.ttl")
    seen = [str(d) for g in graphs for d in g.subjects(RDF.type, DCAT.Dataset)]
    assert len(seen) == len(set(seen)) == len(expected)
    assert set(seen) == expected
    assert len(graphs) == -(-len(expected) // PAGE_SIZE)
    assert urls[1] == f"{feed.url}/catalog.ttl?page=2"
    for g in graphs:
        views = list(g.subjects(RDF.type, HYDRA.PartialCollectionView))
        assert g.value(views[0], HYDRA.totalItems) == Literal(len(expected), datatype=XSD.integer)
        assert g.value(views[0], HYDRA.itemsPerPage) == Literal(PAGE_SIZE, datatype=XSD.integer)
        assert g.value(views[0], HYDRA.last) == URIRef(f"{feed.url}/catalog.ttl?page={len(graphs)}")
    assert (None, HYDRA.previous, None) not in graphs[0]
    second = URIRef(f"{feed.url}/catalog.ttl?page=2")
    assert graphs[1].value(second, HYDRA.previous) == URIRef(f"{feed.url}/catalog.ttl?page=1")


def test_catalog_record_and_data_service(feed):
    g = Graph().parse(data=httpx.get(f"{feed.url}/catalog.ttl").text, format="turtle")
    catalog = URIRef(f"{feed.url}/catalog")
    assert (catalog, RDF.type, DCAT.Catalog) in g
    assert g.value(catalog, DCATDE.contributorID) == URIRef("http://dcat-ap.de/def/contributors/kreisUnna")
    assert g.value(catalog, DCTERMS.publisher) == URIRef("http://127.0.0.1:8000/id/ags/05978")
    unna = URIRef("http://dcat-ap.de/def/politicalGeocoding/districtKey/05978")
    assert (catalog, DCTERMS.spatial, unna) in g and (unna, RDF.type, DCTERMS.Location) in g
    assert (None, DCATDE.politicalGeocodingURI, None) not in g  # deprecated in DCAT-AP.de 3
    service = g.value(catalog, DCAT.service)
    assert g.value(service, DCAT.endpointURL) == URIRef(f"{feed.url}/sparql")
    assert g.value(service, DCTERMS.publisher) == g.value(catalog, DCTERMS.publisher)
    datasets = set(g.objects(catalog, DCAT.dataset))
    assert set(g.objects(service, DCAT.servesDataset)) == datasets
    for record in g.objects(catalog, DCAT.record):
        assert g.value(record, FOAF.primaryTopic) in datasets
        assert (g.value(record, FOAF.primaryTopic), RDF.type, DCAT.Resource) in g
        assert g.value(record, DCTERMS.modified).datatype == XSD.dateTime


def test_cooperation_offered_as_dataset(feed):
    """ku2016-b-14 (Automatisierte Datenverarbeitung) as DCAT-AP.de: theme from its field, licence, geocoding."""
    coop = URIRef("http://127.0.0.1:8000/id/cooperation/ku2016-b-14")
    graphs, _ = _follow(f"{feed.url}/catalog.ttl")
    g = next(g for g in graphs if (coop, RDF.type, DCAT.Dataset) in g)
    assert g.value(coop, DCTERMS.title) == Literal("Automatisierte Datenverarbeitung", lang="de")
    assert set(g.objects(coop, DCAT.theme)) == {EUTHEME.GOVE, EUTHEME.TECH}
    assert g.value(coop, DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")
    assert g.value(coop, DCAT.landingPage) == coop
    assert Literal("Interkommunale Zusammenarbeit", lang="de") in set(g.objects(coop, DCAT.keyword))
    bergkamen = URIRef("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05978004")
    assert bergkamen in set(g.objects(coop, DCTERMS.spatial))
    assert (bergkamen, RDF.type, DCTERMS.Location) in g
    media = {str(g.value(d, DCAT.mediaType)) for d in g.objects(coop, DCAT.distribution)}
    assert media == {
        "https://www.iana.org/assignments/media-types/text/turtle",
        "https://www.iana.org/assignments/media-types/application/ld+json",
    }
    publisher = g.value(coop, DCTERMS.publisher)
    assert g.value(publisher, FOAF.name) is not None


def test_modified_since(feed, store):
    modified = sorted({row["m"] for row in select(store, PUBLISHED_ITEMS)})
    latest = modified[-1]
    graphs, _ = _follow(f"{feed.url}/catalog.ttl?modified_since={latest}")
    g = graphs[0]
    newest = {row["d"] for row in select(store, PUBLISHED_ITEMS) if row["m"] == latest}
    assert {str(d) for d in g.subjects(RDF.type, DCAT.Dataset)} <= newest
    assert g.value(URIRef(f"{feed.url}/catalog"), HYDRA.totalItems) == Literal(len(newest), datatype=XSD.integer)
    later = httpx.get(f"{feed.url}/catalog.ttl", params={"modified_since": "2999-01-01"}).text
    assert (None, RDF.type, DCAT.Dataset) not in Graph().parse(data=later, format="turtle")


def test_text_filter_keeps_the_page_urls(feed):
    graphs, urls = _follow(f"{feed.url}/catalog.ttl?q=volkshochschule")
    titles = {str(o) for g in graphs for d in g.subjects(RDF.type, DCAT.Dataset) for o in g.objects(d, DCTERMS.title)}
    assert titles and all("volkshochschule" in t.lower() for t in titles)
    assert urls == [f"{feed.url}/catalog.ttl?q=volkshochschule"]


@pytest.mark.parametrize(
    ("path", "accept", "media", "rdflib_format"),
    [
        ("/catalog.rdf", None, "application/rdf+xml", "xml"),
        ("/catalog.jsonld", None, "application/ld+json", "json-ld"),
        ("/catalog.nt", None, "application/n-triples", "nt"),
        ("/catalog", "application/rdf+xml", "application/rdf+xml", "xml"),
        ("/catalog", "application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json", "json-ld"),
        ("/catalog", None, "text/turtle", "turtle"),
    ],
)
def test_formats(feed, path, accept, media, rdflib_format):
    response = httpx.get(feed.url + path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    g = Graph().parse(data=response.text, format=rdflib_format)
    assert len(set(g.subjects(RDF.type, DCAT.Dataset))) == PAGE_SIZE


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("page=0", "page must be a positive integer starting at 1"),
        ("page=zwei", "page must be a positive integer starting at 1"),
        ("modified_since=gestern", "not an ISO 8601 date or date-time: 'gestern'"),
    ],
)
def test_bad_parameters_are_400_problems(feed, query, detail):
    response = httpx.get(f"{feed.url}/catalog.ttl?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == detail


def test_not_acceptable_and_unknown_extension(feed):
    assert httpx.get(f"{feed.url}/catalog", headers={"Accept": "image/png"}).status_code == 406
    assert httpx.get(f"{feed.url}/catalog.xlsx").status_code == 404


@pytest.mark.parametrize("path", ["/catalog.ttl", "/catalog.rdf", "/catalog.ttl?page=2"])
def test_a_page_is_the_same_bytes_every_time_and_revalidates(feed, path):
    answers = [httpx.get(feed.url + path) for _ in range(6)]
    assert len({a.content for a in answers}) == 1
    assert len({a.headers["etag"] for a in answers}) == 1
    tag = answers[0].headers["etag"]
    unchanged = httpx.get(feed.url + path, headers={"If-None-Match": f'"other", {tag}'})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == tag and unchanged.headers["vary"] == "Accept"
    assert httpx.get(feed.url + path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_pages_of_other_formats_have_other_tags(feed):
    tags = {httpx.get(f"{feed.url}/catalog.{ext}").headers["etag"] for ext in ("ttl", "rdf", "jsonld", "nt")}
    assert len(tags) == 4


def test_behind_a_proxy_on_loopback_the_links_carry_the_public_scheme_and_host(feed):
    public = {"Host": "daten.example.de", "X-Forwarded-Proto": "https"}
    g = Graph().parse(data=httpx.get(f"{feed.url}/catalog.ttl", headers=public).text, format="turtle")
    assert set(g.objects(None, DCAT.endpointURL)) == {URIRef("https://daten.example.de/sparql")}
    views = list(g.subjects(RDF.type, HYDRA.PagedCollection))
    assert g.value(views[0], HYDRA.next) == URIRef("https://daten.example.de/catalog.ttl?page=2")
