"""``regiongraph load``: ontology, code lists, gazetteer and the bundled register into the store."""

from __future__ import annotations

import click

from ..config import Settings
from ..pipeline import build, services_from
from ._common import err, no_wait_option, print_run, progress, settings_of, writing_store


@click.command()
@no_wait_option
@click.pass_context
def load(ctx: click.Context, no_wait: bool) -> None:
    """Load ontology, code lists, gazetteer and the bundled register into the store (idempotent)."""
    build_with_summary(settings_of(ctx), no_wait=no_wait)


def build_with_summary(settings: Settings, *, no_wait: bool = False) -> None:
    """Load the reference data and the register, then say what was loaded and how the register's run went."""
    with progress() as step, writing_store(settings, no_wait=no_wait) as store:
        report = build(services_from(settings), store, progress=step)
    loaded = ", ".join(f"{k} {'loaded' if v else 'current'}" for k, v in report.reference.items())
    err.print(f"reference data: {loaded}")
    print_run(report.register)
