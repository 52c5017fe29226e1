"""Hardened inputs (issue 15) through the real commands, class by class.

Every importer (``data impor`` for BPS tables, tidy CSV and WebAPI JSON; ``anggaran cek``;
``peringkat cek-evaluator``) gets the same malformed bytes, CSV structures and spreadsheet
features. Each case asserts the exit code, the exact Indonesian message (file, sheet, row,
column, token) and that nothing was written.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import AKAR, FOLDER_DATA_UJI

IMPOR = FOLDER_DATA_UJI / "impor"
BPS_CSV = IMPOR / "bps_p0_kalsel_2021_2025.csv"
BPS_XLSX = IMPOR / "bps_kemiskinan_kaltim_kalbar.xlsx"
WEBAPI = IMPOR / "webapi_p0_kalsel_var103.json"
ANGGARAN = FOLDER_DATA_UJI / "anggaran"
ANGGARAN_XLSX = AKAR / "params/anggaran/contoh/contoh_anggaran_6303_2022-2024.xlsx"
EVALUATOR_CSV = AKAR / "params/peringkat/contoh_evaluator_6300_2024.csv"
EVALUATOR_XLSX = AKAR / "params/peringkat/contoh_evaluator_6300_2024.xlsx"
SIMPAN_ULANG = "Buka berkas di Excel lalu simpan ulang sebagai 'CSV UTF-8 (dipisah koma)'."
SIMPAN_ULANG_XLSX = "Buka berkas di Excel (atau LibreOffice) lalu simpan ulang sebagai .xlsx."


# ------------------------------------------------------------------------------ importers
@dataclass(frozen=True)
class Pembaca:
    """One importer: how to run it, its exit code for unreadable files, its base inputs."""

    nama: str
    perintah: Callable[[Path], list[str]]
    keluar_tak_terbaca: int
    csv: Path
    xlsx: Path

    def siapkan_csv(self, folder: Path) -> Path:
        """A copy of the base CSV (with its companion files) to be mutated; returns it."""
        if self.nama == "anggaran":
            for p in ANGGARAN.glob("kecil_*_6303_2024.csv"):
                shutil.copy(p, folder / p.name)
            return folder / "kecil_anggaran_6303_2024.csv"
        tujuan = folder / self.csv.name
        shutil.copy(self.csv, tujuan)
        return tujuan


PEMBACA = {
    "data": Pembaca("data", lambda p: ["data", "impor", p], 3, BPS_CSV, BPS_XLSX),
    "anggaran": Pembaca(
        "anggaran", lambda p: ["anggaran", "cek", p], 1, ANGGARAN / "x.csv", ANGGARAN_XLSX
    ),
    "evaluator": Pembaca(
        "evaluator",
        lambda p: ["peringkat", "cek-evaluator", p, "--provinsi", "63", "--tahun", "2024"],
        1,
        EVALUATOR_CSV,
        EVALUATOR_XLSX,
    ),
}


def _isi_folder(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def _jalankan_tanpa_tulis(cli, tmp_path: Path, args: list) -> str:
    """Run a command that must fail; assert it wrote nothing; return its output."""
    sebelum = _isi_folder(tmp_path)
    hasil = cli(*args)
    assert hasil.exit_code != 0, hasil.output
    assert "Traceback" not in hasil.output
    assert _isi_folder(tmp_path) == sebelum, "berkas ditulis padahal perintah gagal"
    return hasil.output


def _tolak(cli, tmp_path, pembaca: Pembaca, berkas: Path, pesan: str, kode: int | None = None):
    """The importer refuses ``berkas`` with exactly ``pesan`` and the expected exit code."""
    sebelum = _isi_folder(tmp_path)
    hasil = cli(*pembaca.perintah(berkas))
    assert hasil.exit_code == (kode or pembaca.keluar_tak_terbaca), hasil.output
    assert pesan in hasil.output, f"{pesan!r} tidak ada di:\n{hasil.output}"
    assert "Traceback" not in hasil.output
    assert _isi_folder(tmp_path) == sebelum
    return hasil.output


def _teks(p: Path) -> str:
    return p.read_text("utf-8-sig")


# ------------------------------------------------------------------------------ encodings and bytes
def _baris_terakhir(teks: str) -> int:
    return teks.count("\n") + 1 if teks.endswith("\n") else teks.count("\n") + 2


def _non_ascii_pertama(teks: str) -> tuple[int, int, str]:
    """(line, position, character) of the first non-ASCII character of a text."""
    for b, baris in enumerate(teks.splitlines(), start=1):
        for i, ch in enumerate(baris, start=1):
            if ord(ch) > 127:
                return b, i, ch
    raise AssertionError("tidak ada huruf non-ASCII")


KASUS_BITA = [
    (
        "utf16_bom",
        lambda t: t.encode("utf-16"),
        "{n}: berkas berpengodean UTF-16 (dengan BOM), bukan UTF-8. " + SIMPAN_ULANG,
    ),
    (
        "utf16_tanpa_bom",
        lambda t: t.encode("utf-16-le"),
        "{n}: berkas berpengodean UTF-16 LE tanpa BOM, bukan UTF-8. " + SIMPAN_ULANG,
    ),
    (
        "windows1252",
        lambda t: (t.rstrip("\n") + "\nCatatan – BPS\n").encode("cp1252", "replace"),
        "{n}, baris {b1}: berkas bukan UTF-8; tampaknya Windows-1252 (bita {x1} di posisi {p1} "
        "berarti '{h1}' dalam Windows-1252). Pengodean tidak ditebak agar huruf tidak berubah "
        "diam-diam. " + SIMPAN_ULANG,
    ),
    (
        "bukan_keduanya",
        lambda t: (t.rstrip("\n") + "\n").encode() + b"Catatan \x81 BPS\n",
        "{n}, baris {b}: bita 0x81 (posisi 9) bukan UTF-8 maupun Windows-1252; berkas rusak atau "
        "bukan teks. " + SIMPAN_ULANG,
    ),
    ("nol_bita", lambda t: b"", "{n}: berkas kosong (0 bita)."),
    (
        "gambar",
        lambda t: b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "{n}: berkas ini bukan teks CSV melainkan gambar PNG.",
    ),
    (
        "xlsx_berakhiran_csv",
        lambda t: BPS_XLSX.read_bytes(),
        (
            "{n}: berkas ini bukan teks CSV "
            "melainkan arsip zip (mis. buku kerja XLSX). Bila ini buku kerja Excel, ganti akhiran "
            "namanya menjadi .xlsx."
        ),
    ),
]


@pytest.mark.parametrize("nama_pembaca", PEMBACA)
@pytest.mark.parametrize("kasus", KASUS_BITA, ids=[k[0] for k in KASUS_BITA])
def test_encodings_and_binary_csv_are_named(cli, tmp_path, nama_pembaca, kasus):
    pembaca = PEMBACA[nama_pembaca]
    berkas = pembaca.siapkan_csv(tmp_path)
    teks = _teks(berkas)
    berkas.write_bytes(kasus[1](teks))
    b1, p1, h1 = _non_ascii_pertama(teks.rstrip("\n") + "\nCatatan – BPS\n")
    x1 = "0x" + h1.encode("cp1252").hex().upper()
    pesan = kasus[2].format(n=berkas.name, b=_baris_terakhir(teks), b1=b1, p1=p1, h1=h1, x1=x1)
    _tolak(cli, tmp_path, pembaca, berkas, pesan)


def _zip_dengan(asli: Path, tujuan: Path, ubah: Callable[[str, bytes], bytes]) -> None:
    with zipfile.ZipFile(asli) as z, zipfile.ZipFile(tujuan, "w") as baru:
        for item in z.infolist():
            baru.writestr(item, ubah(item.filename, z.read(item)))


def _lembar_pertama_data(pembaca: Pembaca) -> tuple[str, str]:
    """(sheet name, worksheet part) of the sheet each importer reads."""
    nama = {"data": "Kemiskinan Kaltim", "anggaran": "Anggaran", "evaluator": "Penilaian"}
    bagian = {"data": "sheet1", "anggaran": "sheet2", "evaluator": "sheet1"}
    return nama[pembaca.nama], f"xl/worksheets/{bagian[pembaca.nama]}.xml"


@pytest.mark.parametrize("nama_pembaca", PEMBACA)
def test_damaged_workbooks_are_named(cli, tmp_path, nama_pembaca):
    pembaca = PEMBACA[nama_pembaca]
    asli = pembaca.xlsx.read_bytes()
    potong = tmp_path / "potong.xlsx"
    potong.write_bytes(asli[: len(asli) // 2])
    _tolak(
        cli,
        tmp_path,
        pembaca,
        potong,
        "potong.xlsx: berkas XLSX rusak atau terpotong "
        "(arsip zip tidak lengkap). " + SIMPAN_ULANG_XLSX,
    )
    lembar, bagian = _lembar_pertama_data(pembaca)
    rusak = tmp_path / "xml.xlsx"
    _zip_dengan(pembaca.xlsx, rusak, lambda n, b: b[: len(b) // 2] if n == bagian else b)
    keluaran = _tolak(
        cli,
        tmp_path,
        pembaca,
        rusak,
        f"xml.xlsx, lembar '{lembar}': isi lembar '{lembar}' ({bagian}) bukan XML yang sah (",
    )
    assert "; buku kerja rusak. " + SIMPAN_ULANG_XLSX in keluaran
    lama = tmp_path / "lama.xlsx"
    lama.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    _tolak(
        cli,
        tmp_path,
        pembaca,
        lama,
        "lama.xlsx: berkas ini format Excel lama (.xls), bukan .xlsx. " + SIMPAN_ULANG_XLSX,
    )
    teks = tmp_path / "teks.xlsx"
    teks.write_text("Kabupaten/Kota;2024\nBanjar;2,36\n", "utf-8")
    _tolak(
        cli,
        tmp_path,
        pembaca,
        teks,
        "teks.xlsx: berkas ini bukan buku kerja XLSX (bukan "
        "arsip zip); bila berisi teks, simpan dengan akhiran .csv.",
    )


@pytest.mark.parametrize(
    "isi,pesan",
    [
        (
            "{}".encode("utf-16"),
            (
                "r.json: berkas berpengodean UTF-16 (dengan BOM), bukan UTF-8. Simpan ulang berkas "
                "sebagai UTF-8 (respons WebAPI BPS yang asli selalu UTF-8), atau unduh ulang."
            ),
        ),
        (
            '{"var": "Kemiskinan \u2013 Banjar"}'.encode("cp1252"),
            (
                "r.json, baris 1: berkas bukan UTF-8; tampaknya Windows-1252 (bita 0x96 di posisi 21 "
                "berarti '–' dalam Windows-1252). Pengodean tidak ditebak agar huruf tidak berubah "
                "diam-diam. Simpan ulang berkas sebagai UTF-8 (respons WebAPI BPS yang asli selalu "
                "UTF-8), atau unduh ulang."
            ),
        ),
        (b"", "r.json: berkas kosong (0 bita)."),
        (
            b"PK\x03\x04rest",
            (
                "r.json: berkas ini bukan teks JSON melainkan arsip zip (mis. buku kerja XLSX). Bila "
                "ini buku kerja Excel, ganti akhiran namanya menjadi .xlsx."
            ),
        ),
    ],
)
def test_encodings_and_binary_json_are_named(cli, tmp_path, isi, pesan):
    (tmp_path / "r.json").write_bytes(isi)
    _tolak(cli, tmp_path, PEMBACA["data"], tmp_path / "r.json", pesan)


# ------------------------------------------------------------------------------ CSV structure
@pytest.mark.parametrize("nama_pembaca", PEMBACA)
def test_cell_over_the_csv_field_limit(cli, tmp_path, nama_pembaca):
    pembaca = PEMBACA[nama_pembaca]
    berkas = pembaca.siapkan_csv(tmp_path)
    teks = _teks(berkas).rstrip("\n")
    berkas.write_text(teks + "\n" + "x" * 200_000 + "\n", "utf-8")
    b = teks.count("\n") + 2
    _tolak(
        cli,
        tmp_path,
        pembaca,
        berkas,
        f"{berkas.name}, baris {b}: sel yang dimulai di baris "
        f'{b} lebih panjang dari 131.072 karakter; kemungkinan tanda kutip (") yang tidak '
        "ditutup sehingga baris berikutnya ikut terbaca sebagai satu sel.",
    )


@pytest.mark.parametrize("nama_pembaca", PEMBACA)
def test_unclosed_quote_that_swallows_rows(cli, tmp_path, nama_pembaca):
    pembaca = PEMBACA[nama_pembaca]
    berkas = pembaca.siapkan_csv(tmp_path)
    teks = _teks(berkas).replace(
        ',"CONTOH — data fiktif untuk demonstrasi, bukan penilaian resmi"', ","
    )
    baris = teks.splitlines()
    i = len(baris) // 2
    pemisah = ";" if ";" in baris[i] else ","
    awal, sisa = baris[i].split(pemisah, 1)
    baris[i] = f'{awal}{pemisah}"{sisa}'
    berkas.write_text("\n".join(baris) + "\n", "utf-8")
    _tolak(
        cli,
        tmp_path,
        pembaca,
        berkas,
        f"{berkas.name}, baris {i + 1}, kolom 'B': tanda kutip "
        f'(") yang dibuka di baris {i + 1} tidak ditutup dengan benar, sehingga baris '
        f"{i + 1}–{len(baris)} terbaca sebagai satu sel.",
    )


def test_quoted_cell_followed_by_text_is_refused(cli, tmp_path):
    pembaca = PEMBACA["evaluator"]
    berkas = pembaca.siapkan_csv(tmp_path)
    berkas.write_text(_teks(berkas).replace("6306,Hulu", '6306,"Hulu'), "utf-8")
    _tolak(
        cli,
        tmp_path,
        pembaca,
        berkas,
        "contoh_evaluator_6300_2024.csv, baris 8: tanda kutip "
        '(") di baris 8 tidak seimbang: sel berkutip diikuti teks lain sebelum pemisah. Periksa '
        'tanda kutip di baris itu (kutip di dalam sel ditulis dua kali: "").',
    )


def test_quoted_separators_do_not_fool_the_delimiter_detection(cli, tmp_path):
    teks = _teks(BPS_CSV).splitlines()
    teks[0] = '"Persentase Penduduk Miskin (P0); Kalimantan Selatan; 2021; 2022; 2023, 2024"'
    berkas = tmp_path / "p0_judul_berkutip.csv"
    berkas.write_text("\n".join(teks) + "\n", "utf-8")
    hasil = cli("data", "cek", berkas)
    assert hasil.exit_code == 0, hasil.output
    assert "Nilai sama dengan data yang ada: 70" in hasil.output


@pytest.mark.parametrize(
    "nama_pembaca,ubah,pesan",
    [
        (
            "evaluator",
            lambda t: t.replace("6303,Banjar,2024,ya,ya,A,95,", "6303,Banjar,2024,ya,ya,A,95,5,"),
            (
                "contoh_evaluator_6300_2024.csv, baris 5, kolom 'J': baris 5 berisi 10 sel, padahal "
                "baris judul hanya 9 kolom; sel lebih 'CONTOH — data fiktif untuk demonstrasi, bukan "
                "penilaian resmi' di kolom J. Kemungkinan ada koma desimal tanpa tanda kutip (mis. "
                '85,5) di berkas yang dipisah koma; beri tanda kutip ("85,5"), tulis 85.5, atau '
                "simpan dengan pemisah titik koma."
            ),
        ),
        (
            "data",
            lambda t: (
                "Persentase Penduduk Miskin (Persen)\nKabupaten/Kota,2023,2024\nBanjar,2,44,2,36\n"
            ),
            (
                "bps_p0_kalsel_2021_2025.csv, baris 3, kolom 'D': baris 3 berisi 5 sel, padahal baris "
                "judul hanya 3 kolom; sel lebih '2' di kolom D."
            ),
        ),
    ],
    ids=["evaluator", "data"],
)
def test_unquoted_decimal_comma_that_shifts_columns(cli, tmp_path, nama_pembaca, ubah, pesan):
    pembaca = PEMBACA[nama_pembaca]
    berkas = pembaca.siapkan_csv(tmp_path)
    berkas.write_text(ubah(_teks(berkas)), "utf-8")
    _tolak(cli, tmp_path, pembaca, berkas, pesan, kode=1)


def test_thousands_separators_and_percent_signs_are_reported_or_refused(cli, tmp_path):
    gk = tmp_path / "gk.csv"
    gk.write_text(
        "Garis Kemiskinan (Rupiah/Kapita/Bulan)\nKabupaten/Kota;2024\nBanjar;589.165\n", "utf-8"
    )
    hasil = cli("data", "cek", gk)
    assert hasil.exit_code == 0, hasil.output
    assert (
        "Info: gk.csv: 1 sel memakai pemisah ribuan dan dibaca sebagai bilangan utuh (mis. "
        "'589.165' dibaca 589165); bila titik/koma itu tanda desimal, tentukan dengan --desimal."
    ) in hasil.output
    rapi = tmp_path / "rapi.csv"
    rapi.write_text(
        'kode_wilayah,tahun,indikator,nilai,kualitas\n6303,2024,p0,"2,36%",A\n', "utf-8"
    )
    hasil = cli("data", "cek", rapi)
    assert hasil.exit_code == 0, hasil.output
    assert "Nilai sama dengan data yang ada: 1" in hasil.output
    assert (
        "Info: rapi.csv: 1 sel memakai tanda % dan dibaca sebagai persen tanpa tanda itu (mis. "
        "'2,36%' dibaca 2,36)."
    ) in hasil.output
    rapi.write_text(
        "kode_wilayah,tahun,indikator,nilai,kualitas\n6303,2024,jumlah_penduduk_miskin,15%,A\n",
        "utf-8",
    )
    keluaran = _jalankan_tanpa_tulis(cli, tmp_path, ["data", "impor", rapi])
    assert (
        "rapi.csv, baris 2, kolom 'nilai': nilai '15%' memakai tanda %, padahal satuan kolom ini "
        "bukan persen."
    ) in keluaran


def test_percent_sign_in_evaluator_only_for_percentages(cli, tmp_path):
    berkas = PEMBACA["evaluator"].siapkan_csv(tmp_path)
    teks = _teks(berkas).replace(
        "6303,Banjar,2024,ya,ya,A,95,4,", "6303,Banjar,2024,ya,ya,A,95%,4,"
    )
    berkas.write_text(teks, "utf-8")
    hasil = cli(*PEMBACA["evaluator"].perintah(berkas))
    assert hasil.exit_code == 0, hasil.output
    assert (
        "contoh_evaluator_6300_2024.csv: 1 sel bertanda atau berformat persen dibaca sebagai "
        "persen tanpa tanda itu (mis. baris 5, kelengkapan_laporan: '95%')"
    ) in hasil.output
    berkas.write_text(teks.replace("A,95%,4,", "A,95,4%,"), "utf-8")
    _tolak(
        cli,
        tmp_path,
        PEMBACA["evaluator"],
        berkas,
        "contoh_evaluator_6300_2024.csv, baris 5, "
        "kolom 'jumlah_rakor (H)': Jumlah rapat koordinasi TKPK dalam setahun: nilai '4%' "
        "bertanda/berformat persen, padahal satuannya 'kali/tahun'; tulis angkanya saja",
        1,
    )


# ------------------------------------------------------------------------------ headers
def test_footnoted_years_are_read_and_recorded(cli, tmp_path):
    berkas = tmp_path / "p0_catatan.csv"
    berkas.write_text(
        _teks(BPS_CSV).replace(";2021;2022;2023;2024;2025", ";2021;2022;2023*);2024**);2025"),
        "utf-8",
    )
    hasil = cli("data", "cek", berkas)
    assert hasil.exit_code == 0, hasil.output
    assert "Nilai sama dengan data yang ada: 70" in hasil.output
    assert (
        "Info: p0_catatan.csv: judul tahun bertanda catatan kaki dibaca sebagai tahun: '2023*)' "
        "(D) → 2023, '2024**)' (E) → 2024; tandanya dicatat pada setiap nilai kolom itu."
    ) in hasil.output
    from analisis.data.impor import baca_berkas

    t = baca_berkas(berkas).tabel
    catatan = t[(t["kode_wilayah"] == "6303") & (t["tahun"] == 2024)]["catatan"].item()
    assert catatan == "tahun bertanda catatan kaki '**)' di sumber"


def test_a_non_year_header_is_refused_naming_the_column(cli, tmp_path):
    berkas = tmp_path / "p0_20x3.csv"
    berkas.write_text(_teks(BPS_CSV).replace(";2021;2022;2023;", ";2021;2022;20x3;"), "utf-8")
    keluaran = _jalankan_tanpa_tulis(cli, tmp_path, ["data", "impor", berkas])
    assert (
        "p0_20x3.csv, baris 4, kolom '20x3 (D)': judul kolom '20x3' bukan tahun yang sah; tulis "
        "tahun 4 angka (mis. 2023), boleh dengan tanda catatan kaki seperti 2023*)."
    ) in keluaran


def test_march_and_september_columns_need_a_period_sub_header(cli, tmp_path):
    berkas = tmp_path / "p0_semester.csv"
    berkas.write_text(
        "Persentase Penduduk Miskin (Persen)\nKabupaten/Kota;2023;2023;2024\n"
        "Banjar;2,44;2,40;2,36\n",
        "utf-8",
    )
    keluaran = _jalankan_tanpa_tulis(cli, tmp_path, ["data", "impor", berkas])
    assert (
        "p0_semester.csv, baris 2, kolom '2023 (C)': tahun 2023 untuk p0 (Maret) muncul di 2 "
        "kolom: 2023 (B), 2023 (C). Bila kolom itu angka Maret dan September, tambahkan baris "
        "sub-judul 'Maret' dan 'September' di bawah baris tahun; bila salah satunya keliru, hapus."
    ) in keluaran
    berkas.write_text(
        "Persentase Penduduk Miskin (Persen)\nKabupaten/Kota;2023;2023;2024\n"
        ";Semester 1 (Maret);Semester 2 (September);Semester 1 (Maret)\nBanjar;2,44;2,40;2,36\n",
        "utf-8",
    )
    hasil = cli("data", "cek", berkas)
    assert hasil.exit_code == 0, hasil.output
    assert "Nilai baru akan ditambahkan: 1" in hasil.output  # September 2023 is new
    assert "Nilai sama dengan data yang ada: 2" in hasil.output


# ------------------------------------------------------------------------------ BPS long format
def test_bps_dynamic_table_export_imports_like_the_wide_table(cli, penyimpanan):
    from analisis.data.impor import baca_berkas

    kolom = ["kode_wilayah", "tahun", "periode", "indikator", "nilai", "satuan"]
    lebar = baca_berkas(BPS_CSV).tabel[kolom].sort_values(kolom).reset_index(drop=True)
    panjang = baca_berkas(IMPOR / "bps_p0_kalsel_dinamis_panjang.csv").tabel[kolom]
    assert panjang.sort_values(kolom).reset_index(drop=True).equals(lebar)
    hasil = cli("data", "impor", IMPOR / "bps_p0_kalsel_dinamis_panjang.csv")
    assert hasil.exit_code == 0, hasil.output
    assert "Nilai sama dengan data yang ada: 70" in hasil.output


def test_bps_dynamic_table_breakdowns_and_bad_rows(cli, tmp_path):
    teks = _teks(IMPOR / "bps_p0_kalsel_dinamis_panjang.csv")
    tambahan = (
        "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen);Perkotaan;2024;Tahun;"
        "1.90;Banjar\n"
    )
    berkas = tmp_path / "dinamis.csv"
    berkas.write_text(teks + tambahan, "utf-8")
    hasil = cli("data", "cek", berkas)
    assert hasil.exit_code == 0, hasil.output
    assert (
        "Info: dinamis.csv: 1 nilai rincian (nama_variabel_turunan selain total, mis. "
        "Perkotaan/Perdesaan) dilewati; hanya total yang diimpor."
    ) in hasil.output
    berkas.write_text(teks.replace(";2024;Tahun;2.36;Banjar", ";2024;Tahun;dua;Banjar"), "utf-8")
    keluaran = _jalankan_tanpa_tulis(cli, tmp_path, ["data", "impor", berkas])
    assert (
        "dinamis.csv, baris 15, kolom 'data_content': 'dua' bukan angka yang dapat dibaca; "
        "diharapkan angka atau tanda kosong (-, …, NA)."
    ) in keluaran


# ------------------------------------------------------------------------------ spreadsheet features
def _ubah_xlsx(asli: Path, tujuan: Path, lembar: str, ubah: Callable) -> Path:
    wb = load_workbook(asli)
    ubah(wb[lembar], wb)
    wb.save(tujuan)
    return tujuan


SEL_DATA = {  # (sheet, cell with a value in a data row, its column name in messages)
    "data": ("Kemiskinan Kaltim", "D6", "Persentase Penduduk Miskin (Persen) 2024 (D)"),
    "anggaran": ("Anggaran", "K3", "Pagu (Rp)"),
    "evaluator": ("Penilaian", "G5", "kelengkapan_laporan (G)"),
}


@pytest.mark.parametrize("nama_pembaca", PEMBACA)
def test_formula_without_a_stored_value(cli, tmp_path, nama_pembaca):
    pembaca = PEMBACA[nama_pembaca]
    lembar, sel, kolom = SEL_DATA[nama_pembaca]

    def ubah(ws, wb):
        ws[sel] = "=1+1"

    berkas = _ubah_xlsx(pembaca.xlsx, tmp_path / "rumus.xlsx", lembar, ubah)
    baris = int(sel[1:])
    _tolak(
        cli,
        tmp_path,
        pembaca,
        berkas,
        f"rumus.xlsx, lembar '{lembar}', baris {baris}, kolom "
        f"'{kolom}': sel berisi rumus =1+1 tanpa nilai tersimpan; simpan ulang berkas di Excel "
        "(atau LibreOffice) agar nilainya tersimpan, atau ketik nilainya.",
        1,
    )


@pytest.mark.parametrize("nama_pembaca", PEMBACA)
def test_merged_cells_over_data_rows(cli, tmp_path, nama_pembaca):
    pembaca = PEMBACA[nama_pembaca]
    lembar, sel, kolom = SEL_DATA[nama_pembaca]
    huruf, baris = sel[0], int(sel[1:])
    rentang = f"{huruf}{baris}:{huruf}{baris + 2}"

    def ubah(ws, wb):
        ws.merge_cells(rentang)

    berkas = _ubah_xlsx(pembaca.xlsx, tmp_path / "gabung.xlsx", lembar, ubah)
    _tolak(
        cli,
        tmp_path,
        pembaca,
        berkas,
        f"gabung.xlsx, lembar '{lembar}', baris {baris}, kolom "
        f"'{kolom}': sel {rentang} digabung (merge) di atas baris data: hanya sel pertamanya "
        "berisi nilai, sel lain akan terbaca kosong. Batalkan penggabungan (unmerge) lalu isi "
        "setiap sel.",
        1,
    )


@pytest.mark.parametrize("nama_pembaca", PEMBACA)
def test_hidden_rows_with_data(cli, tmp_path, nama_pembaca):
    pembaca = PEMBACA[nama_pembaca]
    lembar, sel, _ = SEL_DATA[nama_pembaca]
    baris = int(sel[1:])

    def ubah(ws, wb):
        ws.row_dimensions[baris].hidden = True

    berkas = _ubah_xlsx(pembaca.xlsx, tmp_path / "sembunyi.xlsx", lembar, ubah)
    _tolak(
        cli,
        tmp_path,
        pembaca,
        berkas,
        f"sembunyi.xlsx, lembar '{lembar}', baris {baris}: "
        f"baris {baris} tersembunyi (hidden) tetapi berisi data; tampilkan (unhide) baris itu "
        "untuk memeriksanya, atau hapus bila tidak dipakai.",
        1,
    )


def test_hidden_sheets(cli, tmp_path):
    def sembunyikan(ws, wb):
        ws.sheet_state = "hidden"

    berkas = _ubah_xlsx(BPS_XLSX, tmp_path / "lembar.xlsx", "GK Kalbar", sembunyikan)
    keluaran = _jalankan_tanpa_tulis(cli, tmp_path, ["data", "impor", berkas])
    assert (
        "lembar.xlsx, lembar 'GK Kalbar': lembar 'GK Kalbar' tersembunyi (hidden); isinya tidak "
        "dibaca diam-diam. Tampilkan lembar itu bila datanya dipakai, atau hapus. Atau pilih "
        "lembar yang dibaca dengan --lembar."
    ) in keluaran
    hasil = cli("data", "cek", "--lembar", "GK Kalbar", berkas)
    assert hasil.exit_code == 0 and "Nilai sama dengan data yang ada: 28" in hasil.output
    # A budget workbook's hidden data sheet is read and said so (its own "Daftar" is hidden too).
    angg = _ubah_xlsx(ANGGARAN_XLSX, tmp_path / "a.xlsx", "Ringkasan", sembunyikan)
    hasil = cli("anggaran", "cek", angg)
    assert hasil.exit_code == 0, hasil.output
    assert (
        "a.xlsx, lembar 'Ringkasan': lembar 'Ringkasan' tersembunyi (hidden) di Excel; isinya "
        "tetap dibaca. Tampilkan lembar itu untuk memeriksa isinya."
    ) in hasil.output


def test_numbers_stored_as_text_and_text_stored_as_numbers(cli, tmp_path):
    from analisis.data.impor import baca_berkas

    asli = baca_berkas(BPS_XLSX).tabel

    def teks(ws, wb):
        ws["D6"] = str(ws["D6"].value).replace(".", ",")  # a number typed as text

    berkas = _ubah_xlsx(BPS_XLSX, tmp_path / "teks.xlsx", "Kemiskinan Kaltim", teks)
    hasil = cli("data", "cek", berkas)
    assert hasil.exit_code == 0 and "Nilai sama dengan data yang ada: 72" in hasil.output
    assert baca_berkas(berkas).tabel["nilai"].tolist() == asli["nilai"].tolist()

    def persen(ws, wb):
        ws["D6"] = ws["D6"].value / 100
        ws["D6"].number_format = "0.00%"

    berkas = _ubah_xlsx(BPS_XLSX, tmp_path / "persen.xlsx", "Kemiskinan Kaltim", persen)
    hasil = cli("data", "cek", berkas)
    assert hasil.exit_code == 0 and "Nilai sama dengan data yang ada: 72" in hasil.output
    assert "adalah sel berformat persen di Excel dan dibaca sebagai persen (dikali 100)" in (
        hasil.output
    )

    def kode_angka(ws, wb):  # region codes stored as numbers are fine, sub-activity codes not
        ws["A2"] = 6303
        ws["H2"] = 1.02

    berkas = _ubah_xlsx(ANGGARAN_XLSX, tmp_path / "kode.xlsx", "Anggaran", kode_angka)
    keluaran = _jalankan_tanpa_tulis(cli, tmp_path, ["anggaran", "cek", berkas])
    assert (
        "kode.xlsx, lembar 'Anggaran', baris 2, kolom 'Kode sub-kegiatan': kode tersimpan sebagai "
        "angka (1.02) sehingga titik/nol bisa hilang; format kolom sebagai teks lalu ketik ulang "
        "kodenya"
    ) in keluaran
    assert "Kode wilayah (BPS)" not in keluaran


# ------------------------------------------------------------------------------ JSON
def _respons() -> dict:
    return json.loads(WEBAPI.read_text("utf-8"))


@pytest.mark.parametrize(
    "ubah,pesan",
    [
        (
            lambda r: r.update(vervar={"val": 6303, "label": "Banjar"}),
            (
                "r.json, kolom 'vervar': struktur respons WebAPI tidak sesuai: harus berupa daftar, "
                "tertulis {'val': 6303, 'label': 'Banjar'}"
            ),
        ),
        (
            lambda r: r.update(var=["103"]),
            (
                "r.json, kolom 'var[0]': struktur respons WebAPI tidak sesuai: harus berupa pemetaan "
                "kunci: nilai, tertulis '103'"
            ),
        ),
        (
            lambda r: r.update(datacontent=[4.57, 3.86]),
            (
                "r.json, kolom 'datacontent': struktur respons WebAPI tidak sesuai: harus berupa "
                "pemetaan kunci: nilai, tertulis [4.57, 3.86]"
            ),
        ),
        (
            lambda r: r["vervar"][2].update(val=True),
            (
                "r.json, kolom 'vervar[2].val': struktur respons WebAPI tidak sesuai: harus berupa "
                "angka atau teks, tertulis True"
            ),
        ),
        (
            lambda r: r["datacontent"].update({"630310301240": True}),
            "r.json, kolom 'datacontent[630310301240]': nilai true (logika) bukan angka.",
        ),
        (
            lambda r: r["datacontent"].update({"630310301240": "dua koma tiga"}),
            (
                "r.json, kolom 'datacontent[630310301240]': nilai 'dua koma tiga' bukan angka; WebAPI "
                "menulis angka tanpa tanda kutip, mis. 2.36."
            ),
        ),
        (
            lambda r: r["datacontent"].update({"630310301240": {"nilai": 2.36}}),
            (
                "r.json, kolom 'datacontent[630310301240]': nilai bersarang (objek/daftar), bukan "
                "angka."
            ),
        ),
    ],
    ids=[
        "vervar_objek",
        "var_teks",
        "datacontent_daftar",
        "val_logika",
        "nilai_true",
        "nilai_teks",
        "nilai_bersarang",
    ],
)
def test_json_shape_and_value_types(cli, tmp_path, penyimpanan, ubah, pesan):
    r = _respons()
    ubah(r)
    (tmp_path / "r.json").write_text(json.dumps(r), "utf-8")
    _tolak(cli, tmp_path, PEMBACA["data"], tmp_path / "r.json", pesan, 1)
    assert not (penyimpanan / "data_impor.parquet").exists()


def test_json_numbers_as_text_are_read_and_reported(cli, tmp_path):
    r = _respons()
    r["datacontent"]["630310301240"] = "2.36"
    (tmp_path / "r.json").write_text(json.dumps(r), "utf-8")
    hasil = cli("data", "cek", tmp_path / "r.json")
    assert hasil.exit_code == 0 and "Nilai sama dengan data yang ada: 56" in hasil.output
    assert 'Info: r.json: 1 nilai ditulis sebagai teks dan dibaca sebagai angka (mis. "2.36").' in (
        hasil.output
    )


@pytest.mark.parametrize(
    "isi,pesan",
    [
        (
            '{"a": ' + "[" * 5000 + "]" * 5000 + "}",
            (
                "r.json: JSON bersarang terlalu dalam (5001 "
                "tingkat; batas 64); bukan respons WebAPI BPS."
            ),
        ),
        (
            '{"datacontent": {"k": NaN}}',
            "r.json: nilai 'NaN' bukan angka JSON yang sah (JSON tidak mengenal NaN).",
        ),
        (
            '{"status": "OK", "var": [',
            "r.json, baris 1: bukan JSON yang sah (Expecting value, posisi 26).",
        ),
    ],
    ids=["sangat_dalam", "nan", "terpotong"],
)
def test_deep_or_invalid_json_is_refused(cli, tmp_path, isi, pesan):
    (tmp_path / "r.json").write_text(isi, "utf-8")
    _tolak(cli, tmp_path, PEMBACA["data"], tmp_path / "r.json", pesan, 3)


def test_json_read_through_io_is_never_a_traceback(cli, tmp_path):
    """A directory or unreadable path named .json is reported, not raised."""
    (tmp_path / "folder.json").mkdir()
    _tolak(
        cli,
        tmp_path,
        PEMBACA["data"],
        tmp_path / "folder.json",
        "folder.json: ini folder, bukan berkas; sebutkan berkas di dalamnya.",
        3,
    )
