"""Report tables and bar charts over every column dtype: numbers in Indonesian format whatever
their dtype (float32, nullable Float32/Int64 with <NA>), missing cells as the gap marker, the
selected rows of :func:`~analisis.laporan.tabel.baris_tabel` exactly those of ``itertuples``."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analisis.laporan import tabel
from analisis.laporan.format import NILAI_KOSONG
from analisis.laporan.grafik import grafik_batang

M = "\u2212"
_SEL = re.compile(r"<td[^>]*>(?:<code>)?([^<]*)")


def _sel(html: str) -> list[str]:
    return _SEL.findall(html)


def _id(x: float, desimal: int) -> str:
    """Indonesian text of ``x`` rounded half up (reference, written independently)."""
    # The number as written (its shortest repr): 0.045 is "0.045", rounded half up to 0,05.
    d = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    bulat, _, pecahan = f"{abs(d):f}".partition(".")
    kelompok = f"{int(bulat):,}".replace(",", ".")
    teks = kelompok + ("," + pecahan if pecahan else "")
    return (M if d < 0 else "") + teks


FLOAT = ["float64", "float32", "Float64", "Float32", "object"]
INT = ["int64", "int32", "uint16", "Int64", "Int32", "UInt16"]


@pytest.mark.parametrize("dtype", FLOAT)
def test_tabel_html_sets_float_cells_of_every_dtype_in_indonesian_format(dtype):
    nilai = pd.Series([4.65, 1234.5, -0.5, 2.675, None], dtype=dtype)
    if dtype == "object":
        nilai = pd.Series([4.65, np.float32(1234.5), -0.5, np.float32(2.675), None], dtype=object)
    sel = _sel(tabel.tabel_html(pd.DataFrame({"nilai": nilai}), "Judul"))
    # float32 2.675 is 2.67499995…: read as its shortest form "2.675", as a person wrote it
    assert sel == ["4,65", "1.234,50", f"{M}0,50", "2,68", NILAI_KOSONG]


@pytest.mark.parametrize("dtype", INT)
def test_tabel_html_sets_integer_cells_with_thousands_and_gaps(dtype):
    nilai = [1234, 0, 7, None] if dtype[0].isupper() else [1234, 0, 7, 12]
    sel = _sel(tabel.tabel_html(pd.DataFrame({"n": pd.array(nilai, dtype=dtype)}), "J"))
    assert sel == ["1.234", "0", "7", NILAI_KOSONG if dtype[0].isupper() else "12"]


@pytest.mark.parametrize("dtype", INT + ["float64"])
def test_tabel_html_sets_codes_and_years_as_their_digits(dtype):
    """A BPS code or a year is an identifier: 6303 and 2024, never "6.303" / "2.024"."""
    kode = [6303, 6371, None] if dtype[0].isupper() or dtype == "float64" else [6303, 6371, 6372]
    df = pd.DataFrame(
        {
            "Kode": pd.array(kode, dtype=dtype),
            "Tahun": pd.array([2023, 2024, 2024], dtype=dtype),
            "Jumlah": pd.array([12345, 7, 1000], dtype="Int64"),
        }
    )
    sel = _sel(tabel.tabel_html(df, "J", kolom_kode=["Kode"]))
    ketiga = NILAI_KOSONG if kode[2] is None else "6372"
    assert sel == ["6303", "2023", "12.345", "6371", "2024", "7", ketiga, "2024", "1.000"]


def test_only_a_column_of_years_gets_its_numbers_as_digits():
    """A column named for a year's values ("Tahun 2023") is a value column: 123.456."""
    df = pd.DataFrame({"Tahun (Maret)": [2024], "Tahun 2023": [123456], "Periode": [2023]})
    assert _sel(tabel.tabel_html(df, "J")) == ["2024", "123.456", "2023"]


def test_chart_tooltips_show_years_as_digits_and_counts_in_indonesian_format():
    import json

    from analisis.laporan.grafik import grafik_sebar

    df = pd.DataFrame({"wilayah": ["A"], "x": [1.0], "y": [2.0], "Tahun": [2024], "n": [12345]})
    g = grafik_sebar(df, x="x", y="y", info=[("Tahun", "Tahun"), ("Jumlah", "n")])
    teks = json.dumps(g.spesifikasi)
    assert '"info_0": "2024"' in teks and '"info_1": "12.345"' in teks


def test_tabel_html_never_shows_python_or_pandas_names_of_missing_values():
    df = pd.DataFrame(
        {
            "a": pd.array([None, 1.5], dtype="Float32"),
            "b": pd.array([None, 2], dtype="Int64"),
            "c": pd.array([None, True], dtype="boolean"),
            "d": [np.nan, "teks"],
            "e": pd.to_datetime([None, "2024-01-01"]),
            "f": pd.Categorical([None, "x"]),
        }
    )
    sel = _sel(tabel.tabel_html(df, "J"))
    assert sel[:6] == [NILAI_KOSONG] * 6
    assert not {"nan", "NaN", "<NA>", "None", "NaT", "True", "False"} & set(sel)
    assert sel[6:9] == ["1,50", "2", "ya"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False, width=32)),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["float32", "Float32", "float64", "Float64"]),
)
def test_tabel_html_float_cells_property(nilai, dtype):
    seri = pd.Series(nilai, dtype=dtype)
    sel = _sel(tabel.tabel_html(pd.DataFrame({"x": seri}), "J"))
    harap = [
        NILAI_KOSONG if v is None else _id(float(str(np.float32(v))) if "32" in dtype else v, 2)
        for v in nilai
    ]
    assert sel == harap
    # every number cell right-aligned as a number column
    if any(v is not None for v in nilai):
        assert 'class="tabel-laporan a1"' in tabel.tabel_html(pd.DataFrame({"x": seri}), "J")


# --------------------------------------------------------------------------- baris_tabel


def _kolom_jenis() -> dict[str, pd.Series]:
    return {
        "f64": pd.Series([1.5, np.nan, 3.0, 4.0]),
        "f32": pd.Series([1.5, np.nan, 3.0, 4.0], dtype="float32"),
        "i64": pd.Series([1, 2, 3, 4]),
        "i8": pd.Series([1, 2, 3, 4], dtype="int8"),
        "b": pd.Series([True, False, True, False]),
        "o": pd.Series(["a", None, 3, 4.5], dtype=object),
        "s": pd.Series(["a", None, "c", "d"], dtype="str"),
        "Int64": pd.Series([1, None, 3, 4], dtype="Int64"),
        "Float32": pd.Series([1.5, None, 3.0, 4.0], dtype="Float32"),
        "boolean": pd.Series([True, None, False, True], dtype="boolean"),
        "kat": pd.Series(pd.Categorical(["x", None, "y", "x"])),
        "tgl": pd.Series(pd.to_datetime(["2024-03-01", None, "2023-03-01", "2022-03-01"])),
        "tgl_s": pd.Series(pd.to_datetime(["2024-03-01", None, "2023-03-01", "2022-03-01"])).astype(
            "datetime64[s]"
        ),
        "tz": pd.Series(
            pd.to_datetime(["2024-03-01", None, "2023-03-01", "2022-03-01"]).tz_localize(
                "Asia/Jakarta"
            )
        ),
        "durasi": pd.Series(pd.to_timedelta([1, None, 3, 4], unit="D")),
        "periode": pd.Series(pd.period_range("2021", periods=4, freq="Y")),
        "selang": pd.Series(pd.IntervalIndex.from_breaks([0, 1, 2, 3, 4])),
    }


def _sama(hasil: list, harap: list) -> None:
    assert [r._fields for r in hasil] == [r._fields for r in harap]
    assert [[(type(v), repr(v)) for v in r] for r in hasil] == [
        [(type(v), repr(v)) for v in r] for r in harap
    ]


@pytest.mark.parametrize("nama", list(_kolom_jenis()))
def test_baris_tabel_selection_gives_the_values_of_itertuples_for_every_dtype(nama):
    df = pd.DataFrame(_kolom_jenis())
    pilih = np.array([True, True, False, True])
    harap = list(df.loc[pilih, [nama, "i64"]].itertuples(index=False))
    _sama(list(tabel.baris_tabel(df, index=False, kolom=[nama, "i64"], pilih=pilih)), harap)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=4, max_size=4))
def test_baris_tabel_selection_property(pilih):
    df = pd.DataFrame(_kolom_jenis())
    topeng = np.array(pilih)
    harap = list(df.loc[topeng].itertuples(index=False))
    _sama(list(tabel.baris_tabel(df, index=False, pilih=topeng)), harap)


# --------------------------------------------------------------------------- grafik_batang


@pytest.mark.parametrize("kosong", [None, np.nan, pd.NA])
def test_grafik_batang_refuses_a_missing_category_instead_of_naming_a_bar_nan(kosong):
    df = pd.DataFrame({"wilayah": pd.Series(["Banjar", kosong, "Tapin"], dtype=object)})
    df["nilai"] = [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match=r"kategori kosong di kolom 'wilayah' \(baris ke-2\)"):
        grafik_batang(df)


def test_grafik_batang_labels_are_the_category_texts():
    df = pd.DataFrame(
        {"wilayah": pd.array(["Banjar", "Tapin"], dtype="str"), "nilai": [1.0, np.nan]}
    )
    spes = grafik_batang(df).spesifikasi
    data = next(iter(spes["datasets"].values())) if "datasets" in spes else spes["data"]["values"]
    assert [d["kategori"] for d in data] == ["Banjar", "Tapin"]
    assert [d["teks_nilai"] for d in data] == ["1,00", NILAI_KOSONG]
