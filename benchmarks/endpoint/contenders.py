"""The servers under test: RegionGraph, raw ``oxigraph serve`` and rdflib-endpoint, each in its own process tree."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from _harness import free_port, start_process, stop_process

from .data import ENTRY, SELECT_JSON, VENV_BIN, Data, log

__all__ = ["Contender", "free_port", "launch", "stop", "wait_ready"]  # free_port: the harness's, for old callers


def _tree(pid: int) -> Iterator[int]:
    """A process and all its descendants (from /proc); vanished ones are skipped."""
    stack = [pid]
    while stack:
        current = stack.pop()
        yield current
        with contextlib.suppress(OSError, ValueError):
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU a process tree has used so far."""
    ticks = 0
    for current in _tree(pid):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process tree."""
    total_kib = 0
    for current in _tree(pid):
        with contextlib.suppress(OSError, StopIteration, ValueError):
            status = Path(f"/proc/{current}/status").read_text()
            total_kib += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    return total_kib / 1024


def children_cpu_seconds() -> float:
    """CPU of the finished child processes of this one (wrk runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Contender:
    """One running server: what it is, where it answers, and what loading it cost."""

    name: str
    url: str
    process: subprocess.Popen
    log: Path
    parallel: bool = True
    load: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Budget:
    """How long and how large rdflib's load may get before it serves a subset instead."""

    seconds: float
    gib: float


def launch(name: str, cmd: Sequence[str], url: str, workdir: Path, env: dict[str, str] | None = None) -> Contender:
    """Start ``cmd`` in its own process group (it and its workers stop together); stderr to a log."""
    log_path = workdir / f"{name}.log"
    return Contender(name, url, start_process(cmd, log=log_path, env=env), log_path)


def wait_ready(contender: Contender, timeout: float) -> None:
    """Poll ``ASK {}`` until the server answers 200; fail with its log if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if contender.process.poll() is not None:
            tail = contender.log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{contender.name} exited with {contender.process.returncode}:\n{tail}")
        with contextlib.suppress(OSError):
            if fetch(contender.url, "ASK {}", SELECT_JSON, 5.0)[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{contender.name} did not answer within {timeout:.0f} s (log: {contender.log})")


def stop(contender: Contender) -> None:
    """SIGTERM to the contender's own process group, SIGKILL if it lingers."""
    stop_process(contender.process)


def start_regiongraph(data: Data, workers: int, settings: Sequence[str] = ()) -> Contender:
    """``python -m regiongraph serve --no-load`` over the published snapshot; default limits but the row cap.

    Args:
        settings: ``name=value`` RegionGraph settings for the server (``--setting``), e.g. ``query_timeout=120``.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGIONGRAPH_")}
    env["REGIONGRAPH_MAX_RESULT_ROWS"] = "1000000"
    for setting in settings:
        name, _, value = setting.partition("=")
        env[f"REGIONGRAPH_{name.strip().upper()}"] = value.strip()
    cmd = [
        sys.executable,
        "-m",
        "regiongraph",
        "--data-dir",
        str(data.regiongraph_dir),
        "serve",
        "--no-load",
        "--workers",
        str(workers),
        "--port",
        str(port),
    ]
    contender = launch(f"regiongraph-w{workers}", cmd, f"http://127.0.0.1:{port}/sparql", data.workdir, env)
    wait_ready(contender, 60)
    return contender


def oxigraph_binary() -> str:
    found = VENV_BIN / "oxigraph"
    return str(found) if found.exists() else (shutil.which("oxigraph") or "oxigraph")


def start_oxigraph(data: Data) -> Contender:
    """``oxigraph load`` the dump into a store of its own, then ``oxigraph serve --union-default-graph``.

    Without ``--timeout-s``: in 0.5.x it keeps one OS thread per query alive for the whole timeout, so at
    ~1,000 requests/s the server runs out of threads within seconds ("Resource temporarily unavailable") and dies.
    """
    location = data.workdir / "oxigraph"
    log("oxigraph load of the dump …")
    t0 = time.perf_counter()
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(location), "--file", str(data.dump)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    load = {"load_seconds": round(time.perf_counter() - t0, 1)}
    port = free_port()
    cmd = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    contender = launch("oxigraph", cmd, f"http://127.0.0.1:{port}/query", data.workdir)
    wait_ready(contender, 60)
    contender.load = load
    return contender


def start_rdflib(data: Data, budget: Budget) -> Contender:
    """rdflib-endpoint over the whole dump; past the budget, over the share of it that fits (said in the output)."""
    contender = _start_rdflib_once(data, budget, limit=None)
    if not contender.load.get("aborted"):
        return contender
    contender.process.wait()
    limit = int(data.quads * contender.load["parsed_share"] * 0.8)
    log(f"rdflib-endpoint: {contender.load['aborted']}; again with the first {limit:,} quads of the dump")
    return _start_rdflib_once(data, budget, limit=limit)


def _start_rdflib_once(data: Data, budget: Budget, limit: int | None) -> Contender:
    port, stats = free_port(), data.workdir / "rdflib-stats.json"
    stats.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        str(ENTRY),
        "--serve-rdflib",
        str(data.dump),
        "--port",
        str(port),
        "--stats",
        str(stats),
        "--max-load-seconds",
        str(budget.seconds),
        "--max-load-gib",
        str(budget.gib),
    ]
    cmd += ["--limit-quads", str(limit)] if limit else []
    log(f"rdflib-endpoint: parsing {limit or data.quads:,} quads into an rdflib Dataset (minutes) …")
    contender = launch("rdflib-endpoint", cmd, f"http://127.0.0.1:{port}/sparql", data.workdir)
    contender.parallel = False  # one process, one event loop; its async handler evaluates queries on the loop
    try:
        wait_ready(contender, budget.seconds + 600)
    except RuntimeError:
        if not (stats.exists() and json.loads(stats.read_text()).get("aborted")):
            raise
    contender.load = json.loads(stats.read_text())
    return contender


def serve_rdflib(dump: Path, port: int, stats: Path, limit: int | None, budget: Budget) -> None:
    """Child process: parse the dump into ``Dataset(default_union=True)``, then serve it with rdflib-endpoint."""
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    t0 = time.perf_counter()
    dataset = Dataset(default_union=True)
    with dump.open("rb") as source:
        loaded = _watch_load(source, dump.stat().st_size, stats, budget)
        if limit:
            dataset.parse(data=b"".join(_head(source, limit)).decode("utf-8"), format="nquads")
        else:
            dataset.parse(source=source, format="nquads")
        loaded.set()
    info = {
        "load_seconds": round(time.perf_counter() - t0, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "quads": sum(1 for _ in dataset.quads((None, None, None, None))),
        "triples": len(dataset),
        "subset_quads": limit,
    }
    stats.write_text(json.dumps(info))
    # As rdflib-endpoint's own `serve` command runs it: one uvicorn process, default logging.
    uvicorn.run(SparqlEndpoint(graph=dataset, path="/sparql"), host="127.0.0.1", port=port)


def _head(source: BinaryIO, lines: int) -> Iterator[bytes]:
    for _, line in zip(range(lines), source, strict=False):
        yield line


def _watch_load(source: BinaryIO, size: int, stats: Path, budget: Budget) -> threading.Event:
    """A watchdog: past the time or memory budget, note how far parsing got and exit with status 3."""
    done, t0 = threading.Event(), time.perf_counter()

    def watch() -> None:
        while not done.wait(1.0):
            elapsed, rss = time.perf_counter() - t0, tree_rss_mib(os.getpid())
            if elapsed > budget.seconds or rss > budget.gib * 1024:
                share = source.tell() / size if not source.closed else 1.0
                reason = f"load over budget after {elapsed:.0f} s at {rss:.0f} MiB ({share:.0%} parsed)"
                stats.write_text(json.dumps({"aborted": reason, "parsed_share": share}))
                os._exit(3)

    threading.Thread(target=watch, daemon=True).start()
    return done


def fetch(url: str, text: str, accept: str, timeout: float) -> tuple[int, bytes, float]:
    """One SPARQL GET: status, body, seconds."""
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': text})}", headers={"Accept": accept})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), time.perf_counter() - t0
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.perf_counter() - t0
