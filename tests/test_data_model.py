"""The bundled data and the one data model (xarray Dataset keyed by BPS code × year)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analisis.data.cakupan import catatan_untuk, ringkasan, tabel_cakupan
from analisis.data.model import Basisdata, muat_bundel
from analisis.data.validasi import Kandidat, validasi
from analisis.data.wilayah import PencocokWilayah, muat_wilayah, wilayah_provinsi


@pytest.fixture(scope="module")
def basis() -> Basisdata:
    return Basisdata.muat(impor=False)


def test_region_master_has_56_kabkota_5_provinces_and_indonesia():
    w = muat_wilayah()
    assert w["tingkat"].value_counts().to_dict() == {
        "kabupaten": 47,
        "kota": 9,
        "provinsi": 5,
        "nasional": 1,
    }
    # Kemendagri codes differ for 23 kabupaten and are kept as an attribute only.
    assert int((w["kode_sama"] == False).sum()) == 23
    assert w.at["6102", "wilayah"] == "Bengkayang" and w.at["6102", "kode_kemendagri"] == "6107"
    assert wilayah_provinsi("63") == [
        "6301",
        "6302",
        "6303",
        "6304",
        "6305",
        "6306",
        "6307",
        "6308",
        "6309",
        "6310",
        "6311",
        "6371",
        "6372",
    ]


@pytest.mark.parametrize(
    "label,kode",
    [
        ("Kota Baru", "6302"),  # old BPS spelling of the kabupaten Kotabaru, not a kota
        ("Pontianak", "6104"),  # old name of Mempawah
        ("Kota Pontianak", "6171"),
        ("KAB. BANJAR", "6303"),
        ("Banjarmasin", "6371"),
        ("Mahakam Hulu", "6411"),
        ("Kota Banjar Baru", "6372"),
        ("Palangkaraya", "6271"),
        ("INDONESIA", "0000"),
        ("Provinsi Kalimantan Timur", "6400"),
    ],
)
def test_region_names_in_bps_spelling_are_recognised(label, kode):
    assert PencocokWilayah().cocokkan(label).kode == kode


def test_unknown_region_name_gets_closest_suggestion():
    hasil = PencocokWilayah().cocokkan("Banjr")
    assert hasil.kode is None
    assert hasil.saran[0] == "Banjar (6303)"


def test_bundled_data_passes_every_validation_rule():
    t = muat_bundel()
    assert len(t) == 2267 + 2582
    assert validasi(Kandidat(t.assign(_berkas="bundel")), None) == []


def test_dataset_dims_coords_attrs_and_gaps(basis):
    ds = basis.dataset()
    assert ds.sizes == {"wilayah": 62, "tahun": 11}
    assert list(ds["tahun"].values[[0, -1]]) == [2015, 2025]
    banjar = ds.sel(wilayah="6303")
    assert banjar["nama"].item() == "Banjar" and banjar["provinsi"].item() == "Kalimantan Selatan"
    assert float(banjar["p0"].sel(tahun=2024)) == 2.36
    assert banjar["p0_kualitas"].sel(tahun=2024).item() == "A"
    # A gap stays a gap: Banjar has no P0 before 2019 in the bundle.
    assert math.isnan(float(banjar["p0"].sel(tahun=2018)))
    assert banjar["p0_kualitas"].sel(tahun=2018).item() == ""
    assert ds["p0"].attrs["satuan"] == "persen" and ds["p0"].attrs["periode"] == "Maret"
    assert ds["p0"].attrs["arah"] == -1
    assert ds["jumlah_penduduk_miskin"].attrs["satuan"] == "ribu jiwa"
    # Extreme poverty in two periods lands in two variables, never mixed.
    assert "p0_ekstrem" in ds and "p0_ekstrem_tahunan" in ds
    # Join key is the BPS code: Bengkayang's Kemendagri code 6107 is Sintang's BPS code.
    assert ds.sel(wilayah="6102")["kode_kemendagri"].item() == "6107"
    assert ds.sel(wilayah="6107")["nama"].item() == "Sintang"


def test_series_and_provenance(basis):
    s = basis.seri("6300", "p0")
    assert s.loc[2021] == 4.83 and s.loc[2025] == 3.84
    assert list(s.index) == list(range(2015, 2026))
    p = basis.provenans("6308", 2019, "p0")
    assert p["nilai"] == 6.5 and p["kualitas"] == "C"
    assert "scribd" in p["sumber"]
    assert basis.provenans("6303", 2015, "p0") is None


def test_dataset_selection_and_fingerprint_is_stable(basis):
    ds = basis.dataset(indikator=["p0"], wilayah=["6300", "6303"])
    assert set(ds.data_vars) == {"p0", "p0_kualitas"}
    assert list(ds["wilayah"].values) == ["6300", "6303"]
    # The fingerprint is a property of the content: the same rows in another order (a fresh
    # object, so no cached value) give the same one; one changed value gives another.
    acak = Basisdata(tabel=basis.tabel.sample(frac=1.0, random_state=3).reset_index(drop=True))
    assert acak is not basis and acak.sidik_jari() == basis.sidik_jari()
    ubah = basis.tabel.copy()
    ubah.loc[ubah.index[0], "nilai"] = ubah.loc[ubah.index[0], "nilai"] + 0.01
    assert Basisdata(tabel=ubah).sidik_jari() != basis.sidik_jari()
    sumber = basis.tabel.copy()
    sumber.loc[sumber.index[0], "sumber"] = "sumber lain"
    assert Basisdata(tabel=sumber).sidik_jari() != basis.sidik_jari()


def test_coverage_matches_the_data_readme(basis):
    r = ringkasan(basis)
    assert (r["kabupaten"], r["kota"], r["provinsi"], r["nasional"]) == (47, 9, 5, 1)
    cak = tabel_cakupan(basis, indikator=["p0"], provinsi="63")
    baris = cak.iloc[0]
    # Kalimantan Selatan P0 (data README): 2016 2 (C), 2021–2025 complete, grade A.
    assert (
        baris["2015"] == "–"
        and baris["2016"] == "2 (C)"
        and baris["2021"] == "13"
        and baris["2025"] == "13"
    )
    kaltim = tabel_cakupan(basis, indikator=["p0"], provinsi="64").iloc[0]
    assert kaltim["2022"] == "7 (BC)" and kaltim["2023"] == "9 (BC)"


def test_caveats_are_selected_by_indicator_region_and_year():
    ids = {c["id"] for c in catatan_untuk(["p1"], ["6571"], [2025])}
    assert "tarakan_2025" in ids
    assert "tarakan_2025" not in {c["id"] for c in catatan_untuk(["p1"], ["6303"], [2025])}
    assert "seri_ipm" in {c["id"] for c in catatan_untuk(["ipm"])}
    assert np.all([c["isi"] for c in catatan_untuk()])


def test_load_is_shared_while_the_store_is_unchanged(penyimpanan):
    """A batch kernel loads the data once; an import (new store file) is seen at once."""
    import pandas as pd

    from analisis.data.model import KOLOM_TIDY
    from analisis.data.penyimpanan import Penyimpanan

    a = Basisdata.muat(penyimpanan)
    assert Basisdata.muat(penyimpanan) is a
    assert a.sidik_jari() == Basisdata(tabel=a.tabel.copy()).sidik_jari()  # content, not identity
    store = Penyimpanan(penyimpanan)
    baris = (
        a.tabel[(a.tabel["kode_wilayah"] == "6303") & (a.tabel["indikator"] == "p0")].tail(1).copy()
    )
    baris["nilai"] = 99.0
    baris["tahun"] = 2030
    store.simpan(baris[KOLOM_TIDY], {"aksi": "uji"})
    b = Basisdata.muat(penyimpanan)
    assert b is not a and b.sidik_jari() != a.sidik_jari()
    assert b.seri("6303", "p0").get(2030) == 99.0 and 2030 not in a.seri("6303", "p0").index
    assert Basisdata.muat(penyimpanan, impor=False) is not b  # bundle only: another entry
    assert isinstance(b.tabel, pd.DataFrame)


def test_bundle_only_load_does_not_evict_the_store_load(penyimpanan):
    """The BNBA reconciliation reads the bundle only in the middle of an evaluation: the
    evaluation's data object (and with it the cross-region memo) stays the same."""
    a = Basisdata.muat(penyimpanan)
    bundel = Basisdata.muat(penyimpanan, impor=False)
    assert bundel is not a
    assert Basisdata.muat(penyimpanan) is a
    assert Basisdata.muat(impor=False) is bundel


def test_region_lists_are_new_lists_though_kept_per_process():
    from analisis.data.wilayah import daftar_provinsi, wilayah_provinsi

    kabkota = wilayah_provinsi("63")
    kabkota.append("9999")
    assert "9999" not in wilayah_provinsi("6300")
    assert wilayah_provinsi("63", termasuk_provinsi=True)[:2] == ["6300", "6301"]
    provinsi = daftar_provinsi()
    provinsi.clear()
    assert "6300" in daftar_provinsi()
