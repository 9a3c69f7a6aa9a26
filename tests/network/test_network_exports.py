"""GraphML, GEXF and CSV exports read back by the tools that import them give the network the JSON describes."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest

from regiongraph.network import CsvPart, Filters, GraphKind, NetworkFormat, build_network, serialize


@pytest.fixture(scope="module", params=[GraphKind.ORGANISATIONS, GraphKind.BIPARTITE], ids=lambda k: k.value)
def network(request, store):
    return build_network(store, Filters(kind="both"), kind=request.param)


def as_json(network) -> dict:
    return json.loads(serialize(network, format=NetworkFormat.JSON))


def from_json(body: dict) -> tuple[dict[str, str], dict[frozenset, float]]:
    return (
        {n["id"]: n["label"] for n in body["nodes"]},
        {frozenset((e["source"], e["target"])): float(e["weight"]) for e in body["edges"]},
    )


def from_graph(g: nx.Graph) -> tuple[dict[str, str], dict[frozenset, float]]:
    return (
        {n: d["label"] for n, d in g.nodes(data=True)},
        {frozenset((a, b)): float(d["weight"]) for a, b, d in g.edges(data=True)},
    )


def test_graphml_read_back_by_networkx_is_the_json_network(network):
    body = as_json(network)
    g = nx.read_graphml(io.BytesIO(serialize(network, format=NetworkFormat.GRAPHML)))
    assert from_graph(g) == from_json(body)
    assert body["counts"]["nodes"] == g.number_of_nodes() > 50 and body["counts"]["edges"] == g.number_of_edges()
    first = body["nodes"][0]
    read = g.nodes[first["id"]]
    for key in ("kind", "degree", "weighted_degree", "betweenness", "community", "x", "y"):
        assert read[key] == first[key], key


def test_gexf_read_back_by_networkx_is_the_json_network_with_positions(network):
    body = as_json(network)
    g = nx.read_gexf(io.BytesIO(serialize(network, format=NetworkFormat.GEXF)))
    assert from_graph(g) == from_json(body)
    for node in body["nodes"]:
        viz = g.nodes[node["id"]]["viz"]["position"]
        assert (viz["x"], viz["y"]) == pytest.approx((node["x"] * 1000, node["y"] * 1000))


def test_edges_list_their_records_in_every_format(network):
    body = as_json(network)
    if network.kind is GraphKind.BIPARTITE:
        assert all(e["roles"] for e in body["edges"])
        return
    g = nx.read_graphml(io.BytesIO(serialize(network, format=NetworkFormat.GRAPHML)))
    ids = {r["id"] for r in body["records"]}
    for e in body["edges"]:
        assert len(e["records"]) == e["weight"] == e["cooperations"] + e["projects"] and set(e["records"]) <= ids
        assert g.edges[e["source"], e["target"]]["records"] == "; ".join(e["records"])


def test_csv_tables_are_gephis_spreadsheet_import(network):
    body = as_json(network)
    nodes = list(csv.DictReader(io.StringIO(serialize(network, format=NetworkFormat.CSV, part=CsvPart.NODES).decode())))
    edges = list(csv.DictReader(io.StringIO(serialize(network, format=NetworkFormat.CSV, part=CsvPart.EDGES).decode())))
    assert list(nodes[0])[:2] == ["Id", "Label"] and list(edges[0])[:4] == ["Source", "Target", "Type", "Weight"]
    assert {r["Id"]: r["Label"] for r in nodes} == from_json(body)[0]
    assert {frozenset((r["Source"], r["Target"])): float(r["Weight"]) for r in edges} == from_json(body)[1]
    assert {r["Type"] for r in edges} == {"Undirected"}


def test_the_csv_zip_holds_both_tables_and_is_reproducible(network, store):
    data = serialize(network, format=NetworkFormat.CSV)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["nodes.csv", "edges.csv"]
        assert archive.read("edges.csv") == serialize(network, format=NetworkFormat.CSV, part=CsvPart.EDGES)
    again = build_network(store, Filters(kind="both"), kind=network.kind)
    assert serialize(again, format=NetworkFormat.CSV) == data
