"""Builds the BPS-style import fixtures in this folder from the bundled data.

Run: .venv/bin/python tests/data/impor/buat_fixture.py
The files mimic what analysts download from the BPS website (title rows, multi-row headers,
decimal comma, placeholders, footnotes, old region names) and the BPS WebAPI. Every value is
the bundled official value, so tests can check the import against the bundle.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook

from analisis.data.model import Basisdata

DI_SINI = Path(__file__).parent
b = Basisdata.muat(impor=False)


def nilai(kode: str, ind: str, th: int) -> float | None:
    p = b.provenans(kode, th, ind)
    return None if p is None else p["nilai"]


def koma(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}".replace(".", ",")


# 1. Kalsel P0 2021–2025, Indonesian CSV (semicolon, decimal comma), BPS spellings.
nama_kalsel = [
    ("6301", "Tanah Laut"),
    ("6302", "Kota Baru"),
    ("6303", "Banjar"),
    ("6304", "Barito Kuala"),
    ("6305", "Tapin"),
    ("6306", "Hulu Sungai Selatan"),
    ("6307", "Hulu Sungai Tengah"),
    ("6308", "Hulu Sungai Utara"),
    ("6309", "Tabalong"),
    ("6310", "Tanah Bumbu"),
    ("6311", "Balangan"),
    ("6371", "Kota Banjarmasin"),
    ("6372", "Kota Banjar Baru"),
    ("6300", "KALIMANTAN SELATAN"),
]
tahun = [2021, 2022, 2023, 2024, 2025]
with open(DI_SINI / "bps_p0_kalsel_2021_2025.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(
        [
            "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota di Provinsi Kalimantan Selatan (Persen), 2021-2025"
        ]
        + [""] * 5
    )
    w.writerow([""] * 6)
    w.writerow(["Kabupaten/Kota", "Persentase Penduduk Miskin (P0) (Persen)", "", "", "", ""])
    w.writerow([""] + [str(t) for t in tahun])
    for kode, nama in nama_kalsel:
        w.writerow([nama] + [koma(nilai(kode, "p0", t)) for t in tahun])
    w.writerow([""] * 6)
    w.writerow(["Sumber: Badan Pusat Statistik Provinsi Kalimantan Selatan"] + [""] * 5)
    w.writerow(["Catatan: Data Maret (Susenas)"] + [""] * 5)

# 2. Kaltim jumlah and P0 2024–2025 (two indicators, merged header), Kalbar GK as text with
#    dotted thousands on a second sheet; numeric cells stay numeric.
wb = Workbook()
ws = wb.active
ws.title = "Kemiskinan Kaltim"
ws.append(
    ["Jumlah dan Persentase Penduduk Miskin Menurut Kabupaten/Kota di Kalimantan Timur, 2024-2025"]
)
ws.append([])
ws.append(
    [
        "Kabupaten/Kota",
        "Jumlah Penduduk Miskin (Ribu Jiwa)",
        None,
        "Persentase Penduduk Miskin (Persen)",
        None,
    ]
)
ws.merge_cells("B3:C3")
ws.merge_cells("D3:E3")
ws.append([None, 2024, 2025, 2024, 2025])
nama_kaltim = [
    ("6401", "Paser"),
    ("6402", "Kutai Barat"),
    ("6403", "Kutai Kartanegara"),
    ("6404", "Kutai Timur"),
    ("6405", "Berau"),
    ("6409", "Penajam Paser Utara"),
    ("6411", "Mahakam Hulu"),
    ("6471", "Kota Balikpapan"),
    ("6472", "Kota Samarinda"),
    ("6474", "Kota Bontang"),
    ("6400", "Kalimantan Timur"),
]
for kode, nama in nama_kaltim:
    ws.append(
        [nama]
        + [
            nilai(kode, i, t) if nilai(kode, i, t) is not None else "-"
            for i in ("jumlah_penduduk_miskin", "p0")
            for t in (2024, 2025)
        ]
    )
ws.append([])
ws.append(["Sumber: BPS Provinsi Kalimantan Timur"])
ws2 = wb.create_sheet("GK Kalbar")
ws2.append(["Garis Kemiskinan Menurut Kabupaten/Kota (Rupiah/Kapita/Bulan)"])
ws2.append(["Kabupaten/Kota", 2024, 2025])
nama_kalbar = [
    ("6101", "Sambas"),
    ("6102", "Bengkayang"),
    ("6103", "Landak"),
    ("6104", "Pontianak"),
    ("6105", "Sanggau"),
    ("6106", "Ketapang"),
    ("6107", "Sintang"),
    ("6108", "Kapuas Hulu"),
    ("6109", "Sekadau"),
    ("6110", "Melawi"),
    ("6111", "Kayong Utara"),
    ("6112", "Kubu Raya"),
    ("6171", "Kota Pontianak"),
    ("6172", "Kota Singkawang"),
]
for kode, nama in nama_kalbar:
    ws2.append(
        [nama]
        + [f"{int(nilai(kode, 'garis_kemiskinan', t)):,}".replace(",", ".") for t in (2024, 2025)]
    )
ws2.append(["Sumber: Badan Pusat Statistik"])
wb.save(DI_SINI / "bps_kemiskinan_kaltim_kalbar.xlsx")

# 3. BPS WebAPI response: Kalsel P0 (var 103), 2021–2024.
vervar = [{"val": int(k), "label": n if not n.isupper() else n.title()} for k, n in nama_kalsel]
th = [{"val": t - 1900, "label": str(t)} for t in (2021, 2022, 2023, 2024)]
isi = {}
for v in vervar:
    for t in th:
        x = nilai(str(v["val"]), "p0", int(t["label"]))
        if x is not None:
            isi[f"{v['val']}1030{t['val']}0"] = x
respons = {
    "status": "OK",
    "data-availability": "available",
    "last_update": "2025-01-15 10:00:00",
    "subject": [{"val": 23, "label": "Kemiskinan dan Ketimpangan"}],
    "var": [
        {
            "val": 103,
            "label": "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota",
            "unit": "Persen",
            "subj": "Kemiskinan dan Ketimpangan",
            "def": "",
            "decimal": 2,
            "note": "",
        }
    ],
    "turvar": [{"val": 0, "label": "Tidak Ada"}],
    "labelvervar": "Kabupaten/Kota",
    "vervar": vervar,
    "tahun": th,
    "turtahun": [{"val": 0, "label": "Tahun"}],
    "datacontent": isi,
}
(DI_SINI / "webapi_p0_kalsel_var103.json").write_text(
    json.dumps(respons, ensure_ascii=False, indent=1), "utf-8"
)

# 4. The BPS website's CSV export of the same dynamic table (long format, ';', decimal point):
#    the same Kalsel P0 2021–2025 values as file 1, one value per row.
with open(DI_SINI / "bps_p0_kalsel_dinamis_panjang.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(
        [
            "nama_variabel",
            "nama_variabel_turunan",
            "nama_tahun",
            "nama_turunan_tahun",
            "data_content",
            "nama_item_vertical_variabel",
        ]
    )
    for kode, nama in nama_kalsel:
        for t in tahun:
            x = nilai(kode, "p0", t)
            w.writerow(
                [
                    "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen)",
                    "Tidak Ada",
                    str(t),
                    "Tahun",
                    "-" if x is None else f"{x:.2f}",
                    nama,
                ]
            )
print("fixture ditulis ke", DI_SINI)
