"""The inputs of a Word chapter, read only through the file contracts.

A region chapter shows the numbers of the HTML report: it reads the region's result file
(:class:`~analisis.kontrak.HasilWilayah`, ``hasil/<kode>.json``) and its series
(``hasil/<kode>.nc``) and rebuilds from them the in-memory view the report's presentation
functions (:mod:`analisis.evaluasi.tampilan`) take, so every table cell and every chart is
produced by the same code as the HTML report. Nothing is recomputed.

Two parts of the report are not in the result file: the P0 sampling range drawn on the trend
chart (charts in the document show the values without it) and the table of every kab/kota's
relative position. The latter is rebuilt from the other regions' result files of the same
province-year when all of them exist (each carries its own rank); otherwise the chapter shows
the region's own ranks only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import xarray as xr

from analisis.evaluasi.hitung import HasilEvaluasi
from analisis.galat import GalatAnalisis
from analisis.kontrak import HasilWilayah
from analisis.tata_letak import FolderTahun

KOLOM_POSISI = ["indikator", "kode_wilayah", "nilai", "peringkat", "seri", "nama"]


@dataclass(frozen=True)
class SumberWilayah:
    """One region's result as read from its files, and the view the report functions take."""

    hasil: HasilWilayah
    tampilan: HasilEvaluasi
    posisi_lengkap: bool
    """Whether ``tampilan.posisi`` holds every kab/kota (from the other regions' files)."""


def _tabel(x: Any) -> pd.DataFrame:
    return pd.DataFrame(x) if isinstance(x, list) else pd.DataFrame()


def _dengan_tabel(
    d: dict[str, Any], kunci_tabel: set[str] | None = None, tetap: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A result section with its tables (lists of records) as DataFrames again; the keys in
    ``tetap`` stay lists of records (the report iterates them as dicts)."""
    hasil: dict[str, Any] = {}
    for k, v in d.items():
        rekaman = isinstance(v, list) and v and all(isinstance(r, dict) for r in v)
        rekaman = rekaman and k not in tetap
        if rekaman or (kunci_tabel is not None and k in kunci_tabel and isinstance(v, list)):
            hasil[k] = _tabel(v)
        else:
            hasil[k] = v
    return hasil


_TABEL_ANGGARAN = {"ringkasan", "klaster", "opd", "realisasi_klaster", "tren", "rat"}
_TABEL_ANGGARAN |= {"rat_keseluruhan"}


def seri_panjang(ds: xr.Dataset | None) -> pd.DataFrame:
    """The netCDF series as the report's long table (indikator, peran, kode_wilayah, tahun,
    nilai, kualitas)."""
    kolom = ["indikator", "peran", "kode_wilayah", "tahun", "nilai", "kualitas"]
    if ds is None:
        return pd.DataFrame(columns=kolom)
    peran = [str(p) for p in ds["peran"].values.tolist()]
    kode = [str(k) for k in ds["kode_wilayah"].values.tolist()]
    tahun = [int(t) for t in ds["tahun"].values.tolist()]
    bagian = []
    for nama in ds.data_vars:
        if str(nama).endswith("_kualitas"):
            continue
        nilai = ds[nama].transpose("peran", "tahun").values
        mutu = ds[f"{nama}_kualitas"].transpose("peran", "tahun").values
        bagian.append(
            pd.DataFrame(
                {
                    "indikator": str(nama),
                    "peran": [p for p in peran for _ in tahun],
                    "kode_wilayah": [k for k in kode for _ in tahun],
                    "tahun": tahun * len(peran),
                    "nilai": nilai.reshape(-1).astype(float),
                    "kualitas": [str(x) for x in mutu.reshape(-1)],
                }
            )
        )
    if not bagian:
        return pd.DataFrame(columns=kolom)
    return pd.concat(bagian, ignore_index=True)[kolom]


def _urutan_tren(h: HasilWilayah) -> list[str]:
    return list(dict.fromkeys(str(r["indikator"]) for r in h.perkembangan))


def _urutan_kuadran(h: HasilWilayah) -> list[str]:
    dihitung = list(h.kuadran_indikator)
    tidak = [k.removeprefix("kuadran_") for k in h.kosong if k.startswith("kuadran_")]
    tidak = [k for k in tidak if k != "perkembangan" and k not in dihitung]
    return dihitung + tidak


def posisi_dari_hasil(semua: dict[str, HasilWilayah], urutan: list[str]) -> pd.DataFrame:
    """Every kab/kota's value and rank per indicator, from each region's own result file
    (best rank first, as in the report)."""
    baris = []
    for kode, h in semua.items():
        for ind, p in h.posisi_wilayah.items():
            if p.peringkat is None and p.nilai is None:
                continue
            baris.append(
                {
                    "indikator": ind,
                    "kode_wilayah": kode,
                    "nilai": p.nilai,
                    "peringkat": p.peringkat,
                    "seri": bool(p.seri_dengan),
                    "nama": h.meta.nama,
                }
            )
    d = pd.DataFrame(baris, columns=KOLOM_POSISI)
    d["urut"] = [urutan.index(i) if i in urutan else len(urutan) for i in d["indikator"]]
    d = d.sort_values(["urut", "peringkat", "nilai", "kode_wilayah"], na_position="last")
    d = d.drop(columns="urut").reset_index(drop=True)
    d["peringkat"] = d["peringkat"].astype("Int64")
    return d


def posisi_sendiri(h: HasilWilayah) -> pd.DataFrame:
    """The region's own ranks only (when the other regions' files are absent)."""
    return posisi_dari_hasil({h.meta.kode_wilayah: h}, list(h.posisi_wilayah))


def tampilan_dari_kontrak(
    h: HasilWilayah, seri: xr.Dataset | None, posisi: pd.DataFrame | None = None
) -> HasilEvaluasi:
    """The report functions' view of a result file (tables as DataFrames again)."""
    kp = h.kuadran_perkembangan.model_dump() if h.kuadran_perkembangan else {}
    if kp:
        kp["tabel"] = _tabel(kp["tabel"])
    ki = {k: _dengan_tabel(v, {"tabel"}) for k, v in h.kuadran_indikator.items()}
    return HasilEvaluasi(
        meta=h.meta.model_dump(),
        seri=seri_panjang(seri),
        kartu=_tabel([k.model_dump() for k in h.kartu]),
        perkembangan=_tabel(h.perkembangan),
        perubahan=pd.DataFrame(),
        relevansi=_tabel(h.relevansi),
        posisi=posisi if posisi is not None else posisi_sendiri(h),
        posisi_wilayah={k: v.model_dump() for k, v in h.posisi_wilayah.items()},
        kuadran_perkembangan=kp,
        kuadran_indikator=ki,
        target=_tabel(h.target),
        determinan=_dengan_tabel(h.determinan, {"tabel"}, tetap=frozenset({"tidak_dinilai"})),
        kinerja=h.kinerja.model_dump(),
        anggaran=_dengan_tabel(h.anggaran, _TABEL_ANGGARAN),
        bnba=_dengan_tabel(h.bnba),
        provenans=_tabel(h.provenans),
        catatan_data=[c.model_dump() for c in h.catatan_data],
        parameter=_tabel(h.parameter),
        kosong=dict(h.kosong),
        indikator_tren=_urutan_tren(h),
        indikator_kuadran=_urutan_kuadran(h),
        celah_data=h.celah_data.model_dump(),
        ekstrem=dict(h.ekstrem),
        presisi=h.presisi.model_dump() if h.presisi else {},
    )


def baca_seri(ft: FolderTahun, kode: str) -> xr.Dataset | None:
    """A region's series file, fully loaded (``None`` when absent: charts are then left out)."""
    p = ft.hasil_nc(kode)
    if not p.is_file():
        return None
    try:
        with xr.open_dataset(p) as ds:
            return ds.load()
    except (OSError, ValueError) as e:
        raise GalatAnalisis(
            f"{ft.tata_letak.relatif(p)}: berkas seri wilayah tidak dapat dibaca "
            f"({type(e).__name__}). Jalankan ulang: analisis jalankan --provinsi "
            f"{ft.kode_provinsi[:2]} --tahun {ft.tahun} --paksa",
            kode_keluar=3,
        ) from None


def baca_hasil(ft: FolderTahun, kode: str) -> HasilWilayah:
    """A region's result file through its contract (clear message when absent or outdated)."""
    p = ft.hasil_json(kode)
    if not p.is_file():
        raise GalatAnalisis(
            f"Hasil evaluasi wilayah {kode} {ft.tahun} belum ada ({ft.tata_letak.relatif(p)}); "
            f"jalankan dahulu 'analisis evaluasi --wilayah {kode} --tahun {ft.tahun}' atau "
            f"'analisis jalankan --provinsi {ft.kode_provinsi[:2]} --tahun {ft.tahun}'.",
            kode_keluar=3,
        )
    return HasilWilayah.baca(p)


def kabkota_provinsi(kode_provinsi: str) -> list[str]:
    """The province's kab/kota codes (BPS), in code order."""
    from analisis.data.wilayah import muat_wilayah

    w = muat_wilayah()
    pilih = w[(w["tingkat"].isin(["kabupaten", "kota"])) & (w["kode_provinsi"] == kode_provinsi)]
    return sorted(str(k) for k in pilih.index)


def baca_semua_hasil(ft: FolderTahun) -> dict[str, HasilWilayah]:
    """Every kab/kota result file present in a province-year (missing ones left out)."""
    return {
        k: HasilWilayah.baca(ft.hasil_json(k))
        for k in kabkota_provinsi(ft.kode_provinsi)
        if ft.hasil_json(k).is_file()
    }


def sumber_wilayah(
    ft: FolderTahun, kode: str, semua: dict[str, HasilWilayah] | None = None
) -> SumberWilayah:
    """A region's chapter inputs. ``semua`` (the province's result files, when already read)
    completes the relative-position table; otherwise the other files are read when present.
    The table is only built when every kab/kota has a result of the same year that is its own
    (a file copied under another code is not used)."""
    h = semua[kode] if semua and kode in semua else baca_hasil(ft, kode)
    if semua is None:
        semua = baca_semua_hasil(ft)
    semua = {**semua, kode: h}
    lengkap = set(semua) >= set(kabkota_provinsi(ft.kode_provinsi)) and all(
        s.meta.kode_wilayah == k and s.meta.tahun == h.meta.tahun for k, s in semua.items()
    )
    posisi = posisi_dari_hasil(semua, list(h.posisi_wilayah)) if lengkap else None
    tampilan = tampilan_dari_kontrak(h, baca_seri(ft, kode), posisi)
    return SumberWilayah(hasil=h, tampilan=tampilan, posisi_lengkap=lengkap)
