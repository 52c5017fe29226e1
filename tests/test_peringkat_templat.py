"""Evaluator template: writing, round trip, the shipped example, malformed files, the CLI."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from analisis.galat import GalatAnalisis, GalatValidasi
from analisis.peringkat.cli import peringkat
from analisis.peringkat.kerangka import kerangka_bawaan
from analisis.peringkat.templat import (
    LEMBAR_DATA,
    PENANDA_CONTOH,
    baca_evaluator,
    kolom_templat,
    tulis_templat,
)

AKAR = Path(__file__).resolve().parents[1]
CONTOH_CSV = AKAR / "params" / "peringkat" / "contoh_evaluator_6300_2024.csv"
CONTOH_XLSX = AKAR / "params" / "peringkat" / "contoh_evaluator_6300_2024.xlsx"
KALSEL = [
    "6301",
    "6302",
    "6303",
    "6304",
    "6305",
    "6306",
    "6307",
    "6308",
    "6309",
    "6310",
    "6311",
    "6371",
    "6372",
]


@pytest.fixture(scope="module")
def kerangka():
    return kerangka_bawaan()


@pytest.fixture(scope="module")
def judul(kerangka) -> list[str]:
    return [t for _, t in kolom_templat(kerangka)]


def tulis_csv(path: Path, judul: list[str], baris: list[list[object]], pemisah=",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=pemisah)
        w.writerow(judul)
        w.writerows(baris)
    return path


def baris_baik(
    kode="6301",
    nama="Tanah Laut",
    tahun=2024,
    rpkd="ya",
    rat="tidak",
    lap="B",
    lengkap=80,
    rakor=3,
    catatan="",
):
    return [kode, nama, tahun, rpkd, rat, lap, lengkap, rakor, catatan]


def galat_dari(path, tahun=2024, provinsi="63") -> list:
    with pytest.raises(GalatValidasi) as e:
        baca_evaluator(path, provinsi, tahun)
    return [m for m in e.value.masalah if m.tingkat == "galat"]


# --- Writing and round trip ---------------------------------------------------------------------


def test_cli_templat_ditulis_dan_terbaca_kembali(tmp_path):
    hasil = CliRunner().invoke(
        peringkat,
        ["templat", "--provinsi", "63", "--tahun", "2024", "--keluaran", str(tmp_path / "keluar")],
    )
    assert hasil.exit_code == 0, hasil.output
    xlsx = tmp_path / "keluar" / "templat_evaluator_6300_2024.xlsx"
    csv_ = tmp_path / "keluar" / "templat_evaluator_6300_2024.csv"
    assert xlsx.is_file() and csv_.is_file()
    assert sorted(p.name for p in (tmp_path / "keluar").iterdir()) == [csv_.name, xlsx.name]
    assert stat.S_IMODE(xlsx.stat().st_mode) & 0o044  # not a private 0600 temp file

    wb = load_workbook(xlsx)
    assert wb.sheetnames == [LEMBAR_DATA, "Petunjuk"]
    ws = wb[LEMBAR_DATA]
    assert ws.freeze_panes == "C2"
    assert ws["A1"].value == "Kode wilayah BPS [kode_wilayah]"
    assert ws["D1"].value == "RPKD berlaku [rpkd_berlaku] (ya/tidak)"
    assert ws["H1"].value == (
        "Jumlah rapat koordinasi TKPK dalam setahun [jumlah_rakor] "
        "(kali/tahun; bilangan bulat; ≥ 0)"
    )
    assert [ws.cell(row=r, column=1).value for r in range(2, 15)] == KALSEL
    daftar = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert daftar["D2:D34"] == '"ya,tidak"' and daftar["F2:F34"] == '"A,B,C,D"'
    petunjuk = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "BUKAN bobot resmi" in petunjuk and "[jumlah_rakor]" in petunjuk

    for berkas in (xlsx, csv_):
        h = baca_evaluator(berkas, "63", 2024)
        assert list(h.data.index) == KALSEL
        assert h.data["jumlah_rakor"].isna().all()
        assert {m.kode for m in h.peringatan} == {"nilai_kosong"}  # empty, not wrong


def test_isian_bolak_balik_xlsx_dan_csv(tmp_path, kerangka):
    nilai = pd.DataFrame(
        {
            "rpkd_berlaku": ["ya", "tidak"],
            "rat_tepat_waktu": ["tidak", "ya"],
            "laporan_tepat_waktu": ["A", "D"],
            "kelengkapan_laporan": [92.5, 40],
            "jumlah_rakor": [4, 0],
        },
        index=["6303", "6372"],
    )
    b = tulis_templat("6300", 2024, tmp_path, kerangka, nilai=nilai)
    for berkas in (b.xlsx, b.csv):
        d = baca_evaluator(berkas, "Kalimantan Selatan", 2024, kerangka).data
        assert d.loc["6303", "rpkd_berlaku"] == "ya" and d.loc["6372", "laporan_tepat_waktu"] == "D"
        assert d.loc["6303", "kelengkapan_laporan"] == 92.5 and d.loc["6372", "jumlah_rakor"] == 0
        assert pd.isna(d.loc["6301", "jumlah_rakor"]) and d.loc["6301", "rpkd_berlaku"] is None
        assert d.loc["6372", "wilayah"] == "Kota Banjarbaru"


def test_contoh_kalsel_valid():
    teks = CONTOH_CSV.read_text(encoding="utf-8-sig")
    assert teks.splitlines()[0] == f'"# {PENANDA_CONTOH}"'
    for berkas in (CONTOH_CSV, CONTOH_XLSX):
        h = baca_evaluator(berkas, "63", 2024)
        assert list(h.data.index) == KALSEL and h.peringatan == []
        assert (h.data["catatan"] == PENANDA_CONTOH).all()
        assert set(h.data["rpkd_berlaku"]) == {"ya", "tidak"}
        assert h.data.loc["6310", "laporan_tepat_waktu"] == "D"
    wb = load_workbook(CONTOH_XLSX)
    assert wb[LEMBAR_DATA]["A1"].value == f"# {PENANDA_CONTOH}"
    # Same content in both example files.
    pd.testing.assert_frame_equal(
        baca_evaluator(CONTOH_CSV, "63", 2024).data, baca_evaluator(CONTOH_XLSX, "63", 2024).data
    )


def test_contoh_sesuai_format_templat_terkini(tmp_path):
    """Regenerating the example from its own values gives the shipped CSV byte for byte."""
    nilai = baca_evaluator(CONTOH_CSV, "63", 2024).data
    b = tulis_templat(
        "63",
        2024,
        tmp_path,
        nilai=nilai,
        penanda=PENANDA_CONTOH,
        nama_dasar="contoh_evaluator",
        format=("csv",),
    )
    assert b.csv.read_bytes() == CONTOH_CSV.read_bytes()


def test_nama_wilayah_tanpa_kode_dan_csv_titik_koma(tmp_path, judul):
    p = tulis_csv(
        tmp_path / "isian.csv",
        judul,
        [
            baris_baik(kode="", nama="Kab. Banjar", lengkap="85,5"),
            baris_baik(kode="6372", nama="Kota Banjar Baru"),
        ],
        pemisah=";",
    )
    h = baca_evaluator(p, "63", 2024)
    assert list(h.data.index) == ["6303", "6372"]
    assert h.data.loc["6303", "kelengkapan_laporan"] == 85.5
    assert any(
        m.kode == "wilayah_tidak_ada" and "11 kabupaten/kota" in m.pesan for m in h.peringatan
    )


# --- Malformed files ----------------------------------------------------------------------------


def test_kode_wilayah_tidak_dikenal(tmp_path, judul):
    p = tulis_csv(tmp_path / "a.csv", judul, [baris_baik(), baris_baik("6399", "Banjar")])
    (m,) = galat_dari(p)
    assert (m.berkas, m.baris, m.kolom, m.kode) == (
        "a.csv",
        3,
        "kode_wilayah (A)",
        "wilayah_tidak_dikenal",
    )
    assert m.pesan == "kode wilayah '6399' tidak dikenal. Nama 'Banjar' berkode 6303."


def test_nama_wilayah_tidak_dikenal(tmp_path, judul):
    p = tulis_csv(tmp_path / "b.csv", judul, [baris_baik(kode="", nama="Banjarmasn")])
    (m,) = galat_dari(p)
    assert (m.baris, m.kolom, m.kode) == (2, "wilayah (B)", "wilayah_tidak_dikenal")
    assert (
        "nama wilayah 'Banjarmasn' tidak dikenal. Mungkin maksud Anda: Kota Banjarmasin "
        "(6371)" in m.pesan
    )


def test_wilayah_ganda_dan_provinsi_lain(tmp_path, judul):
    p = tulis_csv(
        tmp_path / "c.csv",
        judul,
        [
            baris_baik(),
            baris_baik("6302", "Kotabaru"),
            baris_baik("6301", "Tanah Laut"),
            baris_baik("6401", "Paser"),
            baris_baik("6300", "Kalimantan Selatan"),
        ],
    )
    m = galat_dari(p)
    assert [(x.baris, x.kolom, x.kode) for x in m] == [
        (4, "kode_wilayah (A)", "wilayah_ganda"),
        (5, "kode_wilayah (A)", "wilayah_provinsi_lain"),
        (6, "kode_wilayah (A)", "wilayah_provinsi_lain"),
    ]
    assert m[0].pesan == (
        "wilayah 6301 (Tanah Laut) sudah ada di baris 2; setiap wilayah hanya boleh satu baris"
    )
    assert m[1].pesan == (
        "wilayah di luar provinsi: Paser (6401) termasuk Provinsi Kalimantan "
        "Timur, bukan Kalimantan Selatan"
    )
    assert "adalah provinsi, bukan kabupaten/kota" in m[2].pesan


def test_nilai_tidak_sah_semua_dilaporkan(tmp_path, judul):
    p = tulis_csv(
        tmp_path / "d.csv",
        judul,
        [
            baris_baik(rpkd="mungkin"),  # row 2
            baris_baik("6302", "Kotabaru", lap="E"),  # row 3
            baris_baik("6303", "Banjar", rakor=-1),  # row 4
            baris_baik("6304", "Barito Kuala", lengkap=120),  # row 5
            baris_baik("6305", "Tapin", rakor="banyak"),  # row 6
            baris_baik("6306", "Hulu Sungai Selatan", rakor=2.5),  # row 7
            baris_baik("6307", "Hulu Sungai Tengah", rpkd="YA", lap="b"),  # fine (case-insensitive)
        ],
    )
    m = galat_dari(p)
    assert [(x.baris, x.kolom) for x in m] == [
        (2, "rpkd_berlaku (D)"),
        (3, "laporan_tepat_waktu (F)"),
        (4, "jumlah_rakor (H)"),
        (5, "kelengkapan_laporan (G)"),
        (6, "jumlah_rakor (H)"),
        (7, "jumlah_rakor (H)"),
    ]
    assert m[0].pesan == "RPKD berlaku: nilai 'mungkin' tidak sah; pilihan: ya, tidak"
    assert m[1].pesan.endswith("nilai 'E' tidak sah; pilihan: A, B, C, D")
    assert m[2].pesan.endswith("nilai −1 negatif; harus ≥ 0")
    assert m[3].pesan == "Kelengkapan laporan pelaksanaan: nilai 120 di luar rentang 0–100"
    assert m[4].pesan.endswith("nilai 'banyak' bukan angka")
    assert m[5].pesan.endswith("nilai 2,5 harus bilangan bulat")
    assert all(x.kode == "nilai_tidak_sah" for x in m)


def test_kolom_wajib_hilang_dan_tahun_salah(tmp_path, judul):
    tanpa_rakor = [j for j in judul if "[jumlah_rakor]" not in j]
    baris = [
        b[:7] + b[8:]
        for b in (
            baris_baik(),
            baris_baik("6302", "Kotabaru", tahun=2023),
            baris_baik("6303", "Banjar", tahun=""),
        )
    ]
    p = tulis_csv(tmp_path / "e.csv", tanpa_rakor, baris)
    with pytest.raises(GalatValidasi) as e:
        baca_evaluator(p, "63", 2024)
    m = [x for x in e.value.masalah if x.tingkat == "galat"]
    assert [(x.baris, x.kolom, x.kode) for x in m] == [
        (1, "jumlah_rakor", "kolom_wajib_hilang"),
        (3, "tahun (C)", "tahun_salah"),
        (4, "tahun (C)", "tahun_kosong"),
    ]
    assert (
        "judul yang diharapkan: 'Jumlah rapat koordinasi TKPK dalam setahun "
        "[jumlah_rakor]" in m[0].pesan
    )
    assert m[1].pesan == "tahun 2023 tidak sesuai: berkas ini untuk penilaian tahun 2024"
    assert "e.csv, baris 3, kolom 'tahun (C)'" in str(e.value)


def test_xlsx_rusak_menyebut_lembar_baris_kolom(tmp_path, kerangka):
    b = tulis_templat("63", 2024, tmp_path, kerangka, format=("xlsx",))
    wb = load_workbook(b.xlsx)
    ws = wb[LEMBAR_DATA]
    ws["D3"] = "Ya"  # fine
    ws["F5"] = "Z"  # bad grade, row 5
    ws["H7"] = -2  # negative count, row 7
    ws["A10"] = "6401"  # another province, row 10
    ws["C12"] = 2025  # wrong year, row 12
    wb.save(b.xlsx)
    with pytest.raises(GalatValidasi) as e:
        baca_evaluator(b.xlsx, "63", 2024, kerangka)
    m = [x for x in e.value.masalah if x.tingkat == "galat"]
    assert [(x.lembar, x.baris, x.kolom, x.kode) for x in m] == [
        (LEMBAR_DATA, 5, "laporan_tepat_waktu (F)", "nilai_tidak_sah"),
        (LEMBAR_DATA, 7, "jumlah_rakor (H)", "nilai_tidak_sah"),
        (LEMBAR_DATA, 10, "wilayah (B)", "nama_kode_tidak_cocok"),
        (LEMBAR_DATA, 12, "tahun (C)", "tahun_salah"),
    ]
    assert (
        "templat_evaluator_6300_2024.xlsx, lembar 'Penilaian', baris 5, kolom "
        "'laporan_tepat_waktu (F)'" in str(e.value)
    )
    assert m[2].pesan == (
        "nama 'Tabalong' adalah Tabalong (6309), tidak cocok dengan kode 6401 (Paser)"
    )


def test_xlsx_tanpa_lembar_penilaian(tmp_path, kerangka):
    b = tulis_templat("63", 2024, tmp_path, kerangka, format=("xlsx",))
    wb = load_workbook(b.xlsx)
    wb[LEMBAR_DATA].title = "Data"
    wb.save(b.xlsx)
    (m,) = galat_dari(b.xlsx)
    assert m.kode == "lembar_tidak_ada" and "lembar yang ada: Data, Petunjuk" in m.pesan


def test_provinsi_tidak_dikenal(tmp_path, kerangka):
    with pytest.raises(GalatAnalisis, match="Provinsi '99' tidak dikenal"):
        tulis_templat("99", 2024, tmp_path, kerangka)


# --- CLI ----------------------------------------------------------------------------------------


def test_cli_cek_evaluator(tmp_path, judul):
    runner = CliRunner()
    ok = runner.invoke(
        peringkat, ["cek-evaluator", str(CONTOH_XLSX), "--provinsi", "63", "--tahun", "2024"]
    )
    assert ok.exit_code == 0, ok.output
    assert "valid: 13 kabupaten/kota, 5 indikator evaluator, tahun 2024" in ok.stdout

    p = tulis_csv(tmp_path / "salah.csv", judul, [baris_baik(lap="E"), baris_baik()])
    gagal = runner.invoke(
        peringkat, ["cek-evaluator", str(p), "--provinsi", "63", "--tahun", "2024"]
    )
    assert gagal.exit_code == 1
    assert "Berkas evaluator 'salah.csv' tidak valid: 2 galat" in gagal.stderr
    assert "salah.csv, baris 2, kolom 'laporan_tepat_waktu (F)'" in gagal.stderr
    assert "salah.csv, baris 3, kolom 'kode_wilayah (A)'" in gagal.stderr
    assert gagal.stdout == ""

    salah_tahun = runner.invoke(
        peringkat, ["cek-evaluator", str(CONTOH_CSV), "--provinsi", "63", "--tahun", "2023"]
    )
    assert salah_tahun.exit_code == 1 and "tahun_salah" not in salah_tahun.stderr
    assert "baris 3, kolom 'tahun (C)': tahun 2024 tidak sesuai" in salah_tahun.stderr

    bantuan = runner.invoke(peringkat, ["templat", "--help"])
    assert "Tulis templat penilaian evaluator" in bantuan.output
