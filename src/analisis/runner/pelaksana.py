"""Executors of a run: a local process pool (one warm kernel per worker) or a Dask cluster.

Both offer the same small interface (``submit``, ``kapasitas``, ``pekerja``, ``pulihkan``,
``hentikan``, ``tutup``) to :func:`analisis.runner.jalan.jalankan_provinsi`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from analisis.galat import GalatAnalisis
from analisis.runner.pekerja import atur_induk_kernel, mulai_kernel_awal, siapkan_proses_pekerja

if TYPE_CHECKING:
    from analisis.runner.induk_klien import IndukKernel

MODUL_PRAMUAT = "analisis.runner.pramuat"
"""What the fork server imports once for every worker (:mod:`analisis.runner.pramuat`)."""

_kunci_server = threading.Lock()
_kode_server: str | None = None
"""The package code (fingerprint) this process's fork server was started for."""


def konteks_pekerja(kode_paket: str | None) -> Any:
    """The ``multiprocessing`` context of a run's workers.

    ``forkserver`` where the platform has it (Linux, macOS): the workers are forked from one
    server process that imported their modules once (``set_forkserver_preload``,
    :mod:`analisis.runner.pramuat`), instead of each spawned worker importing them again. The
    server lives as long as this process; a run whose package code differs from the code the
    server was started for (the package changed while a long-lived process kept running)
    gets ``spawn`` workers, which import the current code. ``spawn`` as well when the code is
    unknown (``kode_paket`` None) or on Windows."""
    global _kode_server
    spawn = multiprocessing.get_context("spawn")
    if kode_paket is None or "forkserver" not in multiprocessing.get_all_start_methods():
        return spawn
    konteks = multiprocessing.get_context("forkserver")
    with _kunci_server:
        if _kode_server is None:
            # The main script is imported again in every worker (multiprocessing's spawn
            # preparation): with the CLI that is analisis.cli, loaded once here as well.
            utama = ["analisis.cli"] if "analisis.cli" in sys.modules else []
            konteks.set_forkserver_preload([MODUL_PRAMUAT, *utama])
            _kode_server = kode_paket
            _mulai_server_tanpa_sigint()
        elif _kode_server != kode_paket:
            return spawn
    return konteks


def _mulai_server_tanpa_sigint() -> None:
    """Start the fork server now, with SIGINT ignored (inherited through its exec).

    The server imports :mod:`analisis.runner.pramuat` for a few seconds after it starts, and
    only then ignores SIGINT itself: a Ctrl-C in that window (the start of every run, which
    starts its workers before planning) printed the import's ``KeyboardInterrupt`` traceback.
    Its workers ignore SIGINT anyway (the runner stops them). Only from the main thread (signal
    handlers can be set nowhere else); otherwise the server starts with the first worker."""
    if threading.current_thread() is not threading.main_thread():
        return
    from multiprocessing import forkserver

    lama = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, lama)


def mulai_pekerja(
    inisialisasi: Callable[[], None],
    lingkungan: dict[str, str],
    folder: str,
    kernel_awal: tuple[str, str, int] | None = None,
    alamat_induk: str | None = None,
) -> None:
    """Initializer of every pool worker: the runner's environment variables and working folder
    as they are now (a worker forked from the fork server would otherwise have the server's,
    from when it started; a spawned one has them already), then ``inisialisasi``; the worker's
    kernels are forked from the pool's kernel parent at ``alamat_induk`` (when it has one); then,
    with ``kernel_awal`` (kernel name, working folder, renewal), the worker's kernel is started
    and warmed up at once (:func:`~analisis.runner.pekerja.mulai_kernel_awal`)."""
    if dict(os.environ) != lingkungan:
        os.environ.clear()
        os.environ.update(lingkungan)
    try:
        os.chdir(folder)
    except OSError:  # the folder went away: the kernel's own folder is set per task anyway
        pass
    inisialisasi()
    atur_induk_kernel(alamat_induk)
    if kernel_awal is not None:
        mulai_kernel_awal(*kernel_awal)


def mulai_induk(folder: str) -> IndukKernel | None:
    """The kernel parent of a pool (:class:`~analisis.runner.induk_klien.IndukKernel`) on Linux;
    else None (each kernel starts on its own: macOS does not support forking a process that
    has loaded its system frameworks, which is why multiprocessing spawns there). A parent that
    cannot start leaves the kernels to start on their own as well."""
    if not sys.platform.startswith("linux"):
        return None
    from analisis.runner.induk_klien import IndukKernel

    try:
        return IndukKernel(folder)
    except OSError:
        return None


class PelaksanaProses:
    """A pool of worker processes (forked from a fork server, see :func:`konteks_pekerja`),
    each owning one reusable kernel, forked from the pool's kernel parent
    (:mod:`analisis.runner.induk`) where the platform can fork.

    Reusable across runs (``with PelaksanaProses(2) as p: jalankan_provinsi(..., pelaksana=p)``):
    the kernels stay warm between calls.
    """

    jenis = "proses"
    inisialisasi = staticmethod(siapkan_proses_pekerja)
    """Run once in every worker process as it starts (a module-level function: pickled by name)."""

    def __init__(self, pekerja: int | None = None) -> None:
        self.pekerja = max(1, int(pekerja or os.cpu_count() or 1))
        self._pool: ProcessPoolExecutor | None = None
        self._kode: str | None = None
        self._kernel_awal: tuple[str, str, int] | None = None
        self._utas_dini: threading.Thread | None = None
        self._induk: IndukKernel | None = None

    def mulai_dini(self, kode_paket: str, kernel: str, folder: str, ganti_setiap: int) -> None:
        """Start the workers and their kernels now, before any task (a run calls this before
        making its plan, when regions will surely run): each worker starts and warms up its
        kernel in its initializer, while the runner plans. The pool is created in a thread (the
        first worker of a fork server waits for the server's imports); every other method
        waits for it. Nothing when the pool runs already."""
        if self._pool is not None or self._utas_dini is not None:
            return
        self.siapkan_untuk(kode_paket, folder)
        konteks_pekerja(kode_paket)  # the fork server starts here, in the main thread
        kernel_awal = (kernel, folder, ganti_setiap)
        self._utas_dini = threading.Thread(
            target=self._mulai_pool, args=(kernel_awal,), name="pool-dini", daemon=True
        )
        self._utas_dini.start()

    def _mulai_pool(self, kernel_awal: tuple[str, str, int]) -> None:
        self._kernel_awal = kernel_awal
        try:
            pool = self._buat_pool()
            for _ in range(self.pekerja):  # one task per worker: each submit starts a process
                pool.submit(os.getpid)
        except Exception:  # noqa: BLE001, S110 - the first region's submit fails the same way and reports it
            pass
        finally:
            self._kernel_awal = None

    def _tunggu_dini(self) -> None:
        if self._utas_dini is not None:
            self._utas_dini.join()
            self._utas_dini = None

    def siapkan_untuk(self, kode_paket: str, folder: str | None = None) -> None:
        """Before a run: workers (and the kernel parent) that imported another version of the
        package are replaced. The kernel parent starts here, in ``folder`` (the project's root,
        where the kernels run; default the working folder), before the workers: it imports
        while the fork server imports and the run plans."""
        self._tunggu_dini()
        if self._kode is not None and self._kode != kode_paket:
            self.tutup()
        self._kode = kode_paket
        if self._pool is None:
            self._siapkan_induk(folder or os.getcwd())

    def _siapkan_induk(self, folder: str) -> None:
        """A kernel parent for the pool about to start: the one running when it still fits
        (alive, same folder, this process's environment, which the new workers get), else a
        new one (a parent whose environment differs from its workers' would refuse them all)."""
        if self._induk is not None and not self._induk.cocok(folder):
            self._hentikan_induk(segera=True)  # no pool: none of its kernels is in use
        if self._induk is None:
            self._induk = mulai_induk(folder)

    @property
    def kapasitas(self) -> int:
        return self.pekerja

    def submit(self, fn, arg):
        self._tunggu_dini()
        return self._buat_pool().submit(fn, arg)

    def _buat_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            if self._induk is not None:  # e.g. after pulihkan: the parent may have died too
                self._siapkan_induk(self._induk.folder)
            self._pool = ProcessPoolExecutor(
                max_workers=self.pekerja,
                mp_context=konteks_pekerja(self._kode),
                initializer=mulai_pekerja,
                initargs=(
                    self.inisialisasi,
                    dict(os.environ),
                    os.getcwd(),
                    self._kernel_awal,
                    None if self._induk is None else self._induk.alamat,
                ),
            )
        return self._pool

    def pid_pekerja(self) -> list[int]:
        self._tunggu_dini()
        if self._pool is None:
            return []
        return [p.pid for p in (self._pool._processes or {}).values() if p.pid is not None]

    def pid_induk(self) -> int | None:
        """The process id of the pool's kernel parent (None: it has none, or it stopped)."""
        self._tunggu_dini()
        return None if self._induk is None or not self._induk.hidup() else self._induk.proses.pid

    def pulihkan(self) -> None:
        """Drop a broken pool (a worker died); the next submit starts a fresh one."""
        self._tunggu_dini()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def hentikan(self) -> None:
        """Stop now: SIGTERM to every worker (each kills its kernel at once), then reap."""
        self._tunggu_dini()
        if self._pool is None:
            self._hentikan_induk(segera=True)
            return
        proses = list((self._pool._processes or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for p in proses:
            try:
                p.terminate()
            except Exception:  # noqa: BLE001, S110 - best effort: the process may be gone already
                pass
        for p in proses:
            p.join(10)
            if p.is_alive():
                p.kill()
        self._pool = None
        self._hentikan_induk(segera=True)

    def tutup(self) -> None:
        self._tunggu_dini()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        self._hentikan_induk()

    def _hentikan_induk(self, segera: bool = False) -> None:
        if self._induk is not None:
            self._induk.hentikan(segera)
            self._induk = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is not None:  # an error or Ctrl-C: do not wait for regions in flight
            self.hentikan()
        else:
            self.tutup()


class PelaksanaDask:
    """Run regions on an existing Dask cluster (each worker thread keeps its own kernel)."""

    jenis = "dask"

    def __init__(self, alamat) -> None:
        from distributed import Client

        from analisis.runner.terdistribusi import PluginKernel

        if isinstance(alamat, str):
            try:
                self.client = Client(alamat, set_as_default=False, timeout="30s")
            except OSError as e:
                raise GalatAnalisis(
                    f"Tidak dapat terhubung ke klaster Dask {alamat}: {e}", 3
                ) from None
            self._milik = True
        else:
            self.client, self._milik = alamat, False
        self.client.register_plugin(PluginKernel())
        self._ex = self.client.get_executor()

    @property
    def kapasitas(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    @property
    def pekerja(self) -> int:
        return self.kapasitas

    def submit(self, fn, arg):
        return self._ex.submit(fn, arg)

    def pulihkan(self) -> None:
        pass

    def hentikan(self) -> None:
        try:
            self._ex.shutdown(wait=False)
        finally:
            self.tutup()

    def tutup(self) -> None:
        if self._milik:
            self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.tutup()
