"""The Ruhr comparison of seed 004 §3–4 as data, held to an independent reading of the text (tests/support/seed004.py).

The register's [[assessment]] records are checked statement by statement (the sentence stands in the
paragraph its locator names, the cities are the ones the sentence names, the guidelines and fields are
the reading's), then the named queries - the matrix and a city's statements - over the real HTTP API,
as JSON and as CSV, against the matrix the reading computes.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

import httpx
import pytest

from support.helpers import lit, select
from support.seed004 import ALL, G1, G2, G3, G4, READING, cell_projects, considered, matrix, paragraph

P = """PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX schema: <https://schema.org/>
"""
BY_ID = {s.id: s for s in READING}
#: The named queries under test (tests/test_queries.py looks for these names here).
MATRIX, STATEMENTS = "ruhr-comparison-matrix.rq", "ruhr-comparison-statements.rq"


@pytest.fixture(scope="module")
def register(store) -> dict[str, dict]:
    """Every statement in the store: locator, text, the cities' names and the subjects' notations."""
    out: dict[str, dict] = defaultdict(lambda: {"cities": set(), "codes": set(), "projects": set()})
    for row in select(
        store,
        P
        + """SELECT ?id ?locator ?text ?city ?code ?project WHERE {
            ?c a schema:Claim ; dcterms:identifier ?id ; rg:sourceLocator ?locator ; schema:text ?text ;
               schema:about/skos:prefLabel ?city ; dcterms:subject/skos:notation ?code .
            OPTIONAL { ?c dcterms:references/dcterms:identifier ?project } }""",
    ):
        s = out[row["id"]]
        s.update(locator=row["locator"], text=row["text"])
        s["cities"].add(row["city"])
        s["codes"].add(row["code"])
        if row["project"]:
            s["projects"].add(row["project"])
    return dict(out)


def test_the_register_holds_the_statements_of_the_reading(register):
    assert set(register) == set(BY_ID)
    assert len(READING) == 101


@pytest.mark.parametrize("statement", READING, ids=lambda s: s.id)
def test_each_statement_is_printed_where_its_locator_says_and_credits_what_the_reading_finds(register, statement):
    got = register[statement.id]
    assert got["locator"] == statement.locator
    assert got["text"] in paragraph(statement.locator), "not verbatim in its paragraph"
    assert statement.quote in got["text"]
    assert got["cities"] == set(statement.about())
    assert got["codes"] == set(statement.codes)
    assert got["projects"] == set().union(*(cell_projects(statement, c) for c in statement.about()))


def test_all_cities_means_the_five_that_section_3_considers():
    assert considered() == {"Bottrop", "Dortmund", "Duisburg", "Herne", "Gelsenkirchen"}
    # exactly the statements whose words say "alle (betrachteten) Städte", "allen Ruhgebietsstädten", …
    assert {s.id for s in READING if s.cities == ALL} == {s.id for s in READING if re.search(r"\balle[n]?\b", s.quote)}
    assert sum(1 for s in READING if s.cities == ALL) == 7


def rows(live, name: str, **params) -> tuple[list[dict], str]:
    """A named query over HTTP: its JSON rows and its CSV text."""
    url = f"{live.url}/api/v1/queries/{name.removesuffix('.rq')}"
    body = httpx.get(url, params=params, timeout=30)
    assert body.status_code == 200, body.text
    text = httpx.get(url, params={**params, "format": "csv"}, timeout=30)
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/csv")
    assert body.json()["truncated"] is False
    return body.json()["rows"], text.text


def split(cell: str | None) -> set[str]:
    return set(cell.split(", ")) if cell else set()


@pytest.fixture(scope="module")
def cells(live) -> dict[tuple[str, str], dict]:
    found, text = rows(live, MATRIX)
    # CSV and JSON give the same rows (an unbound value is null in JSON, empty in CSV)
    assert list(csv.DictReader(io.StringIO(text))) == [{k: v or "" for k, v in r.items()} for r in found]
    out = {(r["city"], r["notation"]): r for r in found}
    assert len(out) == len(found), "a cell is listed twice"
    return out


def test_the_matrix_has_the_cells_of_the_reading_with_their_statements(cells):
    expected = matrix()
    assert set(cells) == set(expected)
    for key, ids in expected.items():
        assert split(cells[key]["ids"]) == ids, key
        assert int(cells[key]["statements"]) == len(ids)
        assert set(cells[key]["locators"].split("; ")) == {BY_ID[i].locator for i in ids}
        aspect = "guideline" if key[1] in (G1, G2, G3, G4) else "field"
        assert cells[key]["aspect"] == aspect


def test_the_projects_behind_each_cell_are_the_readings(cells):
    for (city, code), cell in cells.items():
        expected = set().union(*(cell_projects(BY_ID[i], city) for i in split(cell["ids"])))
        assert split(cell["projects"]) == expected, (city, code)


def test_cells_written_out_from_the_text(cells):
    def cities(code: str) -> set[str]:
        return {c for c, k in cells if k == code}

    # §4 ¶14: "bei allen betrachteten Städten", and the five named again in the same paragraph
    assert cities(G4) == {"Herne", "Dortmund", "Duisburg", "Bottrop", "Gelsenkirchen"}
    # §4 ¶10 names five cities for guideline 2; Dortmund's cooperations stand in §3 (Allianz, NOX, TU)
    assert {"Gelsenkirchen", "Herne", "Duisburg", "Bottrop", "Schwerte"} <= cities(G2)
    assert split(cells[("Schwerte", G2)]["ids"]) == {"ruhr2020-3-09b", "ruhr2020-4-10a"}
    assert split(cells[("Bottrop", G2)]["projects"]) == {"louise"}
    # Energie: §4 ¶16 "in Dortmund und auch Gelsenkirchen"; §3 adds Bottrop (Masterplan, Sanierung); §4 ¶21 the region
    assert cities("energie") == {"Dortmund", "Gelsenkirchen", "Bottrop", "Schwerte", "Herne", "Witten"}
    assert split(cells[("Herne", "mobilitaet")]["projects"]) == {
        "smart-region-dortmund-schwerte-herne-witten",
        "staedteuebergreifende-mobilitaet-und-energieeffizienz",
        "regionale-verkehrsdatenplattform",
    }
    # the Kreis Recklinghausen paragraph: GeoSmartChange, the Smart Region Emscher Lippe; no strategy named
    assert {k for c, k in cells if c == "Kreis Recklinghausen"} == {G2, G3, "digitalisierung"}
    assert (cells[("Kreis Recklinghausen", G3)]["cityKey"], cells[("Gelsenkirchen", G1)]["cityKey"]) == (
        "05562",
        "05513000",
    )
    # a project stands behind its own city's cell only: the HUB & Data Center is Dortmund's
    assert "smart-city-hub-data-center-dortmund" in split(cells[("Dortmund", G3)]["projects"])
    assert "smart-city-hub-data-center-dortmund" not in split(cells[("Herne", G3)]["projects"])


def test_what_the_paper_says_about_a_city(live):
    found, text = rows(live, STATEMENTS, town="Schwerte")
    assert [r["id"] for r in found] == sorted(s.id for s in READING if "Schwerte" in s.about())
    assert len(list(csv.DictReader(io.StringIO(text)))) == len(found)
    by_id = {r["id"]: r for r in found}
    assert split(by_id["ruhr2020-4-04d"]["alsoAbout"]) == {"Herne", "Duisburg"}
    assert split(by_id["ruhr2020-4-04d"]["projects"]) == {"digital-officer-schwerte"}
    assert (
        by_id["ruhr2020-3-19c"]["text"]
        == "Die Stadt Schwerte baut ihre Glasfasernetze mit Hilfe der Tochterfirma der Stadtwerke Schwerte aus."
    )
    assert set(by_id["ruhr2020-4-10a"]["subjects"].split(", ")) == {G2}


def test_every_statement_keeps_its_source_document(store):
    rows_ = select(
        store,
        P
        + """PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?file (COUNT(DISTINCT ?c) AS ?n)
        WHERE { ?c a schema:Claim ; prov:wasDerivedFrom/dcterms:identifier ?file } GROUP BY ?file""",
    )
    assert rows_ == [{"file": "004_569675268bb73acb.txt", "n": "101"}]
    other = select(
        store,
        P + "SELECT ?c WHERE { ?c a schema:Claim ; rg:stateAsOf ?d FILTER (STR(?d) != ?date) }",
        date=lit("2020-09-01"),
    )
    assert other == []
