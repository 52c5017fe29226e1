"""Warm-up script that ``panel serve --setup`` runs in every worker process (``--num-procs`` > 1).

With one process, ``analisis sajikan`` passes ``--warm``: Panel builds one session at start-up,
which ``--reuse-sessions`` then uses for every visitor's page. With several processes Panel
(1.9, Python < 3.12) builds that start-up session *before* forking and without running the
app, and every worker would serve the page of that empty document — without the Vega
JavaScript the map and charts need. So for several processes the command passes this script
instead: each worker imports the app and reads the reports folder once (``pn.cache``), and its
first visitor's session is then built and reused normally.
"""

from __future__ import annotations

import os
import sys

from analisis.aplikasi.halaman import buat_aplikasi

try:
    buat_aplikasi(os.environ.get("ANALISIS_LAPORAN") or None)
except Exception as e:  # noqa: BLE001 - warm-up only; the first session will report the problem to the visitor
    print(f"PERINGATAN: pemanasan aplikasi gagal: {e}", file=sys.stderr)
