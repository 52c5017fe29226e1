"""Budget metrics (analisis.anggaran.metrik), the details: every ratio, message and table column."""

from __future__ import annotations

import math
import re

import pytest

from analisis.anggaran import metrik as m
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
