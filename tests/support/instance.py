"""One web-front instance: the bundled register and a harvested local CKAN portal (German packages, a few broken),
so lists, fact sheets and the quality pages have datasets, scores and quarantined records. Used by the web tests,
scripts/screenshots.py and benchmarks/web.py."""

from __future__ import annotations

from pathlib import Path

from regiongraph import Instance, Settings
from regiongraph.harvest.sources import read_declaration
from regiongraph.pipeline import build, harvest_source
from regiongraph.store import SnapshotStore
from support.portal import Portal, make_packages

BASE = "http://127.0.0.1:8000/id/"
SOURCE = "testportal"
PACKAGES = 30


def packages() -> list[dict]:
    """30 packages of the local portal; two broken so that the gate quarantines them (no title, a bad size)."""
    out = make_packages(PACKAGES)
    out[3] = {**out[3], "title": ""}
    out[5] = {**out[5], "resources": [{**out[5]["resources"][0], "size": "12 MB"}]}
    return out


def build_instance(root: Path, *, packages_: list[dict] | None = None) -> tuple[Settings, SnapshotStore]:
    """Register and harvested test portal in ``root``; ``packages_`` instead of :func:`packages`."""
    settings = Settings.load(environ={}, data_dir=root / "data", base_iri=BASE, sources_dir=root / "sources")
    with Portal(packages_ if packages_ is not None else packages()) as portal:
        (root / "sources").mkdir()
        path = root / "sources" / f"{SOURCE}.toml"
        path.write_text(
            f'[source]\nname = "{SOURCE}"\ntype = "ckan"\nurl = "{portal.url}"\npage_size = 10\n'
            'timeout = 5\nbackoff = 0\n[mapping]\nlanguage = "de"\npublisher = "05978"\n'
            'contributor_id = "http://dcat-ap.de/def/contributors/kreisUnna"\n',
            encoding="utf-8",
        )
        with Instance(settings) as instance, instance.writing() as writer:
            build(instance, writer)
            report = harvest_source(instance, writer, read_declaration(path), sleep=lambda _s: None)
    assert report.quarantined, "the broken packages must be quarantined"
    return settings, SnapshotStore(settings)
