"""Which queries a worker evaluates on its event loop instead of handing them to a query thread.

The hand-off to a thread and back costs more than a lookup's evaluation, but only a thread can
be left behind when a query overruns the time limit. So the loop evaluates two kinds of query
itself: single-pattern scans (:func:`._lexer.streams`), whose output keeps flowing, and query
texts that already finished well within a slice on the same snapshot. A snapshot never changes,
so the same text costs the same work on it again, and gives the same answer (unless it calls
``RAND()``, ``NOW()`` and the like, :func:`._lexer.volatile`).

The time slice is checked between written chunks (past it, the query starts over on a thread).
That guards a scan, whose chunks keep coming; a known text that sorts or groups writes nothing
until it is done, so what bounds it is the half slice it took last time, not the check.

The second fact saves more: an answer that was under the row cap last time is under it again,
so Oxigraph may write it whole into ``bytes`` (:meth:`QuickQueries.whole`), without the counting
sink the cap and the slice otherwise need, which costs a lookup a sixth of its time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from ._lexer import streams

#: Texts remembered per worker, and the longest one remembered: at most 16 MiB of keys.
SIZE, LONGEST = 2048, 8192

Key = tuple[Hashable, str, tuple[str, ...], tuple[str, ...]]


class QuickQueries:
    """The query texts seen to finish within half a slice, per snapshot, least recently used dropped first.

    For each it keeps whether the answer fitted under the row cap.
    """

    def __init__(self, *, size: int = SIZE, longest: int = LONGEST) -> None:
        self.size, self.longest = size, longest
        self._known: OrderedDict[Key, bool] = OrderedDict()

    def inline(self, key: Key) -> bool:
        """Whether the loop should try ``key`` itself: it streams, or it was quick before."""
        if key in self._known:
            self._known.move_to_end(key)
            return True
        return streams(key[1])

    def whole(self, key: Key) -> bool:
        """Whether ``key`` was quick and its whole answer fitted under the cap (so it will again)."""
        return self._known.get(key, False)

    def quick(self, key: Key, *, whole: bool = False) -> None:
        """``key`` finished well within a slice (``whole``: and its whole answer fitted under the cap).

        Kept only if its store names its content: only the same content costs the same again.
        """
        if key[0] is not None and len(key[1]) <= self.longest:
            self._known[key] = whole
            self._known.move_to_end(key)
            if len(self._known) > self.size:
                self._known.popitem(last=False)

    def slow(self, key: Key) -> None:
        """``key`` overran its slice: from now on it goes to a thread."""
        self._known.pop(key, None)
