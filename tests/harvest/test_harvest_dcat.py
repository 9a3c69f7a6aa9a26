"""The DCAT harvester against the local portal's catalogue: formats, Hydra paging, loops, limits, increments."""

from __future__ import annotations

import re
from dataclasses import replace
from xml.etree import ElementTree

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from regiongraph import Instance
from regiongraph.harvest._http import Fatal
from regiongraph.harvest.dcat import PROBLEM, UNIDENTIFIED, DcatHarvester, rdf_format
from regiongraph.pipeline import harvest_source
from regiongraph.store import EmbeddedStore
from support.harvestkit import P, declare, settings_for, status
from support.portal import Portal, make_package, make_packages, package_id
from support.portal._dcat import ANONYMOUS
from support.shared import realdata

N = 24


@pytest.fixture
def portal():
    with Portal(make_packages(N), dcat_page_size=10) as p:
        yield p


def expected_ids(portal: Portal) -> set[str]:
    """Dataset IRIs; for the blank-node datasets (every 15th) their dcterms:identifier."""
    out = set()
    for i in range(N):
        pid = package_id(i)
        if i % 10 == 0:
            out.add(f"https://daten.kreis-unna.example/dataset/{pid}")
        elif i % 15 == 14:
            out.add(pid)
        else:
            out.add(f"{portal.url}/dataset/{pid}")
    return out


def harvest(tmp_path, url: str, **source):
    decl = declare(tmp_path / "sources", "katalog", "dcat", url, **source)
    h = DcatHarvester(decl)
    return {r.id: r for r in h.records()}, h.outcome


def test_turtle_rdfxml_and_jsonld_give_the_same_records(tmp_path, portal):
    hashes = {}
    for ext in ("ttl", "rdf", "jsonld"):
        records, outcome = harvest(tmp_path, f"{portal.url}/catalog.{ext}")
        assert set(records) == expected_ids(portal) and outcome.complete and outcome.failures == []
        hashes[ext] = {rid: r.hash for rid, r in records.items()}
    assert hashes["ttl"] == hashes["rdf"] == hashes["jsonld"], "blank nodes are labelled by content, not by parse"
    assert portal.served == {"/catalog.ttl": 3, "/catalog.rdf": 3, "/catalog.jsonld": 3}


def test_a_record_carries_its_description_with_blank_nodes_and_distributions(tmp_path, portal):
    records, _ = harvest(tmp_path, f"{portal.url}/catalog.ttl")
    blank = records[package_id(14)]
    assert blank.payload["iri"] is None and blank.payload["catalog"] == portal.url + "/"
    triples = list(ox.parse(blank.payload["ntriples"].encode(), format=ox.RdfFormat.N_TRIPLES))
    predicates = {t.predicate.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for t in triples}
    assert {"title", "distribution", "accessURL", "publisher", "name", "temporal", "startDate"} <= predicates
    text = records[f"{portal.url}/dataset/{package_id(6)}"].payload["ntriples"]
    assert '"Stadt Fröndenberg/Ruhr"' in text and "<p>" in text
    assert blank.modified == portal.packages[package_id(14)]["metadata_modified"]


def test_legacy_hydra_paged_collection_is_followed(tmp_path):
    with Portal(make_packages(N), dcat_page_size=10, legacy_hydra=True) as legacy:
        records, outcome = harvest(tmp_path, f"{legacy.url}/catalog.ttl")
        assert set(records) == expected_ids(legacy) and outcome.complete
        assert legacy.served["/catalog.ttl"] == 3


def test_a_hydra_next_loop_stops_and_is_reported_and_nothing_is_withdrawn(tmp_path, portal):
    settings, store = settings_for(tmp_path), EmbeddedStore(None)
    decl = declare(tmp_path / "sources", "katalog", "dcat", f"{portal.url}/catalog.ttl")
    harvest_source(Instance(settings), store, decl)
    portal.delete(package_id(3))
    portal.fault("/catalog.ttl", "loop", after=1)
    report = harvest_source(Instance(settings), store, decl, full=True)
    assert len(report.failed) == 1 and "leads back to a page already read" in report.failed[0][1]
    assert report.withdrawn == 0
    assert status(store, "katalog")[f"{portal.url}/dataset/{package_id(3)}"] != "withdrawn"
    portal.faults.clear()
    again = harvest_source(Instance(settings), store, decl, full=True)
    assert again.failed == [] and again.withdrawn == 1


def test_a_dataset_without_iri_or_identifier_is_quarantined_and_the_run_still_withdraws(tmp_path, portal):
    settings, store = settings_for(tmp_path), EmbeddedStore(None)
    decl = declare(tmp_path / "sources", "katalog", "dcat", f"{portal.url}/catalog.ttl")
    harvest_source(Instance(settings), store, decl)
    anonymous = make_package(N)
    anonymous["extras"] = [*anonymous["extras"], {"key": ANONYMOUS, "value": "1"}]
    portal.add(anonymous)
    portal.delete(package_id(3))
    report = harvest_source(Instance(settings), store, decl, full=True)
    assert report.failed == [] and report.withdrawn == 1
    [(rid, messages)] = report.quarantined
    assert rid.startswith(UNIDENTIFIED) and len(rid) == len(UNIDENTIFIED) + 16
    assert messages == [f"mapping failed: RecordError('{rid}: {PROBLEM}')"]
    states = status(store, "katalog")
    assert states[rid] == "quarantined" and states[f"{portal.url}/dataset/{package_id(3)}"] == "withdrawn"
    again = harvest_source(Instance(settings), store, decl, full=True)  # same description, same id: nothing new
    assert again.failed == [] and [r for r, _ in again.quarantined] == [] and again.unchanged == N


def test_max_pages_and_max_bytes_stop_paging_with_a_report(tmp_path, portal):
    records, outcome = harvest(tmp_path, f"{portal.url}/catalog.ttl", max_pages=2)
    assert len(records) == 20 and not outcome.complete and "max_pages = 2" in outcome.failures[0][1]
    records, outcome = harvest(tmp_path, f"{portal.url}/catalog.ttl", max_bytes=5000)
    assert records == {} and "max_bytes = 5000" in outcome.failures[0][1]


def test_incremental_runs_ask_for_modified_since_and_deletions_wait_for_a_full_run(tmp_path, portal):
    settings, store = settings_for(tmp_path), EmbeddedStore(None)
    decl = declare(tmp_path / "sources", "katalog", "dcat", f"{portal.url}/catalog.ttl", retries=2)
    first = harvest_source(Instance(settings), store, decl)
    asked: list[dict] = []
    portal.on_request.append(lambda target, params, n: asked.append(params))
    portal.touch(package_id(5), title="Haltestellen (Fahrplanwechsel)")
    portal.delete(package_id(8))
    portal.fault("/catalog.ttl", "error", times=1)  # one 500, retried
    report = harvest_source(Instance(settings), store, decl)
    assert asked[0] == {"modified_since": first.cursor} and report.failed == []
    assert report.updated + len(report.quarantined) == 1 and report.unchanged == 1 and report.withdrawn == 0
    full = harvest_source(Instance(settings), store, decl, full=True)
    assert full.withdrawn == 1 and status(store, "katalog")[f"{portal.url}/dataset/{package_id(8)}"] == "withdrawn"


def test_the_format_comes_from_the_content_type_else_from_the_extension():
    assert rdf_format("text/turtle; charset=utf-8", "http://x/catalog") == ox.RdfFormat.TURTLE
    assert rdf_format("application/octet-stream", "http://x/catalog.rdf") == ox.RdfFormat.RDF_XML
    assert rdf_format("", "http://x/catalog.jsonld?page=2") == ox.RdfFormat.JSON_LD
    with pytest.raises(Fatal, match="cannot tell the RDF format"):
        rdf_format("text/html", "http://x/catalog")


def test_a_page_that_arrived_whole_but_does_not_parse_fails_at_once_without_retries(tmp_path, portal):
    decl = declare(tmp_path / "sources", "katalog", "dcat", f"{portal.url}/catalog.ttl", retries=3)
    portal.fault("/catalog.ttl", "invalid-json", times=5)  # a JSON fragment is no Turtle either
    h = DcatHarvester(replace(decl), sleep=lambda s: None)
    assert list(h.records()) == []
    assert h.outcome.requests == 1 and "not valid RDF" in h.outcome.failures[0][1] and not h.outcome.complete


# -- real catalogues and broken pages, served as they are -----------------------------------------------

RDF_XML = "application/rdf+xml"
DCAT_NS = "{http://www.w3.org/ns/dcat#}Dataset"
RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


def test_invalid_turtle_as_ckanext_dcat_publishes_it_is_a_failed_page_with_the_parsers_message(tmp_path, portal):
    path = realdata("dcat", "ckanext-dcat", "dataset.ttl")
    text = path.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "healthdcatap:" in row and "@prefix" not in row)
    url = portal.serve("/dataset.ttl", path.read_bytes(), "text/turtle")
    h = DcatHarvester(declare(tmp_path / "sources", "ex", "dcat", url, retries=3), sleep=lambda s: None)
    assert list(h.records()) == [] and h.outcome.requests == 1 and not h.outcome.complete
    [(where, message)] = h.outcome.failures
    assert where == url and "healthdcatap" in message and f"line {line}" in message


def test_one_bad_iri_on_a_real_record_quarantines_that_record_with_the_text_and_its_line(tmp_path, portal):
    """ckanext-dcatde's metadata_max.rdf with a space put into its landing page: the record is refused with the
    text and its line. The file's own telephone written with spaces (``tel:+49 40 …``) is no such problem:
    the mapping repairs it (tel-iri-without-spaces, docs/mapping.md)."""
    path = realdata("dcat", "ckanext-dcatde", "metadata_max.rdf")
    text = path.read_text(encoding="utf-8")
    datasets = [e.get(RDF_ABOUT) for e in ElementTree.parse(path).getroot().iter(DCAT_NS)]
    tel = re.search(r'rdf:resource="(tel:[^"]*\s[^"]*)"', text)
    landing = re.search(r'<dcat:landingPage rdf:resource="([^"]*)"', text)
    assert tel is not None and landing is not None and len(datasets) == 1, "the file as published"
    url = portal.serve("/metadata_max.rdf", path.read_bytes(), RDF_XML)
    records, outcome = harvest(tmp_path, url)
    assert outcome.complete and list(records) == datasets
    assert "problem" not in records[datasets[0]].payload, "a tel: number with spaces is repaired, not refused"
    bad = landing.group(1).replace("/daten/", "/da ten/")
    line = text.count("\n", 0, landing.start()) + 1
    url = portal.serve("/metadata_max_bad.rdf", text.replace(landing.group(1), bad).encode(), RDF_XML)
    records, outcome = harvest(tmp_path / "bad", url)
    assert outcome.complete and outcome.failures == [] and list(records) == datasets
    problem = records[datasets[0]].payload["problem"]
    assert f"{bad!r} is not a valid IRI" in problem and f"line {line} of the page" in problem
    assert problem.startswith("dcat:landingPage: ")


def _with_bad_iri(portal: Portal, avoid: set[str]) -> tuple[bytes, str, str]:
    """The portal's own catalogue with one WMS access URL as geoportals write it ('[' and ']' unencoded),
    in a dataset not in ``avoid``; the page, that dataset and the URL as parsed."""
    body = httpx.get(f"{portal.url}/catalog.rdf").content
    g = rdflib.Graph().parse(data=body, format="xml")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    access, dataset = next(
        (str(url), str(ds))
        for ds, dist in sorted(g.subject_objects(dcat.distribution))
        for url in g.objects(dist, dcat.accessURL)
        if str(url).endswith(".wms") and str(ds) not in avoid
    )
    wms = "https://geoportal.example-kommune.de/wms?LAYERS=[wahlbezirke]&amp;FORMAT=image/png"
    assert body.count(access.encode()) == 1
    return body.replace(access.encode(), wms.encode()), dataset, wms.replace("&amp;", "&")


def test_a_page_with_one_bad_iri_loses_that_record_only_and_the_run_stays_complete(tmp_path):
    with Portal(make_packages(8), dcat_page_size=100) as portal:
        clean = harvest_source(
            Instance(settings_for(tmp_path / "clean")),
            EmbeddedStore(None),
            declare(tmp_path / "clean" / "sources", "geo", "dcat", f"{portal.url}/catalog.rdf"),
        )
        already = {rid for rid, _ in clean.quarantined}
        body, dataset, wms = _with_bad_iri(portal, already)
        line = body[: body.index(b"LAYERS=[")].count(b"\n") + 1
        url = portal.serve("/geoportal.rdf", body, RDF_XML)
        settings, store = settings_for(tmp_path), EmbeddedStore(None)
        report = harvest_source(Instance(settings), store, declare(tmp_path / "sources", "geo", "dcat", url))
    assert report.failed == [] and clean.new == 8 - len(already) and report.new == clean.new - 1
    messages = dict(report.quarantined)
    assert set(messages) == already | {dataset}
    [message] = messages[dataset]
    assert f"dcat:accessURL: {wms!r} is not a valid IRI" in message and f"line {line} of the page" in message
    states = status(store, "geo")
    assert {rid for rid, state in states.items() if state == "quarantined"} == already | {dataset}
    assert sum(state == "published" for state in states.values()) == report.new


def test_a_truncated_page_fails_the_run_and_withdraws_nothing(tmp_path):
    with Portal(make_packages(8), dcat_page_size=100) as portal:
        body = httpx.get(f"{portal.url}/catalog.rdf").content
        url = portal.serve("/katalog.rdf", body, RDF_XML)
        settings, store = settings_for(tmp_path), EmbeddedStore(None)
        decl = declare(tmp_path / "sources", "k", "dcat", url, retries=3)
        first = harvest_source(Instance(settings), store, decl)
        before = status(store, "k")
        portal.serve("/katalog.rdf", body[: len(body) // 2], RDF_XML)
        report = harvest_source(Instance(settings), store, decl, full=True)
        assert portal.served["/katalog.rdf"] == 2, "the broken page is asked for once, not retried"
    assert first.failed == [] and report.withdrawn == 0 and report.cursor is None
    [(where, message)] = report.failed
    assert where == url and "not valid RDF (RDF/XML)" in message
    assert len(before) == 8 and status(store, "k") == before


def test_rostocks_real_page_is_read_and_its_unreachable_next_page_fails_quickly(tmp_path, portal):
    path = realdata("dcat", "rostock", "catalog-page-1.rdf")
    g = rdflib.Graph().parse(path, format="xml")
    datasets = {str(d) for d in g.subjects(rdflib.RDF.type, rdflib.DCAT.Dataset)}
    [next_page] = [str(o) for o in g.objects(None, rdflib.URIRef("http://www.w3.org/ns/hydra/core#nextPage"))]
    url = portal.serve("/catalog.rdf", path.read_bytes(), RDF_XML)
    pauses: list[float] = []
    decl = declare(tmp_path / "sources", "hro", "dcat", url, retries=2, backoff=0.5)
    h = DcatHarvester(decl, sleep=pauses.append)
    records = {r.id for r in h.records()}
    assert records == datasets and len(datasets) == 100
    assert not h.outcome.complete and h.outcome.requests == 1 + 3 and pauses == [0.5, 1.0]
    [(where, message)] = h.outcome.failures
    assert where == next_page and "cannot reach the catalogue" in message


MIXED = b"""@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
<http://x.example/katalog> a dcat:Catalog ;
    dcterms:language <http://publications.europa.eu/resource/authority/language/DEU> .
<http://x.example/ds/a[1]> a dcat:Dataset ; dcterms:title "A" ; dcterms:identifier "a1" .
<http://x.example/ds/b> a dcat:Dataset ; dcterms:title "B"@en-GB-xxxxxxxxxxx .
<http://x.example/ds/c> a dcat:Dataset ; dcterms:title "Schulen" ; dcterms:description "Alle Schulen" ;
    dcterms:publisher [ a <http://xmlns.com/foaf/0.1/Agent> ; <http://xmlns.com/foaf/0.1/name> "Stadt Kamen" ] .
"""


def test_a_bad_subject_iri_and_a_bad_language_tag_each_cost_their_record_only(tmp_path, portal):
    lines = MIXED.decode().splitlines()
    url = portal.serve("/mixed.ttl", MIXED, "text/turtle")
    settings, store = settings_for(tmp_path), EmbeddedStore(None)
    report = harvest_source(Instance(settings), store, declare(tmp_path / "sources", "mixed", "dcat", url))
    messages = dict(report.quarantined)
    assert set(messages) == {"http://x.example/ds/a[1]", "http://x.example/ds/b"} and report.new == 1
    [a] = messages["http://x.example/ds/a[1]"]
    assert "the IRI of a described resource: 'http://x.example/ds/a[1]' is not a valid IRI" in a
    assert f"line {next(n for n, row in enumerate(lines, 1) if 'a[1]' in row)} of the page" in a
    [b] = messages["http://x.example/ds/b"]
    assert "dcterms:title: 'B' has the language tag 'en-gb-xxxxxxxxxxx'" in b
    assert f"line {next(n for n, row in enumerate(lines, 1) if 'xxxxxxxxxxx' in row)} of the page" in b


def test_the_catalogues_language_travels_with_its_records_only_when_it_declares_one(tmp_path, portal):
    url = portal.serve("/mixed.ttl", MIXED, "text/turtle")
    records, _ = harvest(tmp_path, url)
    assert records["http://x.example/ds/c"].payload["catalog_language"] == [
        "http://publications.europa.eu/resource/authority/language/DEU"
    ]
    plain = portal.serve("/plain.ttl", MIXED.replace(b"dcterms:language", b"dcterms:subject"), "text/turtle")
    records, _ = harvest(tmp_path, plain)
    assert "catalog_language" not in records["http://x.example/ds/c"].payload


def test_an_agent_named_in_an_older_dcat_ap_de_namespace_belongs_to_the_description(tmp_path, portal):
    page = b"""@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    <http://x.example/ds/d> a dcat:Dataset ;
        <http://dcat-ap.de/def/dcatde/1.0.1/maintainer> <http://x.example/agent/statistik> .
    <http://x.example/agent/statistik> a foaf:Organization ; foaf:name "Statistikstelle" .
    """
    records, _ = harvest(tmp_path, portal.serve("/old.ttl", page, "text/turtle"))
    assert '"Statistikstelle"' in records["http://x.example/ds/d"].payload["ntriples"]


def test_rostocks_page_end_to_end_canonical_licences_stored_with_their_repairs(tmp_path, portal):
    path = realdata("dcat", "rostock", "catalog-page-1.rdf")
    g = rdflib.Graph().parse(path, format="xml")
    given = {str(o) for o in g.objects(None, rdflib.DCTERMS.license)}
    assert given and all(v.startswith("https://www.dcat-ap.de/def/licenses/") for v in given)
    url = portal.serve("/hro.rdf", path.read_bytes(), RDF_XML)
    settings, store = settings_for(tmp_path), EmbeddedStore(None)
    decl = declare(tmp_path / "sources", "hro", "dcat", url, retries=0)
    report = harvest_source(Instance(settings), store, decl)
    assert report.new + len(report.quarantined) == 100 and report.withdrawn == 0 and report.cursor is None
    [(where, _)] = report.failed
    assert where.startswith("https://www.opendata-hro.de/")
    stored = {
        r["l"].value
        for r in store.query("SELECT DISTINCT ?l WHERE { GRAPH ?g { ?d <http://purl.org/dc/terms/license> ?l } }")
    }
    canonical = {v.replace("https://www.dcat-ap.de/", "http://dcat-ap.de/") for v in given}
    assert stored and stored <= canonical, "published records hold only canonical licence IRIs"
    traced = {
        (r["f"].value, r["t"].value)
        for r in store.query(
            P + "SELECT DISTINCT ?f ?t WHERE { GRAPH ?g { ?d rg:repair [ rg:repairRule 'licence-canonical-iri' ;"
            " rg:repairedFrom ?f ; rg:repairedTo ?t ] } }"
        )
    }
    assert {to for _, to in traced} == stored and all(f.replace("https://www.", "http://") == t for f, t in traced)
