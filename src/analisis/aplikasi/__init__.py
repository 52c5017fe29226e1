"""The ranking app: ``analisis sajikan`` serves the provincial TKPK ranking with Panel.

The app only *reads* what the runner wrote under the reports folder (``reports/`` by default):
``<prov>/<tahun>/peringkat/peringkat.json`` (ranking, its input table and weights),
``<prov>/<tahun>/hasil/<kode>.json`` / ``.nc`` (per-region results and series) and the HTML
reports, which the Panel server itself serves under ``/reports/``. It never runs a notebook.

Modules:

* :mod:`~analisis.aplikasi.keluaran` — which province-years the reports folder holds (no Panel).
* :mod:`~analisis.aplikasi.data` — loading the runner's outputs (cached with
  ``pn.cache``, keyed on file path, size and modification time) and the bundled boundaries.
* :mod:`~analisis.aplikasi.ulang` — live re-ranking glue: renormalised weights, a normalisation
  choice, and the library's own :func:`~analisis.peringkat.uji_robust` /
  :func:`~analisis.peringkat.hitung_indeks` on ``peringkat.json``'s ``masukan`` table.
* :mod:`~analisis.aplikasi.tampilan` — the page (``AplikasiPeringkat``; :func:`buat_aplikasi`).
* :mod:`~analisis.aplikasi.app` — the script ``panel serve`` runs.
* :mod:`~analisis.aplikasi.cli` — the ``sajikan`` click command.

Importing this package does not import Panel; :func:`buat_aplikasi` does.
"""

from __future__ import annotations

__all__ = ["buat_aplikasi"]


def buat_aplikasi(folder_laporan=None):
    """Build the page for a reports folder (see :func:`analisis.aplikasi.tampilan.buat_aplikasi`)."""
    from analisis.aplikasi.tampilan import buat_aplikasi as _buat

    return _buat(folder_laporan)
