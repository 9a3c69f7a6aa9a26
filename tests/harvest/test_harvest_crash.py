"""Crash safety: a harvest killed with SIGKILL mid-run leaves a consistent store, and the next run converges."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from harvestkit import BASE, assert_same_store, clean_run, declare, settings_for, source_graphs, status

from portal import Portal, make_packages
from regiongraph.store import EmbeddedStore, open_store

N = 36


def harvest_cli(settings, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "REGIONGRAPH_SOURCES_DIR": str(settings.sources_dir), "REGIONGRAPH_VALIDATION_BATCH": "10"}
    return subprocess.Popen([sys.executable, "-m", "regiongraph", "--data-dir", str(settings.data_dir),
                             "--base-iri", BASE, "harvest", "kommune", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kill_when(portal: Portal, proc_box: list, *, page: int | None = None, id_list: bool = False) -> None:
    """SIGKILL the harvest when it asks for ``page`` (1-based) or for the id list of the reconciliation."""
    def hook(target, params, n):
        listing = params.get("fl") == "id"
        if target == "package_search" and ((id_list and listing) or (not listing and n == page)):
            os.kill(proc_box[0].pid, signal.SIGKILL)

    portal.on_request.append(hook)


@pytest.mark.parametrize(("where", "written"), [({"page": 4}, 10), ({"id_list": True}, 30)])
def test_a_killed_harvest_is_completed_by_the_next_run(tmp_path, where, written):
    with Portal(make_packages(N)) as portal:
        settings = settings_for(tmp_path)
        decl = declare(tmp_path / "sources", "kommune", "ckan", portal.url, page_size=6)
        box: list = []
        kill_when(portal, box, **where)
        box.append(harvest_cli(settings))
        box[0].communicate(timeout=120)
        assert box[0].returncode == -signal.SIGKILL
        portal.on_request.clear()
        # what the killed run left: whole batches of 10 (each one transaction), no run, no cursor
        live = EmbeddedStore(settings.store_location)
        try:
            assert len(status(live, "kommune")) == written
            assert not bool(live.query("ASK { ?run <https://w3id.org/regiongraph/ontology#harvestCursor> ?c }"))
        finally:
            live.close()
        rerun = harvest_cli(settings)
        _, stderr = rerun.communicate(timeout=120)
        assert rerun.returncode in (0, 1), stderr  # 1: some fixture packages are quarantined on purpose
        store = open_store(settings)
        assert len(status(store, "kommune")) == N
        assert_same_store(source_graphs(store, "kommune"), clean_run(settings, decl))
