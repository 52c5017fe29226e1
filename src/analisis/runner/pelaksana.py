"""Executors of a run: a local process pool (one warm kernel per worker) or a Dask cluster.

Both offer the same small interface (``submit``, ``kapasitas``, ``pekerja``, ``pulihkan``,
``hentikan``, ``tutup``) to :func:`analisis.runner.jalan.jalankan_provinsi`.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from analisis.galat import GalatAnalisis
from analisis.runner.pekerja import siapkan_proses_pekerja


class PelaksanaProses:
    """A pool of worker processes (spawn), each owning one reusable kernel.

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

    def siapkan_untuk(self, kode_paket: str) -> None:
        """Before a run: workers that imported another version of the package are replaced."""
        if self._kode is not None and self._kode != kode_paket:
            self.tutup()
        self._kode = kode_paket

    @property
    def kapasitas(self) -> int:
        return self.pekerja

    def submit(self, fn, arg):
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.pekerja,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=self.inisialisasi,
            )
        return self._pool.submit(fn, arg)

    def pid_pekerja(self) -> list[int]:
        if self._pool is None:
            return []
        return [p.pid for p in (self._pool._processes or {}).values() if p.pid is not None]

    def pulihkan(self) -> None:
        """Drop a broken pool (a worker died); the next submit starts a fresh one."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def hentikan(self) -> None:
        """Stop now: SIGTERM to every worker (each kills its kernel at once), then reap."""
        if self._pool is None:
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

    def tutup(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

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
