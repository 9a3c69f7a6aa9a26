"""``regiongraph export [-o FILE] [--format nquads|trig]``: the whole dataset; ``export network`` the network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from ..store import EmbeddedStore
from ._common import instance_of, write_out
from .network import network


@click.group(invoke_without_command=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File to write (default stdout).")
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig"]), default="nquads", show_default=True)
@click.pass_context
def export(ctx: click.Context, output: Path | None, fmt: str) -> None:
    """Dump the whole dataset, every named graph, as N-Quads or TriG; 'export network' writes the network."""
    if ctx.invoked_subcommand is not None:
        return
    rdf = ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG
    write_out(_dump(instance_of(ctx).store, rdf), output)


export.add_command(network)


def _dump(store: Any, rdf: ox.RdfFormat) -> bytes:
    """Every quad of every named graph: inside Oxigraph when embedded, by one SELECT otherwise."""
    if isinstance(store, EmbeddedStore):
        return store.raw.dump(format=rdf) or b""
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return ox.serialize((ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows), format=rdf) or b""
