"""The same dataset from two portals (a town's and a GovData-like aggregator) is linked, not duplicated."""

from __future__ import annotations

import copy
import uuid

import pyoxigraph as ox

from regiongraph import Instance
from regiongraph.pipeline import harvest_source
from regiongraph.store import EmbeddedStore
from support.harvestkit import P, declare, settings_for, status
from support.portal import Portal, make_packages, package_id


def govdata_copy(pkg: dict, *, title: str | None = None) -> dict:
    """The package as an aggregator republishes it: its own id and name, the original id as extra ``identifier``."""
    out = copy.deepcopy(pkg)
    out["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, "govdata/" + pkg["id"]))
    out["name"] = "govdata-" + pkg["name"]
    out["title"] = title or pkg["title"]
    out["extras"] = [e for e in out["extras"] if e["key"] != "identifier"] + [{"key": "identifier", "value": pkg["id"]}]
    return out


def test_copies_are_linked_and_their_disagreements_listed(tmp_path, repo_root):
    town = make_packages(12)
    copies = [
        govdata_copy(town[10]),
        govdata_copy(town[1], title="Haltestellen im Kreis Unna (GovData)"),
        govdata_copy(town[2]),
    ]
    with Portal(town) as a, Portal(copies) as b:
        settings, store = settings_for(tmp_path), EmbeddedStore(None)
        harvest_source(Instance(settings), store, declare(tmp_path / "sources", "unna", "ckan", a.url))
        harvest_source(Instance(settings), store, declare(tmp_path / "sources", "govdata", "ckan", b.url))
    published = {pid for pid, s in status(store, "unna").items() if s == "published"}
    assert {package_id(10), package_id(1)} <= published, "the fixture's packages 10 and 1 are valid"
    # package 10 has its own IRI (extra 'uri'): one entity, two catalog records
    rows = store.query(
        P + "SELECT DISTINCT ?d WHERE { ?r foaf:primaryTopic ?d ; rg:sourceId ?id }",
        substitutions={"id": _lit(copies[0]["id"])},
    )
    entity0 = [r["d"].value for r in rows]
    assert entity0 == [f"https://daten.kreis-unna.example/dataset/{package_id(10)}"]
    # package 1 has minted IRIs per source: the GovData copy says owl:sameAs the town's dataset
    same = store.query(P + "SELECT ?a ?b WHERE { ?a owl:sameAs ?b }")
    pairs = {(r["a"].value.rsplit("/", 2)[-2], r["b"].value.rsplit("/", 2)[-2]) for r in same}
    assert ("govdata", "unna") in pairs and ("unna", "govdata") not in pairs
    query = (repo_root / "queries" / "dataset-copies.rq").read_text(encoding="utf-8")
    listed = {
        (r["source"].value, r["id"].value, r["title"].value)
        for r in store.query(query)
        if r["key"].value == package_id(1)
    }
    assert listed == {
        ("unna", package_id(1), town[1]["title"]),
        ("govdata", copies[1]["id"], "Haltestellen im Kreis Unna (GovData)"),
    }


def _lit(value: str) -> ox.Literal:
    return ox.Literal(value)
