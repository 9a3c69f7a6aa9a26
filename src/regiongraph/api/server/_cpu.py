"""One CPU per worker process, so that a query's hand-off from the event loop to its thread stays on one core.

A worker's event loop gives each query to a pool thread (the thread is what the time limit
needs). Measured on a 2-core VM, that hand-off cost more than the lookup itself whenever the
thread woke on the other core: waking an idle core and refilling its caches added 200–300 µs
to a 450 µs lookup and 600 µs to a CONSTRUCT, and none of it when loop and threads shared a
core. So, when there are no more workers than CPUs, each worker claims a CPU of its own with a
lock file (released by the kernel when the process ends, so a replacement takes the CPU over)
and binds all its threads to it. The workers together still use every CPU.

Since lookups and other quick queries stay on the event loop (``regiongraph.sparql._inline``),
few hand-offs are left, and binding now costs more than it saves where a client shares the host:
the scheduler can no longer move a worker off the client's CPU. Hence ``pin_workers`` is off by
default.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from ...config import Settings

#: How long a replacement worker keeps trying for a CPU its retiring predecessor still holds.
RETRY_SECONDS, RETRY_EVERY = 15.0, 0.5
_held: list[IO[str]] = []  # the lock of the claimed CPU, open for the life of the process


def claim_cpu(settings: Settings) -> None:
    """Bind this worker to a free CPU now, or as soon as one frees up; nothing if pinning does not apply."""
    if not settings.pin_workers or not hasattr(os, "sched_setaffinity"):
        return
    cpus = sorted(os.sched_getaffinity(0))
    if settings.workers > len(cpus) or len(cpus) < 2:
        return
    folder = Path(tempfile.gettempdir()) / f"regiongraph-{os.getuid()}-{settings.port}"
    folder.mkdir(exist_ok=True)
    if not _try(folder, cpus):
        threading.Thread(target=_retry, args=(folder, cpus), name="claim-cpu", daemon=True).start()


def _try(folder: Path, cpus: list[int]) -> bool:
    for cpu in cpus:
        handle = (folder / f"cpu-{cpu}.lock").open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _held.append(handle)
        _bind_all_threads(cpu)
        return True
    return False


def _retry(folder: Path, cpus: list[int]) -> None:
    """A replacement starts while the worker it replaces still exits (and holds its CPU) for a few seconds."""
    for _ in range(int(RETRY_SECONDS / RETRY_EVERY)):
        time.sleep(RETRY_EVERY)
        if _try(folder, cpus):
            return


def _bind_all_threads(cpu: int) -> None:
    """``sched_setaffinity`` binds one thread; the pool threads exist already, so every task is bound."""
    for task in os.listdir("/proc/self/task"):
        with contextlib.suppress(OSError):  # a thread that has just ended
            os.sched_setaffinity(int(task), {cpu})
