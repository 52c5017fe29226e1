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
from functools import partial
from typing import Any

import panel as pn

_antrean: dict[Any, deque[weakref.ref[_Isian]]] = {}
"""Waiting fills per event loop (one per server process; tests may run servers in threads)."""


class _Isian:
    """What one session sends after its first document: layouts and their objects."""

    def __init__(self, doc: Any, isi: list[tuple[Any, list[Any]]]) -> None:
        self.doc = weakref.ref(doc)
        self.isi = isi

    def hidup(self) -> Any:
        """The session's document while the session lives, else ``None``."""
        doc = self.doc()
        konteks = getattr(doc, "session_context", None)
        return None if konteks is None or konteks.destroyed else doc

    def __call__(self) -> None:
        with pn.io.hold():
            for w, objek in self.isi:
                w.objects = objek


def isi_setelah_tampil(*wadah: Any) -> _Isian | None:
    """Send the contents of these layouts after the session's first document (see the module
    docstring). The layouts keep their objects as Python objects meanwhile, so callbacks and
    updates work as usual; only their Bokeh models are built later. Outside a server session
    (tests, the warm-up) nothing changes and ``None`` is returned. The caller keeps the returned
    object with its page (the queue and Panel's ``onload`` hold it weakly, so a visitor who
    leaves before the page is drawn leaves nothing behind) and must not reassign the
    ``objects`` of these layouts itself."""
    doc = pn.state.curdoc
    if doc is None or doc.session_context is None:
        return None
    from tornado.ioloop import IOLoop

    loop = IOLoop.current()  # the server's loop: sessions are created on it
    isian = _Isian(doc, [(w, list(w.objects)) for w in wadah])
    for w in wadah:
        w.objects = []
    pn.state.onload(partial(loop.add_callback, _antrekan, loop, weakref.ref(isian)))
    return isian


def _antrekan(loop: Any, isian: weakref.ref[_Isian]) -> None:
    """Queue a fill (on the server's loop); start the queue if it is idle."""
    if loop not in _antrean:
        _antrean[loop] = deque()
        loop.add_callback(_satu, loop)
    _antrean[loop].append(isian)


def _satu(loop: Any) -> None:
    """Hand the oldest fill of a live session to its document (run under the session's lock);
    the next one follows a turn of the event loop later."""
    antrean = _antrean[loop]
    while antrean:
        isian = antrean.popleft()()
        doc = isian.hidup() if isian is not None else None
        if isian is None or doc is None:
            continue  # the visitor left before its turn came
        doc.add_next_tick_callback(partial(_jalankan, doc, isian))
        break
    if antrean:
        loop.add_callback(_satu, loop)
    else:
        del _antrean[loop]


def _jalankan(doc: Any, isian: _Isian) -> None:
    from panel.io.state import set_curdoc

    with set_curdoc(doc):
        isian()
