"""Batch runner: evaluate every kab/kota of a province (or all of Kalimantan) fast and safely.

Design (measured on a 2-core machine, see ``benchmarks/bench_runner.py`` and the engineering
notes): **one long-lived runner process** plans the run, then keeps ``pekerja`` worker
**processes** busy (``concurrent.futures.ProcessPoolExecutor``, spawn; papermill is not
thread-safe). Each worker owns **one IPython kernel** for its lifetime
(:class:`~analisis.runner.pekerja.KernelPekerja`): IPC transport with a unique socket path,
warmed up once, ``%reset -f`` between regions, restarted on a dead kernel or timeout, with one
ready client shared by every region. Where the platform can fork, the pool's kernels are forked
from one **kernel parent** (:mod:`analisis.runner.induk`), started with the pool, which imported
and warmed up once what every kernel needs; the kernels are otherwise the same (a jupyter_client
kernel provisioner, :mod:`analisis.runner.induk_klien`). The notebook gets its parameters from papermill and runs
with nbclient in that kernel (:func:`analisis.notebook.eksekusi`, ``km=``/``kc=``) and the report
is exported in process (:func:`analisis.evaluasi.jalankan.jalankan_evaluasi`); nothing is
shelled out per region. The follow-up stage of a province (the ranking) starts on the pool as
soon as its last region is done, beside the regions still running; the last region of each
worker leaves its kernel importing what that stage needs.

What a run does (:func:`jalankan_provinsi`):

1. take the reports folder's lock, compute every region's cache key
   (:mod:`analisis.runner.kunci`) and skip the unchanged ones (``paksa`` overrides);
2. remove temporary files left by a killed run, prepare the shared ``_static`` folder once;
3. run the rest in parallel with a rich progress bar; a failing region is recorded (its log
   ``<prov>/<tahun>/log/<kode>.log`` and sidecar ``.cache/<kode>.json``) and the others go on;
4. when every kab/kota of a province is complete, run the follow-up stages
   (:data:`analisis.runner.tahap.TAHAP_LANJUTAN`, e.g. the provincial ranking);
5. rebuild the static site (:func:`analisis.situs.bangun_situs`) and write the run manifest
   ``<prov>/<tahun>/manifest.json`` (:mod:`analisis.runner.manifest`), atomically.

Rerunning the same command retries only what failed, changed or was interrupted.

**Scaling out with Dask.** ``dask_alamat="tcp://scheduler:8786"`` (or a ``distributed.Client``)
sends the same :func:`~analisis.runner.pekerja.jalankan_tugas` to Dask workers through
``client.get_executor()``; each worker thread keeps its own kernel across regions and runs
(a worker plugin shuts them down with the worker). Requirements: the workers run the same
environment (same ``analisis`` install, ``ipykernel`` and the ``python3`` kernelspec), see the
same project folder (``notebooks/``, ``params/``) and the same reports folder at the **same
absolute paths** (shared filesystem), and use ``--nthreads 1`` (one kernel per process; papermill
changes the working directory). On an HPC scheduler, start the cluster with dask-jobqueue::

    from dask_jobqueue import SLURMCluster          # or PBSCluster, SGECluster, ...
    cluster = SLURMCluster(cores=1, processes=1, memory="4GiB", walltime="02:00:00",
                           job_script_prologue=["source /proj/analisis/.venv/bin/activate"])
    cluster.scale(jobs=32)                          # 32 single-threaded workers
    jalankan_provinsi("semua", 2024, dask_alamat=cluster.scheduler_address,
                      folder_laporan="/proj/shared/reports")

(``pip install dask-jobqueue`` on the submitting machine; it is not a dependency of this
package.) From the command line the equivalent is ``analisis jalankan --dask tcp://...``.
With ~500 regions the work per region (8–10 s of notebook) dominates; kernel warm-up is paid
once per worker.
"""

from analisis.runner.jalan import HasilTahap, RingkasanJalan, jalankan_provinsi
from analisis.runner.pekerja import HasilWilayah, KernelPekerja, TugasWilayah, jalankan_tugas
from analisis.runner.pelaksana import PelaksanaDask, PelaksanaProses
from analisis.runner.progres import cetak_ringkasan
from analisis.runner.rencana import Rencana, rencanakan
from analisis.runner.tahap import TAHAP_LANJUTAN

__all__ = [
    "TAHAP_LANJUTAN",
    "HasilTahap",
    "HasilWilayah",
    "KernelPekerja",
    "PelaksanaDask",
    "PelaksanaProses",
    "Rencana",
    "RingkasanJalan",
    "TugasWilayah",
    "cetak_ringkasan",
    "jalankan_provinsi",
    "jalankan_tugas",
    "rencanakan",
]
