"""``anggaran`` click group: templat, cek, contoh (Indonesian output, exit codes)."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from analisis.anggaran.cli import anggaran
from analisis.anggaran.contoh import NAMA_CONTOH_BANJAR, NAMA_CONTOH_KALSEL, berkas_contoh

DATA = Path(__file__).parent / "data" / "anggaran"


def _jalan(*args: str):
    return CliRunner().invoke(anggaran, list(args))


def test_grup_bernama_anggaran():
    assert isinstance(anggaran, click.Group)
    assert anggaran.name == "anggaran"
    assert set(anggaran.commands) == {"templat", "cek", "contoh"}


def test_bantuan_berbahasa_indonesia():
    h = _jalan("--help")
    assert h.exit_code == 0
    assert "Anggaran penanggulangan kemiskinan" in h.output
    assert "Tampilkan bantuan ini lalu keluar." in h.output
    t = _jalan("templat", "--help").output
    assert "Kode wilayah BPS kabupaten/kota" in t and "Tahun anggaran" in t


def test_templat_menulis_xlsx_dan_csv(tmp_path):
    h = _jalan("templat", "--wilayah", "6303", "--tahun", "2024", "--keluaran", str(tmp_path))
    assert h.exit_code == 0, h.output
    nama = sorted(p.name for p in tmp_path.iterdir())
    assert nama == [
        "templat_anggaran_6303_2024.csv",
        "templat_anggaran_6303_2024.xlsx",
        "templat_rat_6303_2024.csv",
        "templat_ringkasan_6303_2024.csv",
    ]
    assert "Templat ditulis" in h.output
    # A second run refuses to overwrite a possibly filled template.
    h2 = _jalan(
        "templat",
        "--wilayah",
        "6303",
        "--tahun",
        "2024",
        "--keluaran",
        str(tmp_path),
        "--format",
        "csv",
    )
    assert h2.exit_code == 1
    assert "tidak ditimpa" in h2.output
    assert (
        _jalan(
            "templat",
            "--wilayah",
            "6303",
            "--tahun",
            "2024",
            "--keluaran",
            str(tmp_path),
            "--format",
            "csv",
            "--timpa",
        ).exit_code
        == 0
    )


def test_templat_argumen_salah(tmp_path):
    h = _jalan("templat", "--wilayah", "Banjar", "--tahun", "2024", "--keluaran", str(tmp_path))
    assert h.exit_code == 1
    assert "bukan kode wilayah BPS" in h.output and "6303" in h.output
    h = _jalan("templat", "--wilayah", "6303", "--tahun", "1990", "--keluaran", str(tmp_path))
    assert h.exit_code == 1 and "di luar rentang" in h.output
    h = _jalan("templat", "--keluaran", str(tmp_path))
    assert h.exit_code == 1 and "--wilayah dan --tahun wajib diisi" in h.output
    assert list(tmp_path.iterdir()) == []


def test_cek_berkas_sah_format_indonesia():
    h = _jalan("cek", str(DATA / "kecil_anggaran_6303_2024.csv"))
    assert h.exit_code == 0, h.output
    o = h.output
    assert "LOLOS, 0 galat, 0 peringatan" in o
    assert "Banjar (6303), tahun 2024" in o
    assert "pagu Rp100.000.000.000" in o
    assert "Rp2.000.000.000.000; porsi anggaran kemiskinan 5,00 persen" in o
    assert "88,33 persen dari pagu yang telah melapor" in o
    assert "(realisasi dilaporkan 4 dari 5 baris)" in o
    assert "Mengurangi beban pengeluaran" in o and "60,00 persen" in o
    assert "rata-rata capaian 90,00 persen" in o


def test_cek_contoh_banyak_wilayah_ringkas():
    h = _jalan("cek", str(berkas_contoh(NAMA_CONTOH_KALSEL, "xlsx")))
    assert h.exit_code == 0, h.output
    assert "CONTOH — data fiktif untuk demonstrasi" in h.output
    assert "Kota Banjarbaru" in h.output and "Skor penandaan" in h.output
    assert h.output.count("\n63") == 13


def test_cek_contoh_banjar_rinci():
    h = _jalan("cek", str(berkas_contoh(NAMA_CONTOH_BANJAR, "xlsx")), "--wilayah", "6303")
    assert h.exit_code == 0, h.output
    assert "Banjar (6303), tahun 2022" in h.output and "Banjar (6303), tahun 2024" in h.output


def test_cek_berkas_salah_keluar_1_dengan_lokasi():
    h = _jalan("cek", str(DATA / "salah_anggaran_6303_2024.csv"))
    assert h.exit_code == 1
    o = h.output
    assert "8 galat dan 2 peringatan" in o
    assert "baris 3, kolom 'Pagu (Rp)': pagu tidak boleh negatif" in o
    assert "[PERINGATAN] salah_anggaran_6303_2024.csv, baris 4, kolom 'Realisasi (Rp)'" in o


def test_cek_peringatan_didaftar(tmp_path):
    judul = (DATA / "kecil_anggaran_6303_2024.csv").read_text("utf-8").splitlines()
    baris = judul[:2] + [
        judul[1]
        .replace(";36.000.000.000;", ";41.000.000.000;")
        .replace("1.06.04.2.02.0005", "1.06.04.2.02.0006")
    ]
    (tmp_path / "p_anggaran.csv").write_text("\n".join(baris) + "\n", "utf-8")
    (tmp_path / "p_ringkasan.csv").write_bytes(
        (DATA / "kecil_ringkasan_6303_2024.csv").read_bytes()
    )
    h = _jalan("cek", str(tmp_path / "p_anggaran.csv"))
    assert h.exit_code == 0, h.output
    assert "1 peringatan" in h.output
    assert "Peringatan (1):" in h.output and "baris 3, kolom 'Realisasi (Rp)'" in h.output


def test_cek_berkas_tidak_ada():
    h = _jalan("cek", "tidak-ada.xlsx")
    assert h.exit_code == 1 and "berkas tidak ada" in h.output


def test_contoh_menyalin(tmp_path):
    h = _jalan("contoh", "--keluaran", str(tmp_path))
    assert h.exit_code == 0, h.output
    assert len(list(tmp_path.iterdir())) == 8
    assert _jalan("contoh", "--keluaran", str(tmp_path)).exit_code == 1
