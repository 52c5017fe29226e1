"""Small-cell suppression (primary and complementary), publishable summary, privacy scan."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analisis.bnba import buat_contoh, cek_bnba, pindai_privasi, ringkasan_publik, tekan_sel_kecil
from analisis.bnba.konfigurasi import Privasi
from analisis.bnba.privasi import tekan_rasio

P = Privasi(n_minimum=5)


def test_supresi_primer_dan_komplementer_per_baris():
    df = pd.DataFrame(
        {"desa": ["a", "b", "c"], "d1": [3, 12, 0], "d2": [10, 0, 2], "d3": [7, 20, 2]}
    )
    hasil, m = tekan_sel_kecil(df, ["d1", "d2", "d3"], P)
    # a: 3 is small; alone it could be recovered from the total → the smallest other (7) too
    assert hasil.loc[0, ["d1", "d2", "d3"]].tolist() == ["<5", 10, "<5"]
    # b: nothing small; zero stays visible
    assert hasil.loc[1, ["d1", "d2", "d3"]].tolist() == [12, 0, 20]
    # c: two small cells already protect each other
    assert hasil.loc[2, ["d1", "d2", "d3"]].tolist() == [0, "<5", "<5"]
    assert int(m.to_numpy().sum()) == 4


def test_supresi_komplementer_dalam_kolom_per_grup():
    # two desa of one kecamatan, single column: the kecamatan total is published elsewhere
    df = pd.DataFrame({"kec": ["k1", "k1", "k2"], "n": [4, 30, 9]})
    hasil, _ = tekan_sel_kecil(df, ["n"], P, grup="kec")
    assert hasil["n"].tolist() == ["<5", "<5", 9]
    tanpa, _ = tekan_sel_kecil(df, ["n"], P, grup="kec", komplementer=False)
    assert tanpa["n"].tolist() == ["<5", 30, 9]


def test_supresi_rasio():
    df = pd.DataFrame({"pct": [50.0, 10.0, 80.0]})
    hasil = tekan_rasio(df, "pct", pd.Series([2, 10, 8]), pd.Series([4, 100, 10]), P)
    assert hasil["pct"].tolist() == ["<5", 10.0, 80.0]


@pytest.fixture(scope="module")
def publik(tmp_path_factory):
    folder = tmp_path_factory.mktemp("publik")
    m = buat_contoh("6303", 4_000, seed=4, tujuan=folder, tanggal_acuan=date(2025, 6, 30))
    with cek_bnba(m.berkas[0], "6303", tanggal_acuan=date(2025, 6, 30)) as h:
        return ringkasan_publik(
            h, bps={"p0": 2.74, "penduduk": 600_639, "rse": 12.0, "tahun": 2025}
        )


def test_ringkasan_publik_tanpa_sel_kecil(publik):
    assert set(publik) >= {
        "indikator_kualitas",
        "kualitas_desa",
        "desil_kecamatan",
        "desil_desa",
        "sasaran_program",
        "kuadran_desa",
        "rekonsiliasi_bps",
    }
    ind = publik["indikator_kualitas"].iloc[0]
    for k in ("progres_verval", "persen_nik_valid", "persen_duplikat", "cakupan_desil1"):
        assert 0 <= float(ind[k]) <= 100
    kolom_hitung = {
        "desil_desa": [f"desil_{d}" for d in range(1, 11)] + ["jumlah"],
        "desil_kecamatan": [f"desil_{d}" for d in range(1, 11)] + ["jumlah"],
        "kualitas_desa": ["n_individu", "n_keluarga", "n_bermasalah"],
        "sasaran_program": ["layak", "penerima", "layak_penerima", "inklusi", "eksklusi"],
        "kuadran_desa": ["jumlah_miskin", "penduduk"],
    }
    ditekan = 0
    for nama, kolom in kolom_hitung.items():
        for k in kolom:
            for v in publik[nama][k]:
                if v == "<5":
                    ditekan += 1
                    continue
                assert v == 0 or v >= 5, (nama, k, v)
    assert ditekan > 0
    # no row of the desil table with exactly one suppressed cell
    dd = publik["desil_desa"][[f"desil_{d}" for d in range(1, 11)]]
    assert ((dd == "<5").sum(axis=1) != 1).all()
    rek = publik["rekonsiliasi_bps"]
    assert rek.iloc[0]["batas_bawah"] < rek.iloc[0]["nilai"] < rek.iloc[0]["batas_atas"]
    # no personal columns anywhere
    semua = {c for df in publik.values() for c in df.columns}
    assert not semua & {"nik", "no_kk", "nama", "alamat", "tanggal_lahir"}


def test_pindai_privasi(tmp_path, publik):
    from analisis.bnba.privasi import simpan_publik

    ditulis = simpan_publik(publik, tmp_path / "publik")
    assert pindai_privasi(tmp_path / "publik") == []
    (tmp_path / "bocor.csv").write_text("a,b\n1,6303011005800001\n", "utf-8")
    (tmp_path / "bocor.json").write_text(json.dumps({"nik": 6303011005800001}), "utf-8")
    (tmp_path / "log.txt").write_text("baris 12: AHMAD SINTESANTO tidak valid\n", "utf-8")
    (tmp_path / "aman.html").write_text(
        "<p>0.1234567890123456 dan 12345678901234567 dan 630301</p>", "utf-8"
    )
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["x", 6303011005800001])
    wb.save(tmp_path / "bocor.xlsx")
    temuan = pindai_privasi(tmp_path, kecuali=[tmp_path / "publik"])
    per = {(t.berkas.rsplit("/", 1)[-1], t.jenis) for t in temuan}
    assert per == {
        ("bocor.csv", "angka_16_digit"),
        ("bocor.json", "angka_16_digit"),
        ("log.txt", "nama"),
        ("bocor.xlsx", "angka_16_digit"),
    }
    assert all("6303011005800001" not in str(t) and "SINTESANTO" not in str(t) for t in temuan)
    assert {t.baris for t in temuan if t.berkas.endswith("bocor.csv")} == {2}
    assert len(ditulis) == len(publik) + 1
    assert np.all([p.is_file() for p in ditulis])


def test_kunci_samaran_tetap_bergaram_dan_bukan_nik(tmp_path):
    from analisis.bnba.pseudonim import kunci_samaran, muat_garam

    garam = muat_garam(tmp_path / "g" / "garam.bin")
    assert (tmp_path / "g" / "garam.bin").stat().st_mode & 0o077 == 0
    assert muat_garam(tmp_path / "g" / "garam.bin") == garam  # created once, then read
    lain = muat_garam(tmp_path / "garam_lain.bin")
    nik = [f"63030110058{i:05d}" for i in range(5000)]
    kunci = [kunci_samaran(n, garam) for n in nik]
    assert len(set(kunci)) == len(kunci)
    assert kunci_samaran(" '6303011005800001 ", garam) == kunci_samaran("6303011005800001", garam)
    assert kunci_samaran(nik[0], lain) != kunci[0]
    assert kunci_samaran(None, garam) is None and kunci_samaran("", garam) is None
    from analisis.bnba.privasi import POLA_16_DIGIT

    assert not any(POLA_16_DIGIT.search(k) for k in kunci)
