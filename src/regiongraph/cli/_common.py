"""What the commands share: the consoles, markup-safe printing, progress, the instance, its writer, run summaries.

Every command module imports these from here, never from the package face (which imports the
commands, so that would be a cycle).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..config import Settings
from ..instance import Instance
from ..pipeline import RunReport
from ..store import LockHolder

# Markup off by default: what the CLI prints is mostly source text (titles, ids, failure messages with
# ``LAYER[zoom]`` in them), and rich would take its brackets for style tags and eat them (issue 15).
# The few styled words go through :func:`tagged`, which escapes everything else.
err = Console(stderr=True, markup=False)
out = Console(markup=False)

#: What a progress callback takes: ``(label, advance, total)``.
Step = Callable[[str, int, "int | None"], None]


def tagged(console: Console, tag: str, style: str, text: str) -> None:
    """Print ``tag`` in ``style`` and then ``text`` exactly as it is (escaped, never read as markup)."""
    console.print(f"[{style}]{escape(tag)}[/] {escape(text)}", markup=True, highlight=False)


def settings_of(ctx: click.Context) -> Settings:
    """The settings the group loaded from ``--config``, ``--data-dir`` and ``--base-iri``."""
    settings: Settings = ctx.obj["settings"]
    return settings


def instance_of(ctx: click.Context) -> Instance:
    """The invocation's one instance (built by the group over its settings, closed when the command ends)."""
    instance: Instance = ctx.obj["instance"]
    return instance


@contextmanager
def progress() -> Iterator[Step]:
    """A progress bar on stderr, driven by the ``(label, advance, total)`` callbacks of the loaders."""
    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        tasks: dict[str, Any] = {}

        def step(label: str, advance: int, total: int | None) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.advance(tasks[label], advance)

        yield step


def no_wait_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--no-wait`` flag of every command that writes the store."""
    return click.option(
        "--no-wait",
        is_flag=True,
        help="If another process is writing the store, fail at once (exit 75) instead of waiting.",
    )(command)


@contextmanager
def writing_store(instance: Instance, *, no_wait: bool = False) -> Iterator[Any]:
    """The instance's store to write (the search index follows), saying on stderr whom it waits for;
    SIGTERM ends the write as an error would.

    A terminated writer unwinds (its run is marked aborted, the snapshot published, the lock
    released) instead of dying where it stands, as the default SIGTERM action would have it.
    """
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        with instance.writing(wait=not no_wait, on_wait=_say_waiting) as store:
            yield store
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _say_waiting(holder: LockHolder) -> None:
    err.print(f"waiting for the store lock held by {holder.describe()} …", highlight=False)


def write_out(data: bytes, output: Path | None) -> None:
    """``data`` to the ``-o`` file, or to stdout when there is none."""
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


def print_run(report: RunReport) -> None:
    """One run's counts as a table, its quarantined records and the shapes note, on stderr."""
    table = Table(title=f"harvest of {report.source}")
    for key in report.counts:
        table.add_column(key, justify="right")
    table.add_row(*(str(v) for v in report.counts.values()))
    err.print(table)
    for rid, messages in report.quarantined:
        click.echo(f"quarantined {rid}: " + "; ".join(messages[:3]), err=True)
    shapes_note(report)


def shapes_note(report: RunReport) -> None:
    """Say so when the shapes changed since the source's last run, and how to apply them to unchanged records."""
    if report.shapes_changed:
        tagged(
            err,
            "note",
            "bold yellow",
            f"{report.source}: the SHACL shapes changed since its last run; records "
            "whose content did not change were not checked again: run "
            f"'regiongraph harvest {report.source} --recheck'",
        )
