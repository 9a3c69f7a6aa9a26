"""A target CKAN reached through ckanapi, with retries for what passes (5xx, 429, lost connections).

A 403 becomes :class:`TokenRejectedError` (the token lacks rights; nothing more is tried), a
409 stays ckanapi's ``ValidationError`` for the caller to report; other answers are final.
"""

from __future__ import annotations

import ast
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ckanapi
import requests

from .. import __version__
from ..errors import SyncError, TokenRejectedError


def _status(exc: ckanapi.CKANAPIError) -> int | None:
    """The HTTP status ckanapi put in a generic error (``repr([url, status, body])``), if any."""
    try:
        parts = ast.literal_eval(str(exc.args[0])) if exc.args else None
    except (ValueError, SyntaxError):
        return None
    return parts[1] if isinstance(parts, list) and len(parts) > 1 and isinstance(parts[1], int) else None


def _transient(exc: Exception) -> bool:
    if isinstance(exc, requests.exceptions.ConnectionError | requests.exceptions.Timeout):
        return True
    if type(exc) is ckanapi.CKANAPIError:
        status = _status(exc)
        return status is None or status >= 500 or status == 429
    return False


@dataclass
class Target:
    """One CKAN portal to write to.

    Args:
        url: the portal's root URL.
        token: its API token (sent as ``Authorization``).
        retries: further attempts after a transient failure.
        backoff: seconds before the first retry; doubled each time.
        sleep: how to wait (tests pass a recording function).
    """

    url: str
    token: str | None
    retries: int = 3
    backoff: float = 0.5
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self.client = ckanapi.RemoteCKAN(self.url, apikey=self.token, user_agent=f"regiongraph-sync/{__version__}")
        self.attempts = 0

    def call(self, action: str, **params: Any) -> Any:
        """Run ``action``, retrying transient failures with exponential backoff.

        Raises:
            TokenRejectedError: the target answered 403.
            SyncError: the call still failed after the retries, or failed for good.
            ckanapi.NotFound, ckanapi.ValidationError: as the target answered.
        """
        delay = self.backoff
        for attempt in range(self.retries + 1):
            self.attempts += 1
            try:
                return self.client.call_action(action, params)
            except ckanapi.NotAuthorized as exc:
                raise TokenRejectedError(
                    f"{action}: the target refused the token (403); it lacks the rights to {action} ({exc})"
                ) from exc
            except (ckanapi.NotFound, ckanapi.ValidationError):
                raise
            except (ckanapi.CKANAPIError, requests.exceptions.RequestException) as exc:
                if not _transient(exc) or attempt == self.retries:
                    raise SyncError(f"{action} failed after {attempt + 1} attempt(s): {exc}") from exc
                self.sleep(delay)
                delay *= 2
        raise SyncError(f"{action}: no attempt was made")  # unreachable: the loop returns or raises
