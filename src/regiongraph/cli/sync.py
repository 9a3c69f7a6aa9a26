"""``regiongraph sync ckan --to URL --token-env VAR``: write RegionGraph's records back into a CKAN portal."""

from __future__ import annotations

import json
import os

import click
from rich.table import Table

from ..errors import RegionGraphError
from ..sync import SyncReport, sync_ckan
from ._common import instance_of, out
from ._exit import INCOMPLETE


@click.group()
def sync() -> None:
    """Write RegionGraph's records into other portals."""


@sync.command("ckan")
@click.option("--to", "url", required=True, help="Root URL of the target CKAN, e.g. https://opendata.unna.de.")
@click.option(
    "--token-env", required=True, metavar="VAR", help="Name of the environment variable holding the target's API token."
)
@click.option("--organization", help="Target organisation (name or id) for every package; default: its publisher.")
@click.option("--source", "sources", multiple=True, help="Only records of this harvest source (repeatable).")
@click.option("--dry-run", is_flag=True, help="Show the plan (create / update with field diff / delete) only.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
@click.pass_context
def ckan(
    ctx: click.Context,
    url: str,
    token_env: str,
    organization: str | None,
    sources: tuple[str, ...],
    dry_run: bool,
    as_json: bool,
) -> None:
    """Create, update and withdraw RegionGraph's packages in the CKAN at --to, idempotently.

    Exit 1 if a change failed (the report says which were applied), 2 on a usage or setup error.
    """
    token = os.environ.get(token_env)
    if not token and not dry_run:
        raise RegionGraphError(f"the environment variable {token_env} holds no API token")
    instance = instance_of(ctx)
    settings = instance.settings.with_(sync_token=token)
    report = sync_ckan(settings, instance.store, to=url, organization=organization, dry_run=dry_run, sources=sources)
    if as_json:
        out.print_json(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        _print(report)
    if report.failed:
        raise SystemExit(INCOMPLETE)


def _print(report: SyncReport) -> None:
    table = Table(title=f"{'Plan' if report.dry_run else 'Sync'} → {report.target}")
    for column in ("action", "package", "outcome", "details"):
        table.add_column(column)
    for change in report.changes:
        if change.action == "unchanged":
            continue
        details = change.error or "; ".join(f"{k}: {v['from']!r} → {v['to']!r}"[:120] for k, v in change.fields.items())
        table.add_row(change.action, change.name, change.outcome, details)
    out.print(table)
    counts = ", ".join(f"{n} {a}" for a, n in report.counts().items())
    out.print(f"{counts}; {len(report.failed)} failed")
