"""``write_dump``: every quad but the harvest runs', sorted, skolemised, ``gzip -n``; the same store, the same bytes."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from regiongraph import Settings
from regiongraph.dumps import list_dumps, write_dump
from regiongraph.store import EmbeddedStore
from support.dumpkit import BASE, RUNS, read_back, same_datasets

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


@pytest.fixture(scope="module")
def register_dump(built, tmp_path_factory):
    settings, store, _ = built
    settings = settings.with_(dumps_dir=tmp_path_factory.mktemp("dumps"))
    dump = write_dump(settings, store, date="2026-01-05")
    return settings, store, dump, read_back(settings.dumps_location / dump.file)


def test_the_dump_holds_the_store_but_the_harvest_runs(register_dump):
    _, store, dump, got = register_dump
    every = list(store.raw.quads_for_pattern(None, None, None, None))
    runs = {q for q in every if q.graph_name.value.startswith(RUNS)}
    expected = [q for q in every if q not in runs]
    assert runs and dump.left_out_quads == len(runs)  # the register's harvest wrote a run
    assert len(got) == len(expected) == dump.quads
    assert same_datasets(expected, got) == []
    assert any(isinstance(q.subject, ox.BlankNode) for q in got)  # the ontology's OWL lists were blank nodes
    assert RUNS in dump.left_out


def test_lines_are_sorted_once_each_and_counted(register_dump):
    settings, _, dump, quads = register_dump
    lines = gzip.decompress((settings.dumps_location / dump.file).read_bytes()).splitlines()
    assert lines == sorted(set(lines))
    assert not any(b"_:" in line.split(b'"')[0] for line in lines)  # no blank node outside a literal
    assert dump.triples == len({q.triple for q in quads})
    entities = {q.subject for q in quads if isinstance(q.subject, ox.NamedNode)}  # skolem IRIs read back as blank
    assert dump.entities == len(entities)
    assert dump.graphs == len({q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)})


def test_gzip_and_sha256_as_the_unix_tools_read_them(register_dump):
    settings, _, dump, _ = register_dump
    path = settings.dumps_location / dump.file
    data = path.read_bytes()
    assert data[:3] == b"\x1f\x8b\x08" and data[3] & 0x08 == 0  # gzip, no file name stored (gzip -n)
    assert data[4:8] == b"\0\0\0\0"  # no modification time
    assert subprocess.run(["gzip", "-dc", str(path)], capture_output=True, check=True).stdout == gzip.decompress(data)
    assert dump.sha256 == hashlib.sha256(data).hexdigest() and dump.byte_size == len(data)
    checked = subprocess.run(["sha256sum", "-c", dump.checksum_file], cwd=path.parent, capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout.strip() == f"{dump.file}: OK"


def small_store(*texts: tuple[bytes, ox.RdfFormat]) -> EmbeddedStore:
    store = EmbeddedStore(None)
    for data, fmt in texts:
        store.raw.load(data, format=fmt, to_graph=ox.NamedNode(BASE + "graph/system/ontology"))
    return store


def ontology_store() -> EmbeddedStore:
    return small_store(*((p.read_bytes(), ox.RdfFormat.TURTLE) for p in sorted(ONTOLOGY.rglob("*.ttl"))))


def settings_in(tmp_path: Path) -> Settings:
    return Settings.load(environ={}, data_dir=tmp_path, base_iri=BASE)


def test_two_dumps_of_one_store_are_byte_identical_and_a_write_changes_them(tmp_path):
    settings, store = settings_in(tmp_path), ontology_store()
    first = write_dump(settings, store, date="2026-01-05")
    second = write_dump(settings, store, date="2026-01-06")
    folder = settings.dumps_location
    assert (folder / first.file).read_bytes() == (folder / second.file).read_bytes()
    store.update(f"INSERT DATA {{ GRAPH <{BASE}graph/x> {{ <{BASE}a> <{BASE}b> [ <{BASE}c> 1 ] }} }}")
    third = write_dump(settings, store, date="2026-01-07")
    assert third.sha256 != first.sha256 and third.quads == first.quads + 2


def test_the_same_quads_loaded_anew_give_the_same_bytes(tmp_path):
    """Oxigraph gives blank nodes new labels on every load: the skolem IRIs depend on the data alone."""
    a = write_dump(settings_in(tmp_path / "a"), ontology_store(), date="2026-01-05")
    b = write_dump(settings_in(tmp_path / "b"), ontology_store(), date="2026-01-05")
    assert a.sha256 == b.sha256


SYMMETRIC = b"""
<http://e/s> <http://e/p> _:a . _:a <http://e/q> _:b .
<http://e/s> <http://e/p> _:c . _:c <http://e/q> _:d .
_:x <http://e/r> _:y . _:y <http://e/r> _:x .
_:u <http://e/r> _:v . _:v <http://e/r> _:u .
_:k a <http://e/K> . _:l a <http://e/K> .
"""


def test_symmetric_blank_nodes_keep_apart_and_reproduce(tmp_path):
    dumps = [
        write_dump(settings_in(tmp_path / n), small_store((SYMMETRIC, ox.RdfFormat.TURTLE)), date="2026-01-05")
        for n in "ab"
    ]
    assert dumps[0].sha256 == dumps[1].sha256
    folder = settings_in(tmp_path / "a").dumps_location
    got = read_back(folder / dumps[0].file)
    assert len(got) == 10 and len({t for q in got for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}) == 10
    expected = list(small_store((SYMMETRIC, ox.RdfFormat.TURTLE)).raw)
    assert same_datasets(expected, got) == []


def test_the_default_graph_and_an_empty_store(tmp_path):
    store = EmbeddedStore(None)
    empty = write_dump(settings_in(tmp_path), store, date="2026-01-05")
    assert (empty.quads, empty.triples, empty.graphs) == (0, 0, 0)
    assert gzip.decompress((settings_in(tmp_path).dumps_location / empty.file).read_bytes()) == b""
    store.update(
        'INSERT DATA { <http://e/s> <http://e/p> "a <b"^^<http://e/t> , <http://e/o> . '
        "GRAPH <http://e/g> { <http://e/s> <http://e/p> <http://e/o> } }"
    )
    dump = write_dump(settings_in(tmp_path), store, date="2026-01-06")
    assert (dump.quads, dump.triples, dump.graphs, dump.entities) == (3, 2, 1, 1)
    assert [d.date for d in list_dumps(settings_in(tmp_path).dumps_location)] == ["2026-01-06", "2026-01-05"]
