"""The script ``panel serve`` runs for every browser session (see ``analisis sajikan``).

Run it the way production does (``analisis sajikan`` builds exactly this command; see
``analisis sajikan --cetak-perintah``)::

    ANALISIS_LAPORAN=$PWD/reports python -m panel serve src/analisis/aplikasi/app.py \\
        --address 127.0.0.1 --port 5006 --allow-websocket-origin 127.0.0.1:5006 \\
        --plugins analisis.aplikasi.sajian --liveness

The reports folder comes from ``$ANALISIS_LAPORAN`` (default: the project's ``reports/``); the
framework of each ranking comes from its ``peringkat.json`` (no YAML is read). The view of the
URL query (province, year, weights, normalisation, region) is opened. Everything heavy lives in
:mod:`analisis.aplikasi.halaman`, imported once per server process; this script only builds one
page per session.
"""

from __future__ import annotations

import os

import panel as pn
from panel.io.resources import get_dist_path

from analisis.aplikasi.halaman import buat_aplikasi, templat_halaman

if __name__.startswith("bokeh_app") or __name__ == "__main__":
    doc = pn.state.curdoc
    if doc is not None and doc.session_context is not None:
        # ``analisis sajikan`` serves with --reuse-sessions: the page is rendered once and each
        # session's document is built when its websocket connects. Panel (1.9) sets the local
        # location of its component stylesheets only while rendering a page, so without this
        # every component would reference cdn.holoviz.org (offline: unstyled page).
        doc.template_variables.setdefault("dist_url", get_dist_path(cdn=False))
        doc.template = templat_halaman()  # <html lang="id">
    buat_aplikasi(os.environ.get("ANALISIS_LAPORAN") or None).servable(
        title="Peringkat kinerja TKPK"
    )
