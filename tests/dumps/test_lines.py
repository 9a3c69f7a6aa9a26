"""The two small parts under the writer: reading an N-Quads line's parts, and sorting more lines than fit in memory."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from regiongraph.dumps._lines import split
from regiongraph.dumps._sort import ExternalSort

LINES = [
    "<http://e/s> <http://e/p> <http://e/o> <http://e/g> .",
    "<http://e/s> <http://e/p> <http://e/o> .",
    '<http://e/s> <http://e/p> "a <b" .',
    '<http://e/s> <http://e/p> "a <b"^^<http://e/t> .',
    '<http://e/s> <http://e/p> "a <b"^^<http://e/t> <http://e/g> .',
    '<http://e/s> <http://e/p> "x \\" <y> <z>"@de <http://e/g> .',
    '<http://e/s> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .',
    "_:b <http://e/p> _:c <http://e/g> .",
    "_:b <http://e/p> _:c .",
    '<http://e/s> <http://e/p> "" <http://e/g> .',
]


@pytest.mark.parametrize("line", LINES)
def test_subject_triple_and_graph_as_a_parser_reads_them(line):
    quad = next(iter(ox.parse(line.encode(), format=ox.RdfFormat.N_QUADS)))
    subject, triple, graph = split(line.encode() + b"\n")
    assert line.encode()[:subject].decode() == str(quad.subject)
    assert line.encode()[:triple].decode() == str(quad.triple)
    assert graph.decode() == ("" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name))


def test_runs_on_disk_merge_into_one_sorted_list_each_line_once(tmp_path):
    rng = random.Random(7)
    lines = [f'<http://e/{rng.randrange(5000)}> <http://e/p> "{rng.random()}" .\n'.encode() for _ in range(20_000)]
    lines += lines[:500]  # duplicates across runs
    with ExternalSort(tmp_path, run_bytes=50_000) as sort:
        for start in range(0, len(lines), 1000):
            sort.extend(lines[start : start + 1000])
        assert len(list(tmp_path.glob(".sort-*/run-*"))) > 10
        assert list(sort.sorted()) == sorted(set(lines))
    assert list(tmp_path.iterdir()) == []  # the runs are gone
