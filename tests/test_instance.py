"""One instance object: services built once (the costly ones on first use), one writer that keeps search in step."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from regiongraph import Instance, Settings
from regiongraph.app import create_app
from regiongraph.store import SnapshotStore, writing

BASE = "http://127.0.0.1:8000/id/"
ONTOLOGY = "https://w3id.org/regiongraph/ontology#"
ROOT = Path(__file__).resolve().parents[1]
#: What a reader of the graph (the API, a query) must not load: the harvest composition and SHACL.
HEAVY = ("pyshacl", "multiprocessing", "regiongraph.pipeline", "regiongraph.runs", "regiongraph.bootstrap")


def record(ident: str, title: str) -> str:
    d, r = f"<{BASE}cooperation/{ident}>", f"<{BASE}record/t/{ident}>"
    return (
        f"{d} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONTOLOGY}Cooperation> .\n"
        f'{d} <http://purl.org/dc/terms/title> "{title}"@de .\n'
        f"{r} <http://xmlns.com/foaf/0.1/primaryTopic> {d} .\n"
        f'{r} <{ONTOLOGY}contentHash> "1" .\n'
    )


@pytest.fixture
def fresh(tmp_path) -> Settings:
    return Settings.load(environ={}, data_dir=tmp_path / "data", base_iri=BASE)


def _run(code: str) -> dict:
    """``code`` in a fresh interpreter (nothing imported yet); it prints one JSON object."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_writer_keeps_search_in_step_and_the_backend_alone_does_not(fresh):
    instance = Instance(fresh)
    with instance.writing() as writer:
        writer.replace_graphs({f"{BASE}graph/t/a": record("a", "Gemeinsame Straßenreinigung")})
    assert [h.title for h in instance.index.search("Strasse")] == ["Gemeinsame Straßenreinigung"]
    with writing(fresh) as writer:  # store/ holds backends only: this write is not indexed
        writer.replace_graphs({f"{BASE}graph/t/b": record("b", "Musikschule Kamen")})
    assert instance.index.search("Kamen") == []
    instance.apply_update(f"INSERT DATA {{ GRAPH <{BASE}graph/t/c> {{ {record('c', 'Rettungsdienst Lünen')} }} }}")
    assert [h.title for h in instance.index.search("Lunen")] == ["Rettungsdienst Lünen"]
    assert [h.title for h in instance.index.search("Kamen")] == ["Musikschule Kamen"]  # the sync catches up


def test_one_store_is_opened_and_a_given_store_is_the_one_used(settings, store):
    with Instance(settings) as instance:
        assert isinstance(instance.store, SnapshotStore) and instance.store is instance.store
        assert instance.open_store() is not instance.store  # a store of the caller's own
    given = Instance(settings, store=store)
    assert given.store is store
    app = create_app(settings, store)
    assert app.state.instance.store is store is app.state.store
    assert app.state.rest.index is app.state.instance.index and app.state.rest.minter is app.state.instance.minter
    built = Instance(settings)
    assert create_app(settings, instance=built).state.store is built.store


def test_services_are_built_once_each(settings):
    instance = Instance(settings)
    assert instance.resolver is instance.resolver and instance.binder.resolver is instance.resolver
    assert instance.minter.territory("05978") == BASE + "ags/05978"
    assert instance.binder is instance.binder and instance.named_queries is instance.named_queries
    assert sorted(instance.named_queries) == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert instance.validator is instance.validator and len(instance.validator.digest) == 64


def test_the_harvest_services_are_read_only_attributes():
    # The pipeline types what it needs as a Protocol of exactly these four; Instance must satisfy it.
    for name in ("settings", "minter", "resolver", "validator"):
        attribute = getattr(Instance, name)
        assert isinstance(attribute, property) and attribute.fset is None, name


def test_the_resolver_and_the_validator_are_built_on_first_use_only(settings):
    found = _run(f"""
        import json, sys
        from pathlib import Path
        from regiongraph import Instance, Settings
        from regiongraph.gazetteer import load_territories

        instance = Instance(Settings.load(environ={{}}, data_dir=Path({str(settings.data_dir)!r}), base_iri={BASE!r}))
        rows = len(list(instance.store.query("SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT 3")))
        instance.minter, instance.index, instance.named_queries
        before = {{"parsed": load_territories.cache_info().currsize, "pyshacl": "pyshacl" in sys.modules}}
        instance.resolver
        middle = {{"parsed": load_territories.cache_info().currsize, "pyshacl": "pyshacl" in sys.modules}}
        instance.validator
        print(json.dumps({{"rows": rows, "before": before, "middle": middle, "after": "pyshacl" in sys.modules}}))
    """)
    assert found == {
        "rows": 3,
        "before": {"parsed": 0, "pyshacl": False},
        "middle": {"parsed": 1, "pyshacl": False},
        "after": True,
    }


def test_the_api_and_its_app_load_neither_shacl_nor_the_pipeline(settings):
    found = _run(f"""
        import json, sys
        from pathlib import Path
        import regiongraph.api
        after_import = sorted(sys.modules)
        import regiongraph.app
        from regiongraph import Settings
        app = regiongraph.app.create_app(Settings.load(environ={{}}, data_dir=Path({str(settings.data_dir)!r}),
                                                       base_iri={BASE!r}))
        print(json.dumps({{"import": after_import, "app": sorted(sys.modules),
                          "instance": type(app.state.instance).__name__}}))
    """)
    assert found["instance"] == "Instance"
    for when in ("import", "app"):
        loaded = [m for m in found[when] if any(m == h or m.startswith(h + ".") for h in HEAVY)]
        assert loaded == [], f"{when}: {loaded}"
