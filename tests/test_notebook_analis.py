"""The analyst's own entry points: plain papermill (kernel started in ``notebooks/``, like
JupyterLab), the project kernel, parameter checks in the first cell, and ``analisis ekspor``.

One module fixture copies the project's notebooks and params into a temporary project (so
nothing is written into this checkout's ``reports/``), puts 12 of the 13 Kalimantan Selatan
results there with the library, and then runs, with the ``papermill`` command from
``<proyek>/notebooks`` and no folder parameter, the evaluation notebook for Banjar and the
ranking notebook — as an analyst would after ``cd notebooks``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from papermill.exceptions import PapermillExecutionError

from analisis import parameter_notebook as pn
from analisis.data.wilayah import wilayah_provinsi
from analisis.evaluasi import evaluasi_dan_simpan
from analisis.galat import GalatAnalisis
from analisis.kontrak import HasilWilayah, PeringkatProvinsi
from analisis.peringkat.jalankan import peringkat_untuk_notebook
from analisis.tata_letak import TataLetak
from conftest import AKAR

TAHUN = 2024
KERNEL = "analisis"
NOTEBOOK = {
    "evaluasi_wilayah": evaluasi_dan_simpan,
    "peringkat_provinsi": peringkat_untuk_notebook,
}
_ENV_PROYEK = ("ANALISIS_LAPORAN", "ANALISIS_PARAMS")


def _env(penyimpanan: Path) -> dict[str, str]:
    """The environment of an analyst's shell: no folder overrides, an empty import store."""
    env = {k: v for k, v in os.environ.items() if k not in _ENV_PROYEK}
    return {**env, "ANALISIS_PENYIMPANAN": str(penyimpanan)}


def _papermill(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("papermill")
    return subprocess.run(
        [str(exe), *args, "--log-level", "ERROR"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def proyek(tmp_path_factory):
    """A copy of the project (notebooks + params) after two plain papermill runs."""
    from analisis.data.model import Basisdata
    from analisis.evaluasi import evaluasi_wilayah, simpan_hasil

    akar = tmp_path_factory.mktemp("proyek")
    (akar / "notebooks").mkdir()
    for nama in NOTEBOOK:
        shutil.copy(AKAR / "notebooks" / f"{nama}.ipynb", akar / "notebooks")
    shutil.copytree(AKAR / "params", akar / "params")
    penyimpanan = akar.parent / f"{akar.name}-penyimpanan"
    penyimpanan.mkdir()
    laporan = akar / "reports"
    basis = Basisdata.muat(impor=False)
    for kode in wilayah_provinsi("63"):
        if kode != "6303":
            simpan_hasil(evaluasi_wilayah(kode, TAHUN, basis=basis), laporan)
    env = _env(penyimpanan)
    nb = akar / "notebooks"
    jalan = {
        "evaluasi": _papermill(
            nb, env, "evaluasi_wilayah.ipynb", "keluaran_6303.ipynb", "-p", "kode_wilayah", "6303"
        ),
        "peringkat": _papermill(
            nb,
            env,
            "peringkat_provinsi.ipynb",
            "keluaran_6300.ipynb",
            "-p",
            "jumlah_iterasi",
            "200",
        ),
    }
    for nama, r in jalan.items():
        assert r.returncode == 0, f"{nama}: {r.stderr[-3000:]}"
    return akar


# ----------------------------------------------------------------- folders, kernel, app


def test_plain_papermill_from_notebooks_writes_where_the_runner_writes(proyek):
    ft = proyek / "reports" / "6300" / str(TAHUN)
    hasil = HasilWilayah.baca(ft / "hasil" / "6303.json")
    assert hasil.meta.kode_wilayah == "6303" and hasil.meta.tahun == TAHUN
    assert (ft / "hasil" / "6303.nc").is_file()
    peringkat = PeringkatProvinsi.baca(ft / "peringkat" / "peringkat.json")
    assert {b.kode_wilayah for b in peringkat.baris} == set(wilayah_provinsi("63"))
    assert peringkat.meta.parameter_robust["jumlah_iterasi"] == 200
    # Nothing relative to the kernel's working folder, no flat reports/hasil.
    assert not (proyek / "notebooks" / "reports").exists()
    assert not (proyek / "reports" / "hasil").exists()


def test_the_app_shows_the_ranking_of_the_notebooks(proyek):
    from analisis.aplikasi import buat_aplikasi

    sesi = buat_aplikasi(proyek / "reports", {}).halaman.sesi
    assert (sesi.kode_provinsi, sesi.tahun) == ("6300", TAHUN)
    tabel = sesi.baris_kini().set_index("kode_wilayah")
    terbit = PeringkatProvinsi.baca(TataLetak(proyek / "reports").tahun("63", TAHUN).peringkat_json)
    banjar = next(b for b in terbit.baris if b.kode_wilayah == "6303")
    assert tabel.at["6303", "skor"] == pytest.approx(banjar.skor)
    assert tabel.at["6303", "peringkat"] == banjar.peringkat


def test_notebooks_name_the_registered_project_kernel():
    """siapkan registers 'analisis' inside this environment; the notebooks name it, so plain
    papermill, nbval and JupyterLab start this environment's Python."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    assert Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()
    for nama in NOTEBOOK:
        nb = nbformat.read(AKAR / "notebooks" / f"{nama}.ipynb", as_version=4)
        assert nb.metadata.kernelspec == {
            "name": KERNEL,
            "display_name": spec.display_name,
            "language": spec.language,
        }


def test_jupyterlab_has_no_metadata_to_change_on_open():
    """JupyterLab 4 writes the running kernel's spec and ``language_info`` into the notebook
    when the kernel starts, and marks it modified only when they differ (``setMetadata`` is a
    no-op for an equal value). The notebooks carry exactly what the project kernel reports;
    only the Python patch version can differ on another machine."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name=KERNEL)
    try:
        info = kc.kernel_info(reply=True, timeout=60)["content"]["language_info"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    for nama in NOTEBOOK:
        li = nbformat.read(AKAR / "notebooks" / f"{nama}.ipynb", as_version=4).metadata[
            "language_info"
        ]
        assert {k: v for k, v in li.items() if k != "version"} == {
            k: v for k, v in info.items() if k != "version"
        }
        assert li["version"].split(".")[:2] == info["version"].split(".")[:2]


# ----------------------------------------------------------------- parameters


@pytest.mark.parametrize("nama", list(NOTEBOOK))
def test_notebook_parameters_are_the_keywords_of_its_one_call(nama):
    declared = pm.inspect_notebook(str(AKAR / "notebooks" / f"{nama}.ipynb"))
    assert list(declared) == pn.nama_parameter(NOTEBOOK[nama])


def test_names_of_the_latest_papermill_cell():
    riwayat = [
        "kode_wilayah = '6303'\ntahun = 2024",
        "# Parameters\nkode_wilayah = 6471\n",
        "hasil = 1",
        "# Parameters\nkode_wilyah = 6471\ntahun = 2023\n",
        "from analisis.evaluasi import evaluasi_dan_simpan",
    ]
    assert pn.nama_disuntik_papermill(riwayat) == ["kode_wilyah", "tahun"]
    assert pn.nama_disuntik_papermill(riwayat[:1]) == []  # JupyterLab: nothing injected
    with pytest.raises(
        GalatAnalisis, match="'kode_wilyah' \\(mungkin maksud Anda 'kode_wilayah'\\)"
    ):
        pn.periksa_nama_papermill(evaluasi_dan_simpan, riwayat)
    pn.periksa_nama_papermill(evaluasi_dan_simpan, riwayat[:2])


@pytest.mark.parametrize(
    ("fungsi", "argumen", "pesan"),
    [
        (pn.kode_kabkota, ("9999",), "Parameter kode_wilayah: wilayah '9999' tidak dikenal"),
        (pn.kode_kabkota, ("6300",), "'6300' (Kalimantan Selatan) bukan kabupaten/kota"),
        (pn.kode_provinsi, (99,), "Parameter kode_provinsi: Provinsi '99' tidak dikenal"),
        (pn.tahun, ("dua ribu",), "Parameter tahun: 'dua ribu' bukan tahun"),
        (pn.tahun, (True,), "Parameter tahun: 'True' bukan tahun"),
        (pn.tahun, (1990,), "tahun 1990 tidak masuk akal"),
        (pn.ya_tidak, ("ya", "hanya_data_bawaan"), "harus True atau False, bukan 'ya'"),
        (pn.bilangan_bulat, (2.5, "benih"), "Parameter benih: '2.5' bukan bilangan bulat"),
        (pn.bilangan_bulat, (0, "jumlah_iterasi", 1), "paling sedikit 1, bukan 0"),
        (pn.berkas, ("tidak_ada.yaml", "berkas_params"), "berkas 'tidak_ada.yaml' tidak"),
        (pn.folder, (__file__, "folder_laporan"), "adalah berkas, bukan folder"),
        (
            pn.pilihan,
            ("kabupaten", "pembanding", ("provinsi", "nasional")),
            "pilih provinsi atau nasional",
        ),
    ],
)
def test_wrong_values_get_one_indonesian_line(fungsi, argumen, pesan):
    with pytest.raises(GalatAnalisis) as e:
        fungsi(*argumen)
    assert pesan in str(e.value) and "\n" not in str(e.value) and e.value.kode_keluar == 2


def test_valid_values_pass_through():
    assert pn.kode_kabkota(6303) == "6303"
    assert pn.kode_provinsi("63") == "6300"
    assert pn.tahun("2024") == 2024
    assert pn.bilangan_bulat("200", "jumlah_iterasi", 1) == 200
    assert pn.pilihan(None, "pembanding", ("provinsi",)) is None
    assert pn.berkas(None, "berkas_params") is None


@pytest.fixture(scope="module")
def kernel_notebooks(proyek):
    """One project kernel started in ``<proyek>/notebooks`` (reused, as the runner does)."""
    from analisis.notebook import kernel_ipc

    with kernel_ipc(KERNEL, proyek / "notebooks") as km:
        yield km


@pytest.mark.parametrize(
    ("nama", "parameter", "pesan"),
    [
        (
            "evaluasi_wilayah",
            {"kode_wilyah": 6471},
            (
                "Parameter notebook tidak dikenal: 'kode_wilyah' (mungkin maksud Anda "
                "'kode_wilayah'). Parameter yang dikenal: kode_wilayah, tahun, tahun_awal, "
                "pembanding, berkas_params, folder_laporan, folder_params, penyimpanan, "
                "hanya_data_bawaan."
            ),
        ),
        (
            "evaluasi_wilayah",
            {"kode_wilayah": 9999},
            (
                "Parameter kode_wilayah: wilayah '9999' tidak dikenal; gunakan kode BPS 4 digit "
                "kabupaten/kota (mis. 6303)."
            ),
        ),
        (
            "peringkat_provinsi",
            {"tahn": 2023},
            (
                "Parameter notebook tidak dikenal: 'tahn' (mungkin maksud Anda 'tahun'). "
                "Parameter yang dikenal: kode_provinsi, tahun, folder_laporan, folder_params, "
                "berkas_kerangka, berkas_evaluator, berkas_anggaran, berkas_bnba, jumlah_iterasi, "
                "benih."
            ),
        ),
    ],
)
def test_bad_papermill_parameter_stops_the_first_cell_with_one_line(
    proyek, kernel_notebooks, tmp_path, nama, parameter, pesan
):
    sebelum = sorted(p.relative_to(proyek) for p in (proyek / "reports").rglob("*"))
    keluar = tmp_path / "keluaran.ipynb"
    with pytest.raises(PapermillExecutionError) as e:
        pm.execute_notebook(
            str(proyek / "notebooks" / f"{nama}.ipynb"),
            str(keluar),
            parameters=parameter,
            kernel_name=KERNEL,
            km=kernel_notebooks,
            progress_bar=False,
        )
    assert e.value.ename == "GalatAnalisis" and e.value.evalue == pesan
    assert e.value.traceback == [pesan]  # the failed cell shows the line, no traceback
    galat = [
        o
        for c in nbformat.read(keluar, as_version=4).cells
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]
    assert [o.traceback for o in galat] == [[pesan]]
    assert sorted(p.relative_to(proyek) for p in (proyek / "reports").rglob("*")) == sebelum


# ----------------------------------------------------------------- analisis ekspor


@pytest.fixture(scope="module")
def ekspor(proyek):
    """``analisis ekspor`` on both papermill outputs, from the project root."""
    exe = Path(sys.executable).with_name("analisis")
    env = _env(proyek.parent / f"{proyek.name}-penyimpanan")
    hasil = {}
    for nama in ("keluaran_6303.ipynb", "keluaran_6300.ipynb"):
        r = subprocess.run(
            [str(exe), "ekspor", f"notebooks/{nama}"],
            cwd=proyek,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert r.returncode == 0, r.stderr
        hasil[nama] = r.stdout
    return hasil


def _grafik_vegalite(path: Path) -> int:
    from analisis.laporan.grafik import MIME_VEGALITE

    nb = nbformat.read(path, as_version=4)
    return sum(MIME_VEGALITE in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def test_ekspor_writes_the_report_where_the_app_links_it(proyek, ekspor):
    ft = proyek / "reports" / "6300" / str(TAHUN)
    n = _grafik_vegalite(proyek / "notebooks" / "keluaran_6303.ipynb")
    assert n >= 8
    assert ekspor["keluaran_6303.ipynb"].strip() == (
        "Laporan evaluasi 'Evaluasi penanggulangan kemiskinan Banjar 2024' ditulis: "
        f"reports/6300/2024/wilayah/6303.html ({n} grafik, tanpa sel kode; buka langsung di "
        "peramban, tanpa internet)."
    )
    assert "reports/6300/2024/peringkat/peringkat.html" in ekspor["keluaran_6300.ipynb"]
    assert (ft / "wilayah" / "6303.html").is_file() and (
        ft / "peringkat" / "peringkat.html"
    ).is_file()


def test_ekspor_output_has_the_charts_and_no_code(proyek, ekspor):
    from analisis.laporan.ekspor import rujukan_eksternal

    ft = proyek / "reports" / "6300" / str(TAHUN)
    for html, nb in (
        (ft / "wilayah" / "6303.html", "keluaran_6303.ipynb"),
        (ft / "peringkat" / "peringkat.html", "keluaran_6300.ipynb"),
    ):
        teks = html.read_text("utf-8")
        n = _grafik_vegalite(proyek / "notebooks" / nb)
        wadah = re.findall(r'class="grafik-vega(?: [^"]*)?"', teks)
        assert n > 0 and len(wadah) == n  # every chart, as a chart
        assert "<Grafik" not in teks and "&lt;Grafik" not in teks
        for kode in ("evaluasi_dan_simpan(", "peringkat_untuk_notebook(", "import ", "display("):
            assert kode not in teks  # no code cells
        assert "Traceback" not in teks
        assert rujukan_eksternal(teks) == []  # offline
    assert (proyek / "reports" / "_static" / "analisis" / "grafik.js").is_file()


def test_ekspor_refuses_a_notebook_that_did_not_run(proyek, cli_proses):
    r = cli_proses("ekspor", proyek / "notebooks" / "evaluasi_wilayah.ipynb")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip() == (
        "evaluasi_wilayah.ipynb: sel ke-2 belum dijalankan. Jalankan semua sel (JupyterLab: "
        "Run → Run All Cells, lalu simpan) atau jalankan dengan papermill, lalu ekspor lagi."
    )
    bukan = proyek / "bukan.ipynb"
    bukan.write_text("{bukan json", "utf-8")
    r = cli_proses("ekspor", bukan)
    assert r.returncode == 1 and "bukan.ipynb bukan notebook Jupyter yang sah" in r.stderr
    assert "Traceback" not in r.stderr


def test_ekspor_refuses_a_failed_notebook(proyek, kernel_notebooks, tmp_path, cli_proses):
    keluar = tmp_path / "gagal.ipynb"
    with pytest.raises(PapermillExecutionError):
        pm.execute_notebook(
            str(proyek / "notebooks" / "evaluasi_wilayah.ipynb"),
            str(keluar),
            parameters={"tahun": 1990},
            kernel_name=KERNEL,
            km=kernel_notebooks,
            progress_bar=False,
        )
    r = cli_proses("ekspor", keluar)
    assert r.returncode == 1
    assert (
        "gagal.ipynb: sel ke-" in r.stderr
        and "(Parameter tahun: tahun 1990" in r.stderr
        and "GalatAnalisis" not in r.stderr
    )
    assert "Laporan tidak diekspor." in r.stderr
    assert not (proyek / "reports" / "6300" / "1990").exists()


@pytest.mark.ui
def test_exported_report_draws_its_charts_offline_in_chromium(proyek, ekspor, page, artefak_dir):
    from ui_util import blokir_jaringan_luar, kumpulkan_galat, tunggu_grafik_vega

    html = proyek / "reports" / "6300" / str(TAHUN) / "wilayah" / "6303.html"
    n = _grafik_vegalite(proyek / "notebooks" / "keluaran_6303.ipynb")
    jaringan = blokir_jaringan_luar(page)
    galat = kumpulkan_galat(page)
    page.goto(html.as_uri())
    grafik = tunggu_grafik_vega(page, minimal=n)
    page.screenshot(path=str(artefak_dir / "ekspor_6303.png"), full_page=True)
    assert grafik["gagal"] == [] and grafik["siap"] == grafik["jumlah"] == n
    assert jaringan.diblokir == [] and galat == []


def test_parameters_read_back_from_an_executed_notebook(proyek):
    from analisis.ekspor_notebook import parameter_notebook

    nb = nbformat.read(proyek / "notebooks" / "keluaran_6300.ipynb", as_version=4)
    p = parameter_notebook(nb)
    assert p["kode_provinsi"] == "6300" and p["tahun"] == TAHUN and p["jumlah_iterasi"] == 200
    assert json.loads(json.dumps(p))  # plain values only


def test_report_data_notes_list_the_missing_cells_with_the_command(proyek, ekspor):
    hasil = HasilWilayah.baca(proyek / "reports" / "6300" / str(TAHUN) / "hasil" / "6303.json")
    n = len(hasil.celah_data.sel)
    assert n > 0 and hasil.celah_data.perintah.startswith("analisis data lengkapi --provinsi 63")
    html = (proyek / "reports" / "6300" / str(TAHUN) / "wilayah" / "6303.html").read_text("utf-8")
    assert f"Sel data kosong yang membatasi laporan ini ({n} sel)." in html
    assert f"<code>{hasil.celah_data.perintah}</code>" in html
    assert "Garis kemiskinan: Banjar 2019–2023" in html
