"""The official DCAT-AP.de 3 profile (``v30_de_spec``) on every page of ``/catalog.*``, as a harvester reads it.

Every page is fetched over HTTP from the live app, following ``hydra:next`` as ckanext-dcat does, and
checked with and without DCAT's class axioms (GovData's validator infers nothing): at the register
(the session's store) and at 20,000 harvested datasets (the synthetic generator of the benchmarks in
its harvested form, bulk-loaded beside the register). Pages are checked in two worker processes
while the next pages are fetched. The expected result is the profile's: no violation, no warning.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from regiongraph import Instance, Settings
from regiongraph.app import create_app
from regiongraph.pipeline import build
from regiongraph.store import SnapshotStore
from support import dcat_ap, synthetic
from support.helpers import LiveServer

HYDRA = "http://www.w3.org/ns/hydra/core#"
HARVESTED = 20_000
#: One page of N-Triples names its successor in one line (the Hydra view's hydra:next).
NEXT = re.compile(rb"^<[^>]+> <" + re.escape(HYDRA.encode()) + rb"next> <([^>]+)> \.$", re.M)
DATASET_LINE = re.compile(
    rb"^<[^>]+> <" + re.escape(str(RDF.type).encode()) + rb"> <" + re.escape(str(DCAT.Dataset).encode()) + rb"> \.$",
    re.M,
)
#: Published records of what the catalogue offers: harvested datasets, register cooperations and projects.
PUBLISHED = """PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX adms: <http://www.w3.org/ns/adms#>
SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?g { ?r foaf:primaryTopic ?d ;
  adms:status <https://w3id.org/regiongraph/code/record-status/published> . ?d a ?kind }
  VALUES ?kind { <http://www.w3.org/ns/dcat#Dataset> <https://w3id.org/regiongraph/ontology#Cooperation>
                 <https://schema.org/Project> } }"""
RDFLIB = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld", "nt": "nt"}


def _pages(url: str, extension: str, seen: list[int]) -> Iterator[tuple[str, bytes, str]]:
    """Every page from ``url`` on, as ckanext-dcat follows them; ``seen`` gets each page's dataset count."""
    while url:
        response = _get(url)
        assert response.status_code == 200, response.text[:500]
        if extension == "nt":
            seen.append(len(DATASET_LINE.findall(response.content)))
            found = NEXT.search(response.content)
            following = found.group(1).decode() if found else ""
        else:
            g = Graph().parse(data=response.content, format=RDFLIB[extension])
            seen.append(len(set(g.subjects(RDF.type, DCAT.Dataset))))
            following = str(next(g.objects(None, URIRef(HYDRA + "next")), ""))
        yield url, response.content, RDFLIB[extension]
        url = following


def _get(url: str, *, attempts: int = 30) -> httpx.Response:
    """GET as a polite harvester does: a 503 with ``Retry-After`` (a 1,000-item page still being built past the
    time limit, which the server finishes and keeps for the snapshot) is asked again after the pause it names."""
    for _ in range(attempts):
        response = httpx.get(url, timeout=600)
        if response.status_code != 503 or "retry-after" not in response.headers:
            return response
        time.sleep(float(response.headers["retry-after"]))
    return response


def _report(results: list[dcat_ap.PageOutcome], severity: str) -> dict[str, dict[str, int]]:
    """``{"page (with|without axioms)": {message: count}}`` of the pages that have findings of ``severity``."""
    out = {}
    for r in results:
        counts = r.outcome.by_message(severity)
        if counts:
            out[f"{r.label} ({'with' if r.dcat_axioms else 'without'} DCAT axioms)"] = dict(counts)
    return out


def _assert_clean(results: list[dcat_ap.PageOutcome]) -> None:
    assert _report(results, "Violation") == {}
    assert _report(results, "Warning") == {}


@pytest.fixture(scope="module")
def register_feed(settings, store) -> Iterator[LiveServer]:
    with LiveServer(create_app(settings.with_(catalog_page_size=40), store)) as server:
        yield server


@pytest.mark.parametrize("extension", ["ttl", "rdf", "jsonld"])
def test_every_register_page_meets_the_official_profile(register_feed, store, extension):
    seen: list[int] = []
    results = dcat_ap.check_pages(_pages(f"{register_feed.url}/catalog.{extension}", extension, seen))
    total = int(next(iter(store.query(PUBLISHED)))["n"].value)
    assert sum(seen) == total and len(seen) == -(-total // 40) > 1
    assert len(results) == 2 * len(seen)
    _assert_clean(results)


@pytest.fixture(scope="module")
def harvested_feed(tmp_path_factory) -> Iterator[tuple[LiveServer, int]]:
    """A store with the register and 20,000 datasets as the harvest stores them, served with 1,000 a page."""
    folder = tmp_path_factory.mktemp("harvested")
    settings = Settings.load(
        environ={}, data_dir=folder / "data", base_iri="http://127.0.0.1:8000/id/", catalog_page_size=1000
    )
    with Instance(settings) as instance, instance.writing() as writer:
        build(instance, writer)
        towns = synthetic.municipalities(writer, settings.base_iri)
        synthetic.write_datasets(folder / "datasets.nq", towns, HARVESTED, 16, settings.base_iri, harvested=True)
        writer.raw.bulk_load(path=str(folder / "datasets.nq"), format=ox.RdfFormat.N_QUADS)
    store = SnapshotStore(settings)
    with LiveServer(create_app(settings, store)) as server:
        yield server, HARVESTED


def test_every_page_at_20000_harvested_datasets_meets_the_official_profile(harvested_feed, store):
    server, harvested = harvested_feed
    seen: list[int] = []
    results = dcat_ap.check_pages(_pages(f"{server.url}/catalog.nt", "nt", seen))
    assert sum(seen) == harvested + int(next(iter(store.query(PUBLISHED)))["n"].value)
    assert len(seen) == -(-sum(seen) // 1000)
    assert len(results) == 2 * len(seen)
    _assert_clean(results)
