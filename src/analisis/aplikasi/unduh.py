"""What the app's downloads contain (no Panel import).

The current ranking as the table shows it — re-weighted or published, through the active search
and filters, rounded as displayed, indicator names instead of codes — with the caveats of the
ranking, the weights used and the filters as note lines. Written by
:mod:`analisis.laporan.unduhan`, the writer of the runner's downloads (CSV for Indonesian-locale
Excel, XLSX with a ``Catatan`` sheet, formula neutralising).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from analisis.kontrak import PeringkatProvinsi
from analisis.laporan import format as fmt
from analisis.laporan.unduhan import isi_xlsx, teks_csv
from analisis.peringkat.jalankan import baris_catatan
from analisis.peringkat.kerangka import Kerangka

DESIMAL_TAMPIL = {"skor": 2, "median_peringkat": 1}
"""Decimals as the table shows them (dimension scores: 2; top-N chance: whole percent)."""


def dengan_nama(teks: str, kerangka: Kerangka) -> str:
    """``teks`` with every indicator code replaced by its name, and ``dimensi <kode>`` /
    ``dimensi '<kode>'`` by the dimension's name (what users read)."""
    nama_ind = {i.kode: i.nama for _, _, _, i in kerangka.iter_indikator()}
    nama_dim = {d.kode: d.nama for d in kerangka.dimensi}
    teks = re.sub(
        r"dimensi '?([a-z0-9_]+)'?",
        lambda m: f"dimensi {nama_dim.get(m.group(1), m.group(1))}",
        teks,
    )
    return re.sub(r"\b[a-z][a-z0-9_]*\b", lambda m: nama_ind.get(m.group(0), m.group(0)), teks)


def nama_indikator(kode_dipisah_koma: object, kerangka: Kerangka) -> str:
    """``"a, b"`` (codes) → ``"Name A; Name B"``."""
    kode = [k.strip() for k in str(kode_dipisah_koma or "").split(",") if k.strip()]
    nama = {i.kode: i.nama for _, _, _, i in kerangka.iter_indikator()}
    return "; ".join(nama.get(k, k) for k in kode)


def tabel_unduh(baris: pd.DataFrame, kerangka: Kerangka, posisi_teratas: int = 3) -> pd.DataFrame:
    """The rows as downloaded: the runner's column layout, rounded as displayed, with the change
    against the published rank, names instead of codes, the top-N chance in whole percent."""
    t = pd.DataFrame(
        {
            "kode_wilayah": baris["kode_wilayah"].astype(str),
            "nama": baris["nama"].astype(str),
            "peringkat": baris["peringkat"].astype("Int64"),
            "perubahan_peringkat": baris["perubahan"].astype("Int64"),
            "peringkat_terbitan": baris["peringkat_terbit"].astype("Int64"),
            "skor": pd.to_numeric(baris["skor"]).round(DESIMAL_TAMPIL["skor"]),
            "interval_bawah": pd.to_numeric(baris["interval_bawah"]).round().astype("Int64"),
            "interval_atas": pd.to_numeric(baris["interval_atas"]).round().astype("Int64"),
            "median_peringkat": pd.to_numeric(baris["median_peringkat"]).round(1),
            f"peluang_{posisi_teratas}_besar_persen": (
                pd.to_numeric(baris["peluang_3_besar"]) * 100
            ).round(0),
            "jumlah_pasangan_tidak_robust": baris["jumlah_pasangan_tidak_robust"].astype("Int64"),
            "ditandai": baris["ditandai"].astype(bool),
            "indikator_hilang": [nama_indikator(x, kerangka) for x in baris["indikator_hilang"]],
            "keterangan": [dengan_nama(str(x or ""), kerangka) for x in baris["keterangan"]],
        }
    )
    for d in kerangka.dimensi:
        t[f"skor_{d.kode}"] = pd.to_numeric(baris[f"skor_{d.kode}"]).round(2)
    return t.reset_index(drop=True)


def catatan_bobot(kerangka: Kerangka, efektif: dict[str, float], normalisasi: str) -> str:
    """The weights of a re-weighted ranking as one note line."""
    bobot = "; ".join(
        f"{d.nama} {fmt.angka(d.bobot, 3)} (efektif {fmt.angka(efektif.get(d.kode, 0.0), 3)})"
        for d in kerangka.dimensi
    )
    return (
        f"Bobot disesuaikan di aplikasi, BUKAN peringkat terbitan: {bobot}; "
        f"normalisasi: {normalisasi}."
    )


def catatan_unduh(
    kontrak: PeringkatProvinsi,
    tambahan: Sequence[str],
    jumlah: int,
    jumlah_semua: int,
    saringan: str,
) -> list[str]:
    """Note lines of a download: the ranking's caveats (as the runner writes them), the
    ``tambahan`` lines, which rows it holds, and the rounding."""
    if saringan:
        isi = f"Tersaring ({saringan}): {jumlah} dari {jumlah_semua} wilayah."
    else:
        isi = f"Semua {jumlah_semua} wilayah (tanpa saringan)."
    return [
        *baris_catatan(kontrak),
        *tambahan,
        isi,
        "Angka dibulatkan seperti di layar aplikasi; angka lengkap ada di peringkat.json.",
    ]


def bita_csv(tabel: pd.DataFrame, catatan: Sequence[str]) -> bytes:
    """CSV bytes (UTF-8 with BOM) exactly as :func:`analisis.laporan.unduhan.tulis_csv` writes."""
    return ("\ufeff" + teks_csv(tabel, catatan)).encode("utf-8")


def bita_xlsx(lembar: dict[str, pd.DataFrame], catatan: Sequence[str]) -> bytes:
    return isi_xlsx(lembar, catatan)


def lembar_bobot(kerangka: Kerangka, efektif: dict[str, float]) -> pd.DataFrame:
    """The weights sheet of the XLSX (names, not codes)."""
    return pd.DataFrame(
        [
            {
                "dimensi": d.nama,
                "bobot": round(d.bobot, 3),
                "bobot_efektif": round(efektif.get(d.kode, 0.0), 3),
            }
            for d in kerangka.dimensi
        ]
    )


def lembar_indikator(kerangka: Kerangka) -> pd.DataFrame:
    """The indicators sheet of the XLSX: dimension, name, weight inside its dimension,
    normalisation and direction."""
    return pd.DataFrame(
        [
            {
                "dimensi": d.nama,
                "indikator": i.nama,
                "bobot_dalam_dimensi": i.bobot,
                "normalisasi": i.normalisasi,
                "arah": i.arah,
            }
            for d in kerangka.dimensi
            for i in d.indikator
        ]
    )
