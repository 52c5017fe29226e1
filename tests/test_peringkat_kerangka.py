"""Framework YAML: the default loads, invalid frameworks are rejected with key paths."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analisis.galat import GalatValidasi
from analisis.peringkat.indeks import hitung_indeks
from analisis.peringkat.kerangka import (
    KERANGKA_BAWAAN,
    kerangka_bawaan,
    kerangka_dari_dict,
    muat_kerangka,
)
from analisis.proyek import Proyek

DATA = Path(__file__).parent / "data" / "peringkat"
LOKASI_KERANGKA_BAWAAN = Proyek.muat().berkas_konfigurasi(KERANGKA_BAWAAN)


@pytest.fixture(scope="module")
def dasar() -> dict:
    return yaml.safe_load(LOKASI_KERANGKA_BAWAAN.read_text(encoding="utf-8"))


def _galat(data: dict) -> list[str]:
    with pytest.raises(GalatValidasi) as e:
        kerangka_dari_dict(data, berkas="uji.yaml")
    return [m.pesan for m in e.value.masalah]


def _satu(pesan: list[str], awalan: str) -> str:
    cocok = [p for p in pesan if p.startswith(awalan + ":")]
    assert len(cocok) == 1, pesan
    return cocok[0]


def test_kerangka_bawaan_sesuai_rancangan():
    k = kerangka_bawaan()
    assert [d.kode for d in k.dimensi] == [
        "hasil",
        "komitmen_anggaran",
        "pelaporan_kelembagaan",
        "kualitas_data",
    ]
    assert [d.bobot for d in k.dimensi] == [0.40, 0.25, 0.20, 0.15]
    assert k.kode_indikator == [
        "penurunan_p0_3th",
        "penurunan_p0_relatif_3th",
        "penurunan_p1_3th",
        "penurunan_p2_3th",
        "efektivitas_p0",
        "porsi_anggaran_kemiskinan",
        "skor_penandaan",
        "realisasi_anggaran",
        "rpkd_berlaku",
        "rat_tepat_waktu",
        "laporan_tepat_waktu",
        "kelengkapan_laporan",
        "jumlah_rakor",
        "progres_verval",
        "persen_nik_valid",
        "persen_duplikat",
        "cakupan_desil1",
    ]
    for d in k.dimensi:
        assert sum(i.bobot for i in d.indikator) == pytest.approx(1.0, abs=1e-9)
    assert [i.kode for i in k.indikator_evaluator()] == [
        "rpkd_berlaku",
        "rat_tepat_waktu",
        "laporan_tepat_waktu",
        "kelengkapan_laporan",
        "jumlah_rakor",
    ]
    assert k.indikator("persen_duplikat").arah == "turun_baik"
    assert k.indikator("laporan_tepat_waktu").rubrik(k) == {"A": 100, "B": 75, "C": 50, "D": 25}
    assert k.indikator("rpkd_berlaku").rubrik(k) == {"ya": 100, "tidak": 0}
    assert k.indikator("jumlah_rakor").target == 3
    assert "BUKAN bobot resmi" in k.catatan
    assert "BOBOT DI BERKAS INI BUKAN BOBOT RESMI" in LOKASI_KERANGKA_BAWAAN.read_text("utf-8")
    assert k.jalur_indikator("jumlah_rakor") == "dimensi[2].indikator[4]"


def test_bobot_tidak_berjumlah_satu(dasar):
    d = copy.deepcopy(dasar)
    d["dimensi"][1]["indikator"][0]["bobot"] = 0.30  # 0.30 + 0.35 + 0.25 = 0.90
    d["dimensi"][0]["bobot"] = 0.45  # 0.45 + 0.25 + 0.20 + 0.15 = 1.05
    pesan = _galat(d)
    p = _satu(pesan, "dimensi[1].indikator")
    assert "jumlah bobot indikator dimensi 'komitmen_anggaran' = 0,9 (0,3 + 0,35 + 0,25)" in p
    assert "harus 1 (toleransi 0,000001)" in p
    p = _satu(pesan, "dimensi")
    assert "jumlah bobot dimensi = 1,05 (0,45 + 0,25 + 0,2 + 0,15), harus 1" in p


def test_bobot_di_luar_rentang_menyebut_jalur(dasar):
    d = copy.deepcopy(dasar)
    d["dimensi"][1]["indikator"][0]["bobot"] = -0.1
    pesan = _galat(d)
    assert _satu(pesan, "dimensi[1].indikator[0].bobot") == (
        "dimensi[1].indikator[0].bobot: bobot harus di antara 0 dan 1, tertulis −0,1"
    )


def test_arah_normalisasi_sumber_tidak_dikenal_dan_kode_ganda(dasar):
    d = copy.deepcopy(dasar)
    d["dimensi"][0]["indikator"][1]["arah"] = "naik"
    d["dimensi"][0]["indikator"][2]["normalisasi"] = "minmax"
    d["dimensi"][3]["indikator"][0]["sumber"] = "susenas"
    d["dimensi"][3]["indikator"][1]["kode"] = "progres_verval"
    pesan = _galat(d)
    assert len(pesan) == 4, pesan  # all collected in one run
    p = _satu(pesan, "dimensi[0].indikator[1].arah")
    assert (
        "arah 'naik' tidak dikenal; pilihan: naik_baik (makin tinggi makin baik) atau "
        "turun_baik (makin rendah makin baik). Mungkin maksud Anda 'naik_baik'?" in p
    )
    p = _satu(pesan, "dimensi[0].indikator[2].normalisasi")
    assert (
        "normalisasi 'minmax' tidak dikenal; pilihan: max_rasio, min_maks, skor_z, rubrik, "
        "capaian_target. Mungkin maksud Anda 'min_maks'?" in p
    )
    p = _satu(pesan, "dimensi[3].indikator[0].sumber")
    assert "sumber 'susenas' tidak dikenal; pilihan: statistik, evaluator, anggaran, bnba" in p
    p = _satu(pesan, "dimensi[3].indikator[1].kode")
    assert (
        "kode indikator 'progres_verval' dipakai lebih dari sekali (juga di "
        "dimensi[3].indikator[0])" in p
    )


def test_struktur_salah_dan_kunci_tidak_dikenal(dasar):
    d = copy.deepcopy(dasar)
    d["dimensi"][2]["indikator"][0]["bobott"] = 0.25
    d["dimensi"][2]["indikator"][1]["bobot"] = "dua puluh"
    del d["dimensi"][3]["nama"]
    pesan = _galat(d)
    assert _satu(pesan, "dimensi[2].indikator[0].bobott").endswith(
        "kunci 'bobott' tidak dikenal. Mungkin maksud Anda 'bobot'?"
    )
    assert _satu(pesan, "dimensi[2].indikator[1].bobot").endswith(
        "harus berupa angka, tertulis 'dua puluh'"
    )
    assert _satu(pesan, "dimensi[3].nama").endswith("kunci wajib diisi")


def test_aturan_per_normalisasi(dasar):
    d = copy.deepcopy(dasar)
    rakor = d["dimensi"][2]["indikator"][4]
    del rakor["target"]  # capaian_target without a target
    rpkd = d["dimensi"][2]["indikator"][0]
    rpkd["arah"] = "turun_baik"  # not meaningful for a rubric
    d["dimensi"][1]["indikator"][0]["se_bawaan"] = 1.0  # SE only for statistical indicators
    d["robust"]["normalisasi_alternatif"] = ["bawaan", "min-maks"]
    pesan = _galat(d)
    assert "normalisasi capaian_target memerlukan target" in _satu(
        pesan, "dimensi[2].indikator[4].target"
    )
    assert "arah 'turun_baik' tidak berlaku untuk normalisasi rubrik" in _satu(
        pesan, "dimensi[2].indikator[0].arah"
    )
    assert "se_bawaan hanya berlaku untuk sumber 'statistik'" in _satu(
        pesan, "dimensi[1].indikator[0].se_bawaan"
    )
    assert "normalisasi alternatif 'min-maks' tidak dikenal" in _satu(
        pesan, "robust.normalisasi_alternatif[1]"
    )


def test_galat_berkas_menyebut_baris_yaml(tmp_path, dasar):
    teks = LOKASI_KERANGKA_BAWAAN.read_text(encoding="utf-8")
    teks = teks.replace(
        "normalisasi: capaian_target\n        target: 3",
        "normalisasi: capaian_targt\n        target: 3",
    )
    p = tmp_path / "kerangka_salah.yaml"
    p.write_text(teks, encoding="utf-8")
    with pytest.raises(GalatValidasi) as e:
        muat_kerangka(p)
    (m,) = e.value.masalah
    assert m.berkas == "kerangka_salah.yaml"
    assert m.pesan.startswith(
        "dimensi[2].indikator[4].normalisasi: normalisasi 'capaian_targt' tidak dikenal"
    )
    baris = teks.splitlines()[m.baris - 1]
    assert baris.strip() == "normalisasi: capaian_targt"
    assert "kerangka_salah.yaml" in str(e.value) and f"baris {m.baris}" in str(e.value)


def test_yaml_rusak(tmp_path):
    p = tmp_path / "rusak.yaml"
    p.write_text("nama: x\ndimensi:\n  - kode: a\n   bobot: [1\n", encoding="utf-8")
    with pytest.raises(GalatValidasi) as e:
        muat_kerangka(p)
    (m,) = e.value.masalah
    assert m.kode == "yaml_tidak_sah" and m.baris is not None


def test_indikator_kerangka_harus_ada_di_data():
    k = muat_kerangka(DATA / "kerangka_kecil.yaml")
    df = pd.DataFrame(
        {"x1": [1.0, 2.0], "y1": ["A", "B"], "y2": ["ya", "tidak"], "x3": [1, 2], "y1__se": [0, 0]},
        index=["6301", "6302"],
    )
    with pytest.raises(GalatValidasi) as e:
        hitung_indeks(df, k)
    pesan = {m.kolom: m.pesan for m in e.value.masalah}
    assert pesan["x2"] == (
        "indikator 'x2' (dimensi[0].indikator[1], dimensi 'hasil') tidak ada "
        "di data; tambahkan kolomnya (sel kosong diperlakukan menurut kebijakan "
        "data hilang)"
    )
    assert pesan["x3"].startswith("kolom 'x3' bukan indikator dalam kerangka 'Kerangka uji kecil'.")
    assert pesan["y1__se"] == (
        "kolom galat baku 'y1__se' tidak berlaku: indikator 'y1' memakai rubrik"
    )
    assert {m.kode for m in e.value.masalah} == {
        "indikator_tidak_ada",
        "indikator_tidak_dikenal",
        "galat_baku_tidak_berlaku",
    }


def test_kolom_salah_ketik_diberi_saran():
    k = kerangka_bawaan()
    df = pd.DataFrame({c: [1.0] for c in k.kode_indikator}, index=["6301"])
    df = df.rename(columns={"porsi_anggaran_kemiskinan": "porsi_angaran_kemiskinan"})
    with pytest.raises(GalatValidasi) as e:
        hitung_indeks(df, k)
    pesan = [m.pesan for m in e.value.masalah if m.kolom == "porsi_angaran_kemiskinan"]
    assert pesan and "Mungkin maksud Anda 'porsi_anggaran_kemiskinan'?" in pesan[0]
