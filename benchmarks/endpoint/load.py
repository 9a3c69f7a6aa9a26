"""Load with wrk: one run per (query, concurrency, contender), interleaved, with the server's CPU per request."""

from __future__ import annotations

import contextlib
import json
import math
import os
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .answers import Verdict
from .contenders import Contender, children_cpu_seconds, fetch, tree_cpu_seconds
from .data import LUA, SELECT_JSON, Query, QueryFiles, log


@dataclass
class Run:
    """One timed wrk run: a contender, a query, a concurrency."""

    query: str
    contender: str
    connections: int
    threads: int
    seconds: int
    requests: int = 0
    rps: float = 0.0  # successful (2xx) answers per second
    p50_ms: float = math.nan
    p90_ms: float = math.nan
    p99_ms: float = math.nan
    mean_ms: float = math.nan
    errors: int = 0
    server_cpu_ms_per_request: float = math.nan
    wrk_cpu_pct: float = math.nan
    note: str = ""
    round: int = 1


@dataclass(frozen=True)
class Plan:
    """How long each run lasts."""

    duration: int
    warmup: int
    rdflib_duration: int
    slow_max_duration: int


def wrk(url: str, files: QueryFiles, accept: str, connections: int, seconds: int, timeout: int) -> dict:
    """Run wrk with ``benchmarks/wrk/sparql.lua``; returns what its ``done()`` printed."""
    threads = 1 if connections == 1 else 2
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        f"{timeout}s",
        "--latency",
        "-s",
        str(LUA),
        url,
        "--",
        str(files[0]),
        accept,
    ]
    cmd += [str(files[1])] if files[1] else []
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + timeout + 60)
    line = next(line for line in out.stdout.splitlines() if line.startswith("WRK_JSON "))
    return json.loads(line.removeprefix("WRK_JSON ")) | {"threads": threads}


def drain(contender: Contender, limit: float = 180.0) -> None:
    """Wait until the server has finished what wrk left in flight, so that it disturbs no later run.

    Closing a connection cancels no query (neither Oxigraph nor RegionGraph can stop one), so: one ``ASK {}``
    (queued behind the leftovers on a one-loop server), then until the process tree's CPU falls below 5 % of a core.
    """
    with contextlib.suppress(OSError):
        fetch(contender.url, "ASK {}", SELECT_JSON, 900)
    deadline, before = time.monotonic() + limit, tree_cpu_seconds(contender.process.pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = tree_cpu_seconds(contender.process.pid)
        if now - before < 0.025:
            return
        before = now


def measure(contender: Contender, query: Query, files: QueryFiles, connections: int, plan: Plan, single: float) -> Run:
    """Warm up, then one timed wrk run; a slow contender gets a longer run, so that a few answers complete."""
    queued = connections if not contender.parallel else max(1.0, connections / (os.cpu_count() or 1))
    duration = plan.duration if contender.parallel else plan.rdflib_duration
    duration = max(duration, min(plan.slow_max_duration, math.ceil(5 * single * queued)))
    timeout = max(15, math.ceil(2 * single * queued) + 5)
    if plan.warmup and single < plan.warmup:  # a slower answer was warm-up enough in the answer check
        wrk(contender.url, files, query.accept, connections, plan.warmup, timeout)
        drain(contender)
    server0, wrk0 = tree_cpu_seconds(contender.process.pid), children_cpu_seconds()
    raw = wrk(contender.url, files, query.accept, connections, duration, timeout)
    server, wrk_cpu = tree_cpu_seconds(contender.process.pid) - server0, children_cpu_seconds() - wrk0
    drain(contender)
    return to_run(raw, contender.name, query.name, connections, duration, server, wrk_cpu)


def measure_safely(
    contender: Contender, query: Query, files: QueryFiles, connections: int, plan: Plan, single: float
) -> Run:
    """:func:`measure`, but a failed wrk or a dead server becomes a note, not the end of the whole run."""
    failed = Run(query.name, contender.name, connections, 0, 0)
    if contender.process.poll() is not None:
        failed.note = f"not timed: the server exited ({contender.process.returncode}), see {contender.log.name}"
        return failed
    try:
        return measure(contender, query, files, connections, plan, single)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, StopIteration) as exc:
        output = getattr(exc, "stdout", None) or getattr(exc, "stderr", None) or ""
        failed.note = f"wrk failed: {str(output).strip()[-200:] or type(exc).__name__}"
        return failed


def to_run(
    raw: dict, contender: str, query: str, connections: int, duration: int, server_cpu: float, wrk_cpu: float
) -> Run:
    seconds, requests = raw["duration_us"] / 1e6, raw["requests"]
    sockets = raw["connect_errors"] + raw["read_errors"] + raw["write_errors"]
    run = Run(
        query,
        contender,
        connections,
        raw["threads"],
        duration,
        requests,
        (requests - raw["status_errors"]) / seconds,  # answers, not refusals
        errors=sockets + raw["status_errors"] + raw["timeouts"],
        wrk_cpu_pct=100 * wrk_cpu / seconds,
    )
    if requests:
        run.p50_ms, run.p90_ms, run.p99_ms = (raw[k] / 1000 for k in ("p50_us", "p90_us", "p99_us"))
        run.mean_ms = raw["mean_us"] / 1000
        # a process that exited during the run (a RegionGraph worker retiring after a timeout) takes its CPU along
        run.server_cpu_ms_per_request = 1000 * server_cpu / requests if server_cpu >= 0 else math.nan
    if run.errors:
        run.note = (
            f"{raw['status_errors']} non-2xx (not in req/s; in the latencies), {raw['timeouts']} timeouts, "
            f"{sockets} socket errors"
        )
    return run


def run_matrix(
    contenders: Sequence[Contender],
    queries: Sequence[Query],
    files: dict[str, QueryFiles],
    verdicts: dict[str, dict[str, Verdict]],
    concurrency: Sequence[int],
    plan: Plan,
    rounds: int = 1,
) -> list[Run]:
    """Every query × concurrency × round × contender, interleaved so that drift hits every contender alike."""
    runs = []
    for query in queries:
        for connections in concurrency:
            for round_ in range(1, rounds + 1):
                for contender in contenders:
                    run = _timed(contender, query, files, verdicts, connections, plan)
                    run.round = round_
                    if run.requests:
                        log(
                            f"{query.name} c{connections} {contender.name}"
                            + (f" round {round_}" if rounds > 1 else "")
                            + f": {run.rps:.1f} req/s, p50 {run.p50_ms:.2f} ms, p99 {run.p99_ms:.2f} ms {run.note}"
                        )
                    runs.append(run)
    return runs


def _timed(
    contender: Contender,
    query: Query,
    files: dict[str, QueryFiles],
    verdicts: dict[str, dict[str, Verdict]],
    connections: int,
    plan: Plan,
) -> Run:
    verdict = verdicts[query.name][contender.name]
    if not verdict.timed:
        return Run(query.name, contender.name, connections, 0, 0, note=f"not timed: answer {verdict.status}")
    return measure_safely(contender, query, files[query.name], connections, plan, verdict.seconds)


def _iteration_frame() -> str:
    """py-spy's name of the line where ``Cap.take`` pulls the next solution out of Oxigraph."""
    import regiongraph

    # the source file is read, never imported: a benchmark uses regiongraph's public names only
    source = Path(regiongraph.__file__).parent / "sparql" / "_results.py"
    lines = source.read_text(encoding="utf-8").splitlines()
    number = next((i for i, line in enumerate(lines, 1) if "for solution in solutions" in line), 0)
    return f"Cap.take (regiongraph/sparql/_results.py:{number})"
