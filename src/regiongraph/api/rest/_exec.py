"""Run blocking store work off the event loop, on the query service's daemon threads, within its time limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request

from ...sparql._executor import SaturatedError

T = TypeVar("T")


class UnavailableError(Exception):
    """The store is busy or the work ran past the time limit: answered 503."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind, self.detail = kind, detail
        super().__init__(detail)


async def run(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` on a query thread; :class:`UnavailableError` when saturated or past ``query_timeout``."""
    service = request.app.state.queries
    try:
        return await service.call(fn, *args)
    except SaturatedError:
        raise UnavailableError("saturated", "all query slots are in use; retry shortly") from None
    except TimeoutError:
        raise UnavailableError("query-timeout", f"the request ran longer than {service.timeout:g} s") from None


__all__ = ["UnavailableError", "run"]
