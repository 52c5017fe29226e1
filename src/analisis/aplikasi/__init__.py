"""The ranking app: ``analisis sajikan`` serves the provincial TKPK ranking with Panel.

The app only *reads* what the runner wrote under the reports folder (``reports/`` by default):
``<prov>/<tahun>/peringkat/peringkat.json`` (ranking, framework, inputs, caveats),
``<prov>/<tahun>/hasil/<kode>.json`` / ``.nc`` (per-region results and series) and the HTML
reports, which the server serves under ``/reports/`` (publishable files only). It never runs a
notebook.

Modules (only :mod:`halaman`, :mod:`rinci`, :mod:`tunda` and :mod:`app` import Panel):

* :mod:`~analisis.aplikasi.keluaran` — which province-years the reports folder holds.
* :mod:`~analisis.aplikasi.data` — loading the runner's outputs (cached, keyed on file path,
  size and modification time) and report URLs; :mod:`~analisis.aplikasi.batas` — boundaries.
* :mod:`~analisis.aplikasi.ulang` — live re-ranking glue around the one ranking entry point.
* :mod:`~analisis.aplikasi.sesi` — the session state (:class:`SesiPeringkat`): what is open,
  weights, validity, current table, filters (:mod:`~analisis.aplikasi.saringan`), selection,
  robustness, map values (:mod:`~analisis.aplikasi.peta`), the URL view
  (:mod:`~analisis.aplikasi.alamat`) and the downloads (:mod:`~analisis.aplikasi.unduh`).
* :mod:`~analisis.aplikasi.tabel`, :mod:`~analisis.aplikasi.teks_rinci` — what the table and the
  drill-down show; :mod:`~analisis.aplikasi.fragmen` — the HTML fragments (``templat/``).
* :mod:`~analisis.aplikasi.halaman` — the Panel page (widgets and callbacks; :func:`buat_aplikasi`),
  :mod:`~analisis.aplikasi.rinci` — its drill-down; :mod:`~analisis.aplikasi.tunda` — its
  secondary parts sent after every waiting first document; :mod:`~analisis.aplikasi.app` — the
  script ``panel serve`` runs.
* :mod:`~analisis.aplikasi.sajian` — what ``/reports/`` serves (an allow-list of publishable
  files); :mod:`~analisis.aplikasi.cli` — the ``sajikan`` click command.

Importing this package does not import Panel; :func:`buat_aplikasi` does.
"""

from __future__ import annotations

__all__ = ["buat_aplikasi"]


def buat_aplikasi(folder_laporan=None, query=None):
    """Build the page for a reports folder (see :func:`analisis.aplikasi.halaman.buat_aplikasi`)."""
    from analisis.aplikasi.halaman import buat_aplikasi as _buat

    return _buat(folder_laporan, query)
