"""What the runner's fork server loads once for all its workers (``set_forkserver_preload``).

With the ``forkserver`` start method (:class:`analisis.runner.pelaksana.PelaksanaProses`),
every worker process is forked from one server process that imported this module: the worker's
own modules (pandas and the contracts, the notebook client, papermill, nbconvert) and the HTML
exporter, warmed up (:func:`~analisis.laporan.ekspor.panaskan_ekspor`), are paid once per
runner process instead of once per worker (~1.2 CPU-s each with spawn). Importing this module
has no effect beyond that; a failed warm-up is left to the first report, which reports it.
"""

from __future__ import annotations

import jupyter_client  # noqa: F401 - the worker's kernel manager and client
import nbclient  # noqa: F401
import papermill.parameterize  # noqa: F401

import analisis.evaluasi.jalankan
import analisis.notebook
import analisis.runner.induk_klien  # the worker's kernel provisioner
import analisis.runner.pekerja  # noqa: F401
from analisis.laporan.ekspor import panaskan_ekspor

try:
    panaskan_ekspor()
except Exception:  # noqa: BLE001, S110 - a warm-up only: the first report pays and reports it
    pass
