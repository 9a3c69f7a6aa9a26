"""``regiongraph report SOURCE``: per-source MQA scores, top fixes and quarantined records, from a real store."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest

from regiongraph import Settings
from regiongraph.harvest import SourceRecord
from regiongraph.store import open_store, writing
from support.harvestkit import pipeline_for
from support.packages import BASE, HAUSHALT, PEGEL, RADWEGE, variant, with_resource

PACKAGES = [
    RADWEGE,
    HAUSHALT,
    PEGEL,
    variant(HAUSHALT, id="no-title", title=""),
    with_resource(variant(HAUSHALT, id="bad-size"), 0, size="12 MB"),
]


#: A register record: published, but no dataset, so it has no quality scores.
ORGANISATION = {
    "id": "wfg",
    "name": "Wirtschaftsförderungsgesellschaft Kreis Unna",
    "kind": "company",
    "source_file": "003_ad825ee6a0a35707.txt",
    "source_date": "2016-01-12",
    "locator": "Folie 12",
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    settings = Settings.load(environ={}, data_dir=tmp_path_factory.mktemp("quality"), base_iri=BASE)
    options = {"language": "de"}  # a German portal, declared so
    with writing(settings) as store:
        pipeline_for(settings, store, options=options).run(
            "kreis-unna", [SourceRecord("kreis-unna", p["id"], "ckan-package", p) for p in PACKAGES]
        )
        pipeline_for(settings, store, options=options).run(
            "vereine", [SourceRecord("vereine", "wfg", "organisation", ORGANISATION)]
        )
    return settings


def rg(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "regiongraph",
            "--data-dir",
            str(settings.data_dir),
            "--base-iri",
            BASE,
            "report",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_the_json_report_has_dimension_scores_fixes_and_quarantined_records(data_dir):
    proc = rg(data_dir, "kreis-unna", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["counts"] == {"published": 3, "quarantined": 2}
    assert {d: v["score"] for d, v in report["dimensions"].items()} == {
        "findability": 73.33,
        "accessibility": 53.33,
        "interoperability": 74.67,
        "reusability": 65.0,
        "contextuality": 14.17,
    }
    assert (report["score"], report["rating"], report["max_score"]) == (280.5, "good", 375)
    assert [(f["indicator"], f["records"], f["gain"]) for f in report["fixes"]] == [
        ("download-url", 3, 16.67),
        ("spatial", 2, 13.33),
        ("temporal", 2, 13.33),
        ("dcat-ap-compliance", 2, 12.0),
        ("machine-readable", 2, 10.0),
    ]
    assert report["records"] == {HAUSHALT["id"]: 255.0, PEGEL["id"]: 262.5, RADWEGE["id"]: 360.0}
    quarantined = {q["id"]: q for q in report["quarantined"]}
    assert quarantined["no-title"]["violations"] == [
        "dcterms:title on no-title: a dataset needs a title as text — give the dataset a title"
    ]
    assert quarantined["bad-size"]["violations"] == [
        "a source value that could not be read on bad-size: a byte size that is no number or a URL that is not "
        "absolute — give sizes as whole numbers of bytes and URLs as absolute http(s) IRIs, or leave them out "
        "(found: text \"resource hh-2024-pdf: size: '12 MB' is not a number of bytes\")"
    ]
    assert (
        "dcatde:contributorID on bad-size: DCAT-AP.de expects the contributor's id — add dcatde:contributorID "
        "from http://dcat-ap.de/def/contributors/"
    ) in quarantined["bad-size"]["warnings"]


def test_the_text_report_names_scores_fixes_and_reasons(data_dir):
    proc = rg(data_dir, "kreis-unna", "--top", "2")
    assert proc.returncode == 0, proc.stderr
    assert "score 280.5 of 375 (good)" in proc.stdout
    assert "download-url" in proc.stdout and "temporal" not in proc.stdout  # only the top two fixes
    assert "violation a source value that could not be read on bad-size: a byte size that is no number" in proc.stdout
    assert "(found: text \"resource hh-2024-pdf: size: '12 MB' is not a number of bytes\")" in proc.stdout


def test_a_source_without_datasets_says_so(data_dir):
    proc = rg(data_dir, "vereine")
    assert proc.returncode == 0, proc.stderr
    assert "vereine: 1 published" in proc.stdout
    assert "no dataset records: quality scores are kept for harvested datasets only" in proc.stdout


def test_an_unknown_source_exits_non_zero(data_dir):
    proc = rg(data_dir, "atlantis")
    assert proc.returncode == 2
    assert "unknown source 'atlantis'" in proc.stderr and "kreis-unna" in proc.stderr


def test_the_source_aggregate_is_saved_as_dqv_on_the_harvest_source(data_dir):
    proc = rg(data_dir, "kreis-unna", "--json", "--save")
    assert proc.returncode == 0, proc.stderr
    store = open_store(data_dir)
    try:
        rows = store.query(
            "SELECT ?m ?v WHERE { GRAPH ?g { ?m <http://www.w3.org/ns/dqv#computedOn> ?src ; "
            "<http://www.w3.org/ns/dqv#value> ?v } }",
            substitutions={
                "g": ox.NamedNode(f"{BASE}graph/system/quality-kreis-unna"),
                "src": ox.NamedNode(f"{BASE}source/kreis-unna"),
            },
        )
        values = {r["m"].value.rsplit("/", 1)[-1]: r["v"].value for r in rows}
    finally:
        store.close()
    assert values == {
        "findability": "73.33",
        "accessibility": "53.33",
        "interoperability": "74.67",
        "reusability": "65",
        "contextuality": "14.17",
        "score": "280.5",
    }  # canonical xsd:decimal
