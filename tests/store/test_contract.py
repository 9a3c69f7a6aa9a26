"""One contract, every backend: the embedded store (memory, disk) and a remote ``oxigraph serve``."""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from regiongraph import Instance, Settings
from regiongraph import ntriples as nt
from regiongraph.errors import QueryError, StoreError
from regiongraph.pipeline import harvest_register
from regiongraph.sparql import UpdateRequest, prepare_update
from regiongraph.store import EmbeddedStore, GraphStore
from support.helpers import iri, lit, select

EX = "http://example.org/"
G1, G2, G3, BIG = (f"{EX}graph/{name}" for name in ("one", "two", "three", "big"))


def triples(subject: str, *values: str) -> str:
    """N-Triples: ``ex:subject ex:p "value"`` for each value."""
    return "".join(nt.triple(nt.iri(EX + subject), nt.iri(EX + "p"), nt.literal(v)) for v in values)


def values_in(store: GraphStore, graph: str) -> list[str]:
    return sorted(r["o"] for r in select(store, "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", g=iri(graph)))


def test_replace_graphs_replaces_exactly_the_graph_it_names(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1", "2"), G2: triples("b", "x")})
    graph_store.replace_graphs({G1: triples("a", "3")})
    assert values_in(graph_store, G1) == ["3"]
    assert values_in(graph_store, G2) == ["x"]


def test_replace_graphs_writes_several_graphs_in_one_call(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1"), G2: triples("b", "2", "3"), G3: triples("c", "4")})
    rows = select(graph_store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert {r["g"]: int(r["n"]) for r in rows} == {G1: 1, G2: 2, G3: 1}
    graph_store.replace_graphs({})
    assert graph_store.count_quads() == 4


def test_replace_graphs_is_all_or_nothing(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1")})
    with pytest.raises(StoreError):
        graph_store.replace_graphs({G1: triples("a", "2"), G2: "<http://example.org/broken> .\n"})
    assert values_in(graph_store, G1) == ["1"]
    assert values_in(graph_store, G2) == []


@pytest.mark.parametrize("layout", ["tab", "no space", "comment", "blank line", "no final newline"])
def test_new_graphs_in_any_n_triples_layout_land_in_their_graph(graph_store, layout):
    s, p = nt.iri(EX + "a"), nt.iri(EX + "p")
    data = {
        "tab": f'{s}\t{p}\t"1" .\n{s} {p} "2"\t.\n',
        "no space": f'{s} {p} "1".\n{s} {p} "2" .\n',
        "comment": f'# a record\n{s} {p} "1" . # first\n{s} {p} "2" .\n',
        "blank line": f'{s} {p} "1" .\n\n{s} {p} "2" .\n',
        "no final newline": f'{s} {p} "1" .\n{s} {p} "2" .',
    }[layout]
    graph_store.replace_graphs({G1: data, G2: triples("b", "3")})
    assert values_in(graph_store, G1) == ["1", "2"] and values_in(graph_store, G2) == ["3"]
    assert graph_store.count_quads() == 3  # so none went to the default graph


def test_a_substituted_literal_is_a_value_not_syntax(graph_store):
    tricky = 'He said "}" \n then } ; DROP ALL # \\ done'
    graph_store.replace_graphs({G1: triples("a", tricky, "plain")})
    rows = select(graph_store, "SELECT ?s WHERE { ?s ?p ?o }", o=lit(tricky))
    assert rows == [{"s": EX + "a"}]
    assert select(graph_store, "SELECT ?s WHERE { ?s ?p ?o }", o=lit('"} }')) == []
    rows = select(graph_store, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", s=iri(EX + "a"))
    assert [r["o"] for r in rows] == sorted([tricky, "plain"])
    assert graph_store.count_quads() == 2


def test_the_default_graph_is_the_union_of_the_named_graphs(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1"), G2: triples("b", "2")})
    assert sorted(r["o"] for r in select(graph_store, "SELECT ?o WHERE { ?s ?p ?o }")) == ["1", "2"]


def test_default_graphs_restrict_the_default_graph(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1"), G2: triples("b", "2"), G3: triples("c", "3")})
    result = graph_store.query("SELECT ?o WHERE { ?s ?p ?o }", default_graphs=[G1, G3])
    assert sorted(r["o"].value for r in result) == ["1", "3"]
    # the named graphs stay all there when only the default graph is given
    result = graph_store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[G1])
    assert sorted(r["g"].value for r in result) == sorted([G1, G2, G3])


def test_named_graphs_restrict_the_named_graphs(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1"), G2: triples("b", "2")})
    query = "SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert [(r["g"].value, r["o"].value) for r in graph_store.query(query, named_graphs=[G2])] == [(G2, "2")]
    # the default graph stays the union when only the named graphs are given
    result = graph_store.query("SELECT ?o WHERE { ?s ?p ?o }", named_graphs=[G2])
    assert sorted(r["o"].value for r in result) == ["1", "2"]
    both = graph_store.query(
        "SELECT ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", default_graphs=[G1], named_graphs=[]
    )
    assert [r["o"].value for r in both] == ["1"]
    nothing = graph_store.query(
        "ASK WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", default_graphs=[], named_graphs=[]
    )
    assert not bool(nothing), "an empty dataset is empty, not the store's default"


def test_construct_returns_triples(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1", "2")})
    query = "CONSTRUCT { ?s <http://example.org/q> ?o } WHERE { ?s ?p ?o }"
    result = graph_store.query(query)
    assert isinstance(result, ox.QueryTriples)
    got = list(result)
    assert all(isinstance(t, ox.Triple) for t in got)
    assert sorted(t.object.value for t in got) == ["1", "2"]
    data = graph_store.query(query).serialize(format=ox.RdfFormat.N_TRIPLES)
    assert len(list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))) == 2


def test_ask_returns_a_boolean(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1")})
    yes = graph_store.query("ASK WHERE { ?s ?p ?o }", substitutions={"o": lit("1")})
    no = graph_store.query("ASK WHERE { ?s ?p ?o }", substitutions={"o": lit("2")})
    assert isinstance(yes, ox.QueryBoolean)
    assert (bool(yes), bool(no)) == (True, False)


def test_the_typed_verbs_answer_their_form_and_refuse_another(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1", "2"), G2: triples("b", "3")})
    rows = graph_store.select("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", named_graphs=[G1], default_graphs=[G1])
    assert [v.value for v in rows.variables] == ["o"] and [r["o"].value for r in rows] == ["1", "2"]
    assert graph_store.ask("ASK WHERE { ?s ?p ?o }", substitutions={"o": lit("3")}) is True
    assert graph_store.ask("ASK WHERE { ?s ?p ?o }", substitutions={"o": lit("4")}) is False
    got = graph_store.construct("CONSTRUCT WHERE { ?s ?p ?o }", default_graphs=[G2], named_graphs=[])
    assert [t.object.value for t in got] == ["3"]
    assert [t.object for t in graph_store.construct("DESCRIBE <http://example.org/b>")] == [ox.Literal("3")]
    for verb, other in (
        (graph_store.select, "ASK { ?s ?p ?o }"),
        (graph_store.ask, "SELECT * WHERE { ?s ?p ?o }"),
        (graph_store.construct, "SELECT * WHERE { ?s ?p ?o }"),
    ):
        with pytest.raises(QueryError, match="query was expected"):
            verb(other)


def test_query_serialized_returns_the_requested_format(graph_store):
    graph_store.replace_graphs({G1: triples("a", 'say "hi"', "2")})
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    doc = json.loads(graph_store.query_serialized(query, results_format=ox.QueryResultsFormat.JSON))
    assert doc["head"]["vars"] == ["o"]
    assert [b["o"]["value"] for b in doc["results"]["bindings"]] == ["2", 'say "hi"']
    text = graph_store.query_serialized(query, results_format=ox.QueryResultsFormat.CSV).decode("utf-8")
    assert list(csv.reader(io.StringIO(text))) == [["o"], ["2"], ['say "hi"']]
    ask = graph_store.query_serialized("ASK { ?s ?p ?o }", results_format=ox.QueryResultsFormat.JSON)
    assert json.loads(ask)["boolean"] is True


def test_a_syntax_error_raises_store_error_with_the_parser_message(graph_store):
    with pytest.raises(StoreError, match=r"1:10.*expected"):
        graph_store.query("SELEC ?s WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match="expected"):
        graph_store.update("INSERT DATA { <http://example.org/a> }")


def test_update_changes_the_store(graph_store):
    graph_store.update(f'INSERT DATA {{ GRAPH <{G1}> {{ <{EX}a> <{EX}p> "1", "2" }} }}')
    assert values_in(graph_store, G1) == ["1", "2"]
    graph_store.update(f'DELETE WHERE {{ GRAPH <{G1}> {{ ?s ?p "1" }} }}')
    assert values_in(graph_store, G1) == ["2"]


def test_load_graph_replaces_a_big_graph_and_count_quads_agrees(graph_store):
    graph_store.replace_graphs({G2: triples("b", "kept")})
    big = "".join(nt.triple(nt.iri(f"{EX}s{i}"), nt.iri(EX + "p"), nt.literal(f"value {i}")) for i in range(20_000))
    graph_store.load_graph(BIG, big.encode("utf-8"), fmt=ox.RdfFormat.N_TRIPLES)
    assert graph_store.count_quads() == 20_001
    turtle = b'@prefix ex: <http://example.org/> . ex:s1 ex:p "new", "newer" .'
    graph_store.load_graph(BIG, turtle, fmt=ox.RdfFormat.TURTLE)
    assert values_in(graph_store, BIG) == ["new", "newer"]
    assert values_in(graph_store, G2) == ["kept"]
    assert graph_store.count_quads() == 3


def open_sockets() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the listing's own descriptor is gone by now
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
    return count


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts sockets through /proc")
def test_close_keeps_the_data_and_leaks_nothing(backend):
    before = open_sockets()
    store = backend.open()
    store.replace_graphs({G1: triples("a", "1")})
    assert values_in(store, G1) == ["1"]
    store.close()
    assert open_sockets() <= before, "close() must release every connection"
    store.close()  # closing twice is harmless
    del store
    gc.collect()  # the disk store releases its lock when dropped
    if backend.persistent:
        again = backend.open()
        try:
            assert again.count_quads() == 1
        finally:
            again.close()


REGISTER_FILE = """[source]
file = "003_ad825ee6a0a35707.txt"
date = "2016-01-12"

[[cooperation]]
id = "t-remote-1"
locator = "Folie 46, Nr. 2"
title = "Volkshochschule \\"Kamen-Bönen\\" }"
partners = [{ ref = "Kamen", role = "member" }, { ref = "Bönen", role = "member" }]
legal_form = "zweckverband"
start = "1975"

[[cooperation]]
id = "t-remote-broken"
locator = "Folie 1"
title = "Kooperation mit Atlantis"
partners = [{ ref = "Atlantis", role = "member" }]
"""

RECORDS = """PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX adms: <http://www.w3.org/ns/adms#>
SELECT ?id ?status WHERE { ?r rg:sourceId ?id ; adms:status ?status } ORDER BY ?id"""


def test_the_pipeline_gives_the_same_answers_on_a_remote_store(oxigraph, tmp_path: Path, repo_root: Path):
    folder = tmp_path / "register"
    folder.mkdir()
    shutil.copy(repo_root / "harvesters/register/kreis-unna-2016-organisationen.toml", folder)
    (folder / "test.toml").write_text(REGISTER_FILE, encoding="utf-8")
    settings = Settings.load(environ={}, data_dir=tmp_path / "data")
    oxigraph.wipe()
    embedded, remote = EmbeddedStore(None), oxigraph.store()
    try:
        expected = harvest_register(Instance(settings), embedded, folder=folder)
        first = harvest_register(Instance(settings), remote, folder=folder)
        assert first.counts == expected.counts
        assert first.new > 0 and [rid for rid, _ in first.quarantined] == ["t-remote-broken"]
        assert select(remote, RECORDS) == select(embedded, RECORDS)
        second = harvest_register(Instance(settings), remote, folder=folder)
        assert second.unchanged == first.new + len(first.quarantined)
        assert (second.new, second.updated, second.withdrawn, len(second.quarantined)) == (0, 0, 0, 0)
    finally:
        remote.close()


def test_a_store_says_whether_it_evaluates_queries_in_this_process(graph_store):
    # the endpoint watches (and cuts off) only answers written in this process
    assert graph_store.in_process is isinstance(graph_store, EmbeddedStore)


def union_update(text: str) -> dict:
    """The arguments the update route gives the store for ``text`` (its reading of the operations)."""
    prepared = prepare_update(UpdateRequest(text))
    return {"steps": prepared.steps}


COPY_P = f"INSERT {{ GRAPH <{G3}> {{ ?s <{EX}q> ?o }} }} WHERE {{ ?s <{EX}p> ?o }}"


def test_an_update_where_reads_the_union_default_graph_as_queries_do(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1"), G2: triples("b", "2")})
    graph_store.update(COPY_P)  # no steps: the WHERE reads the store's own default graph, which is empty
    assert values_in(graph_store, G3) == []
    graph_store.update(COPY_P, **union_update(COPY_P))
    assert values_in(graph_store, G3) == ["1", "2"]


def test_a_union_where_sees_what_the_operations_before_it_wrote(graph_store):
    text = (
        f'INSERT DATA {{ GRAPH <{G2}> {{ <{EX}b> <{EX}p> "2" }} }} ;\n'
        f'DELETE DATA {{ GRAPH <{G1}> {{ <{EX}a> <{EX}p> "1" }} }} ; {COPY_P} ; CLEAR GRAPH <{G2}>'
    )
    graph_store.replace_graphs({G1: triples("a", "1")})
    graph_store.update(text, **union_update(text))
    assert values_in(graph_store, G3) == ["2"] and values_in(graph_store, G2) == values_in(graph_store, G1) == []


def test_a_union_where_keeps_blank_nodes_what_they_are(graph_store):
    graph_store.update(f'INSERT DATA {{ GRAPH <{G1}> {{ _:x <{EX}p> "1" ; <{EX}r> "kept" }} }}')
    text = (
        f"DELETE {{ GRAPH <{G1}> {{ ?s <{EX}p> ?o }} }} INSERT {{ GRAPH <{G2}> {{ ?s <{EX}p> ?o }} }} "
        f"WHERE {{ ?s <{EX}p> ?o }}"
    )
    graph_store.update(text, **union_update(text))
    rows = select(graph_store, f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ ?s <{EX}p>|<{EX}r> ?o }} }} ORDER BY ?o")
    assert rows == [{"g": G2, "o": "1"}, {"g": G1, "o": "kept"}]
    same = graph_store.query(f'ASK {{ GRAPH <{G1}> {{ ?s <{EX}r> "kept" }} GRAPH <{G2}> {{ ?s <{EX}p> "1" }} }}')
    assert bool(same), "the moved triple keeps its subject, the same blank node"


def test_with_and_using_keep_their_own_dataset_beside_a_union_where(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1"), G2: triples("b", "2")})
    text = (
        f"WITH <{G1}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }} ;\n"
        f"INSERT {{ GRAPH <{G3}> {{ ?s <{EX}q> ?o }} }} USING <{G2}> WHERE {{ ?s <{EX}p> ?o }} ;\n"
        f"PREFIX ex: <{EX}> INSERT {{ GRAPH <{G3}> {{ ?s ex:q ?o }} }} WHERE {{ ?s ex:p ?o }}"
    )
    graph_store.update(text, **union_update(text))
    assert values_in(graph_store, G1) == [] and values_in(graph_store, G3) == ["2"]


def test_delete_where_matches_the_union_and_deletes_from_the_graph_it_names(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1", "2")})
    text = f'DELETE WHERE {{ GRAPH <{G1}> {{ ?s <{EX}p> "1" }} ?s <{EX}p> "2" }}'
    graph_store.update(text, **union_update(text))
    assert values_in(graph_store, G1) == ["2"], "the default-graph triple is deleted from the default graph only"


def test_relative_iris_resolve_against_the_base_iri(graph_store):
    graph_store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ <s> <{EX}p> <o> }} }}", base_iri="http://example.org/base/")
    assert select(graph_store, f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }}") == [
        {"s": "http://example.org/base/s", "o": "http://example.org/base/o"}
    ]
    result = graph_store.query('SELECT (IRI("x") AS ?i) WHERE {}', base_iri="http://example.org/base/")
    assert [r["i"].value for r in result] == ["http://example.org/base/x"]
    result = graph_store.query('BASE <other/> SELECT (IRI("x") AS ?i) WHERE {}', base_iri="http://example.org/base/")
    assert [r["i"].value for r in result] == ["http://example.org/base/other/x"], "the text's BASE resolves first"


def test_a_query_naming_its_dataset_is_evaluated_over_it(graph_store):
    graph_store.replace_graphs({G1: triples("a", "1"), G2: triples("b", "2")})
    from_one = f"SELECT ?o FROM <{G1}> WHERE {{ ?s ?p ?o }}"
    assert [r["o"].value for r in graph_store.query(from_one, own_dataset=True)] == ["1"]
    named_only = f"SELECT ?g ?o FROM NAMED <{G2}> WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
    rows = [(r["g"].value if r["g"] else None, r["o"].value) for r in graph_store.query(named_only, own_dataset=True)]
    assert rows == [(G2, "2")], "FROM NAMED alone: the default graph is empty"
    protocol = graph_store.query(from_one, own_dataset=True, default_graphs=[G2], named_graphs=[])
    assert [r["o"].value for r in protocol] == ["2"], "the protocol's dataset replaces the text's"


def test_an_update_that_fails_while_running_raises_store_error(graph_store):
    with pytest.raises(StoreError):
        graph_store.update(f"CLEAR GRAPH <{EX}graph/never-written>")
