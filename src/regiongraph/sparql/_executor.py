"""Daemon worker threads for queries, so a query past its time limit cannot hold the process open.

``concurrent.futures.ThreadPoolExecutor`` joins its threads at interpreter exit; a runaway
Oxigraph query would then keep a retiring server process alive. These threads are daemons:
when the process exits, they go with it, and so does the query.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any


class SaturatedError(Exception):
    """Every query slot is busy."""


class DaemonPool:
    """A fixed number of daemon threads with a bounded number of queries in flight.

    Args:
        size: threads, i.e. queries evaluated at once.
        name: thread name prefix, for debugging.
    """

    def __init__(self, size: int, *, name: str = "sparql") -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._slots = threading.BoundedSemaphore(size)
        for i in range(size):
            threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True).start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Run ``fn(*args)`` on a free thread; :class:`SaturatedError` if all are busy."""
        if not self._slots.acquire(blocking=False):
            raise SaturatedError
        future: Future = Future()
        self._jobs.put((future, fn, args))
        return future

    def _work(self) -> None:
        while True:
            future, fn, args = self._jobs.get()
            try:
                if future.set_running_or_notify_cancel():
                    future.set_result(fn(*args))
            except BaseException as exc:  # handed to the awaiting request, never lost
                future.set_exception(exc)
            finally:
                self._slots.release()
