"""``regiongraph harvest`` as a user runs it: a subprocess, a local portal, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from support.harvestkit import BASE, declare, settings_for
from support.helpers import free_port
from support.portal import Portal, make_packages, package_id


def rg(settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REGIONGRAPH_SOURCES_DIR": str(settings.sources_dir), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "regiongraph", "--data-dir", str(settings.data_dir), "--base-iri", BASE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


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


def test_failure_lines_print_bracketed_source_text_as_it_came(tmp_path):
    settings = settings_for(tmp_path)
    message = "Layer LAYER[zoom] not found; see [bold]the log[/bold] and [/] [red]"
    body = json.dumps({"success": False, "error": {"__type": "Internal", "message": message}}).encode()
    with Portal(make_packages(2)) as portal:
        portal.fault("package_search", "body", times=10, body=body)
        declare(tmp_path / "sources", "kommune", "ckan", portal.url, retries=1)
        proc = rg(settings, "harvest", "kommune")
    assert proc.returncode == 1, proc.stderr
    assert f"CKAN answered success: false ({message})" in proc.stderr
    assert "Traceback" not in proc.stderr


def _holding(settings, portal: Portal) -> subprocess.Popen:
    """A real harvest that holds the store lock while the portal answers its first page slowly."""
    portal.fault("package_search", "slow", delay=10.0, times=1)
    env = {**os.environ, "REGIONGRAPH_SOURCES_DIR": str(settings.sources_dir)}
    holder = subprocess.Popen(
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
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = settings.data_dir / "write.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the holder writes its PID into the lock file once it holds it
        if lock.exists() and f'"pid": {holder.pid}' in lock.read_text(encoding="utf-8"):
            return holder
        time.sleep(0.05)
    holder.kill()
    raise AssertionError("the first harvest never took the store lock")


def test_a_second_writer_says_whom_it_waits_for_and_no_wait_fails_at_once(tmp_path):
    settings = settings_for(tmp_path)
    with Portal(make_packages(4)) as portal:
        declare(tmp_path / "sources", "kommune", "ckan", portal.url)
        holder = _holding(settings, portal)
        try:
            env = {**os.environ, "REGIONGRAPH_SOURCES_DIR": str(settings.sources_dir)}
            waiter = subprocess.Popen(
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
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            refused = rg(settings, "harvest", "kommune", "--no-wait")
            assert holder.poll() is None, "--no-wait must not wait for the holder"
            assert refused.returncode == 75, refused.stderr
            assert f"the store is being written by PID {holder.pid} (regiongraph " in refused.stderr
            assert "harvest kommune)" in refused.stderr and "--no-wait" in refused.stderr
            _, stderr = waiter.communicate(timeout=120)  # it waited until the holder was done, then ran
            assert f"waiting for the store lock held by PID {holder.pid} (regiongraph " in stderr
            assert " since 20" in stderr and " UTC …" in stderr
            assert waiter.returncode == 0 and "Traceback" not in stderr  # nothing changed since the holder's run
        finally:
            _, held = holder.communicate(timeout=120)
        assert holder.returncode == 1, held  # 1: the fixture quarantines some packages on purpose
        assert "waiting for" not in held
