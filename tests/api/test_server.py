"""``regiongraph serve`` as a real process tree: a runaway query is stopped while others get answers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from support.helpers import free_port

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d }"  # ~10^11 pairs on the register store


def workers_of(pid: int) -> set[int]:
    """Worker processes of the supervisor ``pid`` (spawned interpreters, not the resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    out = set()
    for child in map(int, children):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"resource_tracker" not in cmdline:
            out.add(child)
    return out


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text() if Path(f"/proc/{pid}/stat").exists() else ""
    return " Z " not in stat  # a zombie has stopped running


@pytest.fixture(scope="module")
def server(settings):
    port = free_port()
    env = {
        **os.environ,
        "REGIONGRAPH_QUERY_TIMEOUT": "2",
        "REGIONGRAPH_WORKERS": "2",
        "REGIONGRAPH_PIN_WORKERS": "true",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "regiongraph",
            "--data-dir",
            str(settings.data_dir),
            "--base-iri",
            settings.base_iri,
            "serve",
            "--no-load",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200 and len(workers_of(proc.pid)) == 2:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server did not start: " + proc.stderr.read().decode(errors="replace")[-2000:])
    yield proc, url
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


def test_runaway_query_is_stopped_while_others_get_answers(server):
    proc, url = server
    before = workers_of(proc.pid)
    result: dict = {}

    def runaway():
        started = time.monotonic()
        r = httpx.get(f"{url}/sparql", params={"query": RUNAWAY}, timeout=60)
        result.update(
            status=r.status_code,
            body=r.json(),
            seconds=time.monotonic() - started,
            connection=r.headers.get("connection"),
        )

    thread = threading.Thread(target=runaway)
    thread.start()
    answered = 0
    while thread.is_alive():
        r = httpx.get(f"{url}/sparql", params={"query": "ASK WHERE { ?s a ?c }"}, timeout=10)
        assert r.status_code == 200 and r.json()["boolean"] is True
        answered += 1
        time.sleep(0.1)
    assert result["status"] == 503 and result["body"]["type"].endswith("query-timeout")
    assert result["seconds"] < 10
    assert result["connection"] == "close", "the retiring worker sends its client elsewhere"
    assert answered >= 5, "other clients were answered while the runaway query ran"
    # the worker that ran it retires and is replaced; its query ends with it
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (workers_of(proc.pid) & before) == before:
        time.sleep(0.2)
    gone = before - workers_of(proc.pid)
    assert len(gone) == 1 and not any(alive(pid) for pid in gone)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(workers_of(proc.pid)) < 2:
        time.sleep(0.2)
    assert len(workers_of(proc.pid)) == 2
    assert httpx.get(f"{url}/healthz").status_code == 200
    if TWO_CPUS:  # the replacement takes over the CPU its predecessor held
        assert apart(cpus := pinned_apart(proc)), cpus


TWO_CPUS = len(os.sched_getaffinity(0)) >= 2


def pinned_apart(proc: subprocess.Popen, seconds: float = 25) -> list[set[int]]:
    """The CPU sets of the two workers once each holds one CPU of its own (or what they are after ``seconds``).

    A replacement worker waits until its predecessor has exited and let go of its CPU.
    """
    deadline = time.monotonic() + seconds
    while True:
        cpus = [os.sched_getaffinity(pid) for pid in sorted(workers_of(proc.pid))]
        if apart(cpus) or time.monotonic() > deadline:
            return cpus
        time.sleep(0.5)


def apart(cpus: list[set[int]]) -> bool:
    return len(cpus) == 2 and all(len(c) == 1 for c in cpus) and cpus[0] != cpus[1]


@pytest.mark.skipif(not TWO_CPUS, reason="pinning needs two CPUs")
def test_each_worker_and_all_its_threads_hold_a_cpu_of_its_own(server):
    proc, _ = server
    assert apart(cpus := pinned_apart(proc)), cpus
    for pid in workers_of(proc.pid):  # loop, query threads, uvicorn's own: all on the worker's CPU
        tasks = os.listdir(f"/proc/{pid}/task")
        assert len(tasks) > 2 and {frozenset(os.sched_getaffinity(int(t))) for t in tasks} == {
            frozenset(os.sched_getaffinity(pid))
        }


def start_serve(settings, port: int, *extra: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "regiongraph",
            "--data-dir",
            str(settings.data_dir),
            "--base-iri",
            settings.base_iri,
            "serve",
            *extra,
            "--port",
            str(port),
        ],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_second_serve_on_a_taken_port_fails_before_loading_with_a_clear_message(server, settings):
    _, url = server
    started = time.monotonic()
    second = start_serve(settings, int(url.rsplit(":", 1)[1]))  # without --no-load: it would load for a while
    assert second.wait(timeout=30) != 0
    assert "already in use" in second.stderr.read().decode() and time.monotonic() - started < 30


def confined_tasks(pid: int) -> list[int]:
    """Threads of ``pid`` that run under a seccomp filter (``Seccomp_filters`` of /proc, Linux ≥ 5.9)."""
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        status = Path(f"/proc/{pid}/task/{task}/status").read_text()
        filters = next((line.split()[1] for line in status.splitlines() if line.startswith("Seccomp_filters")), "0")
        if int(filters) > 0:
            out.append(int(task))
    return out


def test_every_worker_confines_its_event_loop_and_its_query_threads(server):
    proc, url = server
    httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"})
    for pid in workers_of(proc.pid):
        confined = confined_tasks(pid)
        assert pid in confined, "the event loop, where quick queries are evaluated"
        assert len(confined) >= 8 + 1 + 1, "the loop, the query threads and the update thread"
    assert not confined_tasks(proc.pid), "the supervisor is not confined"


def test_workers_die_with_their_supervisor_even_when_it_is_killed(settings):
    port = free_port()
    proc = start_serve(settings, port, "--no-load", env={"REGIONGRAPH_WORKERS": "2"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers_of(proc.pid)) < 2:
        time.sleep(0.2)
    workers = workers_of(proc.pid)
    assert len(workers) == 2
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers), "no orphan keeps serving"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
