"""Machine-readable evaluation results: one JSON and one netCDF file per region.

``hasil/<kode>.json`` is the contract :class:`analisis.kontrak.HasilWilayah` (metadata, score
card, classifications, targets, ranking indicators ``kinerja``, provenance of every number and
the method parameters): what the provincial ranking, the site, the app and the documents read
without re-running the notebook. ``hasil/<kode>.nc`` holds the indicator series (region,
province, Indonesia × years) with units and quality grades, for charts and drill-downs. Where
they go is decided by the reports layout (:mod:`analisis.tata_letak`).

Both are written to a temporary file and renamed, so a reader never sees a half-written result.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analisis.berkas import tulis_atomik
from analisis.evaluasi.hitung import HasilEvaluasi
from analisis.galat import GalatAnalisis
from analisis.kontrak import HasilWilayah, nilai_json
from analisis.tata_letak import FolderTahun, TataLetak

if TYPE_CHECKING:
    import xarray as xr


def sebagai_kontrak(h: HasilEvaluasi) -> HasilWilayah:
    """The result as its file contract (validated)."""
    return HasilWilayah.dari_dict(
        nilai_json(
            {
                "schema_version": HasilWilayah.SKEMA,
                "meta": h.meta,
                "kartu": h.kartu,
                "perkembangan": h.perkembangan,
                "relevansi": h.relevansi,
                "posisi_wilayah": h.posisi_wilayah,
                "kuadran_perkembangan": h.kuadran_perkembangan or None,
                "kuadran_indikator": h.kuadran_indikator,
                "target": h.target,
                "determinan": h.determinan,
                "kinerja": h.kinerja,
                "anggaran": h.anggaran,
                "bnba": h.bnba,
                "provenans": h.provenans,
                "catatan_data": h.catatan_data,
                "parameter": h.parameter,
                "kosong": h.kosong,
                "celah_data": h.celah_data or {},
                "ekstrem": h.ekstrem,
                "presisi": h.presisi or None,
            }
        ),
        f"hasil/{h.meta['kode_wilayah']}.json",
    )


def sebagai_json(h: HasilEvaluasi) -> dict:
    """The JSON-serialisable form of a result (as written to ``hasil/<kode>.json``)."""
    return sebagai_kontrak(h).model_dump(mode="json")


def _folder_tahun(
    laporan: TataLetak | str | os.PathLike[str], kode: str, tahun: int
) -> FolderTahun:
    from analisis.data.wilayah import provinsi_dari_wilayah

    tl = laporan if isinstance(laporan, TataLetak) else TataLetak(Path(laporan))
    return tl.tahun(provinsi_dari_wilayah(kode), tahun)


def sebagai_dataset(h: HasilEvaluasi) -> xr.Dataset:
    """The series as an xarray Dataset: dims ``peran`` (wilayah/provinsi/nasional) × ``tahun``."""
    import xarray as xr

    s = h.seri
    peran = ["wilayah", "provinsi", "nasional"]
    tahun = sorted(s["tahun"].unique())
    kode: dict[str, str] = {}
    for p, k in zip(s["peran"].tolist(), s["kode_wilayah"].tolist(), strict=True):
        kode.setdefault(p, k)  # each role's code from its first row
    # Each row's cell in the (peran, tahun) grid; rows of other roles/years are left out.
    baris = pd.Index(peran).get_indexer(s["peran"])
    kolom = pd.Index(tahun).get_indexer(s["tahun"])
    ada = (baris >= 0) & (kolom >= 0)
    nilai = s["nilai"].to_numpy(dtype="float64")
    kualitas = s["kualitas"].fillna("").to_numpy(dtype=object)
    data: dict[str, tuple[tuple[str, str], np.ndarray]] = {}
    for ind, idx in s.groupby("indikator", sort=False).indices.items():
        idx = idx[ada[idx]]
        lebar = np.full((len(peran), len(tahun)), np.nan)
        lebar[baris[idx], kolom[idx]] = nilai[idx]
        mutu = np.full((len(peran), len(tahun)), "", dtype=object)
        mutu[baris[idx], kolom[idx]] = kualitas[idx]
        data[str(ind)] = (("peran", "tahun"), lebar)
        data[f"{ind}_kualitas"] = (("peran", "tahun"), mutu.astype(str))
    ds = xr.Dataset(
        coords={
            "peran": peran,
            "tahun": np.array(tahun, dtype="int64"),
            "kode_wilayah": ("peran", [kode.get(p, "") for p in peran]),
        }
    ).assign(data)  # one assignment: the variables in the file keep this order
    ds.attrs = {k: str(v) for k, v in h.meta.items() if not isinstance(v, dict)}
    return ds


def simpan_hasil(
    h: HasilEvaluasi, laporan: TataLetak | str | os.PathLike[str]
) -> tuple[Path, Path]:
    """Write ``hasil/<kode>.json`` and ``.nc`` of a result into the reports folder ``laporan``
    (its province-year folder), atomically; return both paths."""
    kode = h.meta["kode_wilayah"]
    ft = _folder_tahun(laporan, kode, int(h.meta["tahun"]))
    p_json, p_nc = ft.hasil_json(kode), ft.hasil_nc(kode)
    ds = sebagai_dataset(h)
    kontrak = sebagai_kontrak(h)
    with tulis_atomik(p_nc) as f:
        f.write(ds.to_netcdf())
    kontrak.tulis(p_json)
    _simpan_unduhan_triwulan(h, ft)
    _simpan_unduhan_desa(h, ft)
    return p_json, p_nc


def _simpan_unduhan_triwulan(h: HasilEvaluasi, ft: FolderTahun) -> None:
    """The quarterly BNBA table download when the result has one; a stale one is removed."""
    from analisis.evaluasi.triwulan_bnba import ada_triwulan, tulis_unduhan_triwulan

    p = ft.unduhan_triwulan_bnba(h.meta["kode_wilayah"])
    if ada_triwulan(h.bnba):
        tulis_unduhan_triwulan(h.bnba, p)
    else:
        p.unlink(missing_ok=True)


def _simpan_unduhan_desa(h: HasilEvaluasi, ft: FolderTahun) -> None:
    """The per-desa BNBA tables download when the result has them; a stale one is removed."""
    from analisis.evaluasi.tabel_bnba import ada_tabel_desa, tulis_unduhan_desa

    p = ft.unduhan_bnba_desa(h.meta["kode_wilayah"])
    if ada_tabel_desa(h.bnba):
        tulis_unduhan_desa(h.bnba, str(h.meta["nama"]), p)
    else:
        p.unlink(missing_ok=True)


def muat_hasil(
    laporan: TataLetak | str | os.PathLike[str], kode_wilayah: str, tahun: int
) -> HasilWilayah:
    """A saved result (clear Indonesian error when absent, outdated or damaged)."""
    p = _folder_tahun(laporan, kode_wilayah, tahun).hasil_json(kode_wilayah)
    if not p.exists():
        raise GalatAnalisis(
            f"Hasil evaluasi wilayah {kode_wilayah} {tahun} belum ada; jalankan "
            f"'analisis evaluasi --wilayah {kode_wilayah} --tahun {tahun}'.",
            kode_keluar=3,
        )
    return HasilWilayah.baca(p)


def muat_seri(
    laporan: TataLetak | str | os.PathLike[str], kode_wilayah: str, tahun: int
) -> xr.Dataset:
    """A saved result's series (netCDF), fully loaded and closed."""
    import xarray as xr

    p = _folder_tahun(laporan, kode_wilayah, tahun).hasil_nc(kode_wilayah)
    if not p.exists():
        raise GalatAnalisis(
            f"Berkas seri wilayah {kode_wilayah} {tahun} belum ada; jalankan evaluasi wilayah "
            f"{kode_wilayah}.",
            kode_keluar=3,
        )
    with xr.open_dataset(p) as ds:
        return ds.load()
