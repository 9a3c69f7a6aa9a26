"""What every benchmark shares: the repository's folders, a free port, starting and stopping a server, peak RSS
and a timing table.

The benchmarks are scripts (``python benchmarks/<name>.py``, as the README documents), so Python puts
``benchmarks/`` on the import path and nothing else; the test support they reuse (``tests/support/``: the local
CKAN portal, the synthetic datasets) is reached from here, the one place that adds ``tests/`` to the path.
Everything a benchmark takes from ``regiongraph`` is a public name.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
if str(TESTS) not in sys.path:  # the one path edit of the benchmarks (see the module's docstring)
    sys.path.insert(0, str(TESTS))

from support.helpers import free_port  # noqa: E402 - needs the path above; the one free_port of tests and benchmarks

__all__ = ["ROOT", "TESTS", "free_port", "peak_rss_mib", "start_process", "stop_process", "table"]


def start_process(
    cmd: Sequence[str], *, log: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """``cmd`` in its own process group, so that it and its workers stop together; stderr to ``log``."""
    if log is None:
        return subprocess.Popen(list(cmd), env=env, start_new_session=True)
    with log.open("wb") as log_file:
        return subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL, stderr=log_file, env=env, start_new_session=True)


def stop_process(process: subprocess.Popen[bytes], *, grace: float = 15.0) -> None:
    """SIGTERM to the process group, SIGKILL if it lingers past ``grace`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def peak_rss_mib(*, children: bool = False) -> float:
    """Peak resident memory of this process (or of its finished children) in MiB; Linux reports KiB."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, columns as wide as their widest cell, numbers right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(_is_number(row[i]) for row in cells[1:]) for i in range(len(headers))]
    lines = [
        "  ".join(c.rjust(w) if n else c.ljust(w) for c, w, n in zip(row, widths, numeric, strict=True))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _is_number(text: str) -> bool:
    try:
        float(text.rstrip("%×x"))
    except ValueError:
        return False
    return True
