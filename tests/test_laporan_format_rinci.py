"""Indonesian number formatting, the details: every message, very large numbers, patterns
built for any number of decimals, booleans and indexes in tables (and analisis.teks)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from analisis.laporan import format as fmt
from analisis.teks import angka_id

M = "\u2212"


def test_patterns_for_any_number_of_decimals(monkeypatch):
    """The babel pattern is built (and cached) per number of decimals."""
    monkeypatch.setattr(fmt, "_POLA", {})
    fmt._teks.cache_clear()  # texts already formatted in this process skip the pattern
    fmt._teks_float.cache_clear()
    assert fmt.angka(1234.5, 0) == "1.235"
    assert fmt.angka(1234.5, 1) == "1.234,5"
    assert fmt.angka(1234.5, 3) == "1.234,500"
    assert fmt.angka(0.5, 7) == "0,5000000"
    assert fmt._POLA == {0: "#,##0", 1: "#,##0.0", 3: "#,##0.000", 7: "#,##0.0000000"}
    assert fmt.angka(2.5, 3) == "2,500"  # from the cache


def test_very_large_numbers_keep_every_digit():
    seratus = "10" + ".000" * 33  # 10^100 with thousands separators
    assert fmt.angka(Decimal("1e100"), 2) == seratus + ",00"
    assert fmt.angka(1e100, 0) == seratus
    assert fmt.rupiah(-(10**60)) == f"{M}Rp1" + ".000" * 20
    assert fmt.poin(Decimal("1e70"), 1, satuan=None) == "+10" + ".000" * 23 + ",0"
    assert not fmt.nilai_hilang(10**400)  # too large for a float, still a number
    assert fmt.angka(10**70, 0) == "10" + ".000" * 23


def test_messages_of_invalid_input():
    with pytest.raises(TypeError, match=r"^nilai boolean tidak bisa diformat sebagai angka: True$"):
        fmt.angka(True)
    with pytest.raises(TypeError, match=r"^bukan angka: 'empat'$"):
        fmt.angka("empat")
    with pytest.raises(TypeError, match=r"^bukan angka: \[1\]$"):
        fmt.angka([1])
    for salah in (-1, 1.5, True):
        with pytest.raises(
            ValueError, match=rf"^desimal harus bilangan bulat >= 0, bukan {salah!r}$"
        ):
            fmt.angka(1.0, salah)
    with pytest.raises(ValueError, match=r"^tahun harus bilangan bulat, bukan 2024\.5$"):
        fmt.tahun(2024.5)
    with pytest.raises(
        ValueError,
        match=r"^format kolom tidak dikenal: 'persentase'; pilihan: angka, jiwa, persen, "
        r"persen_singkat, poin, poin_singkat, ribu_jiwa, rupiah, tahun, teks$",
    ):
        fmt.formatter("persentase")
    with pytest.raises(ValueError, match=r"^nama kolom ganda: \['a'\]$"):
        fmt.gaya_tabel(pd.DataFrame([[1, 2, 3]], columns=["a", "a", "b"]))


def test_persons_are_rounded_half_up_to_whole_persons():
    assert fmt.jiwa(12345.45) == "12.345 jiwa"
    assert fmt.jiwa(12345.5) == "12.346 jiwa"
    assert fmt.ribu_jiwa(12.3454, sebagai_jiwa=True) == "12.345 jiwa"


def test_boolean_and_missing_cells_of_a_table():
    df = pd.DataFrame(
        {"ada": pd.array([True, False, None], dtype="boolean"), "x": [1.0, 2.5, np.nan]},
        index=pd.Index(["b", "a", "c"], name="kode"),
    )
    hasil = fmt.format_tabel(df)
    assert hasil.to_dict("list") == {"ada": ["ya", "tidak", "–"], "x": ["1,00", "2,50", "–"]}
    assert list(hasil.index) == ["b", "a", "c"] and hasil.index.name == "kode"
    assert list(hasil.columns) == ["ada", "x"]


def test_styled_table_hides_the_index_unless_asked():
    df = pd.DataFrame({"x": [1.0, 2.0]}, index=pd.Index([1.5, 2.25], name="nilai"))
    tersembunyi = fmt.gaya_tabel(df).to_html()
    assert "1,50" not in tersembunyi and "2,25" not in tersembunyi
    tampil = fmt.gaya_tabel(df, sembunyikan_indeks=False).to_html()
    assert ">1,50<" in tampil and ">2,25<" in tampil and "1.5<" not in tampil


@pytest.mark.parametrize(
    ("nilai", "harapan"),
    [
        (None, "–"),
        (float("nan"), "–"),
        ("tidak terbaca", "tidak terbaca"),  # shown exactly as read
        (object, str(object)),
        (589165, "589.165"),
        (4.65, "4,65"),
        (0.1234567, "0,123457"),  # up to 6 decimals, nothing rounded beyond
        (0.038, "0,038"),
        (-0.5, "−0,5"),
        ("12.5", "12,5"),
    ],
)
def test_raw_values_in_messages(nilai, harapan):
    assert angka_id(nilai) == harapan


def test_float_fast_path_gives_the_decimal_path_text():
    # Finite floats are formatted through a per-value cache; the text must be the one the
    # exact decimal of the float's shortest repr gives (signs, rounding half up, zero).
    rng = np.random.default_rng(7)
    nilai = [2.675, -0.004, -0.0, 0.005, 1e15 + 0.5, 12345.6789, -2.5, *rng.normal(0, 50, 200)]
    for x in map(float, nilai):
        for d in (0, 1, 2, 3):
            assert fmt.angka(x, d) == fmt.angka(Decimal(repr(x)), d), (x, d)
            assert fmt.poin(x, d) == fmt.poin(Decimal(repr(x)), d), (x, d)
