"""The index follows the store: the write hook indexes new graphs, re-indexes changed ones, drops withdrawn ones."""

from __future__ import annotations

import sqlite3

import pyoxigraph as ox
import pytest

from regiongraph import Instance, Settings
from regiongraph.search import index_for, sync_index
from regiongraph.store import EmbeddedStore

BASE = "http://127.0.0.1:8000/id/"
CODE = "https://w3id.org/regiongraph/code/"


def record(ident: str, title: str, *, digest: str, status: str = "published") -> str:
    d, r = f"<{BASE}cooperation/{ident}>", f"<{BASE}record/t/{ident}>"
    return "\n".join(
        [
            f"{d} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<https://w3id.org/regiongraph/ontology#Cooperation> .",
            f'{d} <http://purl.org/dc/terms/title> "{title}"@de .',
            f'{d} <http://www.w3.org/2000/01/rdf-schema#label> "{title}"@de .',
            f"{r} <http://xmlns.com/foaf/0.1/primaryTopic> {d} .",
            f'{r} <https://w3id.org/regiongraph/ontology#contentHash> "{digest}" .',
            f"{r} <http://www.w3.org/ns/adms#status> <{CODE}record-status/{status}> .",
            "",
        ]
    )


def graph(ident: str) -> str:
    return f"{BASE}graph/t/{ident}"


@pytest.fixture
def instance(tmp_path) -> Settings:
    return Settings.load(environ={}, data_dir=tmp_path, base_iri=BASE)


def titles(settings: Settings, q: str) -> list[str]:
    return [h.title for h in index_for(settings).search(q)]


def test_every_write_keeps_the_index_in_step(instance):
    with Instance(instance).writing() as w:
        w.replace_graphs(
            {
                graph("a"): record("a", "Gemeinsame Straßenreinigung", digest="1"),
                graph("b"): record("b", "Musikschule Kamen", digest="1"),
            }
        )
    assert titles(instance, "Strasse") == ["Gemeinsame Straßenreinigung"]
    with Instance(instance).writing() as w:  # b changes, a is withdrawn, c is new
        w.replace_graphs(
            {
                graph("a"): record("a", "Gemeinsame Straßenreinigung", digest="1", status="withdrawn"),
                graph("b"): record("b", "Volkshochschule Kamen", digest="2"),
                graph("c"): record("c", "Rettungsdienst Lünen", digest="1"),
            }
        )
    assert titles(instance, "Strasse") == []
    assert titles(instance, "Kamen") == ["Volkshochschule Kamen"]
    assert titles(instance, "Lunen") == ["Rettungsdienst Lünen"]
    with Instance(instance).writing() as w:
        w.update(f"DROP GRAPH <{graph('c')}>")
    assert titles(instance, "Lunen") == []


def test_sync_touches_only_changed_graphs_and_rebuild_starts_over(tmp_path):
    store = EmbeddedStore(None)
    index = index_for(Settings.load(environ={}, data_dir=tmp_path))
    store.replace_graphs({graph(i): record(i, f"Kooperation {i}", digest="1") for i in ("x", "y", "z")})
    assert (sync_index(store, index).indexed, index.count()) == (3, 3)
    assert sync_index(store, index).indexed == 0  # nothing changed: nothing fetched
    store.replace_graphs({graph("y"): record("y", "Kooperation neu", digest="2")})
    report = sync_index(store, index)
    assert (report.indexed, report.dropped, report.entities) == (1, 0, 1)
    assert [h.title for h in index.search("neu")] == ["Kooperation neu"]
    store.update(f"DROP GRAPH <{graph('z')}>")
    assert sync_index(store, index).dropped == 1 and index.count() == 2
    assert sync_index(store, index, rebuild=True).entities == 2


def test_readers_open_the_index_read_only_beside_the_writer(instance):
    with Instance(instance).writing() as w:
        w.replace_graphs({graph("a"): record("a", "Datenverarbeitung", digest="1")})
    reader = index_for(instance)
    assert [h.title for h in reader.search("Datenverarb")] == ["Datenverarbeitung"]
    with Instance(instance).writing() as w:
        w.replace_graphs({graph("b"): record("b", "Automatisierte Datenverarbeitung", digest="1")})
    assert {h.title for h in reader.search("Datenverarbeitung")} == {
        "Datenverarbeitung",
        "Automatisierte Datenverarbeitung",
    }
    with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only"):
        reader._reader().execute("DELETE FROM entities")


def test_search_without_an_index_says_how_to_build_it(tmp_path):
    from regiongraph.errors import SearchError

    with pytest.raises(SearchError, match="--rebuild"):
        index_for(Settings.load(environ={}, data_dir=tmp_path / "empty")).search("Kamen")


def test_the_session_store_was_indexed_by_its_writer(settings):
    """The `built` store went through writing(); its index holds the gazetteer, register and code lists."""
    index = index_for(settings)
    assert index.search("Fröndenberg")[0].iri == BASE + "ags/05978012"
    assert index.search("Zweckverband", kind="legal-form")[0].iri == CODE + "legal-form/zweckverband"
    assert index.search("Verkehr", kind="field")[0].iri == CODE + "field/verkehr"
    assert isinstance(ox.NamedNode(index.search("GSW")[0].iri), ox.NamedNode)


def test_the_index_is_built_from_a_remote_store_through_sparql(tmp_path):
    """Remote backend: the same sync, over the SPARQL 1.1 protocol of a real `oxigraph serve`."""
    from store.conftest import OxigraphServer

    with OxigraphServer(tmp_path / "db") as server:
        remote = server.store()
        try:
            remote.replace_graphs({graph("r"): record("r", "Gemeinsames Rechenzentrum Fröndenberg", digest="1")})
            index = index_for(Settings.load(environ={}, data_dir=tmp_path / "data"))
            assert sync_index(remote, index).entities == 1
            assert [h.title for h in index.search("Frondenberg")] == ["Gemeinsames Rechenzentrum Fröndenberg"]
            remote.replace_graphs({graph("r"): record("r", "Rechenzentrum", digest="1", status="withdrawn")})
            assert sync_index(remote, index).dropped == 1 and index.count() == 0
        finally:
            remote.close()
