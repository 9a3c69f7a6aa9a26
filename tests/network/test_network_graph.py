"""The cooperation network against the source: pair weights read from seed 003's towns' table, filters, measures.

The expected weights come from ``tests/support/seedtables.py`` (the table as printed), not from the
register: a pair of the ten towns of Kreis Unna weighs as many rows as name both towns in their
"Partner" or "Aufgabenerledigung durch" cells.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

import pytest

from harvest.test_register import AGS, LEGAL_FORMS
from regiongraph.network import FilterError, Filters, GraphKind, build_network
from regiongraph.queries import load_queries
from support.helpers import select
from support.seedtables import table_b

#: The ten towns of Kreis Unna as the table prints them ("Fröndenberg/Ruhr" also as "Frönd.").
TOWNS = {
    "Bergkamen": "Bergkamen",
    "Bönen": "Bönen",
    "Fröndenberg": "Fröndenberg/Ruhr",
    "Holzwickede": "Holzwickede",
    "Kamen": "Kamen",
    "Lünen": "Lünen",
    "Schwerte": "Schwerte",
    "Selm": "Selm",
    "Unna": "Unna",
    "Werne": "Werne",
}
P = """PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> PREFIX prov: <http://www.w3.org/ns/prov#> """


def towns_in(row) -> set[str]:
    cells = f"{row.partners} {row.performer}"
    return {name for word, name in TOWNS.items() if re.search(rf"\b{word}\b", cells)}


def seed_pairs() -> dict[tuple[str, str], list[int]]:
    """(town, town) in AGS order → the row numbers naming both."""
    pairs: dict[tuple[str, str], list[int]] = {}
    for row in table_b():
        for a, b in combinations(sorted(towns_in(row), key=AGS.get), 2):
            pairs.setdefault((a, b), []).append(row.number)
    return pairs


@pytest.fixture(scope="module")
def towns_table(store):
    return build_network(store, Filters(kind="cooperations", tables=("b",)))


def weights(network, base: str) -> dict[tuple[str, str], int]:
    """Edge weights between the ten towns, by name."""
    iri = {n: f"{base}ags/{AGS[n]}" for n in TOWNS.values()}
    out = {}
    for a, b in combinations(sorted(TOWNS.values(), key=AGS.get), 2):
        if network.graph.has_edge(iri[a], iri[b]):
            out[(a, b)] = network.graph.edges[iri[a], iri[b]]["weight"]
    return out


def test_every_pair_of_the_ten_towns_weighs_as_many_rows_as_name_both(towns_table, settings):
    expected = {pair: len(rows) for pair, rows in seed_pairs().items()}
    assert weights(towns_table, settings.base_iri) == expected


def test_named_pairs_list_the_rows_they_share(towns_table, settings):
    g, base = towns_table.graph, settings.base_iri
    for a, b in (("Bergkamen", "Kamen"), ("Lünen", "Selm"), ("Fröndenberg/Ruhr", "Unna"), ("Bönen", "Kamen")):
        rows = seed_pairs()[tuple(sorted((a, b), key=AGS.get))]
        edge = g.edges[f"{base}ags/{AGS[a]}", f"{base}ags/{AGS[b]}"]
        assert edge["records"] == [f"ku2016-b-{n:02d}" for n in rows]
        assert edge["weight"] == len(rows) == edge["cooperations"] and edge["projects"] == 0


def test_top_pairs_of_the_towns_table(towns_table, settings):
    expected = Counter({pair: len(rows) for pair, rows in seed_pairs().items()})
    got = Counter(weights(towns_table, settings.base_iri))
    top = [w for _, w in expected.most_common(5)]
    assert [w for _, w in got.most_common(5)] == top
    assert {p for p, w in got.items() if w >= top[-1]} == {p for p, w in expected.items() if w >= top[-1]}


def test_the_named_query_counts_the_same_town_pairs_as_the_network(store, settings):
    query = load_queries(settings.resource("queries"))["town-pairs-sharing-cooperations"]
    rows = select(store, query.text)
    named = {tuple(sorted((r["aKey"], r["bKey"]))): int(r["shared"]) for r in rows}
    network = build_network(store, Filters(kind="cooperations"), layout=False)
    g = network.graph
    territorial = {n for n, d in g.nodes(data=True) if d["kind"] in ("town", "kreis", "land")}
    edges = {
        tuple(sorted((g.nodes[a]["ags"], g.nodes[b]["ags"]))): d["weight"]
        for a, b, d in g.edges(data=True)
        if a in territorial and b in territorial
    }
    assert named == edges
    assert len(rows) > 20  # no longer cut off at LIMIT 20
    assert [int(r["shared"]) for r in rows] == sorted((int(r["shared"]) for r in rows), reverse=True)


def test_nodes_carry_the_gazetteer_figures(towns_table, store):
    rows = select(
        store,
        P
        + """SELECT ?t ?ags ?pop ?lat ?lon WHERE { ?t rg:ags ?ags ; rg:population ?pop ;
        geo:lat ?lat ; geo:long ?lon ; rg:district ?k . ?k rg:officialKey "05978" }""",
    )
    assert len(rows) == 10
    for r in rows:
        node = towns_table.graph.nodes[r["t"]]
        assert (node["kind"], node["ags"], node["population"]) == ("town", r["ags"], int(r["pop"]))
        assert (node["lat"], node["lon"]) == (float(r["lat"]), float(r["lon"]))


def test_legal_form_and_start_filters_keep_the_rows_the_seed_says(store):
    network = build_network(
        store,
        Filters(kind="cooperations", tables=("b",), legal_forms=("oerv",), start_from=1980, start_to=1999),
        layout=False,
    )
    since = {r.number: re.search(r"\d{4}", r.since) for r in table_b()}  # "Schuljahr 1983/84" began in 1983
    expected = {
        f"ku2016-b-{r.number:02d}"
        for r in table_b()
        if LEGAL_FORMS.get(r.legal_form) == "oerv" and since[r.number] and 1980 <= int(since[r.number].group()) <= 1999
    }
    assert {r.id for r in network.register.records.values()} == expected
    assert expected  # the seed has such rows


def test_field_status_and_kind_filters_select_by_the_stored_values(store):
    network = build_network(
        store, Filters(kind="projects", fields=("verkehr",), statuses=("active", "planned")), layout=False
    )
    stored = select(
        store,
        P
        + """SELECT DISTINCT ?s WHERE { ?s org:purpose
        <https://w3id.org/regiongraph/code/field/verkehr> ; a schema:Project ;
        <http://www.w3.org/ns/adms#status> ?st FILTER(?st IN (<https://w3id.org/regiongraph/code/status/active>,
        <https://w3id.org/regiongraph/code/status/planned>)) FILTER NOT EXISTS { ?new prov:wasRevisionOf ?s } }""",
    )
    assert set(network.register.records) >= {r["s"] for r in stored} and stored
    for record in network.register.records.values():
        assert "verkehr" in record.fields and record.status in ("active", "planned")
        assert record.table == "other"  # projects, not rows of the 2016 cooperation tables


def test_a_membership_that_ended_counts_only_for_its_years(store, settings):
    # ku2016-b-06, Musikschule since 1978: "Neufassung in 2006 ohne Selm" (Selm's membership ends in 2006)
    row = next(r for r in table_b() if r.number == 6)
    assert "ohne Selm" in row.task and {"Selm", "Werne"} <= towns_in(row)
    base = settings.base_iri
    selm, werne, ldh = (f"{base}ags/{AGS[n]}" for n in ("Selm", "Werne", "Lüdinghausen"))
    before = build_network(store, Filters(kind="cooperations", tables=("b",), active_to=2005), layout=False).graph
    after = build_network(store, Filters(kind="cooperations", tables=("b",), active_from=2010), layout=False).graph
    assert "ku2016-b-06" in before.edges[selm, werne]["records"]
    assert not after.has_edge(selm, werne) or "ku2016-b-06" not in after.edges[selm, werne]["records"]
    assert "ku2016-b-06" in after.edges[werne, ldh]["records"]


def test_earlier_revisions_and_withdrawn_records_are_not_counted_twice(store):
    ids = {r.id for r in build_network(store, layout=False).register.records.values()}
    revised = select(store, P + "SELECT ?old WHERE { ?new prov:wasRevisionOf ?o . ?o dcterms:identifier ?old }")
    assert revised and not ids & {r["old"] for r in revised}
    assert "smart-region-kreis-unna-2024" in ids


def test_the_bipartite_graph_links_each_record_to_its_participants(store):
    network = build_network(store, Filters(kind="cooperations", tables=("b",)), kind=GraphKind.BIPARTITE)
    g = network.graph
    members = select(store, P + """SELECT ?c ?o WHERE { ?c rg:table "b" ; org:hasMembership/org:member ?o }""")
    assert {(r["o"], r["c"]) for r in members} == {
        tuple(sorted((a, b), key=lambda n: g.nodes[n]["bipartite"])) for a, b in g.edges()
    }
    assert {d["bipartite"] for _, d in g.nodes(data=True)} == {0, 1}


def test_measures_are_consistent_and_stable(store):
    first = build_network(store).to_json()
    assert build_network(store).to_json() == first  # fixed seeds: same communities, same positions
    degree = Counter()
    weighted = Counter()
    for e in first["edges"]:
        for end in (e["source"], e["target"]):
            degree[end] += 1
            weighted[end] += e["weight"]
    for node in first["nodes"]:
        assert (node["degree"], node["weighted_degree"]) == (degree[node["id"]], weighted[node["id"]])
        assert 0 <= node["betweenness"] <= 1 and -1 <= node["x"] <= 1 and -1 <= node["y"] <= 1
    assert {n["community"] for n in first["nodes"]} == set(range(first["measures"]["communities"]["count"]))


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "all"},
        {"tables": ("c",)},
        {"fields": ("Verkehr!",)},
        {"start_from": 2010, "start_to": 2000},
        {"active_from": 99},
    ],
)
def test_bad_filters_are_refused(bad):
    with pytest.raises(FilterError):
        Filters(**bad)
