"""Builds the recorded BPS WebAPI responses in this folder (tests run offline).

Run: .venv/bin/python tests/data/lengkapi/buat_rekaman.py

The shape is the one the WebAPI returns for a kab/kota table of the national domain (as in the
var 624 response quoted in SUMBER_DATA.md, Rasyidarfan@de0b345): ``vervar`` holds every
province (bold label) and kab/kota of Indonesia, ``tahun`` one year (val = year − 1900),
``datacontent`` keys ``vervar + var + turvar + tahun + turtahun``. Here ``vervar`` holds
Kalimantan Barat and its 14 kab/kota, plus two regions outside Kalimantan (Aceh, and Kota Banjar
in West Java, a namesake of Kabupaten Banjar) that a province's import must leave out.

Values: a cell the bundle has carries the bundled value. A cell the bundle lacks (the gaps the
tests fill) carries a TEST value interpolated from the region's nearest bundled years, not a
BPS figure; the two regions outside Kalimantan carry placeholders. ``var[0].note`` says so.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from analisis.data.model import Basisdata
from analisis.data.wilayah import nama_wilayah, wilayah_provinsi

DI_SINI = Path(__file__).parent
b = Basisdata.muat(impor=False)
LUAR = [(1100, "<b>ACEH</b>", 14.45), (3279, "Kota Banjar", 5.0)]


def nilai(kode: str, tahun: int) -> float:
    seri = b.seri(kode, "p0").dropna()
    if tahun in seri.index:
        return float(seri[tahun])
    sebelum, sesudah = seri[seri.index < tahun], seri[seri.index > tahun]
    (t0, x0), (t1, x1) = (sebelum.index[-1], sebelum.iloc[-1]), (sesudah.index[0], sesudah.iloc[0])
    return round(float(x0 + (x1 - x0) * (tahun - t0) / (t1 - t0)), 2)


def respons(tahun: int) -> dict:
    th = tahun - 1900
    wilayah = [(6100, "<b>KALIMANTAN BARAT</b>")] + [
        (int(k), nama_wilayah(k)) for k in wilayah_provinsi("61")
    ]
    isi = {f"{v}621{0}{th}{0}": nilai(str(v), tahun) for v, _ in wilayah}
    isi.update({f"{v}621{0}{th}{0}": x for v, _, x in LUAR})
    assert all(not math.isnan(x) for x in isi.values())
    return {
        "status": "OK",
        "data-availability": "available",
        "last_update": "2026-12-01 09:00:00",
        "subject": [{"val": 23, "label": "Kemiskinan dan Ketimpangan"}],
        "var": [
            {
                "val": 621,
                "label": "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota",
                "unit": "Persen",
                "subj": "Kemiskinan dan Ketimpangan",
                "def": "",
                "decimal": 2,
                "note": (
                    "REKAMAN UJI (tests/data/lengkapi/buat_rekaman.py): bentuk respons WebAPI BPS. "
                    "Nilai yang ada di data bawaan = nilai bawaan; nilai sel kosong = interpolasi "
                    "uji, BUKAN angka BPS; Aceh dan Kota Banjar = pengisi untuk uji penyaringan."
                ),
            }
        ],
        "turvar": [{"val": "0", "label": "Tidak ada"}],
        "labelvervar": "Nama Wilayah",
        "vervar": [{"val": v, "label": label} for v, label, _ in LUAR[:1]]
        + [{"val": v, "label": label} for v, label in wilayah]
        + [{"val": v, "label": label} for v, label, _ in LUAR[1:]],
        "tahun": [{"val": th, "label": str(tahun)}],
        "turtahun": [{"val": 0, "label": "Tahun"}],
        "datacontent": isi,
        "related": [],
    }


for t in (2022, 2023):
    (DI_SINI / f"webapi_0000_621_{t - 1900}.json").write_text(
        json.dumps(respons(t), ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
