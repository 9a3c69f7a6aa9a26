"""``regiongraph export network``: the cooperation network for Gephi, networkx or igraph."""

from __future__ import annotations

from pathlib import Path

import click

from ..network import KINDS, TABLES, CsvPart, Filters, GraphKind, NetworkFormat, build_network, serialize
from ._common import err, instance_of, write_out


@click.command("network")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in NetworkFormat]),
    default="graphml",
    show_default=True,
    help="graphml, gexf (Gephi), csv (zip of nodes.csv + edges.csv) or json.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (default stdout); for csv an existing folder gets nodes.csv and edges.csv.",
)
@click.option(
    "--graph",
    type=click.Choice([g.value for g in GraphKind]),
    default="organisations",
    show_default=True,
    help="Organisations joined by shared records, or the bipartite organisation–record graph.",
)
@click.option("--part", type=click.Choice([p.value for p in CsvPart]), help="csv: only this table.")
@click.option("--kind", type=click.Choice(KINDS), default="both", show_default=True, help="Which records join nodes.")
@click.option("--table", multiple=True, type=click.Choice(TABLES), help="Source table (repeat for either).")
@click.option("--field", multiple=True, metavar="NOTATION", help="RVR field, e.g. verkehr (repeatable).")
@click.option("--dimension", multiple=True, metavar="NOTATION", help="Smart-city dimension (repeatable).")
@click.option("--legal-form", multiple=True, metavar="NOTATION", help="Legal form, e.g. oerv (repeatable).")
@click.option("--status", multiple=True, metavar="NOTATION", help="active, planned, ended, not-realised.")
@click.option("--start-from", type=int, metavar="YEAR", help="Started in or after YEAR.")
@click.option("--start-to", type=int, metavar="YEAR", help="Started in or before YEAR.")
@click.option("--active-from", type=int, metavar="YEAR", help="Active at some time in or after YEAR.")
@click.option("--active-to", type=int, metavar="YEAR", help="Active at some time in or before YEAR.")
@click.pass_context
def network(ctx: click.Context, fmt: str, output: Path | None, graph: str, part: str | None, **filters: object) -> None:
    """Export the cooperation network with its measures (degree, betweenness, communities) and positions."""
    chosen = Filters.from_params(filters)
    built = build_network(instance_of(ctx).store, chosen, kind=GraphKind(graph))
    err.print(
        f"network: {built.graph.number_of_nodes()} nodes, {built.graph.number_of_edges()} edges "
        f"from {len(built.register.records)} records",
        highlight=False,
    )
    target = NetworkFormat(fmt)
    if target is NetworkFormat.CSV and output is not None and output.is_dir():
        for table in CsvPart:
            (output / f"{table.value}.csv").write_bytes(serialize(built, format=target, part=table))
        return
    write_out(serialize(built, format=target, part=CsvPart(part) if part else None), output)
