"""The DCAT harvester against the local portal's catalogue: formats, Hydra paging, loops, limits, increments."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest
from harvestkit import declare, settings_for, status

from portal import Portal, make_package, make_packages, package_id
from portal._dcat import ANONYMOUS
from regiongraph.harvest._http import Fatal
from regiongraph.harvest.dcat import PROBLEM, UNIDENTIFIED, DcatHarvester, rdf_format
from regiongraph.runs import harvest_source
from regiongraph.store import EmbeddedStore

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
    harvest_source(settings, store, decl)
    portal.delete(package_id(3))
    portal.fault("/catalog.ttl", "loop", after=1)
    report = harvest_source(settings, store, decl, full=True)
    assert len(report.failed) == 1 and "leads back to a page already read" in report.failed[0][1]
    assert report.withdrawn == 0
    assert status(store, "katalog")[f"{portal.url}/dataset/{package_id(3)}"] != "withdrawn"
    portal.faults.clear()
    again = harvest_source(settings, store, decl, full=True)
    assert again.failed == [] and again.withdrawn == 1


def test_a_dataset_without_iri_or_identifier_is_quarantined_and_the_run_still_withdraws(tmp_path, portal):
    settings, store = settings_for(tmp_path), EmbeddedStore(None)
    decl = declare(tmp_path / "sources", "katalog", "dcat", f"{portal.url}/catalog.ttl")
    harvest_source(settings, store, decl)
    anonymous = make_package(N)
    anonymous["extras"] = [*anonymous["extras"], {"key": ANONYMOUS, "value": "1"}]
    portal.add(anonymous)
    portal.delete(package_id(3))
    report = harvest_source(settings, store, decl, full=True)
    assert report.failed == [] and report.withdrawn == 1
    [(rid, messages)] = report.quarantined
    assert rid.startswith(UNIDENTIFIED) and len(rid) == len(UNIDENTIFIED) + 16
    assert messages == [f"mapping failed: RecordError('{rid}: {PROBLEM}')"]
    states = status(store, "katalog")
    assert states[rid] == "quarantined" and states[f"{portal.url}/dataset/{package_id(3)}"] == "withdrawn"
    again = harvest_source(settings, store, decl, full=True)  # same description, same id: nothing new
    assert again.failed == [] and [r for r, _ in again.quarantined] == [] and again.unchanged == N


def test_max_pages_and_max_bytes_stop_paging_with_a_report(tmp_path, portal):
    records, outcome = harvest(tmp_path, f"{portal.url}/catalog.ttl", max_pages=2)
    assert len(records) == 20 and not outcome.complete and "max_pages = 2" in outcome.failures[0][1]
    records, outcome = harvest(tmp_path, f"{portal.url}/catalog.ttl", max_bytes=5000)
    assert records == {} and "max_bytes = 5000" in outcome.failures[0][1]


def test_incremental_runs_ask_for_modified_since_and_deletions_wait_for_a_full_run(tmp_path, portal):
    settings, store = settings_for(tmp_path), EmbeddedStore(None)
    decl = declare(tmp_path / "sources", "katalog", "dcat", f"{portal.url}/catalog.ttl", retries=2)
    first = harvest_source(settings, store, decl)
    asked: list[dict] = []
    portal.on_request.append(lambda target, params, n: asked.append(params))
    portal.touch(package_id(5), title="Haltestellen (Fahrplanwechsel)")
    portal.delete(package_id(8))
    portal.fault("/catalog.ttl", "error", times=1)  # one 500, retried
    report = harvest_source(settings, store, decl)
    assert asked[0] == {"modified_since": first.cursor} and report.failed == []
    assert report.updated + len(report.quarantined) == 1 and report.unchanged == 1 and report.withdrawn == 0
    full = harvest_source(settings, store, decl, full=True)
    assert full.withdrawn == 1 and status(store, "katalog")[f"{portal.url}/dataset/{package_id(8)}"] == "withdrawn"


def test_the_format_comes_from_the_content_type_else_from_the_extension():
    assert rdf_format("text/turtle; charset=utf-8", "http://x/catalog") == ox.RdfFormat.TURTLE
    assert rdf_format("application/octet-stream", "http://x/catalog.rdf") == ox.RdfFormat.RDF_XML
    assert rdf_format("", "http://x/catalog.jsonld?page=2") == ox.RdfFormat.JSON_LD
    with pytest.raises(Fatal, match="cannot tell the RDF format"):
        rdf_format("text/html", "http://x/catalog")


def test_invalid_rdf_is_retried_then_reported(tmp_path, portal):
    decl = declare(tmp_path / "sources", "katalog", "dcat", f"{portal.url}/catalog.ttl", retries=1)
    portal.fault("/catalog.ttl", "invalid-json", times=5)  # a JSON fragment is no Turtle either
    h = DcatHarvester(replace(decl), sleep=lambda s: None)
    assert list(h.records()) == []
    assert h.outcome.requests == 2 and "not valid RDF" in h.outcome.failures[0][1]
