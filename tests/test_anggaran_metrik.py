"""Every metric against numbers computed by hand (written out in the comments).

Fixture ``kecil_*_6303_2024.csv`` (Banjar 2024, invented):

=====  ==============================  =======  =========  ==========  ==============
row    OPD                             klaster  pagu (M)   real. (M)   penandaan
=====  ==============================  =======  =========  ==========  ==============
2      Dinas Sosial                    K1       40         36          langsung
3      Dinas Kesehatan                 K1       20         19          tidak langsung
4      Dinas Perumahan dan KP          K3       25         20          langsung
5      Dinas Pertanian                 K2       10         (kosong)    tidak ditandai
6      Bappeda                         K4        5          4,5        penunjang
=====  ==============================  =======  =========  ==========  ==============

(M = Rp miliar.) Belanja daerah Rp2.000 M, realisasi belanja daerah Rp1.800 M.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analisis.anggaran import metrik as m
from analisis.anggaran.baca import DataAnggaran, baca_anggaran
from analisis.galat import GalatAnalisis

DATA = Path(__file__).parent / "data" / "anggaran"
M = 1e9  # Rp miliar


@pytest.fixture(scope="module")
def kecil() -> DataAnggaran:
    return baca_anggaran(DATA / "kecil_anggaran_6303_2024.csv")


# --------------------------------------------------------------------------- shares
def test_porsi_anggaran_skalar():
    # 90 M of 3.000 M = 3 %.
    assert m.porsi_anggaran(90 * M, 3000 * M) == pytest.approx(3.0)
    assert math.isnan(m.porsi_anggaran(1.0, 0.0))
    with pytest.raises(GalatAnalisis, match="tidak boleh negatif"):
        m.porsi_anggaran(-1.0, 10.0)


def test_porsi_anggaran_wilayah(kecil):
    r = m.ringkasan_wilayah(kecil).iloc[0]
    # B_pov = 40 + 20 + 25 + 10 + 5 = 100 M; 100 / 2.000 = 5 %.
    assert r["pagu_kemiskinan"] == 100 * M
    assert r["porsi_anggaran_kemiskinan"] == pytest.approx(5.0)
    assert r["wilayah"] == "Banjar"


def test_porsi_per_klaster(kecil):
    k = m.porsi_per_klaster(kecil)
    # K1 = 40 + 20 = 60 M (60 %), K2 = 10 M (10 %), K3 = 25 M (25 %), K4 = 5 M (5 %).
    assert k["klaster"].tolist() == ["K1", "K2", "K3", "K4"]
    assert k["jumlah"].tolist() == [60 * M, 10 * M, 25 * M, 5 * M]
    assert k["persen"].tolist() == pytest.approx([60.0, 10.0, 25.0, 5.0])
    assert k["nama_klaster"].iloc[0] == "Mengurangi beban pengeluaran"


def test_porsi_per_klaster_realisasi_dan_klaster_kosong(kecil):
    k = m.porsi_per_klaster(kecil, dasar="realisasi")
    # realisasi: K1 = 36 + 19 = 55, K2 = 0 (not reported), K3 = 20, K4 = 4,5 → total 79,5 M.
    assert k["jumlah"].tolist() == [55 * M, 0.0, 20 * M, 4.5 * M]
    assert k["persen"].tolist() == pytest.approx(
        [100 * 55 / 79.5, 0.0, 100 * 20 / 79.5, 100 * 4.5 / 79.5]
    )


def test_porsi_per_opd(kecil):
    o = m.porsi_per_opd(kecil)
    # Largest first: Sosial 40 %, Perkim 25 %, Kesehatan 20 %, Pertanian 10 %, Bappeda 5 %.
    assert o["opd"].tolist() == [
        "Dinas Sosial",
        "Dinas Perumahan dan Kawasan Permukiman",
        "Dinas Kesehatan",
        "Dinas Pertanian",
        "Badan Perencanaan Pembangunan Daerah",
    ]
    assert o["persen"].tolist() == pytest.approx([40.0, 25.0, 20.0, 10.0, 5.0])


def test_dasar_tidak_dikenal(kecil):
    with pytest.raises(GalatAnalisis, match="dasar 'apbd' tidak dikenal"):
        m.porsi_per_opd(kecil, dasar="apbd")


# --------------------------------------------------------------------------- per person
def test_penduduk_miskin_dari_ribu():
    # BPS: Banjar 2024 = 14,46 ribu jiwa → 14.460 jiwa.
    assert m.penduduk_miskin_dari_ribu(14.46) == pytest.approx(14460.0)


def test_anggaran_per_penduduk_miskin():
    # 100 M / 14.460 jiwa = 6.915.629,32 Rp per person.
    assert m.anggaran_per_penduduk_miskin(100 * M, 14460) == pytest.approx(6_915_629.322, rel=1e-9)
    assert math.isnan(m.anggaran_per_penduduk_miskin(100 * M, 0))


def test_anggaran_per_penduduk_miskin_menolak_satuan_ribu():
    with pytest.raises(GalatAnalisis, match="ribu jiwa"):
        m.anggaran_per_penduduk_miskin(100 * M, 14.46)


def test_anggaran_per_rumah_tangga():
    # 100 M over 8.000 households of desil 1–2 = Rp12.500.000 each.
    assert m.anggaran_per_rumah_tangga(100 * M, 8000) == pytest.approx(12_500_000.0)


# --------------------------------------------------------------------------- realisation
def test_tingkat_realisasi_skalar():
    assert m.tingkat_realisasi(200.0, 150.0) == pytest.approx(75.0)
    assert math.isnan(m.tingkat_realisasi(0.0, 5.0))


def test_realisasi_keseluruhan(kecil):
    r = m.realisasi_keseluruhan(kecil).iloc[0]
    # Reported rows 2, 3, 4, 6: pagu 40 + 20 + 25 + 5 = 90 M; realisasi 36 + 19 + 20 + 4,5 = 79,5 M.
    # 79,5 / 90 = 88,333… %.
    assert r["pagu"] == 100 * M
    assert r["pagu_terlapor"] == 90 * M
    assert r["realisasi"] == 79.5 * M
    assert r["persen_realisasi"] == pytest.approx(100 * 79.5 / 90)
    assert (r["jumlah_baris"], r["baris_terlapor"]) == (5, 4)


def test_realisasi_per_klaster(kecil):
    k = m.realisasi_per_klaster(kecil).set_index("klaster")
    # K1: 55/60 = 91,67 %; K2: nothing reported → NaN; K3: 20/25 = 80 %; K4: 4,5/5 = 90 %.
    assert k.loc["K1", "persen_realisasi"] == pytest.approx(100 * 55 / 60)
    assert math.isnan(k.loc["K2", "persen_realisasi"])
    assert k.loc["K3", "persen_realisasi"] == pytest.approx(80.0)
    assert k.loc["K4", "persen_realisasi"] == pytest.approx(90.0)


def test_realisasi_per_opd(kecil):
    o = m.realisasi_per_opd(kecil).set_index("opd")
    assert o.loc["Dinas Sosial", "persen_realisasi"] == pytest.approx(90.0)  # 36/40
    assert o.loc["Dinas Kesehatan", "persen_realisasi"] == pytest.approx(95.0)  # 19/20


# --------------------------------------------------------------------------- tagging
def test_skor_penandaan_skalar():
    # 0,5·20/2000 + 0,3·30/2000 + 0,2·10/2000 = 0,005 + 0,0045 + 0,001 = 0,0105.
    assert m.skor_penandaan(20 * M, 30 * M, 10 * M, 2000 * M) == pytest.approx(0.0105)
    assert m.skor_penandaan(20 * M, 30 * M, 10 * M, 2000 * M, bobot=(1, 0, 0)) == pytest.approx(
        0.01
    )


def test_standarkan_maks():
    s = m.standarkan_maks(pd.Series({"a": 0.02, "b": 0.01, "c": 0.005, "d": float("nan")}))
    assert s["a"] == 100.0 and s["b"] == pytest.approx(50.0) and s["c"] == pytest.approx(25.0)
    assert math.isnan(s["d"])
    assert m.standarkan_maks(pd.Series([0.0, 0.0])).tolist() == [0.0, 0.0]


def test_jumlah_per_penandaan(kecil):
    j = m.jumlah_per_penandaan(kecil).iloc[0]
    # realisasi: langsung 36 + 20 = 56 M; tidak langsung 19 M; penunjang 4,5 M; tidak ditandai 0.
    assert (j["langsung"], j["tidak_langsung"], j["penunjang"], j["tidak_ditandai"]) == (
        56 * M,
        19 * M,
        4.5 * M,
        0.0,
    )
    p = m.jumlah_per_penandaan(kecil, dasar="pagu").iloc[0]
    assert p["tidak_ditandai"] == 10 * M


def test_skor_penandaan_wilayah_satu_wilayah(kecil):
    s = m.skor_penandaan_wilayah(kecil).iloc[0]
    # T = (0,5·56 + 0,3·19 + 0,2·4,5) / 1.800 = 34,6 / 1.800 = 0,019222…
    assert s["b_total"] == 1800 * M
    assert s["t_penandaan"] == pytest.approx(34.6 / 1800)
    assert s["skor_penandaan"] == pytest.approx(100.0)  # the only region is its own maximum


def _data_dua_provinsi(kecil: DataAnggaran) -> DataAnggaran:
    """Banjar as in the fixture, Tapin (6305) with exactly half the tagged realisasi, and
    Kota Samarinda (6472, Kalimantan Timur) to check that standardisation stays within a province."""
    a = kecil.anggaran
    tapin = a.assign(kode_wilayah="6305", realisasi=a["realisasi"] / 2)
    smd = a.assign(kode_wilayah="6472", realisasi=a["realisasi"] / 4)
    r = kecil.ringkasan
    ring = pd.concat(
        [r, r.assign(kode_wilayah="6305"), r.assign(kode_wilayah="6472")], ignore_index=True
    )
    return DataAnggaran(
        anggaran=pd.concat([a, tapin, smd], ignore_index=True),
        ringkasan=ring,
        rat=kecil.rat,
        konfigurasi=kecil.konfigurasi,
    )


def test_skor_penandaan_distandarkan_per_provinsi(kecil):
    s = m.skor_penandaan_wilayah(_data_dua_provinsi(kecil)).set_index("kode_wilayah")
    # Banjar T = 0,01922 (max in Kalsel) → 100; Tapin T/2 → 50; Samarinda alone in Kaltim → 100.
    assert s.loc["6303", "skor_penandaan"] == pytest.approx(100.0)
    assert s.loc["6305", "skor_penandaan"] == pytest.approx(50.0)
    assert s.loc["6305", "t_penandaan"] == pytest.approx(34.6 / 1800 / 2)
    assert s.loc["6472", "skor_penandaan"] == pytest.approx(100.0)
    assert s.loc["6472", "kode_provinsi"] == "6400"


def test_skor_penandaan_tanpa_realisasi_belanja_daerah(kecil):
    d = DataAnggaran(
        anggaran=kecil.anggaran,
        ringkasan=kecil.ringkasan.assign(realisasi_belanja_daerah=float("nan")),
        rat=kecil.rat,
        konfigurasi=kecil.konfigurasi,
    )
    assert math.isnan(m.skor_penandaan_wilayah(d).iloc[0]["skor_penandaan"])
    # With dasar="pagu": (0,5·(40+25) + 0,3·20 + 0,2·5) / 2.000 = 39,5 / 2.000.
    assert m.skor_penandaan_wilayah(d, dasar="pagu").iloc[0]["t_penandaan"] == pytest.approx(
        39.5 / 2000
    )
    i = m.indikator_peringkat(d)
    assert "realisasi belanja daerah kosong" in i.loc["6303", "catatan"]


# --------------------------------------------------------------------------- ranking indicators
def test_indikator_peringkat(kecil):
    i = m.indikator_peringkat(_data_dua_provinsi(kecil))
    assert list(i.index) == ["6303", "6305", "6472"]
    assert {"porsi_anggaran_kemiskinan", "skor_penandaan", "realisasi_anggaran"} <= set(i.columns)
    b = i.loc["6303"]
    assert b["porsi_anggaran_kemiskinan"] == pytest.approx(5.0)
    assert b["skor_penandaan"] == pytest.approx(100.0)
    assert b["realisasi_anggaran"] == pytest.approx(100 * 79.5 / 90)
    assert b["tahun"] == 2024
    assert "realisasi baru dilaporkan 4 dari 5 baris" in b["catatan"]
    t = i.loc["6305"]
    assert t["skor_penandaan"] == pytest.approx(50.0)
    assert t["realisasi_anggaran"] == pytest.approx(100 * 39.75 / 90)


def test_indikator_peringkat_tahun_tidak_ada(kecil):
    with pytest.raises(GalatAnalisis, match="tahun 2020 tidak ada"):
        m.indikator_peringkat(kecil, tahun=2020)


# --------------------------------------------------------------------------- trend
def test_rp_per_poin_penurunan_p0():
    # Budget +12 M while P0 fell 0,4 poin → 30 M per poin.
    assert m.rp_per_poin_penurunan_p0(12 * M, -0.4) == pytest.approx(30 * M)
    assert math.isnan(m.rp_per_poin_penurunan_p0(12 * M, 0.0))
    assert math.isnan(m.rp_per_poin_penurunan_p0(12 * M, 0.1))
    assert math.isnan(m.rp_per_poin_penurunan_p0(float("nan"), -0.1))


def test_tren_anggaran_dengan_p0():
    b = pd.Series({2022: 80 * M, 2023: 90 * M, 2024: 100 * M})
    p0 = pd.Series({2022: 3.0, 2023: 2.8, 2024: 2.9})
    h = m.tren_anggaran(b, p0)
    t = h.tabel.set_index("tahun")
    # 2023: ΔB = +10 M (+12,5 %), ΔP0 = −0,2 → 50 M per poin. 2024: ΔP0 = +0,1 → undefined.
    assert t.loc[2023, "perubahan_anggaran"] == 10 * M
    assert t.loc[2023, "persen_perubahan_anggaran"] == pytest.approx(12.5)
    assert t.loc[2023, "perubahan_p0"] == pytest.approx(-0.2)
    assert t.loc[2023, "rp_per_poin_penurunan_p0"] == pytest.approx(50 * M)
    assert math.isnan(t.loc[2024, "rp_per_poin_penurunan_p0"])
    # Whole period: ΔB = 20 M, ΔP0 = −0,1 → 200 M per poin.
    assert h.keseluruhan["perubahan_anggaran"] == 20 * M
    assert h.keseluruhan["rp_per_poin_penurunan_p0"] == pytest.approx(200 * M)
    assert "bukan bukti hubungan sebab-akibat" in h.catatan
    assert m.PERINGATAN_RP_PER_POIN in h.peringatan


def test_tren_anggaran_p0_naik_tidak_terdefinisi():
    h = m.tren_anggaran(pd.Series({2023: 90 * M, 2024: 100 * M}), pd.Series({2023: 2.4, 2024: 2.6}))
    assert math.isnan(h.keseluruhan["rp_per_poin_penurunan_p0"])
    assert any("tidak terdefinisi" in p for p in h.peringatan)
    assert m.PERINGATAN_RP_PER_POIN not in h.peringatan


def test_tren_anggaran_jeda_dan_tanpa_p0():
    b = pd.Series({2022: 80 * M, 2023: 90 * M})
    h = m.tren_anggaran(b, pd.Series({2023: 3.0, 2024: 2.5}), jeda_tahun=1)
    # Budget 2022 beside P0 2023, budget 2023 beside P0 2024.
    assert h.tabel["p0"].tolist() == [3.0, 2.5]
    assert h.tabel["rp_per_poin_penurunan_p0"].iloc[1] == pytest.approx(10 * M / 0.5)
    assert "p0" not in m.tren_anggaran(b).tabel.columns


def test_deret_anggaran_contoh_banjar():
    from analisis.anggaran.contoh import NAMA_CONTOH_BANJAR, berkas_contoh

    d = baca_anggaran(berkas_contoh(NAMA_CONTOH_BANJAR, "csv"))
    s = m.deret_anggaran(d, "6303")
    assert s.index.tolist() == [2022, 2023, 2024]
    assert s.is_monotonic_increasing


# --------------------------------------------------------------------------- RAT
def test_persen_capaian():
    assert m.persen_capaian(50, 60) == pytest.approx(120.0)
    assert math.isnan(m.persen_capaian(0, 5))


def test_capaian_rat(kecil):
    c = m.capaian_rat(kecil)
    # 80/100 = 80 %; 60/50 = 120 %; not reported → NaN.
    assert c["persen_capaian"].iloc[:2].tolist() == pytest.approx([80.0, 120.0])
    assert math.isnan(c["persen_capaian"].iloc[2])


def test_capaian_rat_keseluruhan(kecil):
    r = m.capaian_rat_keseluruhan(kecil).iloc[0]
    # Capped at 100: mean(80, 100) = 90 %; 1 of 2 reported activities met its target = 50 %.
    assert (r["jumlah_kegiatan"], r["kegiatan_terlapor"]) == (3, 2)
    assert r["rata_rata_capaian"] == pytest.approx(90.0)
    assert r["persen_tercapai"] == pytest.approx(50.0)
    # Without the cap: mean(80, 120) = 100 %.
    assert m.capaian_rat_keseluruhan(kecil, batas=None).iloc[0][
        "rata_rata_capaian"
    ] == pytest.approx(100.0)
