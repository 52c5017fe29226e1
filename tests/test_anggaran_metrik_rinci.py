"""Budget metrics (analisis.anggaran.metrik), the details: every ratio, message and table column."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analisis.anggaran import metrik as m
from analisis.anggaran.baca import DataAnggaran, baca_anggaran
from analisis.galat import GalatAnalisis

#: (function, arguments, position of the argument under test, its name in messages)
SKALAR = [
    (m.porsi_anggaran, (9e10, 3e12), 0, "b_kemiskinan"),
    (m.porsi_anggaran, (9e10, 3e12), 1, "b_total"),
    (m.penduduk_miskin_dari_ribu, (14.46,), 0, "jumlah_ribu"),
    (m.anggaran_per_penduduk_miskin, (9e10, 14_460), 0, "b_kemiskinan"),
    (m.anggaran_per_penduduk_miskin, (9e10, 14_460), 1, "penduduk_miskin_jiwa"),
    (m.anggaran_per_rumah_tangga, (9e10, 5_000), 0, "b_kemiskinan"),
    (m.anggaran_per_rumah_tangga, (9e10, 5_000), 1, "jumlah_rumah_tangga"),
    (m.tingkat_realisasi, (5e9, 4e9), 0, "pagu"),
    (m.tingkat_realisasi, (5e9, 4e9), 1, "realisasi"),
    (m.skor_penandaan, (2e10, 3e10, 1e10, 2e12), 0, "b_langsung"),
    (m.skor_penandaan, (2e10, 3e10, 1e10, 2e12), 1, "b_tidak_langsung"),
    (m.skor_penandaan, (2e10, 3e10, 1e10, 2e12), 2, "b_penunjang"),
    (m.skor_penandaan, (2e10, 3e10, 1e10, 2e12), 3, "b_total"),
    (m.persen_capaian, (10, 8), 0, "target"),
    (m.persen_capaian, (10, 8), 1, "capaian"),
]


@pytest.mark.parametrize(
    ("fungsi", "arg", "i", "nama"), SKALAR, ids=[f"{f.__name__}-{n}" for f, _, _, n in SKALAR]
)
def test_every_amount_is_named_in_its_message(fungsi, arg, i, nama):
    negatif = list(arg)
    negatif[i] = -5
    with pytest.raises(GalatAnalisis, match=rf"^{nama} tidak boleh negatif \(-5\)\.$"):
        fungsi(*negatif)
    teks = list(arg)
    teks[i] = "lima"
    with pytest.raises(GalatAnalisis, match=rf"^{nama} harus berupa angka, bukan 'lima'\.$"):
        fungsi(*teks)
    kosong = list(arg)
    kosong[i] = float("nan")  # missing is allowed and gives a missing result
    assert math.isnan(fungsi(*kosong))


def test_counts_still_in_thousands_are_refused_below_100_persons():
    pesan = re.escape(
        "jumlah penduduk miskin 99 jiwa terlalu kecil; data BPS dalam ribu jiwa harus dikali "
        "1000 dulu (penduduk_miskin_dari_ribu)."
    )
    with pytest.raises(GalatAnalisis, match=f"^{pesan}$"):
        m.anggaran_per_penduduk_miskin(9e10, 99)
    with pytest.raises(GalatAnalisis, match="terlalu kecil"):
        m.anggaran_per_penduduk_miskin(9e10, 1)
    with pytest.raises(GalatAnalisis, match="terlalu kecil"):
        m.anggaran_per_penduduk_miskin(9e10, 0.5)
    assert m.anggaran_per_penduduk_miskin(9e10, 100) == 9e8
    assert math.isnan(m.anggaran_per_penduduk_miskin(9e10, 0))


def test_scalar_values():
    assert m.porsi_anggaran(9e10, 3e12) == pytest.approx(3.0)
    assert m.penduduk_miskin_dari_ribu(14.46) == pytest.approx(14_460.0)
    assert m.anggaran_per_penduduk_miskin(9e10, 14_460) == pytest.approx(9e10 / 14_460)
    assert m.anggaran_per_rumah_tangga(9e10, 5_000) == pytest.approx(1.8e7)
    assert m.tingkat_realisasi(5e9, 4e9) == pytest.approx(80.0)
    assert m.persen_capaian(10, 8) == pytest.approx(80.0)
    # 0,5·0,01 + 0,3·0,015 + 0,2·0,005
    assert m.skor_penandaan(2e10, 3e10, 1e10, 2e12) == pytest.approx(0.0105)
    assert m.skor_penandaan(2e10, 3e10, 1e10, 2e12, bobot=(1, 0, 0)) == pytest.approx(0.01)
    assert m.skor_penandaan(2e10, 3e10, 1e10, 2e12, bobot=(0, 0, 1)) == pytest.approx(0.005)


# --------------------------------------------------------------------------- tables

DATA = Path(__file__).parent / "data" / "anggaran"
MILIAR = 1e9


@pytest.fixture(scope="module")
def kecil():

    return baca_anggaran(DATA / "kecil_anggaran_6303_2024.csv")


def test_table_messages(kecil):

    with pytest.raises(GalatAnalisis) as e:
        m.porsi_per_opd(kecil, dasar="apbd")
    assert str(e.value) == "dasar 'apbd' tidak dikenal; pilihan: pagu, realisasi."
    with pytest.raises(GalatAnalisis) as e:
        m.indikator_peringkat(kecil, tahun=2020)
    assert str(e.value) == "tahun 2020 tidak ada di data anggaran; tersedia: 2024."
    with pytest.raises(GalatAnalisis) as e:
        m.skor_penandaan_wilayah(kecil, tahun=2020)
    assert str(e.value) == "tahun 2020 tidak ada di data anggaran; tersedia: 2024."
    with pytest.raises(GalatAnalisis) as e:
        m._tahun_pilih(kecil.anggaran.iloc[0:0], None)
    assert str(e.value) == "data anggaran kosong."
    with pytest.raises(GalatAnalisis) as e:
        m.deret_anggaran(kecil, "6399")
    assert str(e.value) == "wilayah 6399 tidak ada di data anggaran."
    with pytest.raises(GalatAnalisis) as e:
        m.deret_anggaran(kecil, "6303", dasar="apbd")
    assert str(e.value) == "dasar 'apbd' tidak dikenal; pilihan: pagu, realisasi."
    with pytest.raises(GalatAnalisis) as e:
        m.standarkan_maks(pd.Series([1.0, -0.5]))
    assert str(e.value) == "standarisasi X/X_maks hanya untuk nilai tidak negatif."
    with pytest.raises(GalatAnalisis) as e:
        m.tren_anggaran([1, 2])
    assert str(e.value) == "anggaran harus berupa pandas Series berindeks tahun."


def test_table_columns(kecil):
    assert list(m.porsi_per_klaster(kecil).columns) == [
        "kode_wilayah",
        "tahun",
        "klaster",
        "nama_klaster",
        "jumlah",
        "persen",
    ]
    assert list(m.porsi_per_opd(kecil).columns) == [
        "kode_wilayah",
        "tahun",
        "opd",
        "jumlah",
        "persen",
    ]
    kolom_real = [
        "kode_wilayah",
        "tahun",
        "pagu",
        "realisasi",
        "pagu_terlapor",
        "jumlah_baris",
        "baris_terlapor",
        "persen_realisasi",
    ]
    assert list(m.realisasi_keseluruhan(kecil).columns) == kolom_real
    assert list(m.realisasi_per_klaster(kecil).columns) == (
        kolom_real[:2] + ["klaster", "nama_klaster"] + kolom_real[2:]
    )
    assert list(m.realisasi_per_opd(kecil).columns) == kolom_real[:2] + ["opd"] + kolom_real[2:]
    k = m.realisasi_per_klaster(kecil).set_index("klaster")
    assert k.loc["K2", "baris_terlapor"] == 0 and k.loc["K2", "pagu_terlapor"] == 0.0
    assert k.loc["K1", "nama_klaster"] == "Mengurangi beban pengeluaran"
    assert list(m.jumlah_per_penandaan(kecil).columns) == [
        "kode_wilayah",
        "tahun",
        "langsung",
        "tidak_langsung",
        "penunjang",
        "tidak_ditandai",
    ]
    s = m.skor_penandaan_wilayah(kecil)
    assert list(s.columns) == [
        "kode_wilayah",
        "kode_provinsi",
        "tahun",
        "langsung",
        "tidak_langsung",
        "penunjang",
        "tidak_ditandai",
        "b_total",
        "t_penandaan",
        "skor_penandaan",
    ]
    assert s.loc[0, "kode_provinsi"] == "6300"
    assert list(m.ringkasan_wilayah(kecil).columns) == [
        "kode_wilayah",
        "wilayah",
        "tahun",
        "jumlah_baris",
        "pagu_kemiskinan",
        "realisasi_kemiskinan",
        "belanja_daerah",
        "realisasi_belanja_daerah",
        "porsi_anggaran_kemiskinan",
        "realisasi_anggaran",
        "baris_terlapor",
    ]
    i = m.indikator_peringkat(kecil)
    assert i.index.name == "kode_wilayah" and list(i.columns) == [
        "wilayah",
        "tahun",
        "porsi_anggaran_kemiskinan",
        "skor_penandaan",
        "realisasi_anggaran",
        "t_penandaan",
        "catatan",
    ]
    assert i.loc["6303", "catatan"] == "realisasi baru dilaporkan 4 dari 5 baris"
    assert i.loc["6303", "t_penandaan"] == pytest.approx(34.6 / 1800)


def test_ranking_indicator_notes_when_totals_are_missing(kecil):

    d = DataAnggaran(
        anggaran=kecil.anggaran,
        ringkasan=kecil.ringkasan.assign(belanja_daerah=float("nan")),
        rat=kecil.rat,
        konfigurasi=kecil.konfigurasi,
    )
    i = m.indikator_peringkat(d, dasar_penandaan="pagu").loc["6303"]
    assert i["catatan"] == (
        "total belanja daerah tidak diisi; skor penandaan tidak dapat dihitung; realisasi baru "
        "dilaporkan 4 dari 5 baris"
    )
    assert math.isnan(i["porsi_anggaran_kemiskinan"])
    tanpa_ring = DataAnggaran(
        anggaran=kecil.anggaran, ringkasan=None, rat=kecil.rat, konfigurasi=kecil.konfigurasi
    )
    r = m.ringkasan_wilayah(tanpa_ring).iloc[0]
    assert math.isnan(r["belanja_daerah"]) and math.isnan(r["porsi_anggaran_kemiskinan"])


def test_trend_warnings_and_whole_period():

    b = pd.Series({2024: 100 * MILIAR, 2022: 80 * MILIAR, 2023: 90 * MILIAR})
    h = m.tren_anggaran(b, pd.Series({2022: 3.0, 2024: 2.5}), jeda_tahun=0)
    t = h.tabel
    assert list(t.columns) == [
        "tahun",
        "anggaran",
        "perubahan_anggaran",
        "persen_perubahan_anggaran",
        "p0",
        "perubahan_p0",
        "rp_per_poin_penurunan_p0",
    ]
    assert list(t["tahun"]) == [2022, 2023, 2024]
    assert h.peringatan == [
        "P0 tidak tersedia untuk tahun 2023.",
        m.PERINGATAN_RP_PER_POIN,
    ]
    assert h.keseluruhan == {
        "tahun_awal": 2022.0,
        "tahun_akhir": 2024.0,
        "perubahan_anggaran": 20 * MILIAR,
        "perubahan_p0": pytest.approx(-0.5),
        "rp_per_poin_penurunan_p0": pytest.approx(40 * MILIAR),
    }
    jeda = m.tren_anggaran(b, pd.Series({2023: 3.0, 2024: 2.9, 2025: 2.5}), jeda_tahun=1)
    assert jeda.peringatan[0] == (
        "P0 dibandingkan dengan jeda 1 tahun: anggaran tahun t berdampingan dengan P0 tahun t+1."
    )
    naik = m.tren_anggaran(b, pd.Series({2022: 2.0, 2023: 2.1, 2024: 2.2}))
    assert naik.peringatan == [
        "P0 tidak turun pada periode ini; 'Rp per poin penurunan P0' tidak terdefinisi."
    ]
    tanpa = m.tren_anggaran(b)
    assert tanpa.peringatan == [] and set(tanpa.keseluruhan) == {
        "tahun_awal",
        "tahun_akhir",
        "perubahan_anggaran",
    }


def test_activity_plan_achievement_details(kecil):

    r = m.capaian_rat_keseluruhan(kecil, batas=110.0).iloc[0]
    assert r["rata_rata_capaian"] == pytest.approx(95.0)  # mean(80, 110)
    kosong = m.capaian_rat_keseluruhan(kecil.rat.iloc[0:0])
    assert kosong.empty and list(kosong.columns) == [
        "kode_wilayah",
        "tahun",
        "jumlah_kegiatan",
        "kegiatan_terlapor",
        "rata_rata_capaian",
        "persen_tercapai",
    ]
    tepat = kecil.rat.assign(capaian=kecil.rat["target"])  # every activity exactly on target
    assert m.capaian_rat_keseluruhan(tepat).iloc[0]["persen_tercapai"] == 100.0
    assert list(m.capaian_rat(pd.DataFrame(tepat))["persen_capaian"]) == [100.0, 100.0, 100.0]


def test_cluster_shares_list_every_cluster_and_break_ties_by_name(kecil):

    a = kecil.anggaran
    tanpa_k4 = a[a["klaster"] != "K4"]
    k = m.porsi_per_klaster(tanpa_k4, konfigurasi=kecil.konfigurasi)
    assert k["klaster"].tolist() == ["K1", "K2", "K3", "K4"]
    assert k.set_index("klaster").loc["K4", "jumlah"] == 0.0  # listed, with nothing
    assert k["persen"].sum() == pytest.approx(100.0)
    # Two OPDs with the same amount: ordered by name (then largest first overall).
    seri = a.assign(pagu=10 * MILIAR)
    o = m.porsi_per_opd(seri)
    assert o["opd"].tolist() == sorted(o["opd"])
    assert list(o.index) == list(range(len(o)))
    dua = pd.concat([a.assign(kode_wilayah="6371"), a], ignore_index=True)
    assert m.porsi_per_opd(dua)["kode_wilayah"].tolist() == ["6303"] * 5 + ["6371"] * 5


def test_cluster_names_come_from_the_given_configuration(kecil):
    konf = kecil.konfigurasi
    klaster = tuple(
        k.model_copy(update={"nama": f"Klaster {k.kode}"}) if k.kode == "K1" else k
        for k in konf.klaster
    )
    lain = konf.model_copy(update={"klaster": klaster})
    r = m.realisasi_per_klaster(kecil, konfigurasi=lain).set_index("klaster")
    assert r.loc["K1", "nama_klaster"] == "Klaster K1"
    p = m.porsi_per_klaster(kecil, konfigurasi=lain).set_index("klaster")
    assert p.loc["K1", "nama_klaster"] == "Klaster K1"


def test_trend_warning_when_only_one_year_had_a_decline():

    b = pd.Series({2022: 80 * MILIAR, 2023: 90 * MILIAR, 2024: 100 * MILIAR})
    h = m.tren_anggaran(b, pd.Series({2022: 3.0, 2023: 2.8, 2024: 3.1}))
    assert math.isnan(h.keseluruhan["rp_per_poin_penurunan_p0"])
    assert h.peringatan == [
        m.PERINGATAN_RP_PER_POIN,
        "P0 tidak turun pada periode ini; 'Rp per poin penurunan P0' tidak terdefinisi.",
    ]
    datar = m.tren_anggaran(b, pd.Series({2022: 3.0, 2023: 3.1, 2024: 3.0}))
    assert datar.keseluruhan["perubahan_p0"] == 0.0
    assert datar.peringatan[-1].startswith("P0 tidak turun pada periode ini")


def test_every_tagging_category_has_a_column_and_notes_are_text(kecil):

    a = kecil.anggaran
    tanpa = a[~a["penandaan"].isin(["penunjang", "tidak_ditandai"])]
    j = m.jumlah_per_penandaan(tanpa, konfigurasi=kecil.konfigurasi).iloc[0]
    assert (j["penunjang"], j["tidak_ditandai"]) == (0.0, 0.0)
    d = DataAnggaran(
        anggaran=kecil.anggaran,
        ringkasan=kecil.ringkasan.assign(realisasi_belanja_daerah=float("nan")),
        rat=kecil.rat,
        konfigurasi=kecil.konfigurasi,
    )
    i = m.indikator_peringkat(d)
    assert i.loc["6303", "catatan"] == (
        "skor penandaan tidak dapat dihitung (realisasi belanja daerah kosong); realisasi baru "
        "dilaporkan 4 dari 5 baris"
    )
    assert str(i["catatan"].dtype) == "str"
    dua_tahun = pd.concat([a, a.assign(tahun=2023)], ignore_index=True)
    with pytest.raises(GalatAnalisis) as e:
        m._tahun_pilih(dua_tahun, 2020)
    assert str(e.value) == "tahun 2020 tidak ada di data anggaran; tersedia: 2023, 2024."
    assert m._tahun_pilih(dua_tahun, None) == 2024


def test_tables_use_the_configuration_carried_by_the_data(kecil):

    klaster = tuple(
        k.model_copy(update={"nama": "Nama lain"}) if k.kode == "K2" else k
        for k in kecil.konfigurasi.klaster
    )
    lain = kecil.konfigurasi.model_copy(update={"klaster": klaster})
    d = DataAnggaran(
        anggaran=kecil.anggaran, ringkasan=kecil.ringkasan, rat=kecil.rat, konfigurasi=lain
    )
    assert m.porsi_per_klaster(d).set_index("klaster").loc["K2", "nama_klaster"] == "Nama lain"
    assert m.realisasi_per_klaster(d).set_index("klaster").loc["K2", "nama_klaster"] == (
        "Nama lain"
    )


def test_tagging_columns_follow_the_configuration_carried_by_the_data(kecil):
    konf = kecil.konfigurasi
    terbalik = konf.penandaan.model_copy(update={"kategori": tuple(konf.penandaan.kategori[::-1])})
    lain = konf.model_copy(update={"penandaan": terbalik})
    d = DataAnggaran(
        anggaran=kecil.anggaran, ringkasan=kecil.ringkasan, rat=kecil.rat, konfigurasi=lain
    )
    assert list(m.jumlah_per_penandaan(d).columns) == [
        "kode_wilayah",
        "tahun",
        *konf.kode_penandaan[::-1],
        "tidak_ditandai",
    ]
