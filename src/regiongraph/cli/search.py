"""``regiongraph search QUERY | --rebuild``: German-aware full-text search from the command line."""

from __future__ import annotations

import re

import click
from rich.table import Table

from ..search import KINDS, sync_index
from ._common import err, instance_of, out
from ._exit import fail

_MARK = re.compile(r"</?mark>")


@click.command()
@click.argument("words", nargs=-1)
@click.option("--type", "kind", type=click.Choice(KINDS), help="Only entities of this kind.")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True, help="Hits at most.")
@click.option("--rebuild", is_flag=True, help="Rebuild the index from the store (reads the store only).")
@click.pass_context
def search(ctx: click.Context, words: tuple[str, ...], kind: str | None, limit: int, rebuild: bool) -> None:
    """Search every entity for WORDS (case, umlauts, ß and word forms folded), best first."""
    instance = instance_of(ctx)
    index = instance.index
    if rebuild:
        report = sync_index(instance.store, index, rebuild=True)
        err.print(f"indexed {report.entities} entities from {report.indexed} graphs into {index.path}")
    if not words:
        if not rebuild:
            fail(click.UsageError("give search words, or --rebuild"))
        return
    hits = index.search(" ".join(words), kind=kind, limit=limit)
    table = Table("kind", "title", "snippet", "IRI", "score")
    for hit in hits:
        table.add_row(", ".join(hit.kinds), hit.title, _MARK.sub("", hit.snippet), hit.iri, f"{hit.score:.2f}")
    out.print(table)
