"""The store's write lock says who holds it: PID, command and since when, kept in the lock file itself.

A second writer then does not wait without a word (issue 15): it can say
``waiting for the store lock held by PID 4711 (regiongraph harvest opennrw) since 14:02:07 …``,
or with ``--no-wait`` fail at once with the same facts. The lock is ``flock`` on the file, so
it goes with its holder's process, killed or not; the text in the file is only the holder's
own account and is rewritten by every new holder.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from ..errors import StoreLockedError

#: Characters of the holder's command line kept in the lock file.
COMMAND_CHARS = 200


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds the write lock, as the holder wrote it (``None`` fields: it has not written yet)."""

    pid: int | None
    command: str | None
    since: str | None

    def describe(self) -> str:
        """``PID 4711 (regiongraph harvest opennrw) since 2026-12-07 14:02:07 UTC``, as far as known."""
        if self.pid is None:
            return "another process"
        parts = [f"PID {self.pid}"]
        if self.command:
            parts.append(f"({self.command})")
        if self.since:
            parts.append(f"since {self.since}")
        return " ".join(parts)


def read_holder(lock: IO[str] | Path) -> LockHolder:
    """The holder's account in the lock file; an empty or unreadable one is an unknown holder."""
    try:
        text = lock.read_text(encoding="utf-8") if isinstance(lock, Path) else _reread(lock)
        data = json.loads(text)
    except (OSError, ValueError):
        return LockHolder(None, None, None)
    if not isinstance(data, dict):
        return LockHolder(None, None, None)
    pid = data.get("pid")
    return LockHolder(pid if isinstance(pid, int) else None, _str(data.get("command")), _str(data.get("since")))


def _reread(lock: IO[str]) -> str:
    lock.seek(0)
    return lock.read()


def _str(value: object) -> str | None:
    return str(value) if value else None


def _acquire(lock: IO[str], *, wait: bool, on_wait: Callable[[LockHolder], None] | None) -> None:
    """Take the lock at once if it is free; else fail (``wait`` false) or say who holds it, then wait."""
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        holder = read_holder(lock)
    if not wait:
        raise StoreLockedError(
            f"the store is being written by {holder.describe()}; not waiting (--no-wait). "
            "Try again when it has finished."
        )
    if on_wait is not None:
        on_wait(holder)
    fcntl.flock(lock, fcntl.LOCK_EX)


def _claim(lock: IO[str]) -> None:
    """Write this process's account into the lock file it now holds."""
    record = {
        "pid": os.getpid(),
        "command": _command()[:COMMAND_CHARS],
        "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }
    lock.seek(0)
    lock.truncate()
    lock.write(json.dumps(record))
    lock.flush()


def _command() -> str:
    """This process's command line as its user typed it (``python -m regiongraph`` reads as ``regiongraph``)."""
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("python")
    name = program.parent.name if program.name == "__main__.py" else program.name
    return " ".join([name, *sys.argv[1:]])
