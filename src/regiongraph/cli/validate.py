"""``regiongraph validate [FOLDER]``: check register files with the SHACL shapes, touching no store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..pipeline import harvest_register
from ..store import EmbeddedStore
from ._common import instance_of, print_run
from ._exit import INCOMPLETE, OK


@click.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.pass_context
def validate(ctx: click.Context, folder: Path | None) -> None:
    """Check register files with the SHACL shapes without touching the store; exit 1 on failures."""
    report = harvest_register(instance_of(ctx), EmbeddedStore(None), folder=folder)
    print_run(report)
    sys.exit(INCOMPLETE if report.quarantined else OK)
