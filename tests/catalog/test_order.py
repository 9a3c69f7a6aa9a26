"""Paging a snapshot: sorted once per snapshot and selection, sliced per page, renewed when a write publishes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from test_select import BASE, _record

from regiongraph import Settings
from regiongraph.catalog import Selection
from regiongraph.catalog._order import sorted_records
from regiongraph.store import EmbeddedStore, SnapshotStore, writing

#: Record i → its modified time; 3 and 4 tie (the record IRI breaks the tie), 6 is withdrawn.
TIMES = {
    1: "2025-01-05T10:00:00Z",
    2: "2025-03-01T10:00:00Z",
    3: "2025-02-01T10:00:00Z",
    4: "2025-02-01T10:00:00Z",
    5: "2024-12-24T18:00:00Z",
    7: "2025-04-30T23:59:59Z",
}
NEWEST_FIRST = [7, 2, 3, 4, 1, 5]


def _quads() -> bytes:
    data = "".join(_record(i, "published", when) for i, when in TIMES.items())
    return (data + _record(6, "withdrawn", "2025-05-01T00:00:00Z")).encode()


@pytest.fixture
def snapshot(tmp_path) -> tuple[Settings, SnapshotStore]:
    settings = Settings.load(environ={}, data_dir=tmp_path, base_iri=BASE)
    with writing(settings) as writer:
        writer.raw.load(_quads(), format=ox.RdfFormat.N_QUADS)
    return settings, SnapshotStore(settings)


def _datasets(store, order: str = "DESC(?m)", size: int = 4) -> list[str]:
    """Every item, page by page, as a harvester walks the catalogue."""
    selection, out, offset = Selection(BASE), [], 0
    while page := selection.page(store, limit=size, offset=offset, order=order):
        out += [i.dataset for i in page]
        offset += size
    return out


def test_snapshot_pages_are_the_store_sorted_pages(snapshot):
    _, store = snapshot
    writable = EmbeddedStore(None)  # no generation: pages with ORDER BY … LIMIT … OFFSET in the store
    writable.raw.load(_quads(), format=ox.RdfFormat.N_QUADS)
    assert writable.generation() is None and store.generation() is not None
    assert _datasets(store) == [f"{BASE}dataset/t/{i}" for i in NEWEST_FIRST] == _datasets(writable)
    for order in ("ASC(?m)", "ASC(?name)", "DESC(?title)", "ASC(?id)", "DESC(?c)"):
        assert _datasets(store, order, size=2) == _datasets(writable, order, size=2), order
    first, writable_first = (Selection(BASE).page(s, limit=3, offset=0) for s in (store, writable))
    assert first == writable_first  # graphs, records, times and kinds alike
    assert Selection(BASE).count(store) == Selection(BASE).count(writable) == 6
    assert Selection(BASE).page(store, limit=3, offset=6) == []


def test_a_snapshot_is_sorted_once(snapshot):
    _, store = snapshot
    selection = Selection(BASE)
    selection.page(store, limit=2, offset=0)
    calls = []
    again = sorted_records(store, selection.where(), "DESC(?m)", lambda: calls.append(1) or [])
    assert calls == [] and len(again) == 6  # the sorted list of the first page is reused
    assert Selection(BASE).count(store) == 6


def test_a_published_write_renews_count_and_pages(snapshot):
    settings, store = snapshot
    assert Selection(BASE).count(store) == 6 and _datasets(store)[0] == f"{BASE}dataset/t/7"
    before = store.generation()
    with writing(settings) as writer:
        writer.raw.load(_record(8, "published", "2025-06-01T00:00:00Z").encode(), format=ox.RdfFormat.N_QUADS)
        writer.update(f"DROP GRAPH <{BASE}graph/t/2>")
    assert store.generation() != before
    assert Selection(BASE).count(store) == 6
    assert _datasets(store, size=4) == [f"{BASE}dataset/t/{i}" for i in (8, 7, 3, 4, 1, 5)]
