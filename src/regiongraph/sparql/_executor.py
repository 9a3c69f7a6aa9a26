"""Daemon worker threads for queries, so a query past its time limit cannot hold the process open.

``concurrent.futures.ThreadPoolExecutor`` joins its threads at interpreter exit; a runaway
Oxigraph query would then keep a retiring server process alive. These threads are daemons:
when the process exits, they go with it, and so does the query.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from ._memory import TRIM_AFTER, release_free_memory


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
        # A counter under a plain lock: threading's semaphores are Python code around a Condition,
        # and the slot is taken and given back once per query.
        self._size, self._busy, self._lock = size, 0, threading.Lock()
        for i in range(size):
            threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True).start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> asyncio.Future:
        """Run ``fn(*args)`` on a free thread; the result arrives on the running loop's future.

        Raises:
            SaturatedError: all threads are busy.
        """
        with self._lock:
            if self._busy >= self._size:
                raise SaturatedError
            self._busy += 1
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._jobs.put((loop, future, fn, args))
        return future

    def _work(self) -> None:
        while True:
            loop, future, fn, args = self._jobs.get()
            started = time.perf_counter()
            try:
                outcome, failed = fn(*args), False
            except BaseException as exc:  # handed to the awaiting request, never lost
                outcome, failed = exc, True
            finally:
                with self._lock:
                    self._busy -= 1
            # RuntimeError: the loop has closed (a timed-out query outlived it), nobody awaits this answer.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, future, outcome, failed)
            del outcome  # the answer's bytes belong to the request now, not to this thread
            if time.perf_counter() - started > TRIM_AFTER:  # a large query's freed memory back to the system
                release_free_memory()


def _settle(future: asyncio.Future, outcome: Any, failed: bool) -> None:
    if future.done():  # the request timed out and gave up on this answer
        return
    if failed:
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
