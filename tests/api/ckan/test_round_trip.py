"""The issue's done-when: a second RegionGraph harvests the first through /catalog.ttl and /api/3/action/."""

from __future__ import annotations

from pathlib import Path

import ckanapi
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import BASE, Site
from regiongraph import Settings
from regiongraph.catalog import Selection, build_packages, context_for
from regiongraph.harvest.sources import SourceDeclaration
from regiongraph.runs import harvest_source
from regiongraph.store import EmbeddedStore
from regiongraph.sync import mapped_fields

SECOND = "http://b.example/id/"
#: Extras both instances write from the same package (others are the second's own bookkeeping).
COMPARED_EXTRAS = {"uri", "contributorID", "politicalGeocodingURI", "issued", "modified", "temporal_start",
                   "temporal_end", "spatial", "licenseAttributionByText"}
DATASETS = """
PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX rg: <https://w3id.org/regiongraph/ontology#>
SELECT ?d ?g WHERE { GRAPH ?g { ?r foaf:primaryTopic ?d ; rg:harvestSource ?src ;
  adms:status <https://w3id.org/regiongraph/code/record-status/published> . ?d a dcat:Dataset } }"""


@pytest.fixture(scope="module")
def second(portal_site: Site, tmp_path_factory) -> tuple[Settings, EmbeddedStore, dict]:
    settings = Settings.load(environ={}, data_dir=tmp_path_factory.mktemp("second"), base_iri=SECOND)
    store = EmbeddedStore(None)
    reports = {}
    for name, kind, url in (("first-dcat", "dcat", f"{portal_site.server.url}/catalog.ttl"),
                            ("first-ckan", "ckan", portal_site.server.url)):
        decl = SourceDeclaration(name=name, type=kind, file=Path(f"{name}.toml"), url=url, page_size=25)
        reports[name] = harvest_source(settings, store, decl, full=True)
    return settings, store, reports


def _published(store: EmbeddedStore, source: str, base: str = SECOND) -> dict[str, str]:
    """Published datasets of ``source`` in ``store`` → their record's graph."""
    rows = store.query(DATASETS, substitutions={"src": ox.NamedNode(f"{base}source/{source}")})
    return {row["d"].value: row["g"].value for row in rows}


def _first_items(site: Site) -> dict[str, dict]:
    """Every item of the first instance's catalogue, as its Action API shows it, by dataset IRI."""
    ckan = ckanapi.RemoteCKAN(site.server.url)
    packages = ckan.action.package_search(rows=1000)["results"]
    return {next(e["value"] for e in p["extras"] if e["key"] == "uri"): p for p in packages}


def _second_packages(settings: Settings, store: EmbeddedStore, source: str) -> dict[str, dict]:
    selection = Selection(settings.base_iri)
    selection.clauses.append("GRAPH ?g { ?r rg:harvestSource ?src }")
    selection.bindings["src"] = ox.NamedNode(f"{SECOND}source/{source}")
    ctx = context_for(settings, catalog="http://b.example/catalog", endpoint="http://b.example/sparql")
    items = selection.page(store, limit=1000, offset=0)
    return {i.dataset: p for i, p in zip(items, build_packages(store, items, ctx, settings.base_iri), strict=True)}


def _comparable(package: dict) -> dict:
    fields = mapped_fields(package)
    fields["extras"] = {k: v for k, v in fields["extras"].items() if k in COMPARED_EXTRAS}
    del fields["owner_org"]  # the second instance names publishers by its own gazetteer IRIs
    return fields


def test_ckan_harvester_round_trip(portal_site, second):
    settings, store, reports = second
    first = _first_items(portal_site)
    assert reports["first-ckan"].counts["new"] == len(first)
    assert not reports["first-ckan"].quarantined
    assert set(_published(store, "first-ckan")) == set(first)
    again = _second_packages(settings, store, "first-ckan")
    for iri, package in first.items():
        assert _comparable(again[iri]) == _comparable(package), iri


def test_dcat_harvester_round_trip(portal_site, second):
    settings, store, reports = second
    first = _first_items(portal_site)
    report = reports["first-dcat"]
    published = _published(store, "first-dcat")
    quarantined = {rid for rid, _ in report.quarantined}
    assert set(published) | quarantined == set(first)  # every dataset arrives; none is lost
    again = _second_packages(settings, store, "first-dcat")
    for iri in published:
        assert _comparable(again[iri])["title"] == _comparable(first[iri])["title"], iri


DQV_MEASUREMENT = "http://www.w3.org/ns/dqv#hasQualityMeasurement"
DESCRIPTION = """
SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }
  FILTER (?s = ?d || (STRSTARTS(STR(?s), CONCAT(STR(?d), "/")) && !STRSTARTS(STR(?s), CONCAT(STR(?d), "/quality/"))))
  FILTER (?p != <http://www.w3.org/ns/dqv#hasQualityMeasurement>) }"""


def _description(store, dataset: str, graph: str) -> Graph:
    """The dataset's own triples and those of its dependent nodes (distributions, contact, period), without
    quality measurements (each instance measures for itself). Each instance mints its dependent nodes under
    its own source's name, so they become blank nodes and graphs are compared up to their naming; the
    deployments' own namespaces (gazetteer IRIs) are written base-free."""
    rows = store.query(DESCRIPTION, substitutions={"d": ox.NamedNode(dataset), "g": ox.NamedNode(graph)})
    out = Graph()
    for row in rows:
        out.add(tuple(_term(row[v], dataset) for v in ("s", "p", "o")))
    return out


def _term(term, dataset: str):
    if isinstance(term, ox.Literal):
        return Literal(term.value, lang=term.language,
                       datatype=None if term.language else URIRef(term.datatype.value))
    iri = term.value
    for root in (BASE + "dataset/", SECOND + "dataset/"):
        parts = iri[len(root):].split("/", 2) if iri.startswith(root) and iri != dataset else []
        if len(parts) == 3:  # <root><source>/<id>/<dependent>: named by the dependent part alone
            return BNode(parts[2])
    return URIRef(iri.replace(BASE, "urn:base:").replace(SECOND, "urn:base:"))


@pytest.mark.xfail(strict=True, reason="known gap (issue 6 note): contact point, agents and period nodes of a "
                   "harvested dataset are reshaped on the second instance; package fields agree, triples not yet")
@pytest.mark.parametrize("source", ["first-ckan", "first-dcat"])
def test_both_harvesters_end_with_the_same_mapped_triples(portal_site, second, source):
    store = second[1]
    originals = _published(portal_site.store, "unna-portal", portal_site.settings.base_iri)
    copies = _published(store, source)
    assert set(originals) <= set(copies)  # the feed offers register cooperations and projects as datasets too
    for dataset, graph in originals.items():
        mine = _description(portal_site.store, dataset, graph)
        theirs = _description(store, dataset, copies[dataset])
        if not isomorphic(mine, theirs):
            _, only_mine, only_theirs = graph_diff(to_isomorphic(mine), to_isomorphic(theirs))
            pytest.fail(f"{dataset}: only in the first {sorted(only_mine)[:4]}, "
                        f"only in the second {sorted(only_theirs)[:4]}")
