"""BNBA suppression and the privacy scan (analisis.bnba.privasi), the details: the publishable
summary under other rules and thresholds, several regions, the scan's patterns and messages,
and the files written."""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analisis.bnba import cek_bnba, muat_aturan, pindai_privasi, ringkasan_publik
from analisis.bnba.konfigurasi import Privasi
from analisis.bnba.privasi import TemuanPrivasi, simpan_publik, tekan_rasio, tekan_sel_kecil
from analisis.galat import GalatAnalisis
from test_bnba_cek import ACUAN as ACUAN_CEK
from test_bnba_cek import REKAM as REKAM_CEK
from test_bnba_cek import tulis_csv
from test_bnba_cek_rinci import ACUAN, REKAM

BPS = {"p0": 2.74, "penduduk": 600_639, "rse": 12.0, "tahun": 2025}


@pytest.fixture(scope="module")
def hasil(tmp_path_factory):
    path = tulis_csv(tmp_path_factory.mktemp("publik") / "bnba.csv", REKAM)
    h = cek_bnba(path, "6303", tanggal_acuan=ACUAN)
    yield h
    h.tutup()


def test_a_check_result_is_summarised_like_its_cube_and_rules(hasil):
    a = ringkasan_publik(hasil, bps=BPS)
    b = ringkasan_publik(hasil.kubus, hasil.aturan, bps=BPS)
    assert list(a) == list(b)
    for nama in a:
        pd.testing.assert_frame_equal(a[nama], b[nama])
        assert a[nama].attrs["privasi"] == {"n_minimum": 5, "penanda": "<5", "k_anonimitas": 5}


def test_other_threshold_and_marker(hasil):
    p = Privasi(n_minimum=2, penanda="≤1")
    r = ringkasan_publik(hasil, privasi=p, bps=BPS)
    ind = r["indikator_kualitas"].iloc[0]
    assert (ind["jumlah_individu"], ind["jumlah_keluarga"]) == (5, 4)
    # 1 of 2 desil-1 families covered: the numerator (1) is below 2, so the rate is hidden
    # (n × rate would give it back; the tables are suppressed as one system).
    assert ind["cakupan_desil1"] == "≤1" and ind["persen_nik_valid"] == 100.0
    desa = r["kualitas_desa"].set_index("kode_desa")
    # Each desa's size would follow from the other's and the published kabupaten total (5),
    # and both desa have a desil cell of 1 person: the sizes and their rates are hidden.
    assert list(desa["n_individu"]) == ["≤1", "≤1"] and list(desa["n_bermasalah"]) == [0, 0]
    assert list(desa["n_keluarga"]) == [2, 2]
    assert list(desa["skor_kualitas"]) == ["≤1", "≤1"]
    # Desa A: desil 1 = 2 persons, desil 3 = 1 person (suppressed, and so its partners).
    dd = r["desil_desa"].set_index("kode_desa")
    assert dd.loc["6303012001", ["desil_1", "desil_2", "desil_3", "jumlah"]].tolist() == [
        "≤1",
        0,
        "≤1",
        "≤1",
    ]
    assert r["desil_desa"].attrs["privasi"] == {"n_minimum": 2, "penanda": "≤1", "k_anonimitas": 2}
    # With the default threshold every desa count is below 5: sizes and rates are hidden; a
    # zero count of problems describes no person and stays (the sizes it could tie are hidden).
    baku = ringkasan_publik(hasil, bps=BPS)["kualitas_desa"]
    assert set(baku["n_individu"]) == {"<5"} and set(baku["n_keluarga"]) == {"<5"}
    assert set(baku["n_bermasalah"]) == {0} and set(baku["skor_kualitas"]) == {"<5"}


def test_other_eligibility_rules_change_the_targeting_tables(hasil):
    tanpa_tekan = Privasi(n_minimum=1)
    aturan = muat_aturan()
    program = {k: {**v.model_dump(), "desil_maks": 8} for k, v in aturan.program.items()}
    longgar = aturan.dengan(program=program)
    baku = ringkasan_publik(hasil.kubus, aturan, tanpa_tekan, bps=BPS)["sasaran_program"]
    lain = ringkasan_publik(hasil.kubus, longgar, tanpa_tekan, bps=BPS)["sasaran_program"]
    bpnt_baku = baku.set_index("program").loc["bpnt"]
    bpnt_lain = lain.set_index("program").loc["bpnt"]
    assert (bpnt_baku["inklusi"], bpnt_lain["inklusi"]) == (1, 0)  # desil 5 is eligible now
    assert (bpnt_baku["desil_maks"], bpnt_lain["desil_maks"]) == (4, 8)


def test_regions_are_listed_in_code_order(hasil):
    lain = hasil.kubus.assign(
        kode_wilayah="6371",
        kode_kecamatan="637101",
        kode_desa=lambda d: "637101" + d["kode_desa"].str[6:],
    )
    kubus = pd.concat([lain, hasil.kubus], ignore_index=True)
    r = ringkasan_publik(kubus, hasil.aturan, Privasi(n_minimum=1), bps=BPS)
    assert list(r["indikator_kualitas"]["kode_wilayah"]) == ["6303", "6371"]
    assert list(r["rekonsiliasi_bps"]["kode_wilayah"].unique()) == ["6303", "6371"]


def test_single_column_suppression_has_no_complement():
    df = pd.DataFrame({"n": [3, 40, 50]})
    a, _ = tekan_sel_kecil(df, ["n"], Privasi(), komplementer=True)
    b, _ = tekan_sel_kecil(df, ["n"], Privasi(), komplementer=False)
    assert a["n"].tolist() == b["n"].tolist() == ["<5", 40, 50]


# ------------------------------------------------------------------------------ scan


def test_scan_patterns(tmp_path):
    f = tmp_path / "keluaran.csv"
    baris = [
        "nik,6303011005800001",  # 1: 16 digits
        "angka,12345678901234567",  # 2: 17 digits: not a NIK
        "desimal,0.1234567890123456",  # 3: a fraction
        "nama,Siti Aminah",  # 4: a listed name, any case
        "teks,Sitinurbaya",  # 5: not the whole word
        "kode,x6303011005800001y",  # 6: letters around are boundaries
    ]
    f.write_text("\n".join(baris), "utf-8")
    temuan = pindai_privasi(f, nama_sintetis=["siti aminah", "siti", " "])
    assert [(t.jenis, t.baris) for t in temuan] == [
        ("angka_16_digit", 1),
        ("nama", 4),
        ("angka_16_digit", 6),
    ]
    assert str(temuan[0]) == f"{f}, baris 1: angka 16 digit (NIK/No KK?)"
    assert str(temuan[1]) == f"{f}, baris 4: nama dari daftar"
    assert pindai_privasi(f, nama_sintetis=[]) == [t for t in temuan if t.jenis != "nama"]


def test_digit_runs_inside_hex_digests_are_not_identifiers_but_a_nik_beside_them_is(tmp_path):
    import hashlib

    # A real sha256 digest holding a run of exactly 16 decimal digits (found by search, so the
    # case is a true digest, not a made-up string).
    digest = next(
        h
        for i in range(100_000)
        if re.search(r"(?<!\d)\d{16}(?!\d)", h := hashlib.sha256(str(i).encode()).hexdigest())
    )
    md5_like = "ab" + "6303011005800001" + "cd" * 7  # 32 hex characters
    f = tmp_path / "manifest.json"
    baris = [
        f'{{"sha256": "{digest}"}}',  # 1: a digest only
        f'"{md5_like}"',  # 2: an md5-sized hex token
        f'{{"sha256": "{digest}", "nik": "6303011005800001"}}',  # 3: a NIK beside a digest
        f"{digest}_6303011005800001",  # 4: a NIK after a digest and an underscore
        "ab6303011005800001cd",  # 5: short hex-looking token: a NIK inside letters
        "6303011005800001" + "0" * 16,  # 6: 32 digits: a number, never a NIK
        "kk:6303011005800001,deadbeef",  # 7: a NIK then a short hex word
        "A" * 10 + "6303011005800001" + "F" * 10,  # 8: upper-case hex of 36: a digest
    ]
    f.write_text("\n".join(baris), "utf-8")
    assert [t.baris for t in pindai_privasi(f, nama_sintetis=[])] == [3, 4, 5, 7]


def test_scan_of_folders_workbooks_exclusions_and_broken_files(tmp_path):
    (tmp_path / "pub").mkdir()
    (tmp_path / "pub" / "bersih.json").write_text('{"n": 12}', "utf-8")
    with zipfile.ZipFile(tmp_path / "pub" / "tabel.xlsx", "w") as z:
        z.writestr("xl/sharedStrings.xml", "<sst><si><t>6303011005800001</t></si></sst>")
        z.writestr("xl/media/gambar.png", "6303011005800001")  # not a text part
    (tmp_path / "pub" / "rusak.xlsx").write_bytes(b"bukan zip")
    (tmp_path / "RAHASIA").mkdir()
    (tmp_path / "RAHASIA" / "daftar.csv").write_text("6303011005800001", "utf-8")
    temuan = pindai_privasi(tmp_path, nama_sintetis=[], kecuali=[tmp_path / "RAHASIA"])
    hasil = sorted((t.berkas.split("/")[-1], t.jenis, t.baris) for t in temuan)
    assert hasil == [("rusak.xlsx", "tidak_terbaca", None), ("tabel.xlsx", "angka_16_digit", None)]
    rusak = next(t for t in temuan if t.jenis == "tidak_terbaca")
    assert rusak.keterangan and str(rusak) == f"{rusak.berkas}: nama dari daftar"
    assert (
        str(TemuanPrivasi("a.csv", "angka_16_digit", None)) == "a.csv: angka 16 digit (NIK/No KK?)"
    )
    assert pindai_privasi(tmp_path / "pub" / "bersih.json") == []
    with pytest.raises(GalatAnalisis) as e:
        pindai_privasi(tmp_path / "tidak_ada")
    assert (
        str(e.value)
        == f"Berkas atau folder '{tmp_path / 'tidak_ada'}' tidak ditemukan untuk dipindai."
    )


def test_publishable_files(hasil, tmp_path):
    keluaran = ringkasan_publik(hasil, bps=BPS)
    ditulis = simpan_publik(keluaran, tmp_path / "publik", meta={"wilayah": "6303"})
    assert [p.name for p in ditulis] == [f"{n}.csv" for n in keluaran] + ["ringkasan_publik.json"]
    isi = json.loads((tmp_path / "publik" / "ringkasan_publik.json").read_text("utf-8"))
    assert isi["meta"] == {"wilayah": "6303"} and list(isi["tabel"]) == list(keluaran)
    assert isi["tabel"]["indikator_kualitas"][0]["jumlah_keluarga"] == "<5"
    assert isi["catatan_rekonsiliasi"].startswith("Angka BPS adalah estimasi")
    csv = pd.read_csv(tmp_path / "publik" / "indikator_kualitas.csv", dtype=str)
    assert csv.loc[0, "jumlah_keluarga"] == "<5" and csv.loc[0, "kode_wilayah"] == "6303"
    assert not list((tmp_path / "publik").glob(".sementara_*"))
    assert pindai_privasi(tmp_path / "publik") == []


def test_scan_reads_every_text_part_of_an_archive_and_parquet_rows(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    arsip = tmp_path / "arsip.zip"
    with zipfile.ZipFile(arsip, "w") as z:
        for nama in ("a.csv", "b.json", "c.txt", "d.html", "e.rels"):
            z.writestr(nama, "6303011005800001")
        z.writestr("f.bin", "6303011005800001")
    temuan = pindai_privasi(arsip, nama_sintetis=[])
    assert [(t.jenis, t.baris) for t in temuan] == [("angka_16_digit", None)] * 5
    tabel = tmp_path / "t.parquet"
    pq.write_table(pa.table({"n": [1, 2], "nik": ["x", "6303011005800001"]}), tabel)
    assert [(t.jenis, t.baris) for t in pindai_privasi(tabel, nama_sintetis=[])] == [
        ("angka_16_digit", 2)
    ]


def test_publishable_files_in_a_new_nested_folder(hasil, tmp_path):
    folder = tmp_path / "a" / "b" / "publik"
    simpan_publik({"indikator_kualitas": pd.DataFrame({"nama": ["é"]})}, folder)
    teks = (folder / "ringkasan_publik.json").read_text("utf-8")
    assert teks.startswith('{\n "meta": {},\n "tabel": {\n  "indikator_kualitas": [')
    assert "é" in teks


def _bps(hasil, bps, **opsi) -> pd.DataFrame:
    return ringkasan_publik(hasil, privasi=Privasi(n_minimum=1), bps=bps, **opsi)[
        "rekonsiliasi_bps"
    ]


def test_reconciliation_uses_exactly_the_bps_figures_given(hasil):
    # p0 and population given, nothing else: no RSE, so no interval (the bundle is not read).
    r = _bps(hasil, {"p0": 2.74, "penduduk": 600_639})
    assert r.loc[0, "nilai"] == 16458 and np.isnan(r.loc[0, "batas_bawah"])
    assert r.loc[0, "keterangan"].startswith(
        "P0 2,74% × penduduk 600.639; RSE tidak tersedia, rentang tidak dihitung."
    )
    # Only a year given: the bundled P0 of that year.
    r = _bps(hasil, {"tahun": 2023})
    assert r.loc[0, "keterangan"].startswith("P0 2,44% × penduduk 600.639 (P0 Maret 2023;")
    r = _bps(hasil, {**BPS, "tahun_penduduk": 2020})
    assert r.loc[0, "keterangan"].startswith(
        "P0 2,74% × penduduk 600.639 (P0 Maret 2025; penduduk 2020); rentang 95% dari RSE 12%."
    )
    assert (r.loc[0, "batas_bawah"], r.loc[0, "batas_atas"]) == (12587.0, 20328.0)
    # BNBA counts of the reconciliation: shown at n_minimum 1, suppressed below 5 by default.
    bnba = r[r["sumber"] == "BNBA"]
    assert list(bnba["nilai"])[:2] == [3, 2]
    baku = ringkasan_publik(hasil, bps=BPS)["rekonsiliasi_bps"]
    assert set(baku.loc[baku["sumber"] == "BNBA", "nilai"]) == {"<5"}
    assert baku.loc[0, "nilai"] == 16458  # the BPS estimate is never suppressed


def test_publishable_table_names_and_other_quality_weights(hasil):
    r = ringkasan_publik(hasil, privasi=Privasi(n_minimum=1), bps=BPS)
    assert list(r) == [
        "indikator_kualitas",
        "kualitas_desa",
        "desil_kecamatan",
        "desil_desa",
        "sasaran_program",
        "sasaran_kecamatan",
        "kuadran_desa",
        "rekonsiliasi_bps",
    ]
    sasaran = r["sasaran_program"].set_index("program")
    assert sasaran.loc["pkh", "cakupan"] != "<5" and not isinstance(
        sasaran.loc["pkh", "cakupan"], str
    )
    # The quality score follows the weights of the rules given (here: NIK validity only).
    aturan = muat_aturan()
    hanya_nik = aturan.dengan(
        bobot_skor_kualitas={k: (1 if k == "nik_valid" else 0) for k in aturan.bobot_skor_kualitas}
    )
    kubus = cek_bnba_kubus_masalah()
    desa = ringkasan_publik(kubus, hanya_nik, Privasi(n_minimum=1), bps=BPS)["kualitas_desa"]
    assert list(desa["skor_kualitas"]) == [round(100 * 20 / 23, 1)]
    assert list(desa["persen_nik_valid"]) == [round(100 * 20 / 23, 2)]


def cek_bnba_kubus_masalah() -> pd.DataFrame:
    """The cube of the hand-built records of test_bnba_cek (23 rows, several problems)."""
    with (
        tempfile.TemporaryDirectory() as d,
        cek_bnba(tulis_csv(Path(d) / "b.csv", REKAM_CEK), "6303", tanggal_acuan=ACUAN_CEK) as h,
    ):
        return h.kubus


def test_small_cells_in_tables_of_two_columns_and_objects():
    df = pd.DataFrame({"a": [3, 40], "b": [10, 50]})
    hasil_tabel, tekan = tekan_sel_kecil(df, ["a", "b"], Privasi())
    assert hasil_tabel["a"].tolist() == ["<5", 40] and hasil_tabel["b"].tolist() == ["<5", 50]
    assert int(tekan.to_numpy().sum()) == 2
    campur = pd.DataFrame({"n": [3, None, 7]}, dtype=object)
    h, _ = tekan_sel_kecil(campur, ["n"], Privasi())
    assert h["n"].tolist()[0] == "<5" and pd.isna(h["n"].tolist()[1]) and h["n"].tolist()[2] == 7
    rasio = pd.DataFrame({"persen": [10.0, 20.0]})
    t = tekan_rasio(rasio, "persen", None, pd.Series([50, 50]), Privasi(), pd.Series([True, False]))
    assert t["persen"].tolist() == ["<5", 20.0]


def test_rates_and_quadrants_under_another_threshold(hasil):
    r = ringkasan_publik(hasil, privasi=Privasi(n_minimum=1), bps=BPS)
    pkh = r["sasaran_program"].set_index("program").loc["pkh"]
    assert not isinstance(pkh["galat_inklusi"], str) and not isinstance(pkh["cakupan"], str)
    dua = ringkasan_publik(hasil, privasi=Privasi(n_minimum=2), bps=BPS)["kuadran_desa"]
    b = dua.set_index("kode_desa").loc["6303012002"]
    # Desa B: 2 persons, 1 of them in desil 1–2: the small count, its complement (1 person
    # above desil 2) and so the desa size and rate are hidden; the quadrant label stays.
    assert (b["penduduk"], b["jumlah_miskin"], b["persen_miskin"]) == ("<2", "<2", "<2")
    assert b["kuadran"] == 4


def test_summary_counts_have_no_complement_and_follow_the_policy_given():
    kubus = cek_bnba_kubus_masalah()  # one desa: 23 persons, 14 families, 13 with problems
    r = ringkasan_publik(kubus, muat_aturan(), Privasi(n_minimum=14, penanda="kecil"), bps=BPS)
    desa = r["kualitas_desa"].iloc[0]
    # Only the small count is hidden: its partners are published totals elsewhere.
    assert (desa["n_individu"], desa["n_keluarga"], desa["n_bermasalah"]) == (23, 14, "kecil")
    # The totals of the desil tables follow the threshold given, not the default one.
    lebih = ringkasan_publik(kubus, muat_aturan(), Privasi(n_minimum=24, penanda="kecil"), bps=BPS)
    assert lebih["desil_kecamatan"]["jumlah"].tolist() == ["kecil"]
    assert lebih["desil_desa"]["jumlah"].tolist() == ["kecil"]


def test_publishable_csv_has_exactly_the_table_columns(tmp_path):
    tabel = pd.DataFrame({"kode_wilayah": ["6303"], "jumlah_keluarga": ["<5"]}, index=[7])
    simpan_publik({"indikator_kualitas": tabel}, tmp_path)
    teks = (tmp_path / "indikator_kualitas.csv").read_text("utf-8")
    assert teks.splitlines() == ["kode_wilayah,jumlah_keluarga", "6303,<5"]  # no index column
