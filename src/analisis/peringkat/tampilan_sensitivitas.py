"""The sensitivity and coherence section of the ranking report (Bahasa Indonesia).

Reads what the ranking run stores in ``peringkat.json`` (:func:`hasil_tersimpan`) and shows it
with the tables and sentences of :mod:`analisis.peringkat.uraian_sensitivitas`: a chart of the
first-order and total Sobol indices per factor with their confidence intervals, the
indicator/dimension removal table, the alternative methods, the coherence tables and the
coherence warnings, each with one plain sentence. Text from the framework enters HTML escaped
(tables are escaped by :func:`analisis.laporan.format.gaya_tabel`).
"""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd
from IPython.display import HTML

from analisis.laporan import format as fmt
from analisis.laporan import grafik
from analisis.peringkat import uraian_sensitivitas as us
from analisis.peringkat.jalankan import HasilRangking
from analisis.peringkat.kerangka import Kerangka

SERI_S1 = "pengaruh sendiri (orde pertama)"
SERI_ST = "pengaruh total (dengan interaksi)"


def hasil_tersimpan(h: HasilRangking) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The ``sensitivitas`` and ``koherensi`` parts as written to ``peringkat.json``."""
    return h.tersimpan


def _paragraf(*kalimat: str) -> HTML:
    return HTML("".join(f"<p>{escape(k)}</p>" for k in kalimat if k))


def _nama_dimensi(kerangka: Kerangka) -> dict[str, str]:
    return {d.kode: d.nama for d in kerangka.dimensi}


def _tidak_dihitung(apa: str) -> HTML:
    return _paragraf(f"{apa} tidak dihitung untuk peringkat ini (kurang dari dua wilayah).")


# ---------------------------------------------------------------------------------- Sobol


def grafik_sobol(sens: dict[str, Any] | None) -> grafik.Grafik | HTML:
    """Bars of the first-order and total Sobol indices of the mean absolute rank shift per
    factor, with their confidence intervals (largest total index at the top)."""
    if sens is None:
        return _tidak_dihitung("Analisis sensitivitas")
    if not us.ada_indeks(sens):
        return _paragraf(us.kalimat_temuan_sobol(sens))
    t = us.tabel_sobol(sens)
    tingkat = fmt.persen(100 * sens["parameter"]["tingkat_kepercayaan"], 0)
    rekaman = []
    for _, r in t.iterrows():
        for seri, k in ((SERI_S1, "S1"), (SERI_ST, "ST")):
            rekaman.append(
                {
                    "faktor": r["faktor"],
                    "seri": seri,
                    "nilai": r[k],
                    "bawah": r[f"{k}_bawah"],
                    "atas": r[f"{k}_atas"],
                    "teks": f"{fmt.angka(r[k], 2)} (selang {tingkat}: "
                    f"{fmt.angka(r[f'{k}_bawah'], 2)} s.d. {fmt.angka(r[f'{k}_atas'], 2)})",
                }
            )
    return grafik.grafik_batang_selang(
        pd.DataFrame(rekaman),
        kategori="faktor",
        seri="seri",
        nilai="nilai",
        bawah="bawah",
        atas="atas",
        teks="teks",
        urutan=t["faktor"].tolist(),
        judul="Pilihan metode yang menggeser peringkat (indeks Sobol)",
        label_kategori="Pilihan metode",
        label_nilai="bagian keragaman pergeseran peringkat",
        label_seri="Indeks",
    )


def penjelasan_sobol(sens: dict[str, Any] | None) -> HTML:
    """How to read the chart, the main finding, the settings applied and the fixed factors."""
    if sens is None:
        return _tidak_dihitung("Analisis sensitivitas")
    tetap = [f"{f['nama'].lower()} ({f['alasan']})" for f in sens["faktor_tetap"]]
    kalimat = [
        us.kalimat_grafik_sobol() if us.ada_indeks(sens) else "",
        us.kalimat_temuan_sobol(sens),
        us.teks_parameter(sens),
        ("Tidak divariasikan: " + "; ".join(tetap) + ".") if tetap else "",
        *sens.get("peringatan", []),
    ]
    return _paragraf(*kalimat)


# ---------------------------------------------------------------------------------- removal


def tabel_penghapusan(sens: dict[str, Any] | None, kerangka: Kerangka):
    """The indicator/dimension removal table (largest mean rank shift first)."""
    if sens is None:
        return _tidak_dihitung("Uji penghapusan indikator")
    t = us.tabel_penghapusan(sens, _nama_dimensi(kerangka))
    if t.empty:
        return _paragraf(us.kalimat_penghapusan(sens, _nama_dimensi(kerangka)))
    n = len(sens["wilayah"])
    t["jumlah_wilayah_bergeser"] = [
        f"{fmt.angka(v, 0)} dari {n}" for v in t["jumlah_wilayah_bergeser"]
    ]
    return fmt.gaya_tabel(
        t.rename(
            columns={
                "jenis": "yang dihapus",
                "dihapus": "nama",
                "pergeseran_rata_rata": "rata-rata pergeseran (peringkat)",
                "pergeseran_maks": "pergeseran terbesar (peringkat)",
                "jumlah_wilayah_bergeser": "wilayah yang bergeser",
            }
        ),
        {
            "rata-rata pergeseran (peringkat)": "angka:2",
            "pergeseran terbesar (peringkat)": "angka:0",
        },
    )


def penjelasan_penghapusan(sens: dict[str, Any] | None, kerangka: Kerangka) -> HTML:
    if sens is None:
        return _paragraf("")
    return _paragraf(us.kalimat_penghapusan(sens, _nama_dimensi(kerangka)))


def tabel_alternatif(sens: dict[str, Any] | None):
    """Every other method, one at a time, with the rank shifts it causes."""
    if sens is None or not sens["alternatif"]:
        return _paragraf("Tidak ada metode lain yang diuji satu per satu.")
    t = us.tabel_alternatif(sens)
    n = len(sens["wilayah"])
    t["jumlah_wilayah_bergeser"] = [
        f"{fmt.angka(v, 0)} dari {n}" for v in t["jumlah_wilayah_bergeser"]
    ]
    return fmt.gaya_tabel(
        t.rename(
            columns={
                "faktor": "pilihan metode",
                "pilihan": "diganti dengan",
                "pergeseran_rata_rata": "rata-rata pergeseran (peringkat)",
                "pergeseran_maks": "pergeseran terbesar (peringkat)",
                "jumlah_wilayah_bergeser": "wilayah yang bergeser",
            }
        ),
        {
            "rata-rata pergeseran (peringkat)": "angka:2",
            "pergeseran terbesar (peringkat)": "angka:0",
        },
    )


def penjelasan_alternatif(sens: dict[str, Any] | None) -> HTML:
    if sens is None or not sens["alternatif"]:
        return _paragraf("")
    return _paragraf(us.kalimat_alternatif())


# ---------------------------------------------------------------------------------- coherence


def tabel_koherensi(koh: dict[str, Any] | None, kerangka: Kerangka):
    """Per indicator: nominal, applied and effective weight (percent), correlation with its
    dimension and with the index."""
    if koh is None:
        return _tidak_dihitung("Analisis koherensi")
    t = us.tabel_koherensi_indikator(koh, _nama_dimensi(kerangka))
    for k in ("bobot_kerangka", "bobot_terpakai", "sumbangan_keragaman"):
        t[k] = 100 * t[k]
    return fmt.gaya_tabel(
        t.rename(
            columns={
                "bobot_kerangka": "bobot kerangka (%)",
                "bobot_terpakai": "bobot terpakai (%)",
                "sumbangan_keragaman": "bobot efektif: sumbangan keragaman (%)",
                "korelasi_dimensi": "korelasi dengan dimensi",
                "korelasi_indeks": "korelasi dengan indeks",
            }
        ),
        {
            "bobot kerangka (%)": "angka:1",
            "bobot terpakai (%)": "angka:1",
            "bobot efektif: sumbangan keragaman (%)": "angka:1",
            "korelasi dengan dimensi": "angka:2",
            "korelasi dengan indeks": "angka:2",
        },
    )


def penjelasan_koherensi(koh: dict[str, Any] | None) -> HTML:
    if koh is None:
        return _paragraf("")
    tanpa = us.indikator_tanpa_data(koh)
    return _paragraf(
        us.kalimat_koherensi_indikator(koh),
        ("Tanpa data, tidak ditampilkan: " + ", ".join(tanpa) + ".") if tanpa else "",
    )


def tabel_koherensi_dimensi(koh: dict[str, Any] | None):
    """Per dimension: Cronbach's alpha, correlation with the index, applied and effective
    weight (percent)."""
    if koh is None:
        return _tidak_dihitung("Analisis koherensi")
    t = us.tabel_koherensi_dimensi(koh)
    for k in ("bobot_terpakai", "sumbangan_keragaman"):
        t[k] = 100 * t[k]
    return fmt.gaya_tabel(
        t.rename(
            columns={
                "jumlah_indikator": "jumlah indikator",
                "alfa_cronbach": "alfa Cronbach",
                "korelasi_indeks": "korelasi dengan indeks",
                "bobot_terpakai": "bobot terpakai (%)",
                "sumbangan_keragaman": "bobot efektif: sumbangan keragaman (%)",
            }
        ),
        {
            "jumlah indikator": "angka:0",
            "alfa Cronbach": "angka:2",
            "korelasi dengan indeks": "angka:2",
            "bobot terpakai (%)": "angka:1",
            "bobot efektif: sumbangan keragaman (%)": "angka:1",
        },
    )


def penjelasan_koherensi_dimensi(koh: dict[str, Any] | None) -> HTML:
    if koh is None:
        return _paragraf("")
    return _paragraf(us.kalimat_koherensi_dimensi(koh))


def peringatan_koherensi(koh: dict[str, Any] | None) -> HTML:
    """Every coherence finding that needs attention, as a highlighted list."""
    if koh is None:
        return _paragraf("")
    if not koh["peringatan"]:
        return _paragraf("Tidak ada temuan koherensi yang perlu diperhatikan.")
    butir = "".join(f"<li>{escape(k)}</li>" for k in koh["peringatan"])
    return HTML(
        '<div class="peringatan-koherensi" style="border-left:6px solid #E69F00;'
        f'background:#fff8e6;padding:6px 12px"><ul>{butir}</ul></div>'
    )
