"""A dump read over SPARQL 1.1 from a real ``oxigraph serve`` is byte for byte the embedded store's dump."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from regiongraph import Settings
from regiongraph.dumps import write_dump
from regiongraph.store import EmbeddedStore, RemoteStore
from support.helpers import free_port

DATA = """INSERT DATA { GRAPH <http://e/g1> { <http://e/s> <http://e/p> [ <http://e/q> "a <b"@de ] , "x"^^<http://e/t> .
  _:x <http://e/r> _:y . _:y <http://e/r> _:x } GRAPH <http://e/g2> { <http://e/s> <http://e/p> "x"^^<http://e/t> }
  GRAPH <http://127.0.0.1:8000/id/run/register/1> { <http://e/run> <http://e/p> 1 } }"""


@pytest.fixture
def server(tmp_path: Path):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    url = f"http://127.0.0.1:{free_port()}"
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "db"), "--bind", url[7:]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.post(f"{url}/query", data={"query": "ASK {}"}, timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("oxigraph serve did not start")
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_remote_and_embedded_dumps_are_the_same_bytes(server, tmp_path):
    remote = RemoteStore(f"{server}/query", update_url=f"{server}/update")
    remote.update(DATA)
    embedded = EmbeddedStore(None)
    embedded.update(DATA)
    settings = Settings.load(environ={}, data_dir=tmp_path)
    a = write_dump(settings.with_(dumps_dir=tmp_path / "a"), remote, date="2026-01-05")
    b = write_dump(settings.with_(dumps_dir=tmp_path / "b"), embedded, date="2026-01-05")
    remote.close()
    assert (a.quads, a.left_out_quads, a.graphs) == (6, 1, 2)
    assert a.sha256 == b.sha256
