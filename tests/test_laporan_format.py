"""Indonesian number formatting: exact strings (U+2212 minus, U+2013 dash for missing)."""

import re
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from analisis.laporan import format as fmt
from analisis.laporan.format import (
    MINUS,
    NILAI_KOSONG,
    angka,
    format_kolom,
    format_tabel,
    formatter,
    gaya_tabel,
    jiwa,
    nilai_hilang,
    persen,
    poin,
    ribu_jiwa,
    rupiah,
    tahun,
    tahun_rentang,
)

M = "\u2212"
HILANG = [
    None,
    float("nan"),
    np.nan,
    pd.NA,
    pd.NaT,
    np.float64("nan"),
    float("inf"),
    -np.inf,
    Decimal("NaN"),
]


def test_constants():
    assert MINUS == M == "−"
    assert NILAI_KOSONG == "–"


@pytest.mark.parametrize(
    ("x", "desimal", "harapan"),
    [
        (4.65, 2, "4,65"),
        (0, 2, "0,00"),
        (0, 0, "0"),
        (12345.678, 2, "12.345,68"),
        (1234567.891, 1, "1.234.567,9"),
        (999.995, 2, "1.000,00"),  # carry into the thousands group
        (-0.24, 2, f"{M}0,24"),
        (-1234.5, 0, f"{M}1.235"),  # half up away from zero
        (0.125, 2, "0,13"),  # babel alone (half-even) would give 0,12
        (2.675, 2, "2,68"),  # binary 2.67499999…, but the reader means 2.675
        (1.005, 2, "1,01"),
        (-0.001, 2, "0,00"),  # no negative zero
        (-0.004, 2, "0,00"),
        (-0.005, 2, f"{M}0,01"),
        (2.5, 0, "3"),
        (3.5, 0, "4"),
        (1e15, 0, "1.000.000.000.000.000"),
        (1e20, 2, "100.000.000.000.000.000.000,00"),
        (1e-7, 2, "0,00"),
        (np.float32(0.1), 2, "0,10"),
        (np.int64(-12345), 0, f"{M}12.345"),
        (Decimal("1234.5"), 1, "1.234,5"),
        (7, 3, "7,000"),
    ],
)
def test_angka(x, desimal, harapan):
    assert angka(x, desimal) == harapan


@pytest.mark.parametrize("x", HILANG)
def test_missing_everywhere_is_en_dash(x):
    assert nilai_hilang(x)
    for f in (angka, persen, poin, rupiah, ribu_jiwa, jiwa, tahun):
        assert f(x) == "–", f
    assert persen(x, singkat=True) == "–"
    assert ribu_jiwa(x, sebagai_jiwa=True) == "–"


def test_not_missing():
    for x in (0, 0.0, -1, "teks", Decimal(0)):
        assert not nilai_hilang(x)


def test_persen():
    assert persen(4.65) == "4,65 persen"
    assert persen(4.65, singkat=True) == "4,65%"
    assert persen(4.654, 1) == "4,7 persen"
    assert persen(-0.5, singkat=True) == f"{M}0,50%"
    assert persen(0) == "0,00 persen"
    assert persen(100, 0, singkat=True) == "100%"


def test_poin_has_explicit_sign():
    assert poin(-0.24) == f"{M}0,24 poin persen"
    assert poin(0.12) == "+0,12 poin persen"
    assert poin(0) == "0,00 poin persen"
    assert poin(-0.004) == "0,00 poin persen"  # rounds to zero: no sign
    assert poin(0.005) == "+0,01 poin persen"
    assert poin(1.5, 1, satuan="poin") == "+1,5 poin"
    assert poin(-1234.5, 1, satuan=None) == f"{M}1.234,5"


def test_rupiah():
    assert rupiah(581229) == "Rp581.229"
    assert rupiah(581229.5) == "Rp581.230"
    assert rupiah(0) == "Rp0"
    assert rupiah(-1500) == f"{M}Rp1.500"
    assert rupiah(-0.4) == "Rp0"
    assert rupiah(1_500_000_000_000) == "Rp1.500.000.000.000"
    assert rupiah(1234.5, 2) == "Rp1.234,50"


def test_ribu_jiwa_and_jiwa():
    assert ribu_jiwa(12.34) == "12,34 ribu jiwa"
    assert ribu_jiwa(12.345) == "12,35 ribu jiwa"
    assert ribu_jiwa(1234.5, 1) == "1.234,5 ribu jiwa"
    assert ribu_jiwa(12.34, sebagai_jiwa=True) == "12.340 jiwa"
    assert ribu_jiwa(0.0004, sebagai_jiwa=True) == "0 jiwa"
    assert ribu_jiwa(-1.2, sebagai_jiwa=True) == f"{M}1.200 jiwa"
    assert jiwa(12345) == "12.345 jiwa"
    assert jiwa(12345.5) == "12.346 jiwa"


def test_tahun_and_rentang():
    assert tahun(2024) == "2024"
    assert tahun(2024.0) == "2024"
    assert tahun(np.int64(2017)) == "2017"
    with pytest.raises(ValueError):
        tahun(2024.5)
    assert tahun_rentang(2017, 2024) == "2017–2024"
    assert tahun_rentang(2024, 2017) == "2017–2024"
    assert tahun_rentang(2020, 2020) == "2020"
    assert tahun_rentang(None, 2020) == "2020"
    assert tahun_rentang(2019, np.nan) == "2019"
    assert tahun_rentang(None, None) == "–"
    assert tahun_rentang([2019, np.nan, 2017, 2024.0]) == "2017–2024"
    assert tahun_rentang(pd.Series([2021, 2021])) == "2021"
    assert tahun_rentang([]) == "–"


def test_invalid_input():
    with pytest.raises(TypeError):
        angka(True)
    with pytest.raises(TypeError):
        angka("empat")
    with pytest.raises(ValueError):
        angka(1.0, -1)
    assert angka("4.65") == "4,65"  # numeric strings (e.g. from CSV) are accepted


def test_formatter_specs():
    assert formatter("persen")(4.65) == "4,65 persen"
    assert formatter("persen_singkat:1")(4.65) == "4,7%"
    assert formatter("poin_singkat")(-0.24) == f"{M}0,24"
    assert formatter("angka:0")(1234.5) == "1.235"
    assert formatter("tahun")(2024.0) == "2024"
    assert formatter("teks")(None) == "–"
    assert formatter(str.upper)("a") == "A"
    with pytest.raises(ValueError, match="tidak dikenal"):
        formatter("persentase")
    with pytest.raises(ValueError, match="desimal"):
        formatter("angka:x")
    assert format_kolom([1.5, None, -2], "angka:1") == ["1,5", "–", f"{M}2,0"]


def _tabel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wilayah": ["Kab. Sambas", "Kota Pontianak", None],
            "tahun": [2023, 2024, 2024],
            "p0": [4.65, np.nan, 10.0],
            "perubahan": [-0.24, 0.0, 0.1],
            "garis_kemiskinan": [581229.0, 612345.4, np.nan],
            "jumlah": [1234, 56, 7],
        }
    )


def test_format_tabel_strings():
    hasil = format_tabel(
        _tabel(), {"p0": "persen_singkat", "perubahan": "poin", "garis_kemiskinan": "rupiah"}
    )
    assert hasil.to_dict("list") == {
        "wilayah": ["Kab. Sambas", "Kota Pontianak", "–"],
        "tahun": ["2023", "2024", "2024"],  # years never get a "." separator
        "p0": ["4,65%", "–", "10,00%"],
        "perubahan": [f"{M}0,24 poin persen", "0,00 poin persen", "+0,10 poin persen"],
        "garis_kemiskinan": ["Rp581.229", "Rp612.345", "–"],
        "jumlah": ["1.234", "56", "7"],
    }
    assert list(hasil.index) == [0, 1, 2]
    assert not re.search(r"\bnan\b", hasil.to_string(), re.IGNORECASE)


def test_format_tabel_unknown_column():
    with pytest.raises(KeyError, match="p1"):
        format_tabel(_tabel(), {"p1": "persen"})


def test_gaya_tabel_html():
    df = _tabel()
    html = gaya_tabel(
        df, {"p0": "persen_singkat", "garis_kemiskinan": "rupiah"}, judul="Tabel 1"
    ).to_html()
    for teks in ("4,65%", "Rp581.229", "Rp612.345", f"{M}0,24", "1.234", ">2023<", "Tabel 1", "–"):
        assert teks in html, teks
    assert not re.search(r"\bnan\b", html, re.IGNORECASE)
    assert "2.023" not in html
    # numeric columns right, text columns left (col0 = wilayah, col2 = p0)
    assert re.search(r"\.col0 \{\s*text-align: left", html)
    assert re.search(r"\.col2 \{\s*text-align: right;\s*font-variant-numeric: tabular-nums", html)
    assert df["p0"].iloc[0] == 4.65  # data untouched
    with_index = gaya_tabel(df.set_index("tahun"), sembunyikan_indeks=False).to_html()
    assert ">2023<" in with_index and "2.023" not in with_index


def test_published_cells_keep_the_suppression_marker_and_withhold_percentages_in_words():
    assert fmt.angka_terbit(12345) == "12.345" and fmt.angka_terbit(2.25, 1) == "2,3"
    assert fmt.angka_terbit("<5") == "<5" and fmt.angka_terbit(float("nan")) == "–"
    assert fmt.persen_terbit(12.345) == "12,35" and fmt.persen_terbit(None) == "–"
    assert fmt.persen_terbit("<5") == fmt.NILAI_TERSEMBUNYI == "disembunyikan"
