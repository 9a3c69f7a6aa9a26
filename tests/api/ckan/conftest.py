"""A RegionGraph instance holding the register and packages harvested from a Kreis Unna portal, served live.

The packages are the HARVEST helper's realistic portal fixtures (tests/portal/fixtures.py),
mapped by the real pipeline (MAPPING's profiles, the SHACL gate); their records' modified
times are then set to fixed, distinct instants so date filters have exact answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from helpers import LiveServer
from portal.fixtures import make_packages
from regiongraph import Settings
from regiongraph.api import create_app
from regiongraph.bootstrap import build, resolver_for
from regiongraph.harvest import SourceRecord
from regiongraph.iris import Minter
from regiongraph.mapping import MappingContext
from regiongraph.pipeline import Pipeline
from regiongraph.store import SnapshotStore, writing
from regiongraph.validate import Validator

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


def _harvest(settings: Settings, writer, packages: list[dict]) -> set[str]:
    records = [SourceRecord(SOURCE, p["id"], "ckan-package", p, p["metadata_modified"]) for p in packages]
    ctx = MappingContext(Minter(settings.base_iri), resolver_for(settings),
                         options={"publisher": "Kreis Unna", "contributor_id": "http://dcat-ap.de/def/contributors/kreisUnna"})
    report = Pipeline(writer, ctx, Validator(settings.resource("shapes"))).run(SOURCE, records)
    quarantined = {rid for rid, _ in report.quarantined}
    for i, p in enumerate(packages):
        record = Minter(settings.base_iri).record(SOURCE, p["id"])
        when = (T0 + timedelta(hours=i)).isoformat()
        writer.update(
            "PREFIX dcterms: <http://purl.org/dc/terms/> "
            f"DELETE {{ GRAPH ?g {{ <{record}> dcterms:modified ?m }} }} "
            f"INSERT {{ GRAPH ?g {{ <{record}> dcterms:modified \"{when}\"^^<{XSD_DATETIME}> }} }} "
            f"WHERE {{ GRAPH ?g {{ <{record}> dcterms:modified ?m }} }}")
    return {p["name"] for p in packages if p["id"] not in quarantined}


@pytest.fixture(scope="session")
def portal_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data = tmp_path_factory.mktemp("ckan-data")
    settings = Settings.load(environ={}, data_dir=data, base_iri=BASE, catalog_page_size=20,
                             catalog_contributor_id="http://dcat-ap.de/def/contributors/kreisUnna")
    packages = make_packages(PACKAGES)
    with writing(settings) as writer:
        build(settings, writer)
        harvested = _harvest(settings, writer, packages)
    store = SnapshotStore(settings)
    with LiveServer(create_app(settings, store)) as server:
        yield Site(server, settings, store, packages, harvested)
