"""Quarterly comparison: a synthetic second quarter with known movements, recovered exactly;
the CLI's published tables, quarterly XLSX, private movement list, UU PDP records, and the
refusals (private outputs inside a reports/site folder, salt inside the output folder)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analisis.bnba import buat_contoh, pindai_privasi
from analisis.bnba.banding import KATEGORI, banding_cek, banding_triwulan, tabel_publik_banding
from analisis.bnba.catatan_pdp import TEMPLAT_PEMBERITAHUAN
from analisis.bnba.cek import cek_bnba
from analisis.bnba.cli import bnba
from analisis.bnba.kendali_ungkap import periksa_k_anonim
from analisis.bnba.privasi import POLA_16_DIGIT
from analisis.bnba.sintetis import NAMA_SINTETIS
from analisis.bnba.sintetis_triwulan import buat_triwulan_berikut
from conftest import AKAR
from test_bnba_kendali_ungkap import Penyerang

LAMA, BARU = date(2025, 3, 31), date(2025, 6, 30)


@pytest.fixture(scope="module")
def dua(tmp_path_factory):
    folder = tmp_path_factory.mktemp("triwulan")
    m = buat_contoh("6303", 7_000, seed=11, tujuan=folder, tanggal_acuan=LAMA)
    mt = buat_triwulan_berikut(m.berkas[0], seed=12, tanggal_acuan=BARU)
    return Path(m.berkas[0]), Path(mt.berkas_baru), mt


@pytest.mark.parametrize("k", [1, 4])
def test_pergerakan_sintetis_ditemukan_tepat(dua, k):
    lama, baru, mt = dua
    h = banding_triwulan(
        lama, baru, "6303", desil_k=k, tanggal_acuan_lama=LAMA, tanggal_acuan_baru=BARU
    )
    total = h.total()
    for kat, harapan in mt.pergerakan.items():
        if kat == "pindah_desa":
            assert total["pindah_masuk"] == harapan == total["pindah_keluar"]
        else:
            assert total[kat] == harapan, kat
    assert total["masuk_desil_1_k"] == mt.harapan_desil(k)["masuk"]
    assert total["keluar_desil_1_k"] == mt.harapan_desil(k)["keluar"]
    assert h.tidak_dapat_dicocokkan == mt.tidak_dapat_dicocokkan
    assert all(v["individu"] > 0 for v in mt.pergerakan.values())  # every movement occurs
    # the private list has one row per person with a movement, identity from both quarters
    assert {"nik_lama", "nik_baru", "nama_baru", "peristiwa"} <= set(h.individu.columns)
    assert h.individu["ganti_nik"].sum() == mt.pergerakan["ganti_nik"]["individu"]
    berubah = h.individu[h.individu["ganti_nik"]]
    assert (berubah["nik_lama"] != berubah["nik_baru"]).all()
    assert (berubah["nama_lama"] == berubah["nama_baru"]).all()


def test_banding_untuk_publikasi_saja_tanpa_daftar_pribadi(dua):
    """``banding_cek(..., daftar_pribadi=False)`` (the evaluation's path): the same counts,
    no person-level list."""
    lama, baru, _ = dua
    with (
        cek_bnba(lama, "6303", tanggal_acuan=LAMA) as hl,
        cek_bnba(baru, "6303", tanggal_acuan=BARU) as hb,
    ):
        lengkap = banding_cek(hl, hb)
        publik = banding_cek(hl, hb, daftar_pribadi=False)
    assert len(lengkap.individu) > 0 and publik.individu.empty
    pd.testing.assert_frame_equal(publik.per_desa, lengkap.per_desa, check_exact=True)
    assert publik.tidak_dapat_dicocokkan == lengkap.tidak_dapat_dicocokkan
    assert publik.total() == lengkap.total()


def test_tabel_publik_tersupresi_dan_tidak_dapat_dihitung_ulang(dua):
    lama, baru, _ = dua
    h = banding_triwulan(lama, baru, "6303", tanggal_acuan_lama=LAMA, tanggal_acuan_baru=BARU)
    tabel = tabel_publik_banding(h)
    d, kec, kab = (
        tabel["pergerakan_desa"],
        tabel["pergerakan_kecamatan"],
        tabel["pergerakan_kabupaten"],
    )
    hitung = [
        c
        for c in d.columns
        if c.endswith(("_individu", "_keluarga")) or c.startswith("keluarga_desil1")
    ]
    assert periksa_k_anonim(d, "d", ["kode_desa"], hitung, 5) == []
    assert (d[hitung] == "<5").to_numpy().sum() > 10
    # attacker: desa → kecamatan → kabupaten per column; coverage = covered / families
    p = Penyerang()
    for c in hitung:
        total = p.nilai(f"kab:{c}", kab[c].iloc[0])
        p.jumlah(total, [p.nilai(f"kec:{k}:{c}", v) for k, v in zip(kec["kode_kecamatan"], kec[c])])
        for k, bagian in d.groupby("kode_kecamatan"):
            p.jumlah(
                f"kec:{k}:{c}",
                [p.nilai(f"desa:{x}:{c}", v) for x, v in zip(bagian["kode_desa"], bagian[c])],
            )
    for akhiran in ("lama", "baru"):
        for t, pre, kunci in ((d, "desa", "kode_desa"), (kec, "kec", "kode_kecamatan")):
            for kode, persen in zip(t[kunci], t[f"cakupan_desil1_{akhiran}"]):
                p.rasio(
                    persen,
                    f"{pre}:{kode}:keluarga_desil1_program_{akhiran}",
                    f"{pre}:{kode}:keluarga_desil1_{akhiran}",
                )
    assert p.dapat_dipulihkan() == set()


def _jalankan(runner, args):
    return runner.invoke(bnba, args, catch_exceptions=False)


def test_cli_banding_keluaran_catatan_dan_samaran(dua, tmp_path):
    lama, baru, mt = dua
    runner = CliRunner()
    keluar = tmp_path / "keluaran"
    garam = tmp_path / "kunci" / "garam.bin"
    r = _jalankan(
        runner,
        [
            "banding",
            str(lama),
            str(baru),
            "--wilayah",
            "6303",
            "--keluaran",
            str(keluar),
            "--tanggal-acuan-lama",
            "2025-03-31",
            "--tanggal-acuan-baru",
            "2025-06-30",
            "--kunci-samaran",
            str(garam),
            "--pelaksana",
            "Analis TKPK Banjar",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "DATA SINTETIS" in r.output and "NIK berubah" in r.output
    assert f"{mt.pergerakan['meninggal']['individu']} jiwa" in r.output.replace(".", "")
    assert not POLA_16_DIGIT.search(r.output)
    publik = keluar / "publik"
    assert {p.name for p in publik.iterdir()} == {
        "pergerakan_desa.csv",
        "pergerakan_kecamatan.csv",
        "pergerakan_kabupaten.csv",
        "ringkasan_publik.json",
        "TABEL_TRIWULAN_6303.xlsx",
    }
    assert pindai_privasi(publik, NAMA_SINTETIS) == []
    # quarterly table: Indonesian headings, SINTETIS marked, suppression marker kept
    import openpyxl

    wb = openpyxl.load_workbook(publik / "TABEL_TRIWULAN_6303.xlsx")
    assert wb.sheetnames == ["KETERANGAN", "KABUPATEN", "KECAMATAN", "DESA"]
    assert "SINTETIS" in wb["KETERANGAN"]["A1"].value
    judul = [c.value for c in wb["DESA"][1]]
    assert (
        "Masuk desil 1 (jiwa)" in judul
        and "Cakupan program keluarga desil 1, triwulan ini (%)" in judul
    )
    assert any(c.value == "<5" for row in wb["DESA"].iter_rows(min_row=2) for c in row)
    # private list: pseudonymised keys instead of NIK/No KK, names kept, owner-only file
    rahasia = keluar / "RAHASIA"
    daftar = rahasia / "PERGERAKAN_RAHASIA_6303.xlsx"
    assert (daftar.stat().st_mode & 0o077) == 0
    jenis = {t.jenis for t in pindai_privasi(daftar, NAMA_SINTETIS)}
    assert jenis == {"nama"}
    kolom = [c.value for c in openpyxl.load_workbook(daftar)["PERGERAKAN"][1]]
    assert "kunci_samaran_nik_lama" in kolom and "nik_lama" not in kolom
    assert garam.is_file() and (garam.stat().st_mode & 0o077) == 0
    # UU PDP records: processing record with hashes, DPIA draft naming Pasal 34, retention note
    catatan = json.loads(next(rahasia.glob("CATATAN_PEMROSESAN_*.json")).read_text("utf-8"))
    assert catatan["kegiatan"] == "banding" and catatan["pelaksana"] == "Analis TKPK Banjar"
    masukan = [b for b in catatan["berkas"] if b["jenis"] == "masukan"]
    assert len(masukan) == 2 and all(len(b["sha256"]) == 64 for b in masukan)
    assert catatan["kunci_samaran"] is True
    dpia = next(rahasia.glob("DPIA_DRAF_*.md")).read_text("utf-8")
    assert "Pasal 34" in dpia and "[x] pencocokan atau penggabungan" in dpia
    retensi = next(rahasia.glob("CATATAN_RETENSI_*.md")).read_text("utf-8")
    assert "Pasal 43" in retensi and "paling lambat **3 × 24 jam** (Pasal 46)" in retensi
    assert TEMPLAT_PEMBERITAHUAN in retensi
    # the records hold no personal data
    assert (
        pindai_privasi(
            list(rahasia.glob("CATATAN_*")) + list(rahasia.glob("DPIA_*")), NAMA_SINTETIS
        )
        == []
    )
    # the same salt gives the same keys: a second run's list can be joined with the first
    r2 = _jalankan(
        runner,
        [
            "banding",
            str(lama),
            str(baru),
            "--wilayah",
            "6303",
            "--keluaran",
            str(tmp_path / "k2"),
            "--tanggal-acuan-lama",
            "2025-03-31",
            "--tanggal-acuan-baru",
            "2025-06-30",
            "--kunci-samaran",
            str(garam),
        ],
    )
    assert r2.exit_code == 0
    a = pd.read_excel(daftar, sheet_name="PERGERAKAN")["kunci_samaran_nik_lama"].dropna()
    b = pd.read_excel(tmp_path / "k2" / "RAHASIA" / daftar.name, sheet_name="PERGERAKAN")[
        "kunci_samaran_nik_lama"
    ].dropna()
    assert set(a) == set(b) and all(x.startswith("NS-") for x in a)


@pytest.mark.parametrize("penanda", ["reports", "_static", ".jalan.lock"])
def test_menolak_rahasia_di_folder_laporan(dua, tmp_path, penanda):
    lama, baru, _ = dua
    if penanda == "reports":
        keluar = tmp_path / "reports" / "bnba"
    else:
        laporan = tmp_path / "laporan"
        laporan.mkdir()
        (laporan / penanda).mkdir() if penanda == "_static" else (laporan / penanda).touch()
        keluar = laporan / "6303" / "bnba"
    runner = CliRunner()
    for args in (
        ["banding", str(lama), str(baru), "--wilayah", "6303", "--keluaran", str(keluar)],
        ["cek", str(lama), "--wilayah", "6303", "--keluaran", str(keluar)],
    ):
        r = runner.invoke(bnba, args)
        assert r.exit_code == 1, r.output
        assert "Keluaran RAHASIA (data pribadi) tidak boleh ditulis" in r.stderr
        assert "Traceback" not in r.output
        assert not keluar.exists()


def test_menolak_rahasia_di_folder_laporan_proyek(dua, tmp_path, monkeypatch):
    """The project's reports folder (served by 'analisis sajikan', where the static site is
    built) is refused whatever its name, through the main CLI."""
    from analisis.cli import utama

    lama, baru, _ = dua
    laporan = tmp_path / "terbitan_tkpk"
    monkeypatch.setenv("ANALISIS_LAPORAN", str(laporan))
    keluar = laporan / "6300" / "bnba"
    for args in (
        ["bnba", "cek", str(lama), "--wilayah", "6303", "--keluaran", str(keluar)],
        ["bnba", "banding", str(lama), str(baru), "--wilayah", "6303", "--keluaran", str(keluar)],
    ):
        r = CliRunner().invoke(utama, args)
        assert r.exit_code == 1, r.output
        assert (
            f"Keluaran RAHASIA (data pribadi) tidak boleh ditulis di '{keluar}': folder "
            f"'{laporan}' adalah folder laporan proyek yang dapat disajikan atau diterbitkan."
        ) in r.stderr
        assert not laporan.exists()


def test_cek_tanpa_daftar_kerja_boleh_di_folder_laporan(dua, tmp_path):
    lama, _, _ = dua
    keluar = tmp_path / "reports" / "bnba"
    r = CliRunner().invoke(
        bnba,
        ["cek", str(lama), "--wilayah", "6303", "--keluaran", str(keluar), "--tanpa-daftar-kerja"],
    )
    assert r.exit_code == 0, r.output
    assert not list((keluar / "RAHASIA").glob("DAFTAR_KERJA*"))
    assert pindai_privasi(keluar, NAMA_SINTETIS) == []


def test_garam_di_folder_keluaran_ditolak(dua, tmp_path):
    lama, _, _ = dua
    keluar = tmp_path / "k"
    r = CliRunner().invoke(
        bnba,
        [
            "cek",
            str(lama),
            "--wilayah",
            "6303",
            "--keluaran",
            str(keluar),
            "--kunci-samaran",
            str(keluar / "garam.bin"),
        ],
    )
    assert r.exit_code == 1 and "Simpan garam terpisah" in r.stderr
    assert not keluar.exists()


def test_kategori_lengkap():
    assert set(KATEGORI) >= {
        "masuk_desil1",
        "keluar_desil1",
        "meninggal",
        "baru",
        "ganti_nik",
        "ganti_kk",
    }


def test_templat_pemberitahuan_kegagalan_pdp():
    """The breach-notice template named in every retention note ships with the docs and asks
    for what Pasal 46 lists: the data revealed, when and how, the handling and recovery."""
    teks = (AKAR / TEMPLAT_PEMBERITAHUAN).read_text("utf-8")
    assert "Pasal 46" in teks and "3 × 24 jam" in teks
    for bagian in (
        "## 1. Data pribadi yang terungkap (Pasal 46 ayat (2) huruf a)",
        "## 2. Kapan dan bagaimana data pribadi terungkap (Pasal 46 ayat (2) huruf b)",
        "## 3. Upaya penanganan dan pemulihan (Pasal 46 ayat (2) huruf c)",
        "**Subjek data pribadi**",
        "**lembaga**",
    ):
        assert bagian in teks
    assert pindai_privasi(AKAR / TEMPLAT_PEMBERITAHUAN, NAMA_SINTETIS) == []


@pytest.mark.parametrize("k", [1, 3])
def test_cli_dua_triwulan_lalu_banding_memulihkan_pergerakan_tepat(tmp_path, k):
    """``bnba contoh --dua-triwulan`` then ``bnba banding`` through the CLI: the published
    kabupaten table gives back every movement the generator recorded, exactly."""
    runner = CliRunner()
    data = tmp_path / "data"
    r = _jalankan(
        runner,
        ["contoh", "--wilayah", "6303", "--jumlah", "6000", "--seed", "4", "--keluaran"]
        + [str(data), "--tanggal-acuan", "2025-03-31", "--dua-triwulan"],
    )
    assert r.exit_code == 0, r.output
    assert "Manifest pergerakan:" in r.output
    lama = data / "BNBA_SINTETIS_6303_6000.parquet"
    baru = data / "BNBA_SINTETIS_6303_6000_TRIWULAN_BERIKUT.parquet"
    m = json.loads(Path(f"{baru}.manifest.json").read_text("utf-8"))
    assert m["sumber_data"] == "SINTETIS" and m["tanggal_acuan_baru"] == "2025-06-30"
    keluar = tmp_path / "keluar"
    r = _jalankan(
        runner,
        ["banding", str(lama), str(baru), "--wilayah", "6303", "--keluaran", str(keluar)]
        + ["--desil-k", str(k), "--tanggal-acuan-lama", "2025-03-31"]
        + ["--tanggal-acuan-baru", "2025-06-30"],
    )
    assert r.exit_code == 0, r.output
    tdc = m["tidak_dapat_dicocokkan"]
    assert (
        f"Tidak dapat diikuti (NIK tidak valid/ganda): {tdc['lama']} baris triwulan lalu, "
        f"{tdc['baru']} baris triwulan ini" in r.output
    )
    kab = pd.read_csv(keluar / "publik" / "pergerakan_kabupaten.csv").iloc[0]
    for kat, harapan in m["pergerakan"].items():
        for unit in ("individu", "keluarga"):
            if kat == "pindah_desa":
                assert kab[f"pindah_masuk_{unit}"] == harapan[unit] == kab[f"pindah_keluar_{unit}"]
            else:
                assert kab[f"{kat}_{unit}"] == harapan[unit], (kat, unit)
    for arah in ("masuk", "keluar"):
        for unit in ("individu", "keluarga"):
            harapan = sum(
                p[unit]
                for p in m["perubahan_desil"]
                if (p["desil_lama"] <= k, p["desil_baru"] <= k)
                == ((False, True) if arah == "masuk" else (True, False))
            )
            assert kab[f"{arah}_desil_1_k_{unit}"] == harapan, (arah, unit)
    # the private list: one row per person with a movement; NIK changes counted exactly
    daftar = pd.read_excel(keluar / "RAHASIA" / "PERGERAKAN_RAHASIA_6303.xlsx", "PERGERAKAN")
    assert (daftar["ganti_nik"] == "ya").sum() == m["pergerakan"]["ganti_nik"]["individu"]


def test_garam_di_folder_laporan_ditolak(dua, tmp_path):
    """The salt opens the pseudonymised keys: never in a reports/site folder either."""
    lama, _, _ = dua
    keluar = tmp_path / "k"
    garam = tmp_path / "reports" / "garam.bin"
    r = CliRunner().invoke(
        bnba,
        ["cek", str(lama), "--wilayah", "6303", "--keluaran", str(keluar)]
        + ["--kunci-samaran", str(garam)],
    )
    assert r.exit_code == 1
    assert (
        f"Berkas garam kunci samaran '{garam}' tidak boleh berada di folder laporan/situs "
        "(folder 'reports' adalah folder laporan/situs)" in r.stderr
    )
    assert not keluar.exists() and not garam.exists()
