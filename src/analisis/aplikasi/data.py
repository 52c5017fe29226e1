"""Reading the runner's outputs for the app (never recomputing them) and the bundled boundaries.

Files read through their contracts (:mod:`analisis.kontrak`) at the paths of the reports
layout (:mod:`analisis.tata_letak`): ``peringkat.json`` (ranking, framework, inputs, caveats),
the regions' ``hasil/<kode>.json`` and ``.nc``, and links to the HTML reports.

Every loader is cached in-process (:func:`functools.lru_cache`) and keyed on
``(path, size, mtime_ns)``, so all sessions of one server share a single parsed copy and a re-run
of the runner is picked up without a restart. Cached objects are shared: callers must not modify
them (copy first). No Panel import: the session state (:mod:`analisis.aplikasi.sesi`) is tested
without Panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import pandas as pd

from analisis.aplikasi.batas import fitur_provinsi, url_batas  # noqa: F401  (re-exported)
from analisis.aplikasi.keluaran import (  # noqa: F401  (re-exported)
    PERINTAH_MEMBUAT,
    Keluaran,
    daftar_keluaran,
    pesan_tanpa_keluaran,
)
from analisis.galat import GalatAnalisis
from analisis.kontrak import HasilWilayah, PeringatanPeringkat, PeringkatProvinsi
from analisis.kontrak.peringkat import MetaPeringkat
from analisis.peringkat.kerangka import Kerangka
from analisis.proyek import Proyek
from analisis.tata_letak import FolderTahun, TataLetak

ATRIBUSI_BATAS = (
    "Batas wilayah: BIG via ardian28/GeoJson-Indonesia-38-Provinsi (MIT); bukan batas resmi"
)
"""Attribution shown under the map (licence notice of the bundled GeoJSON)."""

AWALAN_URL_LAPORAN = "reports"
"""URL slug under which ``panel serve --static-dirs reports=<folder>`` serves the reports.
``/static`` is reserved by Panel. Links are relative (``reports/...``) so ``--prefix`` works."""


T = TypeVar("T")


def _sidik(p: Path) -> tuple[str, int, int]:
    st = p.stat()
    return str(p.resolve()), st.st_size, st.st_mtime_ns


# --------------------------------------------------------------------------- ranking


@dataclass
class DataPeringkat:
    """``peringkat.json`` of one province-year (the contract) with its tables.

    ``baris``    the published ranking (:data:`analisis.kontrak.KOLOM_BARIS` layout), in rank order.
    ``masukan``  the joined raw indicator table the ranking used: index ``kode_wilayah``,
                 ``wilayah`` plus one column per framework indicator.
    ``kerangka`` the complete framework the ranking used (no YAML needed).
    """

    kontrak: PeringkatProvinsi
    baris: pd.DataFrame
    masukan: pd.DataFrame
    folder: FolderTahun
    _turunan: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def turunan(self, kunci: str, hitung: Callable[[], T]) -> T:
        """A value derived from this ranking only (e.g. the published table as displayed),
        computed once and shared by every session that opens it. Do not modify it."""
        if kunci not in self._turunan:
            self._turunan[kunci] = hitung()
        return self._turunan[kunci]

    @property
    def kode_provinsi(self) -> str:
        return self.kontrak.meta.kode_provinsi

    @property
    def provinsi(self) -> str:
        return self.kontrak.meta.provinsi

    @property
    def tahun(self) -> int:
        return self.kontrak.meta.tahun

    @property
    def kerangka(self) -> Kerangka:
        return self.kontrak.kerangka

    @property
    def meta(self) -> MetaPeringkat:
        return self.kontrak.meta

    @property
    def peringatan(self) -> PeringatanPeringkat:
        return self.kontrak.peringatan

    @property
    def pasangan_tidak_robust(self) -> list[dict]:
        return [p.model_dump() for p in self.kontrak.pasangan_tidak_robust]

    @property
    def parameter_robust(self) -> dict:
        return dict(self.kontrak.meta.parameter_robust)


@lru_cache(maxsize=64)
def _baca_peringkat(path: str, ukuran: int, mtime: int) -> DataPeringkat:
    p = Path(path)
    kontrak = PeringkatProvinsi.baca(p)
    ft = TataLetak(p.parents[3]).tahun(kontrak.meta.kode_provinsi, kontrak.meta.tahun)
    return DataPeringkat(
        kontrak=kontrak, baris=kontrak.tabel_baris(), masukan=kontrak.tabel_masukan(), folder=ft
    )


def muat_peringkat(keluaran: Keluaran | str | Path) -> DataPeringkat:
    """``peringkat.json`` of a province-year (cached; do not modify the result)."""
    p = keluaran.berkas_peringkat if isinstance(keluaran, Keluaran) else Path(keluaran)
    if not p.is_file():
        raise GalatAnalisis(f"Berkas peringkat tidak ada: {p}. Jalankan: {PERINTAH_MEMBUAT}", 3)
    return _baca_peringkat(*_sidik(p))


# --------------------------------------------------------------------------- per region


@lru_cache(maxsize=256)
def _baca_hasil(path: str, ukuran: int, mtime: int) -> HasilWilayah:
    return HasilWilayah.baca(Path(path))


@lru_cache(maxsize=256)
def _baca_seri(path: str, ukuran: int, mtime: int):
    import xarray as xr

    with xr.open_dataset(path) as ds:
        return ds.load()


def muat_hasil_wilayah(ft: FolderTahun, kode_wilayah: str) -> HasilWilayah | None:
    """A region's result (``hasil/<kode>.json``), or ``None`` when absent."""
    p = ft.hasil_json(kode_wilayah)
    if not p.is_file():
        return None
    return _baca_hasil(*_sidik(p))


def muat_seri_wilayah(ft: FolderTahun, kode_wilayah: str):
    """A region's series Dataset (``hasil/<kode>.nc``), or ``None`` when absent."""
    p = ft.hasil_nc(kode_wilayah)
    if not p.is_file():
        return None
    return _baca_seri(*_sidik(p))


def url_laporan(folder_laporan: str | Path, berkas: Path) -> str | None:
    """Relative URL (``reports/<…>``) of a file inside the reports folder, ``None`` if absent.

    Relative, so the link works at ``/app``, at the root index and behind ``--prefix``.
    """
    akar = Path(folder_laporan).resolve()
    try:
        rel = Path(berkas).resolve().relative_to(akar)
    except ValueError:
        return None
    if not (akar / rel).is_file():
        return None
    return f"{AWALAN_URL_LAPORAN}/" + "/".join(quote(b) for b in rel.parts)


def url_laporan_wilayah(folder_laporan: str | Path, ft: FolderTahun, kode: str) -> str | None:
    """URL of ``<prov>/<tahun>/wilayah/<kode>.html`` when that report exists."""
    return url_laporan(folder_laporan, ft.laporan_wilayah(kode))


@dataclass(frozen=True)
class TautanDokumen:
    """A link to a Word document of the reports folder (only built when the file exists)."""

    url: str
    label: str
    kelas: str


def _tautan_dokumen(
    folder_laporan: str | Path, daftar: list[tuple[Path, str, str]]
) -> list[TautanDokumen]:
    hasil = []
    for berkas, label, kelas in daftar:
        url = url_laporan(folder_laporan, berkas)
        if url is not None:
            hasil.append(TautanDokumen(url, label, kelas))
    return hasil


def dokumen_wilayah(folder_laporan: str | Path, ft: FolderTahun, kode: str) -> list[TautanDokumen]:
    """The region's Word chapter and one-page overview (``analisis dokumen``), when written."""
    return _tautan_dokumen(
        folder_laporan,
        [
            (ft.dokumen(kode), "Bab evaluasi (Word)", "tautan-dokumen"),
            (ft.dokumen_ringkas(kode), "Ringkasan satu halaman (Word)", "tautan-dokumen-ringkas"),
        ],
    )


def dokumen_provinsi(folder_laporan: str | Path, ft: FolderTahun) -> list[TautanDokumen]:
    """The province bundle and the overview bundle (``analisis dokumen --provinsi``), when
    written."""
    return _tautan_dokumen(
        folder_laporan,
        [
            (
                ft.dokumen_provinsi,
                "Dokumen Word provinsi (peringkat dan bab setiap kabupaten/kota)",
                "tautan-dokumen-provinsi",
            ),
            (
                ft.dokumen_ringkas_provinsi,
                "Ringkasan satu halaman semua kabupaten/kota (Word)",
                "tautan-dokumen-ringkas-provinsi",
            ),
        ],
    )


def folder_laporan_bawaan() -> Path:
    """The project's reports folder (``$ANALISIS_LAPORAN``, set by ``analisis sajikan``)."""
    return Proyek.muat().laporan
