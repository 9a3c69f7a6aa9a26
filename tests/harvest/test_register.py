"""The register against its source: seed 003's tables, read independently in tests/support/seedtables.py."""

from __future__ import annotations

from collections import Counter

import pytest

from support.helpers import iri as _iri
from support.helpers import lit as _lit
from support.helpers import select
from support.seedtables import table_a, table_b

P = """PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/> PREFIX adms: <http://www.w3.org/ns/adms#>
"""
ROLE = "https://w3id.org/regiongraph/code/role/"

# Official keys from the Destatis directory, written out by hand for the expectations.
AGS = {
    "Bergkamen": "05978004",
    "Bönen": "05978008",
    "Fröndenberg/Ruhr": "05978012",
    "Holzwickede": "05978016",
    "Kamen": "05978020",
    "Lünen": "05978024",
    "Schwerte": "05978028",
    "Selm": "05978032",
    "Unna": "05978036",
    "Werne": "05978040",
    "Kreis Unna": "05978",
    "HSK": "05958",
    "MK": "05962",
    "SO": "05974",
    "Hamm": "05915000",
    "Dortmund": "05913000",
    "Kreis Warendorf": "05570",
    "Lüdinghausen": "05558024",
    "Olfen": "05558036",
    "Nordkirchen": "05558028",
    "Senden": "05558044",
    "Menden": "05962040",
    "Waltrop": "05562036",
}


def members(store, record_id: str, role: str) -> set[str]:
    """Official keys (or names, for non-territorial bodies) of the members with ``role``."""
    rows = select(
        store,
        P
        + """SELECT ?key ?name WHERE {
        ?c dcterms:identifier ?id ; org:hasMembership [ org:member ?m ; org:role ?role ] .
        OPTIONAL { ?m rg:ags ?ags } OPTIONAL { ?m rg:officialKey ?k FILTER(STRLEN(?k) = 5) }
        OPTIONAL { ?m skos:prefLabel ?name }
        BIND (COALESCE(?ags, ?k) AS ?key) }""",
        id=_lit(record_id),
        role=_iri(ROLE + role),
    )
    return {r["key"] or r["name"] for r in rows}


def keys(*names: str) -> set[str]:
    return {AGS[n] for n in names}


def test_every_row_of_both_tables_is_a_published_cooperation(store):
    rows = select(
        store,
        P
        + """SELECT ?table (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?c a rg:Cooperation ; rg:table ?table } GROUP BY ?table""",
    )
    counts = {r["table"]: int(r["n"]) for r in rows}
    assert counts == {"a": len(table_a()), "b": len(table_b())} == {"a": 48, "b": 55}


@pytest.mark.parametrize("row", table_a() + table_b(), ids=lambda r: f"{type(r).__name__}-{r.number}")
def test_titles_are_transcribed_verbatim(store, row):
    table = "a" if type(row).__name__ == "RowA" else "b"
    rows = select(
        store,
        P
        + """SELECT ?title ?start WHERE {
        ?c rg:table ?t ; rg:number ?n ; dcterms:title ?title . OPTIONAL { ?c rg:startText ?start } }""",
        t=_lit(table),
        n=_lit(str(row.number)),
    )
    assert len(rows) == 1
    assert rows[0]["title"] == row.task
    expected_start = row.start if table == "a" else row.since
    assert (rows[0]["start"] or "") == expected_start


def test_table_b_row_1_erziehungsberatung(store):
    assert members(store, "ku2016-b-01", "member") == keys("Lünen", "Selm", "Werne")
    assert members(store, "ku2016-b-01", "performer") == {"Caritas"}


def test_table_b_row_14_datenverarbeitung_performed_by_bergkamen(store):
    assert members(store, "ku2016-b-14", "member") == keys(
        "Bergkamen", "Bönen", "Fröndenberg/Ruhr", "Selm", "Holzwickede"
    )
    assert members(store, "ku2016-b-14", "performer") == keys("Bergkamen")


def test_table_b_row_49_reaches_three_kreise_via_citkomm(store):
    assert members(store, "ku2016-b-49", "member") == keys(
        "Fröndenberg/Ruhr", "Schwerte", "Holzwickede", "HSK", "MK", "SO"
    )
    rows = select(store, P + "SELECT ?d WHERE { ?c dcterms:identifier ?id ; rg:doubt ?d }", id=_lit("ku2016-b-49"))
    assert rows, "the footnote and the '?' start must be recorded as doubts"


def test_table_b_row_6_musikschule_selm_left_in_2006(store):
    assert members(store, "ku2016-b-06", "member") == keys(
        "Werne", "Selm", "Lüdinghausen", "Olfen", "Nordkirchen", "Senden"
    )
    assert members(store, "ku2016-b-06", "performer") == keys("Lüdinghausen")
    rows = select(
        store,
        P
        + """PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?end WHERE { ?c dcterms:identifier ?id ; org:hasMembership ?m .
        ?m org:member/rg:ags "05978032" ; org:memberDuring/time:hasEnd/time:inXSDgYear ?end }""",
        id=_lit("ku2016-b-06"),
    )
    assert [r["end"] for r in rows] == ["2006"]


def test_table_a_row_2_vku_partners(store):
    assert members(store, "ku2016-a-02", "member") == keys(
        "Kreis Unna", "Bergkamen", "Kamen", "Lünen", "Selm", "Unna", "Werne", "Bönen", "Holzwickede"
    )


def test_table_a_row_13_mva_hamm_reaches_beyond_the_kreis(store):
    assert members(store, "ku2016-a-13", "member") == keys("Hamm", "Dortmund", "Kreis Unna", "SO", "Kreis Warendorf")


def test_table_a_row_38_datenschutzbeauftragter(store):
    assert members(store, "ku2016-a-38", "member") == keys(
        "Unna", "Fröndenberg/Ruhr", "Kamen", "Selm", "Werne", "Bönen", "Holzwickede", "Kreis Unna"
    )
    rows = select(
        store, P + "SELECT ?d WHERE { ?c dcterms:identifier ?id ; schema:startDate ?d }", id=_lit("ku2016-a-38")
    )
    assert [r["d"] for r in rows] == ["2013-03-03"]


#: The Rechtsform cells of table b and the legal-form code each stands for (glossary of seed README).
LEGAL_FORMS = {
    "örV": "oerv",
    "Projekt": "projekt",
    "Zweckverband": "zweckverband",
    "•Zweckverband": "zweckverband",
    "e.V.": "ev",
    "GmbH": "gmbh",
    "Absprache": "absprache",
    "Absprache gemeins. Mietvertrag": "absprache",
    "AöR": "gemeinsames-kommunalunternehmen",
    "Vertrag": "vertrag",
    "gemeinsamer Kaufvertrag zu je 50 %": "vertrag",
    "sonstige Vereinbarung": "sonstige-vereinbarung",
}


def test_distribution_of_legal_forms_in_the_towns_table(store):
    expected = Counter(LEGAL_FORMS[r.legal_form] for r in table_b() if r.legal_form)
    rows = select(
        store,
        P
        + """SELECT ?form (COUNT(?c) AS ?n) WHERE {
        ?c rg:table "b" ; org:classification/skos:notation ?form } GROUP BY ?form""",
    )
    assert {r["form"]: int(r["n"]) for r in rows} == dict(expected)
    assert expected["oerv"] == 30


def test_how_often_each_town_performs_a_task_in_the_towns_table(store):
    expected = Counter(AGS[r.performer] for r in table_b() if r.performer in AGS)
    rows = select(
        store,
        P
        + """SELECT ?ags (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?c rg:table "b" ; org:hasMembership [ org:member ?m ; org:role ?performer ] .
        OPTIONAL { ?m rg:ags ?a } OPTIONAL { ?m rg:officialKey ?k FILTER (STRLEN(?k) = 5) }
        BIND (COALESCE(?a, ?k) AS ?ags) FILTER (BOUND(?ags)) }
        GROUP BY ?ags""",
        performer=_iri(ROLE + "performer"),
    )
    assert {r["ags"]: int(r["n"]) for r in rows} == dict(expected)
    assert expected[AGS["Unna"]] == 7 and expected[AGS["Lünen"]] == 6


def test_every_record_keeps_its_source_document_and_locator(store):
    rows = select(
        store,
        P
        + """PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?id WHERE { ?c dcterms:identifier ?id . ?r <http://xmlns.com/foaf/0.1/primaryTopic> ?c .
        FILTER NOT EXISTS { ?c prov:wasDerivedFrom/dcterms:identifier ?file ; rg:sourceLocator ?loc } }""",
    )
    assert rows == []


def test_the_register_loads_without_quarantine(built):
    _, _, report = built
    assert report.register.quarantined == []
    assert report.register.new > 100 + 48


def test_smart_region_kreis_unna_across_documents(store):
    rows = select(
        store,
        P
        + """PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?asOf ?earlierAsOf ?n WHERE {
          ?p dcterms:identifier "smart-region-kreis-unna-2024" ; rg:stateAsOf ?asOf ; prov:wasRevisionOf ?earlier .
          ?earlier rg:stateAsOf ?earlierAsOf .
          { SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
              ?q dcterms:identifier "smart-region-kreis-unna-2024" ; org:hasMembership/org:member ?m } } }""",
    )
    assert [(r["asOf"], r["earlierAsOf"]) for r in rows] == [("2024-11-13", "2021")]
    # the 2024 article: all ten municipalities of Kreis Unna and the Kreis
    assert rows[0]["n"] == "11"
