"""Verval checks on hand-built records: every flag with its exact expected rows.

Region: Banjar (BPS 6303 = Kemendagri 6303), kecamatan 630301, desa 6303012001. Reference date
for ages: 2025-06-30. NIK = kecamatan(6) + DD(+40 for women) MM YY + serial(4).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analisis.bnba import BENDERA, cek_bnba, muat_aturan
from analisis.bnba.cek import skor_kualitas

ACUAN = date(2025, 6, 30)
KOLOM = [
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "hubungan_keluarga",
    "alamat",
    "kode_kecamatan",
    "kode_desa",
    "desil",
    "pkh",
    "bpnt",
    "pbi_jk",
    "status_verval",
    "meninggal",
]


def tulis_csv(path: Path, baris: list[dict], kolom: list[str] = KOLOM) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=kolom)
        w.writeheader()
        for b in baris:
            w.writerow({k: b.get(k, "") for k in kolom})
    return path


def orang(
    nik,
    kk,
    jk,
    lahir,
    hub,
    alamat="JL. MAWAR NO. 1",
    desil=5,
    pkh=0,
    bpnt=0,
    pbi=0,
    mati=0,
    kec="630301",
    desa="6303012001",
    nama="UJI",
    status="SUDAH VERVAL",
):
    return {
        "nik": nik,
        "no_kk": kk,
        "nama": nama,
        "jenis_kelamin": jk,
        "tanggal_lahir": lahir,
        "hubungan_keluarga": hub,
        "alamat": alamat,
        "kode_kecamatan": kec,
        "kode_desa": desa,
        "desil": desil,
        "pkh": pkh,
        "bpnt": bpnt,
        "pbi_jk": pbi,
        "status_verval": status,
        "meninggal": mati,
    }


KK = "630301010120{:04d}"

# (CSV line, record). Line 1 is the header.
REKAM = [
    # F1 desil 1 with PKH: clean family.
    orang("6303011005800001", KK.format(1), "L", "1980-05-10", "kepala keluarga", desil=1, pkh=1),
    orang("6303015507820001", KK.format(1), "P", "1982-07-15", "istri", desil=1, pkh=1),
    orang("6303010201100001", KK.format(1), "L", "2010-01-02", "anak", desil=1, pkh=1),
    # line 5 — F2 desil 2 without any programme: exclusion suspect.
    orang("6303014303900001", KK.format(2), "P", "1990-03-03", "kepala keluarga", desil=2),
    # line 6 — F3 desil 7 with Sembako: inclusion suspect.
    orang("6303010101700001", KK.format(3), "L", "1970-01-01", "kepala keluarga", desil=7, bpnt=1),
    # F4 desil 3: NIK problems.
    orang(
        "63030110058000", KK.format(4), "L", "1980-05-10", "kepala keluarga", desil=3
    ),  # 7: 14 digits
    orang("6303014302850001", KK.format(4), "P", "1985-02-02", "istri", desil=3),  # 8: day 03 ≠ 02
    orang(
        "6303010404060001", KK.format(4), "P", "2006-04-04", "anak", desil=3
    ),  # 9: woman without +40
    orang(
        "6303020505080001", KK.format(4), "L", "2008-05-05", "anak", desil=3
    ),  # 10: issued in 630302
    # lines 11–12 — the same NIK in two families.
    orang("6303011111750001", KK.format(5), "L", "1975-11-11", "kepala keluarga"),
    orang("6303011111750001", KK.format(6), "L", "1975-11-11", "kepala keluarga"),
    # line 13 — No KK with 15 digits.
    orang("6303010606600001", "630301010120007", "L", "1960-06-06", "kepala keluarga", desil=6),
    # lines 14–15 — one KK, two different addresses.
    orang(
        "6303010707650001",
        KK.format(8),
        "L",
        "1965-07-07",
        "kepala keluarga",
        "JL. KENANGA NO. 3",
        6,
    ),
    orang("6303014808670001", KK.format(8), "P", "1967-08-08", "istri", "JL. ANGGREK NO. 9", 6),
    # lines 16–17 — the same address written differently: NOT a problem.
    orang(
        "6303010909700001",
        KK.format(9),
        "L",
        "1970-09-09",
        "kepala keluarga",
        "Jl. Mawar No.5, RT 003",
        6,
    ),
    orang("6303015010720001", KK.format(9), "P", "1972-10-10", "istri", "JL MAWAR NO 5  RT 3", 6),
    # F10 desil 4 with PKH: line 19 child older than the head, line 20 wife aged 10.
    orang("6303011501800001", KK.format(10), "L", "1980-01-15", "kepala keluarga", desil=4, pkh=1),
    orang("6303010303750001", KK.format(10), "L", "1975-03-03", "anak", desil=4, pkh=1),
    orang("6303014202150001", KK.format(10), "P", "2015-02-02", "istri", desil=4, pkh=1),
    # line 21 — deceased with PBI-JK; line 22 — deceased without programme (fine).
    orang(
        "6303011212500001",
        KK.format(11),
        "L",
        "1950-12-12",
        "kepala keluarga",
        desil=3,
        pbi=1,
        mati=1,
    ),
    orang("6303011212450001", KK.format(12), "L", "1945-12-12", "kepala keluarga", desil=8, mati=1),
    # lines 23–24 — blank No KK: each row its own family (different addresses are NOT a KK problem).
    orang("6303010101910001", "", "L", "1991-01-01", "kepala keluarga", "JL. X NO. 1", 6),
    orang("6303010202920001", "", "L", "1992-02-02", "kepala keluarga", "JL. Y NO. 2", 6),
]

HARAPAN = {
    "eksklusi": [5],
    "inklusi": [6],
    "nik_tidak_valid": [7],
    "nik_tanggal_beda": [8],
    "nik_jk_beda": [9],
    "nik_wilayah_beda": [10],
    "nik_ganda": [11, 12],
    "kk_tidak_valid": [13, 23, 24],
    "kk_alamat_ganda": [14, 15],
    "umur_tidak_wajar": [19, 20],
    "meninggal_penerima": [21],
}


@pytest.fixture(scope="module")
def hasil(tmp_path_factory):
    path = tulis_csv(tmp_path_factory.mktemp("cek") / "bnba.csv", REKAM)
    h = cek_bnba(path, "6303", tanggal_acuan=ACUAN)
    yield h
    h.tutup()


def _bendera(h) -> pd.DataFrame:
    return h.con.sql("SELECT * FROM bendera ORDER BY _baris").df().set_index("_baris")


def test_setiap_bendera_tepat_pada_baris_yang_diharapkan(hasil):
    b = _bendera(hasil)
    assert list(b.index) == list(range(2, 2 + len(REKAM)))
    for flag in BENDERA:
        assert sorted(b.index[b[flag]]) == HARAPAN.get(flag, []), flag


def test_parquet_sama_dengan_csv_termasuk_alamat_ganda(tmp_path):
    """The same records as Parquet give the same flags on the same records (Parquet rows are
    record numbers, CSV rows spreadsheet lines: one less), including the address re-check,
    which reads only the candidate rows from Parquet (a real second address is flagged, the same
    address written differently is not), and the same worklist rows."""
    path = tmp_path / "bnba.parquet"
    pd.DataFrame([{k: b.get(k, "") for k in KOLOM} for b in REKAM], dtype=str).to_parquet(path)
    with cek_bnba(path, "6303", tanggal_acuan=ACUAN) as h:
        b = _bendera(h)
        assert list(b.index) == list(range(1, 1 + len(REKAM)))
        for flag in BENDERA:
            assert sorted(b.index[b[flag]]) == [r - 1 for r in HARAPAN.get(flag, [])], flag
        assert h.ringkasan()["keluarga"]["kk_alamat_ganda"] == 1
        # The private worklist reads only the flagged rows from Parquet, with their own values.
        dk = h.daftar_kerja()
        assert sorted(dk["baris_sumber"]) == sorted({r - 1 for v in HARAPAN.values() for r in v})
        assert dk.loc[dk["baris_sumber"] == 13, "alamat"].iloc[0] == "JL. KENANGA NO. 3"
        assert dk.loc[dk["baris_sumber"] == 6, "nik"].iloc[0] == "63030110058000"


def test_parquet_baris_terpilih_hanya_baris_yang_diminta(tmp_path):
    """Row narrowing on Parquet returns exactly the asked rows with their own values; CSV
    returns every row (the caller joins on ``_baris``)."""
    from analisis.bnba.skema import buka_sumber, sambung

    pq_path = tmp_path / "bnba.parquet"
    pd.DataFrame([{k: b.get(k, "") for k in KOLOM} for b in REKAM], dtype=str).to_parquet(pq_path)
    csv_path = tulis_csv(tmp_path / "bnba.csv", REKAM)
    con = sambung()
    try:
        sumber = buka_sumber(pq_path, con)
        pilih = "SELECT * FROM (VALUES (1), (14), (23)) t(b)"
        hasil = con.sql(
            f"SELECT _baris, alamat FROM ({sumber.sql_baris_terpilih(pilih)}) ORDER BY _baris"
        ).fetchall()
        assert hasil == [
            (1, REKAM[0]["alamat"]),
            (14, REKAM[13]["alamat"]),
            (23, REKAM[22]["alamat"]),
        ]
        sumber_csv = buka_sumber(csv_path, con)
        semua = con.sql(f"SELECT count(*) FROM ({sumber_csv.sql_baris_terpilih(pilih)})")
        assert semua.fetchall()[0][0] == len(REKAM)
    finally:
        con.close()


def test_ringkasan_dan_keluarga(hasil):
    r = hasil.ringkasan()
    assert r["jumlah_baris"] == 23
    # 12 numbered KK + 2 blank-KK rows (each its own family) = 14 families... KK 7 is the 15-digit one.
    assert r["jumlah_keluarga"] == 14
    assert r["bendera"] == {k: len(HARAPAN.get(k, [])) for k in BENDERA}
    assert r["keluarga"] == {"kk_tidak_valid": 3, "kk_alamat_ganda": 1, "inklusi": 1, "eksklusi": 1}
    # rows with at least one data-quality error: 7,8,9,11,12,13,14,15,19,20,21,23,24
    assert r["baris_bermasalah"] == 13
    # NIK valid = 16 digits and consistent with date and sex: 23 − 3 (lines 7, 8, 9) = 20
    assert r["persen_nik_valid"] == pytest.approx(round(100 * 20 / 23, 2))
    assert r["persen_duplikat"] == pytest.approx(round(100 * 2 / 23, 2))
    # desil-1 families: only F1, which has PKH
    assert r["cakupan_desil1"] == 100.0
    assert r["progres_verval"] == 100.0


def test_daftar_kerja_rahasia_hanya_baris_bermasalah(hasil, tmp_path):
    dk = hasil.daftar_kerja()
    harapan = sorted({b for v in HARAPAN.values() for b in v})
    assert sorted(dk["baris_sumber"]) == harapan
    baris_7 = dk[dk["baris_sumber"] == 7].iloc[0]
    assert baris_7["nik"] == "63030110058000" and baris_7["nama"] == "UJI"
    assert baris_7["masalah"] == BENDERA["nik_tidak_valid"][1]
    assert dk.loc[dk["baris_sumber"] == 14, "alamat"].iloc[0] == "JL. KENANGA NO. 3"
    path = hasil.tulis_daftar_kerja(tmp_path / "RAHASIA" / "DAFTAR_KERJA_RAHASIA_6303.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == ["KETERANGAN", "DAFTAR_KERJA"]
    assert "RAHASIA" in str(next(wb["KETERANGAN"].iter_rows(values_only=True))[0])
    assert sum(1 for _ in wb["DAFTAR_KERJA"].iter_rows()) == len(harapan) + 1
    assert not list(tmp_path.glob("RAHASIA/.sementara_*"))


def test_skor_kualitas_desa(hasil):
    s = skor_kualitas(hasil.kubus, muat_aturan(), "desa")
    assert len(s) == 1
    baris = s.iloc[0]
    assert baris["persen_nik_valid"] == pytest.approx(round(100 * 20 / 23, 2))
    assert baris["persen_kk_valid"] == pytest.approx(
        round(100 * 18 / 23, 2)
    )  # minus 13,14,15,23,24
    assert baris["persen_umur_wajar"] == pytest.approx(round(100 * 21 / 23, 2))
    # weighted mean (weights 2,2,1,1,2,1) of the six components
    k = {
        "nik_valid": 20 / 23,
        "nik_unik": 21 / 23,
        "kk_valid": 18 / 23,
        "umur_wajar": 21 / 23,
        "tanpa_meninggal_penerima": 22 / 23,
        "progres_verval": 1.0,
    }
    w = {
        "nik_valid": 2,
        "nik_unik": 2,
        "kk_valid": 1,
        "umur_wajar": 1,
        "tanpa_meninggal_penerima": 2,
        "progres_verval": 1,
    }
    assert baris["skor_kualitas"] == pytest.approx(round(100 * sum(k[x] * w[x] for x in k) / 9, 1))


def test_aturan_kelayakan_dan_eksklusi_adalah_parameter(tmp_path):
    path = tulis_csv(tmp_path / "bnba.csv", REKAM)
    aturan = muat_aturan()
    program = {k: {**p.model_dump(), "desil_maks": 8} for k, p in aturan.program.items()}
    longgar = aturan.dengan(program=program, desil_eksklusi_maks=1)
    with cek_bnba(path, "6303", aturan=longgar, tanggal_acuan=ACUAN) as h:
        r = h.ringkasan()
    assert r["bendera"]["inklusi"] == 0  # desil 7 is eligible under desil <= 8
    assert r["bendera"]["eksklusi"] == 0  # F2 is desil 2, only desil 1 counts now


def test_wilayah_kemendagri_berbeda_dari_bps(tmp_path):
    """Bengkayang: BPS 6102, Kemendagri 6107. Region codes and NIK use 6107."""
    rek = [
        orang(
            "6107011005800001",
            "6107010101200001",
            "L",
            "1980-05-10",
            "kepala keluarga",
            kec="610701",
            desa="6107012001",
        ),
        orang(
            "6102011005800002",
            "6107010101200002",
            "L",
            "1980-05-10",
            "kepala keluarga",
            kec="610701",
            desa="6107012001",
        ),
    ]
    with cek_bnba(tulis_csv(tmp_path / "b.csv", rek), "6102", tanggal_acuan=ACUAN) as h:
        b = _bendera(h)
    # the NIK carrying the BPS code is flagged as issued elsewhere (warning only)
    assert b["nik_wilayah_beda"].tolist() == [False, True]
    assert h.data.kode_kemendagri == "6107"
