"""The demo's BNBA: synthetic extracts declared in the province parameters (generated from
their seed, cached), and the quarterly progress of an evaluation result — the same suppressed
aggregates as ``bnba banding``, shown as report tables, a sentence and the XLSX download."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from analisis.bnba import pindai_privasi
from analisis.bnba.cek import cek_bnba
from analisis.bnba.cli import bnba
from analisis.bnba.sintetis_demo import SpekSintetis, jalur_sintetis, siapkan_sintetis
from analisis.bnba.triwulan import perkembangan_dari_cek, perkembangan_triwulan
from analisis.evaluasi import muat_params
from analisis.evaluasi import triwulan_bnba as tb
from analisis.galat import GalatValidasi
from analisis.laporan import format as fmt
from analisis.proyek import Proyek
from conftest import AKAR

ACUAN = date(2024, 12, 31)
SPEK = SpekSintetis("6303", 6303, 1500, ACUAN, dua_triwulan=True)


def _isi(p: Path) -> str:
    """The rows of a Parquet file (its metadata names the folder it was written to)."""
    t = pq.read_table(p)
    return hashlib.sha256(t.to_pandas().to_csv(index=False).encode()).hexdigest()


@pytest.fixture(scope="module")
def dua(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sintetis")
    siapkan_sintetis(SPEK, folder)
    return folder


@pytest.fixture(scope="module")
def perkembangan(dua):
    e = jalur_sintetis(SPEK, dua)
    return perkembangan_triwulan(
        e.lalu, e.berkas, "6303", tanggal_acuan_lama=e.tanggal_acuan_lalu, tanggal_acuan_baru=ACUAN
    )


def _bnba_hasil(p) -> dict:
    """The ``bnba`` section of an evaluation result holding this progress (as the evaluation
    stores it)."""
    return {
        "triwulan_keterangan": p.keterangan.ke_dict(),
        **{f"triwulan_{k.removeprefix('pergerakan_')}": v for k, v in p.tabel.items()},
    }


# ------------------------------------------------------------------ synthetic extracts, cached
def test_synthetic_extract_is_the_same_from_its_seed_and_generated_once(dua, tmp_path):
    e = jalur_sintetis(SPEK, dua)
    assert e.lalu is not None and e.lalu.is_file() and e.berkas.is_file()
    assert e.tanggal_acuan_lalu == date(2024, 10, 1)
    assert "SINTETIS" in e.berkas.name and "benih6303" in e.berkas.name
    lain = siapkan_sintetis(SPEK, tmp_path)  # a fresh checkout: same files from the seed
    assert _isi(lain.berkas) == _isi(e.berkas) and _isi(lain.lalu) == _isi(e.lalu)
    waktu = e.berkas.stat().st_mtime_ns
    siapkan_sintetis(SPEK, dua)  # cached: not written again
    assert e.berkas.stat().st_mtime_ns == waktu
    satu = siapkan_sintetis(SpekSintetis("6303", 6303, 1500, ACUAN), tmp_path)
    assert satu.lalu is None and satu.berkas != lain.berkas


def _params(tmp_path: Path, bnba_isi: object) -> tuple[Path, Proyek]:
    folder = tmp_path / "params"
    shutil.copytree(AKAR / "params", folder)
    berkas = folder / "provinsi" / "6300_kalimantan_selatan.yaml"
    isi = yaml.safe_load(berkas.read_text("utf-8"))
    isi["bnba"] = bnba_isi
    berkas.write_text(yaml.safe_dump(isi, allow_unicode=True), "utf-8")
    return berkas, Proyek.muat(params=folder)


def test_demo_params_declare_synthetic_extracts_for_three_regions_two_quarters_for_one():
    proyek = Proyek.muat()
    p = muat_params(provinsi="6300", proyek=proyek)
    assert sorted(p.bnba) == ["6303", "6309", "6371"]
    assert all(b.sintetis is not None for b in p.bnba.values())
    e = p.ekstrak_bnba("6303", proyek)
    assert e is not None and e.sintetis and e.lalu is not None
    assert e.berkas.is_relative_to(proyek.akar / "sintetis")  # never in the reports tree
    assert p.ekstrak_bnba("6301", proyek) is None


def test_a_file_and_its_previous_quarter_resolve_inside_params(tmp_path):
    berkas, proyek = _params(
        tmp_path,
        {
            "6303": "bnba/ini.csv",
            "6371": {"berkas": "bnba/ini.csv", "triwulan_lalu": "bnba/lalu.csv"},
        },
    )
    for nama in ("ini.csv", "lalu.csv"):
        (proyek.params / "bnba" / nama).write_text("nik\n", "utf-8")
    p = muat_params(berkas, proyek=proyek)
    satu, dua_ = p.ekstrak_bnba("6303", proyek), p.ekstrak_bnba("6371", proyek)
    assert satu is not None and satu.lalu is None and not satu.sintetis
    assert dua_ is not None and dua_.lalu == proyek.params / "bnba" / "lalu.csv"
    assert p.berkas_wilayah("6371", proyek)["bnba.6371.triwulan_lalu"] == dua_.lalu


@pytest.mark.parametrize(
    ("isi", "pesan"),
    [
        (
            {"berkas": "bnba/x.csv", "sintetis": {"benih": 1, "jumlah": 100, "tanggal_acuan": "2024-12-31"}},
            "isi tepat satu dari 'berkas' (ekstrak BNBA) atau 'sintetis'",
        ),
        ({"sintetis": {"benih": 1, "jumlah": 10, "tanggal_acuan": "2024-12-31"}}, "bnba.6303.sintetis.jumlah"),
        ({"triwulan_lalu": "bnba/x.csv"}, "isi tepat satu dari"),
    ],
)  # fmt: skip
def test_a_wrong_bnba_entry_names_its_key(tmp_path, isi, pesan):
    berkas, proyek = _params(tmp_path, {"6303": isi})
    with pytest.raises(GalatValidasi) as e:
        muat_params(berkas, proyek=proyek)
    teks = str(e.value) + " ".join(f"{m.kolom} {m.pesan}" for m in e.value.masalah)
    assert pesan in teks and "bnba.6303" in teks


# ------------------------------------------------------------------ quarterly progress
def test_progress_is_what_bnba_banding_publishes(dua, perkembangan, tmp_path):
    e = jalur_sintetis(SPEK, dua)
    keluaran = tmp_path / "banding"
    r = CliRunner().invoke(
        bnba,
        [
            "banding", str(e.lalu), str(e.berkas), "--wilayah", "6303",
            "--tanggal-acuan-lama", "2024-10-01", "--tanggal-acuan-baru", "2024-12-31",
            "--tanpa-daftar", "--keluaran", str(keluaran),
        ],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    for tingkat in ("kabupaten", "kecamatan", "desa"):
        cli = pd.read_csv(keluaran / "publik" / f"pergerakan_{tingkat}.csv", dtype=str)
        kita = perkembangan.tabel[f"pergerakan_{tingkat}"]
        assert list(cli.columns) == list(kita.columns)
        for c in cli.columns:
            assert [str(v) for v in cli[c]] == [
                str(v) if isinstance(v, str) else f"{v:g}" if isinstance(v, float) else str(v)
                for v in kita[c]
            ], (tingkat, c)
    k = perkembangan.keterangan
    assert k.sintetis and k.berkas_lama == e.lalu.name  # names, never paths
    assert "/" not in k.berkas_baru


@pytest.mark.parametrize("satu_basis", [False, True])
def test_progress_from_checked_extracts_is_the_progress_from_the_files(
    dua, perkembangan, satu_basis
):
    """The evaluation checks quarter t once for its own tables and compares that check with
    quarter t−1 (:func:`perkembangan_dari_cek`): the same publication as from the files, also
    with both checks on cursors of one DuckDB database (as the evaluation runs them)."""
    e = jalur_sintetis(SPEK, dua)
    assert e.lalu is not None
    db = duckdb.connect() if satu_basis else None
    with (
        cek_bnba(e.berkas, "6303", tanggal_acuan=ACUAN, con=db and db.cursor()) as baru,
        cek_bnba(
            e.lalu, "6303", tanggal_acuan=e.tanggal_acuan_lalu, con=db and db.cursor()
        ) as lama,
    ):
        p = perkembangan_dari_cek(lama, baru)
        assert baru.con.sql("SELECT count(*) FROM rek").fetchall()[0][0] > 0  # still open
        with cek_bnba(e.berkas, "6303", tanggal_acuan=ACUAN) as sendiri:
            pd.testing.assert_frame_equal(baru.kubus, sendiri.kubus, check_exact=True)
    assert p.keterangan == perkembangan.keterangan
    assert list(p.tabel) == list(perkembangan.tabel)
    for nama, tabel in perkembangan.tabel.items():
        pd.testing.assert_frame_equal(p.tabel[nama], tabel, check_exact=True)
    if db is not None:
        db.close()


def test_report_tables_show_published_counts_and_markers(perkembangan):
    b = _bnba_hasil(perkembangan)
    assert tb.ada_triwulan(b) and not tb.ada_triwulan({"triwulan_keterangan": None})
    kab = perkembangan.tabel["pergerakan_kabupaten"].iloc[0]
    gerak = tb.tabel_pergerakan(b)
    assert len(gerak) == 11 and gerak["Pergerakan"].iloc[0] == "Masuk desil 1"
    assert gerak["Orang (jiwa)"].iloc[0] == (
        kab["masuk_desil1_individu"]
        if isinstance(kab["masuk_desil1_individu"], str)
        else f"{kab['masuk_desil1_individu']:,}".replace(",", ".")
    )
    cakupan = tb.tabel_cakupan(b)
    assert list(cakupan.columns) == [
        "Triwulan",
        "Keluarga desil 1 (KK)",
        "Penerima sedikitnya satu program (KK)",
        "Cakupan program (persen)",
    ]
    assert list(cakupan["Triwulan"]) == [
        "Triwulan lalu (acuan 1 Oktober 2024)",
        "Triwulan ini (acuan 31 Desember 2024)",
    ]
    for akhiran, baris in (("lama", 0), ("baru", 1)):
        v = kab[f"cakupan_desil1_{akhiran}"]
        tampil = cakupan.iloc[baris, 3]
        # a suppressed rate never reads as "<5 persen"
        assert tampil == fmt.NILAI_TERSEMBUNYI if isinstance(v, str) else "," in tampil
    kec = tb.tabel_kecamatan(b)
    assert kec is not None and len(kec) == len(perkembangan.tabel["pergerakan_kecamatan"])
    kalimat = tb.kalimat_triwulan(b)
    assert kalimat.startswith("SINTETIS — ") and "masuk desil 1" in kalimat
    assert "<5 persen" not in kalimat


def test_suppressed_marker_shown_as_is():
    kab = {c: 7 for c in ("masuk_desil1", "keluar_desil1", "meninggal", "baru", "pindah_masuk")}
    baris = {f"{k}_{u}": v for k, v in kab.items() for u in ("individu", "keluarga")}
    baris["baru_keluarga"] = "<5"
    from analisis.bnba.banding import KATEGORI

    for k in KATEGORI:
        baris.setdefault(f"{k}_individu", 1234)
        baris.setdefault(f"{k}_keluarga", 0)
    baris |= {
        "kode_wilayah": "6303",
        "keluarga_desil1_lama": 93,
        "keluarga_desil1_program_lama": "<5",
        "cakupan_desil1_lama": "<5",
        "keluarga_desil1_baru": 101,
        "keluarga_desil1_program_baru": 89,
        "cakupan_desil1_baru": 88.12,
    }
    ket = {
        "kode_wilayah": "6303", "nama_wilayah": "Banjar", "kode_kemendagri": "6303",
        "desil_k": 4, "berkas_lama": "a.csv", "berkas_baru": "b.csv",
        "tanggal_acuan_lama": "2024-10-01", "tanggal_acuan_baru": "2024-12-31",
        "sintetis": False, "tidak_dapat_dicocokkan": {"lama": 0, "baru": 3},
        "n_minimum": 5, "tanda": "<5",
    }  # fmt: skip
    b = {"triwulan_keterangan": ket, "triwulan_kabupaten": [baris]}  # as read from JSON
    gerak = tb.tabel_pergerakan(b).set_index("Pergerakan")
    assert gerak.loc["Baru terdaftar", "Keluarga (KK)"] == "<5"
    assert gerak.loc["NIK berubah", "Orang (jiwa)"] == "1.234"
    cakupan = tb.tabel_cakupan(b)
    assert cakupan.iloc[:, 1:].values.tolist() == [
        ["93", "<5", "disembunyikan"],
        ["101", "89", "88,12"],
    ]
    kalimat = tb.kalimat_triwulan(b)
    assert not kalimat.startswith("SINTETIS")
    assert "disembunyikan (sel kecil) pada triwulan lalu, 88,12 persen pada triwulan ini" in kalimat
    assert "3 baris triwulan ini tidak dapat diikuti" in kalimat
    assert tb.tabel_kecamatan(b) is None


def test_xlsx_download_is_the_quarterly_table_without_identifiers(perkembangan, tmp_path):
    p = tb.tulis_unduhan_triwulan(_bnba_hasil(perkembangan), tmp_path / "triwulan_bnba_6303.xlsx")
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["KETERANGAN", "KABUPATEN", "KECAMATAN", "DESA"]
    ket = [r[0] for r in wb["KETERANGAN"].iter_rows(values_only=True)]
    assert ket[0].startswith("SINTETIS") and "Banjar" in ket[1]
    assert any("2024-10-01" in str(x) for x in ket) and any("<5" in str(x) for x in ket)
    kab = list(wb["KABUPATEN"].iter_rows(values_only=True))
    assert kab[0][1] == "Masuk desil 1 (jiwa)" and len(kab) == 2
    assert len(list(wb["DESA"].iter_rows())) == len(perkembangan.tabel["pergerakan_desa"]) + 1
    assert pindai_privasi([p]) == []
