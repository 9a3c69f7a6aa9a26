"""Every route's store work goes through one limited runner: the query service's threads (see ``sparql._executor``).

That gives catalogue pages, CKAN actions, REST lists, Linked-Data pages, search and named queries
the same time limit (``query_timeout``), the same concurrency cap (``query_threads``) and the same
bounded wait queue (``queue_depth``, ``queue_wait``) as ``/sparql``; beyond them, a 503 with
``Retry-After``. Past the time limit the client gets a 503 at once; unlike a runaway public query,
which retires its worker, a route's own work (bounded inputs, fixed queries) finishes on its thread,
so that what it computed for the snapshot serves the next request instead of dying with the worker.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request

from ..sparql import SaturatedError

T = TypeVar("T")
RETRY_AFTER = {"Retry-After": "1"}
#: Set while an answer of the snapshot cache is computed: its requests keep the time limit themselves
#: (``_cache.cached``), so the work itself runs to its end and serves them and the next ones.
IN_FLIGHT: contextvars.ContextVar[bool] = contextvars.ContextVar("in_flight", default=False)


class UnavailableError(Exception):
    """The runner is busy or the work ran past the time limit: answered 503 with ``Retry-After``."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind, self.detail = kind, detail
        super().__init__(detail)


async def run(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` on a query thread; :class:`UnavailableError` when saturated or past ``query_timeout``."""
    service = request.app.state.queries
    try:
        return await service.call(fn, *args, retire=False, limited=not IN_FLIGHT.get())
    except SaturatedError as exc:
        raise UnavailableError("saturated", f"{exc}; retry shortly") from None
    except TimeoutError:
        raise UnavailableError("query-timeout", f"the request ran longer than {service.timeout:g} s") from None


__all__ = ["IN_FLIGHT", "RETRY_AFTER", "UnavailableError", "run"]
