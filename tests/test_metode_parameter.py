"""Method parameters: defaults, Indonesian summary and Indonesian validation errors."""

import inspect

import pytest

from analisis.galat import GalatAnalisis, GalatValidasi
from analisis.metode import (
    ParameterMetode,
    arah_indikator,
    evaluasi_target,
    kuadran_p0_indikator,
    kuadran_perkembangan,
    relevansi_efektivitas,
    skor_prioritas,
)


def test_defaults():
    p = ParameterMetode()
    assert p.pembanding == "provinsi"
    assert p.relevansi == "arah"
    assert p.efektivitas == "absolut"
    assert p.z_signifikansi == 1.96
    assert p.rse_bawaan is None and p.uji_signifikansi is True
    assert p.model_presisi.n_efektif == 1900
    assert p.sumbu_kuadran == "absolut"
    assert p.ambang_indikator == "provinsi"
    assert p.seri_ambang == "buruk"
    assert p.bobot_prioritas.sebagai_dict() == {"kesenjangan": 0.5, "besaran": 0.3, "tren": 0.2}
    assert p.batas_rse == 25.0
    assert p.rentang_laju_tahun == 4 and p.riwayat_minimum == 3
    assert p.arah("p0") == -1 and p.arah("ipm") == 1 and p.arah("stunting") == -1


def _bawaan(fungsi, nama):
    return inspect.signature(fungsi).parameters[nama].default


def test_function_defaults_match_the_model():
    p = ParameterMetode()
    assert _bawaan(relevansi_efektivitas, "relevansi") == p.relevansi
    assert _bawaan(relevansi_efektivitas, "efektivitas") == p.efektivitas
    assert _bawaan(relevansi_efektivitas, "z") == p.z_signifikansi
    assert _bawaan(kuadran_perkembangan, "sumbu_y") == p.sumbu_kuadran
    assert _bawaan(kuadran_perkembangan, "seri_ambang") == p.seri_ambang
    assert _bawaan(kuadran_p0_indikator, "ambang") == p.ambang_indikator
    assert _bawaan(skor_prioritas, "batas_rse") == p.batas_rse
    assert _bawaan(evaluasi_target, "rentang_laju") == p.rentang_laju_tahun
    assert _bawaan(evaluasi_target, "riwayat_minimum") == p.riwayat_minimum


def test_summary_rows_in_indonesian():
    bobot = {"kesenjangan": 0.6, "besaran": 0.2, "tren": 0.2}
    p = ParameterMetode.dari_dict({"efektivitas": "relatif", "bobot_prioritas": bobot})
    baris = {b.nama: b for b in p.ringkasan()}
    assert len(baris) == len(ParameterMetode.model_fields)
    assert all(isinstance(b, tuple) and len(b) == 3 for b in p.ringkasan())
    assert baris["efektivitas"].nilai == "relatif"
    assert "perbaikan relatif" in baris["efektivitas"].keterangan
    assert baris["bobot_prioritas"].nilai == "kesenjangan 0,6; besaran 0,2; tren 0,2"
    assert baris["rse_bawaan"].nilai == "model presisi bawaan"
    assert baris["uji_signifikansi"].nilai == "ya"
    assert "katalog indikator bawaan" in baris["arah_indikator"].nilai
    tabel = p.ringkasan_tabel()
    assert list(tabel.columns) == ["nama", "nilai", "keterangan", "bawaan"]
    bawaan = dict(zip(tabel["nama"], tabel["bawaan"], strict=True))
    assert bawaan["efektivitas"] == "tidak" and bawaan["bobot_prioritas"] == "tidak"
    assert bawaan["relevansi"] == "ya"


def test_validation_errors_name_the_key_in_indonesian():
    with pytest.raises(GalatValidasi) as e:
        ParameterMetode.dari_dict(
            {
                "relevansi": "desired",
                "z_signifikansi": 0,
                "bobot_prioritas": {"kesenjangan": -0.1, "besaran": 0.9, "tren": 0.2},
                "arah_indikator": {"apm_sd": 2},
                "ambang": "provinsi",
            },
            berkas="metode.yaml",
        )
    galat = e.value
    assert isinstance(galat, GalatAnalisis)
    kolom = {m.kolom: m.pesan for m in galat.masalah}
    assert "pilihan: 'arah' atau 'diinginkan'" in kolom["relevansi"]
    assert kolom["z_signifikansi"].startswith("harus lebih besar dari 0")
    assert "bobot_prioritas.kesenjangan" in kolom
    assert "arah_indikator.apm_sd" in kolom
    assert kolom["ambang"].startswith("kunci 'ambang' tidak dikenal")
    assert all(m.berkas == "metode.yaml" for m in galat.masalah)
    assert "metode.yaml" in str(galat) and "Parameter metode tidak valid" in str(galat)


def test_weights_must_sum_to_one():
    with pytest.raises(GalatValidasi) as e:
        bobot = {"kesenjangan": 0.5, "besaran": 0.5, "tren": 0.5}
        ParameterMetode.dari_dict({"bobot_prioritas": bobot})
    assert e.value.masalah[0].kolom == "bobot_prioritas"
    assert "jumlah bobot harus 1" in e.value.masalah[0].pesan


def test_non_mapping_and_empty():
    with pytest.raises(GalatValidasi):
        ParameterMetode.dari_dict(["relevansi"])
    assert ParameterMetode.dari_dict(None) == ParameterMetode()


def test_direction_catalogue_extends_and_overrides():
    p = ParameterMetode.dari_dict({"arah_indikator": {"apm_sd": 1, "tpak": -1}})
    assert p.arah("apm_sd") == 1
    assert p.arah("tpak") == -1
    assert p.arah("p0") == -1  # defaults kept
    with pytest.raises(GalatAnalisis, match="garis_kemiskinan"):
        arah_indikator("garis_kemiskinan")  # a price line has no good direction
