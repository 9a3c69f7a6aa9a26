"""The limited runner: a concurrency cap, a bounded wait queue with a maximum wait, and a time limit per job."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from regiongraph.sparql._executor import DaemonPool, SaturatedError


def blocker():
    gate = threading.Event()
    return gate, lambda: gate.wait(10) and "done"


def test_beyond_capacity_jobs_wait_in_turn_and_beyond_the_queue_they_are_refused():
    pool = DaemonPool(1, queue=2, wait=5.0)
    gate, slow = blocker()

    async def scenario():
        first = pool.submit(slow)
        second, third = pool.submit(lambda: "second"), pool.submit(lambda: "third")
        assert pool.waiting == 2
        with pytest.raises(SaturatedError):
            pool.submit(lambda: "fourth")
        gate.set()
        return await first.future, await second.future, await third.future

    assert asyncio.run(scenario()) == ("done", "second", "third")


def test_a_job_waits_at_most_the_maximum_wait():
    pool = DaemonPool(1, queue=4, wait=0.2)
    gate, slow = blocker()

    async def scenario():
        first = pool.submit(slow)
        started = time.monotonic()
        waiting = pool.submit(lambda: "never")
        with pytest.raises(SaturatedError, match=r"within 0\.2"):
            await waiting.future
        waited = time.monotonic() - started
        gate.set()
        return await first.future, waited, pool.waiting

    done, waited, left = asyncio.run(scenario())
    assert done == "done" and 0.15 < waited < 5 and left == 0


def test_the_time_limit_starts_when_a_job_runs_not_while_it_waits():
    pool = DaemonPool(1, queue=1, wait=5.0)

    async def scenario():
        first = pool.submit(time.sleep, 0.3, timeout=5)
        second = pool.submit(lambda: "in time", timeout=0.5)  # waits 0.3 s, then runs in no time
        third_pool = DaemonPool(1)
        overrun = third_pool.submit(time.sleep, 2, timeout=0.1)
        with pytest.raises(TimeoutError):
            await overrun.future
        return await first.future, await second.future

    assert asyncio.run(scenario()) == (None, "in time")


def test_a_withdrawn_waiting_job_never_runs():
    pool = DaemonPool(1, queue=2, wait=5.0)
    gate, slow = blocker()
    ran: list[str] = []

    async def scenario():
        first = pool.submit(slow)
        waiting = pool.submit(lambda: ran.append("ran"))
        pool.withdraw(waiting)
        gate.set()
        await first.future
        await asyncio.sleep(0.1)

    asyncio.run(scenario())
    assert ran == [] and pool.waiting == 0
