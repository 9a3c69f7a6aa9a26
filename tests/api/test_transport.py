"""Joined writes: a response's headers and body in one send, and HTTP/1.1 still intact through it."""

from __future__ import annotations

import asyncio
import functools
import socket

import pytest

from regiongraph.api.server import JoinedWritesProtocol
from regiongraph.api.server._transport import JoinedWrites
from support.helpers import LiveServer

BODY = b"x" * 9000


class Recording(asyncio.Transport):
    """Stands in for the socket: keeps what was written, one entry per ``send``."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[bytes] = []
        self.closed = False

    def write(self, data) -> None:
        self.sent.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_write_buffer_size(self) -> int:
        return 0


async def _turn() -> None:
    await asyncio.sleep(0)


def in_loop(case):
    """Run the async test ``case`` on an event loop of its own (a plain test to pytest)."""
    return functools.wraps(case)(lambda: asyncio.run(case()))


@in_loop
async def test_headers_and_body_of_one_turn_go_out_in_one_send():
    real = Recording()
    joined = JoinedWrites(real)
    joined.write(b"HTTP/1.1 200 OK\r\n\r\n")
    assert real.sent == [] and joined.get_write_buffer_size() == 19
    joined.write(b"body")
    assert real.sent == [b"HTTP/1.1 200 OK\r\n\r\nbody"]  # at once, without waiting for the turn to end
    await _turn()
    assert len(real.sent) == 1


@in_loop
async def test_a_lone_write_leaves_when_the_turn_ends():
    real = Recording()
    joined = JoinedWrites(real)
    joined.write(b"")  # nothing to hold
    joined.write(bytearray(b"head"))
    assert real.sent == []
    await _turn()
    assert real.sent == [b"head"]
    joined.write(b"head")
    joined.write(b"")  # an empty body ends the answer: the headers go at once
    assert real.sent == [b"head", b"head"]


@in_loop
async def test_writes_keep_their_order_two_at_a_time():
    real = Recording()
    joined = JoinedWrites(real)
    for part in (b"a", b"b", b"c"):
        joined.write(part)
    await _turn()
    joined.writelines([b"d", b"e"])
    await _turn()
    assert real.sent == [b"ab", b"c", b"de"]


@in_loop
async def test_close_sends_what_is_held_first_and_a_closed_transport_gets_nothing():
    real = Recording()
    joined = JoinedWrites(real)
    joined.write(b"last words")
    joined.close()
    assert real.sent == [b"last words"] and real.closed and joined.is_closing()
    joined.write(b"too late")
    await _turn()
    assert real.sent == [b"last words"]


async def _app(scope, receive, send) -> None:
    """Fixed answers by path: whole, streamed over several turns, or empty."""
    if scope["type"] != "http":
        return
    path = scope["path"]
    if path == "/echo":
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})
        return
    if path == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        for part in (b"one,", b"two,", b"three"):
            await asyncio.sleep(0.01)
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        return
    status, body = (204, b"") if path == "/empty" else (200, BODY)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-length", b"%d" % len(body))] if body else [],
        }
    )
    await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def server():
    with LiveServer(_app) as live:
        assert live.server.config.http is JoinedWritesProtocol
        yield live


def _exchange(port: int, request: bytes, until: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while until not in data:
            chunk = sock.recv(1 << 20)
            if not chunk:
                break
            data += chunk
        return data


def test_a_whole_answer_arrives_in_the_first_read(server):
    # With two sends, the first read holds the headers alone about every other time.
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"GET /whole HTTP/1.1\r\nHost: t\r\n\r\n")
            first = sock.recv(1 << 20)
        head, _, body = first.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200") and body == BODY  # headers and body were one segment


def test_pipelined_requests_are_answered_in_order_on_one_connection(server):
    requests = (
        b"GET /whole HTTP/1.1\r\nHost: t\r\n\r\n"
        b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
        b"GET /empty HTTP/1.1\r\nHost: t\r\n\r\n"
    )
    data = _exchange(server.port, requests, b"204 No Content\r\n")
    assert data.count(b"HTTP/1.1 ") == 3
    first, second, third = data.split(b"HTTP/1.1 ")[1:]
    assert first.startswith(b"200") and first.endswith(BODY)
    assert second.startswith(b"200") and second.endswith(b"\r\n\r\nhello")
    assert third.startswith(b"204")


def test_a_streamed_answer_arrives_whole_and_chunked(server):
    data = _exchange(server.port, b"GET /stream HTTP/1.1\r\nHost: t\r\n\r\n", b"0\r\n\r\n")
    head, _, chunked = data.partition(b"\r\n\r\n")
    assert b"transfer-encoding: chunked" in head.lower()
    assert chunked == b"4\r\none,\r\n4\r\ntwo,\r\n5\r\nthree\r\n0\r\n\r\n"


def test_expect_continue_is_answered_before_the_body_is_sent(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        assert sock.recv(1 << 16).startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(b"ping")
        data = b""
        while not data.endswith(b"ping"):
            data += sock.recv(1 << 16)
    assert data.startswith(b"HTTP/1.1 200")


def raw_exchange(port: int, *requests: bytes) -> list[bytes]:
    """Send ``requests`` on one keep-alive connection, one after the other; the raw responses."""
    answers = []
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        reader = sock.makefile("rb")
        for request in requests:
            sock.sendall(request)
            status = reader.readline()
            headers = {}
            while (line := reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            answers.append(status + reader.read(int(headers.get("content-length", "0"))))
    return answers


TOWN = "/api/v1/queries/cooperations-of-town?town="


def test_a_url_typed_with_umlauts_is_read_as_utf_8(live):
    typed = f"GET {TOWN}Fröndenberg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    encoded = f"GET {TOWN}Fr%C3%B6ndenberg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    as_typed, as_encoded = raw_exchange(live.port, typed, encoded)
    assert as_typed.startswith(b"HTTP/1.1 200") and as_typed == as_encoded
    assert as_typed.count(b'"ku2016-') > 5, "Fröndenberg's cooperations, the town resolved from the decoded name"


def test_only_the_request_line_is_encoded_never_a_body(live):
    query = 'ASK { ?t <http://www.w3.org/2004/02/skos/core#prefLabel> "Fröndenberg/Ruhr"@de }'.encode()
    post = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Accept: application/sparql-results+json\r\nContent-Length: %d\r\n\r\n" % len(query)
    ) + query
    typed = "GET /sparql?query=ASK%7B%7D&format=json&x=ä HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    first, second, third = raw_exchange(live.port, post, typed, post)
    assert b'"boolean":true' in first.replace(b" ", b"") and first == third
    assert second.startswith(b"HTTP/1.1 200")


def test_percent_encoding_leaves_ascii_alone():
    from regiongraph.api.server._transport import percent_encoded

    assert percent_encoded("GET /a?b=ö c HTTP/1.1".encode()) == b"GET /a?b=%C3%B6 c HTTP/1.1"
    assert percent_encoded(b"GET /a?b=%C3%B6") == b"GET /a?b=%C3%B6"
