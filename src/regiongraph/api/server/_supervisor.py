"""``regiongraph serve``: several worker processes over one store, replaced when they must retire.

A worker whose query overran its time limit answers the client, then shuts down gracefully;
the supervisor starts a fresh worker, and the runaway query ends with the old process.
The other workers keep answering meanwhile.

Supervision: the port is taken (:func:`listen`) before anything is loaded, so a second ``serve``
fails at once with a clear message; workers die with their supervisor (``PR_SET_PDEATHSIG``, and
a watchdog for a worker too busy to shut down), so killing the supervisor, even with ``-9``,
leaves no orphan serving. Each worker confines its threads (:mod:`regiongraph.sparql._sandbox`)
before it builds the app, so that every thread that evaluates public queries is confined.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import errno
import json
import logging
import os
import signal
import socket
import threading
import time
from dataclasses import fields

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors.multiprocess import Multiprocess

from ...app import create_app
from ...config import Settings
from ...errors import ConfigError
from ...sparql import confine_thread
from ..catalog import warm
from ._cpu import claim_cpu
from ._transport import JoinedWritesProtocol

#: How the supervisor hands the settings to its workers (a process boundary, not a config source).
SETTINGS_ENV = "REGIONGRAPH__WORKER_SETTINGS"
SUPERVISOR_ENV = "REGIONGRAPH__SUPERVISOR"
#: Seconds an orphaned worker may take to shut down gracefully before it exits regardless.
ORPHAN_GRACE = 10.0
_PR_SET_PDEATHSIG = 1
log = logging.getLogger(__name__)


def listen(settings: Settings) -> socket.socket:
    """Take ``settings.host:port`` now, before loading anything.

    Raises:
        ConfigError: the address is in use or cannot be bound, said plainly.
    """
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # not SO_REUSEPORT: a second serve must fail
    try:
        sock.bind((settings.host, settings.port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"port {settings.port} on {settings.host} is already in use (another "
                "'regiongraph serve'?); stop it or choose another with --port"
            ) from None
        raise ConfigError(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


def serve(settings: Settings, *, sock: socket.socket | None = None, log_level: str = "info") -> None:
    """Run the supervisor and ``settings.workers`` workers on ``sock`` (default: :func:`listen`) until stopped."""
    sock = sock or listen(settings)
    values = {f.name: getattr(settings, f.name) for f in fields(settings)}
    os.environ[SETTINGS_ENV] = json.dumps(values, default=str)
    os.environ[SUPERVISOR_ENV] = str(os.getpid())
    config = uvicorn.Config(
        f"{__name__}:worker_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=log_level,
        timeout_graceful_shutdown=3,
        access_log=settings.access_log,
        server_header=False,
        http=JoinedWritesProtocol,
    )
    Multiprocess(config, sockets=[sock]).run()


def worker_app() -> FastAPI:
    """The app of one worker process: reads the published snapshot, retires after a runaway query."""
    settings = Settings.load(environ={}, **json.loads(os.environ[SETTINGS_ENV]))
    die_with(int(os.environ.get(SUPERVISOR_ENV, "0")))
    claim_cpu(settings)  # binds all threads of this process, the query threads create_app starts too
    _confine(settings)
    app = create_app(settings, on_timeout=_retire)  # the app's instance opens the published store
    warm(app)  # in the background: the worker serves meanwhile
    return app


def _confine(settings: Settings) -> None:
    """Confine this (the event loop's) thread before the app starts its threads, which inherit the filter."""
    if settings.allow_federation:
        log.warning("allow_federation is set: SERVICE and LOAD reach the network")
    elif settings.store_url:
        log.info("remote store: SERVICE and LOAD are refused by the lexical guard and by Oxigraph's parser")
    elif confine_thread():
        log.info("SERVICE and LOAD are refused by the lexical guard; query threads cannot open sockets")


def die_with(supervisor: int) -> None:
    """End this worker when ``supervisor`` goes: SIGTERM from the kernel, and a watchdog if that is not enough."""
    name = ctypes.util.find_library("c")
    if name and hasattr(ctypes.CDLL(name), "prctl"):
        ctypes.CDLL(name).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if supervisor and os.getppid() != supervisor:  # it went before the line above took effect
        os.kill(os.getpid(), signal.SIGTERM)
    if supervisor:
        threading.Thread(target=_watch, args=(supervisor,), name="supervisor-watch", daemon=True).start()


def _watch(supervisor: int) -> None:
    while os.getppid() == supervisor:
        time.sleep(1.0)
    time.sleep(ORPHAN_GRACE)  # the graceful shutdown SIGTERM started had its time
    os._exit(1)


def _retire() -> None:
    """Stop taking requests and exit once the current answers are out; the supervisor replaces us."""
    asyncio.get_running_loop().call_later(0.2, os.kill, os.getpid(), signal.SIGTERM)


__all__ = ["die_with", "listen", "serve", "worker_app"]
