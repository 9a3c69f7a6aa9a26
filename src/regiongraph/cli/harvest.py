"""``regiongraph harvest SOURCE… | --all [--full] [--dry-run] [--recheck]``: harvest sources, then a summary."""

from __future__ import annotations

import sys

import click
from rich.table import Table

from ..errors import RegionGraphError
from ..instance import Instance
from ..pipeline import RunReport, harvest_source, select_sources
from ..store import EmbeddedStore, GraphStore
from ._common import err, instance_of, no_wait_option, out, progress, shapes_note, tagged, writing_store
from ._exit import INCOMPLETE, OK

#: Changes of a dry run listed per source before "… and N more".
SHOWN_CHANGES = 50


@click.command()
@click.argument("sources", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Harvest every enabled source in harvesters/*.toml.")
@click.option("--full", is_flag=True, help="Full run: fetch everything and withdraw what the source no longer has.")
@click.option("--dry-run", is_flag=True, help="Fetch, map and validate, write nothing; list what would change.")
@click.option(
    "--recheck",
    is_flag=True,
    help="Map and validate unchanged records too, after the shapes or the mapping changed (implies --full).",
)
@no_wait_option
@click.pass_context
def harvest(
    ctx: click.Context, sources: tuple[str, ...], all_: bool, full: bool, dry_run: bool, recheck: bool, no_wait: bool
) -> None:
    """Harvest SOURCES (declared in harvesters/*.toml, e.g. 'register') into the store.

    Portals are harvested incrementally from the last run that finished without failures,
    unless --full. A record whose content did not change is skipped, unless --recheck: then
    quarantined records that now pass are published, and published ones that now fail are
    quarantined. Exit 1 if a source failed or records were quarantined.
    """
    instance = instance_of(ctx)
    settings = instance.settings
    if not sources and not all_:
        raise click.UsageError("name a source (e.g. 'register') or pass --all")
    try:
        chosen = select_sources(settings, sources, all_=all_)
    except RegionGraphError as exc:
        raise click.UsageError(str(exc)) from exc
    reports: list[RunReport] = []
    with progress() as step:
        for decl in chosen:
            if dry_run:
                reports.append(
                    harvest_source(
                        instance, _read_only(instance), decl, full=full, dry_run=True, recheck=recheck, progress=step
                    )
                )
                continue
            with writing_store(instance, no_wait=no_wait) as store:
                reports.append(harvest_source(instance, store, decl, full=full, recheck=recheck, progress=step))
    _summary(reports)
    sys.exit(OK if all(r.ok for r in reports) else INCOMPLETE)


def _read_only(instance: Instance) -> GraphStore:
    """The published store to compare with (it refuses writes); an empty one if nothing was published yet."""
    try:
        return instance.store
    except RegionGraphError:
        return EmbeddedStore(None)


def _summary(reports: list[RunReport]) -> None:
    table = Table(title="harvest" + (" (dry run: nothing written)" if any(r.dry_run for r in reports) else ""))
    for column in ("source", "new", "updated", "unchanged", "withdrawn", "quarantined", "failed", "seconds"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for r in reports:
        seconds = (r.ended - r.started).total_seconds() if r.ended else 0.0
        table.add_row(r.source, *(str(v) for v in r.counts.values()), f"{seconds:.1f}")
    out.print(table)
    for r in reports:
        for rid, messages in r.quarantined:
            click.echo(f"quarantined {r.source}/{rid}: " + "; ".join(messages[:3]), err=True)
        for what, message in r.failed:
            tagged(err, "failed", "bold red", f"{r.source}: {what}: {message}")
        if r.failed:
            err.print(f"{r.source}: nothing was withdrawn and the cursor stays where it was; the next run retries.")
        shapes_note(r)
        for change, rid in r.changes[:SHOWN_CHANGES]:
            click.echo(f"would {change} {r.source}/{rid}")
        if len(r.changes) > SHOWN_CHANGES:
            click.echo(f"… and {len(r.changes) - SHOWN_CHANGES} more changes in {r.source}")
