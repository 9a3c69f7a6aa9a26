"""Blocking store work for the pages: on the query service's threads, under its time limit, as REST runs it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request

from ..api.rest import UnavailableError, run

T = TypeVar("T")

__all__ = ["UnavailableError", "blocking"]


async def blocking(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` on a query thread; :class:`UnavailableError` (a 503 page) when busy or too slow."""
    return await run(request, fn, *args)
