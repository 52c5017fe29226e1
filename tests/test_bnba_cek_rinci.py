"""BNBA verval checks (analisis.bnba.cek), the details: the aggregate cube cell by cell, cubes of
partitions joined back, the per-area sums and the quality score (with and without a verval
status column)."""

from __future__ import annotations

import zipfile
from datetime import date

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analisis.bnba import cek_bnba, muat_aturan
from analisis.bnba.cek import (
    BENDERA,
    gabung_kubus,
    indikator_kualitas,
    jumlah_per,
    kolom_hitung,
    nama_daftar_kerja,
    periksa,
    ringkasan_kubus,
    skor_kualitas,
)
from analisis.bnba.skema import muat_bnba, sambung
from analisis.galat import GalatAnalisis
from test_bnba_cek import KOLOM, orang, tulis_csv
from test_bnba_cek import REKAM as REKAM_CEK

ACUAN = date(2025, 6, 30)
A, B = "6303012001", "6303012002"
KK = "630301010140{:04d}"

#: Two desa of kecamatan 630301. A: F1 desil 1 with PKH (2 persons), F2 desil 3 without a
#: programme. B: F3 desil 1 without a programme (exclusion suspect), F4 desil 5 with Sembako
#: (inclusion suspect: eligible up to desil 4).
REKAM = [
    orang(
        "6303011005800001",
        KK.format(1),
        "L",
        "1980-05-10",
        "kepala keluarga",
        desil=1,
        pkh=1,
        desa=A,
    ),
    orang("6303015507820001", KK.format(1), "P", "1982-07-15", "istri", desil=1, pkh=1, desa=A),
    orang("6303010303700001", KK.format(2), "L", "1970-03-03", "kepala keluarga", desil=3, desa=A),
    orang("6303010404750001", KK.format(3), "L", "1975-04-04", "kepala keluarga", desil=1, desa=B),
    orang(
        "6303010505650001",
        KK.format(4),
        "L",
        "1965-05-05",
        "kepala keluarga",
        desil=5,
        bpnt=1,
        desa=B,
    ),
]

NOL = {f"n_{b}": 0 for b in BENDERA}


def _kubus(path) -> pd.DataFrame:
    with cek_bnba(path, "6303", tanggal_acuan=ACUAN) as h:
        return h.kubus


@pytest.fixture(scope="module")
def kubus(tmp_path_factory) -> pd.DataFrame:
    return _kubus(tulis_csv(tmp_path_factory.mktemp("kubus") / "bnba.csv", REKAM))


def _sel(kubus: pd.DataFrame, desa: str, desil: int) -> dict:
    [baris] = kubus[(kubus["kode_desa"] == desa) & (kubus["desil"] == desil)].to_dict("records")
    return baris


def test_cube_cell_by_cell(kubus):
    assert list(kubus.columns[:4]) == ["kode_wilayah", "kode_kecamatan", "kode_desa", "desil"]
    assert kolom_hitung(kubus) == list(kubus.columns[4:])
    assert [(d, int(s)) for d, s in zip(kubus["kode_desa"], kubus["desil"], strict=True)] == [
        (A, 1),
        (A, 3),
        (B, 1),
        (B, 5),
    ]
    assert set(kubus["kode_kecamatan"]) == {"630301"} and set(kubus["kode_wilayah"]) == {"6303"}
    bersih = {"n_bermasalah": 0, "k_kk_alamat_ganda": 0, "k_kk_tidak_valid": 0}
    harapan = {
        **NOL,
        **bersih,
        "n_individu": 2,
        "n_keluarga": 1,
        "n_nik_valid": 2,
        "n_kk_valid": 2,
        "n_verval_sudah": 2,
        "k_program": 1,
        "k_eksklusi": 0,
        "k_inklusi": 0,
        "rk_pkh": 1,
        "rk_bpnt": 0,
        "rk_pbi_jk": 0,
        "r_pkh": 2,
        "r_bpnt": 0,
        "r_pbi_jk": 0,
    }
    a1 = _sel(kubus, A, 1)
    assert {k: a1[k] for k in harapan} == harapan
    assert set(a1) == set(harapan) | {"kode_wilayah", "kode_kecamatan", "kode_desa", "desil"}
    a3 = _sel(kubus, A, 3)
    assert (a3["n_individu"], a3["n_keluarga"], a3["k_program"], a3["r_pkh"]) == (1, 1, 0, 0)
    b1 = _sel(kubus, B, 1)
    assert (b1["n_eksklusi"], b1["k_eksklusi"], b1["n_bermasalah"], b1["k_program"]) == (1, 1, 0, 0)
    b5 = _sel(kubus, B, 5)
    assert (b5["n_inklusi"], b5["k_inklusi"], b5["k_program"], b5["rk_bpnt"], b5["r_bpnt"]) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert all(kubus[c].dtype == np.int64 for c in kolom_hitung(kubus))
    assert set(kubus.attrs["program"]) == {"pkh", "bpnt", "pbi_jk"}
    assert kubus.attrs["program"]["bpnt"]["desil_maks"] == 4


def test_sums_per_area(kubus):
    desa = jumlah_per(kubus, "desa")
    assert list(desa["kode_desa"]) == [A, B] and list(desa["n_individu"]) == [3, 2]
    kec = jumlah_per(kubus, "kecamatan")
    assert list(kec.columns[:2]) == ["kode_wilayah", "kode_kecamatan"] and len(kec) == 1
    assert int(kec["n_keluarga"].iloc[0]) == 4
    kab = jumlah_per(kubus, "kabupaten")
    assert list(kab["kode_wilayah"]) == ["6303"] and int(kab["k_program"].iloc[0]) == 2
    with pytest.raises(GalatAnalisis) as e:
        jumlah_per(kubus, "provinsi")
    assert str(e.value) == "Tingkat 'provinsi' tidak dikenal: pilih desa, kecamatan atau kabupaten."


def test_indicators_and_summary_of_the_cube(kubus):
    assert indikator_kualitas(kubus) == {
        "progres_verval": 100.0,
        "persen_nik_valid": 100.0,
        "persen_duplikat": 0.0,
        "cakupan_desil1": 50.0,  # F1 of F1, F3
    }
    r = ringkasan_kubus(kubus)
    assert (r["jumlah_baris"], r["jumlah_keluarga"], r["jumlah_kecamatan"], r["jumlah_desa"]) == (
        5,
        4,
        1,
        2,
    )
    assert r["keluarga"] == {"kk_tidak_valid": 0, "kk_alamat_ganda": 0, "inklusi": 1, "eksklusi": 1}
    assert r["bendera"]["inklusi"] == 1 and r["baris_bermasalah"] == 0


def test_partitions_join_back_into_the_whole_cube(kubus, tmp_path):
    satu = _kubus(tulis_csv(tmp_path / "a.csv", REKAM[:3]))
    dua = _kubus(tulis_csv(tmp_path / "b.csv", REKAM[3:]))
    gabung = gabung_kubus([dua, pd.DataFrame(), satu])
    pd.testing.assert_frame_equal(gabung, kubus, check_dtype=True)
    assert gabung.attrs["program"] == kubus.attrs["program"]
    ganda = gabung_kubus([satu, satu])
    assert list(ganda["n_individu"]) == [4, 2] and ganda["n_individu"].dtype == np.int64
    with pytest.raises(GalatAnalisis) as e:
        gabung_kubus([pd.DataFrame(), pd.DataFrame()])
    assert str(e.value) == "Tidak ada data untuk digabung."


def test_without_a_verval_status_column(tmp_path):
    kolom = [k for k in KOLOM if k != "status_verval"]
    path = tulis_csv(tmp_path / "tanpa_status.csv", REKAM, kolom)
    with cek_bnba(path, "6303", tanggal_acuan=ACUAN) as h:
        kubus = h.kubus
        desa = h.kualitas_desa()
    assert kubus["n_verval_sudah"].isna().all()
    assert np.isnan(indikator_kualitas(kubus)["progres_verval"])
    # The verval component is dropped and the other weights share the score.
    assert desa.attrs["komponen"] == [
        "nik_valid",
        "nik_unik",
        "kk_valid",
        "umur_wajar",
        "tanpa_meninggal_penerima",
    ]
    assert list(desa["skor_kualitas"]) == [100.0, 100.0]
    assert desa["persen_progres_verval"].isna().all()
    gabung = gabung_kubus([kubus, kubus])
    assert gabung["n_verval_sudah"].isna().all() and int(gabung["n_individu"].sum()) == 10


def test_quality_score_per_desa_and_kecamatan(kubus):
    aturan = muat_aturan()
    desa = skor_kualitas(kubus, aturan, "desa")
    assert list(desa.columns) == [
        "kode_wilayah",
        "kode_kecamatan",
        "kode_desa",
        "n_individu",
        "n_keluarga",
        "n_bermasalah",
        "persen_nik_valid",
        "persen_nik_unik",
        "persen_kk_valid",
        "persen_umur_wajar",
        "persen_tanpa_meninggal_penerima",
        "persen_progres_verval",
        "skor_kualitas",
    ]
    assert list(desa["skor_kualitas"]) == [100.0, 100.0]
    kec = skor_kualitas(kubus, aturan, "kecamatan")
    assert list(kec["kode_kecamatan"]) == ["630301"] and list(kec["n_individu"]) == [5]
    kosong = kubus.assign(**{c: 0 for c in kolom_hitung(kubus)})
    assert skor_kualitas(kosong, aturan)["skor_kualitas"].isna().all()  # no person, no score


def test_worklist_file_name():
    assert nama_daftar_kerja("6303") == "DAFTAR_KERJA_RAHASIA_6303.xlsx"


def test_private_worklist_columns_and_workbook(tmp_path):

    path = tulis_csv(tmp_path / "bnba.csv", REKAM_CEK)
    with cek_bnba(path, "6303", tanggal_acuan=ACUAN) as h:
        dk = h.daftar_kerja()
        tujuan = h.tulis_daftar_kerja(tmp_path / "RAHASIA" / nama_daftar_kerja("6303"))
    assert list(dk.columns) == [
        "kode_kecamatan",
        "kode_desa",
        "no_kk",
        "nik",
        "nama",
        "jenis_kelamin",
        "tanggal_lahir",
        "hubungan_keluarga",
        "alamat",
        "desil",
        "pkh",
        "bpnt",
        "pbi_jk",
        "meninggal",
        "status_verval",
        "jumlah_masalah",
        "masalah",
        *BENDERA,
        "baris_sumber",
    ]
    baris_8 = dk[dk["baris_sumber"] == 8].iloc[0]
    assert baris_8["no_kk"] == "6303010101200004" and baris_8["tanggal_lahir"] == "1985-02-02"
    wb = openpyxl.load_workbook(tujuan, read_only=True)
    ket = [r for r in wb["KETERANGAN"].iter_rows(values_only=True)]
    assert ket[0][0] == (
        "RAHASIA — berisi data pribadi (NIK, nama, alamat). Hanya untuk analis/verval. "
        "JANGAN dipublikasikan atau dibagikan (UU 27/2022 tentang Pelindungan Data Pribadi)."
    )
    assert ket[3][0] == f"Jumlah baris bermasalah: {len(dk)}"
    assert ("kolom", "tingkat", "arti") in [tuple(r[:3]) for r in ket]
    assert ("nik_ganda", "galat", BENDERA["nik_ganda"][1]) in [tuple(r[:3]) for r in ket]
    isi = list(wb["DAFTAR_KERJA"].iter_rows(values_only=True))
    kepala = list(isi[0])
    pertama = dict(zip(kepala, isi[1], strict=True))
    # Counts are number cells, flags "ya" or empty, identities text (never rounded).
    assert isinstance(pertama["desil"], int) and isinstance(pertama["jumlah_masalah"], int)
    assert isinstance(pertama["baris_sumber"], int)
    assert {pertama[b] for b in BENDERA} <= {"ya", None}
    assert isinstance(pertama["nik"], str)
    # Only the worklist sheet has a frozen header row; the explanation sheet is plain text.

    with zipfile.ZipFile(tujuan) as z:
        assert 'state="frozen"' not in z.read("xl/worksheets/sheet1.xml").decode()
        assert 'state="frozen"' in z.read("xl/worksheets/sheet2.xml").decode()


def test_private_worklist_without_optional_columns(tmp_path):
    kolom = [
        "nik",
        "no_kk",
        "jenis_kelamin",
        "tanggal_lahir",
        "hubungan_keluarga",
        "alamat",
        "kode_kecamatan",
        "kode_desa",
        "desil",
    ]
    rekam = [
        orang("6303011005800001", KK.format(1), "L", "1980-05-10", "kepala keluarga", desil=1),
        orang("630301100580", KK.format(2), "L", "1980-05-10", "kepala keluarga", desil=6),
    ]
    path = tulis_csv(tmp_path / "minimal.csv", rekam, kolom)
    with cek_bnba(path, "6303", tanggal_acuan=ACUAN) as h:
        assert h.program == []
        dk = h.daftar_kerja()
    assert list(dk["baris_sumber"]) == [2, 3]  # exclusion suspect, invalid NIK
    assert dk["nama"].isna().all() and dk["meninggal"].isna().all()
    assert dk["status_verval"].isna().all()
    assert "pkh" not in dk.columns


def test_joined_cubes_keep_every_programme(kubus):
    a = kubus.copy()
    a.attrs["program"] = {"pkh": {"desil_maks": 4}}
    b = kubus.assign(kode_wilayah="6371")
    b.attrs["program"] = {"bpnt": {"desil_maks": 4}}
    assert gabung_kubus([a, b]).attrs["program"] == {
        "pkh": {"desil_maks": 4},
        "bpnt": {"desil_maks": 4},
    }


def test_without_age_gap_rules_and_timings(tmp_path):
    aturan = muat_aturan().dengan(selisih_umur_kepala={})
    path = tulis_csv(tmp_path / "bnba.csv", REKAM)
    with cek_bnba(path, "6303", aturan=aturan, tanggal_acuan=ACUAN) as h:
        assert h.ringkasan()["bendera"]["umur_tidak_wajar"] == 0
        assert set(h.detik) >= {"keluarga", "bendera", "kubus"}
        assert all(0 <= v < 3600 for v in h.detik.values())
        # CPU seconds of the same stages (all threads of the process).
        assert set(h.cpu) == set(h.detik)
        assert all(0 <= v < 3600 for v in h.cpu.values())


def test_sums_per_area_are_in_code_order(kubus):
    acak = kubus.iloc[::-1].reset_index(drop=True)
    assert list(jumlah_per(acak, "desa")["kode_desa"]) == [A, B]


def test_duplicates_known_from_other_partitions_flag_rows_here(tmp_path):
    # A NIK above 2**53 (a Papua prefix) must survive the set union exactly: as a float it
    # would round to an even neighbour and miss the row.
    papua = "9471011005800001"
    assert int(papua) > 2**53 and float(int(papua)) != int(papua)
    rekam = [{**REKAM[0], "nik": papua}, *REKAM[1:]]
    path = tulis_csv(tmp_path / "bnba.csv", rekam)
    con = sambung()
    try:
        data = muat_bnba(path, "6303", con=con)
        sendiri = periksa(data, tanggal_acuan=ACUAN).kubus
        luar = periksa(data, tanggal_acuan=ACUAN, nik_ganda_luar=[int(papua), 1]).kubus
    finally:
        con.close()
    assert int(sendiri["n_nik_ganda"].sum()) == 0
    assert _sel(luar, A, 1)["n_nik_ganda"] == 1
    assert int(luar["n_nik_ganda"].sum()) == 1


def test_age_gap_of_zero_years_flags_a_child_older_than_the_head(tmp_path):
    aturan = muat_aturan().dengan(selisih_umur_kepala={"anak": 0})
    anak = orang("6303011005780001", KK.format(1), "L", "1978-05-10", "anak", desil=1, desa=A)
    path = tulis_csv(tmp_path / "bnba.csv", [*REKAM, anak])
    with cek_bnba(path, "6303", aturan=aturan, tanggal_acuan=ACUAN) as h:
        assert h.ringkasan()["bendera"]["umur_tidak_wajar"] == 1
    tua = muat_aturan().dengan(selisih_umur_kepala={"anak": -1})  # at least a year older
    with cek_bnba(path, "6303", aturan=tua, tanggal_acuan=ACUAN) as h:
        assert h.ringkasan()["bendera"]["umur_tidak_wajar"] == 0


@pytest.mark.parametrize("garam", [None, b"garam-uji-0123456789"])
def test_daftar_kerja_ditulis_bertahap_sama_dengan_satu_bingkai(tmp_path, monkeypatch, garam):
    """The worklist is streamed from DuckDB in chunks (one chunk in memory, not the list): with
    chunks of 17 rows and sheets of 50 rows, the workbook holds exactly the cells that the
    one-frame writer gives for :func:`daftar_kerja`, across several sheets."""
    import analisis.bnba.cek as cek_modul
    import analisis.bnba.daftar_rahasia as dr
    from analisis.bnba import buat_contoh

    m = buat_contoh("6303", 3_000, seed=5, tujuan=tmp_path, tanggal_acuan=ACUAN)
    monkeypatch.setattr(dr, "_BATAS_BARIS", 50)
    monkeypatch.setattr(cek_modul, "BARIS_PER_POTONGAN_DAFTAR", 17)
    with cek_bnba(m.berkas[0], "6303", tanggal_acuan=ACUAN) as h:
        bertahap = h.tulis_daftar_kerja(tmp_path / "bertahap" / "DAFTAR.xlsx", garam)
        df = h.daftar_kerja()
        satu = dr.tulis_daftar_rahasia(
            tmp_path / "satu" / "DAFTAR.xlsx",
            df,
            [[f"Jumlah baris bermasalah: {len(df)}"]],
            "DAFTAR_KERJA",
            "uji",
            ya_tidak=list(BENDERA),
            bulat=["desil", "jumlah_masalah", "baris_sumber"],
            garam=garam,
        )
    assert 100 < len(df) < 1_000  # several sheets, several chunks per sheet

    def isi(path):
        wb = openpyxl.load_workbook(path, read_only=True)
        return {n: list(wb[n].iter_rows(values_only=True)) for n in wb.sheetnames[1:]}

    a, b = isi(bertahap), isi(satu)
    assert list(a) == [f"DAFTAR_KERJA{'' if i == 1 else f'_{i}'}" for i in range(1, len(a) + 1)]
    assert len(a) == -(-len(df) // 50) and a == b
    assert sum(len(v) - 1 for v in a.values()) == len(df)
    ket = [r[0] for r in openpyxl.load_workbook(bertahap, read_only=True)["KETERANGAN"].values if r]
    assert f"Jumlah baris bermasalah: {len(df)}" in ket


def test_daftar_rahasia_menolak_jumlah_baris_yang_tidak_cocok(tmp_path):
    import pandas as pd

    from analisis.bnba.daftar_rahasia import tulis_daftar_rahasia_bertahap

    df = pd.DataFrame({"nik": ["6303011005800001", "6303011005800002"], "desil": [1, 2]})
    with pytest.raises(RuntimeError, match="3 rows announced, 2 received"):
        tulis_daftar_rahasia_bertahap(
            tmp_path / "D.xlsx", list(df.columns), 3, iter([df]), [], "DAFTAR", "uji"
        )
    assert not list(tmp_path.iterdir())


def test_invalid_and_blank_no_kk_form_families_by_their_text(tmp_path):
    """An invalid non-blank No KK groups its rows by the trimmed text (same text, one family,
    also with surrounding spaces; another text, another family); a blank No KK is a family of
    its own per row. Every such family counts as ``kk_tidak_valid``."""
    rusak = "63030101014000"  # 14 digits
    rekam = [
        orang("6303011005800001", rusak, "L", "1980-05-10", "kepala keluarga", desil=1, pkh=1),
        orang("6303015507820001", f"  {rusak} ", "P", "1982-07-15", "istri", desil=1, pkh=1),
        orang("6303010303700001", "6303010101X00002", "L", "1970-03-03", "kepala keluarga"),
        orang("6303010404750001", "", "L", "1975-04-04", "kepala keluarga"),
        orang("6303010505650001", "   ", "L", "1965-05-05", "kepala keluarga"),
        orang("6303010606600001", KK.format(7), "L", "1960-06-06", "kepala keluarga"),
    ]
    path = tulis_csv(tmp_path / "kk_rusak.csv", rekam)
    with cek_bnba(path, "6303", tanggal_acuan=ACUAN) as h:
        r = h.ringkasan()
        keluarga = h.con.sql(
            "SELECT list(_baris ORDER BY _baris) FROM rek GROUP BY kk_key ORDER BY 1"
        ).fetchall()
    assert sorted(k[0] for k in keluarga) == [[2, 3], [4], [5], [6], [7]]
    assert r["jumlah_keluarga"] == 5
    assert r["keluarga"]["kk_tidak_valid"] == 4
    assert r["bendera"]["kk_tidak_valid"] == 5
