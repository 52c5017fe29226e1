"""The choropleth of the app: what can colour it and the Vega-Lite spec (no Panel import).

The spec is the reports' map (:func:`analisis.laporan.grafik_peta.grafik_peta`); the values come
from the session's current ranking (score, rank, dimension scores) or from the ranking's input
table (any indicator, by its name).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analisis.aplikasi.batas import fitur_provinsi, url_batas
from analisis.laporan import format as fmt
from analisis.laporan.grafik import siapkan_spesifikasi
from analisis.laporan.grafik_peta import grafik_peta
from analisis.peringkat.kerangka import Indikator, Kerangka

SKEMA_VEGALITE_PANEL = "https://vega.github.io/schema/vega-lite/v6.json"
"""Panel's Vega pane takes a dict only with a Vega(-Lite) ``$schema``; its bundle is Vega-Lite 6.
Never fetched: the pane draws with the Vega files Panel serves locally."""

SELEKSI_PETA = "pilih"
"""Name of the map's click selection (a Vega-Lite point selection on ``kode``)."""


@dataclass(frozen=True)
class NilaiPeta:
    """Values, hover texts, legend title and direction of one colouring."""

    nilai: list[float]
    teks: list[str]
    judul: str
    naik_baik: bool


def opsi_warna(kerangka: Kerangka, masukan: pd.DataFrame) -> dict[str, str]:
    """Label → colouring key: composite score, rank, each dimension score, each indicator with
    data (by name and unit)."""
    opsi = {"Skor komposit": "skor", "Peringkat": "peringkat"}
    for d in kerangka.dimensi:
        opsi[f"Skor dimensi: {d.nama}"] = f"skor_{d.kode}"
    for _, _, _, ind in kerangka.iter_indikator():
        if ind.kode in masukan.columns and masukan[ind.kode].notna().any():
            satuan = f" ({ind.satuan})" if ind.satuan else ""
            opsi[f"Indikator: {ind.nama}{satuan}"] = f"ind:{ind.kode}"
    return opsi


def kode_peta(kode_provinsi: str) -> list[str]:
    """The BPS codes of the province's boundaries, in drawing order."""
    return [str(f["properties"]["kode_bps"]) for f in fitur_provinsi(kode_provinsi)]


def _judul_pendek(nama: str) -> str:
    return nama if len(nama) <= 48 else nama[:47] + "…"


def _nilai_kategorik(ind: Indikator, kerangka: Kerangka, v: Any) -> tuple[float, str]:
    skor = {str(g).casefold(): s for g, s in ind.rubrik(kerangka).items()}
    s = skor.get(str(v).strip().casefold()) if isinstance(v, str) else None
    return (
        (float(s), f"{v} (skor {fmt.angka(s, 0)})") if s is not None else (np.nan, fmt.NILAI_KOSONG)
    )


def _nilai_angka(ind: Indikator, v: Any) -> tuple[float, str]:
    x = float(v) if v is not None and not fmt.nilai_hilang(v) else np.nan
    satuan = f" {ind.satuan}" if ind.satuan and not math.isnan(x) else ""
    return x, fmt.angka(x, 2) + satuan


def nilai_indikator(
    kerangka: Kerangka, masukan: pd.DataFrame, kode_ind: str, kode: list[str]
) -> NilaiPeta:
    """Colouring by one indicator of the input table (rubric grades by their points)."""
    ind = kerangka.indikator(kode_ind)
    kol = masukan[kode_ind].to_dict() if kode_ind in masukan.columns else {}
    pasangan = [
        _nilai_kategorik(ind, kerangka, kol.get(k))
        if ind.kategorik
        else _nilai_angka(ind, kol.get(k))
        for k in kode
    ]
    return NilaiPeta(
        [p[0] for p in pasangan],
        [p[1] for p in pasangan],
        _judul_pendek(ind.nama),
        ind.arah == "naik_baik",
    )


def nilai_tabel(kerangka: Kerangka, baris: pd.DataFrame, kolom: str, kode: list[str]) -> NilaiPeta:
    """Colouring by a column of the current ranking (score, rank, a dimension score)."""
    t = dict(zip(baris["kode_wilayah"], pd.to_numeric(baris[kolom], errors="coerce"), strict=True))
    nilai = [float(t[k]) if k in t and not fmt.nilai_hilang(t[k]) else np.nan for k in kode]
    if kolom == "peringkat":
        return NilaiPeta(nilai, [fmt.angka(x, 0) for x in nilai], "Peringkat", False)
    nama = {f"skor_{d.kode}": d.nama for d in kerangka.dimensi}
    judul = "Skor komposit" if kolom == "skor" else _judul_pendek(f"Skor {nama.get(kolom, kolom)}")
    return NilaiPeta(nilai, [fmt.angka(x, 2) for x in nilai], judul, True)


def spesifikasi(
    kode_provinsi: str,
    baris: pd.DataFrame,
    warna: NilaiPeta,
    terpilih: str | None,
) -> dict[str, Any]:
    """The Vega-Lite spec for Panel's Vega pane (values only; boundaries by URL when served)."""
    kode = kode_peta(kode_provinsi)
    rank = dict(zip(baris["kode_wilayah"], baris["peringkat"], strict=True))
    skor = dict(zip(baris["kode_wilayah"], baris["skor"], strict=True))
    df = pd.DataFrame(
        {
            "kode_wilayah": kode,
            "nilai": warna.nilai,
            "teks_peringkat": [
                fmt.NILAI_KOSONG if fmt.nilai_hilang(rank.get(k)) else str(int(rank[k]))
                for k in kode
            ],
            "teks_skor": [fmt.angka(skor.get(k), 2) for k in kode],
            "teks_nilai": warna.teks,
        }
    )
    g = grafik_peta(
        fitur_provinsi(kode_provinsi),
        df,
        tooltip=[
            ("teks_peringkat", "Peringkat"),
            ("teks_skor", "Skor"),
            ("teks_nilai", warna.judul),
        ],
        judul_legenda=warna.judul,
        naik_baik=warna.naik_baik,
        terpilih=terpilih,
        lebar=460,
        tinggi=380,
        seleksi=SELEKSI_PETA,
        url_batas=url_batas(kode_provinsi),
    )
    return {**siapkan_spesifikasi(g.spesifikasi), "$schema": SKEMA_VEGALITE_PANEL}
