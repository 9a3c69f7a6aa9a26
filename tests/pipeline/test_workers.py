"""``harvest_workers`` holds on every harvest path: the register (built or named) and a portal alike."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

from regiongraph import Instance, Settings
from regiongraph.pipeline import build, harvest_register, harvest_source
from regiongraph.store import EmbeddedStore
from support.harvestkit import BASE, declare
from support.portal import Portal, make_packages


def _children_seen() -> tuple[list[int], object]:
    """A progress callback that notes how many worker processes are alive after each batch written."""
    seen: list[int] = []
    return seen, lambda _source, _n, _total: seen.append(len(multiprocessing.active_children()))


def _settings(tmp_path: Path, workers: int) -> Settings:
    # Batches of 3: a run has several, and the pool starts with the second.
    return Settings.load(
        environ={},
        data_dir=tmp_path / "data",
        base_iri=BASE,
        sources_dir=tmp_path / "sources",
        harvest_workers=workers,
        validation_batch=3,
    )


def _register(tmp_path: Path, repo_root: Path) -> Path:
    folder = tmp_path / "register"
    folder.mkdir(parents=True)
    shutil.copy(repo_root / "harvesters/register/kreis-unna-2016-organisationen.toml", folder)
    return folder


def test_the_register_is_mapped_in_workers_when_asked_for(tmp_path, repo_root):
    seen, progress = _children_seen()
    harvest_register(
        Instance(_settings(tmp_path, 1)), EmbeddedStore(None), folder=_register(tmp_path, repo_root), progress=progress
    )
    assert len(seen) > 2 and max(seen) == 1
    none, progress = _children_seen()
    harvest_register(
        Instance(_settings(tmp_path, 0)),
        EmbeddedStore(None),
        folder=_register(tmp_path / "again", repo_root),
        progress=progress,
    )
    assert none and max(none) == 0


def test_the_register_of_a_new_store_is_mapped_in_workers_too(tmp_path):
    seen, progress = _children_seen()
    report = build(Instance(_settings(tmp_path, 2)), EmbeddedStore(None), progress=progress)
    assert report.register.new > 0 and max(seen) == 2


def test_a_portal_is_mapped_in_workers(tmp_path):
    seen, progress = _children_seen()
    (tmp_path / "sources").mkdir()
    with Portal(make_packages(12)) as portal:
        decl = declare(tmp_path / "sources", "kommune", "ckan", portal.url, page_size=4)
        report = harvest_source(
            Instance(_settings(tmp_path, 1)), EmbeddedStore(None), decl, progress=progress, sleep=lambda _s: None
        )
    assert report.new + len(report.quarantined) == 12 and max(seen) == 1
