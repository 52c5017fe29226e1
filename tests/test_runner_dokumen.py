"""``analisis jalankan --dokumen`` end to end: the opt-in Word documents stage of the runner.

The smallest province with bundled data, Kalimantan Utara (5 kab/kota), is run through the
``analisis`` click command in-process (real notebook runs on 2 worker processes, the ranking
stage, then the documents stage; the code component of the cache key is pinned, as in
``test_runner_jalan``, because others edit the package while tests run). Every region's chapter, its one-page overview, the province bundle and the overview
bundle must exist, open with python-docx and name the region; the rerun is a cache hit for the
regions and skips the documents stage, leaving the files untouched.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from analisis.data.wilayah import muat_wilayah, wilayah_provinsi
from analisis.situs.data import nama_tampil
from analisis.tata_letak import TataLetak

pytestmark = pytest.mark.lambat

PROVINSI, TAHUN = "65", 2024
KALTARA = wilayah_provinsi(PROVINSI)


@pytest.fixture(autouse=True)
def kode_tetap(monkeypatch):
    monkeypatch.setattr("analisis.runner.rencana.sidik_jari_kode", lambda: "kode-uji")
    monkeypatch.setenv("COLUMNS", "200")


def _jalankan(cli, laporan: Path):
    return cli(
        "jalankan",
        "--provinsi",
        PROVINSI,
        "--tahun",
        str(TAHUN),
        "--keluaran",
        str(laporan),
        "--hanya-bawaan",
        "--tanpa-progres",
        "--pekerja",
        "2",
        "--dokumen",
    )


def _tahap(ft) -> dict[str, str]:
    m = json.loads(ft.manifest.read_text("utf-8"))
    return {t["nama"]: t["status"] for t in m["tahap_lanjutan"]}


def _teks(p: Path) -> str:
    doc = Document(str(p))
    return "\n".join(par.text for par in doc.paragraphs)


def test_jalankan_dokumen_menulis_docx_dan_memakai_cache(cli, tmp_path):
    laporan = tmp_path / "reports"
    ft = TataLetak(laporan).tahun(PROVINSI, TAHUN)
    r = _jalankan(cli, laporan)
    assert r.exit_code == 0, r.output[-3000:]
    assert f"Tahap dokumen {ft.kode_provinsi}/{TAHUN}: berhasil" in r.output
    assert _tahap(ft) == {"peringkat": "berhasil", "dokumen": "berhasil"}

    w = muat_wilayah()
    dokumen = [ft.dokumen_provinsi, ft.dokumen_ringkas_provinsi]
    for kode in KALTARA:
        nama = nama_tampil(str(w.at[kode, "wilayah"]), str(w.at[kode, "tingkat"]))
        for p in (ft.dokumen(kode), ft.dokumen_ringkas(kode)):
            assert p.is_file(), p
            assert nama in _teks(p), (p, nama)
        dokumen += [ft.dokumen(kode), ft.dokumen_ringkas(kode)]
    bundel = _teks(ft.dokumen_provinsi)
    assert all(
        nama_tampil(str(w.at[k, "wilayah"]), str(w.at[k, "tingkat"])) in bundel for k in KALTARA
    )
    m = json.loads(ft.manifest.read_text("utf-8"))
    berkas_tahap = {b for t in m["tahap_lanjutan"] if t["nama"] == "dokumen" for b in t["berkas"]}
    assert {ft.relatif(p) for p in dokumen} <= berkas_tahap
    waktu = {p: p.stat().st_mtime_ns for p in dokumen}

    # Rerun: regions are cache hits, the documents stage is skipped, the files stay as they are.
    r = _jalankan(cli, laporan)
    assert r.exit_code == 0, r.output[-3000:]
    assert f"Tahap dokumen {ft.kode_provinsi}/{TAHUN}: dilewati" in r.output
    assert _tahap(ft)["dokumen"] == "dilewati"
    assert {p: p.stat().st_mtime_ns for p in dokumen} == waktu
