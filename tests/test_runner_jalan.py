"""The runner end to end: real notebook runs of 2 Kalimantan Selatan regions (bundled data only).

One pool of 2 worker processes is shared by the tests of this module (as a long-lived runner
would): the first run pays the kernel start, later runs reuse the warm kernels. Covered: outputs,
logs, sidecars and manifest; cache hit and cache miss; a failing region isolated, reported and
retried; follow-up stages and the ranking on the site; a run killed with SIGKILL and resumed with
no partial files; the same run on a local Dask cluster; the site in headless Chromium, offline.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from rich.console import Console

from analisis.proyek import Proyek
from analisis.runner import PelaksanaProses, jalankan_provinsi
from analisis.runner.kunci import sha256_berkas, sidik_jari_keluaran, tulis_sidecar
from analisis.runner.rencana import rencanakan
from analisis.tata_letak import TataLetak
from conftest import AKAR


def berkas_keluaran(kode: str) -> dict[str, str]:
    """A region's outputs relative to its province-year folder (from the reports layout)."""
    return TataLetak(Path("/")).tahun("63", 2024).keluaran_wilayah(kode)


pytestmark = pytest.mark.lambat

WILAYAH = ["6371", "6372"]  # Kota Banjarmasin, Kota Banjarbaru


@pytest.fixture(scope="module", autouse=True)
def kode_tetap():
    """Others edit the package while tests run: pin the code component of the cache key."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("analisis.runner.rencana.sidik_jari_kode", lambda: "kode-uji")
        yield


@pytest.fixture(scope="module")
def pelaksana():
    with PelaksanaProses(2) as p:
        yield p


@pytest.fixture(scope="module")
def jalan_awal(tmp_path_factory, pelaksana):
    lap = tmp_path_factory.mktemp("laporan")
    r = jalankan_provinsi(
        "63",
        2024,
        wilayah=WILAYAH,
        folder_laporan=lap,
        hanya_data_bawaan=True,
        pelaksana=pelaksana,
        progres=True,
    )
    return lap, r


def _ft(lap: Path) -> Path:
    return lap / "6300" / "2024"


def _status_jalan_ulang(lap: Path, pelaksana) -> dict[str, tuple[str, str]]:
    """Run :data:`WILAYAH` again into ``lap``: each region's (status, reason)."""
    r = jalankan_provinsi(
        "63",
        2024,
        wilayah=WILAYAH,
        folder_laporan=lap,
        hanya_data_bawaan=True,
        pelaksana=pelaksana,
        progres=False,
    )
    return {h.kode_wilayah: (h.status, h.alasan) for h in r.wilayah}


def _sementara(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if ".tmp" in p.name]


def _hidup(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except (OSError, IndexError):
        return False


def test_run_writes_reports_results_logs_and_sidecars(jalan_awal):
    lap, r = jalan_awal
    assert r.kode_keluar == 0, r.pesan_gagal()
    assert [h.kode_wilayah for h in r.wilayah] == WILAYAH
    assert {h.status for h in r.wilayah} == {"berhasil"}
    assert {h.pid for h in r.wilayah}.isdisjoint({os.getpid()})  # ran in worker processes
    ft = _ft(lap)
    for kode in WILAYAH:
        for rel in berkas_keluaran(kode).values():
            assert (ft / rel).stat().st_size > 0, rel
        assert (ft / "wilayah" / f"{kode}.html").read_text("utf-8").rstrip().endswith("</html>")
        sc = json.loads((ft / ".cache" / f"{kode}.json").read_text("utf-8"))
        assert sc["status"] == "berhasil" and len(sc["kunci"]) == 64 and sc["detik"] > 0
        assert sc["schema_version"] == 2 and sc["kode"] == kode
        assert set(sc["komponen_kunci"]) >= {
            "notebook",
            "parameter",
            "data",
            "params_yaml",
            "kode",
            "uv_lock",
        }
        log = (ft / "log" / f"{kode}.log").read_text("utf-8")
        assert "mulai evaluasi Kota" in log and "alasan dijalankan: belum pernah dijalankan" in log
        assert re.search(r"kernel baru \(IPC(, dari induk kernel)?\) dimulai", log) or (
            "kernel dipakai ulang" in log
        )
        assert re.search(r"selesai dalam \d+,\d detik: wilayah/\d{4}\.html \(\d+ KB\)", log)
        assert str(lap) not in log and str(Path.home()) not in log  # relative paths only
    assert not _sementara(lap)
    assert (lap / "index.html").is_file() and (ft / "index.html").is_file()


def test_a_first_run_starts_the_kernels_while_it_plans(jalan_awal):
    """Regions surely run (none has a result yet): each worker started and warmed up its kernel
    in its initializer, before the plan was done; a region reports that start once."""
    lap, r = jalan_awal
    logs = [(_ft(lap) / "log" / f"{k}.log").read_text("utf-8") for k in WILAYAH]
    assert any(
        "dimulai dan dipanaskan dalam" in log and "saat pekerja mulai" in log for log in logs
    )
    assert any(h.detik_kernel > 0 for h in r.wilayah)


def test_the_pools_kernels_are_forked_from_its_kernel_parent(jalan_awal, pelaksana):
    """Each worker's kernel is a child of the pool's kernel parent (which imported and warmed up
    once what every kernel needs), none a child of its worker."""
    import psutil

    induk = pelaksana.pid_induk()
    assert induk is not None
    kernel = [p for p in psutil.Process(induk).children() if p.status() != "zombie"]
    assert len(kernel) == 2
    for pid in pelaksana.pid_pekerja():
        assert not [
            a for a in psutil.Process(pid).children() if any("ipykernel" in c for c in a.cmdline())
        ]
    lap, _r = jalan_awal
    logs = [(_ft(lap) / "log" / f"{k}.log").read_text("utf-8") for k in WILAYAH]
    assert any("kernel baru (IPC, dari induk kernel) dimulai dan dipanaskan" in log for log in logs)


def test_manifest_lists_every_artifact_with_hash_and_versions(jalan_awal):
    lap, _r = jalan_awal
    ft = _ft(lap)
    teks = (ft / "manifest.json").read_text("utf-8")
    m = json.loads(teks)
    assert m["status"] == "berhasil" and m["kode_provinsi"] == "6300" and m["tahun"] == 2024
    assert m["perintah"].startswith(
        "analisis jalankan --provinsi 63 --tahun 2024 --wilayah 6371,6372"
    )
    assert m["parameter"]["hanya_data_bawaan"] is True and m["parameter"]["pekerja"] == 2
    for paket in ("python", "analisis", "papermill", "pandas", "xarray", "bokeh", "panel"):
        assert m["versi"][paket], paket
    assert len(m["sidik_jari"]["data"]) == 64 and m["sidik_jari"]["kode_paket"] == "kode-uji"
    assert (
        m["sidik_jari"]["params_yaml"]["berkas"] == "params/provinsi/6300_kalimantan_selatan.yaml"
    )
    artefak = {a["path"]: a for a in m["artefak"]}
    for kode in WILAYAH:
        for rel in [*berkas_keluaran(kode).values(), f"log/{kode}.log"]:
            assert artefak[rel]["sha256"] == sha256_berkas(ft / rel)
            assert artefak[rel]["ukuran"] == (ft / rel).stat().st_size
    assert "index.html" in artefak and "unduhan/ringkasan_6300_2024.xlsx" in artefak
    assert not any(p.startswith(".cache") for p in artefak)
    assert any(s["path"].startswith("../../_static/bokeh/") for s in m["static_bersama"])
    wil = {w["kode_wilayah"]: w for w in m["wilayah"]}
    assert len(wil) == 13 and wil["6371"]["status"] == "berhasil" and wil["6371"]["detik"] > 0
    assert wil["6303"]["status"] == "belum dijalankan" and not wil["6303"]["dalam_jalan_ini"]
    assert m["ringkasan"]["berhasil"] == 2 and m["ringkasan"]["belum_dijalankan"] == 11
    assert str(lap) not in teks and str(Path.home()) not in teks


def test_province_page_names_the_run_that_built_it(jalan_awal):
    """The page is written before the run's manifest: it describes this run (its start, its
    workers), never the manifest of the run before (a first run has none)."""
    from analisis.situs.halaman import _waktu

    lap, _r = jalan_awal
    ft = _ft(lap)
    m = json.loads((ft / "manifest.json").read_text("utf-8"))
    html = (ft / "index.html").read_text("utf-8")
    assert f"Jalan terakhir: dimulai {_waktu(m['mulai'], '6300')} dengan 2 pekerja" in html


def test_second_run_is_a_cache_hit(jalan_awal, pelaksana):
    lap, _ = jalan_awal
    ft = _ft(lap)
    waktu = {k: (ft / "wilayah" / f"{k}.html").stat().st_mtime_ns for k in WILAYAH}
    r = jalankan_provinsi(
        "63",
        2024,
        wilayah=WILAYAH,
        folder_laporan=lap,
        hanya_data_bawaan=True,
        pelaksana=pelaksana,
        progres=False,
    )  # how fast a cache hit is: benchmarks/bench_runner.py
    assert r.kode_keluar == 0 and {h.status for h in r.wilayah} == {"dilewati"}
    assert all(h.dari_cache and h.alasan == "tidak berubah (cache)" for h in r.wilayah)
    assert {k: (ft / "wilayah" / f"{k}.html").stat().st_mtime_ns for k in WILAYAH} == waktu
    m = json.loads((ft / "manifest.json").read_text("utf-8"))
    assert m["ringkasan"]["dilewati_cache"] == 2


def test_a_cache_hit_in_a_fresh_process_starts_no_worker_and_imports_no_xarray(jalan_awal):
    """The runner process itself never needs xarray (only the kernels write netCDF): a cache
    hit (plan, site, manifest) in a fresh process starts no worker process and does not import
    it (~0,1 CPU-s of a cold run's planning, while the workers' kernels start)."""
    lap, _ = jalan_awal
    kode = (
        "import multiprocessing, sys\n"
        "from analisis.runner import jalankan_provinsi, rencana\n"
        "rencana.sidik_jari_kode = lambda: 'kode-uji'\n"
        f"r = jalankan_provinsi('63', 2024, wilayah={WILAYAH!r}, folder_laporan={str(lap)!r},"
        " hanya_data_bawaan=True, progres=False)\n"
        "print(sorted({h.status for h in r.wilayah}), r.kode_keluar,"
        " len(multiprocessing.active_children()), 'xarray' in sys.modules)\n"
    )
    keluaran = subprocess.run(
        [sys.executable, "-c", kode], check=True, capture_output=True, text=True, cwd=AKAR
    ).stdout
    assert keluaran.strip().splitlines()[-1] == "['dilewati'] 0 0 False"


def test_changed_parameter_reruns_only_that_region(jalan_awal, pelaksana, tmp_path):
    lap = tmp_path / "salinan"
    shutil.copytree(jalan_awal[0], lap)
    r = jalankan_provinsi(
        "63",
        2024,
        wilayah=WILAYAH,
        folder_laporan=lap,
        hanya_data_bawaan=True,
        tahun_awal=2020,
        pelaksana=pelaksana,
        progres=False,
    )
    assert r.kode_keluar == 0
    assert {h.status for h in r.wilayah} == {"berhasil"}
    assert all(h.alasan == "berubah: parameter wilayah" for h in r.wilayah)
    assert (
        max(h.kernel_ke for h in r.wilayah) >= 2 and min(h.detik_kernel for h in r.wilayah) == 0
    )  # warm kernels
    d = json.loads((_ft(lap) / "hasil" / "6371.json").read_text("utf-8"))
    assert d["meta"]["tahun_awal"] == 2020
    log = (_ft(lap) / "log" / "6371.log").read_text("utf-8")
    assert "kernel dipakai ulang" in log and "%reset -f" in log


def _salin_proyek(folder: Path, sel: str) -> Path:
    """A copy of the project whose evaluation notebook runs ``sel`` right after its parameters."""
    proj = folder / "proyek"
    shutil.copytree(AKAR / "params", proj / "params")  # the example inputs live in params/
    shutil.copytree(AKAR / "notebooks", proj / "notebooks", ignore=shutil.ignore_patterns("*.py"))
    nb = nbformat.read(AKAR / "notebooks" / "evaluasi_wilayah.ipynb", as_version=4)
    i = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(i + 1, nbformat.v4.new_code_cell(sel))
    nbformat.write(nb, proj / "notebooks" / "evaluasi_wilayah.ipynb")
    (proj / "uv.lock").write_bytes((AKAR / "uv.lock").read_bytes())
    return proj


@pytest.fixture
def proyek_gagal(tmp_path):
    """A copy of the project whose notebook raises for 6372 only (an honest cell failure)."""
    proj = _salin_proyek(
        tmp_path,
        'if str(kode_wilayah) == "6372":\n    raise ValueError("data uji rusak untuk wilayah ini")',
    )
    return proj


#: Notebook cell of :func:`test_killed_run_leaves_no_partial_files_and_resumes`: when the run
#: names a marker file (``ANALISIS_UJI_TAHAN``, set only for the run to be killed), region 6372
#: writes it and then blocks until its process is killed, so the kill lands inside the region.
SEL_TAHAN = """import os, pathlib, threading
if os.environ.get("ANALISIS_UJI_TAHAN") and str(kode_wilayah) == "6372":
    pathlib.Path(os.environ["ANALISIS_UJI_TAHAN"]).write_text(str(os.getpid()))
    threading.Event().wait()
"""


def test_failing_region_is_isolated_reported_and_retried(proyek_gagal, pelaksana, tmp_path):
    lap = tmp_path / "lap"
    proyek = Proyek.muat(akar=proyek_gagal, laporan=lap)
    r = jalankan_provinsi(
        "63",
        2024,
        wilayah=WILAYAH,
        proyek=proyek,
        hanya_data_bawaan=True,
        pelaksana=pelaksana,
        progres=False,
    )
    status = {h.kode_wilayah: h.status for h in r.wilayah}
    assert status == {"6371": "berhasil", "6372": "gagal"}
    assert r.kode_keluar == 1
    [pesan] = r.pesan_gagal()
    assert re.fullmatch(
        r"Evaluasi Kota Banjarbaru \(6372\) 2024 gagal di sel \d+: ValueError: data uji rusak "
        r"untuk wilayah ini",
        pesan,
    ), pesan
    ft = _ft(lap)
    assert (ft / "wilayah" / "6371.html").is_file() and not (ft / "wilayah" / "6372.html").exists()
    sidecar = json.loads((ft / ".cache" / "6372.json").read_text("utf-8"))
    assert sidecar["status"] == "gagal" and sidecar["detik"] >= 0
    assert "GAGAL: Evaluasi Kota Banjarbaru (6372) 2024 gagal di sel" in (
        ft / "log" / "6372.log"
    ).read_text("utf-8")
    m = json.loads((ft / "manifest.json").read_text("utf-8"))
    assert m["status"] == "gagal" and m["ringkasan"]["gagal"] == 1
    html = (ft / "index.html").read_text("utf-8")
    assert re.search(r'<tr data-kode="6372">.*?>gagal</td>', html)
    # a rerun retries only the failed region (the other is unchanged)
    r2 = jalankan_provinsi(
        "63",
        2024,
        wilayah=WILAYAH,
        proyek=proyek,
        hanya_data_bawaan=True,
        pelaksana=pelaksana,
        progres=False,
    )
    assert {h.kode_wilayah: (h.status, h.alasan) for h in r2.wilayah} == {
        "6371": ("dilewati", "tidak berubah (cache)"),
        "6372": ("gagal", "jalan sebelumnya gagal"),
    }
    assert r2.kode_keluar == 1


def _peringkat_palsu(kode_provinsi: str, tahun: int, proyek: Proyek) -> list[Path]:
    """A stand-in ranking stage writing a valid peringkat.json (the contract) with known rows."""
    import pandas as pd

    from analisis.data.wilayah import muat_wilayah, wilayah_provinsi
    from analisis.kontrak import BarisPeringkat, PeringkatProvinsi
    from conftest import tulis_peringkat_uji

    w = muat_wilayah()
    kode = wilayah_provinsi(kode_provinsi)
    data = pd.DataFrame(
        {"wilayah": [str(w.at[k, "wilayah"]) for k in kode], "penurunan_p0_3th": 0.5},
        index=pd.Index(kode, name="kode_wilayah"),
    )
    data["rpkd_berlaku"] = "ya"
    p = tulis_peringkat_uji(proyek.laporan, kode_provinsi, tahun, data)
    baris = [
        BarisPeringkat(
            kode_wilayah=k,
            nama=str(w.at[k, "wilayah"]),
            peringkat=i + 1,
            skor=80.5 - 3 * i,
            interval_bawah=i + 1,
            interval_atas=i + 3,
            peluang_3_besar=max(0.0, 0.9 - 0.2 * i),
        )
        for i, k in enumerate(kode)
    ]
    PeringkatProvinsi.baca(p).model_copy(update={"baris": baris}).tulis(p)
    return [p]


def _tahap_di_pekerja(kode_provinsi, tahun, proyek):
    """A stage that runs in a worker: records its process and the warm kernel it was given."""
    from analisis.runner.pekerja import _KERNEL_LOKAL, kernel_tahap, klien_tahap

    km = kernel_tahap()
    kp = getattr(_KERNEL_LOKAL, "kp", None)
    p = proyek.tata_letak.tahun(kode_provinsi, tahun).folder / "tahap_pekerja.json"
    p.write_text(
        json.dumps(
            {
                "pid": os.getpid(),
                "kernel_hidup": bool(km is not None and km.has_kernel),
                "kernel_pid": getattr(getattr(km, "provisioner", None), "pid", None),
                # the worker's own ready client, the one its regions use (no second client)
                "klien_sama": kp is not None
                and klien_tahap() is not None
                and klien_tahap() is kp.kc,
            }
        ),
        "utf-8",
    )
    return _peringkat_palsu(kode_provinsi, tahun, proyek) + [p]


_tahap_di_pekerja.di_pekerja = True


def _tahap_gagal(kode_provinsi, tahun, proyek):
    raise RuntimeError("masukan peringkat tidak lengkap")


def _lengkapi_provinsi(lap: Path) -> None:
    """Stand-ins for the 11 regions not run: Banjarmasin's outputs under their codes, with a
    current key (the province is then complete and its follow-up stages can run)."""
    ft = _ft(lap)
    rencana = rencanakan("63", 2024, proyek=Proyek.muat(laporan=lap), hanya_data_bawaan=True)
    ftl = TataLetak(lap).tahun("63", 2024)
    for kode, rw in rencana.semua.items():
        if kode in WILAYAH:
            continue
        for rel in berkas_keluaran(kode).values():
            shutil.copy(ft / rel.replace(kode, "6371"), ft / rel)
        tulis_sidecar(
            ftl,
            kode,
            status="berhasil",
            kunci=rw.kunci,
            komponen_kunci=rw.komponen,
            detik=1.0,
            berkas=berkas_keluaran(kode),
            sha256_berkas=sidik_jari_keluaran(ft, berkas_keluaran(kode).values()),
        )


def test_follow_up_stages_run_once_the_province_is_complete(jalan_awal, pelaksana, tmp_path):
    lap = tmp_path / "lengkap"
    shutil.copytree(jalan_awal[0], lap)
    ft = _ft(lap)
    dipanggil = []

    def tahap_peringkat(kp, tahun, proyek):
        dipanggil.append((kp, tahun))
        return _peringkat_palsu(kp, tahun, proyek)

    r = jalankan_provinsi(
        "63",
        2024,
        wilayah=WILAYAH,
        folder_laporan=lap,
        hanya_data_bawaan=True,
        tahap=[tahap_peringkat],
        progres=False,
    )
    assert dipanggil == [] and "belum dibangun" in (ft / "index.html").read_text(
        "utf-8"
    )  # 11 regions missing
    _lengkapi_provinsi(lap)
    r = jalankan_provinsi(
        "63",
        2024,
        folder_laporan=lap,
        hanya_data_bawaan=True,
        tahap=[tahap_peringkat],
        progres=False,
    )
    assert dipanggil == [("6300", 2024)] and r.kode_keluar == 0
    assert [(t.nama, t.status) for t in r.tahap] == [("tahap_peringkat", "berhasil")]
    html = (ft / "index.html").read_text("utf-8")
    assert 'id="tabel-peringkat"' in html and "80,50" in html and "90%" in html
    m = json.loads((ft / "manifest.json").read_text("utf-8"))
    assert m["tahap_lanjutan"][0]["berkas"] == ["peringkat/peringkat.json"]
    assert "peringkat/peringkat.json" in {a["path"] for a in m["artefak"]}
    # unchanged inputs: the stage is skipped; a failing stage fails the run, naming itself
    r = jalankan_provinsi(
        "63",
        2024,
        folder_laporan=lap,
        hanya_data_bawaan=True,
        tahap=[tahap_peringkat, _tahap_gagal],
        progres=False,
    )
    assert len(dipanggil) == 1 and r.tahap[0].status == "dilewati"
    assert r.kode_keluar == 1
    assert r.pesan_gagal() == [
        "Tahap _tahap_gagal 6300/2024 gagal: masukan peringkat tidak lengkap"
    ]
    # A stage marked di_pekerja runs on the pool, in a worker's warm kernel (not the runner's process).
    r = jalankan_provinsi(
        "63",
        2024,
        folder_laporan=lap,
        hanya_data_bawaan=True,
        tahap=[_tahap_di_pekerja],
        pelaksana=pelaksana,
        progres=False,
    )
    assert r.kode_keluar == 0 and [t.status for t in r.tahap] == ["berhasil"]
    catatan = json.loads((ft / "tahap_pekerja.json").read_text("utf-8"))
    assert catatan["pid"] != os.getpid() and catatan["pid"] in pelaksana.pid_pekerja()
    assert catatan["kernel_hidup"] and _hidup(catatan["kernel_pid"])
    assert catatan["klien_sama"]


@pytest.mark.parametrize("ubah", ["timpa", "potong"])
def test_a_stage_whose_file_changed_since_its_run_runs_again(jalan_awal, tmp_path, ubah):
    """A stage file overwritten or truncated after the stage's run (by hand, or by a manual
    ``analisis peringkat``) is not published as current: the unchanged rerun redoes the stage."""
    lap = tmp_path / "tahap"
    shutil.copytree(jalan_awal[0], lap)
    _lengkapi_provinsi(lap)
    ft = _ft(lap)
    dipanggil = []

    def tahap_peringkat(kp, tahun, proyek):
        dipanggil.append((kp, tahun))
        return _peringkat_palsu(kp, tahun, proyek)

    def jalan():
        return jalankan_provinsi(
            "63", 2024, folder_laporan=lap, hanya_data_bawaan=True, tahap=[tahap_peringkat]
        )

    assert [t.status for t in jalan().tahap] == ["berhasil"]
    assert [t.status for t in jalan().tahap] == ["dilewati"] and len(dipanggil) == 1
    p = ft / "peringkat" / "peringkat.json"
    asli = p.read_bytes()
    p.write_bytes(asli.replace(b"80.5", b"99.5") if ubah == "timpa" else asli[: len(asli) // 2])
    konsol = io.StringIO()
    r = jalankan_provinsi(
        "63",
        2024,
        folder_laporan=lap,
        hanya_data_bawaan=True,
        tahap=[tahap_peringkat],
        konsol=Console(file=konsol, width=200),
    )
    assert [t.status for t in r.tahap] == ["berhasil"] and len(dipanggil) == 2
    assert (
        "Tahap lanjutan tahap_peringkat untuk 6300/2024 (berkas berubah sejak jalan terakhir: "
        "peringkat/peringkat.json)…" in konsol.getvalue()
    )
    from analisis.kontrak import PeringkatProvinsi

    # the stage's own output again, not the edited file
    assert PeringkatProvinsi.baca(p).baris[0].skor == 80.5
    assert [t.status for t in jalan().tahap] == ["dilewati"] and len(dipanggil) == 2


@pytest.mark.parametrize("ubah", ["timpa", "potong"])
def test_a_region_whose_output_changed_since_its_run_runs_again(
    jalan_awal, pelaksana, tmp_path, ubah
):
    """A region output overwritten or truncated after its run is not published as current: the
    unchanged rerun evaluates that region again and says why; the other region stays cached."""
    lap = tmp_path / "wilayah"
    shutil.copytree(jalan_awal[0], lap)
    p = _ft(lap) / berkas_keluaran("6371")["html"]
    asli = p.read_bytes()
    p.write_bytes(asli.replace(b"Banjarmasin", b"Banjarbaru") if ubah == "timpa" else asli[:100])
    assert _status_jalan_ulang(lap, pelaksana) == {
        "6371": ("berhasil", "keluaran berubah sejak jalan terakhir: wilayah/6371.html"),
        "6372": ("dilewati", "tidak berubah (cache)"),
    }
    assert len(p.read_bytes()) > 100 and b"Kota Banjarmasin" in p.read_bytes()


def test_a_region_whose_download_was_deleted_or_edited_runs_again(jalan_awal, pelaksana, tmp_path):
    """The downloads a region's report links (its BNBA tables) are vouched for by its cache
    record like its report: deleted or edited, the unchanged rerun writes them again."""
    from analisis.tata_letak import FolderTahun

    lap = tmp_path / "unduhan"
    shutil.copytree(jalan_awal[0], lap)
    ft = FolderTahun(lap, "6300", 2024)
    unduhan = [r for r in ft.unduhan_wilayah("6371") if (ft.folder / r).is_file()]
    assert unduhan  # the demo's synthetic extract of Banjarmasin gives it BNBA downloads
    hapus, ubah = ft.folder / unduhan[0], ft.folder / unduhan[-1]
    hapus.unlink()

    def jalan():
        return _status_jalan_ulang(lap, pelaksana)

    assert jalan() == {
        "6371": ("berhasil", f"keluaran hilang: {unduhan[0]}"),
        "6372": ("dilewati", "tidak berubah (cache)"),
    }
    assert hapus.is_file()
    ubah.write_bytes(ubah.read_bytes()[:50])
    assert jalan()["6371"] == ("berhasil", f"keluaran berubah sejak jalan terakhir: {unduhan[-1]}")
    assert zipfile.is_zipfile(ubah)  # the whole workbook written again (its zip times vary)
    assert jalan()["6371"] == ("dilewati", "tidak berubah (cache)")


SKRIP_JALAN = """
import sys
import analisis.runner.jalan as j
import analisis.runner.rencana as r
r.sidik_jari_kode = lambda: "kode-uji"
if __name__ == "__main__":
    j.jalankan_provinsi("63", 2024, wilayah=sys.argv[2].split(","), folder_laporan=sys.argv[1],
                        hanya_data_bawaan=True, pekerja=1, progres=False)
"""


def test_killed_run_leaves_no_partial_files_and_resumes(tmp_path, pelaksana):
    proj = _salin_proyek(tmp_path, SEL_TAHAN)
    lap = tmp_path / "lap"
    skrip = tmp_path / "jalan.py"
    skrip.write_text(SKRIP_JALAN, "utf-8")
    tanda = tmp_path / "6372_sedang_berjalan"
    p = subprocess.Popen(
        [sys.executable, str(skrip), str(lap), ",".join(WILAYAH)],
        cwd=proj,  # the project (its notebook) is found from the working folder
        env={**os.environ, "ANALISIS_UJI_TAHAN": str(tanda)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Synchronise on the file the blocked region writes (never on a sleep): the run is
        # then inside region 6372 and stays there until it is killed.
        batas = time.monotonic() + 300
        while not tanda.exists() and p.poll() is None and time.monotonic() < batas:
            time.sleep(0.1)
        assert tanda.exists(), p.stderr.read() if p.poll() is not None else "tidak sampai 6372"
        assert p.poll() is None
        assert json.loads((_ft(lap) / ".cache" / "6371.json").read_text("utf-8"))["status"] == (
            "berhasil"
        )
        p.send_signal(signal.SIGKILL)
        p.wait(10)
    finally:
        if p.poll() is None:
            p.kill()
    # the orphaned worker and its kernel stop by themselves (PR_SET_PDEATHSIG, ipykernel's parent poll)
    pid = {
        int(x)
        for x in re.findall(
            r"(?:pekerja|kernel) (\d+)", (_ft(lap) / "log" / "6371.log").read_text()
        )
    }
    assert len(pid) == 2 and int(tanda.read_text()) in pid
    batas = time.time() + 20
    while any(_hidup(x) for x in pid) and time.time() < batas:
        time.sleep(0.3)
    assert not any(_hidup(x) for x in pid)
    sc = json.loads((_ft(lap) / ".cache" / "6372.json").read_text("utf-8"))
    assert sc["status"] == "berjalan"  # killed mid-region: never a cache hit
    r = jalankan_provinsi(
        "63",
        2024,
        wilayah=WILAYAH,
        proyek=Proyek.muat(akar=proj, laporan=lap),
        hanya_data_bawaan=True,
        pelaksana=pelaksana,
        progres=False,
    )
    assert {h.kode_wilayah: h.status for h in r.wilayah} == {"6371": "dilewati", "6372": "berhasil"}
    assert r.wilayah[1].alasan == "jalan sebelumnya terputus"
    assert not _sementara(lap)
    for kode in WILAYAH:
        assert (
            (_ft(lap) / "wilayah" / f"{kode}.html").read_text("utf-8").rstrip().endswith("</html>")
        )
        json.loads((_ft(lap) / "hasil" / f"{kode}.json").read_text("utf-8"))
    assert json.loads((_ft(lap) / "manifest.json").read_text("utf-8"))["status"] == "berhasil"


def test_same_run_on_a_local_dask_cluster(tmp_path):
    from distributed import LocalCluster

    lap = tmp_path / "dask"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        r = jalankan_provinsi(
            "63",
            2024,
            wilayah=WILAYAH,
            folder_laporan=lap,
            hanya_data_bawaan=True,
            dask_alamat=cluster.scheduler_address,
            progres=False,
        )
        assert r.kode_keluar == 0, r.pesan_gagal()
        assert r.pelaksana == "dask" and r.pekerja == 2
        kernel = {
            int(x)
            for k in WILAYAH
            for x in re.findall(r"kernel (\d+)", (_ft(lap) / "log" / f"{k}.log").read_text())
        }
        assert all(_hidup(x) for x in kernel)  # kernels stay warm on the workers between runs
    batas = time.time() + 20
    while any(_hidup(x) for x in kernel) and time.time() < batas:
        time.sleep(0.3)
    assert not any(_hidup(x) for x in kernel)  # the worker plugin shut them down with the cluster
    ft = _ft(lap)
    for kode in WILAYAH:
        assert all((ft / rel).is_file() for rel in berkas_keluaran(kode).values())
    m = json.loads((ft / "manifest.json").read_text("utf-8"))
    assert m["parameter"]["pelaksana"] == "dask" and m["status"] == "berhasil"


@pytest.mark.ui
def test_site_works_offline_from_file_urls(jalan_awal, page, artefak_dir):
    from ui_util import blokir_jaringan_luar, kumpulkan_galat, tunggu_grafik_vega

    lap, _ = jalan_awal
    jaringan = blokir_jaringan_luar(page)
    galat = kumpulkan_galat(page)
    page.goto((lap / "index.html").as_uri())
    page.get_by_role("link", name="Kalimantan Selatan").click()
    assert page.url.endswith("/6300/2024/index.html")
    baris = page.locator("#tabel-wilayah tbody tr")
    assert baris.count() == 13
    assert "4,58" in page.locator('tr[data-kode="6371"]').inner_text()  # P0 2024 Kota Banjarmasin
    page.screenshot(path=str(artefak_dir / "situs_6300_2024.png"), full_page=True)
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and not [h for h in hrefs if re.match(r"^(?:[a-z]+:|/)", h)]  # relative links only
    page.get_by_role("link", name="Kota Banjarbaru").click()
    assert page.url.endswith("/wilayah/6372.html")
    assert tunggu_grafik_vega(page, minimal=3)["siap"] >= 3  # Vega charts render from ../../_static
    page.go_back()
    assert page.url.endswith("/6300/2024/index.html") and baris.count() == 13
    page.get_by_role("link", name=re.compile("Manifes jalan")).click()
    assert '"manifest-jalan-evaluasi"' in page.content()
    page.go_back()
    page.get_by_role("link", name="← Semua provinsi dan tahun").click()
    assert page.url.endswith(f"{lap.name}/index.html")
    assert jaringan.jumlah == 0, jaringan.diblokir
    assert galat == []


def test_a_region_failing_on_a_freshly_started_worker_has_a_non_negative_duration(
    proyek_gagal, tmp_path
):
    """A first run starts its pool and kernels before planning (the kernel's start is paid
    before the region's task begins): the failed region's recorded duration leaves out only the
    kernel time spent within its task, never the start paid earlier."""
    lap = tmp_path / "lap"
    r = jalankan_provinsi(
        "63",
        2024,
        wilayah=["6372"],
        proyek=Proyek.muat(akar=proyek_gagal, laporan=lap),
        hanya_data_bawaan=True,
        pekerja=1,
        progres=False,
    )
    assert [h.status for h in r.wilayah] == ["gagal"]
    sidecar = json.loads((_ft(lap) / ".cache" / "6372.json").read_text("utf-8"))
    assert sidecar["detik"] >= 0


def test_a_kernel_that_exits_at_start_fails_its_regions_with_one_indonesian_line(
    tmp_path, monkeypatch
):
    """A kernel that exits before it answers (a broken kernelspec) fails every region of the
    run with the readiness check's own line, in Indonesian, instead of waiting for the check's
    time limit; the run ends normally and reports the failures."""
    spec = tmp_path / "jupyter" / "kernels" / "mati"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-c", "raise SystemExit(3)", "{connection_file}"],
                "display_name": "mati",
                "language": "python",
            }
        ),
        "utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    lap = tmp_path / "lap"
    r = jalankan_provinsi(
        "63",
        2024,
        wilayah=WILAYAH,
        folder_laporan=lap,
        hanya_data_bawaan=True,
        pekerja=1,
        progres=False,
        kernel="mati",
        batas_waktu=60,
    )
    assert [h.status for h in r.wilayah] == ["gagal", "gagal"]
    for h in r.wilayah:
        assert h.pesan == (
            f"Evaluasi {h.nama} ({h.kode_wilayah}) 2024 gagal: RuntimeError: kernel berhenti "
            "sebelum menjawab permintaan kernel_info"
        ), h.pesan
    assert r.kode_keluar == 1 and r.tahap == []
    assert json.loads((_ft(lap) / ".cache" / "6371.json").read_text("utf-8"))["status"] == "gagal"
