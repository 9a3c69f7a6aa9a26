"""The CKAN tests' site: a RegionGraph instance with packages harvested from a Kreis Unna portal (see conftest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from regiongraph import Settings
from regiongraph.harvest import SourceRecord
from regiongraph.iris import Minter
from regiongraph.store import SnapshotStore
from support.harvestkit import pipeline_for
from support.helpers import LiveServer

BASE = "http://127.0.0.1:8000/id/"
SOURCE = "unna-portal"
PACKAGES = 30
#: Record i of the portal was last modified at T0 + i hours.
T0 = datetime(2025, 3, 1, 6, 0, 0, tzinfo=UTC)
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


@dataclass
class Site:
    """The live instance, its settings and store, and what was harvested into it."""

    server: LiveServer
    settings: Settings
    store: SnapshotStore
    packages: list[dict]
    harvested: set[str]  # names of the packages that passed the SHACL gate


def harvest(settings: Settings, writer, packages: list[dict]) -> set[str]:
    records = [SourceRecord(SOURCE, p["id"], "ckan-package", p, p["metadata_modified"]) for p in packages]
    options = {
        "language": "de",
        "publisher": "Kreis Unna",
        "contributor_id": "http://dcat-ap.de/def/contributors/kreisUnna",
    }
    report = pipeline_for(settings, writer, options=options).run(SOURCE, records)
    """Run ``packages`` through the real pipeline into ``writer``; the names of those that passed the gate."""
    quarantined = {rid for rid, _ in report.quarantined}
    for i, p in enumerate(packages):
        record = Minter(settings.base_iri).record(SOURCE, p["id"])
        when = (T0 + timedelta(hours=i)).isoformat()
        writer.update(
            "PREFIX dcterms: <http://purl.org/dc/terms/> "
            f"DELETE {{ GRAPH ?g {{ <{record}> dcterms:modified ?m }} }} "
            f'INSERT {{ GRAPH ?g {{ <{record}> dcterms:modified "{when}"^^<{XSD_DATETIME}> }} }} '
            f"WHERE {{ GRAPH ?g {{ <{record}> dcterms:modified ?m }} }}"
        )
    return {p["name"] for p in packages if p["id"] not in quarantined}
