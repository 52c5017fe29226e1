"""Coverage of the data: which regions × years × indicators exist, with quality grades,
and the data caveats that apply to a selection."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from analisis.data.model import Basisdata
from analisis.konfig import urai_yaml

INDIKATOR_UTAMA = ["p0", "jumlah_penduduk_miskin", "p1", "p2", "garis_kemiskinan"]


def _sel(grup: pd.DataFrame) -> str:
    """``'13'`` when all grade A, ``'56 (B)'``, ``'5 (BC)'`` otherwise (as in the data README)."""
    n = grup["kode_wilayah"].nunique()
    huruf = "".join(sorted(set(grup["kualitas"]) - {"A"}))
    return f"{n} ({huruf})" if huruf else str(n)


def tabel_cakupan(
    basis: Basisdata,
    *,
    indikator: list[str] | None = None,
    provinsi: str | None = None,
    tingkat: str = "kabkota",
) -> pd.DataFrame:
    """Coverage table: one row per (province, indicator), one column per year.

    ``tingkat``: ``kabkota`` (kabupaten and kota, per province), ``provinsi`` or ``nasional``.
    A cell holds the number of regions with a value, followed by the grades other than A.
    """
    t = basis.tabel.merge(
        basis.wilayah[["provinsi", "tingkat", "kode_provinsi"]],
        left_on="kode_wilayah",
        right_index=True,
    )
    pilih_tingkat = {
        "kabkota": ["kabupaten", "kota"],
        "provinsi": ["provinsi"],
        "nasional": ["nasional"],
    }[tingkat]
    t = t[t["tingkat"].isin(pilih_tingkat)]
    if indikator:
        t = t[t["indikator"].isin(indikator)]
    if provinsi:
        kp = str(provinsi)[:2] + "00"
        t = t[t["kode_provinsi"] == kp]
    if t.empty:
        return pd.DataFrame()
    semua_tahun = list(range(int(basis.tabel["tahun"].min()), int(basis.tabel["tahun"].max()) + 1))
    kunci = (
        ["provinsi", "indikator", "periode"] if tingkat == "kabkota" else ["indikator", "periode"]
    )
    baris = []
    for k, grup in t.groupby(kunci, sort=False):
        k = k if isinstance(k, tuple) else (k,)
        rekam = dict(zip(kunci, k))
        if tingkat == "kabkota":
            kp = grup["kode_provinsi"].iloc[0]
            rekam["jumlah_kabkota"] = int(
                (
                    (basis.wilayah["kode_provinsi"] == kp)
                    & basis.wilayah["tingkat"].isin(pilih_tingkat)
                ).sum()
            )
        for th in semua_tahun:
            g = grup[grup["tahun"] == th]
            rekam[str(th)] = _sel(g) if not g.empty else "–"
        baris.append(rekam)
    hasil = pd.DataFrame(baris)
    urutan_ind = {k: i for i, k in enumerate(basis.katalog)}
    hasil["_u"] = hasil["indikator"].map(urutan_ind)
    kolom_urut = (["provinsi"] if tingkat == "kabkota" else []) + ["_u", "periode"]
    return hasil.sort_values(kolom_urut).drop(columns="_u").reset_index(drop=True)


def ringkasan(basis: Basisdata) -> dict:
    """Headline counts for ``analisis data info``."""
    w = basis.wilayah
    t = basis.tabel
    ada = set(t["kode_wilayah"])
    tingkat = w.loc[[k for k in w.index if k in ada], "tingkat"].value_counts().to_dict()
    return {
        "kabupaten": int(tingkat.get("kabupaten", 0)),
        "kota": int(tingkat.get("kota", 0)),
        "provinsi": int(tingkat.get("provinsi", 0)),
        "nasional": int(tingkat.get("nasional", 0)),
        "tahun_awal": int(t["tahun"].min()),
        "tahun_akhir": int(t["tahun"].max()),
        "indikator": int(t["indikator"].nunique()),
        "nilai": len(t),
        "mutu": {k: int(v) for k, v in t["kualitas"].value_counts().sort_index().items()},
        "nilai_impor": int((t["asal"] != "bundel").sum()),
    }


@lru_cache(maxsize=1)
def muat_catatan() -> list[dict]:
    """The data caveats (Indonesian), each with the indicators/regions/years it concerns."""
    berkas = resources.files("analisis.data") / "bundel" / "catatan_data.yaml"
    return urai_yaml(berkas.read_text("utf-8"), "catatan_data.yaml").data or []


def catatan_untuk(
    indikator: list[str] | None = None,
    wilayah: list[str] | None = None,
    tahun: list[int] | None = None,
) -> list[dict]:
    """Caveats that concern any of the given indicators, regions and years."""

    def kena(daftar: list | None, pilihan: list | None) -> bool:
        return not daftar or pilihan is None or bool(set(map(str, daftar)) & set(map(str, pilihan)))

    return [
        c
        for c in muat_catatan()
        if kena(c.get("indikator"), indikator)
        and kena(c.get("wilayah"), wilayah)
        and kena(c.get("tahun"), tahun)
    ]
