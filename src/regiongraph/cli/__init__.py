"""``regiongraph``: the command line — serve, harvest, validate, query, status, export."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import click
import pyoxigraph as ox
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import __version__
from ..bootstrap import build, harvest_register, resolver_for
from ..config import Settings
from ..errors import RegionGraphError
from ..iris import Minter
from ..pipeline import RunReport
from ..queries import Binder, find_query, load_queries
from ..store import EmbeddedStore, LockHolder, open_store, writing

# Markup off by default: what the CLI prints is mostly source text (titles, ids, failure messages with
# ``LAYER[zoom]`` in them), and rich would take its brackets for style tags and eat them (issue 15).
# The few styled words go through :func:`tagged`, which escapes everything else.
err = Console(stderr=True, markup=False)
out = Console(markup=False)


def tagged(console: Console, tag: str, style: str, text: str) -> None:
    """Print ``tag`` in ``style`` and then ``text`` exactly as it is (escaped, never read as markup)."""
    console.print(f"[{style}]{escape(tag)}[/] {escape(text)}", markup=True, highlight=False)


@contextmanager
def _progress() -> Iterator:
    """A progress bar on stderr, driven by the ``(label, advance, total)`` callbacks of the loaders."""
    with Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        tasks: dict[str, int] = {}

        def step(label: str, advance: int, total: int | None) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.advance(tasks[label], advance)

        yield step


def no_wait_option(command: Callable) -> Callable:
    """The ``--no-wait`` flag of every command that writes the store."""
    return click.option("--no-wait", is_flag=True, help="If another process is writing the store, fail at once "
                        "(exit 75) instead of waiting.")(command)


@contextmanager
def writing_store(settings: Settings, *, no_wait: bool = False) -> Iterator:
    """The store to write, saying on stderr whom it waits for; SIGTERM ends the write as an error would.

    A terminated writer unwinds (its run is marked aborted, the snapshot published, the lock
    released) instead of dying where it stands, as the default SIGTERM action would have it.
    """
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        with writing(settings, wait=not no_wait, on_wait=_say_waiting) as store:
            yield store
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _say_waiting(holder: LockHolder) -> None:
    err.print(f"waiting for the store lock held by {holder.describe()} …", highlight=False)


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def _fail(exc: Exception) -> None:
    """Print the error and exit with its code (2, or the error's own ``exit_code``)."""
    tagged(err, "error:", "bold red", str(exc))
    sys.exit(getattr(exc, "exit_code", 2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="regiongraph")
@click.option("--config", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="TOML settings file (also REGIONGRAPH_CONFIG).")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where the embedded store lives (default ./regiongraph-data).")
@click.option("--base-iri", help="Namespace for instance IRIs, ending in '/'.")
@click.pass_context
def main(ctx: click.Context, config: Path | None, data_dir: Path | None, base_iri: str | None) -> None:
    """RegionGraph: knowledge graph of regional cooperations and smart-city projects."""
    try:
        settings = Settings.load(file=config, data_dir=data_dir, base_iri=base_iri)
    except RegionGraphError as exc:
        _fail(exc)
    ctx.obj = {"settings": settings}


@main.command()
@click.option("--host", help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port (default 8000).")
@click.option("--workers", type=int, help="Worker processes answering requests (default 2).")
@click.option("--no-load", is_flag=True, help="Serve the store as it is, without loading the bundled data.")
@no_wait_option
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None, no_load: bool,
          no_wait: bool) -> None:
    """Load ontology, code lists, gazetteer and register (idempotent), then serve HTTP."""
    from ..api.server import listen
    from ..api.server import serve as run_server

    changes = {"host": host, "port": port, "workers": workers}
    settings = _settings(ctx).with_(**{k: v for k, v in changes.items() if v})
    try:
        sock = listen(settings)  # the port first: a second serve fails now, not after loading
        if not no_load:
            _build_with_summary(settings, no_wait=no_wait)
        open_store(settings).close()  # fail here, clearly, if there is nothing to serve
    except RegionGraphError as exc:
        _fail(exc)
    err.print(f"serving on http://{settings.host}:{settings.port}/sparql with {settings.workers} worker(s) "
              "(Ctrl+C to stop)")
    run_server(settings, sock=sock)


def _build_with_summary(settings: Settings, *, no_wait: bool = False) -> None:
    with _progress() as step, writing_store(settings, no_wait=no_wait) as store:
        report = build(settings, store, progress=step)
    loaded = ", ".join(f"{k} {'loaded' if v else 'current'}" for k, v in report.reference.items())
    err.print(f"reference data: {loaded}")
    _print_run(report.register)


def _print_run(report: RunReport) -> None:
    table = Table(title=f"harvest of {report.source}")
    for key in report.counts:
        table.add_column(key, justify="right")
    table.add_row(*(str(v) for v in report.counts.values()))
    err.print(table)
    for rid, messages in report.quarantined:
        click.echo(f"quarantined {rid}: " + "; ".join(messages[:3]), err=True)
    _shapes_note(report)


def _shapes_note(report: RunReport) -> None:
    """Say so when the shapes changed since the source's last run, and how to apply them to unchanged records."""
    if report.shapes_changed:
        tagged(err, "note", "bold yellow", f"{report.source}: the SHACL shapes changed since its last run; records "
               "whose content did not change were not checked again: run "
               f"'regiongraph harvest {report.source} --recheck'")


@main.command()
@no_wait_option
@click.pass_context
def load(ctx: click.Context, no_wait: bool) -> None:
    """Load ontology, code lists, gazetteer and the bundled register into the store (idempotent)."""
    try:
        _build_with_summary(_settings(ctx), no_wait=no_wait)
    except RegionGraphError as exc:
        _fail(exc)


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.pass_context
def validate(ctx: click.Context, folder: Path | None) -> None:
    """Check register files with the SHACL shapes without touching the store; exit 1 on failures."""
    settings = _settings(ctx)
    try:
        report = harvest_register(settings, EmbeddedStore(None), folder=folder)
    except RegionGraphError as exc:
        _fail(exc)
    _print_run(report)
    sys.exit(1 if report.quarantined else 0)


_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
_GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
                  "jsonld": ox.RdfFormat.JSON_LD}


@main.command()
@click.argument("name", required=False)
@click.option("-q", "--query", "text", help="Raw SPARQL instead of a named query.")
@click.option("-f", "--file", "file_", type=click.File("r", encoding="utf-8"),
              help="Read SPARQL from a file ('-' for stdin).")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="Parameter of a named query.")
@click.option("--format", "fmt", type=click.Choice(["table", *_FORMATS, *_GRAPH_FORMATS]),
              default="table", show_default=True, help="Output: a table, SPARQL results or RDF for CONSTRUCT.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@click.pass_context
def query(ctx: click.Context, name: str | None, text: str | None, file_: TextIO | None,
          params: tuple[str, ...], fmt: str, list_: bool) -> None:
    """Run a named query (see --list) or raw SPARQL against the store."""
    settings = _settings(ctx)
    try:
        queries = load_queries(settings.resource("queries"))
        if list_:
            return _list_queries(queries)
        sparql, subs = _query_text(settings, queries, name, text, file_, params)
        result = open_store(settings).query(sparql, substitutions=subs)
    except RegionGraphError as exc:
        _fail(exc)
    _emit(result, fmt)


def _query_text(settings: Settings, queries, name, text, file_, params) -> tuple[str, dict]:
    if sum(x is not None for x in (name, text, file_)) != 1:
        raise click.UsageError("give exactly one of NAME, -q/--query or -f/--file")
    if text is not None or file_ is not None:
        if params:
            raise click.UsageError("--param goes with a named query")
        return (text if text is not None else file_.read()), {}
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--param takes KEY=VALUE, got {item!r}")
        values[key.strip()] = value
    named = find_query(queries, name)
    binder = Binder(resolver_for(settings), Minter(settings.base_iri))
    return named.text, binder.bind(named, values)


def _list_queries(queries) -> None:
    table = Table("name", "title", "parameters")
    for q in queries.values():
        table.add_row(q.name, q.title, ", ".join(f"{p.name}:{p.type}={p.default}" for p in q.parameters))
    out.print(table)


def _emit(result, fmt: str) -> None:
    if isinstance(result, ox.QueryTriples):
        sys.stdout.buffer.write(result.serialize(format=_GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)))
    elif fmt in _FORMATS:
        sys.stdout.buffer.write(result.serialize(format=_FORMATS[fmt]))
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


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Records per source and status, and the quarantined records with their reasons."""
    from ..report import store_status

    try:
        info = store_status(open_store(_settings(ctx)))
    except RegionGraphError as exc:
        _fail(exc)
    if as_json:
        import json

        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    table = Table("source", "status", "records")
    for row in info["records"]:
        table.add_row(row["source"], row["status"], str(row["count"]))
    out.print(table)
    out.print(f"{info['quads']} quads in the store")
    for q in info["quarantined"]:
        click.echo(f"quarantined {q['source']}/{q['id']}: {q['reason']}")


@main.group(invoke_without_command=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File to write (default stdout).")
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig"]), default="nquads", show_default=True)
@click.pass_context
def export(ctx: click.Context, output: Path | None, fmt: str) -> None:
    """Dump the whole dataset, every named graph, as N-Quads or TriG; 'export network' writes the network."""
    if ctx.invoked_subcommand is not None:
        return
    rdf = ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG
    try:
        write_out(_dump(open_store(_settings(ctx)), rdf), output)
    except (RegionGraphError, OSError) as exc:
        _fail(exc)


def write_out(data: bytes, output: Path | None) -> None:
    """``data`` to the ``-o`` file, or to stdout when there is none."""
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


def _dump(store, rdf: ox.RdfFormat) -> bytes:
    """Every quad of every named graph: inside Oxigraph when embedded, by one SELECT otherwise."""
    if isinstance(store, EmbeddedStore):
        return store.raw.dump(format=rdf)
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return ox.serialize((ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows), format=rdf) or b""



# Commands living in their own modules join the group once it exists.
from .dump import dump as dump_command  # noqa: E402
from .harvest import harvest  # noqa: E402
from .network import network  # noqa: E402
from .report import report  # noqa: E402
from .search import search  # noqa: E402
from .sync import sync  # noqa: E402

for _command in (dump_command, harvest, report, search, sync):
    main.add_command(_command)
export.add_command(network)
