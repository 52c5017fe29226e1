"""The evaluation of one region on the bundled data: numbers checked by hand."""

from __future__ import annotations

import json
import math
import re

import pytest
import yaml

from analisis.data.model import Basisdata
from analisis.evaluasi import evaluasi_wilayah, muat_hasil, muat_params, muat_seri, simpan_hasil
from analisis.galat import GalatAnalisis, GalatValidasi


@pytest.fixture(scope="module")
def basis():
    return Basisdata.muat(impor=False)


@pytest.fixture(scope="module")
def banjar(basis):
    return evaluasi_wilayah("6303", 2024, basis=basis)


def test_score_card_compares_with_province_by_direction(banjar):
    k = banjar.kartu.set_index("indikator")
    # Banjar P0 2024 = 2.36 vs Kalimantan Selatan 4.11: lower is better.
    assert (k.at["p0", "nilai"], k.at["p0", "nilai_pembanding"], k.at["p0", "status"]) == (
        2.36,
        4.11,
        "lebih baik",
    )
    assert k.at["ipm", "status"] == "lebih buruk"  # 74.41 vs 75.19, higher is better
    assert k.at["garis_kemiskinan", "status"] == "netral"  # no better direction
    assert (
        k.at["jumlah_penduduk_miskin", "status"] == "netral"
    )  # counts not comparable across levels
    # No provincial P1 for 2024 in the data: compared with the mean of the 13 kab/kota, stated.
    assert k.at["p1", "sumber_pembanding"] == "rata-rata 13 kabupaten/kota"
    assert k.at["p1", "status"] == "lebih baik"
    assert k.at["p0", "sumber_pembanding"] == "Kalimantan Selatan"
    assert k.at["garis_kemiskinan", "kualitas"] == "B"


def test_trend_window_and_ranking_indicators(banjar):
    p = banjar.perkembangan.set_index(["indikator", "peran"])
    r = p.loc[("p0", "wilayah")]
    # P0 Banjar 2019 2.72 → 2024 2.36: change −0.36 over 5 years = −0.072 per year.
    assert (r["tahun_awal"], r["nilai_awal"], r["tahun_akhir"], r["nilai_akhir"]) == (
        2019,
        2.72,
        2024,
        2.36,
    )
    assert r["rata_rata_perubahan"] == pytest.approx(-0.072)
    k = banjar.kinerja
    assert (k["tahun_awal"], k["tahun_akhir"]) == (2021, 2024)
    assert k["penurunan_p0_3th"] == pytest.approx(3.04 - 2.36)
    assert k["penurunan_p0_relatif_3th"] == pytest.approx((3.04 - 2.36) / 3.04 * 100)
    # Efektif vs Kalsel in 2022–2024 (Δ kab −0.25/−0.35/−0.08 vs Δ prov −0.34/−0.20/−0.18): 2023 only.
    assert k["efektivitas_p0"] == pytest.approx(1 / 3)


def test_position_quadrant_and_provenance(banjar):
    assert (
        banjar.posisi_wilayah["p0"]["peringkat"] == 1
        and banjar.posisi_wilayah["p0"]["jumlah"] == 13
    )
    kp = banjar.kuadran_perkembangan["tabel"].set_index("kode_wilayah")
    # Level 2.36 < 4.11 (good); change (2.36 − 3.04)/3 = −0.2267 vs Kalsel (4.11 − 4.83)/3 = −0.24: slower.
    assert kp.at["6303", "kuadran"] == "waspada"
    assert banjar.kuadran_perkembangan["ambang_x"] == 4.11
    prov = banjar.provenans.set_index(["kode_wilayah", "tahun", "indikator"])
    assert prov.at[("6303", 2024, "p0"), "kualitas"] == "A"
    assert prov.at[("6308", 2024, "p0"), "nilai"] == 5.75  # cross-section values are listed too
    assert banjar.meta["mutu_angka_dipakai"]["A"] > 0
    assert banjar.parameter.set_index("nama").at["efektivitas", "nilai"] == "absolut"


def test_sparse_region_names_missing_sections(basis):
    h = evaluasi_wilayah("6112", 2023, basis=basis)  # Kubu Raya: P0 only 2020, 2021, 2024, 2025
    assert (
        h.kartu.set_index("indikator").at["p0", "tahun_data"] == 2021
    )  # latest ≤ 2023, flagged as old
    assert bool(h.kartu.set_index("indikator").at["p0", "tahun_lama"])
    assert "posisi" in h.kosong and "2023" in h.kosong["posisi"]
    assert "kuadran_perkembangan" in h.kosong
    assert h.kinerja["penurunan_p0_3th"] is None  # endpoint 2023 missing: never substituted


def test_national_reference_and_targets(basis):
    h = evaluasi_wilayah("6371", 2024, pembanding="nasional", basis=basis)
    assert h.meta["kode_pembanding"] == "0000"
    assert h.kartu.set_index("indikator").at["p0", "nilai_pembanding"] == 9.03
    t = h.target.set_index("indikator")
    # The bundled default target is the national RPJMN 2029 lower bound 4.5 %; Banjarmasin is at
    # 4.58 in 2024, 0.08 points away with five years left: on track at its historical pace.
    assert t.at["p0", "nilai_target"] == 4.5 and t.at["p0", "nilai_terakhir"] == 4.58
    assert t.at["p0", "kesenjangan"] == pytest.approx(0.08)
    assert t.at["p0", "status"] == "sesuai jalur"
    # No kab/kota extreme-poverty figure: no target row; the extreme-poverty part shows the
    # provincial and national series against the 2026 target instead.
    assert "p0_ekstrem" not in t.index
    e = h.ekstrem
    assert e["target"]["tahun"] == 2026 and e["target"]["nilai"] == 0.0
    assert {b["peran"] for b in e["seri"]} == {"provinsi", "nasional"}
    assert e["evaluasi"]["nasional"]["basis"] == "USD 1,9 PPP 2011"
    assert any("tidak menerbitkan" in c for c in e["catatan"])


def test_result_files_round_trip(tmp_path, banjar):
    p_json, _p_nc = simpan_hasil(banjar, tmp_path)
    assert p_json == tmp_path / "6300" / "2024" / "hasil" / "6303.json"  # the reports layout
    d = muat_hasil(tmp_path, "6303", 2024)
    assert d.meta.nama == "Banjar" and d.kinerja.nilai("penurunan_p0_3th") == pytest.approx(0.68)
    assert json.loads(p_json.read_text("utf-8"))["schema_version"] == 3
    assert d.kinerja.nilai("penurunan_p0_3th__se") == pytest.approx(
        math.hypot(
            math.sqrt(3.04 * 96.96 / 1900), math.sqrt(2.36 * 97.64 / 1900)
        )  # the precision model at Banjar's own levels
    )
    assert d.presisi is not None and d.presisi.sumber["p0"] == ["model"]
    ds = muat_seri(tmp_path, "6303", 2024)
    assert float(ds["p0"].sel(peran="wilayah", tahun=2024)) == 2.36
    assert float(ds["p0"].sel(peran="provinsi", tahun=2024)) == 4.11
    assert math.isnan(float(ds["p1"].sel(peran="provinsi", tahun=2024)))  # a gap stays a gap
    assert not list(tmp_path.rglob("*.tmp"))
    with pytest.raises(GalatAnalisis, match="belum ada"):
        muat_hasil(tmp_path, "6371", 2024)


def test_bad_inputs_are_clear(basis):
    with pytest.raises(GalatAnalisis, match="bukan kabupaten/kota"):
        evaluasi_wilayah("6300", 2024, basis=basis)
    with pytest.raises(GalatAnalisis, match="di luar data"):
        evaluasi_wilayah("6303", 2031, basis=basis)
    with pytest.raises(GalatAnalisis, match="Tahun awal"):
        evaluasi_wilayah("6303", 2024, tahun_awal=2024, basis=basis)


def test_params_file_errors_name_the_key(tmp_path):
    from conftest import AKAR

    d = yaml.safe_load((AKAR / "params/provinsi/6300_kalimantan_selatan.yaml").read_text("utf-8"))
    d["target_bawaan"][0]["tahun"] = "dua ribu"
    d["metode"]["relevansi"] = "x"
    d["indikator_tren"].append("p00")
    d["kunci_asing"] = 1
    f = tmp_path / "salah.yaml"
    f.write_text(yaml.safe_dump(d), "utf-8")
    with pytest.raises(GalatValidasi) as e:
        muat_params(f)
    teks = str(e.value)
    assert re.search(
        r"salah\.yaml, baris \d+: target_bawaan\[0\]\.tahun: harus berupa bilangan bulat", teks
    )
    assert re.search(r"baris \d+: indikator_tren: indikator tidak dikenal: p00", teks)
    assert re.search(
        r"baris \d+: kunci_asing: kunci 'kunci_asing' tidak dikenal; kunci yang dikenal: provinsi, nama",
        teks,
    )
    # the meaning of the metode block is checked once the shape is right
    d["target_bawaan"][0]["tahun"] = 2029
    d["indikator_tren"].pop()
    del d["kunci_asing"]
    f.write_text(yaml.safe_dump(d), "utf-8")
    with pytest.raises(GalatValidasi) as e:
        muat_params(f)
    assert re.search(
        r"baris \d+: metode\.relevansi: nilai 'x' tidak dikenal; pilihan: 'arah' atau 'diinginkan'",
        str(e.value),
    )


@pytest.mark.parametrize("kode", ["6100", "6200", "6300", "6400", "6500"])
def test_every_province_has_a_valid_params_file(kode):
    assert muat_params(provinsi=kode).provinsi == kode


def test_budget_section_from_the_configured_example_files(banjar, basis):
    a = banjar.anggaran
    # Banjar has its own multi-year (CONTOH) file, which wins over the province-wide 2024 file.
    assert (
        a["berkas"] == "contoh_anggaran_6303_2022-2024.csv"
        and a["contoh"] is True
        and a["tahun"] == 2024
    )
    r = a["ringkasan"].set_index("tahun")
    assert list(r.index) == [2022, 2023, 2024]
    assert r.at[2024, "porsi_anggaran_kemiskinan"] == pytest.approx(
        r.at[2024, "pagu_kemiskinan"] / r.at[2024, "belanja_daerah"] * 100
    )
    # Per poor person: 2024 poverty pagu / (14.46 thousand people × 1,000).
    assert a["per_penduduk_miskin"] == pytest.approx(r.at[2024, "pagu_kemiskinan"] / 14_460)
    assert 0 < a["skor_penandaan"] <= 100
    assert "bukan bukti hubungan sebab-akibat" in a["catatan_tren"]
    # A region of a province without budget files says so.
    h = evaluasi_wilayah("6108", 2024, basis=basis)
    assert "belum ada berkas anggaran" in h.kosong["anggaran"]


def test_changes_within_noise_are_labelled_tidak_signifikan(banjar):
    r = banjar.relevansi.set_index(["indikator", "tahun"])
    # Banjar 2023→2024: ΔP0 = −0,08; SE(Δ) = √(SE(2,44)² + SE(2,36)²) ≈ 0,497 → 1,96·SE ≈ 0,97.
    baris = r.loc[("p0", 2024)]
    assert baris["delta_kab"] == pytest.approx(-0.08)
    assert baris["se_delta_kab"] == pytest.approx(
        math.hypot(math.sqrt(2.44 * 97.56 / 1900), math.sqrt(2.36 * 97.64 / 1900))
    )
    assert baris["label"] == "tidak signifikan"
    assert baris["efektivitas"] == "tidak efektif"  # the underlying label is kept beside it
    # Both P0 rose in 2021: same direction, worded so that it does not read as praise.
    assert r.loc[("p0", 2021), "relevansi"] == "searah (sama-sama memburuk)"
    # Counts use relative efektivitas.
    jumlah = banjar.relevansi[banjar.relevansi["indikator"] == "jumlah_penduduk_miskin"]
    assert set(jumlah["aturan_efektivitas"]) == {"relatif"}
    # The level × change quadrant says when a side is within noise (0,013 point/yr margin).
    kp = banjar.kuadran_perkembangan["tabel"].set_index("kode_wilayah")
    assert not bool(kp.at["6303", "laju_signifikan"]) and bool(kp.at["6303", "level_signifikan"])
    assert "laju dengan ambang tidak signifikan" in kp.at["6303", "keterangan"]


def test_every_configured_determinant_appears_or_is_listed(banjar, basis):
    d = banjar.determinan
    t = d["tabel"].set_index("indikator")
    dinilai = set(t.index) | {x["indikator"] for x in d["tidak_dinilai"]}
    assert dinilai == set(muat_params(provinsi="6300").indikator_determinan)
    # Banjar's stunting (32,3 %, the highest in Kalsel) is compared with the kab/kota mean
    # because the province has no 2024 value, and it becomes the first priority.
    assert t.at["stunting", "nilai_kab"] == pytest.approx(32.3)
    assert t.at["stunting", "sumber_pembanding"] == "rata-rata 13 kabupaten/kota"
    assert int(t.at["stunting", "peringkat"]) == 1
    # Weights actually applied (no magnitude data: 0,5/0,2 renormalised) are reported.
    assert d["bobot_dipakai"] == pytest.approx(
        {"kesenjangan": 0.5 / 0.7, "besaran": 0.0, "tren": 0.2 / 0.7}
    )
    # Improving IPM (+0,40) and Gini (−0,039) are not scored as worsening.
    assert t.at["ipm", "tren_memburuk"] < 0 and t.at["gini_ratio", "tren_memburuk"] < 0


def test_one_window_per_table_references_cut_to_the_region(basis):
    h = evaluasi_wilayah("6106", 2024, basis=basis)  # Ketapang: P0 from 2021 only
    p = h.perkembangan[h.perkembangan["indikator"] == "p0"].set_index("peran")
    assert (p.at["wilayah", "tahun_awal"], p.at["wilayah", "tahun_akhir"]) == (2021, 2024)
    assert set(p["jendela_awal"]) == {2021} and bool(p.at["provinsi", "jendela_dipotong"])
    assert p.at["provinsi", "tahun_awal"] == 2021  # not 2019


def test_quadrant_window_is_a_parameter(basis):
    params = muat_params(provinsi="6300").model_copy(update={"jendela_kuadran": 2})
    h = evaluasi_wilayah("6303", 2024, basis=basis, params=params)
    kp = h.kuadran_perkembangan
    assert (kp["tahun_awal"], kp["tahun_akhir"]) == (2022, 2024)
    assert h.meta["jendela_kuadran"] == 2 and h.kinerja["tahun_awal"] == 2021  # ranking: 3 years
    # Kalsel (4,11 − 4,49)/2 = −0,19 per year
    assert kp["ambang_y"] == pytest.approx((4.11 - 4.49) / 2)
