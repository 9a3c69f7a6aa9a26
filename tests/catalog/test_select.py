"""Catalogue items: which records are listed, and names/ids computed alike in Python and in SPARQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pyoxigraph as ox
import pytest

from regiongraph.catalog import (
    Selection,
    package_id,
    package_name,
    parse_datetime,
    slug,
    sparql_id,
    sparql_name,
    sparql_slug,
)
from regiongraph.errors import QueryError
from regiongraph.store import EmbeddedStore

BASE = "http://127.0.0.1:8000/id/"
STATUS = "https://w3id.org/regiongraph/code/record-status/"


def _record(i: int, status: str, modified: str, kind: str = "http://www.w3.org/ns/dcat#Dataset") -> str:
    g, r, d = f"<{BASE}graph/t/{i}>", f"<{BASE}record/t/{i}>", f"<{BASE}dataset/t/{i}>"
    dt = "<http://www.w3.org/2001/XMLSchema#dateTime>"
    return "".join(
        f"{s} {p} {o} {g} .\n"
        for s, p, o in (
            (r, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://www.w3.org/ns/dcat#CatalogRecord>"),
            (r, "<http://www.w3.org/ns/adms#status>", f"<{STATUS}{status}>"),
            (r, "<http://xmlns.com/foaf/0.1/primaryTopic>", d),
            (r, "<http://purl.org/dc/terms/modified>", f'"{modified}"^^{dt}'),
            (r, "<http://purl.org/dc/terms/issued>", f'"2024-01-01T00:00:00Z"^^{dt}'),
            (d, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{kind}>"),
            (d, "<http://purl.org/dc/terms/title>", f'"Grünflächen {i}"@de'),
        )
    )


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    s = EmbeddedStore(None)
    data = (
        _record(1, "published", "2025-01-01T10:00:00Z")
        + _record(2, "published", "2025-02-01T10:00:00Z")
        + _record(3, "withdrawn", "2025-03-01T10:00:00Z")
        + _record(4, "quarantined", "2025-03-01T10:00:00Z")
        + _record(5, "published", "2025-03-01T10:00:00Z", "http://www.w3.org/2004/02/skos/core#Concept")
    )
    s.raw.load(data.encode(), format=ox.RdfFormat.N_QUADS)
    return s


def test_only_published_datasets_are_items(store):
    selection = Selection(BASE)
    assert selection.count(store) == 2
    listed = [i.dataset for i in selection.page(store, limit=10, offset=0)]
    assert listed == [f"{BASE}dataset/t/2", f"{BASE}dataset/t/1"]


def test_modified_since_is_inclusive(store):
    selection = Selection(BASE)
    selection.modified_since(datetime(2025, 2, 1, 10, 0, tzinfo=UTC))
    assert [i.dataset for i in selection.page(store, limit=10, offset=0)] == [f"{BASE}dataset/t/2"]


def test_text_filter_every_word(store):
    selection = Selection(BASE)
    selection.text("GRÜNFLÄCHEN 1")
    assert [i.dataset for i in selection.page(store, limit=10, offset=0)] == [f"{BASE}dataset/t/1"]


@pytest.mark.parametrize(
    "iri",
    [
        f"{BASE}cooperation/ku2016-b-14",
        "https://opendata.Unna.de/dataset/Grünflächen%20x",
        f"{BASE}project/smart-region-kreis-unna",
        "urn:uuid:1234",
    ],
)
def test_names_and_ids_agree_with_sparql(iri):
    store = ox.Store()
    row = next(
        iter(
            store.query(
                f'SELECT ?n ?id ?s WHERE {{ BIND(<{iri}> AS ?d) BIND("Fröndenberg/Ruhr, Stadt" AS ?x) '
                f"BIND({sparql_name('?d', BASE)} AS ?n) BIND({sparql_id('?d')} AS ?id) "
                f"BIND({sparql_slug('?x')} AS ?s) }}"
            )
        )
    )
    assert row["n"].value == package_name(iri, BASE)
    assert row["id"].value == package_id(iri)
    assert row["s"].value == slug("Fröndenberg/Ruhr, Stadt") == "froendenberg-ruhr-stadt"


def test_names():
    assert package_name(f"{BASE}cooperation/ku2016-b-14", BASE) == "cooperation-ku2016-b-14"
    external = "https://opendata.Unna.de/dataset/Grünflächen"
    assert package_name(external, BASE) == "opendata-unna-de-dataset-gruenflaechen"
    assert package_id("x") == package_id("x") != package_id("y")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-01", datetime(2025, 3, 1, tzinfo=UTC)),
        ("2025-03-01T10:00:00Z", datetime(2025, 3, 1, 10, tzinfo=UTC)),
        ("2025-03-01T12:00:00+02:00", datetime(2025, 3, 1, 10, tzinfo=UTC)),
        ("2025-03-01T10:00:00", datetime(2025, 3, 1, 10, tzinfo=UTC)),
    ],
)
def test_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


def test_parse_datetime_refuses_garbage():
    with pytest.raises(QueryError, match="not an ISO 8601"):
        parse_datetime("letzte Woche")
