"""Secondary parts of a page built after its first document, behind every waiting first document.

:func:`setelah_tampil` runs a function that builds the secondary parts of a new session's page
(their widgets and their Bokeh models) once the browser has drawn the first document (Panel's
``onload``, on BokehJS's ``document_ready``). Building them later, not only sending them later,
takes their Python objects out of the first document's cost too.
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

_antrean: dict[Any, deque[weakref.ref[_Isian]]] = {}
"""Waiting fills per event loop (one per server process; tests may run servers in threads)."""


class _Isian:
    """What one session builds after its first document."""

    def __init__(self, doc: Any, bangun: Callable[[], None]) -> None:
        self.doc = weakref.ref(doc)
        self.bangun = bangun

    def hidup(self) -> Any:
        """The session's document while the session lives, else ``None``."""
        doc = self.doc()
        konteks = getattr(doc, "session_context", None)
        return None if konteks is None or konteks.destroyed else doc

    def __call__(self) -> None:
        with pn.io.hold():
            self.bangun()


def setelah_tampil(bangun: Callable[[], None]) -> _Isian | None:
    """Run ``bangun`` after the session's first document has been drawn (see the module
    docstring); it runs under the session's document lock and its changes go out as one
    message. Outside a server session (tests, the warm-up) ``bangun`` runs at once and ``None``
    is returned. The caller keeps the returned object with its page (the queue and Panel's
    ``onload`` hold it weakly, so a visitor who leaves before the page is drawn leaves nothing
    behind); until ``bangun`` has run, the page must work without what it builds."""
    doc = pn.state.curdoc
    if doc is None or doc.session_context is None:
        bangun()
        return None
    from tornado.ioloop import IOLoop

    loop = IOLoop.current()  # the server's loop: sessions are created on it
    isian = _Isian(doc, bangun)
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
