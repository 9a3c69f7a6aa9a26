"""Retries for portal requests: exponential backoff on 5xx, connection errors and time-outs; 429 honours Retry-After.

Both portal harvesters (CKAN through ckanapi/requests, DCAT through httpx) classify their
failures into :class:`Transient` (worth another try, maybe after a server-given pause) or
:class:`Fatal` (the same request will fail again) and run each request through :func:`retrying`.
A DCAT page that arrived whole but does not parse is :class:`Fatal` (the same bytes fail the same way);
a body cut off in transit (fewer bytes than announced) raises in the HTTP client and is transient.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TypeVar

T = TypeVar("T")
#: Statuses worth another try: the server is overloaded or broken for a moment.
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: The longest pause a Retry-After header may impose; a longer one counts as a failure now.
MAX_RETRY_AFTER = 120.0


class Transient(Exception):  # noqa: N818 — a classification, raised only between this module and its callers
    """A failure worth another try.

    Args:
        wait: the server's Retry-After in seconds, if it gave one.
        shrink: a smaller request might succeed (5xx, time-out, broken body), unlike a refused connection.
    """

    def __init__(self, message: str, wait: float | None = None, *, shrink: bool = True) -> None:
        super().__init__(message)
        self.wait, self.shrink = wait, shrink


class Fatal(Exception):  # noqa: N818
    """A failure another try would repeat (4xx, a refused query)."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently one request is tried.

    Args:
        retries: further attempts after the first.
        backoff: pause before the first retry in seconds; doubles each time.
        max_backoff: the longest pause between attempts.
    """

    retries: int = 4
    backoff: float = 1.0
    max_backoff: float = 30.0

    def delay(self, attempt: int, wait: float | None) -> float:
        """Pause before retry number ``attempt`` (0-based); a server's Retry-After wins when longer."""
        own = min(self.backoff * (2**attempt), self.max_backoff)
        return max(own, wait) if wait is not None else own


class RetriesExhausted(Exception):  # noqa: N818
    """Every attempt failed; ``attempts`` is how many were made, the message is the last failure."""

    def __init__(self, message: str, attempts: int, *, shrink: bool) -> None:
        super().__init__(f"{message} (after {attempts} attempt{'s' if attempts > 1 else ''})")
        self.attempts, self.shrink = attempts, shrink


def retrying(call: Callable[[], T], policy: RetryPolicy, *, sleep: Callable[[float], None] = time.sleep) -> T:
    """``call()``, tried again after :class:`Transient` failures as ``policy`` allows.

    Raises:
        RetriesExhausted: the last attempt failed transiently too.
        Fatal: a failure no retry can fix (raised at once).
    """
    for attempt in range(policy.retries + 1):
        try:
            return call()
        except Transient as exc:
            if attempt == policy.retries or (exc.wait is not None and exc.wait > MAX_RETRY_AFTER):
                raise RetriesExhausted(str(exc), attempt + 1, shrink=exc.shrink) from exc
            sleep(policy.delay(attempt, exc.wait))
    raise AssertionError("unreachable: the last attempt returns or raises")


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; ``None`` if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def classify_status(status: int, headers: Mapping[str, str] | None, where: str) -> Exception | None:
    """The failure an HTTP status means, or ``None`` for a success."""
    if status < 400:
        return None
    if status in RETRY_STATUS:
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        wait = retry_after(lowered.get("retry-after")) if status in (429, 503) else None
        return Transient(f"{where}: HTTP {status}", wait)
    return Fatal(f"{where}: HTTP {status}")
