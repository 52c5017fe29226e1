"""Orchestration of a run: plan (cache), execute in parallel, follow-up stages, site, manifest.

The plan (which region runs and why) is :mod:`analisis.runner.rencana`, the executors
:mod:`analisis.runner.pelaksana`, what is printed :mod:`analisis.runner.progres`, the manifest
:mod:`analisis.runner.manifest`; every path comes from the project's reports layout.
"""

from __future__ import annotations

import os
import signal
import statistics
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from analisis.galat import GalatAnalisis
from analisis.proyek import Proyek
from analisis.runner.kunci import (
    baca_sidecar,
    gembok_folder,
    keluaran_berubah,
    komponen_berkas,
    komponen_tahap,
    kunci_dari,
    sapu_sementara,
    sekarang,
    sidik_jari_keluaran,
    sidik_jari_notebook,
    tulis_sidecar,
)
from analisis.runner.manifest import JalanBerjalan
from analisis.runner.pekerja import (
    HasilWilayah,
    TugasTahap,
    TugasWilayah,
    _rss_puncak_mb,
    jalankan_tugas,
)
from analisis.runner.pekerja import jalankan_tahap as jalankan_tahap_pekerja
from analisis.runner.pelaksana import PelaksanaDask, PelaksanaProses
from analisis.runner.progres import Progres
from analisis.runner.rencana import Rencana, RencanaWilayah, rencanakan
from analisis.runner.tahap import (
    TahapLanjutan,
    berkas_masukan,
    daftar_tahap,
    kode_pemanasan,
    nama_tahap,
)
from analisis.tata_letak import FolderTahun

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
    tugas: list[TugasWilayah],
    pelaksana,
    tampilan: Progres,
    saat_selesai: Callable[[HasilWilayah], None] | None = None,
    pemanasan: str | None = None,
) -> dict[str, HasilWilayah]:
    """Keep ``kapasitas`` regions in flight; isolate failures; survive a dying worker once.

    ``saat_selesai`` is called with every region's final result, as it comes. The last
    ``kapasitas`` regions (the last of each worker) carry ``pemanasan``, the follow-up stage's
    warm-up, for their kernel to run when they are done."""

    def catat(h: HasilWilayah) -> None:
        hasil[h.kode_wilayah] = h
        tampilan.selesai(h)
        if saat_selesai is not None:
            saat_selesai(h)

    antre = deque(tugas)
    berjalan: dict = {}
    hasil: dict[str, HasilWilayah] = {}
    patah: Counter = Counter()
    while antre or berjalan:
        while antre and len(berjalan) < pelaksana.kapasitas:
            t = antre.popleft()
            terakhir = len(antre) < pelaksana.kapasitas  # the last region of its worker
            kirim = replace(t, pemanasan_tahap=pemanasan) if pemanasan and terakhir else t
            berjalan[pelaksana.submit(jalankan_tugas, kirim)] = t
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
            catat(h)
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
                catat(h)
            pelaksana.pulihkan()
    return hasil


# --------------------------------------------------------------------------- stages


def kunci_tahap(
    fn: TahapLanjutan, ft: FolderTahun, rencana: Rencana, kode_kp: list[str]
) -> tuple[str, dict[str, str], dict[str, Path]]:
    """A stage's cache key, its components and the input files it declared."""
    proyek = rencana.proyek
    berkas = berkas_masukan(fn, ft.kode_provinsi, ft.tahun, proyek)
    nb = getattr(fn, "notebook", None)
    komp = komponen_tahap(
        nama_tahap(fn),
        [rencana.semua[k].kunci for k in kode_kp],
        kode=rencana.bersama.kode,
        notebook=sidik_jari_notebook(proyek.notebook(nb)) if nb else "tidak-ada",
        uv_lock=rencana.bersama.uv_lock,
        params_yaml=rencana.params[ft.kode_provinsi].sha256,
        berkas=komponen_berkas(berkas),
    )
    return kunci_dari(komp), komp, berkas


def _tahap_tidak_berubah(ft: FolderTahun, nama: str, kunci: str) -> list[Path] | str:
    """The files of a stage whose last success has the same key and whose files are still the
    bytes it wrote (sha256 in its sidecar), else why it has to run (Indonesian)."""
    sc = baca_sidecar(ft, f"tahap_{nama}")
    if sc is None or sc.status != "berhasil":
        return "belum pernah berhasil"
    if sc.kunci != kunci:
        return "masukan berubah"
    rel = sc.berkas if isinstance(sc.berkas, list) else []
    berubah = keluaran_berubah(ft.folder, rel, sc.sha256_berkas)
    if berubah and rel and not sc.sha256_berkas:
        return _BERKAS_BERUBAH + "catatan cache tanpa sidik jari berkas (versi lama)"
    if berubah:
        return _BERKAS_BERUBAH + ", ".join(berubah)
    return [ft.folder / r for r in rel]


_BERKAS_BERUBAH = "berkas berubah sejak jalan terakhir: "
"""Start of the reason a stage runs again although its key is unchanged (printed)."""


def _wilayah_provinsi(rencana: Rencana, kp: str) -> list[str]:
    return [k for k, r in rencana.semua.items() if r.kode_provinsi == kp]


def _provinsi_lengkap(rencana: Rencana, hasil: dict[str, HasilWilayah], kp: str) -> bool:
    """Every kab/kota of the province has a current result (run now, or unchanged)."""
    return all(
        (hasil[k].status in ("berhasil", "dilewati"))
        if k in hasil
        else not rencana.semua[k].jalankan
        for k in _wilayah_provinsi(rencana, kp)
    )


class _TahapSegera:
    """Starts a province's first stage on the pool as soon as its last region is done.

    The regions of the other provinces are still running or queued then: the ranking of the
    first provinces runs beside them instead of after every region (a run over several
    provinces no longer ends with all rankings at once). :func:`_tahap_dan_situs` collects
    what was started here (``dimulai``) and starts the rest."""

    def __init__(
        self,
        rencana: Rencana,
        tugas: list[TugasWilayah],
        hasil: dict[str, HasilWilayah],
        tahap: list[TahapLanjutan],
        paksa: bool,
        pelaksana: Any,
        tugas_dasar: TugasTahap,
        jalan: JalanBerjalan | None = None,
    ) -> None:
        self.rencana, self.hasil, self.tahap, self.paksa = rencana, hasil, tahap, paksa
        self.pelaksana, self.tugas_dasar, self.jalan = pelaksana, tugas_dasar, jalan
        self.sisa = Counter(t.kode_provinsi for t in tugas)
        self.dimulai: dict[str, tuple[Any, float]] = {}
        self.situs_awal: dict[str, _SitusAwal] = {}

    def __call__(self, h: HasilWilayah) -> None:
        kp = h.kode_provinsi
        self.hasil[h.kode_wilayah] = h
        self.sisa[kp] -= 1
        if self.sisa[kp] == 0 and _provinsi_lengkap(self.rencana, self.hasil, kp):
            baru = _mulai_tahap_pertama(
                self.rencana, [kp], self.tahap, self.paksa, self.pelaksana, self.tugas_dasar
            )
            self.dimulai.update(baru)
            if len(self.tahap) == 1:  # the page waits for the province's only stage
                for kode, (fut, _) in baru.items():
                    self.situs_awal[kode] = _SitusAwal(self.rencana, kode, fut, self.jalan)


class _SitusAwal:
    """A province's site page, built in a thread of the runner as soon as its only stage (the
    ranking, started early by :class:`_TahapSegera`) has succeeded on the pool, while the
    regions of the other provinces still run: a run over several provinces then ends with one
    page to build instead of all of them. :func:`_tahap_dan_situs` takes the page
    (:meth:`halaman`) or, when the stage failed or the build did, builds it as before.

    While the stage runs, the thread reads what the page shows apart from the ranking (every
    region's result and run status, :func:`~analisis.situs.halaman.siapkan_bahan`; the
    regions are all done then): of the last province, only the ranking's part of the page is
    left between its ranking and the end of the run."""

    def __init__(
        self,
        rencana: Rencana,
        kode_provinsi: str,
        tahap: Any,
        jalan: JalanBerjalan | None = None,
    ) -> None:
        self._halaman: Path | None = None
        self._utas = threading.Thread(
            target=self._bangun,
            args=(rencana, kode_provinsi, tahap, jalan),
            name=f"situs-{kode_provinsi}",
            daemon=True,
        )
        self._utas.start()

    def _bangun(
        self, rencana: Rencana, kode_provinsi: str, tahap: Any, jalan: JalanBerjalan | None
    ) -> None:
        from analisis.situs.halaman import bangun_situs, siapkan_bahan

        try:
            bahan = siapkan_bahan(rencana.folder_tahun(kode_provinsi))
            if tahap.exception() is not None:  # waits for the stage
                return
            self._halaman = bangun_situs(
                rencana.proyek.tata_letak,
                kode_provinsi,
                rencana.tahun,
                indeks=False,
                jalan=jalan,
                bahan=bahan,
            )
        except Exception:  # noqa: BLE001 - built again (and any failure reported) at the end
            self._halaman = None

    def halaman(self) -> Path | None:
        """The page written (after the stage succeeded), else None; waits for the thread."""
        self._utas.join()
        return self._halaman


def _di_pekerja(fn: TahapLanjutan, pelaksana: Any, tugas_dasar: TugasTahap | None) -> bool:
    return pelaksana is not None and tugas_dasar is not None and getattr(fn, "di_pekerja", False)


def _mulai_tahap_pertama(
    rencana: Rencana,
    lengkap: list[str],
    tahap: list[TahapLanjutan],
    paksa: bool,
    pelaksana: Any,
    tugas_dasar: TugasTahap | None,
) -> dict[str, tuple[Any, float]]:
    """Submit the first stage of every complete province at once, when it runs on the workers
    and is due: the provinces' rankings then run side by side on the pool (and beside the site
    pages the runner builds meanwhile) instead of one after another. Returns ``{province:
    (future, start time)}``; :func:`_jalankan_tahap` collects them in the usual order."""
    if not tahap or not _di_pekerja(tahap[0], pelaksana, tugas_dasar):
        return {}
    assert tugas_dasar is not None
    fn, dimulai = tahap[0], {}
    for kp in lengkap:
        if not _tahap_jatuh_tempo(fn, rencana, kp, paksa):
            continue
        tt = replace(tugas_dasar, fungsi=fn, kode_provinsi=kp, tahun=rencana.tahun)
        dimulai[kp] = (pelaksana.submit(jalankan_tahap_pekerja, tt), time.perf_counter())
    return dimulai


def _tahap_jatuh_tempo(fn: TahapLanjutan, rencana: Rencana, kp: str, paksa: bool) -> bool:
    """The stage has to run for the province: ``paksa``, or its key differs from its last
    success. False when its key cannot be computed (:func:`_jalankan_tahap` reports that)."""
    ft = rencana.folder_tahun(kp)
    try:
        kunci, _, _ = kunci_tahap(fn, ft, rencana, _wilayah_provinsi(rencana, kp))
    except GalatAnalisis:
        return False
    return paksa or isinstance(_tahap_tidak_berubah(ft, nama_tahap(fn), kunci), str)


def _pemanasan_tahap(
    rencana: Rencana, tugas: list[TugasWilayah], tahap: list[TahapLanjutan], paksa: bool
) -> str | None:
    """The warm-up code of the first stage (:func:`~analisis.runner.tahap.kode_pemanasan`) when
    it runs on the workers and is due for a province with regions to run, else None."""
    kode = kode_pemanasan(tahap[:1])
    if kode is None:
        return None
    provinsi = dict.fromkeys(t.kode_provinsi for t in tugas)
    return (
        kode if any(_tahap_jatuh_tempo(tahap[0], rencana, kp, paksa) for kp in provinsi) else None
    )


def _jalankan_tahap(
    ft: FolderTahun,
    rencana: Rencana,
    kode_kp: list[str],
    paksa: bool,
    tahap: list[TahapLanjutan],
    tampilan: Progres,
    pelaksana: Any = None,
    tugas_dasar: TugasTahap | None = None,
    dimulai: tuple[Any, float] | None = None,
) -> list[HasilTahap]:
    """Run the stages of one province in order (``dimulai``: its first stage, already
    submitted by :func:`_mulai_tahap_pertama`, with its start time)."""
    hasil: list[HasilTahap] = []
    kp, tahun = ft.kode_provinsi, ft.tahun
    for i, fn in enumerate(tahap):
        nama = nama_tahap(fn)
        try:
            kunci, komp, _ = kunci_tahap(fn, ft, rencana, kode_kp)
        except GalatAnalisis as e:  # e.g. a configured input file is missing
            hasil.append(HasilTahap(nama, kp, tahun, "gagal", pesan=str(e)))
            tampilan.cetak(f"[red]✗ Tahap {nama} {kp}/{tahun} gagal[/]: {e}")
            continue
        lama = "dipaksa" if paksa else _tahap_tidak_berubah(ft, nama, kunci)
        if not isinstance(lama, str):
            hasil.append(HasilTahap(nama, kp, tahun, "dilewati", berkas=lama))
            continue
        sebab = f" ({lama})" if lama.startswith(_BERKAS_BERUBAH) else ""
        tampilan.cetak(f"Tahap lanjutan {nama} untuk {kp}/{tahun}{sebab}…")
        mulai = time.perf_counter()
        try:
            berkas: list[Path] | None = None
            if i == 0 and dimulai is not None:
                fut, mulai = dimulai
                try:
                    berkas = [Path(p) for p in fut.result()]
                except BrokenProcessPool:  # started beside the regions, one of whose workers died
                    mulai = time.perf_counter()  # the runner rebuilt the pool: once more there
            if berkas is None and _di_pekerja(fn, pelaksana, tugas_dasar):
                assert tugas_dasar is not None
                tt = replace(tugas_dasar, fungsi=fn, kode_provinsi=kp, tahun=tahun)
                berkas = [Path(p) for p in pelaksana.submit(jalankan_tahap_pekerja, tt).result()]
            elif berkas is None:
                berkas = [Path(p) for p in (fn(kp, tahun, rencana.proyek) or [])]
            h = HasilTahap(nama, kp, tahun, "berhasil", time.perf_counter() - mulai, berkas=berkas)
        except Exception as e:  # noqa: BLE001 - a failing stage is reported like a failing region
            pesan = str(e) or type(e).__name__
            h = HasilTahap(nama, kp, tahun, "gagal", time.perf_counter() - mulai, pesan=pesan)
            tampilan.cetak(f"[red]✗ Tahap {nama} {kp}/{tahun} gagal[/]: {h.pesan}")
        rel = [ft.relatif(p) for p in h.berkas if not ft.relatif(p).startswith("..")]
        tulis_sidecar(
            ft,
            f"tahap_{nama}",
            status=h.status,
            kunci=kunci,
            komponen_kunci=komp,
            detik=round(h.detik, 3),
            pesan=h.pesan,
            berkas=rel,
            sha256_berkas=sidik_jari_keluaran(ft.folder, rel) if h.status == "berhasil" else {},
            selesai=sekarang(),
        )
        hasil.append(h)
    return hasil


# --------------------------------------------------------------------------- the run


def _perintah(rencana: Rencana, wilayah: bool, paksa: bool, pekerja: int, opsi: dict) -> str:
    """The equivalent command line (relative paths only)."""
    semua = len(rencana.provinsi) == 5
    bagian = [
        "analisis jalankan",
        "--provinsi",
        "semua" if semua else ",".join(k[:2] for k in rencana.provinsi),
        "--tahun",
        str(rencana.tahun),
    ]
    if wilayah:
        bagian += ["--wilayah", ",".join(rencana.diminta)]
    if opsi.get("tahun_awal") is not None:
        bagian += ["--tahun-awal", str(opsi["tahun_awal"])]
    if opsi.get("pembanding"):
        bagian += ["--pembanding", str(opsi["pembanding"])]
    if opsi.get("berkas_params"):
        bagian += ["--params", rencana.proyek.relatif(opsi["berkas_params"])]
    if opsi.get("hanya_data_bawaan"):
        bagian.append("--hanya-bawaan")
    if paksa:
        bagian.append("--paksa")
    bagian += [
        "--pekerja",
        str(pekerja),
        "--keluaran",
        rencana.proyek.relatif(rencana.proyek.laporan),
    ]
    return " ".join(bagian)


def _hasil_cache(r: RencanaWilayah) -> HasilWilayah:
    sc = r.sidecar
    return HasilWilayah(
        r.kode_wilayah,
        r.nama,
        r.kode_provinsi,
        r.tahun,
        "dilewati",
        detik=float(sc.detik or 0.0) if sc else 0.0,
        kunci=r.kunci,
        alasan=r.alasan,
        berkas=dict(sc.berkas) if sc and isinstance(sc.berkas, dict) else {},
        dari_cache=True,
    )


def _tugas(r: RencanaWilayah, rencana: Rencana, opsi: dict) -> TugasWilayah:
    return TugasWilayah(
        r.kode_wilayah,
        r.nama,
        r.kode_provinsi,
        rencana.tahun,
        rencana.proyek,
        r.kunci,
        r.komponen,
        r.alasan,
        tahun_awal=opsi["tahun_awal"],
        pembanding=opsi["pembanding"],
        berkas_params=str(rencana.params[r.kode_provinsi].path),
        hanya_data_bawaan=opsi["hanya_data_bawaan"],
        kernel=opsi["kernel"],
        batas_waktu=opsi["batas_waktu"],
        ganti_setiap=opsi["ganti_setiap"],
    )


def _sapu(rencana: Rencana) -> None:
    """Remove temporary files left by a killed run (we hold the lock)."""
    for kp in rencana.provinsi:
        ft = rencana.folder_tahun(kp)
        sapu_sementara(ft.subfolder_wilayah())
        sapu_sementara([ft.folder, ft.folder_unduhan, ft.folder_peringkat])
    sapu_sementara([rencana.proyek.tata_letak.static], rekursif=True, usia_min=600)


def _selesai_tersimpan(rencana: Rencana, tugas: list[TugasWilayah]) -> list[str]:
    hasil = []
    for t in tugas:
        sc = baca_sidecar(rencana.folder_tahun(t.kode_provinsi), t.kode_wilayah)
        if sc is not None and sc.status == "berhasil":
            hasil.append(t.kode_wilayah)
    return hasil


def _jalankan_wilayah(
    tugas: list[TugasWilayah],
    pelaksana: Any,
    tampilan: Progres,
    rencana: Rencana,
    saat_selesai: Callable[[HasilWilayah], None] | None = None,
    pemanasan: str | None = None,
) -> dict[str, HasilWilayah]:
    """Run the regions; on Ctrl-C/SIGTERM stop workers and kernels and raise exit code 130."""
    from analisis.laporan.format import angka

    tampilan.mulai_batch(f"Evaluasi {len(tugas)} wilayah", len(tugas))
    try:
        with _sigterm_sebagai_interupsi():
            hasil = _jalankan_semua(tugas, pelaksana, tampilan, saat_selesai, pemanasan)
    except KeyboardInterrupt:
        tampilan.cetak("[yellow]Dihentikan: mematikan pekerja dan kernel…[/]")
        pelaksana.hentikan()
        selesai = _selesai_tersimpan(rencana, tugas)
        raise GalatAnalisis(
            f"Jalan dihentikan pengguna. {angka(len(selesai), 0)} dari {angka(len(tugas), 0)} "
            "wilayah sudah selesai dan tersimpan; laporan yang belum selesai tidak ditulis "
            "separuh. Jalankan perintah yang sama lagi untuk melanjutkan.",
            KODE_DIHENTIKAN,
        ) from None
    tampilan.akhiri_batch()
    return hasil


def _sidik_jari_manifest(rencana: Rencana, kp: str, ft: FolderTahun, tahap: list) -> dict:
    """Fingerprints of every input of a province-year (relative paths and sha256)."""
    from analisis.evaluasi.jalankan import NAMA_NOTEBOOK
    from analisis.runner.kunci import sha256_berkas

    proyek = rencana.proyek
    pr = rencana.params[kp]
    rujukan: dict[str, Path] = {}
    for berkas in pr.berkas_wilayah.values():
        rujukan.update(berkas)
    for fn in tahap:
        try:
            rujukan.update(berkas_masukan(fn, kp, rencana.tahun, proyek))
        except GalatAnalisis:
            pass
    nb = proyek.notebook(NAMA_NOTEBOOK)
    return {
        "data": rencana.bersama.data,
        "params_yaml": {"berkas": proyek.relatif(pr.path), "sha256": pr.sha256},
        "berkas_rujukan": {
            k: {"berkas": proyek.relatif(p), "sha256": sha256_berkas(p)}
            for k, p in sorted(rujukan.items())
        },
        "notebook": {
            "berkas": proyek.relatif(nb),
            "sha256_sel": rencana.bersama.notebook,
            "sha256_berkas": sha256_berkas(nb),
        },
        "kode_paket": rencana.bersama.kode,
        "uv_lock": rencana.bersama.uv_lock,
    }


def _panaskan_situs_diam() -> None:
    """:func:`~analisis.situs.halaman.panaskan_situs`; a failure is left to the site build
    itself, which reports it as a failed stage."""
    from analisis.situs.halaman import panaskan_situs

    try:
        panaskan_situs()
    except Exception:  # noqa: BLE001, S110 - a warm-up only; the real build reports any failure
        pass


def _pemanasan_situs() -> threading.Thread:
    """The site build's one-off costs, paid in a thread of this process while the first stages
    (the rankings) run on the pool and this process only waits for them: ~1 s less between the
    last ranking and the end of a run (vl-convert's engine, openpyxl, Styler templates)."""
    t = threading.Thread(target=_panaskan_situs_diam, name="pemanasan-situs", daemon=True)
    t.start()
    return t


def _tahap_dan_situs(
    rencana: Rencana,
    hasil: dict[str, HasilWilayah],
    tahap: list[TahapLanjutan],
    paksa: bool,
    tampilan: Progres,
    pelaksana: Any,
    tugas_tahap: TugasTahap,
    dimulai: dict[str, tuple[Any, float]] | None = None,
    situs_awal: dict[str, _SitusAwal] | None = None,
    jalan: JalanBerjalan | None = None,
) -> tuple[list[HasilTahap], list[Path]]:
    """Per province: follow-up stages (when every region is current), then the site page.

    ``dimulai``: first stages already started while the regions ran (:class:`_TahapSegera`);
    ``situs_awal``: pages built as soon as such a stage succeeded (:class:`_SitusAwal`);
    the first stage of every other complete province starts on the pool at once
    (:func:`_mulai_tahap_pertama`); results, the later stages and the site pages follow
    province by province."""
    from analisis.situs.halaman import bangun_situs

    daftar: list[HasilTahap] = []
    situs: list[Path] = []

    def kode_provinsi(kp: str) -> list[str]:
        return _wilayah_provinsi(rencana, kp)

    lengkap = [kp for kp in rencana.provinsi if _provinsi_lengkap(rencana, hasil, kp)]
    dimulai = dict(dimulai or {})
    dimulai.update(
        _mulai_tahap_pertama(
            rencana,
            [kp for kp in lengkap if kp not in dimulai],
            tahap,
            paksa,
            pelaksana,
            tugas_tahap,
        )
    )
    pemanasan = _pemanasan_situs() if dimulai else None
    for kp in rencana.provinsi:
        ft = rencana.folder_tahun(kp)
        if kp in lengkap and tahap:
            daftar += _jalankan_tahap(
                ft,
                rencana,
                kode_provinsi(kp),
                paksa,
                tahap,
                tampilan,
                pelaksana,
                tugas_tahap,
                dimulai.get(kp),
            )
        awal = (situs_awal or {}).get(kp)
        halaman = awal.halaman() if awal is not None else None
        if halaman is not None and kp in lengkap:
            situs.append(halaman)
            continue
        if pemanasan is not None:
            pemanasan.join()
            pemanasan = None
        try:
            # The top index is written once, after the manifests (jalankan_provinsi).
            situs.append(
                bangun_situs(
                    rencana.proyek.tata_letak, kp, rencana.tahun, indeks=False, jalan=jalan
                )
            )
        except Exception as e:  # noqa: BLE001 - the site failing is reported as a failed stage
            daftar.append(
                HasilTahap("situs", kp, rencana.tahun, "gagal", pesan=f"{type(e).__name__}: {e}")
            )
    return daftar, situs


def jalankan_provinsi(
    provinsi: str | Sequence[str],
    tahun: int,
    *,
    proyek: Proyek | None = None,
    wilayah: Sequence[str] | None = None,
    paksa: bool = False,
    pekerja: int | None = None,
    folder_laporan: str | Path | None = None,
    penyimpanan: str | Path | None = None,
    hanya_data_bawaan: bool = False,
    dask_alamat: Any = None,
    progres: bool = True,
    tahun_awal: int | None = None,
    pembanding: str | None = None,
    berkas_params: str | Path | None = None,
    batas_waktu: float | None = 900,
    kernel: str = "python3",
    tahap: Sequence[TahapLanjutan] | None = None,
    pelaksana: Any = None,
    ganti_kernel_setiap: int = 100,
    konsol: Any = None,
) -> RingkasanJalan:
    """Evaluate every kab/kota of the province(s) for ``tahun`` in parallel, then stages, site, manifest.

    ``provinsi``: ``"63"``, ``"6300"``, a list, or ``"semua"`` (the five Kalimantan provinces).
    ``proyek`` gives the folders (default :meth:`Proyek.muat`; ``folder_laporan`` and
    ``penyimpanan`` replace its reports folder and store). ``wilayah`` restricts to some kab/kota
    codes. Unchanged regions are skipped (content-hash cache) unless ``paksa``. ``pekerja`` worker
    processes (default: CPU count), or the Dask cluster at ``dask_alamat`` (an address or a
    ``distributed.Client``). ``pelaksana`` reuses an executor across calls
    (:class:`PelaksanaProses`/:class:`PelaksanaDask`; warm kernels). ``batas_waktu`` seconds per
    region (then the kernel is interrupted and restarted). ``tahap`` overrides
    :data:`analisis.runner.tahap.TAHAP_LANJUTAN`.

    Failing regions do not stop the others; check :attr:`RingkasanJalan.kode_keluar`. Ctrl-C or
    SIGTERM stops the workers and their kernels and raises :class:`~analisis.galat.GalatAnalisis`
    with exit code 130; completed regions are kept and the next run continues from there.
    """
    from analisis.laporan.format import angka
    from analisis.laporan.sumber_daya import siapkan_static
    from analisis.situs.halaman import bangun_indeks_utama

    mulai, mulai_iso = time.perf_counter(), sekarang()
    proyek = (proyek or Proyek.muat()).dengan(laporan=folder_laporan, penyimpanan=penyimpanan)
    daftar_tahap_ = list(daftar_tahap() if tahap is None else tahap)
    opsi = {
        "tahun_awal": tahun_awal,
        "pembanding": pembanding,
        "berkas_params": berkas_params,
        "hanya_data_bawaan": hanya_data_bawaan,
        "kernel": kernel,
        "batas_waktu": batas_waktu,
        "ganti_setiap": ganti_kernel_setiap,
    }

    with gembok_folder(proyek.tata_letak), Progres(progres, konsol) as tampilan:
        milik_sendiri = pelaksana is None
        dini = None
        try:
            # SIGTERM stops the early pool as Ctrl-C does (as during the regions).
            with _sigterm_sebagai_interupsi():
                dini = _pelaksana_dini(
                    pelaksana, dask_alamat, pekerja, proyek, provinsi, tahun, wilayah, paksa, opsi
                )
                rencana = rencanakan(
                    provinsi,
                    tahun,
                    proyek=proyek,
                    wilayah=wilayah,
                    paksa=paksa,
                    hanya_data_bawaan=hanya_data_bawaan,
                    tahun_awal=tahun_awal,
                    pembanding=pembanding,
                    berkas_params=berkas_params,
                    kernel=kernel,
                )
        except BaseException:
            if milik_sendiri and dini is not None:
                dini.hentikan()
            raise
        pelaksana = dini
        segera: _TahapSegera | None = None
        try:
            _sapu(rencana)
            hasil: dict[str, HasilWilayah] = {
                r.kode_wilayah: _hasil_cache(r) for r in rencana.dari_cache
            }
            if rencana.dari_cache:
                tampilan.cetak(
                    f"{angka(len(rencana.dari_cache), 0)} wilayah tidak berubah sejak jalan terakhir "
                    "yang berhasil (cache): dilewati."
                )
            tugas = [_tugas(r, rencana, opsi) for r in rencana.dijalankan]
            tugas_tahap = TugasTahap(
                None,
                "",
                rencana.tahun,
                proyek,
                kode_paket=rencana.bersama.kode,
                kernel=kernel,
                ganti_setiap=ganti_kernel_setiap,
            )
            jenis = getattr(pelaksana, "jenis", "dask" if dask_alamat else "proses")
            jumlah_pekerja = _jumlah_pekerja(pelaksana, pekerja)
            if tugas:
                siapkan_static(proyek.tata_letak.static)  # once, before workers export
                pelaksana = pelaksana or _pelaksana_baru(
                    dask_alamat, min(jumlah_pekerja, len(tugas))
                )
                jumlah_pekerja = pelaksana.pekerja
                if hasattr(pelaksana, "siapkan_untuk"):
                    pelaksana.siapkan_untuk(rencana.bersama.kode, str(proyek.akar))
                segera = _TahapSegera(
                    rencana,
                    tugas,
                    dict(hasil),
                    daftar_tahap_,
                    paksa,
                    pelaksana,
                    tugas_tahap,
                    JalanBerjalan(mulai_iso, jumlah_pekerja),
                )
                pemanasan = _pemanasan_tahap(rencana, tugas, daftar_tahap_, paksa)
                hasil.update(
                    _jalankan_wilayah(tugas, pelaksana, tampilan, rencana, segera, pemanasan)
                )
            daftar_tahap_hasil, situs = _tahap_dan_situs(
                rencana,
                hasil,
                daftar_tahap_,
                paksa,
                tampilan,
                pelaksana if (tugas or not milik_sendiri) else None,
                tugas_tahap,
                segera.dimulai if segera is not None else None,
                segera.situs_awal if segera is not None else None,
                JalanBerjalan(mulai_iso, jumlah_pekerja),
            )
            info = {
                "paksa": paksa,
                "pekerja": jumlah_pekerja,
                "pelaksana": jenis,
                "wilayah": wilayah,
                "mulai": mulai_iso,
            }
            manifest = [
                _tulis_manifest(
                    rencana, kp, hasil, daftar_tahap_hasil, daftar_tahap_, opsi, info, mulai
                )
                for kp in rencana.provinsi
            ]
        finally:  # the pool served the stages too (warm kernels)
            if milik_sendiri and pelaksana is not None:
                pelaksana.tutup()
        indeks = bangun_indeks_utama(proyek.tata_letak)
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


def _jumlah_pekerja(pelaksana: Any, pekerja: int | None) -> int:
    """Workers of a run: the given executor's, else the number asked for, else one per CPU."""
    return getattr(pelaksana, "pekerja", None) or pekerja or os.cpu_count() or 1


def _pelaksana_dini(
    pelaksana: Any,
    dask_alamat: Any,
    pekerja: int | None,
    proyek: Proyek,
    provinsi: str | Sequence[str],
    tahun: int,
    wilayah: Sequence[str] | None,
    paksa: bool,
    opsi: dict,
) -> Any:
    """The run's process pool, its workers and kernels started before the plan, when regions
    will surely run (:func:`~analisis.runner.rencana.jumlah_pasti_dijalankan`: ``paksa``, a
    first run, a failed or interrupted region) and the pool's size does not depend on the
    plan: the kernels start and warm up while the plan is made
    (:meth:`PelaksanaProses.mulai_dini`). Else ``pelaksana`` as given (None: the pool is
    created after the plan, if anything runs). Never on a Dask cluster."""
    from analisis.runner import rencana as modul_rencana
    from analisis.runner.rencana import jumlah_pasti_dijalankan

    if dask_alamat or not hasattr(pelaksana or PelaksanaProses, "mulai_dini"):
        return pelaksana
    try:
        diminta, pasti = jumlah_pasti_dijalankan(provinsi, tahun, proyek, wilayah, paksa)
    except GalatAnalisis:  # the plan reports it
        return pelaksana
    jumlah = _jumlah_pekerja(pelaksana, pekerja)
    if not pasti or min(jumlah, pasti) != min(jumlah, diminta):
        return pelaksana
    dini = pelaksana or PelaksanaProses(min(jumlah, diminta))
    dini.mulai_dini(
        modul_rencana.sidik_jari_kode(), opsi["kernel"], str(proyek.akar), opsi["ganti_setiap"]
    )
    return dini


def _pelaksana_baru(dask_alamat: Any, pekerja: int) -> Any:
    """A Dask executor on an existing cluster, else a local process pool."""
    return PelaksanaDask(dask_alamat) if dask_alamat else PelaksanaProses(pekerja)


def _tulis_manifest(
    rencana: Rencana,
    kp: str,
    hasil: dict[str, HasilWilayah],
    tahap_hasil: list[HasilTahap],
    tahap: list[TahapLanjutan],
    opsi: dict,
    info: dict,
    mulai: float,
) -> Path:
    """The manifest of one province-year (``info``: paksa, pekerja, pelaksana, wilayah, mulai)."""
    from analisis.data.wilayah import nama_wilayah
    from analisis.runner.manifest import tulis_manifest

    ft = rencana.folder_tahun(kp)
    kode_kp = [k for k, r in rencana.semua.items() if r.kode_provinsi == kp]
    parameter = {
        **{k: v for k, v in opsi.items() if k not in ("berkas_params", "ganti_setiap")},
        "paksa": info["paksa"],
        "pekerja": info["pekerja"],
        "pelaksana": info["pelaksana"],
        "wilayah_diminta": [k for k in rencana.diminta if rencana.semua[k].kode_provinsi == kp],
        "ada_penyimpanan": not opsi["hanya_data_bawaan"],
    }
    return tulis_manifest(
        ft,
        nama_provinsi=nama_wilayah(kp),
        semua_kode=kode_kp,
        nama_wilayah={k: rencana.semua[k].nama for k in kode_kp},
        hasil={k: h for k, h in hasil.items() if k in kode_kp},
        tahap=[t for t in tahap_hasil if t.kode_provinsi == kp],
        parameter=parameter,
        sidik_jari=_sidik_jari_manifest(rencana, kp, ft, tahap),
        mulai=info["mulai"],
        selesai=sekarang(),
        detik_total=time.perf_counter() - mulai,
        perintah=_perintah(rencana, bool(info["wilayah"]), info["paksa"], info["pekerja"], opsi),
    )


__all__ = [
    "KODE_DIHENTIKAN",
    "HasilTahap",
    "PelaksanaDask",
    "PelaksanaProses",
    "Rencana",
    "RingkasanJalan",
    "jalankan_provinsi",
    "rencanakan",
]
