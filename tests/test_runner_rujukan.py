"""Cache keys cover every file the province params point to; published files carry no absolute
path; the app serves a published ranking without the params folder.

Two regions run for real through `analisis jalankan` (the CLI); the other eleven get stand-in
outputs with current keys, so the ranking stage runs as it would for a complete province.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analisis.proyek import Proyek
from analisis.runner.jalan import kunci_tahap
from analisis.runner.kunci import sidik_jari_keluaran, tulis_sidecar
from analisis.runner.rencana import rencanakan
from analisis.runner.tahap import tahap_peringkat
from analisis.tata_letak import TataLetak
from conftest import AKAR

pytestmark = pytest.mark.lambat

WILAYAH = ["6371", "6372"]


def _cli(params: Path, laporan: Path, *arg: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("analisis")
    perintah = [str(exe), "--folder-params", str(params), "jalankan", "--provinsi", "63"]
    perintah += ["--tahun", "2024", "--keluaran", str(laporan), "--hanya-bawaan"]
    perintah += ["--tanpa-progres", "--pekerja", "2", *arg]
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        perintah, capture_output=True, text=True, timeout=900, env=env, check=False
    )


def _proyek(akar: Path) -> Proyek:
    return Proyek.muat(params=akar / "params", laporan=akar / "reports")


def _pengganti(proyek: Proyek) -> None:
    """Stand-ins for the regions not run: Banjarmasin's outputs with each region's current key."""
    rencana = rencanakan("63", 2024, proyek=proyek, hanya_data_bawaan=True)
    ft = TataLetak(proyek.laporan).tahun("63", 2024)
    for kode, rw in rencana.semua.items():
        if kode in WILAYAH:
            continue
        for rel in ft.keluaran_wilayah(kode).values():
            shutil.copy(ft.folder / rel.replace(kode, "6371"), ft.folder / rel)
        tulis_sidecar(
            ft,
            kode,
            status="berhasil",
            kunci=rw.kunci,
            komponen_kunci=rw.komponen,
            detik=1.0,
            berkas=ft.keluaran_wilayah(kode),
            sha256_berkas=sidik_jari_keluaran(ft.folder, ft.keluaran_wilayah(kode).values()),
        )


@pytest.fixture(scope="module")
def proyek(tmp_path_factory) -> Proyek:
    akar = tmp_path_factory.mktemp("rujukan")
    shutil.copytree(AKAR / "params", akar / "params")
    p = _proyek(akar)
    r = _cli(p.params, p.laporan, "--wilayah", ",".join(WILAYAH))
    assert r.returncode == 0, r.stdout + r.stderr
    _pengganti(p)
    r = _cli(p.params, p.laporan)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Tahap peringkat 6300/2024: berhasil" in r.stdout
    return p


def _peringkat(p: Proyek) -> dict[str, int]:
    isi = json.loads(TataLetak(p.laporan).tahun("63", 2024).peringkat_json.read_text("utf-8"))
    return {b["kode_wilayah"]: b["peringkat"] for b in isi["baris"]}


def test_nothing_changed_everything_is_a_cache_hit(proyek):
    r = _cli(proyek.params, proyek.laporan)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "13 wilayah: 0 berhasil, 0 gagal, 13 tidak berubah (cache)" in r.stdout
    assert "Tahap peringkat 6300/2024: dilewati" in r.stdout


def test_edited_evaluator_file_reruns_the_ranking_only(proyek):
    csv = proyek.params / "peringkat" / "contoh_evaluator_6300_2024.csv"
    sebelum = _peringkat(proyek)
    teks = csv.read_text("utf-8-sig")
    baris = re.search(r"^6307,.*$", teks, re.MULTILINE)
    assert baris, "baris Hulu Sungai Tengah di isian contoh"
    terbaik = "6307,Hulu Sungai Tengah,2024,ya,ya,A,100,12,"
    csv.write_text(teks.replace(baris.group(0), terbaik + baris.group(0).split(",", 8)[8]), "utf-8")
    r = _cli(proyek.params, proyek.laporan)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "13 tidak berubah (cache)" in r.stdout  # the regions do not read the evaluator file
    assert "Tahap peringkat 6300/2024: berhasil" in r.stdout
    assert _peringkat(proyek)["6307"] < sebelum["6307"]  # the published ranking is current


@pytest.mark.parametrize(
    ("berkas", "kunci"),
    [
        ("anggaran/contoh/contoh_anggaran_kalsel_2024.csv", "berkas anggaran[1]"),
        ("anggaran/contoh/contoh_anggaran_6303_2022-2024.csv", "berkas anggaran[0]"),
    ],
)
def test_edited_budget_file_invalidates_the_regions_and_names_it(proyek, tmp_path, berkas, kunci):
    salinan = tmp_path / "proyek"
    shutil.copytree(proyek.params, salinan / "params")
    p = _proyek(salinan)
    a = rencanakan("63", 2024, proyek=p, hanya_data_bawaan=True)
    with open(p.params / berkas, "a", encoding="utf-8") as f:
        f.write("\n")
    b = rencanakan("63", 2024, proyek=p, hanya_data_bawaan=True)
    for kode in a.semua:
        assert a.semua[kode].kunci != b.semua[kode].kunci
    from analisis.runner.kunci import komponen_berubah

    assert komponen_berubah(a.semua["6303"].komponen, b.semua["6303"].komponen) == [kunci]


def test_bnba_extract_and_framework_are_key_inputs(proyek, tmp_path):
    """A BNBA extract invalidates only its region; the framework only the ranking stage."""
    import yaml

    from analisis.bnba import buat_contoh

    salinan = tmp_path / "proyek"
    shutil.copytree(proyek.params, salinan / "params")
    p = _proyek(salinan)
    folder = p.params / "bnba" / "RAHASIA"
    buat_contoh("6303", 500, seed=1, tujuan=folder)
    ekstrak = next(folder.glob("BNBA_SINTETIS_6303_*.parquet"))
    berkas_params = p.params / "provinsi" / "6300_kalimantan_selatan.yaml"
    isi = yaml.safe_load(berkas_params.read_text("utf-8"))
    isi["bnba"] = {"6303": ekstrak.relative_to(p.params).as_posix()}
    berkas_params.write_text(yaml.safe_dump(isi, allow_unicode=True), "utf-8")
    a = rencanakan("63", 2024, proyek=p, hanya_data_bawaan=True)
    buat_contoh("6303", 500, seed=2, tujuan=folder)  # same name, other content
    b = rencanakan("63", 2024, proyek=p, hanya_data_bawaan=True)
    berubah = {k for k in a.semua if a.semua[k].kunci != b.semua[k].kunci}
    assert berubah == {"6303"}
    ft = TataLetak(p.laporan).tahun("63", 2024)
    kode = list(b.semua)
    k1, _, masuk = kunci_tahap(tahap_peringkat, ft, b, kode)
    assert set(masuk) >= {"peringkat.kerangka", "peringkat.masukan.2024.evaluator"}
    with open(masuk["peringkat.kerangka"], "a", encoding="utf-8") as f:
        f.write("# diubah\n")
    k2, _, _ = kunci_tahap(tahap_peringkat, ft, b, kode)
    assert k1 != k2


def test_no_absolute_path_in_any_published_file(proyek):
    rahasia = [str(proyek.laporan.parent), str(Path.home()), str(AKAR)]
    temuan = []
    for p in proyek.laporan.rglob("*"):
        rel = p.relative_to(proyek.laporan).parts
        if not p.is_file() or ".cache" in rel or "log" in rel or p.suffix in (".nc", ".xlsx"):
            continue
        teks = p.read_text("utf-8", errors="replace")
        temuan += [f"{p.relative_to(proyek.laporan)}: {r}" for r in rahasia if r in teks]
    assert temuan == []


def test_app_serves_the_published_ranking_without_any_params_folder(proyek, tmp_path, monkeypatch):
    from analisis.aplikasi import buat_aplikasi

    monkeypatch.setenv("ANALISIS_PARAMS", str(tmp_path / "tidak-ada"))
    monkeypatch.chdir(tmp_path)
    sesi = buat_aplikasi(proyek.laporan, {}).halaman.sesi
    assert len(sesi.data_dimuat.baris) == 13
    assert sesi.atur_bobot({"hasil": 0.9}), sesi.galat_bobot
    assert len(sesi.baris_kini()) == 13


def test_a_bad_evaluator_value_fails_the_ranking_in_the_warm_kernel_with_one_clear_line(proyek):
    """The runner's ranking runs its notebook in a worker's started kernel, whose first call is
    the input check (no second check in the worker before it): a bad value still fails the stage
    with the check's Indonesian message naming the file, row, column and token, no traceback."""
    csv = proyek.params / "peringkat" / "contoh_evaluator_6300_2024.csv"
    isi_asli = csv.read_bytes()
    asli = isi_asli.decode("utf-8-sig")
    baris = re.search(r"^6301,Tanah Laut,2024,ya,ya,B,85,3,", asli, re.MULTILINE)
    assert baris, "baris Tanah Laut di isian contoh"
    csv.write_text(asli.replace(baris.group(0), "6301,Tanah Laut,2024,ya,ya,B,85,tiga,"), "utf-8")
    try:
        # One region without its record re-runs: the run starts the pool's kernels, and the
        # ranking runs in one of them.
        TataLetak(proyek.laporan).tahun("63", 2024).sidecar("6371").unlink()
        r = _cli(proyek.params, proyek.laporan)
    finally:
        csv.write_bytes(isi_asli)
    assert r.returncode == 1, r.stdout + r.stderr
    keluaran = r.stdout + r.stderr
    assert "13 wilayah: 1 berhasil, 0 gagal, 12 tidak berubah (cache)" in keluaran
    gagal = [b for b in keluaran.splitlines() if "Tahap peringkat 6300/2024 gagal" in b]
    assert len(gagal) >= 1, keluaran
    assert "contoh_evaluator_6300_2024.csv" in gagal[0], keluaran
    assert (
        "baris 3, kolom 'jumlah_rakor (H)'" in keluaran and "nilai 'tiga' bukan angka" in keluaran
    )
    assert "Traceback" not in keluaran
