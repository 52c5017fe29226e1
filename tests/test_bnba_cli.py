"""``bnba`` CLI end to end (CliRunner): synthetic extract → checks → outputs, with a privacy scan
of everything written except the private worklist."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from analisis.bnba import pindai_privasi
from analisis.bnba.cli import bnba
from analisis.bnba.privasi import POLA_16_DIGIT
from analisis.bnba.sintetis import NAMA_SINTETIS
from test_bnba_cek import KOLOM, orang, tulis_csv


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_bantuan_berbahasa_indonesia(runner):
    r = runner.invoke(bnba, ["--help"])
    assert (
        r.exit_code == 0 and "Data BNBA" in r.output and "contoh" in r.output and "cek" in r.output
    )
    r = runner.invoke(bnba, ["cek", "--help"])
    assert "RAHASIA" in r.output and "--wilayah" in r.output


def test_contoh_lalu_cek_dan_pindai_privasi(runner, tmp_path):
    data = tmp_path / "data"
    r = runner.invoke(
        bnba,
        [
            "contoh",
            "--wilayah",
            "6303",
            "--jumlah",
            "6000",
            "--keluaran",
            str(data),
            "--seed",
            "3",
            "--format",
            "csv",
            "--tanggal-acuan",
            "2025-06-30",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "Data SINTETIS Banjar" in r.output
    berkas = data / "BNBA_SINTETIS_6303_6000.csv"
    assert berkas.is_file()

    keluar = tmp_path / "keluaran"
    r = runner.invoke(
        bnba,
        [
            "cek",
            str(berkas),
            "--wilayah",
            "6303",
            "--keluaran",
            str(keluar),
            "--tanggal-acuan",
            "2025-06-30",
            "--rse",
            "15",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "Pemeriksaan BNBA: Banjar" in r.output and "DATA SINTETIS" in r.output
    assert "galat inklusi" in r.output and "mengukur hal yang berbeda" in r.output
    # the terminal summary holds aggregates only
    assert not POLA_16_DIGIT.search(r.output)
    assert not any(n in r.output for n in NAMA_SINTETIS)

    rahasia = keluar / "RAHASIA" / "DAFTAR_KERJA_RAHASIA_6303.xlsx"
    assert rahasia.is_file()
    assert (keluar / "publik" / "ringkasan_publik.json").is_file()
    assert (keluar / "publik" / "indikator_kualitas.csv").is_file()
    assert (keluar / "ringkasan_cek.txt").is_file()
    # everything written except the private worklist: zero 16-digit numbers, zero synthetic names
    assert pindai_privasi(keluar, NAMA_SINTETIS, kecuali=[rahasia]) == []
    # …while the worklist really does hold NIKs and names (so the scan would catch a leak)
    jenis = {t.jenis for t in pindai_privasi(rahasia, NAMA_SINTETIS)}
    assert jenis == {"angka_16_digit", "nama"}
    # UU PDP records next to the private outputs: which file (hash), when, which checks, which
    # outputs; a DPIA draft (Pasal 34) and a retention note; none holds personal data
    import hashlib
    import json

    folder_rahasia = keluar / "RAHASIA"
    catatan = json.loads(next(folder_rahasia.glob("CATATAN_PEMROSESAN_*.json")).read_text("utf-8"))
    assert catatan["kegiatan"] == "cek" and catatan["tanggal_acuan"] == ["2025-06-30"]
    assert catatan["waktu_mulai"] <= catatan["waktu_selesai"]
    assert "meninggal tetapi menerima program" in catatan["pemeriksaan"]
    masukan = [b for b in catatan["berkas"] if b["jenis"] == "masukan"]
    assert [b["sha256"] for b in masukan] == [hashlib.sha256(berkas.read_bytes()).hexdigest()]
    keluaran = {Path(b["path"]).name: b["jenis"] for b in catatan["berkas"]}
    assert keluaran["DAFTAR_KERJA_RAHASIA_6303.xlsx"] == "keluaran_rahasia"
    assert keluaran["ringkasan_publik.json"] == "keluaran_publik"
    dpia = next(folder_rahasia.glob("DPIA_DRAF_*.md")).read_text("utf-8")
    assert "Pasal 34" in dpia and "[ ] pencocokan atau penggabungan" in dpia
    assert next(folder_rahasia.glob("CATATAN_RETENSI_*.md")).is_file()
    catatan_semua = [p for p in folder_rahasia.iterdir() if p != rahasia]
    assert len(catatan_semua) == 4 and pindai_privasi(catatan_semua, NAMA_SINTETIS) == []


def test_berkas_tidak_valid_keluar_1_dan_tidak_menulis(runner, tmp_path):
    rek = [
        orang(
            "6303011005800001",
            "6303010101200001",
            "L",
            "1980-05-10",
            "kepala keluarga",
            nama="ORANG RAHASIA",
        )
        for _ in range(4)
    ]
    rek[2]["tanggal_lahir"] = "1980-13-45"
    rek[3]["desil"] = "0"
    berkas = tulis_csv(tmp_path / "rusak.csv", rek)
    keluar = tmp_path / "keluaran"
    r = runner.invoke(bnba, ["cek", str(berkas), "--wilayah", "6303", "--keluaran", str(keluar)])
    assert r.exit_code == 1
    assert "kolom 'tanggal_lahir'" in r.stderr and "Contoh baris: 4" in r.stderr
    assert "kolom 'desil'" in r.stderr and "Contoh baris: 5" in r.stderr
    assert "6303011005800001" not in r.stderr and "ORANG RAHASIA" not in r.stderr
    assert not keluar.exists()


def test_kolom_hilang_dan_wilayah_salah(runner, tmp_path):
    berkas = tulis_csv(
        tmp_path / "a.csv",
        [orang("6303011005800001", "6303010101200001", "L", "1980-05-10", "kepala keluarga")],
        [k for k in KOLOM if k != "kode_desa"],
    )
    r = runner.invoke(
        bnba, ["cek", str(berkas), "--wilayah", "6303", "--keluaran", str(tmp_path / "k")]
    )
    assert r.exit_code == 1 and "kolom wajib 'kode_desa'" in r.stderr
    r = runner.invoke(bnba, ["cek", str(berkas), "--wilayah", "9999"])
    assert r.exit_code == 1 and "tidak dikenal" in r.stderr
    r = runner.invoke(bnba, ["cek", str(Path(tmp_path / "tidak_ada.csv")), "--wilayah", "6303"])
    assert r.exit_code == 1 and "tidak ditemukan" in r.stderr


def test_cek_dengan_kunci_samaran(runner, tmp_path):
    """``--kunci-samaran``: the worklist for desa operators carries salted keys instead of NIK and
    No KK; only the salt's holder can compute the key of a known NIK; the salt stays apart."""
    import pandas as pd

    from analisis.bnba.pseudonim import kunci_samaran

    data = tmp_path / "data"
    r = runner.invoke(
        bnba,
        ["contoh", "--wilayah", "6303", "--jumlah", "3000", "--keluaran", str(data)]
        + ["--format", "csv", "--tanggal-acuan", "2025-06-30"],
    )
    assert r.exit_code == 0, r.output
    berkas = data / "BNBA_SINTETIS_6303_3000.csv"
    garam = tmp_path / "pengendali" / "garam.bin"
    keluar = tmp_path / "keluaran"
    r = runner.invoke(
        bnba,
        ["cek", str(berkas), "--wilayah", "6303", "--keluaran", str(keluar)]
        + ["--tanggal-acuan", "2025-06-30", "--kunci-samaran", str(garam)],
    )
    assert r.exit_code == 0, r.output
    assert garam.is_file() and (garam.stat().st_mode & 0o077) == 0
    daftar = keluar / "RAHASIA" / "DAFTAR_KERJA_RAHASIA_6303.xlsx"
    assert {t.jenis for t in pindai_privasi(daftar, NAMA_SINTETIS)} == {"nama"}  # no NIK/KK
    kerja = pd.read_excel(daftar, sheet_name="DAFTAR_KERJA", dtype=str)
    assert "nik" not in kerja and "no_kk" not in kerja
    assert kerja["kunci_samaran_nik"].dropna().str.fullmatch(r"NS-(\w{5}-){3}\w{5}").all()
    asli = pd.read_csv(berkas, dtype=str)
    baris = int(kerja["baris_sumber"].iloc[0])
    nik = asli["nik"].iloc[baris - 2]
    assert kerja["kunci_samaran_nik"].iloc[0] == kunci_samaran(nik, garam.read_bytes())
    assert kunci_samaran(nik, b"garam lain yang berbeda") != kerja["kunci_samaran_nik"].iloc[0]


def test_cek_di_luar_memori_dengan_folder_sementara(runner, tmp_path, monkeypatch):
    """``--memori`` and ``--folder-sementara`` reach DuckDB (its memory limit and spill folder);
    nothing of the spill is left behind."""
    from datetime import date

    import analisis.bnba.cek as cek_modul
    from analisis.bnba import buat_contoh

    m = buat_contoh("6303", 3_000, seed=2, tujuan=tmp_path, tanggal_acuan=date(2025, 6, 30))
    setelan = {}
    asli = cek_modul.sambung

    def sambung_tercatat(**kw):
        con = asli(**kw)
        setelan.update(
            con.sql(
                "SELECT current_setting('temp_directory') AS folder, "
                "current_setting('memory_limit') AS batas"
            )
            .df()
            .iloc[0]
            .to_dict()
        )
        return con

    monkeypatch.setattr(cek_modul, "sambung", sambung_tercatat)
    tumpahan = tmp_path / "tumpahan"
    r = runner.invoke(
        bnba,
        [
            *("cek", m.berkas[0], "--wilayah", "6303", "--tanggal-acuan", "2025-06-30"),
            *("--keluaran", str(tmp_path / "keluaran"), "--tanpa-daftar-kerja"),
            *("--memori", "300MB", "--folder-sementara", str(tumpahan)),
        ],
    )
    assert r.exit_code == 0, r.output
    assert setelan["folder"] == str(tumpahan)
    assert setelan["batas"].startswith("286")  # 300 MB in MiB as DuckDB reports it
    assert not tumpahan.exists() or not any(tumpahan.rglob("*"))
