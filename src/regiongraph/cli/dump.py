"""``regiongraph dump [--date D] [--keep N] | --list``: write a dated, reproducible dump of the store."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime

import click
from rich.table import Table

from ..citation import citation
from ..config import Settings
from ..dumps import Dump, dump_iri, list_dumps, root_of, write_dump
from ._common import err, instance_of, out, progress, settings_of


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    if value is None:
        return datetime.now(UTC).date().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from exc


@click.command()
@click.option(
    "--date",
    "day",
    callback=_day,
    metavar="YYYY-MM-DD",
    help="The dump's day (default: today, UTC); a dump of the same day is replaced.",
)
@click.option("--keep", type=click.IntRange(min=0), help="Keep the newest N dumps (default: dump_retention; 0 all).")
@click.option("--list", "list_", is_flag=True, help="List the dumps in the folder; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def dump(ctx: click.Context, day: str, keep: int | None, list_: bool, as_json: bool) -> None:
    """Write regiongraph-YYYY-MM-DD.nq.gz into the dumps folder: every graph of the store except the
    harvest runs, as sorted N-Quads with skolemised blank nodes, gzip'ed without name or time, so the
    same store gives the same bytes; beside it its SHA-256 and a manifest, and the series described
    as DCAT and VoID (regiongraph-dumps.ttl). /dumps/ serves them.
    """
    settings = settings_of(ctx)
    if keep is not None:
        settings = settings.with_(dump_retention=keep)
    folder = settings.dumps_location
    if list_:
        return _show(list_dumps(folder), settings, as_json=as_json)
    with progress() as step:
        written = write_dump(settings, instance_of(ctx).store, date=day, progress=step)
    if not as_json:
        err.print(
            f"wrote {folder / written.file} ({written.byte_size:,} bytes, {written.quads:,} quads; "
            f"left out {written.left_out_quads:,} quads of harvest runs)",
            highlight=False,
        )
    _show([written], settings, as_json=as_json)


def _show(dumps: list[Dump], settings: Settings, *, as_json: bool) -> None:
    root = root_of(settings.base_iri)
    if as_json:
        rows = [
            {
                **asdict(d),
                "file": str(settings.dumps_location / d.file),
                "iri": dump_iri(root, d),
                "citation": citation(settings, iri=dump_iri(root, d), as_of=d.date).text,
            }
            for d in dumps
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("bytes", "quads", "triples", "entities", "graphs", "sha256")
    table.add_column("dump", no_wrap=True)
    for d in dumps:
        table.add_row(
            f"{d.byte_size:,}",
            f"{d.quads:,}",
            f"{d.triples:,}",
            f"{d.entities:,}",
            f"{d.graphs:,}",
            d.sha256[:16] + "…",
            d.file,
        )
    out.print(table)
    for d in dumps[:1]:
        out.print("cite as: " + citation(settings, iri=dump_iri(root, d), as_of=d.date).text, highlight=False)
