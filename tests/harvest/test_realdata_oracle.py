"""The oracle of the real-data tests, checked against facts read off the files by hand and against itself."""

from __future__ import annotations

import json

import httpx
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from support import dcat_ap
from support import realdata_oracle as oracle
from support.portal import Portal
from support.shared import realdata


def test_the_documented_repairs_as_rules():
    assert oracle.canonical("https://www.dcat-ap.de/def/licenses/cc-zero") == "http://dcat-ap.de/def/licenses/cc-zero"
    assert oracle.canonical("http://dcat-ap.de/def/licenses/cc-by/4.0/") == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert (
        oracle.canonical("http://dcat-ap.de/def/licenses/dl-by-de/2_0") == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    )
    assert oracle.canonical("http://dcat-ap.de/def/dcatde/1.0.1/contributorID") == oracle.DCATDE + "contributorID"
    assert oracle.canonical("https://www.dcat-ap.de/def/dcatde/1.1/maintainer") == oracle.DCATDE + "maintainer"
    assert oracle.canonical("https://example.org/licenses/cc-zero/") == "https://example.org/licenses/cc-zero/"


def test_counts_read_off_the_files():
    rostock, destatis = oracle.dcat_expectations("rostock"), oracle.dcat_expectations("destatis")
    assert len(rostock) == 100 and sum(e.distributions for e in rostock.values()) == 773
    assert len(destatis) == 135 and all(e.distributions == 1 for e in destatis.values())
    kinder = rostock["https://www.opendata-hro.de/dataset/def01e2f-270d-450d-a329-557e635c37d5"]
    assert kinder.titles == {("Kinderbetreuungseinrichtungen", None)} and kinder.distributions == 9
    assert kinder.licences == {"http://dcat-ap.de/def/licenses/cc-zero"}
    assert kinder.modified == "2021-01-28T05:25:54.181493"
    assert kinder.geocoding == {"http://dcat-ap.de/def/politicalGeocoding/regionalKey/130030000000"}
    # As published, its access rights are the word "public" (a literal the profile refuses); the documented
    # repair makes it the EU code, and then the official profile accepts the dataset.
    raw = oracle.parse_dcat("rostock")
    kinder_iri = URIRef(kinder.id)
    assert [str(o) for o in raw.objects(kinder_iri, DCTERMS.accessRights)] == ["public"]
    assert kinder.accepted
    assert oracle.parse_error("dcat-invalid") and oracle.dcat_expectations("dcat-invalid") == {}


def test_ckan_rules_read_off_the_packages():
    demo = {e.id: e for e in oracle.ckan_expectations("demo")}
    assert [e.id for e in demo.values() if e.accepted] == [
        "17be64bb-da74-4195-9bb8-565c39846af2"
    ]  # the one with an org
    assert demo["17be64bb-da74-4195-9bb8-565c39846af2"].licences == {"http://dcat-ap.de/def/licenses/cc-by"}
    examples = {e.id: e for e in oracle.ckan_expectations("dcat-examples")}
    assert set(examples) == {
        "2988a6aa-2802-4f32-b846-d4520c79c4b7",
        "test-dataset-multilingual",
        "test-dataset-shacl",
        "",
    }
    shacl = examples["test-dataset-shacl"]
    assert shacl.accepted and shacl.publisher == "Test Publisher" and shacl.modified == "2024-05-05"
    assert examples["test-dataset-multilingual"].titles >= {("Conjunt de dades de prova DCAT", "ca")}
    assert all(e.accepted for e in oracle.ckan_expectations("toronto"))


def test_charging_the_whole_files_findings_equals_checking_one_description_alone():
    """The oracle validates each file once; for one dataset, its description alone gives the same violations."""
    # A file whose datasets the profile still refuses after the repairs (Rostock's all pass once repaired).
    g = oracle.repaired(oracle.parse_dcat("dcat-catalog"))
    datasets = set(g.subjects(RDF.type, DCAT.Dataset))
    first = sorted(datasets, key=str)[0]
    nodes = oracle._reach(g, first, datasets)
    alone = Graph()
    for node in nodes:
        for triple in g.triples((node, None, None)):
            alone.add(triple)
    outcome = dcat_ap.check(alone + oracle.background())
    blank = {str(n) for t in g for n in t if isinstance(n, BNode)}
    names = {str(n) for n in nodes}
    found = {(oracle.field_of(f), "" if f.value in blank else f.value) for f in outcome.violations if f.focus in names}
    assert found == set(oracle.dcat_expectations("dcat-catalog")[str(first)].violations) != set()


def test_the_portal_speaks_each_protocol_with_the_files_as_captured():
    with Portal(realdata=True) as portal, httpx.Client() as client:
        shown = client.get(
            portal.ckan_url("demo") + "/api/3/action/package_show",
            params={"id": "9c3036b8-f6ac-4a4e-9036-5a3cc90c3900"},
        ).json()
        captured = realdata("ckan", "demo.ckan.org", "9c3036b8-f6ac-4a4e-9036-5a3cc90c3900.json").read_text("utf-8")
        assert shown == json.loads(captured), "demo.ckan.org's envelope as it was captured"
        ids, start = [], 0
        while True:  # Toronto paged one by one, oldest first, as a harvester pages it
            page = client.get(
                portal.ckan_url("toronto") + "/api/3/action/package_search",
                params={"rows": 1, "start": start, "sort": "metadata_modified asc, id asc"},
            ).json()
            assert page["success"] is True and page["result"]["count"] == 3
            ids += [r["id"] for r in page["result"]["results"]]
            start += 1
            if start >= 3:
                break
        assert ids == [
            "e271cdae-8788-4980-96ce-6a5c95bc6618",
            "c4052ff7-a09d-4eaf-84e6-6669519f413d",
            "1db34737-ffad-489d-a590-9171d500d453",
        ]
        names = client.get(portal.ckan_url("toronto") + "/api/3/action/package_list").json()["result"]
        assert names == ["bodysafe", "street-furniture-transit-shelter", "ttc-bus-delay-data"]
        page = client.get(portal.dcat_url("rostock"))
        assert page.headers["content-type"].startswith("application/rdf+xml")
        assert page.content == realdata("dcat", "rostock", "catalog-page-1.rdf").read_bytes()
        assert client.get(portal.dcat_url("dcat-invalid")).headers["content-type"].startswith("text/turtle")
        assert client.get(portal.url + "/dcat/../README.md").status_code == 404
