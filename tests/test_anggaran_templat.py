"""Template writer: XLSX layout (headers with units, dropdowns, frozen header, Petunjuk,
Ringkasan) and CSV equivalents, written atomically."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from analisis.anggaran.kolom import KOLOM_ANGGARAN, KOLOM_RAT, KOLOM_RINGKASAN
from analisis.anggaran.templat import tulis_templat
from analisis.berkas import tulis_dengan as tulis_atomik
from analisis.galat import GalatAnalisis


@pytest.fixture(scope="module")
def templat(tmp_path_factory):
    folder = tmp_path_factory.mktemp("t")
    paths = tulis_templat("6303", 2024, folder, baris_isian=20)
    return folder, paths


def test_nama_berkas(templat):
    _, paths = templat
    assert [p.name for p in paths] == [
        "templat_anggaran_6303_2024.xlsx",
        "templat_anggaran_6303_2024.csv",
        "templat_ringkasan_6303_2024.csv",
        "templat_rat_6303_2024.csv",
    ]


def test_xlsx_lembar_judul_dan_pembekuan(templat):
    _, paths = templat
    wb = load_workbook(paths[0])
    assert wb.sheetnames == ["Petunjuk", "Anggaran", "Ringkasan", "RAT", "Daftar"]
    assert wb["Daftar"].sheet_state == "hidden"
    assert wb.active.title == "Anggaran"
    for lembar, spes in (
        ("Anggaran", KOLOM_ANGGARAN),
        ("Ringkasan", KOLOM_RINGKASAN),
        ("RAT", KOLOM_RAT),
    ):
        ws = wb[lembar]
        assert [c.value for c in ws[1]] == [k.judul for k in spes]
        assert ws.freeze_panes == "A2"
    judul = [c.value for c in wb["Anggaran"][1]]
    assert "Pagu (Rp)" in judul and "Realisasi (Rp)" in judul
    assert "Belanja daerah APBD (Rp)" in [c.value for c in wb["Ringkasan"][1]]
    # Codes are text cells so Excel keeps "1.02" as typed.
    kolom_kode = judul.index("Kode sub-kegiatan") + 1
    assert wb["Anggaran"].cell(row=5, column=kolom_kode).number_format == "@"


def test_xlsx_dropdown_klaster_dan_penandaan(templat):
    _, paths = templat
    wb = load_workbook(paths[0])
    daftar = {str(dv.sqref): dv for dv in wb["Anggaran"].data_validations.dataValidation}
    klaster = daftar["J2:J21"]
    assert (klaster.type, klaster.formula1) == ("list", "Daftar!$A$2:$A$5")
    penandaan = daftar["M2:M21"]
    assert (penandaan.type, penandaan.formula1) == ("list", "Daftar!$B$2:$B$5")
    d = wb["Daftar"]
    assert [d.cell(row=i, column=1).value for i in range(2, 6)] == [
        "Mengurangi beban pengeluaran",
        "Meningkatkan pendapatan dan pemberdayaan",
        "Mengurangi kantong kemiskinan",
        "Kemitraan dan sinergi",
    ]
    assert [d.cell(row=i, column=2).value for i in range(2, 6)] == [
        "Langsung",
        "Tidak langsung",
        "Penunjang",
        "Tidak ditandai",
    ]


def test_xlsx_ringkasan_terisi_dan_petunjuk(templat):
    _, paths = templat
    wb = load_workbook(paths[0])
    assert [c.value for c in wb["Ringkasan"][2]][:4] == ["6303", "Banjar", 2024, None]
    teks = "\n".join(str(c.value) for c in wb["Petunjuk"]["A"] if c.value)
    assert "Banjar (6303), tahun 2024" in teks
    assert "Perpres 15/2010" in teks and "[R" in teks
    assert "bobot 50%" in teks and "bobot 30%" in teks and "bobot 20%" in teks
    assert "perjalanan dinas" in teks
    assert "CONTOH" not in teks


def test_csv_judul_dan_pemisah(templat):
    folder, _ = templat
    mentah = (folder / "templat_anggaran_6303_2024.csv").read_bytes()
    assert mentah.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    baris = mentah.decode("utf-8-sig").splitlines()
    assert baris == [";".join(k.judul for k in KOLOM_ANGGARAN)]
    ringkasan = (folder / "templat_ringkasan_6303_2024.csv").read_text("utf-8-sig").splitlines()
    assert ringkasan[1] == "6303;Banjar;2024;;;"


def test_wilayah_provinsi_dan_tahun_salah(tmp_path):
    with pytest.raises(GalatAnalisis, match="tidak dikenal"):
        tulis_templat("9999", 2024, tmp_path)
    with pytest.raises(GalatAnalisis, match="tingkat nasional"):
        tulis_templat("0000", 2024, tmp_path)
    with pytest.raises(GalatAnalisis, match="di luar rentang"):
        tulis_templat("6303", 1990, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_tulis_atomik_tidak_merusak_berkas_lama(tmp_path):
    tujuan = tmp_path / "a.csv"
    tujuan.write_text("lama")

    def gagal(p):
        p.write_text("setengah")
        raise RuntimeError("putus")

    with pytest.raises(RuntimeError):
        tulis_atomik(tujuan, gagal)
    assert tujuan.read_text() == "lama"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]  # no temporary file left
    tulis_atomik(tujuan, lambda p: p.write_text("baru"))
    assert tujuan.read_text() == "baru"
