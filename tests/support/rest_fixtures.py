"""Harvested dataset fixtures: CKAN packages, as `package_show` returns them, mapped by the real
"ckan-package" profile and written by the real Pipeline (SHACL gate, catalog records, withdrawal).
"""

from __future__ import annotations

from regiongraph.harvest import SourceRecord
from regiongraph.pipeline import RunReport
from regiongraph.store import GraphStore
from support.harvestkit import pipeline_for

BASE = "http://127.0.0.1:8000/id/"
SOURCE = "kreis-unna-portal"
#: The portal's [mapping] links: datasets tagged "Verkehr" belong to the Mobile Jugendverkehrsschule.
OPTIONS = {
    "language": "de",
    "links": [
        {"tag": "Verkehrszählung", "target": "cooperation/ku2016-b-09"},
        {"tag": "LuFt-Hub", "target": "project/luft-hub"},
    ],
}
#: name → (uuid, title, notes, organisation, groups, tags); the last one is withdrawn by a second run.
PACKAGES = {
    "verkehr-kamen": (
        "5b0c2a40-1c59-4bb0-9f64-000000000001",
        "Verkehrszählungen Kamen 2023",
        "<p>Zählstellen an den <b>Straßen</b> der Stadt Kamen, stündlich.</p>",
        "Stadt Kamen",
        ["tran"],
        ["Verkehr", "Verkehrszählung"],
    ),
    "luft-luenen": (
        "5b0c2a40-1c59-4bb0-9f64-000000000002",
        "Luftqualität in Lünen",
        "Messwerte der Sensoren des LuFt-Hub: Stickstoffdioxid, Feinstaub.",
        "Stadt Lünen",
        ["envi", "tran"],
        ["Luft", "Umwelt", "LuFt-Hub"],
    ),
    "baeume-froendenberg": (
        "5b0c2a40-1c59-4bb0-9f64-000000000003",
        "Straßenbäume Fröndenberg/Ruhr",
        "Baumkataster der Stadt Fröndenberg/Ruhr.",
        "Stadt Fröndenberg/Ruhr",
        ["envi"],
        ["Bäume", "Umwelt"],
    ),
    "haltestellen-kamen-alt": (
        "5b0c2a40-1c59-4bb0-9f64-000000000004",
        "Alte Haltestellen Kamen",
        "Ersetzt durch den Verbund.",
        "Stadt Kamen",
        ["tran"],
        ["Verkehr", "Verkehrszählung"],
    ),
}
WITHDRAWN = "haltestellen-kamen-alt"
UUID = {name: p[0] for name, p in PACKAGES.items()}
LIVE_DATASETS = {p[0] for name, p in PACKAGES.items() if name != WITHDRAWN}


def iri(name: str) -> str:
    return f"{BASE}dataset/{SOURCE}/{UUID[name]}"


def package(name: str) -> dict:
    uuid, title, notes, org, groups, tags = PACKAGES[name]
    return {
        "id": uuid,
        "name": name,
        "title": title,
        "notes": notes,
        "license_id": "dl-by-de/2.0",
        "organization": {"name": org.lower().replace(" ", "-").replace("/", "-"), "title": org},
        "groups": [{"name": g} for g in groups],
        "tags": [{"name": t} for t in tags],
        "extras": [],
        "metadata_created": "2023-05-02T08:00:00",
        "metadata_modified": "2024-03-01T10:00:00",
        "resources": [
            {
                "id": f"{uuid}-csv",
                "url": f"https://opendata.kreis-unna.de/{name}.csv",
                "format": "CSV",
                "name": f"{title} (CSV)",
                "mimetype": "text/csv",
            }
        ],
    }


def harvest(settings, store: GraphStore, names: list[str]) -> RunReport:
    """One complete run of the portal with these packages (the others are withdrawn)."""
    records = [
        SourceRecord(SOURCE, UUID[n], "ckan-package", package(n), package(n)["metadata_modified"]) for n in names
    ]
    return pipeline_for(settings, store, options=OPTIONS).run(SOURCE, records)
