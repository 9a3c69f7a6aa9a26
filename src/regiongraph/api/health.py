"""``/healthz``: liveness, the size of the graph, and which worker answered."""

from __future__ import annotations

import os

from fastapi import APIRouter, Request

router = APIRouter(tags=["Operations"])


@router.get("/healthz", summary="Liveness and store size")
def healthz(request: Request) -> dict[str, object]:
    store = request.app.state.store
    return {"status": "ok", "quads": store.count_quads(), "version": request.app.version, "worker": os.getpid()}
