"""Give memory back after browser sessions close (Linux, glibc).

A closed session's document is discarded by the server's cull, but the freed memory mostly stays
in the process (Python's and glibc's allocators keep it), so the server's resident memory only
grows with every burst of visitors. When sessions are destroyed, one collection is scheduled
(a few seconds later, once for a whole burst): :func:`gc.collect` then ``malloc_trim(0)``, which
returns free heap pages to the operating system. Elsewhere (no glibc) only the collection runs.
Measured with ``benchmarks/bench_aplikasi.py beban --putaran 2`` (RSS before, at peak, after).
"""

from __future__ import annotations

import ctypes
import gc
import sys
from typing import Any

JEDA_DETIK = 3.0
"""Wait after the last destroyed session before collecting (one collection per burst)."""

_terjadwal = False


def _kembalikan_ke_os() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to trim
        pass


def bersihkan() -> None:
    """Collect garbage and return free heap memory to the OS."""
    global _terjadwal
    _terjadwal = False
    gc.collect()
    _kembalikan_ke_os()


def saat_sesi_ditutup(session_context: Any) -> None:
    """Session-destroyed callback (Bokeh requires the argument name ``session_context``):
    schedule :func:`bersihkan` once for a burst of closures."""
    global _terjadwal
    if _terjadwal:
        return
    from tornado.ioloop import IOLoop

    _terjadwal = True
    IOLoop.current().call_later(JEDA_DETIK, bersihkan)
