"""The pipeline: SHACL gate, quarantine with report, idempotence, updates and withdrawals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from regiongraph import Instance, Settings
from regiongraph.pipeline import harvest_register, quarantined
from regiongraph.store import EmbeddedStore
from support.helpers import lit, select, with_shapes_without_the_date_order_check

P = """PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX schema: <https://schema.org/> """
HEADER = '[source]\nfile = "003_ad825ee6a0a35707.txt"\ndate = "2016-01-12"\n'
GOOD = """
[[cooperation]]
id = "t-good-1"
locator = "Folie 46, Nr. 2"
title = "Volkshochschule"
partners = [{ ref = "Kamen", role = "member" }, { ref = "Bönen", role = "member" }]
legal_form = "zweckverband"
start = "1975"

[[cooperation]]
id = "t-good-2"
locator = "Folie 46, Nr. 1"
title = "Gemeinsame Erziehungsberatungsstelle"
partners = [{ ref = "Lünen", role = "member" }]
performers = ["Caritas"]
"""
BROKEN = """
[[cooperation]]
id = "t-bad-partner"
locator = "Folie 1"
title = "Kooperation mit Atlantis"
partners = [{ ref = "Atlantis", role = "member" }, { ref = "Kamen", role = "member" }]

[[cooperation]]
id = "t-bad-year"
locator = "Folie 1"
title = "Unmögliches Jahr"
partners = [{ ref = "Kamen", role = "member" }]
start = "3016"

[[cooperation]]
id = "t-bad-order"
locator = "Folie 1"
title = "Ende vor Beginn"
partners = [{ ref = "Kamen", role = "member" }]
start = "2010"
end = "2005"
"""


@pytest.fixture
def folder(tmp_path: Path, repo_root: Path) -> Path:
    target = tmp_path / "register"
    target.mkdir()
    shutil.copy(repo_root / "harvesters/register/kreis-unna-2016-organisationen.toml", target)
    (target / "test.toml").write_text(HEADER + GOOD + BROKEN, encoding="utf-8")
    return target


@pytest.fixture
def env(tmp_path: Path) -> tuple[Settings, EmbeddedStore]:
    settings = Settings.load(environ={}, data_dir=tmp_path / "data")
    return settings, EmbeddedStore(None)


def status_of(store: EmbeddedStore, record_id: str) -> str:
    rows = select(store, P + "SELECT ?s WHERE { ?r rg:sourceId ?id ; adms:status ?s }", id=lit(record_id))
    return rows[0]["s"].rsplit("/", 1)[-1]


def test_broken_rows_are_quarantined_with_their_report_and_the_rest_loads(env, folder):
    settings, store = env
    report = harvest_register(Instance(settings), store, folder=folder)
    assert sorted(rid for rid, _ in report.quarantined) == ["t-bad-order", "t-bad-partner", "t-bad-year"]
    assert report.new >= 2
    assert status_of(store, "t-good-1") == "published"
    assert status_of(store, "t-bad-partner") == "quarantined"
    reasons = {q["id"]: q["reason"] for q in quarantined(store)}
    assert "cannot be resolved" in reasons["t-bad-partner"]
    assert "3016" in reasons["t-bad-year"]
    assert "before the start" in reasons["t-bad-order"]
    # nothing is lost: the record as it came is kept beside the report
    rows = select(store, P + "SELECT ?p WHERE { ?r rg:sourceId ?id ; rg:payload ?p }", id=lit("t-bad-partner"))
    assert json.loads(rows[0]["p"])["partners"][0]["ref"] == "Atlantis"
    # ...and the invalid entity itself is not published
    rows = select(store, P + 'SELECT ?t WHERE { ?c dcterms:title ?t FILTER (str(?t) = "Kooperation mit Atlantis") }')
    assert rows == []


def record_quads(store: EmbeddedStore) -> int:
    """Quads in record and reference graphs (run activities excluded)."""
    query = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (CONTAINS(STR(?g), "/graph/")) }'
    rows = select(store, query)
    return int(rows[0]["n"])


def test_a_second_run_is_idempotent(env, folder):
    settings, store = env
    first = harvest_register(Instance(settings), store, folder=folder)
    quads = record_quads(store)
    second = harvest_register(Instance(settings), store, folder=folder)
    assert second.unchanged == first.new + len(first.quarantined)
    assert (second.new, second.updated, second.withdrawn) == (0, 0, 0)
    assert record_quads(store) == quads


def test_a_changed_record_replaces_exactly_its_graph(env, folder):
    settings, store = env
    harvest_register(Instance(settings), store, folder=folder)
    changed = (HEADER + GOOD + BROKEN).replace('title = "Volkshochschule"', 'title = "Volkshochschule Kamen-Bönen"')
    (folder / "test.toml").write_text(changed, encoding="utf-8")
    report = harvest_register(Instance(settings), store, folder=folder)
    assert (report.updated, report.new) == (1, 0)
    rows = select(store, P + "SELECT ?t WHERE { ?c dcterms:identifier ?id ; dcterms:title ?t }", id=lit("t-good-1"))
    assert [r["t"] for r in rows] == ["Volkshochschule Kamen-Bönen"]


def test_a_record_gone_from_its_source_is_withdrawn_not_dropped(env, folder):
    settings, store = env
    harvest_register(Instance(settings), store, folder=folder)
    (folder / "test.toml").write_text(
        HEADER + GOOD.split("[[cooperation]]")[0] + "[[cooperation]]" + GOOD.split("[[cooperation]]")[1],
        encoding="utf-8",
    )
    report = harvest_register(Instance(settings), store, folder=folder)
    assert report.withdrawn == 4  # t-good-2 and the three broken rows
    assert status_of(store, "t-good-2") == "withdrawn"
    rows = select(store, P + "SELECT ?t WHERE { ?c dcterms:identifier ?id ; dcterms:title ?t }", id=lit("t-good-2"))
    assert rows, "a withdrawn record keeps its data"
    again = harvest_register(Instance(settings), store, folder=folder)
    assert again.withdrawn == 0, "withdrawing twice changes nothing"


def test_a_dry_run_lists_what_would_change_and_writes_nothing(env, folder):
    settings, store = env
    report = harvest_register(Instance(settings), store, folder=folder, dry_run=True)
    assert store.count_quads() == 0
    assert ("new", "t-good-1") in report.changes and ("quarantine", "t-bad-year") in report.changes
    harvest_register(Instance(settings), store, folder=folder)
    quads = store.count_quads()
    (folder / "test.toml").write_text(HEADER + GOOD, encoding="utf-8")
    again = harvest_register(Instance(settings), store, folder=folder, dry_run=True)
    assert sorted(again.changes) == [
        ("withdraw", "t-bad-order"),
        ("withdraw", "t-bad-partner"),
        ("withdraw", "t-bad-year"),
    ]
    assert store.count_quads() == quads


def issued_of(store: EmbeddedStore, record_id: str) -> str:
    return select(store, P + "SELECT ?i WHERE { ?r rg:sourceId ?id ; dcterms:issued ?i }", id=lit(record_id))[0]["i"]


def test_recheck_applies_changed_shapes_to_unchanged_records_both_ways(env, folder, tmp_path):
    settings, store = env
    looser = with_shapes_without_the_date_order_check(settings, tmp_path)
    harvest_register(Instance(settings), store, folder=folder)
    assert status_of(store, "t-bad-order") == "quarantined"
    issued = issued_of(store, "t-bad-order")
    plain = harvest_register(Instance(looser), store, folder=folder)
    assert status_of(store, "t-bad-order") == "quarantined" and plain.updated == 0, "unchanged: not checked"
    rechecked = harvest_register(Instance(looser), store, folder=folder, recheck=True)
    assert status_of(store, "t-bad-order") == "published"
    assert sorted(rid for rid, _ in rechecked.quarantined) == ["t-bad-partner", "t-bad-year"]
    assert rechecked.unchanged == 0 and rechecked.updated == plain.unchanged - 2
    assert issued_of(store, "t-bad-order") == issued, "first seen stays"
    rows = select(store, P + "SELECT ?e WHERE { ?c dcterms:identifier ?id ; schema:endDate ?e }", id=lit("t-bad-order"))
    assert [r["e"] for r in rows] == ["2005"]
    # and back: the stricter shapes quarantine the record that passed, with its report
    harvest_register(Instance(settings), store, folder=folder, recheck=True)
    assert status_of(store, "t-bad-order") == "quarantined"
    assert "before the start" in {q["id"]: q["reason"] for q in quarantined(store)}["t-bad-order"]


def test_a_run_under_other_shapes_says_that_unchanged_records_need_a_recheck(env, folder, tmp_path):
    settings, store = env
    looser = with_shapes_without_the_date_order_check(settings, tmp_path)
    first = harvest_register(Instance(settings), store, folder=folder)
    assert not first.shapes_changed, "a first run has nothing to compare"
    assert not harvest_register(Instance(settings), store, folder=folder).shapes_changed
    assert harvest_register(Instance(looser), store, folder=folder).shapes_changed
    assert harvest_register(Instance(looser), store, folder=folder).shapes_changed, "said again until rechecked"
    assert not harvest_register(Instance(looser), store, folder=folder, recheck=True).shapes_changed
    assert not harvest_register(Instance(looser), store, folder=folder).shapes_changed
    assert harvest_register(Instance(settings), store, folder=folder).shapes_changed, "and back"


def test_a_withdrawn_record_that_comes_back_is_published_again(env, folder):
    settings, store = env
    harvest_register(Instance(settings), store, folder=folder)
    (folder / "test.toml").write_text(HEADER + GOOD.replace('id = "t-good-2"', 'id = "t-good-2x"'), encoding="utf-8")
    harvest_register(Instance(settings), store, folder=folder)
    assert status_of(store, "t-good-2") == "withdrawn"
    (folder / "test.toml").write_text(HEADER + GOOD, encoding="utf-8")
    report = harvest_register(Instance(settings), store, folder=folder)
    assert status_of(store, "t-good-2") == "published" and report.updated == 1


def test_the_run_is_a_prov_activity_with_counts_and_timings(env, folder):
    settings, store = env
    report = harvest_register(Instance(settings), store, folder=folder)
    rows = select(
        store,
        P
        + """PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?new ?q ?failed ?v WHERE { ?run a prov:Activity ; rg:countNew ?new ; rg:countQuarantined ?q ;
        rg:countFailed ?failed ; rg:secondsValidating ?v }""",
    )
    assert [(int(r["new"]), int(r["q"]), int(r["failed"])) for r in rows] == [(report.new, 3, 0)]
    assert float(rows[0]["v"]) > 0


def test_a_second_register_declared_in_sources_dir_harvests_its_own_files(tmp_path, folder):
    from regiongraph.pipeline import harvest_source, select_sources

    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "mine.toml").write_text(
        '[source]\nname = "mine"\ntype = "register"\npath = "../register"\n', encoding="utf-8"
    )
    settings = Settings.load(environ={}, data_dir=tmp_path / "data", sources_dir=sources, harvest_workers=2)
    store = EmbeddedStore(None)
    [decl] = select_sources(settings, ("mine",), all_=False)
    report = harvest_source(Instance(settings), store, decl)
    assert report.source == "mine"
    # its own folder's records, and only those: the bundled register is not read
    from regiongraph.harvest import read_register

    own = {r.id for r in read_register(folder, source="mine")}
    bundled = {r.id for r in read_register(settings.resource("harvesters", "register"), source="register")}
    assert status_of(store, "t-good-1") == "published"
    rows = select(store, P + "SELECT DISTINCT ?id WHERE { ?r rg:sourceId ?id }")
    assert {row["id"] for row in rows} == own
    assert bundled - own, "the bundled register holds records the second one does not"
