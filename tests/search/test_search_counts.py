"""Matches per kind (the search page's tabs): distinct entities, each with every kind any of its rows has, from the
state of the file the reader sees now — also after the writer changed it, and for files written before the
writer stamped its commits."""

from __future__ import annotations

import sqlite3

from regiongraph.search import Document, SearchIndex

BASE = "http://127.0.0.1:8000/id/"


def doc(ident: str, graph: str, kinds: tuple[str, ...], title: str) -> Document:
    return Document(f"{BASE}{ident}", f"{BASE}graph/{graph}", kinds, title)


def test_an_entity_counts_once_per_kind_even_when_two_graphs_describe_it(tmp_path):
    index = SearchIndex(tmp_path / "search.sqlite")
    with index.writer() as w:
        w.add(
            [
                doc("ags/1", "a", ("organisation",), "Kamen"),
                doc("ags/1", "b", ("organisation",), "Stadt Kamen"),
                doc("coop/1", "a", ("cooperation",), "Musikschule Kamen"),
                doc("coop/1", "c", ("project",), "Musikschule Kamen"),  # one entity, two kinds from two graphs
                doc("ds/1", "d", ("dataset",), "Haushalt Kamen"),
                doc("ds/2", "d", ("dataset",), "Haushalt Unna"),
            ],
            {f"{BASE}graph/{g}": "1" for g in "abcd"},
        )
    assert index.kind_counts("Kamen") == {
        "cooperation": 1,
        "project": 1,
        "organisation": 1,
        "dataset": 1,
        "field": 0,
        "legal-form": 0,
    }
    assert index.kind_counts("Haushalt")["dataset"] == 2
    assert index.kind_counts("Kam")["organisation"] == 1  # the last word as a prefix, as the search reads it
    assert index.kind_counts("Dortmund") == dict.fromkeys(
        ("cooperation", "project", "organisation", "dataset", "field", "legal-form"), 0
    )
    assert index.kind_counts("  ") == {}


def test_counts_follow_the_writer_while_a_reader_stays_open(tmp_path):
    index = SearchIndex(tmp_path / "search.sqlite")
    with index.writer() as w:
        w.add([doc("ds/1", "d", ("dataset",), "Haushalt Kamen")], {f"{BASE}graph/d": "1"})
    assert index.kind_counts("Kamen")["dataset"] == 1
    with index.writer() as w:  # another connection writes; this reader's connection stays open
        w.drop([f"{BASE}graph/d"])
        w.add(
            [
                doc("ds/2", "e", ("dataset",), "Kamen Bäder"),
                doc("ds/3", "e", ("dataset",), "Kamen Schulen"),
                doc("ags/1", "f", ("organisation", "dataset"), "Kamen"),
            ],
            {f"{BASE}graph/e": "1", f"{BASE}graph/f": "1"},
        )
    counts = index.kind_counts("Kamen")
    assert counts["dataset"] == 3 and counts["organisation"] == 1


def test_a_file_written_before_version_stamps_is_counted_by_its_rows(tmp_path):
    path = tmp_path / "search.sqlite"
    index = SearchIndex(path)
    with index.writer() as w:
        w.add(
            [doc("coop/1", "a", ("cooperation", "project"), "Kamen"), doc("ags/1", "b", ("organisation",), "Kamen")],
            {f"{BASE}graph/a": "1", f"{BASE}graph/b": "1"},
        )
    con = sqlite3.connect(path)
    con.execute("DROP TABLE meta")  # as an older writer left it
    con.commit()
    con.close()
    fresh = SearchIndex(path)
    counts = fresh.kind_counts("Kamen")
    assert (counts["cooperation"], counts["project"], counts["organisation"]) == (1, 1, 1)
