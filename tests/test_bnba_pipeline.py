"""BNBA through the whole pipeline on synthetic data: the evaluation report's BNBA section,
the ranking's data-quality dimension, and a privacy scan of every published artefact."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analisis.bnba import buat_contoh, pindai_privasi
from analisis.data.model import Basisdata
from analisis.data.wilayah import wilayah_provinsi
from analisis.evaluasi import evaluasi_wilayah, muat_params, simpan_hasil
from analisis.proyek import Proyek
from conftest import AKAR

pytestmark = pytest.mark.lambat


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    akar = tmp_path_factory.mktemp("bnba_pipeline")
    # A params folder of its own: the extracts live inside it (path-valued keys must).
    folder_params = akar / "params"
    shutil.copytree(AKAR / "params", folder_params)
    rahasia = folder_params / "bnba" / "RAHASIA"
    extract = {}
    for kode in ("6371",):
        buat_contoh(kode, 4000, seed=int(kode), tujuan=rahasia)
        extract[kode] = next(rahasia.glob(f"BNBA_SINTETIS_{kode}_*.parquet"))
    berkas_params = folder_params / "provinsi" / "6300_kalimantan_selatan.yaml"
    params = yaml.safe_load(berkas_params.read_text("utf-8"))
    # The demo's configuration (synthetic extracts generated from their seed: Banjar with two
    # quarters, Tabalong), with Kota Banjarmasin's given as an extract file in params/.
    assert params["bnba"]["6303"]["sintetis"]["dua_triwulan"] is True
    params["bnba"] |= {k: p.relative_to(folder_params).as_posix() for k, p in extract.items()}
    berkas_params.write_text(yaml.safe_dump(params, allow_unicode=True), "utf-8")
    proyek = Proyek.muat(params=folder_params)
    laporan = akar / "laporan"
    # The report of one region through the real CLI (notebook + HTML export).
    exe = Path(sys.executable).with_name("analisis")
    r = subprocess.run(
        [
            str(exe),
            "--folder-params",
            str(folder_params),
            "evaluasi",
            "--wilayah",
            "6303",
            "--tahun",
            "2024",
            "--params",
            str(berkas_params),
            "--keluaran",
            str(laporan),
            "--hanya-bawaan",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    # The other regions' results through the library, then the ranking through its CLI.
    basis = Basisdata.muat(impor=False)
    p = muat_params(berkas_params, proyek=proyek)
    for kode in wilayah_provinsi("63"):
        if kode != "6303":
            simpan_hasil(
                evaluasi_wilayah(kode, 2024, basis=basis, params=p, proyek=proyek), laporan
            )
    r = subprocess.run(
        [
            str(exe),
            "peringkat",
            "--provinsi",
            "63",
            "--tahun",
            "2024",
            "--keluaran",
            str(laporan),
            "--iterasi",
            "200",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    # The BNBA check command's publishable outputs (its private worklist goes to RAHASIA/).
    publik = akar / "bnba_cek"
    r = subprocess.run(
        [
            str(exe),
            "bnba",
            "cek",
            str(extract["6371"]),
            "--wilayah",
            "6371",
            "--keluaran",
            str(publik),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return akar, laporan, publik, r.stdout


def test_report_has_bnba_section_with_aggregates(pipeline):
    _, laporan, _, _ = pipeline
    html = (laporan / "6300" / "2024" / "wilayah" / "6303.html").read_text("utf-8")
    assert "9. Data BNBA" in html and "SINTETIS" in html
    # The quarterly progress of the two synthetic quarters, linked to its XLSX download.
    assert "Perkembangan triwulanan" in html and "Pergerakan antartriwulan, Banjar" in html
    assert 'href="../unduhan/triwulan_bnba_6303.xlsx"' in html
    unduhan = laporan / "6300" / "2024" / "unduhan"
    assert sorted(p.name for p in unduhan.glob("triwulan_bnba_*.xlsx")) == [
        "triwulan_bnba_6303.xlsx"
    ]
    # Every region with an extract has its per-desa tables as a download (linked).
    assert 'href="../unduhan/bnba_desa_6303.xlsx"' in html
    assert sorted(p.name for p in unduhan.glob("bnba_desa_*.xlsx")) == [
        "bnba_desa_6303.xlsx",
        "bnba_desa_6309.xlsx",
        "bnba_desa_6371.xlsx",
    ]
    d = json.loads((laporan / "6300" / "2024" / "hasil" / "6303.json").read_text("utf-8"))
    assert (
        d["kinerja"]["persen_nik_valid"] is not None
        and 0 <= d["kinerja"]["persen_nik_valid"] <= 100
    )


def test_ranking_uses_bnba_quality_from_the_results(pipeline):
    _, laporan, _, _ = pipeline
    p = json.loads((laporan / "6300" / "2024" / "peringkat" / "peringkat.json").read_text("utf-8"))
    assert "bnba" in p["meta"]["sumber"]
    assert (
        "BNBA (SINTETIS: Banjar, Tabalong, Kota Banjarmasin)" in p["peringatan"]["masukan_contoh"]
    )
    baris = {b["kode_wilayah"]: b for b in p["baris"]}
    assert (
        baris["6303"]["skor_dimensi"]["kualitas_data"] is not None
        and baris["6309"]["skor_dimensi"]["kualitas_data"] is not None
        and baris["6371"]["skor_dimensi"]["kualitas_data"] is not None
    )
    assert baris["6301"]["skor_dimensi"]["kualitas_data"] is None  # not configured: not imputed


def test_no_personal_data_in_any_published_artefact(pipeline):
    _akar, laporan, publik, keluaran_cli = pipeline
    # _static holds copies of the Bokeh/Panel libraries (third-party code, no data).
    temuan = pindai_privasi([laporan, publik], kecuali=[publik / "RAHASIA", laporan / "_static"])
    assert temuan == []
    # The scan can fail: the private worklist does contain NIK and names, and so do the
    # demo's synthetic extracts (kept outside the reports tree).
    assert pindai_privasi([publik / "RAHASIA"]) != []
    assert pindai_privasi([Proyek.muat().folder_sintetis / "bnba"]) != []
    assert not any(tok.isdigit() and len(tok) == 16 for tok in keluaran_cli.split())
