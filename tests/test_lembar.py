"""The shared reading layer (analisis.lembar) on its own: bytes, CSV structure, XLSX features,
column specs and the injection guard. The readers built on it are tested through the CLI in
test_masukan_*.py."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from analisis.lembar import (
    GalatBerkas,
    SpesKolom,
    baca_csv,
    baca_tabel,
    baca_teks_csv,
    buka_buku,
    deteksi_pemisah,
    huruf_kolom,
    isi_sel,
    judul_mirip,
    kosong,
    masalah_struktur,
    netralkan,
    netralkan_baris,
    netralkan_tabel,
    petakan_kolom,
    pulihkan,
    teks_sel,
)


def _galat(fungsi, *args) -> GalatBerkas:
    with pytest.raises(GalatBerkas) as e:
        fungsi(*args)
    return e.value


# ------------------------------------------------------------------------------ cells
def test_one_empty_cell_rule():
    assert all(kosong(v) for v in (None, float("nan"), "", "  ", "\u00a0", "\ufeff"))
    assert not any(kosong(v) for v in ("-", "NA", 0, 0.0, False, "x"))
    assert teks_sel(6303.0) == "6303" and teks_sel(" a\u00a0") == "a" and teks_sel(None) == ""
    assert [huruf_kolom(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_injection_guard_round_trip():
    for teks in ('=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert netralkan(teks) == "'" + teks
        assert pulihkan(netralkan(teks)) == teks
    assert netralkan("Banjar") == "Banjar" and netralkan(-2) == -2 and pulihkan("'abc") == "'abc"
    assert netralkan_baris(["=1", 2, "a"]) == ["'=1", 2, "a"]
    import pandas as pd

    df = netralkan_tabel(pd.DataFrame({"=nama": ["=cmd", "ok"], "x": [1.0, -2.0]}))
    assert list(df.columns) == ["'=nama", "x"] and df["'=nama"].tolist() == ["'=cmd", "ok"]
    assert df["x"].tolist() == [1.0, -2.0]


def test_injection_guard_in_xlsx_keeps_text(tmp_path):
    wb = Workbook()
    isi_sel(wb.active.cell(row=1, column=1), '=HYPERLINK("http://x")')
    wb.save(tmp_path / "a.xlsx")
    sel = load_workbook(tmp_path / "a.xlsx").active["A1"]
    assert (sel.value, sel.data_type, sel.quotePrefix) == ('=HYPERLINK("http://x")', "s", True)


# ------------------------------------------------------------------------------ CSV
@pytest.mark.parametrize(
    "teks,pemisah",
    [
        ('"Persentase; miskin, 2021";;\nKab;2023;2024\nBanjar;2,44;2,36\nTapin;3,19;3,33\n', ";"),
        ('"Judul; dengan; banyak; titik koma"\nKab,2023,2024\nBanjar,2.44,2.36\n', ","),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("satu kolom\nsaja\n", ","),
    ],
)
def test_separator_detection_ignores_quoted_separators(teks, pemisah):
    assert deteksi_pemisah(teks) == pemisah


def test_csv_cells_are_trimmed_and_row_numbers_are_records():
    lb = baca_teks_csv('a;b\n" x ";\n"dua\nbaris";y\nz;w\n', "t.csv")
    assert lb.sel == [["a", "b"], ["x", None], ["dua\nbaris", "y"], ["z", "w"]]
    assert lb.lebar_rekaman == (2, 2, 2, 2)


def test_unclosed_quote_and_field_limit_are_refused():
    e = _galat(baca_teks_csv, 'a;b\n1;"2\n3;4\n5;6\n', "t.csv")
    assert str(e.utama) == (
        "t.csv, baris 2, kolom 'B': tanda kutip (\") yang dibuka di baris 2 tidak ditutup "
        "dengan benar, sehingga baris 2–4 terbaca sebagai satu sel. Tutup tanda kutip itu, atau "
        "hapus bila tidak perlu."
    )
    e = _galat(baca_teks_csv, "a;b\n1;" + "x" * (csv.field_size_limit() + 1) + "\n", "t.csv")
    assert e.utama.kode == "sel_terlalu_panjang" and e.utama.baris == 2


@pytest.mark.parametrize(
    "isi,kode",
    [
        (b"", "berkas_kosong"),
        (b" \r\n", "berkas_kosong"),
        ("a;b\n".encode("utf-16"), "enkode_utf16"),
        ("a;b\nc;d\n".encode("utf-16-be"), "enkode_utf16"),
        ("a;b\nc;\u2013\n".encode("cp1252"), "enkode_windows1252"),
        (b"a;b\nc;\x81\n", "enkode_tidak_dikenal"),
        (b"\x89PNG\r\n\x1a\n....", "berkas_biner"),
        (b"abc\x00def", "berkas_biner"),
    ],
)
def test_bytes_that_are_not_utf8_text_are_named(tmp_path, isi, kode):
    p = tmp_path / "x.csv"
    p.write_bytes(isi)
    assert _galat(baca_csv, p).utama.kode == kode


def test_utf8_with_and_without_bom_is_read(tmp_path):
    for isi in ("a;b\nč;d\n".encode(), "a;b\nč;d\n".encode("utf-8-sig")):
        (tmp_path / "x.csv").write_bytes(isi)
        assert baca_csv(tmp_path / "x.csv").sel == [["a", "b"], ["č", "d"]]


# ------------------------------------------------------------------------------ XLSX
def _buku(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Kabupaten/Kota", 2023, 2024])
    ws.append(["Banjar", 2.44, "=1+1"])
    ws.append(["Tapin", 0.0319, 3.33])
    ws["B3"].number_format = "0.00%"
    ws.merge_cells("C3:C4")
    ws.row_dimensions[4].hidden = True
    ws["A4"] = "Balangan"
    tersembunyi = wb.create_sheet("Lama")
    tersembunyi.sheet_state = "hidden"
    p = tmp_path / "b.xlsx"
    wb.save(p)
    return p


def test_xlsx_keeps_what_a_plain_grid_loses(tmp_path):
    buku = buka_buku(_buku(tmp_path))
    lb = buku.lembar("Data")
    assert lb.sel[0] == ["Kabupaten/Kota", 2023, 2024] and lb.ambil(1, 2) is None
    assert lb.rumus == {(1, 2): "=1+1"}
    assert lb.persen == frozenset({(2, 1)})
    assert [g.teks for g in lb.gabungan] == ["C3:C4"] and lb.baris_tersembunyi == {3}
    assert buku.tersembunyi("Lama") and not buku.tersembunyi("Data")
    kode = sorted(m.kode for m in masalah_struktur(lb, range(1, 4), range(3)))
    assert kode == ["baris_tersembunyi", "rumus_tanpa_nilai", "sel_digabung"]


def test_damaged_workbooks_are_named(tmp_path):
    asli = _buku(tmp_path).read_bytes()
    (tmp_path / "potong.xlsx").write_bytes(asli[: len(asli) // 2])
    assert _galat(baca_tabel, tmp_path / "potong.xlsx").utama.kode == "xlsx_terpotong"
    rusak = tmp_path / "xml.xlsx"
    with zipfile.ZipFile(io.BytesIO(asli)) as z, zipfile.ZipFile(rusak, "w") as baru:
        for item in z.infolist():
            isi = z.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                isi = isi[: len(isi) // 2]
            baru.writestr(item, isi)
    m = _galat(baca_tabel, rusak).utama
    assert (m.kode, m.lembar) == ("xlsx_xml_rusak", "Data")
    assert "lembar 'Data' (xl/worksheets/sheet1.xml) bukan XML yang sah" in m.pesan
    (tmp_path / "teks.xlsx").write_text("a,b\n", "utf-8")
    assert _galat(baca_tabel, tmp_path / "teks.xlsx").utama.kode == "bukan_xlsx"
    (tmp_path / "lama.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert _galat(baca_tabel, tmp_path / "lama.xlsx").utama.kode == "berkas_xls_lama"


# ------------------------------------------------------------------------------ columns
def test_column_specs_map_duplicates_missing_and_unknown():
    spes = [SpesKolom("kode", "Kode wilayah"), SpesKolom("pagu", "Pagu (Rp)"), SpesKolom("x", "X")]
    peta = petakan_kolom(
        ["Kode wilayah", "Pagu anggran", "kode wilayah", ""],
        spes,
        lambda t: {"kode wilayah": "kode"}.get(t.lower()),
    )
    assert peta.indeks == {"kode": 0}
    assert peta.ganda == [("kode", 0, 2, "kode wilayah")]
    assert [k.kunci for k in peta.hilang] == ["pagu", "x"]
    assert judul_mirip(spes[1], [t for _, t in peta.asing]) == "Pagu anggran"


def test_injection_guard_covers_categorical_and_string_columns():
    import pandas as pd

    df = pd.DataFrame(
        {
            "k": pd.Categorical(["=a", "b"]),
            "s": pd.Series(["@x", None], dtype="str"),
            "n": [1, 2],
        }
    )
    hasil = netralkan_tabel(df)
    assert hasil["k"].tolist() == ["'=a", "b"] and hasil["s"].tolist()[0] == "'@x"
    assert hasil["n"].tolist() == [1, 2]


def test_damaged_compressed_member_is_named(tmp_path):
    """A flipped byte inside a member's deflate stream (the zip directory still intact)."""
    asli = bytearray(_buku(tmp_path).read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(asli))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    awal = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(awal + 2, awal + info.compress_size - 2):
        asli[i] ^= 0xFF
    (tmp_path / "rusak.xlsx").write_bytes(bytes(asli))
    m = _galat(baca_tabel, tmp_path / "rusak.xlsx").utama
    assert m.kode == "xlsx_rusak"
    assert m.pesan.startswith("bagian 'xl/worksheets/sheet1.xml' di dalam buku kerja rusak (")


def test_unknown_extension_names_the_extension_as_the_token(tmp_path):
    p = tmp_path / "isian.ODS"
    p.write_text("a;b\n1;2\n", "utf-8")
    [m] = _galat(baca_tabel, p).masalah
    assert (m.kode, m.berkas, m.token) == ("berkas_tidak_dikenal", "isian.ODS", ".ODS")
    assert m.pesan == "jenis berkas '.ods' tidak dikenal; diharapkan .csv, .xlsx atau .json."
    tanpa = tmp_path / "isian"
    tanpa.write_text("a;b\n", "utf-8")
    [m] = _galat(baca_tabel, tanpa).masalah
    assert m.token is None and "'(tanpa akhiran)'" in m.pesan
