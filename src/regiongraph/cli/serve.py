"""``regiongraph serve``: load the bundled data (unless ``--no-load``), then serve HTTP."""

from __future__ import annotations

import click

from ._common import err, instance_of, no_wait_option
from .load import build_with_summary


@click.command()
@click.option("--host", help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port (default 8000).")
@click.option("--workers", type=int, help="Worker processes answering requests (default 2).")
@click.option("--no-load", is_flag=True, help="Serve the store as it is, without loading the bundled data.")
@no_wait_option
@click.pass_context
def serve(
    ctx: click.Context, host: str | None, port: int | None, workers: int | None, no_load: bool, no_wait: bool
) -> None:
    """Load ontology, code lists, gazetteer and register (idempotent), then serve HTTP."""
    # Late: the server stack (uvicorn, FastAPI, the app) is for this command only, not for every --help.
    from ..api.server import listen
    from ..api.server import serve as run_server

    changes = {"host": host, "port": port, "workers": workers}
    instance = instance_of(ctx)
    settings = instance.settings.with_(**{k: v for k, v in changes.items() if v})
    sock = listen(settings)  # the port first: a second serve fails now, not after loading
    if not no_load:
        build_with_summary(instance, no_wait=no_wait)
    instance.open_store().close()  # fail here, clearly, if there is nothing to serve
    err.print(
        f"serving on http://{settings.host}:{settings.port}/sparql with {settings.workers} worker(s) (Ctrl+C to stop)"
    )
    run_server(settings, sock=sock)
