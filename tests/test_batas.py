"""Boundaries: every validator and decision rule exactly at its limit, and one step beyond.

Values exactly at a limit are accepted (ranges are closed: P0 0 and 100, P1 = P0, P2 = P1,
an age equal to the youngest or oldest allowed, a child exactly the minimum years younger than
the head), one step beyond is refused; a zero budget never becomes a rate of 0 or infinity;
a change exactly at the significance limit is significant (|Δ| ≥ z·SE); a count of
``n_minimum`` people is published, one fewer is suppressed.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analisis.anggaran.metrik import (
    anggaran_per_penduduk_miskin,
    anggaran_per_rumah_tangga,
    persen_capaian,
    porsi_anggaran,
    realisasi_keseluruhan,
    ringkasan_wilayah,
    skor_penandaan,
    standarkan_maks,
    tingkat_realisasi,
)
from analisis.bnba import cek_bnba
from analisis.bnba.konfigurasi import Privasi
from analisis.bnba.privasi import tekan_rasio, tekan_sel_kecil
from analisis.data.penyimpanan import KOLOM_TIDY
from analisis.data.validasi import TAHUN_MIN, Kandidat, tahun_maks, validasi
from analisis.metode import evaluasi_target, relevansi_efektivitas
from analisis.metode.kuadran import sisi_baik
from analisis.peringkat.kerangka import kerangka_bawaan
from analisis.peringkat.siap import baca_nilai
from test_bnba_cek import orang, tulis_csv

# ------------------------------------------------------------------------------ data validation


def _baris(indikator: str, nilai: float, tahun: int = 2024, kode: str = "6303", **lain) -> dict:
    satuan = {"p0": "persen", "p1": "indeks", "p2": "indeks", "gini_ratio": "indeks"}
    return {
        "kode_wilayah": kode,
        "tahun": tahun,
        "periode": "Maret",
        "indikator": indikator,
        "nilai": nilai,
        "satuan": satuan[indikator],
        "sumber": "uji",
        "kualitas": "A",
        "catatan": "",
        "asal": "impor",
        "_berkas": "uji.csv",
        "_baris": lain.get("_baris", 2),
        **{k: v for k, v in lain.items() if k != "_baris"},
    }


def _kode(*baris: dict, dasar: pd.DataFrame | None = None) -> list[str]:
    t = pd.DataFrame(list(baris))
    t = t[[c for c in KOLOM_TIDY if c in t] + [c for c in t if c.startswith("_")]]
    return [m.kode for m in validasi(Kandidat(t), dasar)]


@pytest.mark.parametrize("nilai", [0.0, 100.0])
def test_p0_at_0_and_100_is_accepted(nilai):
    assert _kode(_baris("p0", nilai)) == []


@pytest.mark.parametrize(
    ("nilai", "kode"), [(-0.01, "nilai_negatif"), (100.01, "nilai_di_luar_rentang")]
)
def test_p0_just_outside_0_100_is_refused(nilai, kode):
    assert _kode(_baris("p0", nilai)) == [kode]


def test_gini_at_1_is_accepted_above_is_refused():
    assert _kode(_baris("gini_ratio", 1.0)) == []
    assert _kode(_baris("gini_ratio", 1.001)) == ["nilai_di_luar_rentang"]


def test_first_and_last_acceptable_years():
    assert _kode(_baris("p0", 4.0, tahun=TAHUN_MIN)) == []
    assert _kode(_baris("p0", 4.0, tahun=tahun_maks())) == []
    assert _kode(_baris("p0", 4.0, tahun=TAHUN_MIN - 1)) == ["tahun_di_luar_rentang"]
    assert _kode(_baris("p0", 4.0, tahun=tahun_maks() + 1)) == ["tahun_di_luar_rentang"]


def test_p1_equal_to_p0_and_p2_equal_to_p1_are_consistent():
    assert _kode(_baris("p0", 0.5), _baris("p1", 0.5, _baris=3), _baris("p2", 0.5, _baris=4)) == []


def test_p1_above_p0_and_p2_above_p1_are_refused():
    assert _kode(_baris("p0", 0.5), _baris("p1", 0.51, _baris=3)) == ["p1_melebihi_p0"]
    assert _kode(_baris("p1", 0.4), _baris("p2", 0.41, _baris=3)) == ["p2_melebihi_p1"]


def test_fgt_limits_against_the_data_already_stored():
    dasar = pd.DataFrame([_baris("p0", 0.5), _baris("p1", 0.3)])[KOLOM_TIDY]
    assert _kode(_baris("p1", 0.5), dasar=dasar) == []  # = stored P0
    assert _kode(_baris("p1", 0.5000001), dasar=dasar) == ["p1_melebihi_p0"]
    assert _kode(_baris("p2", 0.3), dasar=dasar) == []  # = stored P1
    assert _kode(_baris("p2", 0.31), dasar=dasar) == ["p2_melebihi_p1"]


# ------------------------------------------------------------------------------ BNBA dates

ACUAN = date(2025, 6, 30)
KK = "630301010130{:04d}"

#: (CSV line, record, flagged as umur_tidak_wajar). Heads must be 15–110 full years old on the
#: reference date; a child at least 10 full years younger than the head.
UMUR = [
    # line 2: head turns 15 exactly on the reference date
    (orang("6303013006100001", KK.format(1), "L", "2010-06-30", "kepala keluarga"), False),
    # line 3: head turns 15 the day after
    (orang("6303010107100001", KK.format(2), "L", "2010-07-01", "kepala keluarga"), True),
    # line 4: head exactly 110
    (orang("6303013006150002", KK.format(3), "L", "1915-06-30", "kepala keluarga"), False),
    # line 5: head 111
    (orang("6303013006140001", KK.format(4), "L", "1914-06-30", "kepala keluarga"), True),
    # lines 6–7: child born exactly 10 years after the head
    (orang("6303011005800001", KK.format(5), "L", "1980-05-10", "kepala keluarga"), False),
    (orang("6303011005900001", KK.format(5), "L", "1990-05-10", "anak"), False),
    # lines 8–9: child born one day less than 10 years after the head
    (orang("6303011005800002", KK.format(6), "L", "1980-05-10", "kepala keluarga"), False),
    (orang("6303010905900001", KK.format(6), "L", "1990-05-09", "anak"), True),
    # lines 10–11: child with the head's own birth date (equal dates)
    (orang("6303011005800003", KK.format(7), "L", "1980-05-10", "kepala keluarga"), False),
    (orang("6303011005800004", KK.format(7), "L", "1980-05-10", "anak"), True),
    # line 12: newborn child on the reference date (age 0 = youngest allowed)
    (orang("6303013006250001", KK.format(5), "L", "2025-06-30", "anak"), False),
]


def test_ages_and_birth_dates_at_their_limits(tmp_path):
    path = tulis_csv(tmp_path / "bnba.csv", [r for r, _ in UMUR])
    with cek_bnba(path, "6303", tanggal_acuan=ACUAN) as h:
        b = h.con.sql("SELECT * FROM bendera ORDER BY _baris").df().set_index("_baris")
    assert sorted(b.index[b["umur_tidak_wajar"]]) == [
        i + 2 for i, (_, salah) in enumerate(UMUR) if salah
    ]
    # NIK dates equal to the birth dates: no NIK flag anywhere.
    assert not b["nik_tanggal_beda"].any() and not b["nik_tidak_valid"].any()


# ------------------------------------------------------------------------------ budgets


def test_zero_budgets_give_zero_shares_never_zero_rates():
    assert porsi_anggaran(0, 3e12) == 0.0
    assert math.isnan(porsi_anggaran(9e10, 0))
    assert math.isnan(tingkat_realisasi(0, 0)) and math.isnan(tingkat_realisasi(0, 5e9))
    assert tingkat_realisasi(5e9, 0) == 0.0  # budgeted, nothing spent: 0 %
    assert math.isnan(anggaran_per_penduduk_miskin(9e10, 0))
    assert anggaran_per_penduduk_miskin(0, 14_460) == 0.0
    assert math.isnan(anggaran_per_rumah_tangga(9e10, 0))
    assert math.isnan(persen_capaian(0, 3))
    assert math.isnan(skor_penandaan(2e10, 3e10, 1e10, 0))
    assert skor_penandaan(0, 0, 0, 2e12) == 0.0
    assert standarkan_maks(pd.Series([0.0, 0.0])).tolist() == [0.0, 0.0]
    with pytest.raises(Exception, match="tidak boleh negatif"):
        porsi_anggaran(-1, 3e12)


def test_zero_budget_rows_in_the_tables():
    baris = pd.DataFrame(
        {
            "kode_wilayah": ["6303", "6303", "6371"],
            "tahun": [2024, 2024, 2024],
            "pagu": [0.0, 0.0, 5e9],
            "realisasi": [0.0, np.nan, 0.0],
        }
    )
    r = realisasi_keseluruhan(baris).set_index("kode_wilayah")
    # 6303: the only reported row has pagu 0 → no rate (not 0 %, not infinity).
    assert r.at["6303", "pagu_terlapor"] == 0.0 and math.isnan(r.at["6303", "persen_realisasi"])
    assert r.at["6303", "baris_terlapor"] == 1 and r.at["6303", "jumlah_baris"] == 2
    assert r.at["6371", "persen_realisasi"] == 0.0


def test_zero_total_spending_in_the_region_summary():
    class Data:
        anggaran = pd.DataFrame(
            {"kode_wilayah": ["6303"], "tahun": [2024], "pagu": [9e10], "realisasi": [8e10]}
        )
        ringkasan = pd.DataFrame(
            {
                "kode_wilayah": ["6303"],
                "tahun": [2024],
                "belanja_daerah": [0.0],
                "realisasi_belanja_daerah": [0.0],
            }
        )

    r = ringkasan_wilayah(Data()).iloc[0]
    assert math.isnan(r["porsi_anggaran_kemiskinan"])
    assert r["realisasi_anggaran"] == pytest.approx(100 * 8 / 9)


# ------------------------------------------------------------------------------ methods


def _deret(*nilai: float, awal: int = 2020) -> pd.Series:
    return pd.Series(nilai, index=pd.Index(range(awal, awal + len(nilai)), name="tahun"))


def test_change_exactly_at_the_significance_limit_is_significant():
    """SE 1 and 0,75 → SE(Δ) = 1,25 exactly; z = 2 → limit 2,5 (all exact in binary)."""
    kab = _deret(10.0, 7.5, 5.01)
    ref = _deret(10.0, 9.0, 8.0)
    se = _deret(1.0, 0.75, 1.0)
    t = relevansi_efektivitas(kab, ref, -1, se_kab=se, z=2.0)
    assert t.loc[2021, "batas_signifikan"] == 2.5 and t.loc[2021, "delta_kab"] == -2.5
    assert bool(t.loc[2021, "signifikan"]) is True
    assert t.loc[2021, "label"] == "relevan dan efektif"
    # 2022: |Δ| = 2,49 < 2,5 → not significant, whatever the 2×2 label says.
    assert t.loc[2022, "batas_signifikan"] == 2.5
    assert bool(t.loc[2022, "signifikan"]) is False
    assert t.loc[2022, "label"] == "tidak signifikan"
    assert t.loc[2022, "label_gabungan"] == "relevan dan efektif"


def test_equal_changes_are_not_effective_and_zero_change_is_not_relevant():
    t = relevansi_efektivitas(_deret(5.0, 4.5, 4.5), _deret(6.0, 5.5, 5.0), -1)
    assert t.loc[2021, "efektivitas"] == "tidak efektif"  # Δ −0,5 = Δ −0,5: a tie
    assert t.loc[2021, "relevansi"] == "relevan"
    assert t.loc[2022, "relevansi"] == "tidak relevan"  # the region did not move
    assert t.loc[2022, "efektivitas"] == "tidak efektif"


def test_target_reached_exactly_and_a_hair_short():
    tepat = evaluasi_target(_deret(5.0, 4.8, 4.6, 4.5), -1, 4.5, 2029)
    assert tepat.status == "tercapai" and tepat.kesenjangan == 0.0 and tepat.sudah_tercapai
    kurang = evaluasi_target(_deret(5.0, 4.8, 4.6, 4.51), -1, 4.5, 2029)
    assert kurang.status == "sesuai jalur" and not kurang.sudah_tercapai
    assert kurang.kesenjangan == pytest.approx(0.01)


def test_value_equal_to_the_quadrant_threshold():
    assert sisi_baik([4.11], 4.11, -1).tolist() == [False]  # ties go to the bad side
    assert sisi_baik([4.11], 4.11, -1, "baik").tolist() == [True]
    assert sisi_baik([4.10, 4.12], 4.11, -1).tolist() == [True, False]


# ------------------------------------------------------------------------------ ranking input


@pytest.mark.parametrize(
    ("kode", "sah", "salah"),
    [
        ("kelengkapan_laporan", [0, 100], [-0.5, 100.5]),
        ("efektivitas_p0", [0, 1], [-0.01, 1.01]),
        ("porsi_anggaran_kemiskinan", [0, 100], [-0.1, 100.1]),
        ("jumlah_rakor", [0, 12], [-1, 2.5]),
    ],
)
def test_ranking_values_at_their_range_limits(kode, sah, salah):
    k = kerangka_bawaan()
    ind = k.indikator(kode)
    for v in sah:
        assert baca_nilai(ind, v, k) == (float(v), None), v
    for v in salah:
        nilai, pesan = baca_nilai(ind, v, k)
        assert nilai is None and pesan, v


# ------------------------------------------------------------------------------ privacy


def test_suppression_threshold():
    p = Privasi(n_minimum=5)
    df = pd.DataFrame({"n": [0, 1, 4, 5, 6]})
    hasil, tekan = tekan_sel_kecil(df, ["n"], p)
    assert hasil["n"].tolist() == [0, "<5", "<5", 5, 6]
    assert tekan["n"].tolist() == [False, True, True, False, False]
    rasio = pd.DataFrame({"persen": [10.0, 20.0, 30.0]})
    hasil = tekan_rasio(rasio, "persen", pd.Series([5, 5, 0]), pd.Series([4, 5, 5]), p)
    assert hasil["persen"].tolist() == ["<5", 20.0, 30.0]
