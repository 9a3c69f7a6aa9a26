"""The sorted catalogue as a file beside its snapshot: sorted by one process, read by the others, never half."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_order import NEWEST_FIRST, _quads
from test_select import BASE, _record

from regiongraph import Settings
from regiongraph.api.catalog import warm
from regiongraph.app import create_app
from regiongraph.catalog import Selection
from regiongraph.catalog._order import sorted_records
from regiongraph.catalog._shared import read_list, shared_list, write_list
from regiongraph.store import EmbeddedStore, SnapshotStore, writing

#: Another process, on the same data folder: the catalogue's records newest first, never sorting itself.
READER = textwrap.dedent("""
    import json, sys
    from regiongraph import Settings
    from regiongraph.catalog import Selection
    from regiongraph.catalog._order import sorted_records
    from regiongraph.store import SnapshotStore

    def refuse():
        raise SystemExit("sorted again")

    settings = Settings.load(environ={}, data_dir=sys.argv[1], base_iri=sys.argv[2])
    store = SnapshotStore(settings)
    records = sorted_records(store, Selection(sys.argv[2]).where(), "DESC(?m)", refuse, shared=True)
    print(json.dumps([store.generation(), list(records)]))
""")


@pytest.fixture
def snapshot(tmp_path) -> tuple[Settings, SnapshotStore]:
    settings = Settings.load(environ={}, data_dir=tmp_path, base_iri=BASE)
    with writing(settings) as writer:
        writer.raw.load(_quads(), format=ox.RdfFormat.N_QUADS)
    return settings, SnapshotStore(settings)


def _lists(store: SnapshotStore) -> list[Path]:
    """The list files beside the store's current snapshot (not their lock files)."""
    return [p for p in store.path.parent.glob(f"{store.path.name}.order-*") if not p.name.endswith(".lock")]


def _other_process(settings: Settings) -> tuple[str, list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", READER, str(settings.data_dir), BASE],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    generation, records = json.loads(out.stdout)
    return generation, records


def test_a_second_process_reads_the_list_the_first_sorted(snapshot):
    settings, store = snapshot
    assert _lists(store) == []
    first = Selection(BASE).page(store, limit=2, offset=0)
    assert [i.dataset for i in first] == [f"{BASE}dataset/t/{i}" for i in NEWEST_FIRST[:2]]
    [path] = _lists(store)
    records = read_list(path)
    assert records is not None and [r.rsplit("/", 1)[1] for r in records] == [str(i) for i in NEWEST_FIRST]
    generation, again = _other_process(settings)
    assert generation == store.generation() and again == list(records)


def test_the_count_is_the_shared_lists_length(snapshot):
    _, store = snapshot
    assert Selection(BASE).count(store) == 6
    [path] = _lists(store)
    assert len(read_list(path)) == 6
    calls: list[int] = []
    where = Selection(BASE).where()
    assert len(sorted_records(store, where, "DESC(?m)", lambda: calls.append(1) or [], shared=True)) == 6
    assert calls == []  # one list for count and pages


def test_a_new_snapshot_generation_gets_a_list_of_its_own(snapshot):
    settings, store = snapshot
    Selection(BASE).count(store)
    [old] = _lists(store)
    before = store.generation()
    with writing(settings) as writer:
        writer.raw.load(_record(8, "published", "2025-06-01T00:00:00Z").encode(), format=ox.RdfFormat.N_QUADS)
    assert Selection(BASE).page(store, limit=1, offset=0)[0].dataset == f"{BASE}dataset/t/8"
    assert store.generation() != before and Selection(BASE).count(store) == 7
    [new] = _lists(store)
    assert new != old and old.exists() and len(read_list(old)) == 6  # a worker still on the old one reads it
    generation, records = _other_process(settings)
    assert generation == store.generation() and records == list(read_list(new)) and len(records) == 7


def test_a_writer_that_dies_mid_write_leaves_no_half_list(tmp_path):
    path = tmp_path / "00000000000000000001.order-x"
    crash = textwrap.dedent("""
        import os, sys
        from pathlib import Path
        from regiongraph.catalog._shared import write_list

        def records():
            yield "http://example.org/r/1"
            sys.stdout.flush()
            os._exit(9)  # killed between two records

        write_list(Path(sys.argv[1]), records())
    """)
    done = subprocess.run([sys.executable, "-c", crash, str(path)], check=False, timeout=60)
    assert done.returncode == 9
    assert not path.exists() and read_list(path) is None
    [left] = list(tmp_path.glob(".*.tmp"))  # the dead writer's temporary file, never taken for the list
    assert read_list(left) is None
    records = shared_list(path, lambda: ["http://example.org/r/2", "http://example.org/r/1"], current=lambda: True)
    assert records == read_list(path) == ("http://example.org/r/2", "http://example.org/r/1")


def test_a_cut_or_foreign_file_is_sorted_again(tmp_path):
    path = tmp_path / "list"
    write_list(path, ["a", "b", "c"])
    path.write_text(path.read_text(encoding="utf-8")[:-8], encoding="utf-8")  # its last line lost
    assert read_list(path) is None
    path.write_text("something else\n", encoding="utf-8")
    assert shared_list(path, lambda: ["x", "y", "x"], current=lambda: True) == ("x", "y")
    assert read_list(path) == ("x", "y")


def test_a_list_sorted_while_a_newer_snapshot_came_is_not_written(tmp_path):
    path = tmp_path / "list"
    assert shared_list(path, lambda: ["a"], current=lambda: False) == ("a",)
    assert not path.exists()


def test_the_shared_order_is_the_stores_order_and_ckans_default_is_it(snapshot):
    _, store = snapshot
    writable = EmbeddedStore(None)  # sorts in the store, page by page
    writable.raw.load(_quads(), format=ox.RdfFormat.N_QUADS)
    for order in ("DESC(?m)", "DESC(?m) DESC(?m)"):  # the second: CKAN's "score desc, metadata_modified desc"
        pages = [Selection(BASE).page(s, limit=4, offset=o, order=order) for s in (store, writable) for o in (0, 4)]
        assert pages[0] + pages[1] == pages[2] + pages[3] and len(pages[0] + pages[1]) == 6
    assert len(_lists(store)) == 1


def test_a_worker_sorts_its_catalogue_at_start(snapshot):
    settings, store = snapshot
    warm(create_app(settings, store)).join(timeout=60)
    [path] = _lists(store)
    assert len(read_list(path)) == 6
