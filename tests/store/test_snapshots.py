"""One writer, many readers: writes publish snapshots; readers follow them; a failed write keeps the last one."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest

from regiongraph import Settings, StoreError
from regiongraph.store import SnapshotStore, current_snapshot, writing

INSERT = 'INSERT DATA {{ GRAPH <http://example.org/g> {{ <http://example.org/s> <http://example.org/p> "{}" }} }}'
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.load(environ={}, data_dir=tmp_path)


def count(store) -> int:
    return int(next(iter(store.query(COUNT)))["n"].value)


def test_readers_follow_published_snapshots(settings):
    with writing(settings) as store:
        store.update(INSERT.format(1))
    reader = SnapshotStore(settings)
    first = reader.path
    assert count(reader) == 1
    with writing(settings) as store:
        store.update(INSERT.format(2))
    assert count(reader) == 2 and reader.path != first
    with pytest.raises(StoreError, match="snapshots"):
        reader.update(INSERT.format(3))


def test_a_failed_write_still_leaves_a_consistent_published_state(settings):
    with writing(settings) as store:
        store.update(INSERT.format(1))
    with pytest.raises(RuntimeError), writing(settings) as store:
        store.update(INSERT.format(2))
        raise RuntimeError("crash after one committed transaction")
    assert count(SnapshotStore(settings)) == 2  # committed transactions are published, nothing half
    with writing(settings) as store:  # and the write lock was released
        store.update(INSERT.format(3))
    assert count(SnapshotStore(settings)) == 3


def test_a_killed_writer_leaves_the_last_snapshot_readable(settings):
    with writing(settings) as store:
        store.update(INSERT.format(1))
    published = current_snapshot(settings)
    script = (
        "import os, sys\n"
        "from regiongraph import Settings\nfrom regiongraph.store import writing\n"
        f"s = Settings.load(environ={{}}, data_dir={str(settings.data_dir)!r})\n"
        "with writing(s) as store:\n"
        f"    store.update({INSERT.format(2)!r})\n"
        "    os._exit(9)\n"
    )
    assert subprocess.run([sys.executable, "-c", script], timeout=60).returncode == 9
    assert current_snapshot(settings) == published and count(SnapshotStore(settings)) == 1
    with writing(settings) as store:  # the next writer gets the lock and publishes what was committed
        assert len(store.raw) == 2
    assert count(SnapshotStore(settings)) == 2


def test_readers_in_other_processes_read_while_a_writer_holds_the_store(settings):
    with writing(settings) as store:
        store.raw.bulk_extend(
            [
                ox.Quad(
                    ox.NamedNode(f"http://example.org/{i}"),
                    ox.NamedNode("http://example.org/p"),
                    ox.Literal(str(i)),
                    ox.NamedNode("http://example.org/g"),
                )
                for i in range(10)
            ]
        )
    with writing(settings) as store:
        store.update(INSERT.format("while writing"))
        code = (
            "from regiongraph import Settings\nfrom regiongraph.store import SnapshotStore\n"
            f"s = SnapshotStore(Settings.load(environ={{}}, data_dir={str(settings.data_dir)!r}))\n"
            "print(len(s.raw))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert out.stdout.strip() == "10", out.stderr  # the published state, not the open transaction's


def test_pruning_a_snapshot_removes_what_readers_kept_beside_it(settings):
    import os
    import time

    names = []
    for i in range(4):
        with writing(settings) as store:
            store.update(INSERT.format(i))
        names.append(current_snapshot(settings).name)
    folder = current_snapshot(settings).parent
    for name in names:
        (folder / f"{name}.order-x").write_text("kept beside it", encoding="utf-8")
        (folder / f".{name}.order-x.1.tmp").write_text("a dead writer's", encoding="utf-8")
        old = time.time() - 3600
        os.utime(folder / name, (old, old))
    with writing(settings) as store:
        store.update(INSERT.format(9))
    gone = [n for n in names if not (folder / n).exists()]
    assert gone and len(gone) < len(names)
    for name in names:
        exists = (folder / name).exists()
        assert (folder / f"{name}.order-x").exists() == exists
        assert (folder / f".{name}.order-x.1.tmp").exists() == exists
