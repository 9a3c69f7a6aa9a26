"""Freed C heap goes back to the system after a large query (glibc's malloc_trim)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os

import pytest

from regiongraph.sparql._memory import _TRIM, release_free_memory

BLOCK, BLOCKS = 4096, 16384  # 64 MiB in blocks small enough to come from the heap, not from mmap


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(_TRIM is None, reason="needs glibc's malloc_trim")
def test_freed_heap_below_a_live_block_is_given_back():
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(BLOCK) for _ in range(BLOCKS)]
    for block in blocks:
        ctypes.memset(block, 1, BLOCK)  # touched, so resident
    pin = blocks.pop()  # the heap's top stays in use: free() alone cannot shrink the heap
    for block in blocks:
        libc.free(block)
    held = _rss()
    assert release_free_memory()
    given_back = held - _rss()
    libc.free(pin)
    assert given_back > BLOCK * BLOCKS // 2, given_back
