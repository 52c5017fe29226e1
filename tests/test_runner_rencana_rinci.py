"""The runner's plan in detail (found by mutation testing): every reason to run also sets the
run flag, the exact reasons and refusals (with their exit codes), the order of the requested
regions, and the inputs the plan keys on (the project's data store, a region's BNBA extract,
the kernel)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analisis.data.model import Basisdata
from analisis.data.penyimpanan import Penyimpanan
from analisis.galat import GalatAnalisis
from analisis.proyek import Proyek
from analisis.runner import kunci as k
from analisis.runner.rencana import daftar_provinsi_diminta, rencanakan
from conftest import AKAR


@pytest.fixture(autouse=True)
def kode_tetap(monkeypatch):
    """Others edit the package while tests run: pin the code component of the key."""
    monkeypatch.setattr("analisis.runner.rencana.sidik_jari_kode", lambda: "kode-uji")


@pytest.fixture
def proyek(tmp_path, penyimpanan) -> Proyek:
    return Proyek.muat(laporan=tmp_path / "lap", penyimpanan=penyimpanan)


def _rencana(proyek: Proyek, **kw):
    kw.setdefault("wilayah", ["6303"])
    kw.setdefault("hanya_data_bawaan", True)
    return rencanakan("63", 2024, proyek=proyek, **kw)


def _keluaran(proyek: Proyek, kode: str) -> None:
    ft = proyek.tata_letak.tahun("6300", 2024)
    for rel in ft.keluaran_wilayah(kode).values():
        (ft.folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (ft.folder / rel).write_text("x")


def _alasan(proyek: Proyek, **kw) -> tuple[bool, str]:
    w = _rencana(proyek, **kw).semua["6303"]
    return w.jalankan, w.alasan


def test_every_reason_to_run_sets_the_run_flag(proyek):
    r = _rencana(proyek)
    w = r.semua["6303"]
    assert (w.jalankan, w.alasan) == (True, "belum pernah dijalankan")
    assert (w.nama, w.tahun, w.kode_provinsi) == ("Kabupaten Banjar", 2024, "6300")
    assert r.semua["6371"].nama == "Kota Banjarmasin"
    berkas = proyek.berkas_params_provinsi("6300")
    assert r.params["6300"].path == berkas
    assert r.params["6300"].sha256 == k.sha256_berkas(berkas)
    ft = proyek.tata_letak.tahun("6300", 2024)
    _keluaran(proyek, "6303")
    sidik = k.sidik_jari_keluaran(ft.folder, ft.keluaran_wilayah("6303").values())
    k.tulis_sidecar(
        ft, "6303", status="berhasil", kunci=w.kunci, komponen_kunci=w.komponen, sha256_berkas=sidik
    )
    cache = _rencana(proyek).semua["6303"]
    assert (cache.jalankan, cache.alasan) == (False, "tidak berubah (cache)")
    assert cache.sidecar is not None and cache.sidecar.status == "berhasil"
    assert _alasan(proyek, paksa=True) == (True, "dipaksa (--paksa)")

    k.tulis_sidecar(ft, "6303", status="gagal", kunci=w.kunci, komponen_kunci=w.komponen)
    assert _alasan(proyek) == (True, "jalan sebelumnya gagal")

    k.tulis_sidecar(ft, "6303", status="berhasil", kunci="kunci-lama")
    assert _alasan(proyek) == (True, "berubah: kunci cache")  # no components recorded
    lama = {**w.komponen, "data": "lain", "parameter": "lain"}
    k.tulis_sidecar(ft, "6303", status="berhasil", kunci="kunci-lama", komponen_kunci=lama)
    assert _alasan(proyek) == (True, "berubah: data, parameter wilayah")

    k.tulis_sidecar(ft, "6303", status="berhasil", kunci=w.kunci, komponen_kunci=w.komponen)
    assert _alasan(proyek) == (True, "catatan cache tanpa sidik jari keluaran (versi lama)")
    k.tulis_sidecar(
        ft, "6303", status="berhasil", kunci=w.kunci, komponen_kunci=w.komponen, sha256_berkas=sidik
    )
    ft.hasil_json("6303").write_text("diubah", "utf-8")
    assert _alasan(proyek) == (True, "keluaran berubah sejak jalan terakhir: hasil/6303.json")
    ft.hasil_nc("6303").unlink()
    assert _alasan(proyek) == (True, "keluaran hilang: hasil/6303.nc")


def _galat(fungsi, *arg, **kw) -> GalatAnalisis:
    with pytest.raises(GalatAnalisis) as e:
        fungsi(*arg, **kw)
    return e.value


def test_years_and_params_are_checked_before_anything_runs(proyek, tmp_path):
    assert _rencana(proyek, wilayah=None).tahun == 2024
    for tahun in (2000, 2100):
        assert rencanakan("63", tahun, proyek=proyek, hanya_data_bawaan=True).tahun == tahun
    for tahun in (1999, 2101):
        e = _galat(rencanakan, "63", tahun, proyek=proyek)
        assert str(e) == f"Tahun {tahun} tidak masuk akal; gunakan tahun evaluasi seperti 2024."
        assert e.kode_keluar == 2
    params = AKAR / "params" / "provinsi" / "6300_kalimantan_selatan.yaml"
    e = _galat(rencanakan, ["63", "61"], 2024, proyek=proyek, berkas_params=params)
    assert str(e) == (
        "Satu berkas parameter hanya berlaku untuk satu provinsi; pilih satu provinsi."
    )
    assert e.kode_keluar == 2
    e = _galat(rencanakan, "63", 2024, proyek=proyek, berkas_params=tmp_path / "tidak_ada.yaml")
    assert (str(e), e.kode_keluar) == ("Berkas parameter tidak ditemukan: tidak_ada.yaml", 3)
    kalbar = AKAR / "params" / "provinsi" / "6100_kalimantan_barat.yaml"
    e = _galat(rencanakan, "63", 2024, proyek=proyek, berkas_params=kalbar)
    assert str(e) == (
        "Berkas parameter 6100_kalimantan_barat.yaml untuk provinsi 6100, bukan 6300."
    )
    assert e.kode_keluar == 2


def test_province_list_messages():
    e = _galat(daftar_provinsi_diminta, [])
    assert str(e) == "Sebutkan minimal satu provinsi (kode BPS, mis. 63) atau 'semua'."
    assert e.kode_keluar == 2
    e = _galat(daftar_provinsi_diminta, "x")
    assert str(e).startswith("Provinsi 'x' tidak dikenal; gunakan kode BPS 61 (Kalimantan Barat)")
    assert str(e).endswith("65 (Kalimantan Utara) atau 'semua'.")


def test_requested_regions_keep_the_order_of_the_provinces(proyek):
    r = rencanakan(
        ["63", "61"], 2024, proyek=proyek, wilayah=["6101", "6303"], hanya_data_bawaan=True
    )
    assert r.diminta == ["6303", "6101"]  # Kalimantan Selatan was asked first
    r2 = _rencana(proyek, wilayah=["6371,,6303", " "])
    assert r2.diminta == ["6303", "6371"]  # empty parts are skipped, not the end of the list
    e = _galat(rencanakan, ["63", "61"], 2024, proyek=proyek, wilayah=["6401", "9999"])
    assert str(e) == (
        "Wilayah 6401, 9999 bukan kabupaten/kota di Kalimantan Selatan, Kalimantan Barat; "
        "gunakan kode BPS 4 digit (lihat 'analisis data wilayah')."
    )


def test_the_plan_reads_the_projects_data_store_not_the_default_one(tmp_path, penyimpanan):
    # The default store (ANALISIS_PENYIMPANAN, from the fixture) stays empty; the project
    # names another store that holds an imported value.
    toko = tmp_path / "toko_proyek"
    baris = Basisdata.muat(impor=False).tabel.query(
        "kode_wilayah == '6303' and indikator == 'p0' and tahun == 2024"
    )
    Penyimpanan(toko).simpan(
        pd.DataFrame(baris.assign(nilai=2.5, sumber="uji", asal="impor")), {"berkas": "uji"}
    )
    proyek = Proyek.muat(laporan=tmp_path / "lap", penyimpanan=toko)
    dengan_impor = _rencana(proyek, hanya_data_bawaan=False)
    assert dengan_impor.bersama.data == Basisdata.muat(toko).sidik_jari()
    assert dengan_impor.bersama.data != _rencana(proyek).bersama.data


def test_a_regions_bnba_extract_is_in_its_own_key_only(tmp_path, penyimpanan):
    from yaml import safe_dump as tulis_yaml
    from yaml import safe_load as muat_yaml

    params = tmp_path / "params"
    shutil.copytree(AKAR / "params", params)
    (params / "bnba" / "ekstrak_6303.csv").write_text("nik;nama\n", "utf-8")
    yaml = params / "provinsi" / "6300_kalimantan_selatan.yaml"
    isi = muat_yaml(yaml.read_text("utf-8"))
    # The demo's two-quarter synthetic extract moves to 6372; 6303 gets a private file.
    isi["bnba"]["6372"] = isi["bnba"].pop("6303")
    isi["bnba"]["6303"] = "bnba/ekstrak_6303.csv"
    yaml.write_text(tulis_yaml(isi, allow_unicode=True), "utf-8")
    # The project root is the temporary folder too: the extracts generated from a seed go to
    # its sintetis/ folder, not into the checkout's.
    shutil.copytree(AKAR / "notebooks", tmp_path / "notebooks")
    proyek = Proyek.muat(
        akar=tmp_path, laporan=tmp_path / "lap", params=params, penyimpanan=penyimpanan
    )
    r = _rencana(proyek, wilayah=["6303", "6371", "6372", "6301"])
    assert (tmp_path / "sintetis" / "bnba").is_dir()
    assert "berkas bnba.6303" in r.semua["6303"].komponen
    # The demo's synthetic extracts (generated from their seed) are keyed like any extract,
    # the previous quarter too; a region without an extract has no BNBA key.
    assert "berkas bnba.6371" in r.semua["6371"].komponen
    assert {"berkas bnba.6372", "berkas bnba.6372.triwulan_lalu"} <= set(r.semua["6372"].komponen)
    assert not any("bnba" in kk for kk in r.semua["6301"].komponen)


def test_the_default_kernel_is_python3(proyek):
    bawaan = _rencana(proyek).semua["6303"].kunci
    assert _rencana(proyek, kernel="python3").semua["6303"].kunci == bawaan
    assert _rencana(proyek, kernel="lain").semua["6303"].kunci != bawaan
