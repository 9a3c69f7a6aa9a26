"""Run blocking store work off the event loop, on the limited runner every route shares (``api._runner``)."""

from __future__ import annotations

from .._runner import UnavailableError, run

__all__ = ["UnavailableError", "run"]
