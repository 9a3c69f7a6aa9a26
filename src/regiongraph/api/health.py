"""``/healthz``: liveness, the size of the graph, and which worker answered.

It stays answered while heavy requests fill the query threads: it never waits for the runner, and
the size of a snapshot is counted once (off the event loop) and then cached with the snapshot's answers.
"""

from __future__ import annotations

import os

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ._cache import cached
from ._runner import UnavailableError

router = APIRouter(tags=["Operations"])


@router.get("/healthz", summary="Liveness and store size", response_class=JSONResponse)
async def healthz(request: Request) -> Response:
    async def build() -> Response:
        quads = await run_in_threadpool(request.app.state.store.count_quads)
        return JSONResponse({"status": "ok", "quads": quads, "version": request.app.version, "worker": os.getpid()})

    try:
        return await cached(request, build)
    except UnavailableError:  # counting a large new snapshot: say so, the count follows
        return JSONResponse({"status": "ok", "quads": None, "version": request.app.version, "worker": os.getpid()})
