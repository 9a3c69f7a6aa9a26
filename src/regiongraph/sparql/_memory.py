"""Give the memory a large query freed back to the system, so a worker does not keep its peak.

Oxigraph allocates through the C library. glibc keeps what a query's joins and sorts freed
in its arenas (one per query thread) and hands little of it back, so each worker's resident
memory stayed near its largest query's peak. ``malloc_trim`` returns the free pages; it runs
only after queries long enough that its milliseconds do not count, and after their answer is
on its way.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable

#: Seconds a query must have taken before its thread trims the heap afterwards.
TRIM_AFTER = 0.25


def _find_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or ``None`` (another C library, or another system)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None)
    except OSError:
        return None


_TRIM = _find_trim()


def release_free_memory() -> bool:
    """Hand the C heap's free pages back to the system; whether there was anything to give (and a way)."""
    return bool(_TRIM(0)) if _TRIM is not None else False


__all__ = ["TRIM_AFTER", "release_free_memory"]
