"""The pinned Kalimantan Selatan 2024 figures (``tests/harapan/kalsel_2024.json``) and the
comparisons the end-to-end tests make against the product's machine-readable outputs.

The expected values are computed by ``tests/harapan/kalsel_2024.py`` without the ``analisis``
package; nothing here computes them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parent / "harapan"
SKRIP = FOLDER / "kalsel_2024.py"
BERKAS = FOLDER / "kalsel_2024.json"
HARAPAN: dict = json.loads(BERKAS.read_text("utf-8"))


def cek_peringkat(data: dict) -> None:
    """``peringkat.json`` (as written by the ranking notebook) against the pinned ranking."""
    baris = {b["kode_wilayah"]: b for b in data["baris"]}
    assert [b["kode_wilayah"] for b in data["baris"]] == [
        h["kode_wilayah"] for h in HARAPAN["peringkat"]
    ]
    for h in HARAPAN["peringkat"]:
        b = baris[h["kode_wilayah"]]
        assert b["peringkat"] == h["peringkat"], h["kode_wilayah"]
        assert round(b["skor"], 2) == h["skor"], h["kode_wilayah"]
        for kolom, nilai in h.items():
            if kolom.startswith("skor_"):
                dimensi = kolom.removeprefix("skor_")
                assert round(b["skor_dimensi"][dimensi], 2) == nilai, (h["kode_wilayah"], kolom)
        assert b["interval_bawah"] <= b["peringkat"] <= b["interval_atas"]
    masukan = {m["kode_wilayah"]: m for m in data["masukan"]}
    for kode, harap in HARAPAN["masukan_peringkat"].items():
        for kolom, nilai in harap.items():
            dapat = masukan[kode][kolom]
            if isinstance(nilai, str):
                assert dapat == nilai, (kode, kolom)
            else:
                assert dapat == pytest.approx(nilai, abs=5e-5), (kode, kolom)


def cek_hasil_banjar(hasil: dict) -> None:
    """``hasil/6303.json`` (as written by the evaluation notebook) against the pinned figures."""
    assert hasil["meta"]["kode_wilayah"] == HARAPAN["wilayah"]
    baris = {(r["indikator"], str(r["tahun"])): r for r in hasil["relevansi"]}
    for ind, per_tahun in HARAPAN["relevansi"].items():
        assert sorted(t for i, t in baris if i == ind) == sorted(per_tahun), ind
        for tahun, harap in per_tahun.items():
            r = baris[(ind, tahun)]
            assert r["label_gabungan"] == harap["label_gabungan"], (ind, tahun)
            batas = r["batas_signifikan"]
            assert (None if batas is None else round(batas, 4)) == harap["batas_signifikan"], (
                ind,
                tahun,
            )
            assert r["label"] == harap["label"], (ind, tahun)
    target = {t["indikator"]: t for t in hasil["target"]}
    assert list(target) == [t["indikator"] for t in HARAPAN["target"]]
    for h in HARAPAN["target"]:
        t = target[h["indikator"]]
        assert t["status"] == h["status"], h["indikator"]
        if h["kesenjangan"] is None:
            assert t["kesenjangan"] is None
            continue
        assert round(t["kesenjangan"], 4) == h["kesenjangan"], h["indikator"]
        assert t["tahun_terakhir"] == h["tahun_terakhir"]
        assert t["nilai_terakhir"] == h["nilai_terakhir"]
        assert round(t["laju_historis"], 4) == h["laju_historis"]
    det = hasil["determinan"]
    assert [t["indikator"] for t in det.get("tidak_dinilai", [])] == HARAPAN["determinan"][
        "tidak_dinilai"
    ]
    assert {k: round(v, 4) for k, v in det["bobot_dipakai"].items()} == HARAPAN["determinan"][
        "bobot_dipakai"
    ]
    assert [r["indikator"] for r in det["tabel"]] == [
        h["indikator"] for h in HARAPAN["determinan"]["tabel"]
    ]
    for r, h in zip(det["tabel"], HARAPAN["determinan"]["tabel"], strict=True):
        assert r["tahun_data"] == h["tahun_data"], h["indikator"]
        assert r["nilai_kab"] == h["nilai_kab"], h["indikator"]
        assert round(r["nilai_ref"], 6) == h["nilai_ref"], h["indikator"]
        provinsi = hasil["meta"]["nama_pembanding"]
        harap_sumber = provinsi if h["pembanding"] == "provinsi" else h["pembanding"]
        assert r["sumber_pembanding"] == harap_sumber, h["indikator"]
        assert round(r["kesenjangan"], 4) == h["kesenjangan"], h["indikator"]
        tren = None if r["tren_memburuk"] is None else round(r["tren_memburuk"], 4)
        assert tren == h["tren_memburuk"], h["indikator"]
        assert round(r["skor"], 2) == h["skor"], h["indikator"]
        assert r["peringkat"] == h["peringkat"], h["indikator"]


def angka_id(x: float, desimal: int = 2) -> str:
    """Indonesian style (``1.234,56``, ``−2,14``), written independently of analisis.laporan."""
    teks = f"{abs(x):,.{desimal}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return ("−" if x < 0 and teks.strip("0,.") else "") + teks


def satu_desimal(x2: float) -> set[str]:
    """How a value pinned at two decimals can look at one decimal: when its second decimal is
    5 the unrounded value may have gone either way."""
    if round(x2 * 100) % 10 == 5:
        return {angka_id(x2 - 0.05, 1), angka_id(x2 + 0.05, 1)}
    return {angka_id(x2, 1)}
