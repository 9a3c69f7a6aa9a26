"""The limited runner: daemon worker threads, a concurrency cap, a bounded wait queue and a time limit per job.

``concurrent.futures.ThreadPoolExecutor`` joins its threads at interpreter exit; a runaway
Oxigraph query would then keep a retiring server process alive. These threads are daemons:
when the process exits, they go with it, and so does the query.

Beyond ``size`` jobs at once, up to ``queue`` more wait (first come, first served) for at most
``wait`` seconds each; a job that finds the queue full, or waits too long, fails with
:class:`SaturatedError` (answered 503 with ``Retry-After``). A job's time limit starts when it
starts running, not while it waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue as _queue
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from ._memory import TRIM_AFTER, release_free_memory


class SaturatedError(Exception):
    """Every slot is busy and the wait queue is full, or the job waited longer than allowed."""


class Job:
    """One submitted call; ``future`` settles with its result on the loop that submitted it."""

    __slots__ = ("args", "fn", "future", "loop", "timeout", "timer")

    def __init__(
        self, loop: asyncio.AbstractEventLoop, fn: Callable[..., Any], args: tuple, timeout: float | None
    ) -> None:
        self.loop, self.fn, self.args, self.timeout = loop, fn, args, timeout
        self.future: asyncio.Future = loop.create_future()
        self.timer: asyncio.TimerHandle | None = None

    def began(self) -> None:
        """On the loop: the job left the queue for a thread; its time limit starts now."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.timeout is not None and not self.future.done():
            self.timer = self.loop.call_later(self.timeout, _fail, self.future, TimeoutError())

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()


class DaemonPool:
    """A fixed number of daemon threads with a bounded number of jobs in flight and waiting.

    Args:
        size: threads, i.e. jobs run at once.
        name: thread name prefix, for debugging.
        queue: jobs that may wait for a thread (0: none wait, a busy pool refuses at once).
        wait: seconds a job may wait.
        initializer: called first on every thread (e.g. :func:`._sandbox.confine_thread`).
    """

    def __init__(
        self,
        size: int,
        *,
        name: str = "sparql",
        queue: int = 0,
        wait: float = 0.0,
        initializer: Callable[[], object] | None = None,
    ) -> None:
        self._jobs: _queue.SimpleQueue = _queue.SimpleQueue()
        # A counter under a plain lock: threading's semaphores are Python code around a Condition,
        # and the slot is taken and given back once per job.
        self._size, self._busy, self._lock = size, 0, threading.Lock()
        self._waiting: deque[Job] = deque()
        self.queue, self.wait = queue, wait
        for i in range(size):
            threading.Thread(target=self._work, args=(initializer,), name=f"{name}-{i}", daemon=True).start()

    @property
    def waiting(self) -> int:
        """Jobs waiting for a thread now."""
        return len(self._waiting)

    def submit(self, fn: Callable[..., Any], *args: Any, timeout: float | None = None) -> Job:
        """Run ``fn(*args)`` on a free thread, or queue it; the result arrives on the running loop's future.

        Args:
            timeout: seconds it may run; past them the future fails with :class:`TimeoutError`.

        Raises:
            SaturatedError: all threads are busy and the queue is full.
        """
        job = Job(asyncio.get_running_loop(), fn, args, timeout)
        with self._lock:
            if self._busy < self._size:
                self._busy += 1
                start = True
            elif len(self._waiting) < self.queue:
                self._waiting.append(job)
                start = False
            else:
                raise SaturatedError("every query slot is in use and the wait queue is full")
        if start:
            job.began()
            self._jobs.put(job)
        else:
            job.timer = job.loop.call_later(self.wait, self._give_up, job)
        return job

    def withdraw(self, job: Job) -> None:
        """The caller no longer wants ``job``: drop it if it is still waiting."""
        with self._lock, contextlib.suppress(ValueError):
            self._waiting.remove(job)
        job.close()

    def _give_up(self, job: Job) -> None:
        with self._lock:
            try:
                self._waiting.remove(job)
            except ValueError:  # a thread took it meanwhile: began() is on its way
                return
        _fail(job.future, SaturatedError(f"no query slot became free within {self.wait:g} s"))

    def _work(self, initializer: Callable[[], object] | None) -> None:
        if initializer is not None:
            initializer()
        while True:
            job: Job | None = self._jobs.get()
            while job is not None:
                started = time.perf_counter()
                try:
                    outcome, failed = job.fn(*job.args), False
                except BaseException as exc:  # handed to the awaiting request, never lost
                    outcome, failed = exc, True
                with self._lock:  # the slot is free (or passed on) before the caller hears of the answer
                    following = self._waiting.popleft() if self._waiting else None
                    if following is None:
                        self._busy -= 1
                # RuntimeError: the loop has closed (a timed-out job outlived it), nobody awaits this answer.
                with contextlib.suppress(RuntimeError):
                    job.loop.call_soon_threadsafe(_settle, job, outcome, failed)
                if following is not None:  # the slot passes straight on to the job that waited longest
                    with contextlib.suppress(RuntimeError):
                        following.loop.call_soon_threadsafe(following.began)
                del outcome  # the answer's bytes belong to the request now, not to this thread
                if time.perf_counter() - started > TRIM_AFTER:  # a large query's freed memory back to the system
                    release_free_memory()
                job = following


def _fail(future: asyncio.Future, error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)


def _settle(job: Job, outcome: Any, failed: bool) -> None:
    job.close()
    if job.future.done():  # the request timed out and gave up on this answer
        return
    if failed:
        job.future.set_exception(outcome)
    else:
        job.future.set_result(outcome)


__all__ = ["DaemonPool", "Job", "SaturatedError"]
