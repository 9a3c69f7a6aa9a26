"""``regiongraph query NAME | -q SPARQL | -f FILE | --list``: named queries or raw SPARQL against the store."""

from __future__ import annotations

import sys
from typing import Any, TextIO

import click
import pyoxigraph as ox
from rich.table import Table

from ..instance import Instance
from ..queries import NamedQuery, find_query
from ._common import err, instance_of, out

_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
_GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@click.command()
@click.argument("name", required=False)
@click.option("-q", "--query", "text", help="Raw SPARQL instead of a named query.")
@click.option(
    "-f", "--file", "file_", type=click.File("r", encoding="utf-8"), help="Read SPARQL from a file ('-' for stdin)."
)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="Parameter of a named query.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", *_FORMATS, *_GRAPH_FORMATS]),
    default="table",
    show_default=True,
    help="Output: a table, SPARQL results or RDF for CONSTRUCT.",
)
@click.option("--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@click.pass_context
def query(
    ctx: click.Context,
    name: str | None,
    text: str | None,
    file_: TextIO | None,
    params: tuple[str, ...],
    fmt: str,
    list_: bool,
) -> None:
    """Run a named query (see --list) or raw SPARQL against the store."""
    instance = instance_of(ctx)
    queries = instance.named_queries
    if list_:
        return _list_queries(queries)
    sparql, subs = _query_text(instance, queries, name=name, text=text, file_=file_, params=params)
    _emit(instance.store.query(sparql, substitutions=subs), fmt)


def _query_text(
    instance: Instance,
    queries: dict[str, NamedQuery],
    *,
    name: str | None,
    text: str | None,
    file_: TextIO | None,
    params: tuple[str, ...],
) -> tuple[str, dict[str, Any]]:
    if sum(x is not None for x in (name, text, file_)) != 1:
        raise click.UsageError("give exactly one of NAME, -q/--query or -f/--file")
    if text is not None:
        return _raw(text, params)
    if file_ is not None:
        return _raw(file_.read(), params)
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--param takes KEY=VALUE, got {item!r}")
        values[key.strip()] = value
    named = find_query(queries, name or "")
    return named.text, instance.binder.bind(named, values)


def _raw(sparql: str, params: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    if params:
        raise click.UsageError("--param goes with a named query")
    return sparql, {}


def _list_queries(queries: dict[str, NamedQuery]) -> None:
    table = Table("name", "title", "parameters")
    for q in queries.values():
        table.add_row(q.name, q.title, ", ".join(f"{p.name}:{p.type}={p.default}" for p in q.parameters))
    out.print(table)


def _emit(result: Any, fmt: str) -> None:
    if isinstance(result, ox.QueryTriples):
        sys.stdout.buffer.write(result.serialize(format=_GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)) or b"")
    elif fmt in _FORMATS:
        sys.stdout.buffer.write(result.serialize(format=_FORMATS[fmt]) or b"")
        sys.stdout.buffer.write(b"\n")
    elif isinstance(result, ox.QueryBoolean):
        out.print("true" if bool(result) else "false")
    else:
        _emit_table(result)


def _emit_table(result: ox.QuerySolutions) -> None:
    names = [v.value for v in result.variables]
    table = Table(*names)
    rows = 0
    for solution in result:
        table.add_row(*("" if solution[n] is None else solution[n].value for n in names))
        rows += 1
    out.print(table)
    err.print(f"{rows} row(s)")
