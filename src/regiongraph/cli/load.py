"""``regiongraph load``: ontology, code lists, gazetteer and the bundled register into the store."""

from __future__ import annotations

import click

from ..instance import Instance
from ..pipeline import build
from ._common import err, instance_of, no_wait_option, print_run, progress, writing_store


@click.command()
@no_wait_option
@click.pass_context
def load(ctx: click.Context, no_wait: bool) -> None:
    """Load ontology, code lists, gazetteer and the bundled register into the store (idempotent)."""
    build_with_summary(instance_of(ctx), no_wait=no_wait)


def build_with_summary(instance: Instance, *, no_wait: bool = False) -> None:
    """Load the reference data and the register, then say what was loaded and how the register's run went."""
    with progress() as step, writing_store(instance, no_wait=no_wait) as store:
        report = build(instance, store, progress=step)
    loaded = ", ".join(f"{k} {'loaded' if v else 'current'}" for k, v in report.reference.items())
    err.print(f"reference data: {loaded}")
    print_run(report.register)
