"""Helpers for tests: plain SELECT rows, free ports, a live uvicorn server, a real ``oxigraph serve``, looser shapes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import uvicorn

from regiongraph import Settings
from regiongraph.api.server import JoinedWritesProtocol
from regiongraph.store import EmbeddedStore, RemoteStore


def select(store: EmbeddedStore, query: str, **bindings) -> list[dict[str, str]]:
    """Run a SELECT and return rows as plain ``{variable: value}`` dicts."""
    result = store.query(query, substitutions=bindings or None)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The real app under uvicorn on a free loopback port, in a background thread, with the protocol ``serve`` uses."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off", http=JoinedWritesProtocol
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def oxigraph_binary() -> str:
    """The ``oxigraph`` command of the PyPI package ``oxigraph`` (the ``test`` extra installs it)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = shutil.which("oxigraph") or (str(beside) if beside.exists() else None)
    if found is None:
        pytest.fail("the 'oxigraph' command is missing: pip install -e '.[test]'")
    return found


class OxigraphServer:
    """A real ``oxigraph serve`` on a free loopback port, storing its data in ``location``."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = location.with_suffix(".log")
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> OxigraphServer:
        command = [oxigraph_binary(), "serve", "--location", str(self.location), "--bind", self.url[len("http://") :]]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_it_answers()
        return self

    def _wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.log.read_text(errors='replace')}")
            try:
                httpx.post(f"{self.url}/query", data={"query": "ASK {}"}, timeout=1).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph serve did not answer within 20 s")

    def __exit__(self, *exc) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def store(self, *, with_graph_store: bool = True, **options) -> RemoteStore:
        """A client of this server; without ``with_graph_store`` bulk loads go through SPARQL Update."""
        graph_url = f"{self.url}/store" if with_graph_store else None
        return RemoteStore(f"{self.url}/query", update_url=f"{self.url}/update", graph_url=graph_url, **options)

    def wipe(self) -> None:
        store = self.store()
        try:
            store.update("DROP ALL")
        finally:
            store.close()


def lit(value: str) -> ox.Literal:
    return ox.Literal(value)


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def with_shapes_without_the_date_order_check(settings: Settings, tmp_path: Path) -> Settings:
    """The same resources, but shapes that let an end before the start pass."""
    root = tmp_path / "resources"
    root.mkdir()
    for part in settings.resources_dir.iterdir():
        if part.name != "shapes":
            (root / part.name).symlink_to(part)
    shutil.copytree(settings.resource("shapes"), root / "shapes")
    common = root / "shapes" / "common.ttl"
    text = common.read_text(encoding="utf-8")
    looser = text.replace("sh:targetSubjectsOf schema:endDate ;", "sh:targetSubjectsOf <urn:x-test:nothing> ;")
    assert looser != text
    common.write_text(looser, encoding="utf-8")
    return settings.with_(resources_dir=root)


def report_cli(settings: Settings, base_iri: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``regiongraph report ARGS`` in a child process, wide enough that no line is wrapped."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "regiongraph",
            "--data-dir",
            str(settings.data_dir),
            "--base-iri",
            base_iri,
            "report",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "250"},
    )
