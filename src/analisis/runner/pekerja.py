"""Worker side of the runner: one long-lived kernel per worker, one region per task.

:func:`jalankan_tugas` is the only function sent to workers (process-pool workers or Dask
workers). It is a plain picklable function of a picklable :class:`TugasWilayah` returning a
:class:`HasilWilayah`, so any ``concurrent.futures`` executor can run it.

Per worker process (per thread, for Dask workers with several threads) a
:class:`KernelPekerja` keeps one IPython kernel alive between regions:

- IPC transport with a unique socket path (``<tempdir>/kernel``): no TCP port races, no
  crossed messages between kernels started from the same folder, no ipykernel warning about
  unencrypted TCP;
- a warm-up right after start (imports of pandas/xarray/analisis and the bundled data, the
  expensive part of a cold start; pandas' text storage, :data:`PENYIMPANAN_TEKS`), then
  ``%reset -f`` before every further region: imports stay cached, variables do not leak from
  one region into the next;
- one kernel client for the kernel's lifetime (:meth:`KernelPekerja._klien_siap`), used by
  the runner's own calls and by every notebook run;
- restarted after a dead kernel (one retry of the region), after a timeout (the region is
  interrupted with SIGINT, then the kernel killed if it does not stop) and every
  ``ganti_setiap`` regions;
- shut down when the worker ends: ``multiprocessing`` finaliser in pool workers, a worker
  plugin on Dask, and on SIGTERM (pool workers also get SIGTERM when the runner process
  dies, via ``PR_SET_PDEATHSIG``); a kernel whose worker vanished exits on its own
  (ipykernel polls its parent), or, forked from the kernel parent, is killed by that parent
  when the worker's connection to it closes (:mod:`analisis.runner.induk`).

Order of writes for a region: sidecar ``berjalan`` → (notebook writes JSON/NC, worker
writes HTML; each atomically) → log → sidecar ``berhasil``/``gagal``. A worker killed at any
point leaves at most temporary files (removed on the next run) and a region that is not a
cache hit.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analisis.proyek import Proyek
from analisis.runner.kunci import sapu_sementara, sekarang, sidik_jari_keluaran, tulis_sidecar
from analisis.tata_letak import FolderTahun

if TYPE_CHECKING:
    from jupyter_client import AsyncKernelManager
    from jupyter_client.asynchronous import AsyncKernelClient

ARGUMEN_KERNEL = (
    "--IPKernelApp.outstream_class=analisis.runner.aliran.AliranKernel",
    "--HistoryManager.enabled=False",
    "--Kernel._execute_sleep=0",
)
"""Extra command-line arguments of a runner kernel (documented IPython/ipykernel settings):

- its output streams skip the IO-thread round trip of an empty flush
  (:mod:`analisis.runner.aliran`; a dotted path, so that this worker module does not import
  ipykernel);
- no SQLite input history: by default every executed cell is written by a background thread to
  the user's ``~/.ipython/.../history.sqlite`` (one file shared by every kernel of the user), and
  the next cell waits for that write under the history lock (~6 ms per cell, ~0,1 s per region
  of ~17 cells on a busy machine). Nobody reads a runner kernel's history; the notebook's own
  ``In``/``Out`` and execution counts are unaffected;
- no pause before each execute reply: ipykernel sleeps ``Kernel._execute_sleep`` (0,5 ms, a
  configurable listed by ``--help-all``) after flushing the output streams, a workaround for
  clients that read the reply before the outputs. nbclient collects a cell's outputs until the
  kernel's ``idle`` status, which the kernel sends on the same IOPub socket after every output
  of the cell, so it needs no pause for what the cell writes before it returns (the cell itself,
  joined threads, stderr; tested). Output of a thread the cell started and did not join is
  dropped more often without it (12 of 210 such cells in a review probe, none with it; such
  text never lands in the next cell): the project's notebooks print from no thread. The sleep overshoots on a loaded machine (median 1,6 ms per
  execute measured under cProfile): ~0,01–0,03 s of wall time per region of ~17 cells."""

PENYIMPANAN_TEKS = "python"
"""pandas' storage of text columns in runner kernels (set first in :data:`PEMANASAN`).

With pyarrow installed, pandas 3 stores ``str`` columns in Arrow arrays by default; the
evaluation builds and reads hundreds of small tables per region cell by cell, where Arrow's
per-element access and array construction cost ~15–25 % of the kernel's time (measured in
CPU seconds per region). The ``python`` storage is the same ``str`` dtype with the same
semantics (pandas' own fallback without pyarrow, the storage this code was first written
against). Checked on all of Kalimantan: the 56 reports and results and the 5 rankings are
identical to those of Arrow-backed kernels apart from timestamps, durations and random ids."""

#: Code run in a fresh kernel before its first region (what every region would import anyway).
PEMANASAN = (
    f"__import__('pandas').set_option('mode.string_storage', {PENYIMPANAN_TEKS!r})\n"
    "import analisis.data.model, analisis.evaluasi, analisis.evaluasi.tampilan  # noqa\n"
    "# The ranking's sensitivity analysis (SALib, scipy.stats, ~1 CPU-s): while both kernels start\n"
    "# side by side, not in the ranking that ends a run with one kernel busy.\n"
    "import analisis.peringkat.sensitivitas  # noqa\n"
    "analisis.data.model.Basisdata.muat(None, impor=False).sidik_jari()  # bundle + lookup tables\n"
    "__import__('xarray').Dataset().to_netcdf()  # xarray's backend discovery (~1.5 s once)\n"
    "analisis.laporan.format.gaya_tabel(__import__('pandas').DataFrame({'a': [1.0]})).to_html()  # Styler templates\n"
    "# What a region imports on first use (budget with openpyxl, BNBA tables with DuckDB, the\n"
    "# notebook's parameters, dask.array through xarray): ~0.3 CPU-s of every kernel's first region,\n"
    "# paid once by the kernel parent (analisis.runner.induk) for all its kernels.\n"
    "import analisis.evaluasi.anggaran, analisis.evaluasi.tabel_bnba, analisis.evaluasi.triwulan_bnba  # noqa\n"
    "import analisis.parameter_notebook, analisis.data.lengkapi, analisis.data.validasi, dask.array  # noqa\n"
    "import analisis.bnba.diagnosa, analisis.bnba.tabel_triwulan, analisis.laporan.unduhan  # noqa\n"
    "# Long-lived objects (modules, bundled data) leave the garbage collector's view: the\n"
    "# collections %reset -f and every region trigger then scan only the region's objects.\n"
    "__import__('gc').collect(); __import__('gc').freeze()\n"
)
#: Run in a reused kernel before each region (one round trip). Panel (e.g. an analyst's hvplot
#: chart in a customised notebook) keeps every displayed object in its global state;
#: ``pn.state.reset()`` (public) clears it so a reused kernel does not grow.
#:
#: ``%reset -f`` runs two full garbage collections (IPython's output-cache flush and the magic
#: itself). Everything that survives a region (the cross-region memo of
#: :mod:`analisis.evaluasi.konteks`, library caches) stays in the collector's view, so each
#: reset scanned more objects than the last: 38 000 objects and 0,06 CPU-s after the first
#: region, 117 000 and 0,19 CPU-s after 56. ``gc.freeze()`` right after the reset moves the
#: survivors out of its view, as the warm-up does for the imports: every reset and every full
#: collection during a region then scan only that region's objects (a reset ~0,01 CPU-s, flat).
#: Frozen objects are still freed by reference counting when the memo drops them; only a
#: frozen object later caught in an unreachable cycle would wait for the kernel's renewal
#: (``ganti_setiap``). Measured over 56 regions: the kernel's resident memory the same with
#: and without the freeze.
KODE_BERSIH = (
    "__pn = __import__('sys').modules.get('panel')\n"
    "if __pn is not None:\n"
    "    __pn.state.reset()\n"
    "del __pn\n"
    "%reset -f\n"
    "__import__('gc').freeze()\n"
)
#: Seconds between SIGINT to a kernel that exceeded its time limit and killing it.
TENGGANG_INTERUPSI = 20.0


# --------------------------------------------------------------------------- task and result


@dataclass(frozen=True)
class TugasWilayah:
    """Everything a worker needs to evaluate one region (picklable; the project explicit)."""

    kode_wilayah: str
    nama: str
    kode_provinsi: str
    tahun: int
    proyek: Proyek
    kunci: str
    komponen_kunci: dict
    alasan: str
    tahun_awal: int | None = None
    pembanding: str | None = None
    berkas_params: str | None = None
    hanya_data_bawaan: bool = False
    kernel: str = "python3"
    batas_waktu: float | None = None
    ganti_setiap: int = 100
    pemanasan_tahap: str | None = None
    """Code the kernel runs after this region, unawaited (:meth:`KernelPekerja.kirim_kode`):
    the imports of the follow-up stage, given to the last regions of a run, so that a kernel
    left idle while the others finish is ready for the ranking."""

    @property
    def folder_tahun(self) -> FolderTahun:
        return self.proyek.tata_letak.tahun(self.kode_provinsi, self.tahun)


@dataclass
class HasilWilayah:
    """Outcome of one region: ``berhasil``, ``gagal`` or ``dilewati`` (cache hit)."""

    kode_wilayah: str
    nama: str
    kode_provinsi: str
    tahun: int
    status: str
    detik: float = 0.0
    pesan: str | None = None
    kunci: str | None = None
    alasan: str | None = None
    berkas: dict[str, str] = field(default_factory=dict)
    dari_cache: bool = False
    detik_kernel: float = 0.0  # kernel start + warm-up paid by this task (0 when reused)
    kernel_ke: int = 0  # n-th region of this kernel
    pid: int | None = None
    rss_pekerja_mb: float | None = None
    rss_kernel_mb: float | None = None
    percobaan: int = 1

    @property
    def label(self) -> str:
        return f"{self.nama} ({self.kode_wilayah})"


# --------------------------------------------------------------------------- kernel per worker


def _rss_puncak_mb(pid: int | None = None) -> float | None:
    """Peak resident memory (VmHWM) of a process in MiB, Linux /proc; None elsewhere."""
    try:
        with open(f"/proc/{pid or 'self'}/status", encoding="ascii") as f:
            for baris in f:
                if baris.startswith("VmHWM:"):
                    return round(int(baris.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        pass
    return None


class KernelMati(RuntimeError):
    """The kernel died or had to be killed while running a region."""


class KernelPekerja:
    """One reusable IPC kernel (see the module docstring)."""

    def __init__(
        self,
        kernel: str = "python3",
        cwd: str | None = None,
        pemanasan: str = PEMANASAN,
        ganti_setiap: int = 100,
    ) -> None:
        self.kernel = kernel
        self.cwd = cwd
        self.pemanasan = pemanasan
        self.ganti_setiap = ganti_setiap
        self.km: AsyncKernelManager | None = None
        self.kc: AsyncKernelClient | None = None  # one client for every run in this kernel
        self.pid: int | None = None
        self.dipakai = 0
        self.jumlah_mulai = 0
        self._folder: str | None = None
        self.terinterupsi = False
        self.kode_paket: str | None = None  # code fingerprint of the run that started this kernel
        self.detik_awal = 0.0  # start + warm-up paid before any task (mulai_kernel_awal)

    # -- lifecycle
    # An AsyncKernelManager, driven here through jupyter_core's run_sync (the same per-thread
    # event loop papermill/nbclient use). With a *blocking* KernelManager, nbclient's client
    # blocks the event loop while waiting for output, so a kernel that dies mid-cell is never
    # noticed and the run hangs forever (reproduced); the async client lets nbclient's
    # liveness poll raise DeadKernelError.
    def hidup(self) -> bool:
        try:
            return self.km is not None and bool(_sync(self.km.is_alive)())
        except Exception:  # noqa: BLE001 - any failure to ask the kernel means it is not usable
            return False

    def pastikan(self) -> float:
        """Start the kernel if needed (or due for renewal); return the seconds spent."""
        if self.km is not None and self.ganti_setiap and self.dipakai >= self.ganti_setiap:
            self.tutup()
        if self.hidup():
            return 0.0
        if self.km is not None:
            self.tutup()
        mulai = time.perf_counter()
        from jupyter_client import AsyncKernelManager

        self._folder = tempfile.mkdtemp(prefix="analisis-kernel-")
        km = AsyncKernelManager(
            kernel_name=self.kernel,
            transport="ipc",
            ip=str(Path(self._folder) / "kernel"),
            **_opsi_induk_kernel(),
        )
        try:
            _sync(km.start_kernel)(cwd=self.cwd, extra_arguments=list(ARGUMEN_KERNEL))
        except BaseException:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
            raise
        self.km = km
        self.pid = getattr(km.provisioner, "pid", None)
        self.dipakai = 0
        self.jumlah_mulai += 1
        _daftarkan(self)
        self.kc = self._klien_siap()
        self.jalankan_kode(self.pemanasan or "pass", batas=600)
        if self.pemanasan:
            self.jalankan_kode("%reset -f", batas=60)  # no warm-up variable leaks into a region
        return time.perf_counter() - mulai

    def _klien_siap(self) -> AsyncKernelClient:
        """A started client of this kernel, once the kernel answers.

        Kept for the kernel's lifetime and shared by the runner's own calls and every notebook
        run (``eksekusi(kc=...)``): jupyter_client's readiness check (which ends by waiting for
        0.2 s of IOPub silence) and the channel set-up are paid once per kernel, not per region,
        and no client is left open per run."""
        from analisis.notebook import klien_kernel

        assert self.km is not None, "client before the kernel was started"
        return klien_kernel(self.km)

    def jalankan_kode(self, kode: str, batas: float = 60) -> None:
        """Execute code in the kernel (no outputs kept); raise on error."""
        kc = self.kc
        assert kc is not None, "jalankan_kode before the kernel was started"
        balas = _sync(kc.execute_interactive)(
            kode, timeout=batas, store_history=False, output_hook=lambda m: None
        )
        isi = balas.get("content", {})
        if isi.get("status") != "ok":
            raise RuntimeError(f"{isi.get('ename', 'Galat')}: {isi.get('evalue', '')}")

    def kirim_kode(self, kode: str) -> None:
        """Send code to the kernel without waiting: it runs while this worker goes on (writes the
        log, returns the result). Its messages are not read; the next request of this client
        waits behind it, and every reply and output is matched to its own request."""
        assert self.kc is not None, "kirim_kode before the kernel was started"
        self.kc.execute(kode, silent=True, store_history=False)

    def bersihkan(self) -> None:
        """:data:`KODE_BERSIH`: clear the previous region's variables, keep imported modules."""
        self.jalankan_kode(KODE_BERSIH, batas=60)

    def interupsi(self) -> None:
        self.terinterupsi = True
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGINT)
            except OSError:
                pass

    def hentikan_paksa(self) -> None:
        """Kill the kernel process group without talking to it (safe from signal handlers)."""
        if self.pid:
            bunuh_grup(self.pid)  # the kernel leads its own session/group

    def tutup(self) -> None:
        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:  # noqa: BLE001, S110 - best effort: the kernel goes away anyway
                pass
            self.kc = None
        if self.km is not None:
            try:
                _sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - whatever the failure, fall back to killing the kernel
                self.hentikan_paksa()
        self.km = None
        self.pid = None
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _sync(fn):
    """A blocking version of an async jupyter_client method (run on this thread's loop)."""
    import inspect

    if not inspect.iscoroutinefunction(fn):
        return fn
    from jupyter_core.utils import run_sync

    return run_sync(fn)


_SEMUA_KERNEL: list[KernelPekerja] = []
_KERNEL_LOKAL = threading.local()
_KUNCI_DAFTAR = threading.Lock()


def _daftarkan(kp: KernelPekerja) -> None:
    with _KUNCI_DAFTAR:
        if kp not in _SEMUA_KERNEL:
            _SEMUA_KERNEL.append(kp)


def kernel_proses(
    kernel: str = "python3", cwd: str | None = None, ganti_setiap: int = 100
) -> KernelPekerja:
    """This thread's kernel (created on first use; one per process in pool workers)."""
    kp = getattr(_KERNEL_LOKAL, "kp", None)
    if kp is None or kp.kernel != kernel:  # the working folder is kept from the first task
        if kp is not None:
            kp.tutup()
        kp = KernelPekerja(kernel=kernel, cwd=cwd, ganti_setiap=ganti_setiap)
        _KERNEL_LOKAL.kp = kp
    kp.ganti_setiap = ganti_setiap
    return kp


_ALAMAT_INDUK: str | None = None
"""The Unix socket of the pool's kernel parent (:mod:`analisis.runner.induk`), if it has one."""


def atur_induk_kernel(alamat: str | None) -> None:
    """This worker's kernels are forked from the kernel parent at ``alamat`` (None: each kernel
    starts on its own, e.g. on a Dask worker)."""
    global _ALAMAT_INDUK
    _ALAMAT_INDUK = alamat


def _opsi_induk_kernel() -> dict[str, Any]:
    """The kernel manager's settings for a kernel forked from the kernel parent: its kernel
    spec manager gives the spec with the parent's provisioner (nothing without a parent)."""
    if _ALAMAT_INDUK is None:
        return {}
    from analisis.runner.induk_klien import ManajerSpesifikasiInduk

    return {"kernel_spec_manager": ManajerSpesifikasiInduk(alamat_induk=_ALAMAT_INDUK)}


def mulai_kernel_awal(kernel: str, cwd: str, ganti_setiap: int) -> None:
    """Start and warm up this worker's kernel now, before its first task (the pool's
    initializer, when the run started its workers before making its plan:
    :meth:`~analisis.runner.pelaksana.PelaksanaProses.mulai_dini`). The first region reports
    the seconds it took. A failure is left to the first region, which starts the kernel again
    and reports what goes wrong."""
    kp = kernel_proses(kernel, cwd, ganti_setiap)
    try:
        kp.detik_awal = kp.pastikan()
    except Exception:  # noqa: BLE001 - the first region starts it again and reports the failure
        kp.tutup()


def tutup_semua_kernel() -> None:
    """Shut down every kernel this process started (worker exit, Dask plugin teardown)."""
    with _KUNCI_DAFTAR:
        daftar = list(_SEMUA_KERNEL)
        _SEMUA_KERNEL.clear()
    for kp in daftar:
        kp.tutup()


def _bunuh_semua_kernel() -> None:
    for kp in _SEMUA_KERNEL:
        kp.hentikan_paksa()
        if kp._folder:
            shutil.rmtree(kp._folder, ignore_errors=True)


# --------------------------------------------------------------------------- pool worker setup


def _tangani_sigterm(signum, frame) -> None:  # pragma: no cover - runs in worker processes
    _bunuh_semua_kernel()
    os._exit(128 + signum)


def bunuh_grup(pid: int) -> None:
    """SIGKILL to the process group ``pid`` leads (a kernel leads its own session), else to the
    process alone; nothing when it is gone already."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (OSError, AttributeError):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def sinyal_saat_induk_mati(sinyal: int) -> bool:
    """Ask Linux to send ``sinyal`` to this process when its parent dies, even by SIGKILL
    (``PR_SET_PDEATHSIG``); False where that cannot be asked. The caller checks afterwards that
    the parent is still the one it expects (it may have died before)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(1, sinyal, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _pasang_pdeathsig() -> None:
    """Ask Linux to send SIGTERM to this worker when the runner process dies (even SIGKILL)."""
    induk = os.getppid()
    if sinyal_saat_induk_mati(signal.SIGTERM):
        if os.getppid() != induk:  # parent already gone
            _tangani_sigterm(signal.SIGTERM, None)
        return
    # No prctl here: fall back to polling the parent.

    def awasi() -> None:  # other systems: poll the parent
        while True:
            time.sleep(1.0)
            if os.getppid() != induk:
                _tangani_sigterm(signal.SIGTERM, None)

    threading.Thread(target=awasi, daemon=True, name="awasi-induk").start()


def _awasi_runner() -> None:
    """End this worker (and its kernel) as soon as the runner process that started it is gone.

    A worker forked from the fork server has the server as its parent, which outlives the
    runner while any worker lives (each holds the server's "alive" pipe), so the parent-death
    signal never comes. ``multiprocessing.parent_process().sentinel`` is the runner's end of
    the worker's start pipe: it becomes ready when the runner dies, however it dies."""
    import multiprocessing
    import multiprocessing.connection

    runner = multiprocessing.parent_process()
    if runner is None:
        return

    def awasi() -> None:
        multiprocessing.connection.wait([runner.sentinel])
        _tangani_sigterm(signal.SIGTERM, None)

    threading.Thread(target=awasi, daemon=True, name="awasi-runner").start()


def siapkan_proses_pekerja() -> None:
    """Initializer of process-pool workers.

    Ctrl-C reaches the whole foreground process group; only the runner reacts to it (and then
    terminates the workers), so workers ignore SIGINT. SIGTERM kills this worker's kernel at
    once and exits; stale temporary files are cleaned by the next run. The worker also ends
    when its parent or the runner dies (:func:`_pasang_pdeathsig`, :func:`_awasi_runner`).
    """
    import multiprocessing.util

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _tangani_sigterm)
    _pasang_pdeathsig()
    _awasi_runner()
    multiprocessing.util.Finalize(None, tutup_semua_kernel, exitpriority=10)


# --------------------------------------------------------------------------- the task


class _Log:
    """A region's log: Indonesian lines, relative paths only, written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.baris: list[str] = []

    def __call__(self, teks: str) -> None:
        self.baris.append(f"{sekarang()} {teks}")

    def tulis(self) -> None:
        from analisis.berkas import tulis_teks_atomik

        tulis_teks_atomik(self.path, "\n".join(self.baris) + "\n")


def _detik(x: float) -> str:
    from analisis.laporan.format import angka

    return f"{angka(x, 1)} detik"


def _ukuran(n: int) -> str:
    from analisis.laporan.format import angka

    return f"{angka(n / 1024, 0)} KB"


def jalankan_tugas(tugas: TugasWilayah) -> HasilWilayah:
    """Evaluate one region in this worker's kernel; never raises for a region's own failure."""
    dasar = tugas.folder_tahun
    kode = tugas.kode_wilayah
    sapu_sementara(dasar.subfolder_wilayah(), awalan=kode)
    hasil = HasilWilayah(
        kode,
        tugas.nama,
        tugas.kode_provinsi,
        tugas.tahun,
        "gagal",
        kunci=tugas.kunci,
        alasan=tugas.alasan,
        berkas=dasar.keluaran_wilayah(kode),
        pid=os.getpid(),
    )
    log = _Log(dasar.log(kode))
    mulai_iso = sekarang()
    tulis_sidecar(
        dasar,
        kode,
        nama=tugas.nama,
        tahun=tugas.tahun,
        status="berjalan",
        kunci=tugas.kunci,
        komponen_kunci=tugas.komponen_kunci,
        mulai=mulai_iso,
    )
    log(
        f"mulai evaluasi {tugas.nama} ({kode}) tahun {tugas.tahun}; alasan dijalankan: {tugas.alasan}"
    )
    log(
        f"kunci cache {tugas.kunci[:16]}; parameter: tahun_awal={tugas.tahun_awal}, pembanding={tugas.pembanding}, "
        f"hanya_data_bawaan={tugas.hanya_data_bawaan}, kernel={tugas.kernel}"
    )
    log.tulis()

    kp = kernel_proses(tugas.kernel, str(tugas.proyek.akar), tugas.ganti_setiap)
    mulai = time.perf_counter()
    siap = 0.0  # wall time of this task spent starting/resetting the kernel
    percobaan = 0
    while True:
        percobaan += 1
        try:
            t_siap = time.perf_counter()
            # (the kernel time reported may include a start paid before this task, early)
            hasil.detik_kernel += _siapkan_kernel(kp, log, tugas.komponen_kunci.get("kode"))
            siap += time.perf_counter() - t_siap
            hasil.kernel_ke = kp.dipakai + 1
            t0 = time.perf_counter()
            _evaluasi(tugas, kp)
            hasil.detik = time.perf_counter() - t0
            hasil.status = "berhasil"
            if tugas.pemanasan_tahap and kp.hidup():
                kp.kirim_kode(tugas.pemanasan_tahap)
            break
        except KernelMati as e:
            kp.tutup()
            if percobaan < 2 and not kp.terinterupsi:
                log(f"kernel mati ({e}); kernel baru dimulai dan wilayah diulang sekali")
                continue
            hasil.pesan = f"Evaluasi {tugas.nama} ({kode}) {tugas.tahun} gagal: {e}"
            break
        except Exception as e:  # noqa: BLE001 - every failure is reported for this region; GalatAnalisis names the region and the failing cell
            from analisis.galat import GalatAnalisis

            hasil.pesan = (
                str(e)
                if isinstance(e, GalatAnalisis)
                else (
                    f"Evaluasi {tugas.nama} ({kode}) {tugas.tahun} gagal: {type(e).__name__}: {e}"
                )
            )
            if kp.terinterupsi:
                hasil.pesan = (
                    f"Evaluasi {tugas.nama} ({kode}) {tugas.tahun} gagal: melebihi batas waktu "
                    f"{_detik(tugas.batas_waktu or 0)}; kernel dimulai ulang"
                )
                kp.tutup()
            break
        finally:
            kp.dipakai += 1
    hasil.percobaan = percobaan
    if not hasil.detik:  # failed: the task's time without its kernel start (never negative)
        hasil.detik = time.perf_counter() - mulai - siap
    hasil.rss_pekerja_mb = _rss_puncak_mb()
    hasil.rss_kernel_mb = _rss_puncak_mb(kp.pid) if kp.pid else None

    if hasil.status == "berhasil":
        ukuran = {k: (dasar.folder / r).stat().st_size for k, r in hasil.berkas.items()}
        log(
            f"selesai dalam {_detik(hasil.detik)}: "
            + ", ".join(f"{r} ({_ukuran(ukuran[k])})" for k, r in hasil.berkas.items())
        )
    else:
        log(f"GAGAL: {hasil.pesan}")
    log.tulis()
    tulis_sidecar(
        dasar,
        kode,
        nama=tugas.nama,
        tahun=tugas.tahun,
        status=hasil.status,
        kunci=tugas.kunci,
        komponen_kunci=tugas.komponen_kunci,
        detik=round(hasil.detik, 3),
        mulai=mulai_iso,
        selesai=sekarang(),
        pesan=hasil.pesan,
        berkas=hasil.berkas,
        sha256_berkas=sidik_jari_keluaran(dasar.folder, _keluaran_tercatat(dasar, kode, hasil))
        if hasil.status == "berhasil"
        else {},
    )
    return hasil


def _keluaran_tercatat(ft: FolderTahun, kode: str, hasil: HasilWilayah) -> list[str]:
    """The files a region's cache record vouches for: its outputs and the downloads its run
    left (a download deleted or edited later makes the region run again)."""
    unduhan = [r for r in ft.unduhan_wilayah(kode) if (ft.folder / r).is_file()]
    return [*hasil.berkas.values(), *unduhan]


@dataclass(frozen=True)
class TugasTahap:
    """A follow-up stage (e.g. the provincial ranking) to run in a worker's warm kernel."""

    fungsi: Any  # a module-level stage function (picklable by reference)
    kode_provinsi: str
    tahun: int
    proyek: Proyek
    kode_paket: str | None = None
    kernel: str = "python3"
    ganti_setiap: int = 100


_TAHAP_LOKAL = threading.local()


def kernel_tahap():
    """The kernel manager of the worker kernel a stage runs in (None outside a worker): a stage
    passes it on (``km=``) so its notebook runs in the already warm kernel."""
    kp = getattr(_TAHAP_LOKAL, "kp", None)
    return kp.km if kp is not None else None


def klien_tahap():
    """The ready client of that kernel (None outside a worker), the one this worker's regions
    use: a stage passes it on (``kc=``) with ``km``, so its notebook run does not start a client
    of its own and wait for its readiness check (which ends with 0.2 s of IOPub silence)."""
    kp = getattr(_TAHAP_LOKAL, "kp", None)
    return kp.kc if kp is not None else None


def jalankan_tahap(tugas: TugasTahap) -> list[str]:
    """Run a stage in this worker with its warm kernel (cleared first); return the written files.

    A stage's failure is raised to the runner (which reports it like a failing region)."""
    kp = kernel_proses(tugas.kernel, str(tugas.proyek.akar), tugas.ganti_setiap)
    _siapkan_kernel(kp, lambda teks: None, tugas.kode_paket)
    _TAHAP_LOKAL.kp = kp
    try:
        return [
            str(p) for p in (tugas.fungsi(tugas.kode_provinsi, tugas.tahun, tugas.proyek) or [])
        ]
    finally:
        _TAHAP_LOKAL.kp = None
        kp.dipakai += 1


def _siapkan_kernel(kp: KernelPekerja, log, kode_paket: str | None = None) -> float:
    """Reuse the kernel (after ``%reset -f``) or start one; a kernel that imported another version
    of the package (a previous run, before the code changed) is replaced."""
    kp.terinterupsi = False
    if kp.hidup() and kode_paket and kp.kode_paket not in (None, kode_paket):
        log("kode paket analisis berubah sejak kernel ini dimulai; kernel dimulai ulang")
        kp.tutup()
    if kp.hidup() and kp.dipakai and not (kp.ganti_setiap and kp.dipakai >= kp.ganti_setiap):
        try:
            kp.bersihkan()
            log(
                f"kernel dipakai ulang (wilayah ke-{kp.dipakai + 1} di kernel ini; pekerja {os.getpid()}, "
                f"kernel {kp.pid}); %reset -f"
            )
            return 0.0
        except Exception as e:  # noqa: BLE001 - a kernel that cannot be reset is replaced
            log(f"kernel tidak menjawab %reset -f ({type(e).__name__}); kernel baru dimulai")
            kp.tutup()
    detik = kp.pastikan()
    saat = ""
    if not detik and kp.detik_awal:  # started by the pool's initializer, before this task
        detik, kp.detik_awal, saat = kp.detik_awal, 0.0, " saat pekerja mulai"
    kp.kode_paket = kode_paket
    asal = getattr(kp.km.provisioner, "asal", "") if kp.km is not None else ""
    log(
        f"kernel baru (IPC{', ' + asal if asal else ''}) dimulai dan dipanaskan dalam "
        f"{_detik(detik)}{saat} (pekerja {os.getpid()}, kernel {kp.pid})"
    )
    return detik


@contextmanager
def pengawas_waktu(kp: KernelPekerja, batas: float | None, tenggang: float = TENGGANG_INTERUPSI):
    """Watchdog: SIGINT to the kernel after ``batas`` seconds, kill it ``tenggang`` seconds later.

    Signals go straight to the kernel process (no jupyter_client call from another thread).
    Afterwards ``kp.terinterupsi`` says whether the limit was hit.
    """
    kp.terinterupsi = False
    pengatur: list[threading.Timer] = []
    if batas:
        pengatur = [
            threading.Timer(batas, kp.interupsi),
            threading.Timer(batas + tenggang, kp.hentikan_paksa),
        ]
        for t in pengatur:
            t.daemon = True
            t.start()
    try:
        yield kp
    finally:
        for t in pengatur:
            t.cancel()


def _evaluasi(tugas: TugasWilayah, kp: KernelPekerja) -> None:
    """Run the notebook under the watchdog; a dead kernel becomes :class:`KernelMati`."""
    from nbclient.exceptions import DeadKernelError

    from analisis.evaluasi.jalankan import jalankan_evaluasi

    try:
        with pengawas_waktu(kp, tugas.batas_waktu):
            jalankan_evaluasi(
                tugas.kode_wilayah,
                tugas.tahun,
                proyek=tugas.proyek,
                tahun_awal=tugas.tahun_awal,
                pembanding=tugas.pembanding,
                berkas_params=tugas.berkas_params,
                hanya_data_bawaan=tugas.hanya_data_bawaan,
                km=kp.km,
                kc=kp.kc,
                kernel=tugas.kernel,
            )
    except DeadKernelError as e:
        raise KernelMati(
            "kernel berhenti mendadak"
            + (" setelah melebihi batas waktu" if kp.terinterupsi else "")
            + f" ({e})"
        ) from e
    if kp.terinterupsi:  # finished just as the limit hit: the kernel state is not trustworthy
        kp.tutup()


if sys.platform == "win32":  # pragma: no cover
    _pasang_pdeathsig = lambda: None
