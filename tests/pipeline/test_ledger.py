"""``regiongraph report``: repairs recorded on records are listed and counted per source, from a real store."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from regiongraph import Settings
from regiongraph.harvest import SourceRecord
from regiongraph.iris import Minter
from regiongraph.mapping._repairs import Repair, record_repair
from regiongraph.ntriples import skolem_ntriples
from regiongraph.pipeline import catalog_record, repair_counts, repairs, store_status
from regiongraph.store import SnapshotStore, writing
from support.helpers import report_cli

BASE = "http://127.0.0.1:8000/id/"
#: Rostock's licence spelling and the canonical IRI (``../shared/realdata/dcat/rostock``, DCAT-AP.de licence list).
LICENCE = Repair(
    "dcterms:license",
    "licence-canonical-iri",
    "https://www.dcat-ap.de/def/licenses/cc-by/4.0",
    "http://dcat-ap.de/def/licenses/cc-by/4.0",
)
URL = Repair(
    "dcat:landingPage",
    "url-text-to-resource",
    "https://www.opendata-hro.de/dataset/baustellen",
    "https://www.opendata-hro.de/dataset/baustellen",
)


def write_record(store, minter: Minter, source: str, rid: str, found: list[Repair]) -> None:
    entity = URIRef(f"{BASE}dataset/{source}/{rid}")
    graph = Graph()
    graph.add((entity, RDF.type, DCAT.Dataset))
    graph.add((entity, DCTERMS.title, Literal("Baustellen")))
    for repair in found:
        record_repair(graph, entity, repair)
    rec = SourceRecord(source, rid, "dcat-dataset", {"id": rid})
    text = skolem_ntriples(graph, minter.graph(source, rid) + "/genid/") + catalog_record(
        minter,
        rec,
        str(entity),
        published=True,
        issued="2026-01-01T00:00:00",
        now="2026-01-01T00:00:00",
        run=minter.run(source, "t"),
        keys=(),
    )
    store.replace_graphs({minter.graph(source, rid): text})


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings.load(environ={}, data_dir=tmp_path / "data", base_iri=BASE)
    minter = Minter(BASE)
    with writing(settings) as store:
        write_record(store, minter, "rostock", "baustellen", [LICENCE, URL])
        write_record(store, minter, "rostock", "parken", [LICENCE])
        write_record(store, minter, "destatis", "gv100", [])
    return settings


def test_repairs_are_listed_with_field_rule_from_and_to_and_counted_per_source(settings):
    store = SnapshotStore(settings)
    found = repairs(store, "rostock")
    assert [(r["id"], r["field"], r["rule"], r["from"], r["to"]) for r in found] == [
        ("baustellen", "dcat:landingPage", URL.rule, URL.before, URL.after),
        ("baustellen", "dcterms:license", LICENCE.rule, LICENCE.before, LICENCE.after),
        ("parken", "dcterms:license", LICENCE.rule, LICENCE.before, LICENCE.after),
    ]
    assert repair_counts(store) == {"rostock": 3}
    assert store_status(store)["repairs"] == {"rostock": 3}
    assert repairs(store, "destatis") == []


def rg(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return report_cli(settings, BASE, *args)


def test_the_report_command_shows_the_repairs_of_a_source(settings):
    proc = rg(settings, "rostock")
    assert proc.returncode == 0, proc.stderr
    assert "3 repairs recorded on published records" in proc.stdout
    assert LICENCE.before in proc.stdout and LICENCE.after in proc.stdout and "licence-canonical-iri" in proc.stdout
    data = json.loads(rg(settings, "rostock", "--json").stdout)
    assert data["repairs"]["count"] == 3 and data["stale"] == []
    assert {(r["id"], r["field"]) for r in data["repairs"]["repairs"]} == {
        ("baustellen", "dcat:landingPage"),
        ("baustellen", "dcterms:license"),
        ("parken", "dcterms:license"),
    }
