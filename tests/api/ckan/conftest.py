"""A RegionGraph instance holding the register and packages harvested from a Kreis Unna portal, served live.

The packages are the HARVEST helper's realistic portal fixtures (tests/support/portal/fixtures.py),
mapped by the real pipeline (MAPPING's profiles, the SHACL gate); their records' modified
times are then set to fixed, distinct instants so date filters have exact answers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from regiongraph import Instance, Settings
from regiongraph.app import create_app
from regiongraph.pipeline import build
from regiongraph.store import SnapshotStore
from support.ckan_site import BASE, PACKAGES, Site, harvest
from support.helpers import LiveServer
from support.portal.fixtures import make_packages


@pytest.fixture(scope="session")
def portal_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data = tmp_path_factory.mktemp("ckan-data")
    settings = Settings.load(
        environ={},
        data_dir=data,
        base_iri=BASE,
        catalog_page_size=20,
        catalog_contributor_id="http://dcat-ap.de/def/contributors/kreisUnna",
    )
    packages = make_packages(PACKAGES)
    with Instance(settings) as instance, instance.writing() as writer:
        build(instance, writer)
        harvested = harvest(settings, writer, packages)
    store = SnapshotStore(settings)
    with LiveServer(create_app(settings, store)) as server:
        yield Site(server, settings, store, packages, harvested)
