"""Secondary parts of a page sent after its first document, behind every waiting first document.

:func:`isi_setelah_tampil` empties some layouts of a new session and fills them again once the
browser has drawn the first document (Panel's ``onload``, on BokehJS's ``document_ready``).
When many visitors arrive at once, the fills of the first sessions would otherwise be
interleaved with the creation of the later sessions and delay their first documents. So the
fills wait in one queue per server process, and the queue runs one fill per turn of the event
loop: a turn also handles every websocket message that arrived meanwhile (new sessions, document
requests), so first documents go before the remaining fills. Measured with
``benchmarks/bench_aplikasi.py beban``.
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any

import panel as pn

_antrean: dict[Any, deque[tuple[weakref.ref, Callable[[], None]]]] = {}
"""Waiting fills per event loop (one per server process; tests may run servers in threads)."""


def isi_setelah_tampil(*wadah: Any) -> None:
    """Send the contents of these layouts after the session's first document (see the module
    docstring). The layouts keep their objects as Python objects meanwhile, so callbacks and
    updates work as usual; only their Bokeh models are built later. Outside a server session
    (tests, the warm-up) nothing changes. The caller must not reassign the ``objects`` of these
    layouts itself."""
    doc = pn.state.curdoc
    if doc is None or doc.session_context is None:
        return
    from tornado.ioloop import IOLoop

    loop = IOLoop.current()  # the server's loop: sessions are created on it
    isi = [(w, list(w.objects)) for w in wadah]
    for w, _ in isi:
        w.objects = []

    def isi_kembali() -> None:
        with pn.io.hold():
            for w, objek in isi:
                w.objects = objek

    pn.state.onload(lambda: loop.add_callback(_antrekan, loop, doc, isi_kembali))


def _antrekan(loop: Any, doc: Any, isi: Callable[[], None]) -> None:
    """Queue a fill (on the server's loop); start the queue if it is idle."""
    if loop not in _antrean:
        _antrean[loop] = deque()
        loop.add_callback(_satu, loop)
    _antrean[loop].append((weakref.ref(doc), isi))


def _satu(loop: Any) -> None:
    """Hand the oldest fill of a live session to its document (run under the session's lock);
    the next one follows a turn of the event loop later."""
    antrean = _antrean[loop]
    while antrean:
        ref, isi = antrean.popleft()
        doc = ref()
        konteks = getattr(doc, "session_context", None)
        if doc is None or konteks is None or konteks.destroyed:
            continue  # the visitor left before its turn came
        doc.add_next_tick_callback(partial(_jalankan, doc, isi))
        break
    if antrean:
        loop.add_callback(_satu, loop)
    else:
        del _antrean[loop]


def _jalankan(doc: Any, isi: Callable[[], None]) -> None:
    from panel.io.state import set_curdoc

    with set_curdoc(doc):
        isi()
