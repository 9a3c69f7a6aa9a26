"""The CKAN harvester on what real CKAN portals send: ../shared/realdata/ckan/ served by the local portal.

Expectations are read from the JSON files here, independently of the mapper: ids, titles,
resource counts, licences, publishers. What the gate then publishes or quarantines is the
gate's business (tests/mapping, tests/conformance); this file checks that every package the
portal sends arrives, identified, in the store with its values — and that no payload, real or
broken, crashes the harvester or leaves a run "running".
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest

from regiongraph import Instance
from regiongraph.pipeline import harvest_source
from regiongraph.store import EmbeddedStore
from support.harvestkit import P, declare, settings_for, status
from support.portal import Portal
from support.shared import realdata

DCT = "http://purl.org/dc/terms/"
#: How portals identify a package: id, else name (ckanext-dcat's example dicts have no id).
NO_ID_NO_NAME = "Zimbabwe Regional Geochemical Survey."


def _load(*parts: str) -> Any:
    return json.loads(realdata("ckan", *parts).read_text(encoding="utf-8"))


def corpus() -> list[dict[str, Any]]:
    """Every package dict of the folder, each id once (the newest version), in file order."""
    found: list[dict[str, Any]] = list(_load("demo.ckan.org", "packages.json")["result"]["results"])
    for path in sorted(realdata("ckan", "demo.ckan.org").glob("*-*.json")):
        found.append(json.loads(path.read_text(encoding="utf-8"))["result"])
    found += [
        _load("toronto", "package_metadata.json"),
        *_load("toronto", "package_search_list.json")["results"],
        *_load("toronto", "package_list.json"),
    ]
    for path in sorted(realdata("ckan", "ckanext-dcat-examples").glob("*.json")):
        found.append(json.loads(path.read_text(encoding="utf-8")))
    newest: dict[str, dict[str, Any]] = {}
    for i, pkg in enumerate(found):
        key = str(pkg.get("id") or pkg.get("name") or f"#{i}")
        stamp = str(pkg.get("metadata_modified") or "")
        if key not in newest or stamp > str(newest[key].get("metadata_modified") or ""):
            newest[key] = pkg
    return list(newest.values())


def expected_ids(packages: list[dict[str, Any]]) -> set[str]:
    return {str(p.get("id") or p.get("name")) for p in packages if p.get("id") or p.get("name")}


@pytest.fixture
def real(tmp_path):
    packages = corpus()
    with Portal(packages) as portal:
        settings = settings_for(tmp_path)
        # the portals of the folder are not German and say nothing of their language: declared without one
        decl = declare(tmp_path / "sources", "real", "ckan", portal.url, page_size=4, retries=1, language=None)
        yield settings, decl, EmbeddedStore(None), packages, portal


def values(store, ds_id: str, prop: str) -> set[Any]:
    """Objects of ``prop`` on the dataset with ``dcterms:identifier ds_id`` (any graph, any status)."""
    rows = store.query(
        P + f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ ?d dcterms:identifier ?id ; <{prop}> ?o ; "
        "a <http://www.w3.org/ns/dcat#Dataset> } }",
        substitutions={"id": ox.Literal(ds_id)},
    )
    return {_plain(r["o"]) for r in rows}


def _plain(term: Any) -> Any:
    if isinstance(term, ox.Literal):
        return (term.value, term.language)
    return term.value


def test_every_identifiable_real_package_arrives_and_the_one_without_id_or_name_is_reported(real):
    settings, decl, store, packages, _ = real
    report = harvest_source(Instance(settings), store, decl, full=True)
    assert set(status(store, "real")) == expected_ids(packages)
    assert len(expected_ids(packages)) == 9  # 3 demo.ckan.org, 3 Toronto, 3 ckanext-dcat dicts with id or name
    messages = [m for _, m in report.failed]
    assert len(messages) == 1 and "neither 'id' nor 'name'" in messages[0] and NO_ID_NO_NAME in messages[0]
    assert report.withdrawn == 0 and report.cursor is None, "a run with a failure withdraws nothing, moves no cursor"
    runs = [r["s"].value for r in store.query(P + "SELECT ?s WHERE { ?r a rg:HarvestRun ; adms:status ?s }")]
    assert len(runs) == 1 and runs[0].endswith("/finished")


def declares_language(pkg: dict[str, Any]) -> bool:
    return bool(pkg.get("language")) or any(e.get("key") == "language" for e in pkg.get("extras") or [])


@pytest.mark.parametrize("language", [None, "de"])
def test_titles_resources_licences_and_publishers_are_as_the_portals_sent_them(real, language):
    settings, _, store, packages, portal = real
    decl = declare(settings.sources_dir, "real", "ckan", portal.url, page_size=4, retries=1, language=language)
    report = harvest_source(Instance(settings), store, decl, full=True)
    states, reasons = status(store, "real"), dict(report.quarantined)
    if language == "de":  # declared German (wrongly, for these portals): their untagged titles become @de …
        assert sum(1 for s in states.values() if s == "published") >= 6
    for pkg in packages:
        pid = pkg.get("id") or pkg.get("name")
        if not pid:
            continue
        if states[pid] == "quarantined":  # the gate's verdict, with its reasons (tests/mapping checks the values)
            assert reasons[pid], pid
            continue
        # … except where a package declares its own languages, and translations carry theirs
        titles = pkg.get("title_translated") or {None if declares_language(pkg) else language: pkg["title"]}
        assert values(store, pid, DCT + "title") == {(t, lang) for lang, t in titles.items()}, pid
        resources = [r for r in pkg.get("resources") or [] if isinstance(r, dict)]
        assert len(values(store, pid, "http://www.w3.org/ns/dcat#distribution")) == len(resources), pid
        if pkg.get("license_id") in {"cc-by", "other-open"}:  # in the DCAT-AP.de licence list as they are
            assert values(store, pid, DCT + "license") == {f"http://dcat-ap.de/def/licenses/{pkg['license_id']}"}
        if pkg.get("metadata_modified") and not pkg.get("modified"):
            assert {v for v, _ in values(store, pid, DCT + "modified")} == {pkg["metadata_modified"]}, pid
        org = pkg.get("organization") or {}
        if org.get("title"):  # Toronto's and SDB's packages name their organisation: it is the publisher
            names = store.query(
                P + "SELECT ?n WHERE { GRAPH ?g { ?d dcterms:identifier ?id ; dcterms:publisher ?p . "
                "?p foaf:name ?n } }",
                substitutions={"id": ox.Literal(pid)},
            )
            assert {r["n"].value for r in names} == {org["title"]}, pid


def test_packages_without_metadata_modified_are_compared_by_content(real):
    settings, decl, store, _, portal = real
    harvest_source(Instance(settings), store, decl, full=True)
    again = harvest_source(Instance(settings), store, decl, full=True)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 9)
    portal.packages["test-dataset-multilingual"]["notes"] = "Eine andere Beschreibung"
    third = harvest_source(Instance(settings), store, decl, full=True)
    assert (third.new, third.unchanged) == (0, 8)
    # the new version is met and checked again (published or quarantined: the gate decides)
    assert third.updated + len(third.quarantined) == 1
    assert third.updated == 1 or [rid for rid, _ in third.quarantined] == ["test-dataset-multilingual"]


#: Broken answers to package_search, each with what the failure message must say.
BROKEN = {
    "success false": (
        b'{"success": false, "error": {"__type": "Internal", "message": "Solr ist weg"}}',
        "CKAN answered success: false (Solr ist weg)",
    ),
    "result a list": (b'{"success": true, "result": ["a", "b"]}', "the result is a list"),
    "result null": (b'{"success": true, "result": null}', "the result is null"),
    "results a string": (b'{"success": true, "result": {"count": 1, "results": "nope"}}', "'results' is a string"),
    "packages not objects": (b'{"success": true, "result": {"count": 2, "results": [null, 5]}}', "is null, not an"),
    "no id no name": (
        b'{"success": true, "result": {"count": 1, "results": [{"title": "Ohne Kennung"}]}}',
        "neither 'id' nor 'name' (title Ohne Kennung)",
    ),
    "not found": (
        b'{"success": false, "error": {"__type": "Not Found Error", "message": "Not found: Action"}}',
        "CKAN answered 'Not Found' (Action)",
    ),
    "not authorised": (
        b'{"success": false, "error": {"__type": "Authorization Error", "message": "Zugriff verweigert"}}',
        "CKAN refused the call",
    ),
    "no envelope": (b'{"count": 1, "results": []}', "the answer has no 'result'"),
    "html": (b"<html><body><h1>Wartungsarbeiten</h1></body></html>", "not a CKAN JSON envelope (HTTP 200, text/html)"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_answer_fails_the_run_clearly_and_leaves_no_run_running(real, case):
    settings, decl, store, _, portal = real
    body, expected = BROKEN[case]
    portal.fault(
        "package_search", "body", times=10, body=body, media="text/html" if case == "html" else "application/json"
    )
    report = harvest_source(Instance(settings), store, decl, full=True)
    assert any(expected in message for _, message in report.failed), report.failed
    assert report.withdrawn == 0 and report.cursor is None
    states = [
        r["s"].value.rsplit("/", 1)[-1]
        for r in store.query(P + "SELECT ?s WHERE { ?r a rg:HarvestRun ; adms:status ?s }")
    ]
    assert states == ["finished"]


def test_wrong_types_everywhere_in_a_package_cost_that_package_at_most(real):
    settings, decl, store, _, portal = real
    odd = {
        "id": "odd",
        "name": None,
        "title": None,
        "notes": 5,
        "tags": "a,b",
        "groups": "g",
        "organization": "org",
        "resources": "x",
        "extras": {"k": None},
        "publisher": "Stadt",
        "contact": [None, "x"],
        "metadata_modified": None,
        "language": 7,
        "license_id": None,
        "temporal_coverage": "2020",
        "spatial_coverage": [{"geom": None}],
        "title_translated": ["x"],
    }
    body = json.dumps({"success": True, "result": {"count": 1, "results": [odd]}}).encode()
    portal.fault("package_search", "body", times=10, body=body)
    report = harvest_source(Instance(settings), store, decl, full=True)
    assert report.failed == []
    assert status(store, "real") == {"odd": "quarantined"}  # no title: the gate says so, nothing crashed
    assert [rid for rid, _ in report.quarantined] == ["odd"]


def test_the_source_stamp_of_a_package_without_metadata_modified_is_its_modified_date(real):
    settings, decl, store, packages, _ = real
    harvest_source(Instance(settings), store, decl, full=True)
    stamps = {}
    for name in ("test-dataset-shacl", "test-dataset-multilingual"):
        rows = store.query(
            P + "SELECT ?m WHERE { ?r rg:sourceId ?id ; dcterms:source/dcterms:modified ?m }",
            substitutions={"id": ox.Literal(name)},
        )
        stamps[name] = [r["m"].value for r in rows]
    expected = {p["name"]: [p["modified"]] for p in packages if p.get("name") in stamps}
    assert stamps == expected == {"test-dataset-shacl": ["2024-05-05"], "test-dataset-multilingual": ["2024-05-05"]}
