"""Machine-readable evaluation results: one JSON and one netCDF file per region.

``<folder>/<kode>.json`` holds the metadata, score card, classifications, targets, ranking
indicators (``kinerja``), provenance of every number and the method parameters: what the
provincial ranking and the app read without re-running the notebook.
``<folder>/<kode>.nc`` holds the indicator series (region, province, Indonesia × years) with
units and quality grades, for charts and drill-downs.

Both are written to a temporary file and renamed, so a reader never sees a half-written result.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from analisis.berkas import tulis_atomik
from analisis.evaluasi.hitung import HasilEvaluasi
from analisis.galat import GalatAnalisis

VERSI_SKEMA = 1


def _bersih(x: object) -> object:
    """JSON-safe value: NaN/NA → None, numpy scalars → Python, tuples → lists."""
    if isinstance(x, dict):
        return {str(k): _bersih(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_bersih(v) for v in x]
    if isinstance(x, pd.DataFrame):
        return [_bersih(r) for r in x.to_dict("records")]
    if isinstance(x, np.generic):
        x = x.item()
    if x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


def sebagai_json(h: HasilEvaluasi) -> dict:
    """The JSON-serialisable form of a result."""
    hasil = _bersih(
        {
            "versi_skema": VERSI_SKEMA,
            "meta": h.meta,
            "kartu": h.kartu,
            "perkembangan": h.perkembangan,
            "relevansi": h.relevansi,
            "posisi_wilayah": h.posisi_wilayah,
            "kuadran_perkembangan": {k: v for k, v in h.kuadran_perkembangan.items()},
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
        }
    )
    assert isinstance(hasil, dict)  # _bersih keeps a dict a dict
    return hasil


def sebagai_dataset(h: HasilEvaluasi) -> xr.Dataset:
    """The series as an xarray Dataset: dims ``peran`` (wilayah/provinsi/nasional) × ``tahun``."""
    s = h.seri
    peran = ["wilayah", "provinsi", "nasional"]
    tahun = sorted(s["tahun"].unique())
    ds = xr.Dataset(coords={"peran": peran, "tahun": np.array(tahun, dtype="int64")})
    kode = {
        p: s.loc[s["peran"] == p, "kode_wilayah"].iloc[0] for p in peran if (s["peran"] == p).any()
    }
    ds = ds.assign_coords(kode_wilayah=("peran", [kode.get(p, "") for p in peran]))
    for ind, g in s.groupby("indikator", sort=False):
        lebar = g.pivot(index="peran", columns="tahun", values="nilai").reindex(
            index=peran, columns=tahun
        )
        mutu = (
            g.pivot(index="peran", columns="tahun", values="kualitas")
            .reindex(index=peran, columns=tahun)
            .fillna("")
        )
        ds[str(ind)] = (("peran", "tahun"), lebar.to_numpy(dtype="float64"))
        ds[f"{ind}_kualitas"] = (("peran", "tahun"), mutu.to_numpy(dtype=str))
    ds.attrs = {k: str(v) for k, v in h.meta.items() if not isinstance(v, dict)}
    return ds


def simpan_hasil(h: HasilEvaluasi, folder: str | Path) -> tuple[Path, Path]:
    """Write ``<kode>.json`` and ``<kode>.nc`` into ``folder`` atomically; return both paths."""
    folder = Path(folder)
    kode = h.meta["kode_wilayah"]
    p_json, p_nc = folder / f"{kode}.json", folder / f"{kode}.nc"
    ds = sebagai_dataset(h)
    with tulis_atomik(p_nc) as f:
        f.write(ds.to_netcdf())
    with tulis_atomik(p_json, "w") as f:
        json.dump(sebagai_json(h), f, ensure_ascii=False, indent=1)
    return p_json, p_nc


def muat_hasil(folder: str | Path, kode_wilayah: str) -> dict:
    """Read a saved result's JSON (clear error when absent or from another schema)."""
    p = Path(folder) / f"{kode_wilayah}.json"
    if not p.exists():
        raise GalatAnalisis(
            f"Hasil evaluasi wilayah {kode_wilayah} belum ada di {folder}; jalankan 'analisis evaluasi --wilayah {kode_wilayah}'.",
            kode_keluar=3,
        )
    data = json.loads(p.read_text("utf-8"))
    if data.get("versi_skema") != VERSI_SKEMA:
        raise GalatAnalisis(
            f"{p.name}: versi skema {data.get('versi_skema')} tidak didukung (diharapkan {VERSI_SKEMA}); jalankan ulang evaluasi.",
            3,
        )
    return data


def muat_seri(folder: str | Path, kode_wilayah: str) -> xr.Dataset:
    """Read a saved result's series (netCDF), fully loaded and closed."""
    p = Path(folder) / f"{kode_wilayah}.nc"
    if not p.exists():
        raise GalatAnalisis(
            f"Berkas seri {p} belum ada; jalankan evaluasi wilayah {kode_wilayah}.", kode_keluar=3
        )
    with xr.open_dataset(p) as ds:
        return ds.load()
