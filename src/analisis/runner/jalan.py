"""Orchestration of a run: plan (cache), execute in parallel, follow-up stages, site, manifest."""

from __future__ import annotations

import multiprocessing
import os
import signal
import statistics
import threading
import time
from collections import Counter, deque
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from analisis.galat import GalatAnalisis
from analisis.runner.kunci import (
    KomponenBersama,
    baca_sidecar,
    folder_wilayah_semua,
    gembok_folder,
    keluaran_lengkap,
    komponen_berubah,
    komponen_wilayah,
    kunci_dari,
    parameter_kunci,
    sapu_sementara,
    sekarang,
    sha256_berkas,
    sha256_json,
    sidik_jari_kode,
    sidik_jari_lock,
    sidik_jari_notebook,
    tulis_sidecar,
)
from analisis.runner.pekerja import (
    HasilWilayah,
    TugasTahap,
    TugasWilayah,
    _rss_puncak_mb,
    jalankan_tugas,
    siapkan_proses_pekerja,
)
from analisis.runner.pekerja import jalankan_tahap as jalankan_tahap_pekerja
from analisis.runner.tahap import TahapLanjutan, daftar_tahap, nama_tahap

KODE_DIHENTIKAN = 130


# --------------------------------------------------------------------------- results


@dataclass
class HasilTahap:
    """Outcome of a follow-up stage (or of the site build) for one province-year."""

    nama: str
    kode_provinsi: str
    tahun: int
    status: str  # berhasil | gagal | dilewati
    detik: float = 0.0
    pesan: str | None = None
    berkas: list[Path] = field(default_factory=list)


@dataclass
class RingkasanJalan:
    """What a run did: per-region results, stages, written site pages and manifests."""

    wilayah: list[HasilWilayah]
    tahap: list[HasilTahap]
    manifest: list[Path]
    situs: list[Path]
    indeks: Path | None
    detik: float
    pekerja: int
    pelaksana: str
    rss_utama_mb: float | None = None

    @property
    def berhasil(self) -> list[HasilWilayah]:
        return [h for h in self.wilayah if h.status == "berhasil"]

    @property
    def gagal(self) -> list[HasilWilayah]:
        return [h for h in self.wilayah if h.status == "gagal"]

    @property
    def dilewati(self) -> list[HasilWilayah]:
        return [h for h in self.wilayah if h.status == "dilewati"]

    @property
    def tahap_gagal(self) -> list[HasilTahap]:
        return [t for t in self.tahap if t.status == "gagal"]

    @property
    def kode_keluar(self) -> int:
        """0 when every region and stage succeeded (or was unchanged), else 1."""
        return 1 if self.gagal or self.tahap_gagal else 0

    def pesan_gagal(self) -> list[str]:
        """One Indonesian line per failure, naming the region (or stage) and the error."""
        return [h.pesan or f"{h.label} gagal" for h in self.gagal] + [
            f"Tahap {t.nama} {t.kode_provinsi}/{t.tahun} gagal: {t.pesan}" for t in self.tahap_gagal
        ]

    def teks_ringkas(self) -> str:
        from analisis.laporan.format import angka

        dijalankan = [h.detik for h in self.wilayah if h.status in ("berhasil", "gagal")]
        median = (
            f"; median {angka(statistics.median(dijalankan), 1)} detik per wilayah"
            if dijalankan
            else ""
        )
        return (
            f"{angka(len(self.wilayah), 0)} wilayah: {angka(len(self.berhasil), 0)} berhasil, "
            f"{angka(len(self.gagal), 0)} gagal, {angka(len(self.dilewati), 0)} tidak berubah (cache). "
            f"Waktu total {angka(self.detik, 1)} detik dengan {angka(self.pekerja, 0)} pekerja "
            f"({self.pelaksana}){median}."
        )


# --------------------------------------------------------------------------- plan


@dataclass
class RencanaWilayah:
    kode_wilayah: str
    nama: str
    kode_provinsi: str
    tahun: int
    kunci: str
    komponen: dict
    jalankan: bool
    alasan: str
    sidecar: dict | None


@dataclass
class Rencana:
    """The plan of a run: every kab/kota of the provinces, whether it must run and why."""

    provinsi: list[str]
    tahun: int
    diminta: list[str]
    semua: dict[str, RencanaWilayah]
    bersama: KomponenBersama
    params_yaml: dict[str, tuple[Path, str]]
    folder_laporan: Path

    @property
    def dijalankan(self) -> list[RencanaWilayah]:
        return [self.semua[k] for k in self.diminta if self.semua[k].jalankan]

    @property
    def dari_cache(self) -> list[RencanaWilayah]:
        return [self.semua[k] for k in self.diminta if not self.semua[k].jalankan]


def daftar_provinsi_diminta(provinsi: str | Sequence[str]) -> list[str]:
    """``"63"``/``"6300"``/``["61", "63"]``/``"semua"`` → province codes ``XX00`` (validated)."""
    from analisis.data.wilayah import daftar_provinsi, muat_wilayah

    daftar = [provinsi] if isinstance(provinsi, str) else list(provinsi)
    semua = daftar_provinsi()
    hasil: list[str] = []
    for p in daftar:
        p = str(p).strip()
        if p.lower() == "semua":
            kode = list(semua)
        elif (
            p.isdigit()
            and len(p) in (2, 4)
            and (len(p) == 2 or p.endswith("00"))
            and p[:2] + "00" in semua
        ):
            kode = [p[:2] + "00"]
        else:
            nama = ", ".join(f"{k[:2]} ({muat_wilayah().at[k, 'wilayah']})" for k in semua)
            raise GalatAnalisis(
                f"Provinsi '{p}' tidak dikenal; gunakan kode BPS {nama} atau 'semua'.", 2
            )
        hasil += [k for k in kode if k not in hasil]
    if not hasil:
        raise GalatAnalisis("Sebutkan minimal satu provinsi (kode BPS, mis. 63) atau 'semua'.", 2)
    return hasil


def _wilayah_diminta(provinsi: list[str], wilayah: Sequence[str] | None) -> list[str]:
    from analisis.data.wilayah import muat_wilayah, wilayah_provinsi

    semua = [k for kp in provinsi for k in wilayah_provinsi(kp)]
    if not wilayah:
        return semua
    w = muat_wilayah()
    hasil, salah = [], []
    for k in wilayah:
        for bagian in str(k).split(","):
            bagian = bagian.strip()
            if not bagian:
                continue
            if bagian in semua:
                if bagian not in hasil:
                    hasil.append(bagian)
            else:
                salah.append(bagian)
    if salah:
        prov = ", ".join(str(w.at[kp, "wilayah"]) for kp in provinsi)
        raise GalatAnalisis(
            f"Wilayah {', '.join(salah)} bukan kabupaten/kota di {prov}; gunakan kode BPS 4 digit "
            "(lihat 'analisis data wilayah').",
            2,
        )
    return sorted(hasil, key=semua.index)


def rencanakan(
    provinsi: str | Sequence[str],
    tahun: int,
    *,
    wilayah: Sequence[str] | None = None,
    paksa: bool = False,
    folder_laporan: str | Path = Path("reports"),
    penyimpanan: str | Path | None = None,
    hanya_data_bawaan: bool = False,
    tahun_awal: int | None = None,
    pembanding: str | None = None,
    berkas_params: str | Path | None = None,
    kernel: str = "python3",
) -> Rencana:
    """Compute every region's cache key and decide what must run (no side effects)."""
    from analisis.data.model import Basisdata
    from analisis.data.wilayah import muat_wilayah, wilayah_provinsi
    from analisis.evaluasi.jalankan import notebook_evaluasi
    from analisis.evaluasi.params import berkas_params_provinsi
    from analisis.notebook import akar_proyek
    from analisis.situs.data import nama_tampil

    kode_prov = daftar_provinsi_diminta(provinsi)
    tahun = int(tahun)
    if not 2000 <= tahun <= 2100:
        raise GalatAnalisis(
            f"Tahun {tahun} tidak masuk akal; gunakan tahun evaluasi seperti 2024.", 2
        )
    if berkas_params and len(kode_prov) > 1:
        raise GalatAnalisis(
            "Satu berkas parameter hanya berlaku untuk satu provinsi; pilih satu provinsi.", 2
        )
    diminta = _wilayah_diminta(kode_prov, wilayah)
    folder_laporan = Path(folder_laporan).resolve()
    basis = Basisdata.muat(penyimpanan, impor=not hanya_data_bawaan)
    bersama = KomponenBersama(
        notebook=sidik_jari_notebook(notebook_evaluasi()),
        kode=sidik_jari_kode(),
        uv_lock=sidik_jari_lock(akar_proyek()),
        data=basis.sidik_jari(),
    )
    params_yaml: dict[str, tuple[Path, str]] = {}
    for kp in kode_prov:
        p = Path(berkas_params).resolve() if berkas_params else berkas_params_provinsi(kp)
        if not p.is_file():
            raise GalatAnalisis(f"Berkas parameter tidak ditemukan: {p.name}", 3)
        params_yaml[kp] = (p, sha256_berkas(p))
    w = muat_wilayah()
    semua: dict[str, RencanaWilayah] = {}
    for kp in kode_prov:
        ft = folder_laporan / kp / str(tahun)
        for kode in wilayah_provinsi(kp):
            par = parameter_kunci(
                kode,
                tahun,
                tahun_awal=tahun_awal,
                pembanding=pembanding,
                hanya_data_bawaan=hanya_data_bawaan,
                kernel=kernel,
            )
            komp = komponen_wilayah(bersama, params_yaml[kp][1], par)
            kunci = kunci_dari(komp)
            sc = baca_sidecar(ft, kode)
            jalankan, alasan = True, ""
            if paksa:
                alasan = "dipaksa (--paksa)"
            elif sc is None:
                alasan = "belum pernah dijalankan"
            elif sc.get("status") == "berjalan":
                alasan = "jalan sebelumnya terputus"
            elif sc.get("kunci") != kunci:
                berubah = komponen_berubah(sc.get("komponen_kunci"), komp)
                alasan = "berubah: " + (", ".join(berubah) if berubah else "kunci cache")
            elif sc.get("status") != "berhasil":
                alasan = "jalan sebelumnya gagal"
            elif not keluaran_lengkap(ft, kode):
                alasan = "keluaran hilang"
            else:
                jalankan, alasan = False, "tidak berubah (cache)"
            nama = nama_tampil(str(w.at[kode, "wilayah"]), str(w.at[kode, "tingkat"]))
            semua[kode] = RencanaWilayah(kode, nama, kp, tahun, kunci, komp, jalankan, alasan, sc)
    return Rencana(kode_prov, tahun, diminta, semua, bersama, params_yaml, folder_laporan)


# --------------------------------------------------------------------------- executors


class PelaksanaProses:
    """A pool of worker processes (spawn), each owning one reusable kernel.

    Reusable across runs (``with PelaksanaProses(2) as p: jalankan_provinsi(..., pelaksana=p)``):
    the kernels stay warm between calls.
    """

    jenis = "proses"

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
                initializer=siapkan_proses_pekerja,
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
            except Exception:  # noqa: BLE001, S110 - best effort: every worker is joined and killed below anyway
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


# --------------------------------------------------------------------------- display


class _Tampilan:
    """Rich progress bar (regions in flight with their elapsed time) and one line per region."""

    def __init__(self, aktif: bool, konsol=None) -> None:
        self.aktif = aktif
        self.konsol = konsol
        self._progress = None
        self._task = None
        self._sedang: dict[str, tuple[str, float]] = {}

    def __enter__(self):
        if self.aktif:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                ProgressColumn,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.text import Text

            sedang = self._sedang

            class KolomSedang(ProgressColumn):
                def render(self, task) -> Text:
                    sekarang_ = time.monotonic()
                    isi = ", ".join(
                        f"{nama} {sekarang_ - t0:.0f} dtk" for nama, t0 in list(sedang.values())
                    )
                    return Text(f"sedang: {isi}" if isi else "", style="dim")

            self.konsol = self.konsol or Console(stderr=True, highlight=False)
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                BarColumn(bar_width=24),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                KolomSedang(),
                console=self.konsol,
                transient=True,
            )
        return self

    def __exit__(self, *exc) -> None:
        self.akhiri_batch()

    def akhiri_batch(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.stop()
            self._task = None

    def cetak(self, teks: str) -> None:
        if not self.aktif:
            return
        (self._progress.console if self._progress is not None else self.konsol).print(
            teks, highlight=False
        )

    def mulai_batch(self, judul: str, total: int) -> None:
        if self._progress is not None and total:
            self._progress.start()
            self._task = self._progress.add_task(judul, total=total)

    def mulai(self, t: TugasWilayah) -> None:
        self._sedang[t.kode_wilayah] = (t.nama, time.monotonic())

    def selesai(self, h: HasilWilayah) -> None:
        from rich.markup import escape

        from analisis.laporan.format import angka

        self._sedang.pop(h.kode_wilayah, None)
        if h.status == "berhasil":
            kernel = f", kernel baru {angka(h.detik_kernel, 1)} detik" if h.detik_kernel else ""
            self.cetak(f"[green]✓[/] {escape(h.label)} {angka(h.detik, 1)} detik{kernel}")
        else:
            self.cetak(f"[red]✗ {escape(h.label)}[/]: {escape(h.pesan or 'gagal')}")
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)


@contextmanager
def _sigterm_sebagai_interupsi():
    """Treat SIGTERM like Ctrl-C in the runner process (same clean shutdown)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def tangani(signum, frame):
        raise KeyboardInterrupt

    lama = signal.signal(signal.SIGTERM, tangani)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, lama)


def _gagal(t: TugasWilayah, pesan: str) -> HasilWilayah:
    return HasilWilayah(
        t.kode_wilayah,
        t.nama,
        t.kode_provinsi,
        t.tahun,
        "gagal",
        pesan=f"Evaluasi {t.nama} ({t.kode_wilayah}) {t.tahun} gagal: {pesan}",
        kunci=t.kunci,
        alasan=t.alasan,
    )


def _jalankan_semua(
    tugas: list[TugasWilayah], pelaksana, tampilan: _Tampilan
) -> dict[str, HasilWilayah]:
    """Keep ``kapasitas`` regions in flight; isolate failures; survive a dying worker once."""
    antre = deque(tugas)
    berjalan: dict = {}
    hasil: dict[str, HasilWilayah] = {}
    patah: Counter = Counter()
    while antre or berjalan:
        while antre and len(berjalan) < pelaksana.kapasitas:
            t = antre.popleft()
            berjalan[pelaksana.submit(jalankan_tugas, t)] = t
            tampilan.mulai(t)
        selesai, _ = wait(list(berjalan), timeout=0.5, return_when=FIRST_COMPLETED)
        rusak = False
        for f in selesai:
            t = berjalan.pop(f)
            try:
                h = f.result()
            except BrokenProcessPool:
                rusak = True
                patah[t.kode_wilayah] += 1
                if patah[t.kode_wilayah] < 2:
                    antre.appendleft(t)
                    continue
                h = _gagal(t, "proses pekerja berhenti mendadak dua kali (kehabisan memori?)")
            except Exception as e:  # noqa: BLE001 - one region's failure must not stop the others; e.g. a Dask worker lost, an unpicklable error
                h = _gagal(t, f"{type(e).__name__}: {e}")
            hasil[h.kode_wilayah] = h
            tampilan.selesai(h)
        if (
            rusak
        ):  # every other in-flight future of a broken pool fails too: collect, requeue, rebuild
            sisa, _ = wait(list(berjalan))
            for f in sisa:
                t = berjalan.pop(f)
                try:
                    h = f.result()
                except Exception:  # noqa: BLE001 - any failure of a broken pool's future: requeue the region
                    antre.appendleft(t)
                    continue
                hasil[h.kode_wilayah] = h
                tampilan.selesai(h)
            pelaksana.pulihkan()
    return hasil


# --------------------------------------------------------------------------- stages


def _jalankan_tahap(
    kp: str,
    tahun: int,
    folder_laporan: Path,
    kunci_wilayah: list[str],
    kode_paket: str,
    paksa: bool,
    tahap: list[TahapLanjutan],
    tampilan: _Tampilan,
    pelaksana=None,
    tugas_dasar: TugasTahap | None = None,
) -> list[HasilTahap]:
    hasil: list[HasilTahap] = []
    ft = folder_laporan / kp / str(tahun)
    for fn in tahap:
        nama = nama_tahap(fn)
        kunci = sha256_json({"tahap": nama, "wilayah": sorted(kunci_wilayah), "kode": kode_paket})
        sc = baca_sidecar(ft, f"tahap_{nama}")
        if (
            not paksa
            and sc
            and sc.get("status") == "berhasil"
            and sc.get("kunci") == kunci
            and all((ft / b).exists() for b in sc.get("berkas", []))
        ):
            hasil.append(
                HasilTahap(
                    nama, kp, tahun, "dilewati", berkas=[ft / b for b in sc.get("berkas", [])]
                )
            )
            continue
        tampilan.cetak(f"Tahap lanjutan {nama} untuk {kp}/{tahun}…")
        mulai = time.perf_counter()
        try:
            if (
                pelaksana is not None
                and tugas_dasar is not None
                and getattr(fn, "di_pekerja", False)
            ):
                tt = replace(tugas_dasar, fungsi=fn, kode_provinsi=kp, tahun=tahun)
                berkas = [Path(p) for p in pelaksana.submit(jalankan_tahap_pekerja, tt).result()]
            else:
                berkas = [Path(p) for p in (fn(kp, tahun, folder_laporan) or [])]
            h = HasilTahap(nama, kp, tahun, "berhasil", time.perf_counter() - mulai, berkas=berkas)
        except Exception as e:  # noqa: BLE001 - a failing stage is reported, the other stages go on
            h = HasilTahap(
                nama,
                kp,
                tahun,
                "gagal",
                time.perf_counter() - mulai,
                pesan=str(e) or type(e).__name__,
            )
            tampilan.cetak(f"[red]✗ Tahap {nama} {kp}/{tahun} gagal[/]: {h.pesan}")
        rel = []
        for p in h.berkas:
            try:
                rel.append(p.resolve().relative_to(ft).as_posix())
            except ValueError:
                pass
        tulis_sidecar(
            ft,
            f"tahap_{nama}",
            {
                "status": h.status,
                "kunci": kunci,
                "detik": round(h.detik, 3),
                "pesan": h.pesan,
                "berkas": rel,
                "selesai": sekarang(),
            },
        )
        hasil.append(h)
    return hasil


# --------------------------------------------------------------------------- the run


def _perintah(
    kode_prov: list[str],
    tahun: int,
    wilayah,
    paksa,
    pekerja,
    folder_laporan: Path,
    hanya_data_bawaan,
    tahun_awal,
    pembanding,
    berkas_params,
) -> str:
    from analisis.notebook import akar_proyek

    semua = len(kode_prov) == 5
    bagian = [
        "analisis jalankan",
        "--provinsi",
        "semua" if semua else ",".join(k[:2] for k in kode_prov),
        "--tahun",
        str(tahun),
    ]
    if wilayah:
        bagian += ["--wilayah", ",".join(wilayah)]
    if tahun_awal is not None:
        bagian += ["--tahun-awal", str(tahun_awal)]
    if pembanding:
        bagian += ["--pembanding", pembanding]
    if berkas_params:
        bagian += ["--params", _rel_proyek(Path(berkas_params), akar_proyek())]
    if hanya_data_bawaan:
        bagian.append("--hanya-bawaan")
    if paksa:
        bagian.append("--paksa")
    bagian += ["--pekerja", str(pekerja), "--keluaran", _rel_proyek(folder_laporan, Path.cwd())]
    return " ".join(bagian)


def _rel_proyek(p: Path, akar: Path) -> str:
    """A path relative to the project (no user names in the manifest), else its name."""
    try:
        return Path(p).resolve().relative_to(Path(akar).resolve()).as_posix() or "."
    except ValueError:
        return Path(p).name


def jalankan_provinsi(
    provinsi: str | Sequence[str],
    tahun: int,
    *,
    wilayah: Sequence[str] | None = None,
    paksa: bool = False,
    pekerja: int | None = None,
    folder_laporan: str | Path = Path("reports"),
    penyimpanan: str | Path | None = None,
    hanya_data_bawaan: bool = False,
    dask_alamat=None,
    progres: bool = True,
    tahun_awal: int | None = None,
    pembanding: str | None = None,
    berkas_params: str | Path | None = None,
    batas_waktu: float | None = 900,
    kernel: str = "python3",
    tahap: Sequence[TahapLanjutan] | None = None,
    pelaksana=None,
    ganti_kernel_setiap: int = 100,
    konsol=None,
) -> RingkasanJalan:
    """Evaluate every kab/kota of the province(s) for ``tahun`` in parallel, then stages, site, manifest.

    ``provinsi``: ``"63"``, ``"6300"``, a list, or ``"semua"`` (the five Kalimantan provinces).
    ``wilayah`` restricts to some kab/kota codes. Unchanged regions are skipped (content-hash
    cache) unless ``paksa``. ``pekerja`` worker processes (default: CPU count), or the Dask
    cluster at ``dask_alamat`` (an address or a ``distributed.Client``). ``pelaksana`` reuses an
    executor across calls (:class:`PelaksanaProses`/:class:`PelaksanaDask`; warm kernels).
    ``batas_waktu`` seconds per region (then the kernel is interrupted and restarted).
    ``tahap`` overrides :data:`analisis.runner.tahap.TAHAP_LANJUTAN`.

    Failing regions do not stop the others; check :attr:`RingkasanJalan.kode_keluar`. Ctrl-C or
    SIGTERM stops the workers and their kernels and raises :class:`~analisis.galat.GalatAnalisis`
    with exit code 130; completed regions are kept and the next run continues from there.
    """
    from analisis.data.penyimpanan import folder_bawaan
    from analisis.data.wilayah import muat_wilayah
    from analisis.evaluasi.params import folder_params
    from analisis.laporan.format import angka
    from analisis.laporan.sumber_daya import siapkan_static
    from analisis.notebook import akar_proyek
    from analisis.runner.manifest import tulis_manifest
    from analisis.situs.halaman import bangun_indeks_utama, bangun_situs

    mulai, mulai_iso = time.perf_counter(), sekarang()
    folder_laporan = Path(folder_laporan).resolve()
    daftar_tahap_ = list(daftar_tahap() if tahap is None else tahap)
    if not hanya_data_bawaan and penyimpanan is None:
        penyimpanan = folder_bawaan()
    penyimpanan_abs = (
        str(Path(penyimpanan).resolve()) if penyimpanan and not hanya_data_bawaan else None
    )

    with gembok_folder(folder_laporan), _Tampilan(progres, konsol) as tampilan:
        rencana = rencanakan(
            provinsi,
            tahun,
            wilayah=wilayah,
            paksa=paksa,
            folder_laporan=folder_laporan,
            penyimpanan=penyimpanan_abs,
            hanya_data_bawaan=hanya_data_bawaan,
            tahun_awal=tahun_awal,
            pembanding=pembanding,
            berkas_params=berkas_params,
            kernel=kernel,
        )
        tahun = rencana.tahun
        for kp in rencana.provinsi:
            ft = folder_laporan / kp / str(tahun)
            sapu_sementara(folder_wilayah_semua(ft))  # left by a killed run; we hold the lock
            sapu_sementara([ft, ft / "unduhan"])
        sapu_sementara([folder_laporan / "_static"], rekursif=True, usia_min=600)

        hasil: dict[str, HasilWilayah] = {}
        for r in rencana.dari_cache:
            sc = r.sidecar or {}
            hasil[r.kode_wilayah] = HasilWilayah(
                r.kode_wilayah,
                r.nama,
                r.kode_provinsi,
                tahun,
                "dilewati",
                detik=float(sc.get("detik") or 0.0),
                kunci=r.kunci,
                alasan=r.alasan,
                berkas=sc.get("berkas") or {},
                dari_cache=True,
            )
        if rencana.dari_cache:
            tampilan.cetak(
                f"{angka(len(rencana.dari_cache), 0)} wilayah tidak berubah sejak jalan terakhir yang "
                "berhasil (cache): dilewati."
            )
        tugas = [
            TugasWilayah(
                r.kode_wilayah,
                r.nama,
                r.kode_provinsi,
                tahun,
                str(folder_laporan),
                r.kunci,
                r.komponen,
                r.alasan,
                tahun_awal=tahun_awal,
                pembanding=pembanding,
                berkas_params=str(rencana.params_yaml[r.kode_provinsi][0]),
                penyimpanan=penyimpanan_abs,
                hanya_data_bawaan=hanya_data_bawaan,
                kernel=kernel,
                folder_params=str(folder_params().resolve()),
                batas_waktu=batas_waktu,
                ganti_setiap=ganti_kernel_setiap,
            )
            for r in rencana.dijalankan
        ]
        milik_sendiri = pelaksana is None
        tugas_tahap = TugasTahap(
            None,
            "",
            tahun,
            str(folder_laporan),
            kode_paket=rencana.bersama.kode,
            kernel=kernel,
            folder_params=str(folder_params().resolve()),
            ganti_setiap=ganti_kernel_setiap,
        )
        jenis = getattr(pelaksana, "jenis", "dask" if dask_alamat else "proses")
        jumlah_pekerja = getattr(pelaksana, "pekerja", None) or pekerja or os.cpu_count() or 1
        if tugas:
            siapkan_static(folder_laporan / "_static")  # once, before workers export concurrently
            if pelaksana is None:
                pelaksana = (
                    PelaksanaDask(dask_alamat)
                    if dask_alamat
                    else PelaksanaProses(min(jumlah_pekerja, len(tugas)))
                )
            jumlah_pekerja = pelaksana.pekerja
            if hasattr(pelaksana, "siapkan_untuk"):
                pelaksana.siapkan_untuk(rencana.bersama.kode)
            tampilan.mulai_batch(f"Evaluasi {len(tugas)} wilayah", len(tugas))
            try:
                with _sigterm_sebagai_interupsi():
                    hasil.update(_jalankan_semua(tugas, pelaksana, tampilan))
            except KeyboardInterrupt:
                tampilan.cetak("[yellow]Dihentikan: mematikan pekerja dan kernel…[/]")
                pelaksana.hentikan()
                selesai = [
                    k
                    for k in (t.kode_wilayah for t in tugas)
                    if (
                        baca_sidecar(
                            folder_laporan / rencana.semua[k].kode_provinsi / str(tahun), k
                        )
                        or {}
                    ).get("status")
                    == "berhasil"
                ]
                raise GalatAnalisis(
                    f"Jalan dihentikan pengguna. {angka(len(selesai), 0)} dari {angka(len(tugas), 0)} wilayah sudah "
                    "selesai dan tersimpan; laporan yang belum selesai tidak ditulis separuh. Jalankan perintah yang "
                    "sama lagi untuk melanjutkan.",
                    KODE_DIHENTIKAN,
                ) from None
            except BaseException:
                if milik_sendiri and pelaksana is not None:
                    try:
                        pelaksana.tutup()
                    except Exception:  # noqa: BLE001, S110 - best-effort cleanup; the original error is re-raised
                        pass
                raise
            tampilan.akhiri_batch()

        try:
            daftar_tahap_hasil: list[HasilTahap] = []
            manifest, situs = [], []
            w = muat_wilayah()
            for kp in rencana.provinsi:
                kode_kp = [k for k, r in rencana.semua.items() if r.kode_provinsi == kp]
                ft = folder_laporan / kp / str(tahun)
                lengkap = all(
                    (hasil[k].status in ("berhasil", "dilewati"))
                    if k in hasil
                    else not rencana.semua[k].jalankan
                    for k in kode_kp
                )
                if lengkap and daftar_tahap_:
                    daftar_tahap_hasil += _jalankan_tahap(
                        kp,
                        tahun,
                        folder_laporan,
                        [rencana.semua[k].kunci for k in kode_kp],
                        rencana.bersama.kode,
                        paksa,
                        daftar_tahap_,
                        tampilan,
                        pelaksana=pelaksana if (tugas or not milik_sendiri) else None,
                        tugas_dasar=tugas_tahap,
                    )
                try:
                    situs.append(bangun_situs(folder_laporan, kp, tahun))
                except Exception as e:  # noqa: BLE001 - a failing site build is reported as a failed stage
                    daftar_tahap_hasil.append(
                        HasilTahap("situs", kp, tahun, "gagal", pesan=f"{type(e).__name__}: {e}")
                    )
                p_yaml, sha_yaml = rencana.params_yaml[kp]
                selesai_iso = sekarang()
                manifest.append(
                    tulis_manifest(
                        folder_laporan,
                        kp,
                        tahun,
                        nama_provinsi=str(w.at[kp, "wilayah"]),
                        semua_kode=kode_kp,
                        nama_wilayah={k: rencana.semua[k].nama for k in kode_kp},
                        hasil={k: h for k, h in hasil.items() if k in kode_kp},
                        tahap=[t for t in daftar_tahap_hasil if t.kode_provinsi == kp],
                        parameter={
                            "tahun_awal": tahun_awal,
                            "pembanding": pembanding,
                            "hanya_data_bawaan": hanya_data_bawaan,
                            "ada_penyimpanan": penyimpanan_abs is not None,
                            "paksa": paksa,
                            "pekerja": jumlah_pekerja,
                            "pelaksana": jenis,
                            "wilayah_diminta": [k for k in rencana.diminta if k in kode_kp],
                            "kernel": kernel,
                            "batas_waktu": batas_waktu,
                        },
                        sidik_jari={
                            "data": rencana.bersama.data,
                            "params_yaml": {
                                "berkas": _rel_proyek(p_yaml, akar_proyek()),
                                "sha256": sha_yaml,
                            },
                            "notebook": {
                                "berkas": "notebooks/evaluasi_wilayah.ipynb",
                                "sha256_sel": rencana.bersama.notebook,
                                "sha256_berkas": sha256_berkas(
                                    akar_proyek() / "notebooks" / "evaluasi_wilayah.ipynb"
                                ),
                            },
                            "kode_paket": rencana.bersama.kode,
                            "uv_lock": rencana.bersama.uv_lock,
                        },
                        mulai=mulai_iso,
                        selesai=selesai_iso,
                        detik_total=time.perf_counter() - mulai,
                        perintah=_perintah(
                            rencana.provinsi,
                            tahun,
                            wilayah and rencana.diminta,
                            paksa,
                            jumlah_pekerja,
                            folder_laporan,
                            hanya_data_bawaan,
                            tahun_awal,
                            pembanding,
                            berkas_params,
                        ),
                    )
                )
        finally:  # the pool served the stages too (warm kernels)
            if milik_sendiri and pelaksana is not None:
                try:
                    pelaksana.tutup()
                except Exception:  # noqa: BLE001, S110 - best-effort pool shutdown; must not hide the run's result
                    pass
        indeks = bangun_indeks_utama(folder_laporan)
    urut = {k: i for i, k in enumerate(rencana.diminta)}
    return RingkasanJalan(
        wilayah=sorted(hasil.values(), key=lambda h: urut.get(h.kode_wilayah, 10**6)),
        tahap=daftar_tahap_hasil,
        manifest=manifest,
        situs=situs,
        indeks=indeks,
        detik=time.perf_counter() - mulai,
        pekerja=jumlah_pekerja,
        pelaksana=jenis,
        rss_utama_mb=_rss_puncak_mb(),
    )


def cetak_ringkasan(r: RingkasanJalan, konsol=None) -> None:
    """Print the run summary (table of regions that ran or failed, failures, totals) in Indonesian."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from analisis.laporan.format import angka

    konsol = konsol or Console(highlight=False)
    dijalankan = [h for h in r.wilayah if h.status != "dilewati"]
    if dijalankan:
        t = Table(title="Hasil jalan", show_lines=False)
        for k in ("Wilayah", "Status", "Detik", "Keterangan"):
            t.add_column(k, justify="right" if k == "Detik" else "left")
        for h in dijalankan:
            t.add_row(
                escape(h.label),
                "[green]berhasil[/]" if h.status == "berhasil" else "[red]gagal[/]",
                angka(h.detik, 1),
                escape(h.alasan or "") if h.status == "berhasil" else escape(h.pesan or ""),
            )
        konsol.print(t)
    for tp in r.tahap:
        konsol.print(
            f"Tahap {escape(tp.nama)} {tp.kode_provinsi}/{tp.tahun}: {tp.status}"
            + (f" ({escape(tp.pesan)})" if tp.pesan else "")
        )
    konsol.print(escape(r.teks_ringkas()))
    for p in r.situs:
        konsol.print(f"Situs: {p}")
    if r.kode_keluar:
        konsol.print(f"[red]{angka(len(r.pesan_gagal()), 0)} kegagalan:[/]")
        for baris in r.pesan_gagal():
            konsol.print(f"  - {escape(baris)}")
