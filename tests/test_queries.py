"""Every named query runs against the register with an exact expected answer.

Where the answer follows from the source tables, it is computed from the seed text
(tests/support/seedtables.py); curated classifications are written out by hand.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from harvest.test_register import AGS, LEGAL_FORMS
from regiongraph import Instance, QueryError
from regiongraph.iris import Minter
from regiongraph.queries import Binder, find_query, load_queries
from support.seedtables import table_a, table_b

TESTED: set[str] = set()


@pytest.fixture(scope="module")
def run(settings, store):
    queries = load_queries(settings.resource("queries"))
    binder = Binder(Instance(settings).resolver, Minter(settings.base_iri))

    def _run(name: str, **params: str) -> list[dict[str, str | None]]:
        TESTED.add(name)
        query = find_query(queries, name)
        result = store.query(query.text, substitutions=binder.bind(query, params))
        names = [v.value for v in result.variables]
        return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]

    return _run


def words(cell: str) -> set[str]:
    return {w.strip() for w in re.split(r",| und ", cell)}


def test_cooperations_of_town(run):
    rows = run("cooperations-of-town", town="Kamen")
    table_b_ids = {
        f"ku2016-b-{r.number:02d}" for r in table_b() if re.search(r"\bKamen\b", f"{r.partners} | {r.performer}")
    }
    # Kreis table: rows whose partner list names Kamen (checked by hand against Folie 37–43);
    # "mit allen kreisangehörigen Kommunen" rows are not enumerated and carry a doubt instead.
    table_a_ids = {f"ku2016-a-{n:02d}" for n in (2, 4, 7, 8, 9, 10, 14, 28, 29, 31, 36, 37, 38, 39, 40)}
    assert {r["id"] for r in rows} == table_b_ids | table_a_ids | {"smart-region-kreis-unna-2024"}
    assert {r["id"] for r in rows if r["role"] == "associate"} == {"ku2016-b-28"}


def test_cooperations_performed_by_town(run):
    rows = run("cooperations-performed-by-town", town="Kamen")
    expected = {f"ku2016-b-{r.number:02d}": words(r.partners) - {"Kamen"} for r in table_b() if r.performer == "Kamen"}
    assert {r["id"]: set(r["partners"].split(", ")) for r in rows} == expected


@pytest.mark.parametrize("table", ["a", "b"])
def test_cooperations_by_legal_form(run, table):
    rows = {r["notation"]: int(r["cooperations"]) for r in run("cooperations-by-legal-form", table=table)}
    if table == "b":
        assert rows == dict(Counter(LEGAL_FORMS[r.legal_form] for r in table_b() if r.legal_form))
    else:  # the Kreis table prints no legal form; only titles that name one (mbH, AÖR, ö-rV, -zweckverband)
        assert rows == {"gmbh": 3, "gemeinsames-kommunalunternehmen": 1, "oerv": 1, "zweckverband": 1}


def test_cooperations_with_legal_form(run):
    rows = run("cooperations-with-legal-form", form="zweckverband")
    from_seed = {f"ku2016-b-{r.number:02d}" for r in table_b() if LEGAL_FORMS.get(r.legal_form) == "zweckverband"}
    assert {r["id"] for r in rows} == from_seed | {"ku2016-a-37"}
    assert from_seed == {"ku2016-b-02", "ku2016-b-28", "ku2016-b-49", "ku2016-b-55"}


def test_cooperations_by_field(run):
    rows = {r["field"]: int(r["count"]) for r in run("cooperations-by-field")}
    rvr = {k: v for k, v in rows.items() if not k.startswith("smart-")}
    assert len(rvr) == 10, "every RVR Themenfeld is used"
    assert rvr["verwaltung-beschaffung-daten-it"] == max(rvr.values())
    # every cooperation (48 + 55), recommendation (15) and project record (151) has one Themenfeld
    assert sum(rvr.values()) == 48 + 55 + 15 + 151


def test_cooperations_started_per_decade(run, store):
    rows = {r["decade"]: int(r["cooperations"]) for r in run("cooperations-started-per-decade")}
    expected: Counter[str] = Counter()
    for cell in [r.start for r in table_a()] + [r.since for r in table_b()]:
        year = re.search(r"\b(1[89]\d\d|20\d\d)\b", cell)
        if year:
            expected[year.group(1)[:3] + "0s"] += 1
    projects = store.query("""PREFIX schema: <https://schema.org/> PREFIX rg: <https://w3id.org/regiongraph/ontology#>
        SELECT ?d WHERE { ?p a rg:Cooperation ; schema:startDate ?d FILTER NOT EXISTS { ?p rg:table ?t } }""")
    expected.update(row["d"].value[:3] + "0s" for row in projects)
    assert rows == dict(expected)


def test_partners_of_cooperation(run):
    rows = run("partners-of-cooperation", cooperation="ku2016-b-14")
    row = next(r for r in table_b() if r.number == 14)
    assert {(r["ags"], r["role"]) for r in rows} == (
        {(AGS[p], "member") for p in words(row.partners)} | {(AGS[row.performer], "performer")}
    )
    assert {r["asPrinted"] for r in rows} == words(row.partners)


def test_towns_not_in_cooperation(run):
    # Folie 32: "… sechs weiteren kreisangehörigen Kommunen (außer Bergkamen, Lünen und Schwerte)"
    rows = run("towns-not-in-cooperation", cooperation="ku2016-a-38")
    assert [r["town"] for r in rows] == ["Bergkamen", "Lünen", "Schwerte"]


def test_town_pairs_sharing_cooperations(run):
    rows = run("town-pairs-sharing-cooperations")
    assert len(rows) > 20  # the whole network, not cut off (tests/network checks every pair)
    assert (rows[0]["a"], rows[0]["b"], rows[0]["shared"]) == ("Bönen", "Kamen", "19")
    shared = [int(r["shared"]) for r in rows]
    assert shared == sorted(shared, reverse=True)


def test_towns_performing_for_others(run):
    rows = {r["town"]: int(r["tasks"]) for r in run("towns-performing-for-others")}
    from_seed = Counter(r.performer for r in table_b() if r.performer in AGS)
    for town in ("Unna", "Lünen", "Bergkamen", "Kamen", "Dortmund", "Selm", "Lüdinghausen", "Werne", "Schwerte"):
        assert rows[town] == from_seed[town], town
    assert rows["Hochsauerlandkreis"] == from_seed["HSK"] == 1
    # Kreis Unna performs in the Kreis table where a row says "für die Stadt …" (doubt recorded each time)
    assert rows["Kreis Unna"] == 9 and rows["Rhein-Kreis Neuss"] == 1


def test_projects_by_funding_programme(run):
    pairs = {(r["programme"], r["project"]) for r in run("projects-by-funding-programme")}
    assert ("Modellprojekt Smart Cities", "DOS 2030") in pairs
    assert ("5G Innovationswettbewerb", "5G DOS FIRE") in pairs
    assert ("5G.NRW", "5G CityVisAR") in pairs
    funders = {r["project"]: r["funders"] for r in run("projects-by-funding-programme")}
    assert funders["DOS 2030"] == "Bundesministerium des Innern, für Bau und Heimat"


def test_cooperations_beyond_kreis(run):
    ids = {r["id"] for r in run("cooperations-beyond-kreis", kreis="Kreis Unna")}
    outside_in_b = {f"ku2016-b-{n:02d}" for n in (4, 6, 10, 20, 22, 26, 28, 30, 31, 32, 33, 36, 45, 49, 50, 53)}
    assert {i for i in ids if i.startswith("ku2016-b")} == outside_in_b
    assert "ku2016-b-01" not in ids and "ku2016-a-13" in ids


def test_cooperations_led_by_town(run):
    assert [r["id"] for r in run("cooperations-led-by-town", town="Schwerte")] == [
        "smart-region-kreis-unna",
        "smart-region-kreis-unna-2024",
    ]
    assert "ku2010-1-4" in {r["id"] for r in run("cooperations-led-by-town", town="Lünen")}


def test_records_with_doubts(run):
    rows = {r["id"]: int(r["doubts"]) for r in run("records-with-doubts")}
    assert rows["ku2016-b-49"] >= 2  # the footnote and the "?" start
    assert {f"ku2016-b-{n:02d}" for n in (49, 51, 52, 53, 54)} <= set(rows)  # "?", "wird geprüft", "nach Bedarf"


def test_recommendations_2010(run):
    rows = run("recommendations-2010")
    assert [r["number"] for r in rows] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.6",
        "1.7",
        "1.8",
        "2.1",
        "3.1",
        "4.1",
        "5.1",
        "5.2",
        "6.1",
        "7.1",
    ]
    outcome = {r["number"]: r["outcome"] for r in rows}
    assert (outcome["1.2"], outcome["1.4"], outcome["2.1"], outcome["7.1"]) == (
        "not-realised",
        "not-realised",
        "not-realised",
        "partly-realised",
    )
    assert "ku2016-a-38" in next(r for r in rows if r["number"] == "7.1")["resultsIn"]


def test_organisations_in_cooperations(run):
    rows = {
        r["organisation"]: (int(r["cooperations"]), set(r["roles"].split(", ")))
        for r in run("organisations-in-cooperations")
    }
    assert rows["Caritas"] == (1, {"performer"})
    assert rows["citeq"] == (1, {"performer"})
    assert rows["Gemeinschaftsstadtwerke GmbH Kamen - Bönen - Bergkamen"] == (2, {"member", "performer"})


def test_kreis_agreements_by_org_unit(run):
    rows = {r["orgUnit"]: int(r["agreements"]) for r in run("kreis-agreements-by-org-unit")}
    assert rows == dict(Counter(r.org_unit for r in table_a()))


def test_projects_of_town(run):
    ids = {r["id"] for r in run("projects-of-town", town="Schwerte")}
    assert {
        "dos-2030",
        "5g-dos-fire",
        "5g-cityvisar",
        "projektleitstelle-smart-region-kreis-unna",
        "smart-region-kreis-unna",
    } <= ids
    assert "innovationcity-bottrop" not in ids


def test_quarantined_records(run):
    assert run("quarantined-records") == []


def test_parameters_are_typed_and_checked(run):
    with pytest.raises(QueryError, match="Atlantis"):
        run("cooperations-of-town", town="Atlantis")
    with pytest.raises(QueryError, match="unknown parameter"):
        run("cooperations-of-town", city="Kamen")
    with pytest.raises(QueryError, match="notation"):
        run("cooperations-with-legal-form", form="oerv> } ; DROP ALL ; {")
    with pytest.raises(QueryError, match="notation"):  # '$' alone would let a trailing newline through
        run("cooperations-with-legal-form", form="oerv\n")
    # a quote in a string parameter is a value, not syntax
    assert run("partners-of-cooperation", cooperation='ku2016-b-14" } UNION { ?x ?y ?z') == []


#: Queries tested beside what they need: harvested data, the network, or an independent reading of a seed.
TESTED_ELSEWHERE = {
    "dataset-copies": "harvest/test_harvest_identity.py",
    "ruhr-comparison-matrix": "register/test_ruhr_comparison.py",
    "ruhr-comparison-statements": "register/test_ruhr_comparison.py",
    "funding-programmes": "register/test_funding_programmes.py",
    "solutions-in-field": "network/test_transfer.py",
}


def test_every_named_query_is_tested(settings, repo_root):
    # runs last in this module (pytest keeps file order)
    for name, module in TESTED_ELSEWHERE.items():
        assert f'"{name}.rq"' in (repo_root / "tests" / module).read_text(encoding="utf-8")
    assert set(load_queries(settings.resource("queries"))) == TESTED | set(TESTED_ELSEWHERE)
