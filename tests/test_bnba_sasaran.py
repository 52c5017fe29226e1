"""Targeting metrics, quadrant and reconciliation, hand-computed on small cubes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analisis.bnba import (
    cek_bnba,
    distribusi_desil,
    kinerja_sasaran,
    kuadran_wilayah,
    muat_aturan,
    rekonsiliasi_bps,
)
from analisis.bnba.sasaran import CATATAN_REKONSILIASI, angka_bps
from test_bnba_cek import ACUAN, KK, orang, tulis_csv


def kubus(baris: list[tuple]) -> pd.DataFrame:
    """(desa, desil, n_individu, n_keluarga, rk_pkh (families), r_pbi_jk (people))."""
    df = pd.DataFrame(
        baris, columns=["kode_desa", "desil", "n_individu", "n_keluarga", "rk_pkh", "r_pbi_jk"]
    )
    df.insert(0, "kode_kecamatan", df["kode_desa"].str[:6])
    df.insert(0, "kode_wilayah", "6303")
    df.attrs["program"] = {"pkh": {}, "pbi_jk": {}}
    return df


A, B = "6303012001", "6303022001"
KUBUS = kubus(
    [
        # desa A
        (A, 1, 40, 10, 6, 30),
        (A, 3, 80, 20, 5, 50),
        (A, 6, 120, 30, 4, 10),
        # desa B
        (B, 2, 20, 5, 5, 20),
        (B, 9, 40, 10, 0, 0),
    ]
)


def test_kinerja_sasaran_kabupaten():
    k = kinerja_sasaran(KUBUS, muat_aturan()).set_index("program")
    pkh = k.loc["pkh"]
    # families: E = desil<=4 = 10+20+5 = 35; R = 6+5+4+5+0 = 20; E∩R = 6+5+5 = 16
    assert (pkh["unit"], pkh["layak"], pkh["penerima"], pkh["layak_penerima"]) == (
        "keluarga",
        35,
        20,
        16,
    )
    assert (pkh["inklusi"], pkh["eksklusi"]) == (4, 19)
    assert pkh["cakupan"] == pytest.approx(45.71)  # 16/35
    assert pkh["galat_inklusi"] == pytest.approx(20.0)  # 4/20
    assert pkh["galat_eksklusi"] == pytest.approx(54.29)  # 19/35
    pbi = k.loc["pbi_jk"]
    # people: E = 40+80+20 = 140; R = 30+50+10+20 = 110; E∩R = 100
    assert (pbi["unit"], pbi["layak"], pbi["penerima"], pbi["layak_penerima"]) == (
        "individu",
        140,
        110,
        100,
    )
    assert pbi["galat_inklusi"] == pytest.approx(9.09)  # 10/110
    assert pbi["galat_eksklusi"] == pytest.approx(28.57)  # 40/140
    assert pbi["cakupan"] + pbi["galat_eksklusi"] == pytest.approx(100.0)


def test_kinerja_sasaran_per_desa_dan_ambang_lain():
    k = kinerja_sasaran(KUBUS, muat_aturan(), "desa").set_index(["kode_desa", "program"])
    assert k.loc[(B, "pkh"), "galat_inklusi"] == 0.0
    assert k.loc[(B, "pkh"), "cakupan"] == 100.0
    assert np.isnan(kinerja_sasaran(KUBUS[KUBUS["desil"] > 4], muat_aturan()).iloc[0]["cakupan"])
    k6 = kinerja_sasaran(KUBUS, muat_aturan(), desil_maks=6).set_index("program")
    assert k6.loc["pkh", "layak"] == 65 and k6.loc["pkh", "inklusi"] == 0


def test_distribusi_desil():
    d = distribusi_desil(KUBUS, "desa").set_index("kode_desa")
    assert d.loc[A, ["desil_1", "desil_3", "desil_6", "jumlah"]].tolist() == [40, 80, 120, 240]
    assert d.loc[B, "desil_10"] == 0
    k = distribusi_desil(KUBUS, "kabupaten", "keluarga")
    assert k.iloc[0]["jumlah"] == 75


def test_kuadran_prioritas_wilayah():
    # four desa: (poor count desil<=2, people) chosen so each lands in one quadrant
    rows = []
    for desa, miskin, total in [
        ("6303012001", 100, 200),
        ("6303012002", 20, 30),
        ("6303012003", 90, 900),
        ("6303012004", 10, 200),
    ]:
        rows += [(desa, 1, miskin, 0, 0, 0), (desa, 7, total - miskin, 0, 0, 0)]
    q = kuadran_wilayah(kubus(rows), muat_aturan()).set_index("kode_desa")
    # means: count (100+20+90+10)/4 = 55; share (50 + 66.67 + 10 + 5)/4 = 32.92
    assert q["ambang_jumlah"].iloc[0] == 55.0
    assert q["ambang_persen"].iloc[0] == pytest.approx(32.92)
    assert q["kuadran"].to_dict() == {
        "6303012001": 1,
        "6303012002": 2,
        "6303012003": 3,
        "6303012004": 4,
    }
    assert q.loc["6303012002", "label_kuadran"].startswith("Prioritas 2")


def test_rekonsiliasi_dengan_rse_dan_catatan():
    r = rekonsiliasi_bps(KUBUS, p0=2.5, penduduk=100_000, rse=10, tahun=2025, tahun_penduduk=2024)
    bps = r.iloc[0]
    assert bps["nilai"] == 2500
    assert (bps["batas_bawah"], bps["batas_atas"]) == (2010, 2990)  # 2500 × (1 ∓ 1.96·0.10)
    assert "mengukur hal yang berbeda" in bps["keterangan"] and "penduduk 2024" in bps["keterangan"]
    nilai = dict(zip(r["ukuran"], r["nilai"]))
    assert nilai["penduduk desil 1 (jiwa)"] == 40 and nilai["penduduk desil 1–2 (jiwa)"] == 60
    assert nilai["keluarga desil 1–4 (KK)"] == 35
    assert r.attrs["catatan"] == CATATAN_REKONSILIASI
    tanpa = rekonsiliasi_bps(KUBUS, p0=2.5, penduduk=100_000)
    assert (
        np.isnan(tanpa.iloc[0]["batas_bawah"])
        and "RSE tidak tersedia" in tanpa.iloc[0]["keterangan"]
    )


def test_angka_bps_bawaan():
    a = angka_bps("6303", 2024)
    assert a["p0"] == 2.36 and a["tahun"] == 2024 and a["penduduk"] > 0
    assert angka_bps("6303")["tahun"] >= 2025


def test_dari_rekaman_ke_sasaran(tmp_path):
    """End to end on hand-built rows: 2 eligible families (one with PKH), 1 ineligible recipient."""
    rek = [
        orang(
            "6303011005800001", KK.format(1), "L", "1980-05-10", "kepala keluarga", desil=1, pkh=1
        ),
        orang("6303015507820001", KK.format(1), "P", "1982-07-15", "istri", desil=1, pkh=1),
        orang("6303014303900001", KK.format(2), "P", "1990-03-03", "kepala keluarga", desil=4),
        orang(
            "6303010101700001", KK.format(3), "L", "1970-01-01", "kepala keluarga", desil=8, pkh=1
        ),
    ]
    with cek_bnba(tulis_csv(tmp_path / "a.csv", rek), "6303", tanggal_acuan=ACUAN) as h:
        k = kinerja_sasaran(h.kubus).set_index("program")
    assert k.loc["pkh", ["layak", "penerima", "layak_penerima"]].tolist() == [2, 2, 1]
    assert k.loc["pkh", "galat_inklusi"] == 50.0 and k.loc["pkh", "galat_eksklusi"] == 50.0
