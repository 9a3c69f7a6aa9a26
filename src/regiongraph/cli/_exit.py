"""The one place where an error becomes a line on stderr and an exit status.

| status | meaning |
| --- | --- |
| 0 | done |
| 1 | done, but records were quarantined or a source, page or change failed |
| 2 | usage or setup error: bad arguments, settings, store, query (every :class:`RegionGraphError`) |
| 75 | ``--no-wait`` and another process writes the store (:class:`StoreLockedError`, try again later) |
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click
from rich.markup import escape

from ..errors import RegionGraphError, StoreLockedError
from ._common import err

OK = 0
INCOMPLETE = 1
USAGE = 2
LOCKED = StoreLockedError.exit_code

#: The table at the end of ``regiongraph --help`` (``\b`` keeps click from re-wrapping it).
EPILOG = f"""\b
Exit status:
  {OK}   done
  {INCOMPLETE}   done, but records were quarantined or a source, page or change failed
  {USAGE}   usage or setup error (arguments, settings, store, query)
  {LOCKED}  --no-wait and another process is writing the store: try again later
"""


def fail(exc: Exception) -> NoReturn:
    """Print ``exc`` as one readable line and exit with its ``exit_code`` (2 unless the error says otherwise)."""
    # One line whatever the terminal's width (soft_wrap), escaped: the message is never read as markup.
    err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False, soft_wrap=True)
    sys.exit(getattr(exc, "exit_code", USAGE))


class Commands(click.Group):
    """The ``regiongraph`` group: every command's RegionGraph and OS errors end in :func:`fail`."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (RegionGraphError, OSError) as exc:
            fail(exc)
