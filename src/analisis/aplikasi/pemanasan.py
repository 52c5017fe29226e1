"""Warm-up script that ``panel serve --setup`` runs in every server process.

Each process imports the app and reads the reports folder once (``pn.cache``), so its first
visitor does not pay for them, and then freezes what it holds (:func:`gc.freeze`): the ~250,000
objects of the imported libraries and caches live as long as the process, and Python's cyclic
garbage collector would otherwise walk all of them in every full collection while sessions are
being built (about 14 % of a session's CPU time; 3 % frozen). Objects of later sessions are
collected as usual (:mod:`analisis.aplikasi.memori`).

With one process, ``analisis sajikan`` also passes ``--warm``: Panel then builds one session at
start-up (after this script), which ``--reuse-sessions`` uses for every visitor's page. With
several processes Panel (1.9, Python < 3.12) would build that start-up session *before* forking
and without running the app, and every worker would serve the page of that empty document —
without the Vega JavaScript the map and charts need — so there this script is the only warm-up
and each worker's first visitor's session is built and reused normally.
"""

from __future__ import annotations

import gc
import os
import sys

from analisis.aplikasi.halaman import buat_aplikasi


def panaskan() -> None:
    """Build the page once, then freeze every object alive (see the module docstring)."""
    try:
        buat_aplikasi(os.environ.get("ANALISIS_LAPORAN") or None)
    except Exception as e:  # noqa: BLE001 - warm-up only; the first session will report the problem to the visitor
        print(f"PERINGATAN: pemanasan aplikasi gagal: {e}", file=sys.stderr)
    gc.collect()  # the warm-up page itself is garbage: collect it before freezing
    gc.freeze()


panaskan()
