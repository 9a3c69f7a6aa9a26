"""``regiongraph status [--json]``: records per source and status, and the quarantined ones."""

from __future__ import annotations

import json

import click
from rich.table import Table

from ._common import instance_of, out


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Records per source and status, and the quarantined records with their reasons."""
    from ..pipeline import store_status  # late, as before: the report queries are for this command only

    info = store_status(instance_of(ctx).store)
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    table = Table("source", "status", "records")
    for row in info["records"]:
        table.add_row(row["source"], row["status"], str(row["count"]))
    out.print(table)
    out.print(f"{info['quads']} quads in the store")
    for q in info["quarantined"]:
        click.echo(f"quarantined {q['source']}/{q['id']}: {q['reason']}")
