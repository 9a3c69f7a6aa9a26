"""Funding programmes with their funders, periods and projects (named query funding-programmes), over HTTP.

Two oracles, both apart from the mapping and the query: the register files themselves, read with
tomllib (which records are programmes, which projects name which programme), and the seed sentences
that print a programme with its funder and its projects, quoted below and checked against the seeds.
"""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import httpx
import pytest

from support.seedtext import seed_text

REGISTER = Path(__file__).resolve().parents[2] / "harvesters" / "register"
#: The named query under test (tests/test_queries.py looks for this name here).
QUERY = "funding-programmes.rq"
BMI = "Bundesministerium des Innern, für Bau und Heimat"
MWIDE = "Ministerium für Wirtschaft, Innovation, Digitalisierung und Energie des Landes Nordrhein-Westfalen"

#: (seed, the sentence as printed, programme, its funders' names, projects funded under it)
PRINTED = [
    (
        "000",
        "Bis 2027 wird die Stadt Schwerte gemeinsam mit der Stadt Dortmund im Projekt DOS 2030 (Digital Operating "
        "System Dortmund Schwerte) vom Bundesministerium des Inneren, für Bau und Heimat als Modellprojekt Smart City "
        "gefördert.",
        "modellprojekte-smart-cities",
        {BMI},
        {"dos-2030"},
    ),
    (
        "001",
        "orientieren sich die kreisweiten Projekte an den zwölf Handlungsfeldern des Modellprojekts Smart Cities "
        "„DOS2030“",
        "modellprojekte-smart-cities",
        {BMI},
        {"dos-2030-2024"},
    ),
    (
        "000",
        "Weiterhin wurde Schwerte im 5G Innovationswettbewerb des Bundesministeriums für Verkehr und digitale "
        "Infrastruktur sowohl in der Ideenphase, als auch mit dem anschließend entwickelten Konzept 5G DOS FIRE",
        "5g-innovationswettbewerb",
        {"Bundesministerium für Verkehr und digitale Infrastruktur"},
        {"5g-dos-fire"},
    ),
    (
        "000",
        "im Wettbewerb 5G.NRW des Ministeriums für Wirtschaft Digitalisierung und Energie des Landes "
        "Nordrhein-Westfalen (MWIDE NRW), mit dem Projekt 5G CityVisAR für eine Umsetzungsförderung ausgewählt",
        "5g-nrw",
        {MWIDE},
        {"5g-cityvisar"},
    ),
    (
        "000",
        "Die Richtlinie über die Förderung der Einrichtung neuer interkommunaler Kooperationen in "
        "Nordrhein-Westfalen (Förderrichtlinie IKZ NRW) ermöglicht die Förderung einer solchen Interkommunalen "
        "Zusammenarbeit.",
        "foerderrichtlinie-ikz-nrw",
        set(),
        {"smart-region-kreis-unna"},
    ),
    (
        "000",
        "Das MWIDE NRW betreibt bspw. durch die Beauftragung der Begleitforschung zu den digitalen Modellregionen",
        "digitale-modellregionen-nrw",
        set(),
        {"begleitforschung-digitale-modellregionen"},
    ),
    (
        "002",
        "Innerhalb der Modellregion OWL ist eine bemerkenswert intensive Zusammenarbeit zwischen den vier Partnern",
        "digitale-modellregionen-nrw-2023",
        set(),
        {"modellregion-owl"},
    ),
    (
        "003",
        "Kompetenzzentrum für Interkommunale Zusammenarbeit im Land Hessen (KIKZ) Förderprogramm des Landes zur "
        "Interkommunalen Zusammenarbeit",
        "foerderprogramm-ikz-hessen",
        {"Hessen"},
        set(),
    ),
    (
        "004",
        "Der Europäische Sozialfond fördert ein Bildungsprojekt – die Wortschatzförderung und Medienkompetenz von "
        "Kindern in einem Stadtteil.",
        "europaeischer-sozialfond",
        {"EU"},
        {"wortschatzfoerderung-medienkompetenz-bottrop"},
    ),
    (
        "004",
        "Die Stadt Bottrop hat 2010 den Innovation City Rollout gewonnen",
        "innovation-city-rollout",
        set(),
        {"innovationcity-bottrop"},
    ),
    (
        "004",
        "Bundesministerium des Inneren: Smart-Cities-made-in-Germany",
        "smart-cities-made-in-germany",
        {BMI},
        set(),
    ),
]


def records() -> list[dict]:
    out = []
    for path in sorted(REGISTER.glob("*.toml")):
        out += tomllib.loads(path.read_text(encoding="utf-8")).get("project", [])
    return out


def split(cell: str | None, separator: str = ", ") -> set[str]:
    return set(cell.split(separator)) if cell else set()


@pytest.fixture(scope="module")
def programmes(live) -> dict[str, dict]:
    url = f"{live.url}/api/v1/queries/{QUERY.removesuffix('.rq')}"
    body = httpx.get(url, timeout=30)
    assert body.status_code == 200, body.text
    found = body.json()["rows"]
    text = httpx.get(url, params={"format": "csv"}, timeout=30).text
    assert list(csv.DictReader(io.StringIO(text))) == [{k: v or "" for k, v in r.items()} for r in found]
    out = {r["id"]: r for r in found}
    assert len(out) == len(found), "a programme is listed twice"
    return out


def test_every_programme_of_the_register_is_listed(programmes):
    expected = {r["id"] for r in records() if r["kind"] == "programme"}
    assert set(programmes) == expected
    assert len(expected) == 17


def test_each_programme_lists_the_projects_that_name_it(programmes):
    named: dict[str, set[str]] = {}
    for record in records():
        if record.get("programme"):
            named.setdefault(record["programme"], set()).add(record["id"])
    for pid, row in programmes.items():
        assert split(row["projects"]) == named.get(pid, set()), pid
        assert int(row["projectCount"]) == len(named.get(pid, set()))
    titles = {r["id"]: r["title"] for r in records()}
    assert split(programmes["modellprojekte-smart-cities"]["projectNames"], "; ") == {
        titles["dos-2030"],
        titles["dos-2030-2024"],
    }


@pytest.mark.parametrize(
    ("seed", "printed", "programme", "funders", "projects"), PRINTED, ids=[f"{p[0]}-{p[2]}" for p in PRINTED]
)
def test_funders_and_projects_as_the_seeds_print_them(programmes, seed, printed, programme, funders, projects):
    assert printed in seed_text(seed)
    row = programmes[programme]
    assert split(row["funders"], "; ") == funders  # names may hold a comma
    assert projects <= split(row["projects"])


def test_periods_where_the_seeds_print_them(programmes):
    # no programme prints its own period; the funded projects' periods stand beside them
    for record in records():
        if record["kind"] == "programme":
            row = programmes[record["id"]]
            assert (row["start"], row["end"]) == (record.get("start"), record.get("end"))
    assert "Bis 2027 wird die Stadt Schwerte" in seed_text("000")
    assert programmes["modellprojekte-smart-cities"]["projectPeriods"] == "dos-2030: –2027"
    assert programmes["innovation-city-rollout"]["projectPeriods"] == "innovationcity-bottrop: 2010–"
    assert programmes["5g-nrw"]["projectPeriods"] is None


def test_a_revised_programme_names_its_earlier_record_and_each_its_document_date(programmes):
    assert programmes["digitale-modellregionen-nrw-2023"]["revises"] == "digitale-modellregionen-nrw"
    assert (
        programmes["digitale-modellregionen-nrw"]["stateAsOf"],
        programmes["digitale-modellregionen-nrw-2023"]["stateAsOf"],
    ) == ("2021", "2023-05-12")
