"""``regiongraph report SOURCE [--json]``: quarantined and stale records, repairs, quality scores, top fixes."""

from __future__ import annotations

import json

import click
from rich.table import Table

from .. import ntriples as nt
from ..pipeline import repairs, stale_records
from ..quality import MAX_POINTS, SourceQuality, aggregate_graph, source_quality
from ._common import instance_of, no_wait_option, out, tagged, writing_store


@click.command()
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--top", type=click.IntRange(1, 50), default=5, show_default=True, help="How many fixes to list.")
@click.option("--save", is_flag=True, help="Also store the source's aggregate as DQV measurements.")
@no_wait_option
@click.pass_context
def report(ctx: click.Context, source: str, as_json: bool, top: int, save: bool, no_wait: bool) -> None:
    """Quality report of SOURCE: quarantined records, MQA scores per dimension, the fixes that pay most.

    Also the stale records (published in their last valid version while a newer one waits in
    quarantine, with the pointer to it) and the repairs the mapping recorded, counted.

    With --save the per-source scores go into the graph <base>graph/system/quality-SOURCE.
    Exit 2 if the store has no records of SOURCE.
    """
    instance = instance_of(ctx)
    minter, store = instance.minter, instance.store
    quality = source_quality(store, minter, source, top=top)
    stale, repaired = stale_records(store, source), repairs(store, source)
    if save:
        graph_iri, graph = aggregate_graph(quality, minter)
        with writing_store(instance, no_wait=no_wait) as writer:
            writer.replace_graphs({graph_iri: nt.graph_to_ntriples(graph)})
    if as_json:
        data = {**quality.as_json(), "stale": stale, "repairs": {"count": len(repaired), "repairs": repaired}}
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    _print(quality)
    _print_stale(stale)
    _print_repairs(repaired)


def _print_stale(stale: list[dict[str, str]]) -> None:
    if not stale:
        return
    tagged(
        out, f"{len(stale)} stale:", "bold yellow", "the last valid version stays published, the new one is quarantined"
    )
    for entry in stale:
        out.print(
            f"  {entry['id']} since {entry['since']}: pending {entry['pending']}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        for reason in filter(None, entry["reason"].split(" | ")):
            out.print(f"    {reason}", markup=False, highlight=False, soft_wrap=True)


def _print_repairs(repaired: list[dict[str, str]]) -> None:
    if not repaired:
        return
    tagged(out, f"{len(repaired)} repairs", "bold", "recorded on published records")
    for r in repaired:  # one line each, never a table cell: values are IRIs, shown whole
        out.print(
            f"  {r['id']} {r['field']}: {r['from']} -> {r['to']} ({r['rule']})",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


def _print(q: SourceQuality) -> None:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(q.counts.items()))
    tagged(out, q.source + ":", "bold", counts)
    if q.dimensions:
        out.print(f"score {q.score:.1f} of {sum(MAX_POINTS.values())} ({q.rating}), mean over published records")
        dims = Table("dimension", "score", "max", title="Metadata quality (EU MQA)")
        for name, value in q.dimensions.items():
            dims.add_row(name, f"{value:.1f}", str(MAX_POINTS[name]))
        out.print(dims)
    else:
        out.print("no dataset records: quality scores are kept for harvested datasets only")
    if q.fixes:
        fixes = Table("indicator", "dimension", "points", "records missing it", "score gain", "fix", title="Top fixes")
        for f in q.fixes:
            fixes.add_row(f.indicator, f.dimension, str(f.points), str(f.records), f"+{f.gain:.1f}", f.advice)
        out.print(fixes)
    if q.quarantined:
        tagged(out, f"{len(q.quarantined)} quarantined", "bold red", "")
        for entry in q.quarantined:
            out.print(f"  {entry['id']}", highlight=False)
            for message in entry["violations"]:
                out.print(f"    violation {message}", markup=False, highlight=False, soft_wrap=True)
            for message in entry["warnings"]:
                out.print(f"    warning   {message}", markup=False, highlight=False, soft_wrap=True)
