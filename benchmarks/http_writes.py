"""Benchmark: the HTTP layer alone — one fixed answer served by uvicorn, with and without joined writes.

Three servers answer every ``GET`` with the same 9 KB body (the size of the Kamen lookup's
SPARQL JSON), so nothing but HTTP is measured:

- ``uvicorn``: stock uvicorn (httptools), which sends headers and body with two writes;
- ``joined``: uvicorn with RegionGraph's :class:`~regiongraph.api.JoinedWritesProtocol`;
- ``floor``: a bare asyncio protocol that parses with httptools and answers with one write,
  the least any Python server on this loop can cost.

Each server runs in a process of its own, bound to CPU 0 (as a pinned ``serve`` worker is).
wrk may run on any CPU, as in the endpoint benchmark; ``--apart`` keeps it off CPU 0. Prints
requests/s, p50 and the server's user and system CPU µs per request, per concurrency and round.

    .venv/bin/python benchmarks/http_writes.py [--rounds 3] [--seconds 5] [--concurrency 1,8] [--apart]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import subprocess
import sys
import time

from _harness import free_port

BODY = b"x" * 9157
HEADERS = [
    (b"content-type", b"application/sparql-results+json"),
    (b"content-length", b"%d" % len(BODY)),
    (b"vary", b"Accept"),
]
MODES = ("uvicorn", "joined", "floor")


async def app(scope, receive, send) -> None:
    """The fixed answer, through ASGI."""
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        await send({"type": "http.response.body", "body": BODY})


class Floor(asyncio.Protocol):
    """The fixed answer, straight from the parser's callback in one write."""

    ANSWER = b"HTTP/1.1 200 OK\r\n" + b"".join(k + b": " + v + b"\r\n" for k, v in HEADERS) + b"\r\n" + BODY

    def connection_made(self, transport) -> None:
        import httptools

        self.transport, self.parser, self.url = transport, httptools.HttpRequestParser(self), b""

    def data_received(self, data: bytes) -> None:
        self.parser.feed_data(data)

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_message_complete(self) -> None:
        import httptools

        httptools.parse_url(self.url)
        self.url = b""
        self.transport.write(self.ANSWER)


def serve(mode: str, port: int) -> None:
    """Run one server until killed (the child process's job)."""
    os.sched_setaffinity(0, {0})
    import uvicorn

    if mode == "floor":
        import uvloop

        async def main() -> None:
            server = await asyncio.get_running_loop().create_server(Floor, "127.0.0.1", port)
            await server.serve_forever()

        uvloop.run(main())
        return
    extra = {}
    if mode == "joined":
        from regiongraph.api.server import JoinedWritesProtocol

        extra["http"] = JoinedWritesProtocol
    uvicorn.run(app, host="127.0.0.1", port=port, access_log=False, log_level="warning", **extra)


def start(mode: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    child = subprocess.Popen([sys.executable, __file__, "--serve", mode, "--port", str(port)])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return child, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{mode} did not start")


def cpu_ticks(pid: int) -> tuple[int, int]:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]), int(fields[12])


def wrk(port: int, connections: int, seconds: int, apart: bool) -> tuple[float, str]:
    """Requests/s and the p50 wrk printed; ``apart``: wrk kept off the server's CPU."""
    cpus = sorted(os.sched_getaffinity(0) - ({0} if apart else set())) or [0]
    cmd = [
        "taskset",
        "-c",
        ",".join(map(str, cpus)),
        "wrk",
        f"-t{1 if connections == 1 else 2}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        f"http://127.0.0.1:{port}/sparql?query=x",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    return rps, p50


def measure(child: subprocess.Popen, port: int, connections: int, seconds: int, apart: bool) -> str:
    wrk(port, connections, 1, apart)  # warm-up
    user0, sys0 = cpu_ticks(child.pid)
    rps, p50 = wrk(port, connections, seconds, apart)
    user1, sys1 = cpu_ticks(child.pid)
    per = 1e6 / os.sysconf("SC_CLK_TCK") / (rps * seconds)
    return f"{rps:9.1f} req/s  p50 {p50:>8}  user {(user1 - user0) * per:6.1f} µs  sys {(sys1 - sys0) * per:6.1f} µs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the servers take turns in each")
    parser.add_argument("--seconds", type=int, default=5, help="seconds of each timed wrk run")
    parser.add_argument("--concurrency", default="1,8", help="wrk connections, comma-separated")
    parser.add_argument("--apart", action="store_true", help="keep wrk off CPU 0, where the servers run")
    parser.add_argument("--serve", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return
    servers = {mode: start(mode) for mode in MODES}
    try:
        for connections in (int(c) for c in args.concurrency.split(",")):
            for round_ in range(1, args.rounds + 1):
                for mode, (child, port) in servers.items():
                    found = measure(child, port, connections, args.seconds, args.apart)
                    print(f"c{connections} round {round_} {mode:8} {found}", flush=True)
    finally:
        for child, _ in servers.values():
            child.kill()


if __name__ == "__main__":
    main()
