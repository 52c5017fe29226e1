"""Cache keys, sidecars, the run lock, temp-file sweeping and the run plan (no notebooks run)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from analisis.galat import GalatAnalisis
from analisis.proyek import Proyek
from analisis.runner import kunci as k
from analisis.runner.rencana import daftar_provinsi_diminta, rencanakan
from analisis.tata_letak import TataLetak
from conftest import AKAR


def _proyek(laporan, **kw) -> Proyek:
    return Proyek.muat(laporan=laporan, **kw)


def test_notebook_fingerprint_ignores_outputs_but_not_sources(tmp_path):
    nb = json.loads((AKAR / "notebooks" / "evaluasi_wilayah.ipynb").read_text("utf-8"))
    asli = tmp_path / "a.ipynb"
    asli.write_text(json.dumps(nb), "utf-8")
    dasar = k.sidik_jari_notebook(asli)
    sel = next(c for c in nb["cells"] if c["cell_type"] == "code")
    sel["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    sel["execution_count"] = 42
    sel.setdefault("metadata", {})["collapsed"] = True
    asli.write_text(json.dumps(nb), "utf-8")
    assert k.sidik_jari_notebook(asli) == dasar
    sel["source"] = (
        sel["source"] if isinstance(sel["source"], str) else "".join(sel["source"])
    ) + "\n# ubah"
    asli.write_text(json.dumps(nb), "utf-8")
    assert k.sidik_jari_notebook(asli) != dasar


def test_code_fingerprint_covers_python_and_package_data(tmp_path):
    paket = tmp_path / "paket"
    (paket / "sub" / "__pycache__").mkdir(parents=True)
    (paket / "a.py").write_text("x = 1\n")
    (paket / "sub" / "data.csv").write_text("a,b\n1,2\n")
    dasar = k.sidik_jari_kode(paket)
    (paket / "sub" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert k.sidik_jari_kode(paket) == dasar  # byte code does not count
    (paket / "sub" / "data.csv").write_text("a,b\n1,3\n")
    assert k.sidik_jari_kode(paket) != dasar
    dasar = k.sidik_jari_kode(paket)
    (paket / "a.py").rename(paket / "b.py")  # a rename is a change
    assert k.sidik_jari_kode(paket) != dasar


def test_key_components_name_what_changed():
    bersama = k.KomponenBersama(notebook="n", kode="c", uv_lock="l", data="d")
    par = k.parameter_kunci(
        "6303", 2024, tahun_awal=None, pembanding=None, hanya_data_bawaan=True, kernel="python3"
    )
    a = k.komponen_wilayah(bersama, "y", par)
    b = k.komponen_wilayah(k.KomponenBersama("n", "c2", "l", "d2"), "y", par)
    assert k.kunci_dari(a) != k.kunci_dari(b)
    assert sorted(k.komponen_berubah(a, b)) == ["data", "kode paket analisis"]
    par2 = {**par, "tahun_awal": 2020}
    assert k.komponen_berubah(a, k.komponen_wilayah(bersama, "y", par2)) == ["parameter wilayah"]
    assert k.kunci_dari(a) == k.kunci_dari(dict(reversed(list(a.items()))))  # canonical


def test_sidecar_roundtrip_and_outputs_check(tmp_path):
    ft = TataLetak(tmp_path).tahun("63", 2024)
    assert k.baca_sidecar(ft, "6303") is None
    k.tulis_sidecar(ft, "6303", status="berhasil", kunci="abc")
    sc = k.baca_sidecar(ft, "6303")
    assert sc is not None and sc.status == "berhasil" and sc.kode == "6303"
    ft.sidecar("6371").write_text("{rusak", "utf-8")
    assert k.baca_sidecar(ft, "6371") is None  # unreadable = no cache
    ft.sidecar("6372").write_text('{"versi_skema": 1, "status": "berhasil"}', "utf-8")
    assert k.baca_sidecar(ft, "6372") is None  # another schema = no cache


def test_sweep_removes_only_temp_files_of_the_region(tmp_path):
    (tmp_path / "hasil").mkdir()
    sisa = [tmp_path / "hasil" / ".6303.json.ab12cd.tmp", tmp_path / "hasil" / ".6303.x9.tmp.nc"]
    lain = [
        tmp_path / "hasil" / ".6371.json.zz.tmp",
        tmp_path / "hasil" / "6303.json",
        tmp_path / "hasil" / ".tersembunyi",
    ]
    for p in sisa + lain:
        p.write_text("x")
    dihapus = k.sapu_sementara([tmp_path / "hasil"], awalan="6303")
    assert sorted(dihapus) == sorted(sisa)
    assert all(p.exists() for p in lain)
    # usia_min spares fresh files (another command may be writing them)
    assert k.sapu_sementara([tmp_path / "hasil"], usia_min=600) == []
    lama = time.time() - 3600
    os.utime(lain[0], (lama, lama))
    assert k.sapu_sementara([tmp_path / "hasil"], usia_min=600) == [lain[0]]


def test_lock_is_exclusive_between_processes_and_reentrant_within(tmp_path):
    kode = (
        "import sys\n"
        "from analisis.runner.kunci import gembok_folder\n"
        "with gembok_folder(sys.argv[1]):\n"
        "    print('pegang', flush=True)\n"
        "    sys.stdin.read()  # hold the lock until killed\n"
    )
    p = subprocess.Popen(
        [sys.executable, "-c", kode, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert p.stdout.readline().strip() == "pegang"
        with (
            pytest.raises(GalatAnalisis, match="sedang dipakai oleh jalan lain"),
            k.gembok_folder(tmp_path),
        ):
            pass
    finally:
        p.kill()
        p.wait()
    with (
        k.gembok_folder(tmp_path),  # released when the holder died (even by SIGKILL)
        k.gembok_folder(tmp_path),  # re-entrant in one process
    ):
        pass


def test_province_selection():
    assert daftar_provinsi_diminta("63") == ["6300"]
    assert daftar_provinsi_diminta(["6300", "61", "63"]) == ["6300", "6100"]
    assert daftar_provinsi_diminta("semua") == ["6100", "6200", "6300", "6400", "6500"]
    for salah in ("99", "6303", "kalsel", ""):
        with pytest.raises(GalatAnalisis, match="tidak dikenal") as e:
            daftar_provinsi_diminta(salah)
        assert e.value.kode_keluar == 2


@pytest.fixture
def kode_tetap(monkeypatch):
    """Others edit the package while tests run: pin the code component of the key."""
    monkeypatch.setattr("analisis.runner.rencana.sidik_jari_kode", lambda: "kode-uji")


def test_plan_reasons_hit_and_misses(tmp_path, kode_tetap):
    lap = tmp_path / "lap"
    r = rencanakan(
        "63", 2024, wilayah=["6303", "6371"], proyek=_proyek(lap), hanya_data_bawaan=True
    )
    assert [w.kode_wilayah for w in r.dijalankan] == ["6303", "6371"]
    assert {w.alasan for w in r.dijalankan} == {"belum pernah dijalankan"}
    assert len(r.semua) == 13  # every kab/kota is keyed (completeness check for follow-up stages)
    ft = TataLetak(lap).tahun("63", 2024)
    w = r.semua["6303"]
    for rel in ft.keluaran_wilayah("6303").values():
        (ft.folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (ft.folder / rel).write_text("x")
    k.tulis_sidecar(
        ft,
        "6303",
        status="berhasil",
        kunci=w.kunci,
        komponen_kunci=w.komponen,
        sha256_berkas=k.sidik_jari_keluaran(ft.folder, ft.keluaran_wilayah("6303").values()),
    )
    k.tulis_sidecar(ft, "6371", status="berjalan", kunci=r.semua["6371"].kunci)
    r2 = rencanakan(
        "63", 2024, wilayah=["6303", "6371"], proyek=_proyek(lap), hanya_data_bawaan=True
    )
    assert [w.kode_wilayah for w in r2.dari_cache] == ["6303"]
    assert r2.semua["6371"].alasan == "jalan sebelumnya terputus"
    # another start year, another params file, --paksa, a missing output: all re-run, with the reason
    r3 = rencanakan(
        "63", 2024, wilayah=["6303"], proyek=_proyek(lap), hanya_data_bawaan=True, tahun_awal=2020
    )
    assert r3.semua["6303"].alasan == "berubah: parameter wilayah"
    params = tmp_path / "6300_uji.yaml"
    shutil.copy(AKAR / "params" / "provinsi" / "6300_kalimantan_selatan.yaml", params)
    params.write_text(
        params.read_text("utf-8").replace("jendela_tahun: 3", "jendela_tahun: 4"), "utf-8"
    )
    r4 = rencanakan(
        "63",
        2024,
        wilayah=["6303"],
        proyek=_proyek(lap),
        hanya_data_bawaan=True,
        berkas_params=params,
    )
    assert r4.semua["6303"].alasan == "berubah: berkas parameter provinsi"
    r5 = rencanakan(
        "63", 2024, wilayah=["6303"], proyek=_proyek(lap), hanya_data_bawaan=True, paksa=True
    )
    assert r5.semua["6303"].alasan == "dipaksa (--paksa)"
    ft.hasil_nc("6303").unlink()
    r6 = rencanakan("63", 2024, wilayah=["6303"], proyek=_proyek(lap), hanya_data_bawaan=True)
    assert r6.semua["6303"].alasan == "keluaran hilang: hasil/6303.nc"


def test_plan_rejects_regions_outside_the_province(tmp_path, kode_tetap):
    with pytest.raises(GalatAnalisis, match="6401 bukan kabupaten/kota di Kalimantan Selatan") as e:
        rencanakan(
            "63", 2024, wilayah=["6303", "6401"], proyek=_proyek(tmp_path), hanya_data_bawaan=True
        )
    assert e.value.kode_keluar == 2
    r = rencanakan(
        "semua", 2024, wilayah=["6401,6303"], proyek=_proyek(tmp_path), hanya_data_bawaan=True
    )
    assert r.diminta == ["6303", "6401"]


def test_data_fingerprint_is_part_of_the_key(tmp_path, kode_tetap, penyimpanan):
    """Imported data change the key; ``hanya_data_bawaan`` ignores the store."""
    import pandas as pd

    from analisis.data.model import Basisdata
    from analisis.data.penyimpanan import Penyimpanan

    a = rencanakan("63", 2024, wilayah=["6303"], proyek=_proyek(tmp_path, penyimpanan=penyimpanan))
    baris = Basisdata.muat(impor=False).tabel.query(
        "kode_wilayah == '6303' and indikator == 'p0' and tahun == 2024"
    )
    baris = baris.assign(nilai=2.5, sumber="uji", asal="impor")
    Penyimpanan(penyimpanan).simpan(pd.DataFrame(baris), {"berkas": "uji"})
    b = rencanakan("63", 2024, wilayah=["6303"], proyek=_proyek(tmp_path, penyimpanan=penyimpanan))
    assert a.bersama.data != b.bersama.data
    c = rencanakan(
        "63",
        2024,
        wilayah=["6303"],
        proyek=_proyek(tmp_path, penyimpanan=penyimpanan),
        hanya_data_bawaan=True,
    )
    assert c.bersama.data == a.bersama.data


class _PelaksanaPalsu:
    jenis = "proses"
    pekerja = kapasitas = 1

    def __init__(self):
        self.dihentikan = False

    def hentikan(self):
        self.dihentikan = True

    def tutup(self):
        pass


@pytest.mark.parametrize("sinyal", ["ctrl-c", "sigterm"])
def test_interrupt_stops_workers_and_explains_in_indonesian(
    tmp_path, kode_tetap, monkeypatch, sinyal
):
    import signal

    from analisis.runner import jalankan_provinsi

    def terputus(*a, **k):
        if sinyal == "sigterm":
            # raise_signal runs the Python handler before it returns: the runner's handler must
            # turn SIGTERM into the same clean stop as Ctrl-C (else the default action kills us).
            signal.raise_signal(signal.SIGTERM)
            pytest.fail("SIGTERM did not interrupt the run")
        raise KeyboardInterrupt

    monkeypatch.setattr("analisis.runner.jalan._jalankan_semua", terputus)
    palsu = _PelaksanaPalsu()
    sebelum = signal.getsignal(signal.SIGTERM)
    with pytest.raises(
        GalatAnalisis, match="Jalan dihentikan pengguna. 0 dari 2 wilayah sudah selesai"
    ) as e:
        jalankan_provinsi(
            "63",
            2024,
            wilayah=["6371", "6372"],
            folder_laporan=tmp_path,
            hanya_data_bawaan=True,
            pelaksana=palsu,
            progres=False,
        )
    assert e.value.kode_keluar == 130 and palsu.dihentikan
    assert "Jalankan perintah yang sama lagi untuk melanjutkan" in str(e.value)
    assert signal.getsignal(signal.SIGTERM) is sebelum  # handler restored
    assert not (tmp_path / "6300" / "2024" / "index.html").exists()  # the site is not touched
    with k.gembok_folder(tmp_path):  # lock released
        pass
