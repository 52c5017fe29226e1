"""Malformed inputs through the CLI: each names the problem and where, exits non-zero,
and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

TIDY = "kode_wilayah,tahun,indikator,nilai,kualitas\n"
JUDUL_P0 = "Persentase Penduduk Miskin Menurut Kabupaten/Kota (Persen)\nKabupaten/Kota,2023,2024\n"


def _xlsx_lembar_salah(p: Path) -> None:
    wb = Workbook()
    wb.active.title = "Data"
    wb.active.append(["Kabupaten/Kota", 2024])
    wb.save(p)


KASUS = [
    # (id, file name, content, extra args, exit code, expected texts)
    (
        "wilayah_tidak_dikenal",
        "p0.csv",
        JUDUL_P0 + "Banjr,2.44,2.36\n",
        [],
        1,
        [
            "p0.csv, baris 3, kolom 'Kabupaten/Kota (A)': nama wilayah 'Banjr' tidak dikenal. Mungkin maksud Anda: Banjar (6303)"
        ],
    ),
    (
        "kode_tidak_dikenal",
        "t.csv",
        TIDY + "6399,2024,p0,2.36,A\n",
        [],
        1,
        ["t.csv, baris 2, kolom 'nilai': kode wilayah '6399' tidak dikenal"],
    ),
    (
        "tahun_di_luar_rentang",
        "t.csv",
        TIDY + "6303,1985,p0,2.36,A\n",
        [],
        1,
        ["t.csv, baris 2, kolom 'nilai': tahun 1985 di luar rentang; diharapkan 2000–"],
    ),
    (
        "bukan_angka",
        "p0.csv",
        JUDUL_P0 + "Banjar,2.44,2.3x\n",
        [],
        1,
        ["p0.csv, baris 3, kolom '2024 (C)': '2.3x' bukan angka yang dapat dibaca"],
    ),
    (
        "p0_lebih_100",
        "t.csv",
        TIDY + "6303,2024,p0,123.6,A\n",
        [],
        1,
        [
            "t.csv, baris 2, kolom 'nilai': nilai 123,6 untuk p0 di luar rentang yang mungkin (0–100 persen)"
        ],
    ),
    (
        "p1_melebihi_p0",
        "t.csv",
        TIDY + "6303,2024,p0,2.36,A\n6303,2024,p1,2.50,A\n",
        [],
        1,
        ["P1 (2,5) lebih besar dari P0 (2,36) untuk wilayah 6303 tahun 2024"],
    ),
    (
        "p1_melebihi_p0_yang_ada",
        "t.csv",
        TIDY + "6303,2024,p1,2.50,A\n",
        [],
        1,
        [
            "t.csv, baris 2, kolom 'nilai': P1 (2,5) lebih besar dari P0 (2,36) untuk wilayah 6303 tahun 2024"
        ],
    ),
    (
        "p2_melebihi_p1",
        "t.csv",
        TIDY + "6303,2024,p1,0.30,A\n6303,2024,p2,0.45,A\n",
        [],
        1,
        ["P2 (0,45) lebih besar dari P1 (0,3) untuk wilayah 6303 tahun 2024"],
    ),
    (
        "jumlah_negatif",
        "t.csv",
        TIDY + "6303,2024,jumlah_penduduk_miskin,-15.2,A\n",
        [],
        1,
        ["nilai −15,2 untuk jumlah_penduduk_miskin tidak boleh negatif"],
    ),
    (
        "gk_salah_desimal",
        "gk.csv",
        "Garis Kemiskinan (Rupiah/Kapita/Bulan)\nKabupaten/Kota,2024\nBanjar,589.165\nTapin,601.2\n",
        [],
        1,
        ["nilai 589,165 untuk garis_kemiskinan di luar rentang", "Periksa pemisah desimal"],
    ),
    (
        "duplikat_berbeda",
        "t.csv",
        TIDY + "6303,2024,p0,2.36,A\n6303,2024,p0,2.46,A\n",
        [],
        1,
        [
            "t.csv, baris 2, kolom 'nilai': sel p0 6303 2024 (Maret) muncul lebih dari sekali dengan nilai berbeda (2,36, 2,46); juga di: t.csv, baris 3"
        ],
    ),
    (
        "indikator_tidak_dikenal",
        "t.csv",
        TIDY + "6303,2024,p00,2.36,A\n",
        [],
        1,
        ["indikator 'p00' tidak dikenal", "Mungkin maksud Anda: p0"],
    ),
    (
        "satuan_tidak_cocok",
        "t.csv",
        "kode_wilayah,tahun,indikator,nilai,satuan,kualitas\n6303,2024,p0,2.36,jiwa,A\n",
        [],
        1,
        ["satuan 'jiwa' tidak cocok untuk p0; diharapkan 'persen'"],
    ),
    (
        "satuan_kepala_tidak_cocok",
        "p0.csv",
        "Persentase Penduduk Miskin (Rupiah)\nKabupaten/Kota,2024\nBanjar,2.36\n",
        [],
        1,
        ["satuan 'rupiah' pada kepala tabel tidak cocok untuk p0; diharapkan 'persen'"],
    ),
    (
        "kolom_wajib_tidak_ada",
        "t.csv",
        "kode_wilayah,indikator,nilai,kualitas\n6303,p0,2.36,A\n",
        [],
        1,
        ["t.csv, baris 1: kolom wajib tidak ada: tahun"],
    ),
    (
        "kualitas_tidak_ada",
        "t.csv",
        "kode_wilayah,tahun,indikator,nilai\n6303,2024,p0,2.36\n",
        [],
        1,
        ["kolom 'kualitas' tidak ada; tambahkan kolom itu (A, B atau C) atau beri opsi --kualitas"],
    ),
    (
        "kualitas_tidak_dikenal",
        "t.csv",
        TIDY + "6303,2024,p0,2.36,D\n",
        [],
        1,
        ["mutu 'D' tidak dikenal; diharapkan A, B, atau C"],
    ),
    (
        "periode_tidak_dikenal",
        "t.csv",
        "kode_wilayah,tahun,indikator,nilai,periode,kualitas\n6303,2024,p0,2.36,Juni,A\n",
        [],
        1,
        ["periode 'Juni' tidak dikenal"],
    ),
    (
        "indikator_tidak_dikenali",
        "tabel.csv",
        "Kabupaten/Kota,2023,2024\nBanjar,2.44,2.36\n",
        [],
        1,
        ["indikator kolom ini tidak dikenali dari judul/kepala tabel; tentukan dengan --indikator"],
    ),
    (
        "desimal_campuran",
        "p0.csv",
        JUDUL_P0 + 'Banjar,"2,44",2.36\n',
        [],
        1,
        ["berkas mencampur koma dan titik sebagai pemisah desimal"],
    ),
    (
        "tahun_tidak_ditemukan",
        "p0.csv",
        "Persentase Penduduk Miskin\nKabupaten/Kota,Nilai\nBanjar,2.36\n",
        [],
        1,
        ["baris tahun tidak ditemukan"],
    ),
    (
        "json_rusak",
        "r.json",
        '{"status": "OK", "var": [',
        [],
        3,
        ["r.json, baris 1: bukan JSON yang sah"],
    ),
    (
        "webapi_status",
        "r.json",
        json.dumps({"status": "Error", "message": "Invalid key"}),
        [],
        1,
        ["respons WebAPI berstatus 'Error': Invalid key"],
    ),
    ("berkas_tidak_ada", None, None, [], 3, ["Berkas tidak ditemukan"]),
    (
        "lembar_tidak_ada",
        "x.xlsx",
        _xlsx_lembar_salah,
        ["--lembar", "P0"],
        3,
        ["x.xlsx: lembar 'P0' tidak ada; lembar yang ada: 'Data'"],
    ),
    ("format_tidak_dikenal", "x.pdf", "%PDF", [], 3, ["jenis berkas '.pdf' tidak dikenal"]),
]


@pytest.mark.parametrize("kasus", KASUS, ids=[k[0] for k in KASUS])
def test_malformed_input_is_rejected_precisely(cli, tmp_path, penyimpanan, kasus):
    _id, nama, isi, argumen, kode, harapan = kasus
    if nama is None:
        berkas = tmp_path / "tidak_ada.csv"
    else:
        berkas = tmp_path / nama
        if callable(isi):
            isi(berkas)
        else:
            berkas.write_text(isi, "utf-8")
    for perintah in ("cek", "impor"):
        hasil = cli("data", perintah, *argumen, berkas)
        assert hasil.exit_code == kode, hasil.output
        for teks in harapan:
            assert teks in hasil.output, f"{teks!r} tidak ada di:\n{hasil.output}"
    # Nothing was written: no store file, no partial output.
    assert not (penyimpanan / "data_impor.parquet").exists()
    assert not any(penyimpanan.glob("*.tmp")) if penyimpanan.exists() else True


def test_all_problems_of_a_file_are_reported_at_once(cli, tmp_path, penyimpanan):
    berkas = tmp_path / "banyak.csv"
    berkas.write_text(
        TIDY + "6399,2024,p0,2.36,A\n6303,1985,p0,2.36,A\n6303,2024,p0,123,A\n6303,2024,p00,1,A\n",
        "utf-8",
    )
    hasil = cli("data", "impor", berkas)
    assert hasil.exit_code == 1
    assert "Data tidak valid: 4 masalah ditemukan; tidak ada yang disimpan." in hasil.output
    for b in (2, 3, 4, 5):
        assert f"banyak.csv, baris {b}" in hasil.output


def test_one_bad_file_blocks_the_whole_import(cli, tmp_path, penyimpanan):
    from conftest import FOLDER_DATA_UJI

    baik = FOLDER_DATA_UJI / "impor" / "bps_p0_kalsel_2021_2025.csv"
    buruk = tmp_path / "buruk.csv"
    buruk.write_text(TIDY + "6303,2024,p0,-1,A\n", "utf-8")
    hasil = cli("data", "impor", baik, buruk)
    assert hasil.exit_code == 1
    assert not (penyimpanan / "data_impor.parquet").exists()


def test_usage_error_exit_code_and_indonesian_message(cli_proses):
    hasil = cli_proses("data", "impor")
    assert hasil.returncode == 2
    assert "Penggunaan: analisis data impor [OPSI] BERKAS..." in hasil.stderr
    assert (
        "Argumen tidak diberikan 'BERKAS...'" in hasil.stderr
        or "Argumen tidak diberikan" in hasil.stderr
    )
