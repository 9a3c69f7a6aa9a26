"""Crash safety: a harvest killed with SIGKILL mid-run leaves a consistent store, and the next run converges."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from regiongraph.store import EmbeddedStore, open_store, writing
from support.harvestkit import BASE, assert_same_store, clean_run, declare, settings_for, source_graphs, status
from support.portal import Portal, make_packages

N = 36


#: A catalog record whose run is not a prov:Activity in the store.
DANGLING = (
    "ASK { ?r <http://www.w3.org/ns/prov#wasGeneratedBy> ?run "
    "FILTER NOT EXISTS { ?run a <http://www.w3.org/ns/prov#Activity> } }"
)


def run_states(store) -> list[str]:
    """The adms:status of every harvest run, by notation, sorted."""
    rows = store.query(
        "SELECT ?s WHERE { ?run a <https://w3id.org/regiongraph/ontology#HarvestRun> ; "
        "<http://www.w3.org/ns/adms#status> ?s }"
    )
    return sorted(r["s"].value.rsplit("/", 1)[-1] for r in rows)


def harvest_cli(settings, *extra: str, workers: int = 0) -> subprocess.Popen:
    env = {
        **os.environ,
        "REGIONGRAPH_SOURCES_DIR": str(settings.sources_dir),
        "REGIONGRAPH_VALIDATION_BATCH": "10",
        "REGIONGRAPH_HARVEST_WORKERS": str(workers),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "regiongraph",
            "--data-dir",
            str(settings.data_dir),
            "--base-iri",
            BASE,
            "harvest",
            "kommune",
            *extra,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when(portal: Portal, proc_box: list, *, page: int | None = None, id_list: bool = False) -> None:
    """SIGKILL the harvest when it asks for ``page`` (1-based) or for the id list of the reconciliation."""

    def hook(target, params, n):
        listing = params.get("fl") == "id"
        if target == "package_search" and ((id_list and listing) or (not listing and n == page)):
            os.kill(proc_box[0].pid, signal.SIGKILL)

    portal.on_request.append(hook)


# With two workers the batches of 10 are written two batches behind the fetching: at the id list
# (after batch 4 is fetched) only batch 1 is in the store.
@pytest.mark.parametrize(
    ("where", "workers", "written"), [({"page": 4}, 0, 10), ({"id_list": True}, 0, 30), ({"id_list": True}, 2, 10)]
)
def test_a_killed_harvest_is_completed_by_the_next_run(tmp_path, where, workers, written):
    with Portal(make_packages(N)) as portal:
        settings = settings_for(tmp_path)
        decl = declare(tmp_path / "sources", "kommune", "ckan", portal.url, page_size=6)
        box: list = []
        kill_when(portal, box, **where)
        box.append(harvest_cli(settings, workers=workers))
        box[0].communicate(timeout=120)
        assert box[0].returncode == -signal.SIGKILL
        portal.on_request.clear()
        # what the killed run left: whole batches of 10 (each one transaction), no run, no cursor
        live = EmbeddedStore(settings.store_location)
        try:
            assert len(status(live, "kommune")) == written
            assert not bool(live.query("ASK { ?run <https://w3id.org/regiongraph/ontology#harvestCursor> ?c }"))
            assert run_states(live) == ["running"]  # written before the first record that points at it
            assert not bool(live.query(DANGLING))
        finally:
            live.close()
        rerun = harvest_cli(settings, workers=workers)
        _, stderr = rerun.communicate(timeout=120)
        assert rerun.returncode in (0, 1), stderr  # 1: some fixture packages are quarantined on purpose
        store = open_store(settings)
        assert len(status(store, "kommune")) == N
        assert run_states(store) == ["aborted", "finished"] and not bool(store.query(DANGLING))
        assert_same_store(source_graphs(store, "kommune"), clean_run(settings, decl))


def test_a_terminated_harvest_marks_its_run_aborted_and_releases_the_store(tmp_path):
    with Portal(make_packages(N)) as portal:
        settings = settings_for(tmp_path)
        declare(tmp_path / "sources", "kommune", "ckan", portal.url, page_size=6)
        box: list = []

        def hook(target, params, n):
            if target == "package_search" and n == 4:
                os.kill(box[0].pid, signal.SIGTERM)

        portal.on_request.append(hook)
        box.append(harvest_cli(settings))
        _, stderr = box[0].communicate(timeout=120)
        assert box[0].returncode == 128 + signal.SIGTERM and "Traceback" not in stderr, stderr
        store = open_store(settings)  # what it wrote before the signal is published …
        try:
            assert run_states(store) == ["aborted"]  # … and its run says it did not finish, without a next run
            assert len(status(store, "kommune")) >= 10 and not bool(store.query(DANGLING))
        finally:
            store.close()
        with writing(settings, wait=False):  # the lock went with it
            pass


def test_a_killed_run_is_marked_aborted_by_the_next_writer_whatever_it_harvests(tmp_path):
    with Portal(make_packages(N)) as portal, Portal(make_packages(3, start=100)) as other:
        settings = settings_for(tmp_path)
        declare(tmp_path / "sources", "kommune", "ckan", portal.url, page_size=6)
        declare(tmp_path / "sources", "nachbar", "ckan", other.url)
        box: list = []
        kill_when(portal, box, page=3)
        box.append(harvest_cli(settings))
        box[0].communicate(timeout=120)
        assert box[0].returncode == -signal.SIGKILL
        env = {**os.environ, "REGIONGRAPH_SOURCES_DIR": str(settings.sources_dir)}
        other_run = subprocess.run(
            [
                sys.executable,
                "-m",
                "regiongraph",
                "--data-dir",
                str(settings.data_dir),
                "--base-iri",
                BASE,
                "harvest",
                "nachbar",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert other_run.returncode in (0, 1), other_run.stderr
        store = open_store(settings)
        try:  # the dead kommune run is no longer "running", though kommune was not harvested again
            assert run_states(store) == ["aborted", "finished"]
        finally:
            store.close()
