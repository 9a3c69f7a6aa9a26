"""The last good version stays published for harvested datasets too: a CKAN package edited into an invalid one."""

from __future__ import annotations

import pytest

from regiongraph import Settings
from regiongraph.harvest import SourceRecord
from regiongraph.pipeline import Pipeline
from regiongraph.store import EmbeddedStore
from support.harvestkit import pipeline_for
from support.helpers import lit, select
from support.portal import make_packages

P = """PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> """


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return pipeline_for(Settings.load(environ={}), EmbeddedStore(None), options={"publisher": "05978"})


def run(pipeline: Pipeline, package: dict):
    return pipeline.run(
        "portal",
        [SourceRecord("portal", package["id"], "ckan-package", package, package["metadata_modified"])],
        complete=False,
    )


def public(pipeline: Pipeline, package: dict) -> dict[str, object]:
    """What the public graph says of the package: titles, and the stale mark with its pending version's status."""
    titles = select(
        pipeline.store,
        P
        + """SELECT ?t WHERE { ?r rg:sourceId ?id ; foaf:primaryTopic ?d ;
        adms:status <https://w3id.org/regiongraph/code/record-status/published> . ?d dcterms:title ?t }""",
        id=lit(package["id"]),
    )
    marks = select(
        pipeline.store,
        P
        + """SELECT ?since ?s WHERE { ?r rg:sourceId ?id ; rg:staleSince ?since ;
        rg:pendingVersion ?p . ?p adms:status ?s }""",
        id=lit(package["id"]),
    )
    return {"titles": sorted(r["t"] for r in titles), "stale": [r["s"].rsplit("/", 1)[-1] for r in marks]}


def test_a_package_without_description_keeps_its_last_valid_version_until_it_has_one_again(pipeline):
    good = make_packages(1, start=1)[0]
    assert good["notes"], "package 1 of the test portal has a description (package 0 has none)"
    assert run(pipeline, good).new == 1
    broken = {**good, "title": good["title"] + " (neu)", "notes": None, "metadata_modified": "2031-01-01T00:00:00"}
    report = run(pipeline, broken)
    assert [rid for rid, _ in report.quarantined] == [good["id"]]
    assert any("dcterms:description (CKAN: notes)" in m for m in report.quarantined[0][1])
    assert public(pipeline, good) == {"titles": [good["title"]], "stale": ["quarantined"]}
    assert run(pipeline, broken).unchanged == 1, "the same invalid version again is unchanged"
    fixed = {**broken, "notes": "Wieder beschrieben.", "metadata_modified": "2031-01-02T00:00:00"}
    assert run(pipeline, fixed).updated == 1
    assert public(pipeline, good) == {"titles": [fixed["title"]], "stale": []}
    pending = select(pipeline.store, P + "SELECT ?r WHERE { ?r rg:sourceId ?id ; adms:status ?s }", id=lit(good["id"]))
    assert len(pending) == 1, "the pending version is gone with the mark"
