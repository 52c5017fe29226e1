"""The published BNBA tables of an evaluation result as readers see them: Indonesian headings
with units, published values or the suppression marker, the village-quadrant sentence and the
per-desa XLSX download (from a real check of the demo's synthetic extract)."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pandas as pd
import pytest

from analisis.bnba import cek_bnba, pindai_privasi, ringkasan_publik
from analisis.bnba.sintetis_demo import SpekSintetis, jalur_sintetis, siapkan_sintetis
from analisis.evaluasi import tabel_bnba as tb
from analisis.laporan import format as fmt

SPEK = SpekSintetis("6303", 6303, 1500, date(2024, 12, 31))
SATUAN = ("(jiwa", "(KK", "(persen", "(0–100)")


@pytest.fixture(scope="module")
def bnba(tmp_path_factory) -> dict:
    """The ``bnba`` section of an evaluation result (as :func:`evaluasi_wilayah` keeps it)."""
    folder = tmp_path_factory.mktemp("sintetis")
    siapkan_sintetis(SPEK, folder)
    e = jalur_sintetis(SPEK, folder)
    with cek_bnba(e.berkas, "6303", tanggal_acuan=SPEK.tanggal_acuan) as cek:
        tabel = {k: v.reset_index(drop=True) for k, v in ringkasan_publik(cek).items()}
    return {**tabel, "sintetis": True}


def _dari_json(bnba: dict) -> dict:
    """The section as read back from the stored result (records, no DataFrame attrs)."""
    return {
        k: json.loads(v.to_json(orient="records")) if isinstance(v, pd.DataFrame) else v
        for k, v in bnba.items()
    }


@pytest.mark.parametrize("kunci", [*tb.TABEL_LAPORAN, *tb.TABEL_DESA])
def test_every_shown_column_has_an_indonesian_heading_and_counts_have_units(bnba, kunci):
    asli = bnba[kunci]
    d = tb.tabel_tampil(bnba, kunci)
    assert d is not None and len(d) == len(asli)
    assert all("_" not in k for k in d.columns)
    for kode, (judul, jenis) in tb.kolom_tampil(bnba, kunci).items():
        if judul not in d.columns:  # only the BPS interval, when no row has one
            assert kode in ("batas_bawah", "batas_atas") and asli[kode].isna().all()
            continue
        if jenis in ("jumlah", "persen", "desimal"):
            assert any(s in judul for s in SATUAN), judul
        for v, tampil in zip(asli[kode], d[judul], strict=True):
            if jenis in ("teks", "kode", "unit", "desil"):
                continue
            if isinstance(v, str):  # the marker as it is; a suppressed rate in words
                assert tampil == (fmt.NILAI_TERSEMBUNYI if jenis == "persen" else v)
            elif jenis == "jumlah" and not pd.isna(v):
                assert tampil == f"{int(v):,}".replace(",", ".")
    # Read back from the stored result, the same text.
    assert tb.tabel_tampil(_dari_json(bnba), kunci).equals(d)


def test_programme_and_reconciliation_tables_read_as_words(bnba):
    s = tb.tabel_tampil(bnba, "sasaran_program")
    assert "pbi_jk" not in s.to_string() and set(s["Dihitung per"]) <= {
        "keluarga (KK)",
        "orang (jiwa)",
    }
    assert set(s["Sasaran"]) == {"desil 1–4"}
    r = tb.tabel_tampil(bnba, "rekonsiliasi_bps")
    assert "Keterangan" not in r.columns  # printed once, under the table
    assert tb.catatan_rekonsiliasi(bnba).startswith("P0 ")
    k = tb.tabel_tampil(bnba, "kuadran_desa")
    assert "Penduduk desil 1–2 (jiwa)" in k.columns
    assert tb.kolom_kode("kuadran_desa") == ["Kode kecamatan", "Kode desa"]


def test_quadrant_sentence_counts_every_desa(bnba):
    d = bnba["kuadran_desa"]
    kalimat = tb.kalimat_kuadran(bnba)
    assert kalimat == tb.kalimat_kuadran(_dari_json(bnba))
    assert f"({len(d)} desa; ambang = rata-rata desa, " in kalimat
    for label, n in d["label_kuadran"].value_counts().items():
        assert f"{n} desa di {label}" in kalimat
    assert tb.kalimat_kuadran({}) is None and not tb.ada_tabel_desa({})


def test_per_desa_download_holds_the_published_tables_and_no_identifier(bnba, tmp_path):
    p = tb.tulis_unduhan_desa(_dari_json(bnba), "Banjar", tmp_path / "bnba_desa_6303.xlsx")
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["Catatan", "Kualitas per desa", "Kuadran desa"]
    catatan = [r[0] for r in wb["Catatan"].iter_rows(values_only=True)]
    assert catatan[1].startswith("SINTETIS") and "Banjar" in catatan[2]
    assert "'<5'" in catatan[3]
    for lembar, kunci in (("Kualitas per desa", "kualitas_desa"), ("Kuadran desa", "kuadran_desa")):
        baris = list(wb[lembar].iter_rows(values_only=True))
        assert len(baris) == len(bnba[kunci]) + 1
        assert baris[0][:2] == ("Kode kecamatan", "Kode desa")
        assert [r[1] for r in baris[1:]] == list(bnba[kunci]["kode_desa"])
    assert pindai_privasi([p]) == []


def test_the_suppression_rule_is_stated_from_the_policy_in_force(tmp_path):
    from types import SimpleNamespace

    from analisis.bnba.konfigurasi import muat_privasi
    from analisis.evaluasi.tampilan import bnba_pengantar

    lain = tb.kalimat_penekanan(10, "s")
    assert "kurang dari 10 orang atau keluarga" in lain and "sebagai 's' (" in lain
    baku = muat_privasi()
    kalimat = tb.kalimat_penekanan()
    assert (
        f"kurang dari {baku.n_minimum} orang" in kalimat and f"sebagai '{baku.tanda}' (" in kalimat
    )
    # The report's BNBA introduction states the same sentence (no fixed "<5" text).
    assert kalimat in bnba_pengantar(SimpleNamespace(bnba={"sintetis": False})).data
    # A project policy with another threshold is the one stated.
    berkas = tmp_path / "privasi.yaml"
    berkas.write_text("n_minimum: 7\n", "utf-8")
    p = muat_privasi(berkas)
    assert "kurang dari 7 orang atau keluarga" in tb.kalimat_penekanan(p.n_minimum, p.tanda)
    assert "sebagai '<7' (" in tb.kalimat_penekanan(p.n_minimum, p.tanda)
