"""Cluster taxonomy and tagging weights are parameters (params/anggaran/klaster.yaml)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from analisis.anggaran.konfigurasi import (
    TANPA_PENANDAAN,
    muat_konfigurasi,
)
from analisis.galat import GalatValidasi

AKAR = Path(__file__).resolve().parents[1]
PARAM = AKAR / "params" / "anggaran" / "klaster.yaml"


def test_bawaan_empat_klaster_dan_bobot_pmk():
    k = muat_konfigurasi(PARAM)
    assert k.kode_klaster == ["K1", "K2", "K3", "K4"]
    assert [x.nama for x in k.klaster] == [
        "Mengurangi beban pengeluaran",
        "Meningkatkan pendapatan dan pemberdayaan",
        "Mengurangi kantong kemiskinan",
        "Kemitraan dan sinergi",
    ]
    assert k.klaster_menurut_kode("K4").tingkat_bukti == "R"
    assert "Perpres 15/2010" in k.klaster_menurut_kode("K4").dasar
    assert all(x.deskripsi for x in k.klaster)
    assert k.bobot_penandaan == {"langsung": 0.5, "tidak_langsung": 0.3, "penunjang": 0.2}


def test_bawaan_dibaca_dari_params_proyek_dan_tidak_ada_salinan_di_paket():
    assert muat_konfigurasi() == muat_konfigurasi(PARAM)
    paket = Path(str(resources.files("analisis")))
    assert not [p for p in paket.rglob("*.yaml") if p.name == "klaster.yaml" or "klaster" in p.name]


@pytest.mark.parametrize(
    ("label", "kode"),
    [
        ("K2", "K2"),
        ("k2", "K2"),
        ("Meningkatkan pendapatan dan pemberdayaan", "K2"),
        ("  pendapatan ", "K2"),
        ("K1 - Mengurangi beban pengeluaran", "K1"),
        ("K4 — Kemitraan dan sinergi", "K4"),
        ("3", "K3"),
        (3, "K3"),
        ("K1 - Kemitraan dan sinergi", None),  # code and name disagree
        ("kantong", None),
        ("", None),
    ],
)
def test_cari_klaster(label, kode):
    assert muat_konfigurasi(PARAM).cari_klaster(label) == kode


def test_saran_klaster_terdekat():
    assert (
        muat_konfigurasi(PARAM).saran_klaster("Kantong kemiskina")[0]
        == "K3 — Mengurangi kantong kemiskinan"
    )


@pytest.mark.parametrize(
    ("label", "kode"),
    [
        ("Langsung", "langsung"),
        ("Tidak langsung", "tidak_langsung"),
        ("tidak-langsung", "tidak_langsung"),
        ("TIDAK_LANGSUNG", "tidak_langsung"),
        ("Penunjang", "penunjang"),
        ("", TANPA_PENANDAAN),
        (None, TANPA_PENANDAAN),
        ("Tidak ditandai", TANPA_PENANDAAN),
        ("langsng", None),
    ],
)
def test_cari_penandaan(label, kode):
    assert muat_konfigurasi(PARAM).cari_penandaan(label) == kode


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        (
            lambda d: d["penandaan"]["kategori"][0].update(bobot=0.6),
            "jumlah bobot penandaan harus 1",
        ),
        (lambda d: d["klaster"][1].update(kode="K1"), "kode klaster ganda: K1"),
        (lambda d: d["klaster"][0].update(warna="merah"), "kunci 'warna' tidak dikenal"),
        (lambda d: d.update(pemetaan_subkegiatan=[{"awalan": "1", "klaster": "K9"}]), "K9"),
    ],
)
def test_konfigurasi_tidak_sah_dilaporkan(tmp_path, ubah, pesan):
    data = yaml.safe_load(PARAM.read_text("utf-8"))
    ubah(data)
    berkas = tmp_path / "klaster.yaml"
    berkas.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(GalatValidasi) as e:
        muat_konfigurasi(berkas)
    teks = str(e.value)
    assert "klaster.yaml" in teks
    assert pesan in teks


def test_yaml_rusak_menyebut_baris(tmp_path):
    berkas = tmp_path / "klaster.yaml"
    berkas.write_text("versi: 1\nklaster: [\n", "utf-8")
    with pytest.raises(GalatValidasi, match="YAML tidak sah"):
        muat_konfigurasi(berkas)


def test_klaster_dapat_diubah(tmp_path):
    data = yaml.safe_load(PARAM.read_text("utf-8"))
    data["klaster"] = data["klaster"][:3]
    data["pemetaan_subkegiatan"] = [{"awalan": "1.06", "klaster": "K1"}]
    berkas = tmp_path / "klaster.yaml"
    berkas.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    k = muat_konfigurasi(berkas)
    assert k.kode_klaster == ["K1", "K2", "K3"]
    assert k.cari_klaster("kemitraan") is None
    assert k.klaster_dari_kode_subkegiatan("1.06.04.2.02.0005") == "K1"
