"""The provincial ranking end to end: Kalimantan Selatan 2024 from the bundled data plus the
example evaluator and budget inputs, through `analisis peringkat` and the notebook."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analisis.data.model import Basisdata
from analisis.data.wilayah import wilayah_provinsi
from analisis.evaluasi import evaluasi_wilayah, simpan_hasil
from analisis.galat import GalatAnalisis
from analisis.kontrak import PeringkatProvinsi
from analisis.peringkat.jalankan import hitung_peringkat
from analisis.proyek import Proyek
from conftest import AKAR
from harapan_kalsel import cek_peringkat
from sobol_util import cek_sifat_sobol_keluarga

KALSEL = wilayah_provinsi("63")


@pytest.fixture(scope="module")
def folder_hasil(tmp_path_factory) -> Path:
    """Evaluation results of the 13 Kalsel kab/kota, computed by the library (not the notebook)."""
    folder = tmp_path_factory.mktemp("laporan")
    basis = Basisdata.muat(impor=False)
    for kode in KALSEL:
        simpan_hasil(evaluasi_wilayah(kode, 2024, basis=basis), folder)
    return folder


def test_ranking_reads_results_and_example_inputs(folder_hasil):
    proyek = Proyek.muat(laporan=folder_hasil)
    h = hitung_peringkat("63", 2024, proyek=proyek, jumlah_iterasi=300, benih=7)
    t = h.tabel()
    assert sorted(t["kode_wilayah"]) == sorted(KALSEL)
    assert t["peringkat"].notna().all()
    # Statistical inputs are the evaluation results, read not recomputed: Banjar's P0 decline 2021–2024.
    assert h.masukan.data.at["6303", "penurunan_p0_3th"] == pytest.approx(3.04 - 2.36)
    assert h.masukan.data.at["6303", "rpkd_berlaku"] in ("ya", "tidak", 1, 0, True, False, 100, 0.0)
    # The data-quality dimension from the demo's SYNTHETIC BNBA extracts of three regions,
    # said as such; the ten others are ranked on incomplete data (flagged), never imputed.
    assert h.peringatan.masukan_contoh == [
        "evaluator",
        "anggaran",
        "BNBA (SINTETIS: Banjar, Tabalong, Kota Banjarmasin)",
    ]
    bnba = ["6303", "6309", "6371"]
    assert h.masukan.data.loc[bnba, "persen_nik_valid"].notna().all()
    assert h.masukan.data.drop(index=bnba)["persen_nik_valid"].isna().all()
    assert "ringkasan kualitas data BNBA tidak ada untuk 10 wilayah" in (
        h.peringatan.sumber_tidak_diberikan
    )
    assert h.peringatan.dimensi_tanpa_data == []
    assert sorted(h.peringatan.wilayah_data_tidak_lengkap) == sorted(set(KALSEL) - set(bnba))
    assert not h.peringatan.hanya_dimensi_hasil
    # Monte Carlo intervals contain the deterministic rank.
    assert ((t["interval_bawah"] <= t["peringkat"]) & (t["peringkat"] <= t["interval_atas"])).all()
    # Reproducible with the same seed.
    h2 = hitung_peringkat("63", 2024, proyek=proyek, jumlah_iterasi=300, benih=7)
    assert h2.tabel()["peluang_3_besar"].equals(t["peluang_3_besar"])


def _cek_sifat_sobol(bagian: dict) -> None:
    """S_i ≤ ST_i and Σ S_i ≤ 1 for one output, within the estimates' stored intervals."""
    S1, ST = np.array(bagian["S1"], float), np.array(bagian["ST"], float)
    s1_lebar = np.array(bagian["S1_atas"], float) - S1
    st_lebar = np.array(bagian["ST_atas"], float) - ST
    assert np.all(S1 <= ST + s1_lebar + st_lebar)
    assert S1.sum() <= 1 + s1_lebar.sum()
    assert np.all(ST >= 0) and np.all(S1 >= -s1_lebar)


def test_ranking_stores_sensitivity_and_coherence(folder_hasil, tmp_path):
    proyek = Proyek.muat(laporan=folder_hasil)
    h = hitung_peringkat("63", 2024, proyek=proyek, jumlah_iterasi=300, benih=7)
    k = h.kontrak()
    s = k.sensitivitas
    assert s is not None and k.koherensi is not None
    # The applied settings are recorded: the framework's seed, base sample and bootstrap count,
    # and the ranking's own missing-data policy and Monte Carlo settings.
    p = s["parameter"]
    assert (p["benih"], p["jumlah_sampel"], p["jumlah_bootstrap"]) == (2024, 1024, 100)
    assert p["faktor"] == [f["kode"] for f in s["faktor"]]
    assert p["jumlah_evaluasi"] == 1024 * (len(p["faktor"]) + 2)
    assert p["izinkan_dimensi_hilang"] is True
    assert p["skala_galat"] == k.meta.parameter_robust["skala_galat"]
    assert "galat_sampel" in p["faktor"] and "agregasi" in p["faktor"]
    # S_i ≤ ST_i and Σ S_i ≤ 1 on the stored Kalsel ranking: the mean rank shift and every region.
    _cek_sifat_sobol(s["pergeseran_rata_rata"])
    berubah = [w for w in s["wilayah"] if not w["peringkat_tetap"]]
    assert berubah
    # Every region's estimates (~80, each with its own 95 % interval) as one family: what the
    # method guarantees there is simultaneous (Bonferroni) coverage and a count of misses
    # chance allows, not every estimate within its own interval (see sobol_util).
    S1, ST = (np.array([w[k] for w in berubah], float) for k in ("S1", "ST"))
    cek_sifat_sobol_keluarga(
        S1,
        ST,
        np.array([w["S1_atas"] for w in berubah], float) - S1,
        np.array([w["ST_atas"] for w in berubah], float) - ST,
    )
    # Regions in published rank order, the published ranks.
    assert [w["kode_wilayah"] for w in s["wilayah"]] == [b.kode_wilayah for b in k.baris]
    assert [w["peringkat"] for w in s["wilayah"]] == [b.peringkat for b in k.baris]
    # Coherence of the published index: variance shares add up to 1.
    jumlah = sum(i["sumbangan_keragaman"] or 0 for i in k.koherensi["indikator"])
    assert jumlah == pytest.approx(1.0, abs=1e-3)
    # Written and read back unchanged; reproducible with the seed.
    berkas = k.tulis(tmp_path / "peringkat.json")
    assert PeringkatProvinsi.baca(berkas).sensitivitas == s
    ulang = hitung_peringkat("63", 2024, proyek=proyek, jumlah_iterasi=300, benih=7).kontrak()
    assert ulang.sensitivitas == s and ulang.koherensi == k.koherensi


def test_input_check_skips_the_sensitivity_analysis(folder_hasil):
    proyek = Proyek.muat(laporan=folder_hasil)
    h = hitung_peringkat("63", 2024, proyek=proyek, jumlah_iterasi=1, dengan_sensitivitas=False)
    assert h.susunan.sensitivitas is None and h.susunan.koherensi is None
    k = h.kontrak()
    assert k.sensitivitas is None and k.koherensi is None


def test_missing_results_are_named(tmp_path):
    with pytest.raises(
        GalatAnalisis,
        match=r"Hasil evaluasi belum ada untuk 13 kabupaten/kota: Tanah Laut \(6301\)",
    ):
        hitung_peringkat("63", 2024, proyek=Proyek.muat(laporan=tmp_path))


def test_handing_the_ranking_to_a_kernel_does_not_import_the_sensitivity_analysis():
    """The runner's worker only hands the ranking notebook to its kernel, and the site only
    reads peringkat.json: neither imports SALib/scipy.stats (~1 CPU-s) through this module."""
    kode = (
        "import sys\n"
        "import analisis.peringkat.jalankan, analisis.runner.tahap, analisis.situs.halaman\n"
        "print(sorted(m for m in ('SALib', 'analisis.peringkat.sensitivitas', "
        "'analisis.peringkat.entri') if m in sys.modules))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", kode], check=True, capture_output=True, text=True, timeout=300
    )
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_cli_builds_the_kalsel_2024_ranking_report(folder_hasil):
    exe = Path(sys.executable).with_name("analisis")
    r = subprocess.run(
        [
            str(exe),
            "peringkat",
            "--provinsi",
            "63",
            "--tahun",
            "2024",
            "--keluaran",
            str(folder_hasil),
            "--iterasi",
            "200",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    folder = folder_hasil / "6300" / "2024" / "peringkat"
    data = json.loads((folder / "peringkat.json").read_text("utf-8"))
    # Ranks, scores and inputs pinned from an independent computation (tests/harapan/).
    cek_peringkat(data)
    html = (folder / "peringkat.html").read_text("utf-8")
    teks = re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", html, flags=re.DOTALL)),
    )
    assert "Peringkat Kinerja TKPK Kabupaten/Kota Provinsi Kalimantan Selatan Tahun 2024" in teks
    assert "adalah usulan, bukan bobot resmi" in teks
    assert (
        "CONTOH: masukan evaluator, anggaran, BNBA (SINTETIS: Banjar, Tabalong, Kota "
        "Banjarmasin) berisi data fiktif/sintetis" in teks
    )
    for kode in KALSEL:
        assert f" {kode} " in teks
    # The sensitivity and coherence section shows the results stored in peringkat.json.
    _cek_sifat_sobol(data["sensitivitas"]["pergeseran_rata_rata"])
    bagian = teks[teks.index("4. Pilihan metode mana yang menggeser peringkat?") :]
    bagian = bagian[: bagian.index("6. Kerangka, metode dan data")]
    assert '"yOffset"' in html and "Pilihan metode yang menggeser peringkat (indeks Sobol)" in html
    assert "batang pertama oleh pilihan itu sendiri (indeks orde pertama)" in bagian
    # With the demo's BNBA data for three regions only, the missing-data policy dominates.
    assert "Pilihan yang paling menentukan peringkat adalah kebijakan data hilang: " in bagian
    assert (
        "Rancangan Saltelli dengan sampel dasar 1.024 (8.192 kali indeks dihitung ulang), "
        in bagian
    )
    assert "benih 2024, selang kepercayaan 95 persen dari 100 sampel bootstrap." in bagian
    assert "bila satu indikator atau dimensi dihapus dan bobot sisanya dibagi ulang" in bagian
    assert "rata-rata pergeseran (peringkat)" in bagian and "dari 13" in bagian
    assert "5. Apakah indeks mengukur apa yang dimaksud bobotnya?" in bagian
    assert "alfa Cronbach" in bagian and "bobot efektif: sumbangan keragaman (%)" in bagian
    assert re.search(
        r"Indikator [^.]+ berbobot \d+(,\d)? persen tetapi menyumbang −?\d+(,\d)? persen "
        r"keragaman indeks",
        bagian,
    )
    for kode in ("penurunan_p0_3th", "rpkd_berlaku", "bobot_dimensi", "galat_sampel"):
        assert kode not in bagian  # names, never codes
    assert (folder / "peringkat.csv").exists() and (folder / "peringkat.xlsx").exists()
    # the caveats travel with the downloads
    csv = (folder / "peringkat.csv").read_text("utf-8-sig")
    assert csv.startswith("# Peringkat kinerja TKPK Kalimantan Selatan 2024")
    assert "# CONTOH: masukan evaluator, anggaran" in csv
    assert "# CONTOH" in (folder / "kontribusi.csv").read_text("utf-8-sig")


def test_cli_rejects_an_invalid_framework_precisely(folder_hasil, tmp_path):
    teks = (AKAR / "params" / "peringkat" / "kerangka_bawaan.yaml").read_text("utf-8")
    salah = tmp_path / "kerangka_salah.yaml"
    salah.write_text(teks.replace("bobot: 0.40", "bobot: 0.45", 1), "utf-8")
    exe = Path(sys.executable).with_name("analisis")
    r = subprocess.run(
        [
            str(exe),
            "peringkat",
            "--provinsi",
            "63",
            "--tahun",
            "2024",
            "--keluaran",
            str(folder_hasil),
            "--kerangka",
            str(salah),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 1
    assert (
        "kerangka_salah.yaml, baris 63: dimensi: jumlah bobot dimensi = 1,05 (0,45 + 0,25 + 0,2 + 0,15), harus 1"
        in r.stderr
    )
    assert "gagal di sel" not in r.stderr  # rejected before any notebook runs


def test_ranking_xlsx_holds_the_sensitivity_and_coherence_sheets(folder_hasil, tmp_path):
    """peringkat.xlsx carries the stored Sobol indices (with their intervals), the per-region
    sensitivity range, removals, other methods and coherence, and the settings in its notes."""
    import openpyxl

    from analisis.peringkat.jalankan import simpan_peringkat
    from analisis.peringkat.uraian_sensitivitas import kalimat_rentang_sensitivitas, teks_parameter

    lap = tmp_path / "lap"
    proyek = Proyek.muat(laporan=lap)
    h = hitung_peringkat("63", 2024, proyek=Proyek.muat(laporan=folder_hasil), jumlah_iterasi=50)
    p = simpan_peringkat(h, proyek)["xlsx"]
    k = h.kontrak()
    s = k.sensitivitas
    wb = openpyxl.load_workbook(p, read_only=True)
    assert wb.sheetnames == [
        "Catatan",
        "Peringkat",
        "Sensitivitas",
        "Sensitivitas wilayah",
        "Penghapusan",
        "Metode lain",
        "Koherensi indikator",
        "Koherensi dimensi",
    ]
    sobol = list(wb["Sensitivitas"].iter_rows(values_only=True))
    assert sobol[0][:3] == (
        "pilihan metode",
        "indeks orde pertama",
        "orde pertama: batas bawah selang",
    )
    j = next(i for i, f in enumerate(s["faktor"]) if f["nama"] == sobol[1][0])
    rata = s["pergeseran_rata_rata"]
    assert sobol[1][1:] == (
        rata["S1"][j],
        rata["S1_bawah"][j],
        rata["S1_atas"][j],
        rata["ST"][j],
        rata["ST_bawah"][j],
        rata["ST_atas"][j],
    )
    assert len(sobol) == 1 + len(s["faktor"])
    wilayah = list(wb["Sensitivitas wilayah"].iter_rows(values_only=True))
    w = s["wilayah"][0]
    assert wilayah[1][:5] == (
        w["kode_wilayah"],
        w["nama"],
        w["peringkat"],
        w["peringkat_p05"],
        w["peringkat_p95"],
    )
    assert wilayah[1][-1] == w["uraian"] and len(wilayah) == 1 + len(s["wilayah"])
    catatan = [r[0] for r in wb["Catatan"].iter_rows(values_only=True)]
    assert "Analisis sensitivitas: " + teks_parameter(s) in catatan
    assert kalimat_rentang_sensitivitas(s) in catatan
    assert all(f"Koherensi: {x}" in catatan for x in k.koherensi["peringatan"])
    koh = list(wb["Koherensi indikator"].iter_rows(values_only=True))
    assert "penurunan_p0_3th" not in {r[0] for r in koh}  # names, not codes
