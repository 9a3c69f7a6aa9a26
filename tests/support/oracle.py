"""Oxigraph as the oracle: what its own parser accepts, and whether a text makes it open a socket.

Texts run on one thread confined by the sandbox (so nothing reaches the network while the tests
ask), on an in-memory store holding a few triples. The questions are answered by Oxigraph alone,
independently of the scanner under test:

* :func:`reads_keyword`: Oxigraph parses the text, and respelling one network keyword makes it
  fail to parse — so that keyword was a keyword;
* :func:`connects`: evaluating the text (to its last row) makes Oxigraph try to open a socket.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import pyoxigraph as ox

from regiongraph.sparql._sandbox import confine_thread

_jobs: queue.SimpleQueue = queue.SimpleQueue()


def _work() -> None:
    assert confine_thread(), "the oracle needs a confined thread"
    while True:
        fn, args, future = _jobs.get()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:
            future.set_exception(exc)


threading.Thread(target=_work, name="oracle", daemon=True).start()


def confined(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` on the confined oracle thread."""
    future: Future = Future()
    _jobs.put((fn, args, future))
    return future.result(timeout=60)


#: Objects the generated patterns ask for, so that a join reaches the SERVICE behind it.
_OBJECTS = (ox.Literal("o"), ox.Literal("o", language="en"), ox.Literal(True), ox.Literal(1))


def _store() -> ox.Store:
    store = ox.Store()
    store.extend([ox.Quad(ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p"), o) for o in _OBJECTS])
    return store


def _parses(text: str, update: bool) -> bool:
    try:
        if update:
            _store().update(text)
        else:
            _store().query(text)
    except SyntaxError:
        return False
    except Exception:  # parsed, then failed evaluating (the sandbox, an unbound service, …)
        return True
    return True


def parses(text: str, *, update: bool = False) -> bool:
    """Whether Oxigraph's parser accepts ``text``."""
    return confined(_parses, text, update)


def reads_keyword(text: str, *, update: bool = False) -> str | None:
    """The network keyword Oxigraph reads as a keyword in ``text`` (which it accepts), or ``None``."""
    if not parses(text, update=update):
        return None
    for name, at in (("SERVICE", 2), ("LOAD", 2)) if update else (("SERVICE", 2),):
        respelled = re.sub(name, lambda m, at=at: m.group()[:at] + "x" + m.group()[at + 1 :], text, flags=re.I)
        if respelled != text and not parses(respelled, update=update):
            return name
    return None


def _connects(text: str, update: bool) -> bool:
    try:
        if update:
            _store().update(text)
        else:
            result = _store().query(text, use_default_graph_as_union=True)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
    except PermissionError:  # the sandbox refused a socket: Oxigraph meant to connect
        return True
    except Exception:  # any other failure opened nothing
        return False
    return False


def connects(text: str, *, update: bool = False) -> bool:
    """Whether evaluating ``text`` makes Oxigraph try to open a network socket."""
    return confined(_connects, text, update)
