"""``/api/v1/network``, ``/timeline`` and ``/transfer`` on the real app under uvicorn, and ``export network``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from collections import Counter

import httpx
import networkx as nx
import pytest

from regiongraph.network import Filters, NetworkFormat, build_network, serialize
from support.helpers import select

P = """PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX schema: <https://schema.org/>
PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX prov: <http://www.w3.org/ns/prov#> """


@pytest.fixture(scope="module")
def client(live):
    with httpx.Client(base_url=live.url, timeout=60) as c:
        yield c


def test_the_json_is_the_network_the_package_builds(client, store):
    r = client.get("/api/v1/network", params=[("kind", "cooperations"), ("table", "b"), ("legal_form", "oerv")])
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    expected = json.loads(
        serialize(
            build_network(store, Filters(kind="cooperations", tables=("b",), legal_forms=("oerv",))),
            format=NetworkFormat.JSON,
        )
    )
    assert r.json() == expected
    assert r.json()["filters"] == {"kind": "cooperations", "table": ["b"], "legal_form": ["oerv"]}


@pytest.mark.parametrize(
    ("fmt", "media", "name"),
    [
        ("graphml", "application/graphml+xml", "regiongraph-network.graphml"),
        ("gexf", "application/gexf+xml", "regiongraph-network.gexf"),
        ("csv", "application/zip", "regiongraph-network.zip"),
    ],
)
def test_downloads_carry_their_media_type_and_file_name(client, fmt, media, name):
    r = client.get("/api/v1/network", params={"format": fmt, "kind": "cooperations"})
    assert r.status_code == 200 and r.headers["content-type"] == media
    assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
    nodes = {n["id"] for n in client.get("/api/v1/network", params={"kind": "cooperations"}).json()["nodes"]}
    if fmt == "graphml":
        assert set(nx.read_graphml(io.BytesIO(r.content))) == nodes
    elif fmt == "gexf":
        assert set(nx.read_gexf(io.BytesIO(r.content))) == nodes
    else:
        with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
            assert {row["Id"] for row in csv.DictReader(io.StringIO(archive.read("nodes.csv").decode()))} == nodes


def test_one_csv_table_and_the_bipartite_graph(client):
    r = client.get("/api/v1/network", params={"format": "csv", "part": "edges", "graph": "bipartite"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == 'attachment; filename="regiongraph-bipartite-edges.csv"'
    assert r.text.splitlines()[0].startswith("Source,Target,Type,Weight")


def test_timeline_counts_the_stored_start_years(client, store):
    body = client.get("/api/v1/timeline", params={"table": "b"}).json()
    assert body["filters"] == {"kind": "cooperations", "table": ["b"]}
    rows = select(
        store,
        P
        + """SELECT ?s (YEAR(SAMPLE(?d)) AS ?y) ?st WHERE { ?s rg:table "b" ;
        adms:status ?st . OPTIONAL { ?s schema:startDate ?d } } GROUP BY ?s ?st""",
    )
    dated = [r for r in rows if r["y"] and not r["st"].endswith(("/planned", "/not-realised"))]
    assert {y["year"]: y["started"] for y in body["years"] if y["started"]} == dict(Counter(int(r["y"]) for r in dated))
    assert sum(y["started"] for y in body["years"]) + body["undated"] + body["planned"] + body["not_realised"] == 55
    by_year = {y["year"]: y for y in body["years"]}
    assert by_year[2015]["ended"] >= 1  # Nr. 40, "2013 bis 2015"
    assert by_year[2016]["active"] == by_year[2015]["active"] - by_year[2015]["ended"] + by_year[2016]["started"]
    text = client.get("/api/v1/timeline", params={"table": "b", "format": "csv"}).text
    assert text.splitlines()[0] == "year,started,ended,active" and len(text.splitlines()) == len(body["years"]) + 1


def test_transfer_answers_both_directions(client):
    body = client.get("/api/v1/transfer", params={"solution": "grafana-wetter-dashboard", "limit": 5}).json()
    assert len(body["candidates"]) == 5 and {o["label"] for o in body["owners"]} == {"Dortmund", "Schwerte"}
    assert [f["name"] for f in body["candidates"][0]["factors"]] == [
        "network",
        "dimension",
        "field",
        "size",
        "distance",
    ]
    holders = client.get("/api/v1/transfer", params={"field": "verkehr"}).json()
    assert holders["field"] == "verkehr" and holders["holders"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"field": "Verkehr!"}, 400),
        ({"table": "z"}, 422),
        ({"start_from": "2010", "start_to": "2000"}, 400),
        ({"format": "pdf"}, 422),
        ({"active_from": "99"}, 422),
    ],
)
def test_bad_network_requests_are_problems(client, params, status):
    r = client.get("/api/v1/network", params=params)
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 400),
        ({"solution": "no-such-thing"}, 404),
        ({"solution": "x", "field": "verkehr"}, 400),
        ({"field": "verkehr> } ; DROP ALL ; {"}, 400),
        ({"solution": "grafana-wetter-dashboard", "radius_km": "0"}, 422),
    ],
)
def test_bad_transfer_requests_are_problems(client, params, status):
    r = client.get("/api/v1/transfer", params=params)
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"


def test_the_routes_are_in_the_openapi_description(client):
    paths = client.get("/openapi.json").json()["paths"]
    network = paths["/api/v1/network"]["get"]
    assert {p["name"] for p in network["parameters"]} >= {
        "kind",
        "table",
        "field",
        "legal_form",
        "status",
        "start_from",
        "active_to",
        "graph",
        "format",
        "part",
    }
    assert {"application/graphml+xml", "application/gexf+xml", "application/zip"} <= set(
        network["responses"]["200"]["content"]
    )
    assert {"/api/v1/timeline", "/api/v1/transfer"} <= set(paths)


def test_export_network_from_the_command_line(settings, tmp_path):
    out = tmp_path / "towns.gexf"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "regiongraph",
            "--data-dir",
            str(settings.data_dir),
            "--base-iri",
            settings.base_iri,
            "export",
            "network",
            "--format",
            "gexf",
            "--table",
            "b",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    g = nx.read_gexf(out)
    assert f"network: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges" in proc.stderr
    folder = tmp_path / "csv"
    folder.mkdir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "regiongraph",
            "--data-dir",
            str(settings.data_dir),
            "export",
            "network",
            "--format",
            "csv",
            "--table",
            "b",
            "-o",
            str(folder),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "regiongraph",
            "--data-dir",
            str(settings.data_dir),
            "export",
            "network",
            "--field",
            "Ver kehr",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2 and "notation" in bad.stderr
