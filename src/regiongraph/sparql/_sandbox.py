"""Threads that evaluate public queries cannot open network sockets: the second layer against SERVICE and LOAD.

Oxigraph follows ``SERVICE`` and ``LOAD`` with its own HTTP client, in the thread that evaluates
the query. :func:`confine_thread` installs a seccomp-bpf filter on the calling thread (and so on
every thread it starts afterwards) under which ``socket(AF_INET | AF_INET6, …)`` fails with
``EACCES``: whatever text got past the lexical guard (:mod:`._guard`), the query cannot connect
anywhere. Unix sockets, pipes and sockets that exist already (a server's listening socket,
``accept4`` on it) are untouched, so an event loop keeps serving under the filter.

The filter checks the architecture first (a syscall of another ABI is refused outright, as are
x32 calls on x86-64). Where the kernel or the platform offers no seccomp (not Linux, an unknown
architecture), confinement is reported unavailable once in the log and the lexical guard stands alone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import platform
import socket
import sys
import threading

log = logging.getLogger(__name__)

_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_X32 = 0x40000000
#: machine → (AUDIT_ARCH_*, number of socket(2), whether x32 numbers exist).
_ARCHES = {
    "x86_64": (0xC000003E, 41, True),
    "amd64": (0xC000003E, 41, True),
    "aarch64": (0xC00000B7, 198, False),
    "arm64": (0xC00000B7, 198, False),
}


class _Filter(ctypes.Structure):
    _fields_ = (("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint))


class _Program(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter)))


_local = threading.local()
_warned = threading.Event()


def _program(arch: int, socket_nr: int, x32: bool) -> list[tuple[int, int, int, int]]:
    """The BPF program: foreign ABI → EACCES; socket(AF_INET|AF_INET6, …) → EACCES; everything else allowed."""
    deny = _RET_ERRNO | errno.EACCES
    head = [(_LD_W_ABS, 0, 0, 4), (_JEQ_K, 1, 0, arch), (_RET_K, 0, 0, deny), (_LD_W_ABS, 0, 0, 0)]
    if x32:
        head.append((_JGE_K, 0, 1, _X32))  # x32 ABI numbers: refused
        head.append((_RET_K, 0, 0, deny))
    return [
        *head,
        (_JEQ_K, 0, 3, socket_nr),
        (_LD_W_ABS, 0, 0, 16),  # args[0], the address family (low 32 bits, little-endian)
        (_JEQ_K, 2, 0, socket.AF_INET),
        (_JEQ_K, 1, 0, socket.AF_INET6),
        (_RET_K, 0, 0, _RET_ALLOW),
        (_RET_K, 0, 0, deny),
    ]


def _install() -> str | None:
    """Install the filter on this thread; ``None``, or why it could not be installed."""
    if not sys.platform.startswith("linux"):
        return f"seccomp needs Linux, not {sys.platform}"
    arch = _ARCHES.get(platform.machine().lower())
    if arch is None:
        return f"no seccomp filter for the architecture {platform.machine()}"
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    code = _program(*arch)
    filters = (_Filter * len(code))(*(_Filter(*c) for c in code))
    program = _Program(len(code), filters)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"prctl(PR_SET_NO_NEW_PRIVS) failed: {errno.errorcode.get(ctypes.get_errno(), '?')}"
    pointer = ctypes.cast(ctypes.pointer(program), ctypes.c_void_p).value or 0
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, pointer, 0, 0) != 0:
        return f"prctl(PR_SET_SECCOMP) failed: {errno.errorcode.get(ctypes.get_errno(), '?')}"
    return None


def confine_thread() -> bool:
    """Forbid this thread, and the threads it starts from now on, to open IPv4/IPv6 sockets; whether it worked.

    Idempotent per thread. Irreversible: call it only on threads that serve queries.
    """
    if getattr(_local, "confined", False):
        return True
    why = _install()
    if why is not None:
        if not _warned.is_set():
            _warned.set()
            log.warning(
                "query threads are not confined (%s): only the lexical guard keeps SERVICE and LOAD off the network",
                why,
            )
        return False
    _local.confined = True
    return True


def confined() -> bool:
    """Whether :func:`confine_thread` succeeded on this thread."""
    return getattr(_local, "confined", False)


__all__ = ["confine_thread", "confined"]
