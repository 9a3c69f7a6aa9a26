"""The dataset shapes and the register shapes stay apart: neither fires on the other's records."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF

from regiongraph.harvest import read_register
from regiongraph.iris import Minter
from regiongraph.mapping import MappingContext, OrganisationIndex, map_record
from regiongraph.mapping.dcat import package_to_graph
from regiongraph.namespaces import SH
from support.packages import BASE, RADWEGE


def shapes(repo_root: Path, dataset: bool) -> Graph:
    g = Graph()
    for path in sorted((repo_root / "shapes").glob("*.ttl")):
        if (path.name == "dataset.ttl") == dataset:
            g.parse(path)
    return g


def results(data: Graph, shapes_graph: Graph) -> int:
    _, report, _ = validate(data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True)
    return len(set(report.subjects(RDF.type, SH.ValidationResult)))


@pytest.fixture(scope="module")
def register_graph(repo_root, resolver) -> Graph:
    records = list(read_register(repo_root / "harvesters" / "register", source="register"))
    ctx = MappingContext(Minter(BASE), resolver, OrganisationIndex.from_records(records))
    merged = Graph()
    for record in records[:80]:
        merged += map_record(record, ctx)[1]
    return merged


def test_register_shapes_do_not_fire_on_a_dataset(ctx, repo_root):
    _, graph = package_to_graph(RADWEGE, ctx)
    assert results(graph, shapes(repo_root, dataset=False)) == 0
    assert results(graph, shapes(repo_root, dataset=True)) == 0  # the fixture is complete: no warning either


def test_dataset_shapes_do_not_fire_on_register_records(repo_root, register_graph):
    assert len(register_graph) > 1000
    assert results(register_graph, shapes(repo_root, dataset=True)) == 0
