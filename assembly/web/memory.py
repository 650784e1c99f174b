"""Giving back to the system the memory a request used and freed (issue 16.2).

glibc's malloc keeps what a request frees in its heap for the next requests and returns to
the kernel only the free space at the very top of the heap: after a request that built
large values (a sign-in's scrypt, a page of many rows, an export, the map's first drawing),
the freed pages below the live objects stay resident in the worker for its whole life.
`malloc_trim(0)` gives every free page of the heap back (madvise); it walks the heap, so it
is not run after every request: once a response is sent (`call_on_close`, the client does
not wait for it), when the worker's resident memory has grown by GROWTH_BYTES or more since
the last trim. A worker whose memory does not grow never trims.

Without glibc (musl, macOS) there is nothing to call and the hook is not installed.
Measured with `benchmarks/scale.py` (README "Pages at a million notices").
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Callable

from flask import Flask, Response

GROWTH_BYTES = 4 * 1024 * 1024
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int:
    """This process's resident memory (Linux: /proc/self/statm), 0 where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def glibc_trim() -> Callable[[], object] | None:
    """glibc's `malloc_trim(0)`, or None when the C library has none."""
    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name)
        trim = library.malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return lambda: trim(0)


class Trimmer:
    """Trims the heap after a response when the resident memory grew by `growth` bytes."""

    def __init__(self, trim: Callable[[], object], resident: Callable[[], int] = resident_bytes,
                 growth: int = GROWTH_BYTES) -> None:
        self.trim = trim
        self.resident = resident
        self.growth = growth
        self.trims = 0
        self.baseline = resident()

    def after_response(self) -> None:
        now = self.resident()
        if now - self.baseline < self.growth:
            return
        self.trim()
        self.trims += 1
        self.baseline = self.resident()

    def hook(self, response: Response) -> Response:
        response.call_on_close(self.after_response)
        return response


def init_app(app: Flask, trim: Callable[[], object] | None = None) -> Trimmer | None:
    """Install the trim after big requests (setting MEMORY_TRIM, on by default)."""
    if not app.config.get("MEMORY_TRIM", True):
        return None
    trim = trim or glibc_trim()
    if trim is None:
        return None
    trimmer = Trimmer(trim)
    app.after_request(trimmer.hook)
    app.extensions["assembly.memory"] = trimmer
    return trimmer
