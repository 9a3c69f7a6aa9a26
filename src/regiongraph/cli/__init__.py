"""``regiongraph``: the command line — one module per command, the group here.

:mod:`._common` holds what the commands share, :mod:`._exit` the one place where an error becomes
a line on stderr and an exit status (the table is in ``regiongraph --help`` and docs/architecture.md).
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..config import Settings
from ..instance import Instance
from ._exit import EPILOG, Commands
from .dump import dump
from .export import export
from .harvest import harvest
from .load import load
from .query import query
from .report import report
from .search import search
from .serve import serve
from .status import status
from .sync import sync
from .validate import validate

__all__ = ["main"]


@click.group(cls=Commands, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="regiongraph")
@click.option(
    "--config",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="TOML settings file (also REGIONGRAPH_CONFIG).",
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where the embedded store lives (default ./regiongraph-data).",
)
@click.option("--base-iri", help="Namespace for instance IRIs, ending in '/'.")
@click.pass_context
def main(ctx: click.Context, config: Path | None, data_dir: Path | None, base_iri: str | None) -> None:
    """RegionGraph: knowledge graph of regional cooperations and smart-city projects."""
    settings = Settings.load(file=config, data_dir=data_dir, base_iri=base_iri)
    instance = Instance(settings)  # the invocation's one: every command takes its services from it
    ctx.call_on_close(instance.close)
    ctx.obj = {"settings": settings, "instance": instance}


for _command in (serve, load, validate, query, status, export, dump, harvest, report, search, sync):
    main.add_command(_command)
