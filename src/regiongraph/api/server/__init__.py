"""Process concerns of ``regiongraph serve``, apart from HTTP semantics: the supervisor and its worker
processes (:mod:`._supervisor`), one CPU per worker (:mod:`._cpu`), and uvicorn's transport with joined
writes (:mod:`._transport`).
"""

from __future__ import annotations

from ._supervisor import die_with, listen, serve, worker_app
from ._transport import JoinedWrites, JoinedWritesProtocol

__all__ = ["JoinedWrites", "JoinedWritesProtocol", "die_with", "listen", "serve", "worker_app"]
