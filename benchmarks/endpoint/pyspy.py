"""py-spy profile of RegionGraph's workers under load: which thread holds the GIL, and doing what."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .contenders import Contender, _tree
from .data import VENV_BIN, Query, QueryFiles, log
from .load import _iteration_frame, wrk

#: Where a RegionGraph worker's GIL time goes: the innermost frame that matches (buckets tried in this order).
#: Oxigraph evaluates lazily, while ``Cap.take`` iterates; pyoxigraph releases the GIL while it evaluates, so the
#: samples on that line are the Python side of each ``next()``: the call, the GIL hand-back, the solution object.
BUCKETS = (
    ("snapshot check per query: stat() of CURRENT (snapshots.py)", ("regiongraph/store/snapshots.py",)),
    ("VALUES injection (store/_binding.py)", ("regiongraph/store/_binding.py",)),
    ("oxigraph: parse + plan in Store.query", ("query (regiongraph/store/embedded.py",)),
    ("oxigraph: next() call + solution object (PyO3)", (_iteration_frame(),)),
    ("results: JSON rows in Python (_results.py, json)", ("regiongraph/sparql/_results.py",)),
    ("CONSTRUCT: iterate + serialise (service._graph)", ("_graph (regiongraph/sparql/service.py",)),
    ("federation guard: SPARQL lexer (_lexer.py)", ("regiongraph/sparql/_lexer.py",)),
    ("negotiation, Answer, limits (service.py)", ("regiongraph/sparql/service.py",)),
    ("query thread pool hand-off (_executor.py)", ("regiongraph/sparql/_executor.py",)),
    ("handler (api/sparql/)", ("regiongraph/api/sparql/",)),
    ("access log (logging)", ("logging/__init__.py", "uvicorn/logging.py")),
    ("FastAPI/Starlette: routing, parameters, response", ("fastapi/", "starlette/")),
    ("uvicorn: HTTP parsing, transport", ("uvicorn/",)),
    ("asyncio event loop", ("asyncio/",)),
    ("threading (pool threads waiting/waking)", ("threading.py", "queue.py")),
)


RATE = 250  # py-spy samples per second


def worker_pids(pid: int) -> list[int]:
    """The uvicorn workers under a ``regiongraph serve`` supervisor (not multiprocessing's helpers)."""
    children = [c for c in _tree(pid) if c != pid]
    return [c for c in children if "resource_tracker" not in Path(f"/proc/{c}/cmdline").read_text(errors="replace")]


def profile_regiongraph(
    contender: Contender, query: Query, files: QueryFiles, connections: int, seconds: int, workdir: Path
) -> dict:
    """py-spy every worker while wrk runs ``query``: who holds the GIL, doing what (``--gil``: no idle samples)."""
    spy = str(VENV_BIN / "py-spy") if (VENV_BIN / "py-spy").exists() else (shutil.which("py-spy") or "py-spy")
    pids = worker_pids(contender.process.pid)
    log(f"profiling {contender.name} ({len(pids)} workers) during {seconds} s of {query.name} at c{connections} …")
    outputs = [workdir / f"py-spy-{query.name}-{pid}.txt" for pid in pids]
    spies = [
        subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(seconds),
                "--rate",
                str(RATE),
                "--format",
                "raw",
                "--threads",
                "--gil",
                "--nonblocking",
                "--output",
                str(out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid, out in zip(pids, outputs, strict=True)
    ]
    run = wrk(contender.url, files, query.accept, connections, seconds, 15)
    for process in spies:
        process.wait(60)
    stacks = [line.rsplit(" ", 1) for out in outputs if out.exists() for line in out.read_text().splitlines()]
    found = summarise(stacks)
    return found | {
        "query": query.name,
        "connections": connections,
        "seconds": seconds,
        "workers": len(pids),
        "gil_held_pct": round(100 * found["samples"] / (RATE * seconds * max(1, len(pids))), 1),
        "requests": run["requests"],
        "rps": round(run["requests"] / seconds, 1),
    }


def summarise(stacks: Sequence[Sequence[str]]) -> dict:
    """Samples by thread, by part (innermost matching frame), and the functions with the most own time."""
    total = sum(int(count) for _, count in stacks) or 1
    threads: dict[str, int] = {}
    parts: dict[str, int] = {}
    own: dict[str, int] = {}
    for stack, count in stacks:
        frames = stack.split(";")
        kind = "query threads (sparql-*)" if ": sparql-" in frames[0] else frames[0].split(": ", 1)[-1]
        threads[kind] = threads.get(kind, 0) + int(count)
        part = next(
            (name for frame in reversed(frames[1:]) for name, keys in BUCKETS if any(k in frame for k in keys)), "other"
        )
        parts[part] = parts.get(part, 0) + int(count)
        leaf = frames[-1].rsplit(":", 1)[0] + ")" if frames[-1].endswith(")") else frames[-1]
        own[leaf] = own.get(leaf, 0) + int(count)

    def share(counts: dict[str, int], top: int = 15) -> dict[str, float]:
        return {k: round(100 * v / total, 1) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:top]}

    return {"samples": total, "threads_pct": share(threads), "parts_pct": share(parts), "own_time_pct": share(own)}


def print_profile(profiles: Sequence[dict]) -> None:
    for p in profiles:
        print(
            f"\nprofile of {p['contender']}: {p['query']} at c{p['connections']}, {p['seconds']} s, {p['rps']} req/s "
            f"under py-spy --gil; the GIL was held {p['gil_held_pct']} % of the time per worker "
            f"({p['samples']} samples, {p['workers']} workers), and spent so:"
        )
        for title, key in (
            ("by thread holding it", "threads_pct"),
            ("by part (innermost matching frame)", "parts_pct"),
            ("by function, own time", "own_time_pct"),
        ):
            print(f"  {title}:")
            for name, pct in p[key].items():
                print(f"    {pct:5.1f} %  {name}")
