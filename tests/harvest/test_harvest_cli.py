"""``regiongraph harvest`` as a user runs it: a subprocess, a local portal, real exit codes."""

from __future__ import annotations

import os
import subprocess
import sys

from harvestkit import BASE, declare, settings_for

from helpers import free_port
from portal import Portal, make_packages, package_id


def rg(settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REGIONGRAPH_SOURCES_DIR": str(settings.sources_dir), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "regiongraph", "--data-dir", str(settings.data_dir),
                           "--base-iri", BASE, *args], env=env, capture_output=True, text=True, timeout=300)


def test_dry_run_lists_the_changes_and_writes_nothing_then_a_run_writes_them(tmp_path):
    settings = settings_for(tmp_path)
    with Portal(make_packages(8)) as portal:
        declare(tmp_path / "sources", "kommune", "ckan", portal.url)
        dry = rg(settings, "harvest", "kommune", "--dry-run")
        assert dry.returncode == 1, dry.stderr  # the fixture quarantines some packages on purpose
        assert "dry run: nothing written" in dry.stdout
        assert f"would new kommune/{package_id(1)}" in dry.stdout
        assert not (settings.data_dir / "snapshots").exists()
        real = rg(settings, "harvest", "kommune")
        assert "kommune" in real.stdout and real.returncode == 1
        again = rg(settings, "harvest", "kommune", "--dry-run")
        assert "would new" not in again.stdout


def test_an_unreachable_portal_makes_harvest_all_fail_clearly(tmp_path):
    settings = settings_for(tmp_path)
    declare(tmp_path / "sources", "tot", "ckan", f"http://127.0.0.1:{free_port()}", retries=1)
    declare(tmp_path / "sources", "aus", "ckan", "http://127.0.0.1:9", enabled=False)
    proc = rg(settings, "harvest", "--all")
    assert proc.returncode == 1
    assert "failed tot:" in proc.stderr and "cannot reach" in proc.stderr
    assert "nothing was withdrawn and the cursor stays where it was" in proc.stderr
    assert "register" in proc.stdout and "aus" not in proc.stdout, "disabled sources are skipped"


def test_unknown_and_disabled_sources_are_usage_errors(tmp_path):
    settings = settings_for(tmp_path)
    declare(tmp_path / "sources", "aus", "ckan", "http://127.0.0.1:9", enabled=False)
    proc = rg(settings, "harvest", "atlantis")
    assert proc.returncode == 2 and "unknown source 'atlantis'" in proc.stderr
    proc = rg(settings, "harvest", "aus")
    assert proc.returncode == 2 and "disabled" in proc.stderr


def test_recheck_maps_and_validates_every_record_again_even_unchanged(tmp_path):
    settings = settings_for(tmp_path)
    with Portal(make_packages(8)) as portal:
        declare(tmp_path / "sources", "kommune", "ckan", portal.url)
        rg(settings, "harvest", "kommune")
        plain = rg(settings, "harvest", "kommune", "--full", "--dry-run")
        assert "would " not in plain.stdout, plain.stdout
        again = rg(settings, "harvest", "kommune", "--recheck", "--dry-run")
        changes = [line.split()[1] for line in again.stdout.splitlines() if line.startswith("would ")]
        assert len(changes) == 8 and set(changes) <= {"update", "quarantine"}, again.stdout
        assert "quarantine" in changes  # the fixture's broken packages fail again, and say so
