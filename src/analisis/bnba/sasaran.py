"""Targeting analysis from the aggregate cube: desil distribution, programme targeting errors,
count × share quadrant of desa/kecamatan, and the BPS macro vs BNBA micro reconciliation.

Everything here works on the additive cube of :mod:`analisis.bnba.cek` (counts per kecamatan,
desa and desil), never on person records, so the results are aggregates by construction
(small-cell suppression is applied in :mod:`analisis.bnba.privasi`).

Targeting metrics (domain spec §4.5), with E = units eligible under the programme's rule
(desil ≤ ``desil_maks``, default 4) and R = recipient units:

- coverage ``cakupan`` = |E ∩ R| / |E|;
- inclusion error ``galat_inklusi`` = |R \\ E| / |R| (share of recipients not eligible);
- exclusion error ``galat_eksklusi`` = |E \\ R| / |E| (share of eligible not covered)
  = 1 − coverage.

Units: ``keluarga`` programmes (PKH, Sembako/BPNT) count families by family desil (the smallest
desil among members); ``individu`` programmes (PBI-JK) count people by their own desil.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analisis.bnba.cek import LABEL_KUADRAN, _kelompok
from analisis.bnba.konfigurasi import Aturan, AturanProgram, muat_aturan
from analisis.galat import GalatAnalisis
from analisis.teks import angka_id

CATATAN_REKONSILIASI = (
    "Angka BPS adalah estimasi jumlah penduduk miskin dari survei sampel (Susenas Maret): "
    "penduduk dengan pengeluaran per kapita di bawah garis kemiskinan, dengan galat sampling "
    "(rentang dari RSE). Desil BNBA (DTKS/P3KE/DTSEN) adalah peringkat kesejahteraan RELATIF "
    "keluarga dari model PMT di dalam registri, bukan ukuran kemiskinan absolut. Keduanya "
    "mengukur hal yang berbeda: selisih angka wajar dan tidak diharapkan sama 1:1. Desil 1 "
    "juga tidak sama dengan jumlah penduduk miskin ekstrem BPS."
)


def _program(kubus: pd.DataFrame, aturan: Aturan | None) -> dict[str, AturanProgram]:
    aturan = aturan or muat_aturan()
    ada = set(kubus.attrs.get("program", {})) or {
        c[2:] for c in kubus.columns if c.startswith("r_")
    }
    return {k: p for k, p in aturan.program.items() if k in ada}


def distribusi_desil(
    kubus: pd.DataFrame, tingkat: str = "desa", unit: str = "individu"
) -> pd.DataFrame:
    """Counts by desil 1–10 per area (wide table ``desil_1`` … ``desil_10`` and ``jumlah``).

    Args:
        tingkat: ``desa``, ``kecamatan`` or ``kabupaten``.
        unit: ``individu`` (people, by their own desil) or ``keluarga`` (families, family desil).
    """
    kolom = {"individu": "n_individu", "keluarga": "n_keluarga"}.get(unit)
    if kolom is None:
        raise GalatAnalisis(f"Unit '{unit}' tidak dikenal: pilih individu atau keluarga.")
    kunci = _kelompok(tingkat)
    t = kubus.pivot_table(index=kunci, columns="desil", values=kolom, aggfunc="sum", fill_value=0)
    t = t.reindex(columns=range(1, 11), fill_value=0)
    t.columns = [f"desil_{d}" for d in t.columns]
    t = t.astype("int64")
    t["jumlah"] = t.sum(axis=1)
    return t.reset_index()


def kinerja_sasaran(
    kubus: pd.DataFrame,
    aturan: Aturan | None = None,
    tingkat: str = "kabupaten",
    desil_maks: int | None = None,
) -> pd.DataFrame:
    """Coverage, inclusion and exclusion error per programme (and per area).

    Args:
        aturan: rules (the programmes' ``unit`` and ``desil_maks``).
        tingkat: ``kabupaten``, ``kecamatan`` or ``desa``.
        desil_maks: override every programme's eligibility threshold (sensitivity analysis).

    Returns one row per (area, programme): ``unit``, ``desil_maks``, ``layak`` (|E|),
    ``penerima`` (|R|), ``layak_penerima`` (|E∩R|), ``inklusi`` (|R\\E|), ``eksklusi`` (|E\\R|),
    ``cakupan``, ``galat_inklusi``, ``galat_eksklusi`` (percent; NaN when the denominator is 0).
    """
    kunci = _kelompok(tingkat)
    baris = []
    for k, p in _program(kubus, aturan).items():
        batas = int(desil_maks if desil_maks is not None else p.desil_maks)
        unit_n, unit_r = (
            ("n_keluarga", f"rk_{k}") if p.unit == "keluarga" else ("n_individu", f"r_{k}")
        )
        layak = kubus["desil"] <= batas
        t = pd.DataFrame(
            {
                **{c: kubus[c] for c in kunci},
                "layak": kubus[unit_n].where(layak, 0),
                "penerima": kubus[unit_r],
                "layak_penerima": kubus[unit_r].where(layak, 0),
            }
        )
        g = t.groupby(kunci, as_index=False, sort=True).sum()
        g.insert(len(kunci), "program", k)
        g.insert(len(kunci) + 1, "label", p.label)
        g.insert(len(kunci) + 2, "unit", p.unit)
        g.insert(len(kunci) + 3, "desil_maks", batas)
        baris.append(g)
    if not baris:
        raise GalatAnalisis(
            "Tidak ada kolom program di data: analisis sasaran tidak dapat dihitung."
        )
    hasil = pd.concat(baris, ignore_index=True)
    hasil["inklusi"] = hasil["penerima"] - hasil["layak_penerima"]
    hasil["eksklusi"] = hasil["layak"] - hasil["layak_penerima"]

    def pct(a: pd.Series, b: pd.Series) -> pd.Series:
        return (100.0 * a / b.where(b > 0)).astype("float64").round(2)

    hasil["cakupan"] = pct(hasil["layak_penerima"], hasil["layak"])
    hasil["galat_inklusi"] = pct(hasil["inklusi"], hasil["penerima"])
    hasil["galat_eksklusi"] = pct(hasil["eksklusi"], hasil["layak"])
    return hasil


def kuadran_wilayah(
    kubus: pd.DataFrame,
    aturan: Aturan | None = None,
    tingkat: str = "desa",
    desil_maks: int | None = None,
) -> pd.DataFrame:
    """Count × share quadrant of areas (prioritas wilayah, domain spec §1.4(d)).

    For each desa (or kecamatan) j: ``jumlah_miskin`` = people with desil ≤ ``desil_maks``
    (default ``desil_kuadran_maks`` in aturan.yaml, 2), ``persen_miskin`` = that / people × 100.
    Thresholds are the kabupaten MEANS of the area values (unweighted); "high" means strictly
    above the mean. Prioritas 1 = high count and high share; 2 = high share, low count
    (pockets); 3 = high count, low share (dense areas); 4 = both low.
    """
    aturan = aturan or muat_aturan()
    d = int(desil_maks if desil_maks is not None else aturan.desil_kuadran_maks)
    kunci = _kelompok(tingkat)
    if tingkat == "kabupaten":
        raise GalatAnalisis("Kuadran wilayah dihitung per desa atau kecamatan.")
    t = pd.DataFrame(
        {
            **{c: kubus[c] for c in kunci},
            "penduduk": kubus["n_individu"],
            "jumlah_miskin": kubus["n_individu"].where(kubus["desil"] <= d, 0),
        }
    )
    g = t.groupby(kunci, as_index=False, sort=True).sum()
    g["persen_miskin"] = (
        100.0 * g["jumlah_miskin"] / g["penduduk"].where(g["penduduk"] > 0)
    ).astype("float64")
    hasil = []
    for _, bagian in g.groupby("kode_wilayah", sort=True):
        bagian = bagian.copy()
        ambang_j = float(bagian["jumlah_miskin"].mean())
        ambang_p = float(bagian["persen_miskin"].mean())
        tinggi_j = bagian["jumlah_miskin"] > ambang_j
        tinggi_p = bagian["persen_miskin"] > ambang_p
        kuadran = np.select(
            [tinggi_j & tinggi_p, tinggi_p & ~tinggi_j, tinggi_j & ~tinggi_p], [1, 2, 3], default=4
        )
        bagian["ambang_jumlah"] = round(ambang_j, 2)
        bagian["ambang_persen"] = round(ambang_p, 2)
        bagian["kuadran"] = kuadran.astype("int64")
        bagian["label_kuadran"] = [LABEL_KUADRAN[int(k)] for k in kuadran]
        hasil.append(bagian)
    out = pd.concat(hasil, ignore_index=True)
    out["persen_miskin"] = out["persen_miskin"].round(2)
    out.attrs["desil_maks"] = d
    return out


# --------------------------------------------------------------------------------------------
# Macro (BPS) vs micro (BNBA) reconciliation


def angka_bps(kode_wilayah: str, tahun: int | None = None) -> dict[str, Any]:
    """P0 (March Susenas) and population of a kabupaten/kota from the bundled data.

    Returns ``{"p0", "tahun", "penduduk", "tahun_penduduk", "jumlah_miskin_ribu"}``; missing
    values are ``None``. ``tahun`` defaults to the latest year with P0. The population comes
    from the nearest year available (the bundle has 2024 only), which is stated in the result.
    """
    from analisis.data.model import Basisdata

    basis = Basisdata.muat(impor=False)
    kode = str(kode_wilayah)
    p0 = basis.seri(kode, "p0").dropna()
    if tahun is None and len(p0):
        tahun = int(p0.index[-1])
    nilai_p0 = p0.get(tahun) if tahun is not None else None
    jml = basis.seri(kode, "jumlah_penduduk_miskin")
    nilai_jml = jml.get(tahun) if tahun is not None else None
    pdd = basis.seri(kode, "penduduk").dropna()
    tahun_pdd = penduduk = None
    if len(pdd):
        jarak = sorted(pdd.index, key=lambda t: (abs(t - (tahun or 0)), t))
        tahun_pdd = int(jarak[0])
        penduduk = float(pdd[tahun_pdd])
    return {
        "p0": _angka_atau_none(nilai_p0),
        "tahun": tahun,
        "penduduk": penduduk,
        "tahun_penduduk": tahun_pdd,
        "jumlah_miskin_ribu": _angka_atau_none(nilai_jml),
    }


def _angka_atau_none(x: Any) -> float | None:
    """``float(x)``, or None for a missing value (None or NaN)."""
    return None if x is None or pd.isna(x) else float(x)


def rekonsiliasi_bps(
    kubus: pd.DataFrame,
    p0: float | None,
    penduduk: float | None,
    rse: float | None = None,
    tahun: int | None = None,
    tahun_penduduk: int | None = None,
) -> pd.DataFrame:
    """BPS estimated poor count beside BNBA desil counts, with the Indonesian caveat.

    BPS: ``P0/100 × penduduk`` with a 95% range ``× (1 ± 1.96·RSE/100)`` when the RSE (percent)
    is given (no range otherwise). BNBA: people and families in desil 1, ≤2, ≤3 and ≤4.
    The caveat is in ``attrs["catatan"]`` and in the ``keterangan`` of the first row.
    """
    n_ind = kubus.groupby("desil")["n_individu"].sum().reindex(range(1, 11), fill_value=0)
    n_kel = kubus.groupby("desil")["n_keluarga"].sum().reindex(range(1, 11), fill_value=0)
    baris: list[dict[str, Any]] = []
    if p0 is not None and penduduk is not None:
        nilai = float(p0) / 100.0 * float(penduduk)
        bawah = atas = np.nan
        ket = f"P0 {angka_id(p0)}% × penduduk {angka_id(round(penduduk))}"
        if tahun is not None:
            ket += f" (P0 Maret {tahun}"
            ket += f"; penduduk {tahun_penduduk})" if tahun_penduduk not in (None, tahun) else ")"
        if rse is not None:
            bawah = max(0.0, nilai * (1 - 1.96 * float(rse) / 100.0))
            atas = nilai * (1 + 1.96 * float(rse) / 100.0)
            ket += f"; rentang 95% dari RSE {angka_id(rse)}%"
        else:
            ket += "; RSE tidak tersedia, rentang tidak dihitung"
        baris.append(
            {
                "sumber": "BPS (Susenas)",
                "ukuran": "estimasi jumlah penduduk miskin (jiwa)",
                "nilai": round(nilai),
                "batas_bawah": bawah if np.isnan(bawah) else round(bawah),
                "batas_atas": atas if np.isnan(atas) else round(atas),
                "keterangan": ket,
            }
        )
    else:
        baris.append(
            {
                "sumber": "BPS (Susenas)",
                "ukuran": "estimasi jumlah penduduk miskin (jiwa)",
                "nilai": np.nan,
                "batas_bawah": np.nan,
                "batas_atas": np.nan,
                "keterangan": "P0 atau jumlah penduduk tidak tersedia",
            }
        )
    for d in (1, 2, 3, 4):
        label = "desil 1" if d == 1 else f"desil 1–{d}"
        baris.append(
            {
                "sumber": "BNBA",
                "ukuran": f"penduduk {label} (jiwa)",
                "nilai": int(n_ind.loc[1:d].sum()),
                "batas_bawah": np.nan,
                "batas_atas": np.nan,
                "keterangan": "peringkat relatif, bukan ukuran kemiskinan absolut",
            }
        )
        baris.append(
            {
                "sumber": "BNBA",
                "ukuran": f"keluarga {label} (KK)",
                "nilai": int(n_kel.loc[1:d].sum()),
                "batas_bawah": np.nan,
                "batas_atas": np.nan,
                "keterangan": "",
            }
        )
    hasil = pd.DataFrame(baris)
    hasil["keterangan"] = hasil["keterangan"].astype(object)
    hasil.loc[0, "keterangan"] = f"{hasil.loc[0, 'keterangan']}. {CATATAN_REKONSILIASI}"
    hasil.attrs["catatan"] = CATATAN_REKONSILIASI
    return hasil
