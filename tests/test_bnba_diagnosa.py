"""BNBA extracts with FILE-WIDE defects are refused through ``bnba cek`` with one diagnosis per
defect (cause, remedy, masked examples, row numbers), exit 1 and nothing written; row-level
problems below the threshold stay verval findings. No message echoes a NIK, No KK, name, birth
date or address."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analisis.bnba import buat_contoh
from analisis.bnba.cli import bnba

ACUAN = date(2025, 6, 30)
MASKED = re.compile(r"\b\d{4}\*{7,8}\d{4}\b")


@pytest.fixture(scope="module")
def asli(tmp_path_factory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("diagnosa")
    m = buat_contoh("6303", 300, seed=5, tujuan=folder, format="csv", tanggal_acuan=ACUAN)
    return pd.read_csv(m.berkas[0], dtype=str, keep_default_na=False)


def _cek(path: Path, keluar: Path):
    r = CliRunner().invoke(
        bnba,
        ["cek", str(path), "--wilayah", "6303", "--keluaran", str(keluar)]
        + ["--tanggal-acuan", ACUAN.isoformat()],
    )
    return r


def _tanpa_data_pribadi(teks: str, df: pd.DataFrame) -> None:
    """No full NIK/No KK (nor their 15-digit cut), name, birth date or address in ``teks``."""
    assert not re.search(r"\d{15,}", teks), teks
    for kolom in ("nama", "alamat", "tanggal_lahir"):
        for v in df[kolom].head(50):
            assert v not in teks, (kolom, teks)


def _tulis(df: pd.DataFrame, path: Path) -> Path:
    df.to_csv(path, index=False)
    return path


def test_nik_15_digit_di_seluruh_berkas(asli, tmp_path):
    df = asli.copy()
    df["nik"] = df["nik"].str[:15]
    keluar = tmp_path / "keluar"
    r = _cek(_tulis(df, tmp_path / "nik15.csv"), keluar)
    assert r.exit_code == 1, r.output
    assert "rusak di (hampir) seluruh baris" in r.stderr
    assert "100,0% baris NIK-nya bukan 16 digit: 100,0% NIK hanya 15 digit" in r.stderr
    assert "ekspor ulang dengan NIK sebagai teks 16 digit" in r.stderr
    assert "baris 2: " + df["nik"][0][:4] + "*******" + df["nik"][0][-4:] in r.stderr
    assert "Traceback" not in r.output
    _tanpa_data_pribadi(r.output, asli)
    assert not keluar.exists()


def test_nik_notasi_ilmiah_excel(asli, tmp_path):
    df = asli.copy()
    df["nik"] = [f"{int(v) / 1e15:.5f}".replace(".", ",") + "E+15" for v in df["nik"]]
    assert df["nik"][0].startswith("6,3030") and df["nik"][0].endswith("E+15")
    keluar = tmp_path / "keluar"
    r = _cek(_tulis(df, tmp_path / "sci.csv"), keluar)
    assert r.exit_code == 1, r.output
    assert (
        "kolom 'nik': 100,0% baris NIK-nya bukan 16 digit: 99,7% NIK tertulis dalam notasi "
        in r.stderr
    )
    assert "ilmiah Excel (mis. 6,30301E+15; baris 2: " + df["nik"][0] + "; baris 3: " in r.stderr
    assert "format kolom NIK sebagai Teks, lalu ekspor ulang" in r.stderr
    _tanpa_data_pribadi(r.output, asli)
    assert not keluar.exists()


def test_semua_baris_nik_sama(asli, tmp_path):
    df = asli.copy()
    df["nik"] = df["nik"][0]
    keluar = tmp_path / "keluar"
    r = _cek(_tulis(df, tmp_path / "sama.csv"), keluar)
    assert r.exit_code == 1, r.output
    nik = asli["nik"][0]
    assert (
        f"100,0% baris memakai NIK yang juga dipakai baris lain, dengan hanya 1 NIK berbeda "
        f"(mis. {nik[:4]}********{nik[-4:]} di baris 2, 3, 4)" in r.stderr
    )
    _tanpa_data_pribadi(r.output, asli)
    assert not keluar.exists()


def test_semua_tanggal_lahir_sesudah_tanggal_acuan(asli, tmp_path):
    df = asli.copy()
    df["tanggal_lahir"] = [f"{2030 + int(v[2:4]) % 5}{v[4:]}" for v in df["tanggal_lahir"]]
    keluar = tmp_path / "keluar"
    r = _cek(_tulis(df, tmp_path / "lahir.csv"), keluar)
    assert r.exit_code == 1, r.output
    assert (
        "100,0% tanggal lahir jatuh SESUDAH tanggal acuan 2025-06-30 (mis. baris 2, 3, 4)"
        in r.stderr
    )
    _tanpa_data_pribadi(r.output, df)
    assert not keluar.exists()


def test_nik_sebagai_angka_di_xlsx(asli, tmp_path):
    """NIK typed as NUMBERS in Excel (15 significant digits kept) is refused even when only some
    rows are numbers; the message gives masked values and row numbers."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(asli.columns))
    for i, baris in enumerate(asli.head(80).itertuples(index=False)):
        sel = list(baris)
        if i % 2 == 0:
            sel[1] = float(sel[1])  # what Excel keeps of a 16-digit number
        ws.append(sel)
    path = tmp_path / "angka.xlsx"
    wb.save(path)
    keluar = tmp_path / "keluar"
    r = _cek(path, keluar)
    assert r.exit_code == 1, r.output
    assert "NIK/No KK tersimpan sebagai angka" in r.stderr
    assert "kolom 'nik' (NIK): 40 sel tersimpan sebagai angka, bukan teks" in r.stderr
    assert "Contoh baris: 2, 4, 6, 8, 10" in r.stderr
    assert MASKED.search(r.stderr)
    _tanpa_data_pribadi(r.output, asli)
    assert not keluar.exists()


def test_baris_judul_hilang_tidak_mencetak_data_pribadi(asli, tmp_path):
    """Without a header row, the 'missing column' message must not quote the first person."""
    path = tmp_path / "tanpa_judul.csv"
    asli.to_csv(path, index=False, header=False)
    keluar = tmp_path / "keluar"
    r = _cek(path, keluar)
    assert r.exit_code == 1, r.output
    assert "berkas tampaknya tidak punya baris judul kolom" in r.stderr
    _tanpa_data_pribadi(r.output, asli)
    assert not keluar.exists()


def test_cacat_sebagian_tetap_temuan_verval(asli, tmp_path):
    """Half the NIKs cut to 15 digits is below the threshold: the file is checked and the rows
    are flagged (the worklist), not refused."""
    df = asli.copy()
    setengah = df.index % 2 == 0
    df.loc[setengah, "nik"] = df.loc[setengah, "nik"].str[:15]
    keluar = tmp_path / "keluar"
    r = _cek(_tulis(df, tmp_path / "setengah.csv"), keluar)
    assert r.exit_code == 0, r.output
    assert "NIK bukan 16 digit angka" in r.output
    assert (keluar / "publik" / "ringkasan_publik.json").is_file()


def test_judul_panjang_tetap_disebut_bila_kolom_wajib_hilang(asli, tmp_path):
    """A long column TITLE is not mistaken for personal data: the columns are listed."""
    df = asli.drop(columns=["kode_desa"]).rename(columns={"alamat": "Alamat Lengkap Keluarga"})
    r = _cek(_tulis(df, tmp_path / "judul.csv"), tmp_path / "keluar")
    assert r.exit_code == 1, r.output
    assert "kolom wajib 'kode_desa'" in r.stderr
    assert "Kolom di berkas: 'sumber_data', 'nik'" in r.stderr
    assert "'Alamat Lengkap Keluarga'" in r.stderr


def test_samaran_nik_dalam_pesan():
    from analisis.bnba.privasi import nilai_untuk_pesan, samarkan_nik

    assert samarkan_nik("NIK 6303011005800001 dan KK 630301010120000") == (
        "NIK 6303********0001 dan KK 6303*******0000"
    )
    assert nilai_untuk_pesan("1980-05-10") == "(nilai disembunyikan: mungkin data pribadi)"
    assert nilai_untuk_pesan("JL. MAWAR NO. 1 RT 003") == (
        "(nilai disembunyikan: mungkin data pribadi)"
    )
    assert nilai_untuk_pesan("63.03.01.2001", kode_wilayah=True) == "'63.03.01.2001'"
    assert nilai_untuk_pesan("0") == "'0'"


def test_rumus_tanpa_nilai_tersimpan_di_xlsx(asli, tmp_path):
    """Formula cells without a stored value (written by a program that does not compute them)
    would be read as empty: refused, naming the cells, not the formula text."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(asli.columns))
    for baris in asli.head(30).itertuples(index=False):
        ws.append(list(baris))
    desil = list(asli.columns).index("desil")
    ws.cell(row=5, column=desil + 1, value="=1+2")
    ws.cell(row=9, column=3, value=f'=TEXT({asli["nik"][7]},"0")')
    path = tmp_path / "rumus.xlsx"
    wb.save(path)  # openpyxl stores formulas without cached values
    keluar = tmp_path / "keluar"
    r = _cek(path, keluar)
    assert r.exit_code == 1, r.output
    assert "2 sel berisi rumus tanpa nilai tersimpan (K5, C9)" in r.stderr
    assert "terbaca kosong. Simpan ulang berkas di Excel" in r.stderr
    _tanpa_data_pribadi(r.output, asli)
    assert not keluar.exists()
