"""Sorting more lines than fit in memory: sorted runs on disk, merged in one pass (an external merge sort)."""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

#: Bytes of lines held before a sorted run is written out (about twice that in Python objects).
RUN_BYTES = 32_000_000


class ExternalSort:
    """Collects byte lines (each ending in ``\\n``) and gives them back sorted, each once.

    Memory is bounded by ``run_bytes`` while adding, and by one buffer per run while merging.

    Args:
        folder: where the runs are written (removed with the object's context).
        run_bytes: bytes of lines kept in memory before a run is written.
    """

    def __init__(self, folder: Path, *, run_bytes: int = RUN_BYTES) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix=".sort-", dir=folder))
        self._run_bytes = run_bytes
        self._lines: list[bytes] = []
        self._size = 0
        self._runs: list[Path] = []

    def __enter__(self) -> ExternalSort:
        return self

    def __exit__(self, *exc: object) -> None:
        for run in self._runs:
            run.unlink(missing_ok=True)
        self._folder.rmdir()

    def extend(self, lines: Iterable[bytes]) -> None:
        for line in lines:
            self._lines.append(line)
            self._size += len(line)
        if self._size >= self._run_bytes:
            self._spill()

    def _spill(self) -> None:
        self._lines.sort()
        run = self._folder / f"run-{len(self._runs):05d}"
        with run.open("wb") as out:
            out.writelines(self._lines)
        self._runs.append(run)
        self._lines, self._size = [], 0

    def sorted(self) -> Iterator[bytes]:
        """Every line added, in byte order, duplicates dropped (a dataset is a set of quads)."""
        self._lines.sort()
        with ExitStack() as stack:
            files: list[BinaryIO] = [stack.enter_context(run.open("rb", buffering=1 << 20)) for run in self._runs]
            previous = None
            for line in heapq.merge(self._lines, *files) if files else self._lines:
                if line != previous:
                    yield line
                    previous = line
