"""Every route's store work goes through one limited runner: the query service's threads (see ``sparql._executor``).

That gives catalogue pages, CKAN actions, REST lists, Linked-Data pages, search and named queries
the same time limit (``query_timeout``), the same concurrency cap (``query_threads``) and the same
bounded wait queue (``queue_depth``, ``queue_wait``) as ``/sparql``; beyond them, a 503 with
``Retry-After``. Past the time limit the client gets a 503 at once; unlike a runaway public query,
which retires its worker, a route's own work (bounded inputs, fixed queries) finishes on its thread,
so that what it computed for the snapshot serves the next request instead of dying with the worker.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response

from ..sparql._executor import SaturatedError
from ._cache import cached
from ._problem import problem

T = TypeVar("T")
RETRY_AFTER = {"Retry-After": "1"}


class UnavailableError(Exception):
    """The runner is busy or the work ran past the time limit: answered 503 with ``Retry-After``."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind, self.detail = kind, detail
        super().__init__(detail)


async def run(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` on a query thread; :class:`UnavailableError` when saturated or past ``query_timeout``."""
    service = request.app.state.queries
    try:
        return await service.call(fn, *args, retire=False)
    except SaturatedError as exc:
        raise UnavailableError("saturated", f"{exc}; retry shortly") from None
    except TimeoutError:
        raise UnavailableError("query-timeout", f"the request ran longer than {service.timeout:g} s") from None


async def respond_cached(request: Request, fn: Callable[..., Response], *args: Any, key: Hashable = ()) -> Response:
    """The response ``fn(*args)`` builds on the runner, cached per snapshot; a 503 problem when the runner is busy."""
    async def build() -> Response:
        try:
            return await run(request, fn, *args)
        except UnavailableError as exc:
            return problem(503, exc.kind, "Unavailable", exc.detail, headers=RETRY_AFTER)

    return await cached(request, build, key=key)


__all__ = ["RETRY_AFTER", "UnavailableError", "respond_cached", "run"]
