"""The sandbox: a confined thread (and what it starts) cannot open IPv4/IPv6 sockets; nothing else changes."""

from __future__ import annotations

import socket
import threading

from regiongraph.sparql._sandbox import confine_thread, confined


def on_a_thread(fn):
    out: dict = {}

    def run():
        try:
            out["value"] = fn()
        except BaseException as exc:
            out["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return out


def attempt(family: int) -> str:
    try:
        socket.socket(family, socket.SOCK_STREAM).close()
    except PermissionError:
        return "refused"
    return "opened"


def test_a_confined_thread_and_its_children_open_no_inet_socket_but_unix_sockets_still_work():
    def confined_work():
        assert confine_thread() and confined() and confine_thread(), "confinement is idempotent"
        a, b = socket.socketpair()  # AF_UNIX: the event loop's self-pipe
        a.close(), b.close()
        child = on_a_thread(lambda: (attempt(socket.AF_INET), attempt(socket.AF_INET6)))
        return attempt(socket.AF_INET), attempt(socket.AF_INET6), child["value"]

    assert on_a_thread(confined_work)["value"] == ("refused", "refused", ("refused", "refused"))
    assert attempt(socket.AF_INET) == "opened" and not confined(), "the calling thread is untouched"


def test_an_existing_listening_socket_keeps_accepting_under_the_filter():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve():
        confine_thread()
        conn, _ = server.accept()
        conn.sendall(b"ok")
        conn.close()
        return attempt(socket.AF_INET)

    thread_out: dict = {}
    thread = threading.Thread(target=lambda: thread_out.update(result=serve()))
    thread.start()
    with socket.create_connection(("127.0.0.1", port)) as client:
        assert client.recv(2) == b"ok"
    thread.join()
    server.close()
    assert thread_out["result"] == "refused"
