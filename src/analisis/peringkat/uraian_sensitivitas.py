"""The stored sensitivity and coherence results as tables and plain-Indonesian sentences.

Everything here reads ``peringkat.json["sensitivitas"]`` and ``["koherensi"]`` (the dicts of
:meth:`~analisis.peringkat.sensitivitas.HasilSensitivitas.ke_json` and
:meth:`~analisis.peringkat.koherensi.HasilKoherensi.ke_json`) and never recomputes them, so the
ranking report (:mod:`analisis.peringkat.tampilan_sensitivitas`), the app's "mengapa peringkat
wilayah ini tidak pasti?" panel and the documents say the same thing. Tables carry numbers
(formatting is the caller's, Indonesian); sentences are plain text with Indonesian numbers and
indicator/factor names, never codes — HTML-escape them before they enter markup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analisis.laporan import format as fmt

BATAS_PENTING = 0.05
"""A total Sobol index below this is treated as negligible in the sentences."""

JENIS_HAPUS = {"indikator": "indikator", "dimensi": "dimensi"}


def _nilai(x: Any) -> float:
    return math.nan if x is None else float(x)


def _persen(x: float) -> str:
    """A share as Indonesian percent: 0.25 → '25 persen', 0.004 → '0,4 persen'."""
    p = 100.0 * x
    return fmt.persen(p, 0 if abs(p) >= 9.5 or round(p) == p else 1)


# ---------------------------------------------------------------------------------- Sobol


def tabel_sobol(sens: dict[str, Any], kode_wilayah: str | None = None) -> pd.DataFrame:
    """One row per varied factor: ``kode``, ``faktor`` (Indonesian name), ``S1``, ``S1_bawah``,
    ``S1_atas``, ``ST``, ``ST_bawah``, ``ST_atas`` — of the mean absolute rank shift, or of one
    region's rank (``kode_wilayah``) — sorted by ``ST`` (largest first; missing last)."""
    sumber = sens["pergeseran_rata_rata"] if kode_wilayah is None else _wilayah(sens, kode_wilayah)
    kolom = ("S1", "S1_bawah", "S1_atas", "ST", "ST_bawah", "ST_atas")
    baris = [
        {"kode": f["kode"], "faktor": f["nama"], **{k: _nilai(sumber[k][j]) for k in kolom}}
        for j, f in enumerate(sens["faktor"])
    ]
    t = pd.DataFrame(baris, columns=["kode", "faktor", *kolom])
    return t.sort_values("ST", ascending=False, na_position="last", kind="stable").reset_index(
        drop=True
    )


def _wilayah(sens: dict[str, Any], kode_wilayah: str) -> dict[str, Any]:
    for w in sens["wilayah"]:
        if w["kode_wilayah"] == kode_wilayah:
            return w
    raise KeyError(kode_wilayah)


def ada_indeks(sens: dict[str, Any]) -> bool:
    """Whether Sobol indices of the mean rank shift were computed (something varied)."""
    return bool(sens["faktor"]) and any(v is not None for v in sens["pergeseran_rata_rata"]["ST"])


def kalimat_grafik_sobol() -> str:
    """How to read the chart of first-order and total indices, in one sentence."""
    return (
        "Setiap pasang batang menunjukkan berapa bagian keragaman pergeseran peringkat yang "
        "dijelaskan oleh satu pilihan metode: batang pertama oleh pilihan itu sendiri (indeks "
        "orde pertama), batang kedua termasuk gabungannya dengan pilihan lain (indeks total), "
        "dan garis hitam adalah selang kepercayaannya."
    )


def kalimat_temuan_sobol(sens: dict[str, Any]) -> str:
    """The main finding of the Sobol analysis of the mean rank shift, in one sentence."""
    if not ada_indeks(sens):
        return (
            "Indeks sensitivitas tidak dihitung karena tidak ada pilihan yang menggeser peringkat."
        )
    t = tabel_sobol(sens)
    utama = t.iloc[0]
    rata = sens["pergeseran_rata_rata"].get("rata_rata")
    kalimat = (
        f"Pilihan yang paling menentukan peringkat adalah {utama['faktor'].lower()}: "
        f"{_persen(utama['ST'])} keragaman pergeseran peringkat terkait dengannya "
        f"({_persen(utama['S1'])} oleh pilihan itu sendiri)"
    )
    kecil = [r["faktor"].lower() for _, r in t.iterrows() if r["ST"] < BATAS_PENTING]
    if kecil:
        kalimat += f", sedangkan {_daftar(kecil)} hampir tidak berpengaruh"
    if rata is not None:
        kalimat += (
            f"; rata-rata setiap wilayah bergeser {fmt.angka(rata, 1)} peringkat dari "
            "peringkat terbitan"
        )
    return kalimat + "."


def _daftar(nama: list[str]) -> str:
    return nama[0] if len(nama) == 1 else ", ".join(nama[:-1]) + " dan " + nama[-1]


# ---------------------------------------------------------------------------------- removal


def tabel_penghapusan(sens: dict[str, Any], nama_dimensi: dict[str, str]) -> pd.DataFrame:
    """Indicator and dimension removal: ``jenis``, ``dihapus`` (name), ``dimensi`` (the
    indicator's dimension name; ``None`` for a dimension),
    ``pergeseran_rata_rata``, ``pergeseran_maks``, ``jumlah_wilayah_bergeser``; largest mean
    shift first."""
    baris = [
        {
            "jenis": JENIS_HAPUS[jenis],
            "dihapus": r["nama"],
            "dimensi": nama_dimensi.get(r["dimensi"], r["dimensi"])
            if jenis == "indikator"
            else None,
            "pergeseran_rata_rata": _nilai(r["pergeseran_rata_rata"]),
            "pergeseran_maks": int(r["pergeseran_maks"]),
            "jumlah_wilayah_bergeser": int(r["jumlah_wilayah_bergeser"]),
        }
        for jenis in ("dimensi", "indikator")
        for r in sens["penghapusan"][jenis]
    ]
    t = pd.DataFrame(
        baris,
        columns=[
            "jenis",
            "dihapus",
            "dimensi",
            "pergeseran_rata_rata",
            "pergeseran_maks",
            "jumlah_wilayah_bergeser",
        ],
    )
    return t.sort_values("pergeseran_rata_rata", ascending=False, kind="stable").reset_index(
        drop=True
    )


def tabel_alternatif(sens: dict[str, Any]) -> pd.DataFrame:
    """Every other method, one at a time: ``faktor``, ``pilihan`` (names), mean and largest
    shift and the number of regions that move; largest mean shift first."""
    nama_faktor = {f["kode"]: f["nama"] for f in sens["faktor"]}
    nama_faktor.update({f["kode"]: f["nama"] for f in sens["faktor_tetap"]})
    baris = [
        {
            "faktor": nama_faktor.get(r["faktor"], r["faktor"]),
            "pilihan": r["nama"],
            "pergeseran_rata_rata": _nilai(r["pergeseran_rata_rata"]),
            "pergeseran_maks": int(r["pergeseran_maks"]),
            "jumlah_wilayah_bergeser": int(r["jumlah_wilayah_bergeser"]),
        }
        for r in sens["alternatif"]
    ]
    t = pd.DataFrame(
        baris,
        columns=[
            "faktor",
            "pilihan",
            "pergeseran_rata_rata",
            "pergeseran_maks",
            "jumlah_wilayah_bergeser",
        ],
    )
    return t.sort_values("pergeseran_rata_rata", ascending=False, kind="stable").reset_index(
        drop=True
    )


def kalimat_penghapusan(sens: dict[str, Any], nama_dimensi: dict[str, str]) -> str:
    """How to read the removal table and what moves the ranking most, in one sentence."""
    t = tabel_penghapusan(sens, nama_dimensi)
    awal = (
        "Tabel ini menunjukkan berapa peringkat rata-rata setiap wilayah bergeser bila satu "
        "indikator atau dimensi dihapus dan bobot sisanya dibagi ulang"
    )
    if t.empty:
        return awal + "; kerangka ini terlalu kecil untuk menghapus apa pun."
    utama = t.iloc[0]
    if not utama["pergeseran_rata_rata"] > 0:
        return awal + "; tidak ada penghapusan yang mengubah peringkat."
    return (
        f"{awal}; pergeseran terbesar terjadi bila {utama['jenis']} {utama['dihapus']} dihapus "
        f"(rata-rata {fmt.angka(utama['pergeseran_rata_rata'], 1)} peringkat, paling jauh "
        f"{utama['pergeseran_maks']} peringkat, {utama['jumlah_wilayah_bergeser']} wilayah "
        "berubah posisi)."
    )


def kalimat_alternatif() -> str:
    """How to read the table of alternative methods, in one sentence."""
    return (
        "Tabel ini menunjukkan berapa peringkat rata-rata setiap wilayah bergeser bila hanya satu "
        "metode diganti (pilihan lain tetap seperti peringkat terbitan)."
    )


# ---------------------------------------------------------------------------------- coherence


def tabel_koherensi_indikator(koh: dict[str, Any], nama_dimensi: dict[str, str]) -> pd.DataFrame:
    """Per indicator with data: ``indikator`` (name), ``dimensi`` (name), ``bobot_kerangka``,
    ``bobot_terpakai`` and ``sumbangan_keragaman`` (shares of 1: the nominal weight, the weight
    applied and the effective weight), ``korelasi_dimensi``, ``korelasi_indeks``."""
    baris = [
        {
            "indikator": r["nama"],
            "dimensi": nama_dimensi.get(r["dimensi"], r["dimensi"]),
            "bobot_kerangka": _nilai(r["bobot_kerangka"]),
            "bobot_terpakai": _nilai(r["bobot_terpakai"]),
            "sumbangan_keragaman": _nilai(r["sumbangan_keragaman"]),
            "korelasi_dimensi": _nilai(r["korelasi_dimensi"]),
            "korelasi_indeks": _nilai(r["korelasi_indeks"]),
        }
        for r in koh["indikator"]
        if r["jumlah_wilayah"]
    ]
    return pd.DataFrame(
        baris,
        columns=[
            "indikator",
            "dimensi",
            "bobot_kerangka",
            "bobot_terpakai",
            "sumbangan_keragaman",
            "korelasi_dimensi",
            "korelasi_indeks",
        ],
    )


def tabel_koherensi_dimensi(koh: dict[str, Any]) -> pd.DataFrame:
    """Per dimension: ``dimensi`` (name), ``jumlah_indikator``, ``alfa_cronbach``,
    ``korelasi_indeks``, ``bobot_terpakai``, ``sumbangan_keragaman``."""
    baris = [
        {
            "dimensi": r["nama"],
            "jumlah_indikator": int(r["jumlah_indikator"]),
            "alfa_cronbach": _nilai(r["alfa_cronbach"]),
            "korelasi_indeks": _nilai(r["korelasi_indeks"]),
            "bobot_terpakai": _nilai(r["bobot_terpakai"]),
            "sumbangan_keragaman": _nilai(r["sumbangan_keragaman"]),
        }
        for r in koh["dimensi"]
    ]
    return pd.DataFrame(
        baris,
        columns=[
            "dimensi",
            "jumlah_indikator",
            "alfa_cronbach",
            "korelasi_indeks",
            "bobot_terpakai",
            "sumbangan_keragaman",
        ],
    )


def indikator_tanpa_data(koh: dict[str, Any]) -> list[str]:
    """Names of the indicators without a value for any ranked region (left out of the tables)."""
    return [r["nama"] for r in koh["indikator"] if not r["jumlah_wilayah"]]


def kalimat_koherensi_indikator(koh: dict[str, Any]) -> str:
    """How to read the indicator coherence table, in one sentence."""
    return (
        "Tabel ini membandingkan bobot setiap indikator dengan sumbangannya pada keragaman "
        f"skor indeks antar {koh['jumlah_wilayah']} wilayah (bobot efektif): bila keduanya jauh "
        "berbeda, bobot tidak menggambarkan pengaruh nyata indikator itu pada peringkat; "
        "korelasi menunjukkan apakah indikator bergerak searah dengan dimensinya dan indeksnya."
    )


def kalimat_koherensi_dimensi(koh: dict[str, Any]) -> str:
    """How to read the dimension coherence table, in one sentence."""
    ambang = koh["parameter"].get("ambang_alfa", 0.7)
    return (
        "Alfa Cronbach mengukur apakah indikator dalam satu dimensi searah (lazimnya minimal "
        f"{fmt.angka(ambang, 2)}); sumbangan keragaman dibandingkan dengan bobot dimensi seperti "
        "pada tabel indikator."
    )


# ---------------------------------------------------------------------------------- one region


@dataclass(frozen=True)
class PenjelasanWilayah:
    """Why one region's rank is uncertain, from the stored results."""

    kode_wilayah: str
    nama: str
    peringkat: int
    rentang: tuple[int, int] | None
    """5th–95th percentile of the rank over the design's independent evaluations."""
    uraian: str
    """The stored one-sentence answer (:func:`~analisis.peringkat.sensitivitas.uraian_wilayah`)."""
    faktor: pd.DataFrame
    """:func:`tabel_sobol` of the region's rank (empty when its rank never moves)."""
    penghapusan: list[tuple[str, int]]
    """Removals that move the region most: (sentence fragment, shift; > 0 = a worse place)."""
    alternatif: list[tuple[str, int]]
    """Single method changes that move the region: (sentence fragment, shift)."""


def penjelasan_wilayah(
    sens: dict[str, Any], kode_wilayah: str, batas: int = 3
) -> PenjelasanWilayah | None:
    """The stored explanation of one region (``None`` when the region is not in the results)."""
    try:
        w = _wilayah(sens, kode_wilayah)
    except KeyError:
        return None
    lo, hi = w.get("peringkat_p05"), w.get("peringkat_p95")
    faktor = (
        tabel_sobol(sens, kode_wilayah)
        if not w["peringkat_tetap"] and sens["faktor"]
        else tabel_sobol(sens).iloc[0:0]
    )

    hapus = [
        (f"tanpa {jenis} {r['nama']}", r)
        for jenis in ("indikator", "dimensi")
        for r in sens["penghapusan"][jenis]
    ]
    ganti = [(f"dengan {r['nama']}", r) for r in sens["alternatif"]]
    return PenjelasanWilayah(
        kode_wilayah=kode_wilayah,
        nama=str(w["nama"]),
        peringkat=int(w["peringkat"]),
        rentang=(int(lo), int(hi)) if lo is not None and hi is not None else None,
        uraian=str(w["uraian"]),
        faktor=faktor,
        penghapusan=_terbesar(hapus, kode_wilayah, batas),
        alternatif=_terbesar(ganti, kode_wilayah, batas),
    )


def _terbesar(
    daftar: list[tuple[str, dict[str, Any]]], kode_wilayah: str, batas: int
) -> list[tuple[str, int]]:
    """The ``batas`` labelled changes that move the region most (non-zero shifts only)."""
    geser = [
        (label, int(r["pergeseran"][kode_wilayah]))
        for label, r in daftar
        if r["pergeseran"].get(kode_wilayah)
    ]
    return sorted(geser, key=lambda x: (-abs(x[1]), x[0]))[:batas]


def teks_geser(g: int) -> str:
    """A rank shift in words: 'turun 2 peringkat' (a worse place) or 'naik 1 peringkat'."""
    return f"{'turun' if g > 0 else 'naik'} {abs(int(g))} peringkat"


def teks_parameter(sens: dict[str, Any]) -> str:
    """The applied settings of the analysis in one sentence (seed, sample size, evaluations,
    bootstrap, confidence level)."""
    p = sens["parameter"]
    return (
        f"Rancangan Saltelli dengan sampel dasar {fmt.angka(p['jumlah_sampel'], 0)} "
        f"({fmt.angka(p['jumlah_evaluasi'], 0)} kali indeks dihitung ulang), benih {p['benih']}, "
        f"selang kepercayaan {fmt.persen(100 * p['tingkat_kepercayaan'], 0)} dari "
        f"{fmt.angka(p['jumlah_bootstrap'], 0)} sampel bootstrap."
    )


def faktor_divariasikan(sens: dict[str, Any]) -> list[str]:
    """Names of the factors the sensitivity design varies (lower case), in stored order."""
    return [f["nama"].lower() for f in sens["faktor"]]


def kalimat_rentang_sensitivitas(sens: dict[str, Any]) -> str:
    """What the sensitivity analysis' rank range is, and how it differs from the Monte Carlo
    interval of the robustness test, in one sentence (the app and the site show both)."""
    p = sens["parameter"]
    evaluasi = 2 * int(p["jumlah_sampel"])
    diubah = faktor_divariasikan(sens)
    apa = _daftar(diubah) if diubah else "tidak ada pilihan"
    return (
        "Rentang analisis sensitivitas = persentil 5–95 peringkat pada "
        f"{fmt.angka(evaluasi, 0)} evaluasi bebas rancangan Saltelli yang sekaligus mengubah "
        f"{apa}, untuk bobot terbitan; rentang ini dipakai untuk mencari sebab "
        "ketidakpastian dan berbeda dari rentang 90 persen uji ketahanan (simulasi Monte "
        "Carlo yang hanya sedikit mengubah bobot, memperhitungkan galat sampel dan mengganti "
        "cara normalisasi), yang menjadi ukuran seberapa pasti peringkat itu."
    )


# ---------------------------------------------------------------------------------- downloads

_KOLOM_SOBOL = {
    "faktor": "pilihan metode",
    "S1": "indeks orde pertama",
    "S1_bawah": "orde pertama: batas bawah selang",
    "S1_atas": "orde pertama: batas atas selang",
    "ST": "indeks total",
    "ST_bawah": "total: batas bawah selang",
    "ST_atas": "total: batas atas selang",
}


def tabel_sobol_wilayah(sens: dict[str, Any]) -> pd.DataFrame:
    """Per region (published rank order): code, name, published rank, the sensitivity range
    (5th–95th percentile), the total index of each varied factor and the stored explanation."""
    baris = []
    for w in sorted(sens["wilayah"], key=lambda w: (w["peringkat"], w["nama"])):
        r: dict[str, Any] = {
            "kode_wilayah": w["kode_wilayah"],
            "wilayah": w["nama"],
            "peringkat terbitan": w["peringkat"],
            "rentang analisis sensitivitas: persentil 5": w.get("peringkat_p05"),
            "rentang analisis sensitivitas: persentil 95": w.get("peringkat_p95"),
        }
        for j, f in enumerate(sens["faktor"]):
            r[f"indeks total: {f['nama']}"] = _nilai(w["ST"][j]) if w.get("ST") else math.nan
        r["penjelasan"] = w["uraian"]
        baris.append(r)
    return pd.DataFrame(baris)


def lembar_unduhan(
    sens: dict[str, Any] | None, koh: dict[str, Any] | None, nama_dimensi: dict[str, str]
) -> dict[str, pd.DataFrame]:
    """The stored results as download sheets (names, not codes; shares of 1 as stored)."""
    lembar: dict[str, pd.DataFrame] = {}
    if sens is not None:
        if ada_indeks(sens):
            t = tabel_sobol(sens).drop(columns="kode").rename(columns=_KOLOM_SOBOL)
            lembar["Sensitivitas"] = t
            lembar["Sensitivitas wilayah"] = tabel_sobol_wilayah(sens)
        lembar["Penghapusan"] = tabel_penghapusan(sens, nama_dimensi)
        lembar["Metode lain"] = tabel_alternatif(sens)
    if koh is not None:
        lembar["Koherensi indikator"] = tabel_koherensi_indikator(koh, nama_dimensi)
        lembar["Koherensi dimensi"] = tabel_koherensi_dimensi(koh)
    return lembar


def catatan_unduhan(sens: dict[str, Any] | None, koh: dict[str, Any] | None) -> list[str]:
    """Note lines for the download's note sheet: settings, the range, coherence findings."""
    baris: list[str] = []
    if sens is not None:
        baris += [
            "Analisis sensitivitas: " + teks_parameter(sens),
            "Yang diubah: " + "; ".join(f"{f['nama']} ({f['uraian']})" for f in sens["faktor"]),
            kalimat_rentang_sensitivitas(sens),
        ]
    if koh is not None:
        baris += [f"Koherensi: {k}" for k in koh["peringatan"]]
    return baris


__all__ = [
    "PenjelasanWilayah",
    "ada_indeks",
    "catatan_unduhan",
    "faktor_divariasikan",
    "indikator_tanpa_data",
    "kalimat_alternatif",
    "kalimat_grafik_sobol",
    "kalimat_koherensi_dimensi",
    "kalimat_koherensi_indikator",
    "kalimat_penghapusan",
    "kalimat_rentang_sensitivitas",
    "kalimat_temuan_sobol",
    "lembar_unduhan",
    "penjelasan_wilayah",
    "tabel_alternatif",
    "tabel_koherensi_dimensi",
    "tabel_koherensi_indikator",
    "tabel_penghapusan",
    "tabel_sobol",
    "tabel_sobol_wilayah",
    "teks_geser",
    "teks_parameter",
]
