"""``regiongraph serve``: several worker processes over one store, replaced when they must retire.

A worker whose query overran its time limit answers the client, then shuts down gracefully;
the supervisor starts a fresh worker, and the runaway query ends with the old process.
The other workers keep answering meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from dataclasses import fields

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors.multiprocess import Multiprocess

from ..config import Settings
from ..store import open_store
from . import create_app
from ._cpu import claim_cpu
from ._transport import JoinedWritesProtocol

#: How the supervisor hands the settings to its workers (a process boundary, not a config source).
SETTINGS_ENV = "REGIONGRAPH__WORKER_SETTINGS"


def serve(settings: Settings, *, log_level: str = "info") -> None:
    """Run the supervisor and ``settings.workers`` workers on ``settings.host:port`` until stopped."""
    values = {f.name: getattr(settings, f.name) for f in fields(settings)}
    os.environ[SETTINGS_ENV] = json.dumps(values, default=str)
    config = uvicorn.Config(f"{__name__}:worker_app", factory=True, host=settings.host, port=settings.port,
                            workers=settings.workers, log_level=log_level, timeout_graceful_shutdown=3,
                            access_log=settings.access_log, server_header=False, http=JoinedWritesProtocol)
    sock = config.bind_socket()
    Multiprocess(config, sockets=[sock]).run()


def worker_app() -> FastAPI:
    """The app of one worker process: reads the published snapshot, retires after a runaway query."""
    settings = Settings.load(environ={}, **json.loads(os.environ[SETTINGS_ENV]))
    claim_cpu(settings)  # binds all threads of this process, the query threads create_app starts too
    return create_app(settings, open_store(settings), on_timeout=_retire)


def _retire() -> None:
    """Stop taking requests and exit once the current answers are out; the supervisor replaces us."""
    asyncio.get_running_loop().call_later(0.2, os.kill, os.getpid(), signal.SIGTERM)


__all__ = ["serve", "worker_app"]
