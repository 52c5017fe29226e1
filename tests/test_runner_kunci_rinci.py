"""Cache keys, sidecars, the run lock and temporary files (analisis.runner.kunci), the details:
exact hashes of known content, the sidecar file, the lock's message, the temporary-file pattern."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import analisis
from analisis.galat import GalatAnalisis
from analisis.runner import kunci as k


def _sha(teks: str | bytes) -> str:
    return hashlib.sha256(teks.encode("utf-8") if isinstance(teks, str) else teks).hexdigest()


def test_file_hash_is_the_sha256_of_its_bytes_in_any_block_size(tmp_path):
    kecil = tmp_path / "kecil.bin"
    kecil.write_bytes(b"isi")
    assert k.sha256_berkas(kecil) == _sha(b"isi")
    besar = tmp_path / "besar.bin"
    isi = os.urandom(1 << 20) + b"ekor"  # more than one 1 MiB block
    besar.write_bytes(isi)
    assert k.sha256_berkas(besar) == _sha(isi)
    kosong = tmp_path / "kosong"
    kosong.write_bytes(b"")
    assert k.sha256_berkas(kosong) == _sha(b"")


def test_json_hash_is_canonical_utf8_and_accepts_any_value():
    assert k.sha256_json({"b": 1, "a": "é"}) == _sha('{"a": "é", "b": 1}')
    assert k.sha256_json({"p": Path("x/y")}) == _sha('{"p": "x/y"}')
    assert k.sha256_json([3, None]) == _sha("[3, null]")


def test_notebook_fingerprint_reads_cells_only(tmp_path):
    def tulis(sel: list[dict], **lain) -> Path:
        p = tmp_path / "nb.ipynb"
        p.write_text(json.dumps({"cells": sel, **lain}), "utf-8")
        return p

    dasar = [
        {"cell_type": "markdown", "source": ["# Judul\n", "teks"], "metadata": {}},
        {"cell_type": "code", "source": "x = 1", "metadata": {"tags": ["b", "a"]}},
    ]
    harapan = k.sha256_json([["markdown", "# Judul\nteks", []], ["code", "x = 1", ["a", "b"]]])
    assert k.sidik_jari_notebook(tulis(dasar, metadata={"kernelspec": {"name": "lain"}})) == harapan
    tanpa = [{"cell_type": "code"}]
    assert k.sidik_jari_notebook(tulis(tanpa)) == k.sha256_json([["code", "", []]])
    assert k.sidik_jari_notebook(tulis([])) == k.sha256_json([])
    lain_jenis = [dict(dasar[0], cell_type="raw"), dasar[1]]
    assert k.sidik_jari_notebook(tulis(lain_jenis)) != harapan


def test_package_fingerprint_defaults_to_the_installed_package(tmp_path):
    assert k.folder_paket() == Path(analisis.__file__).resolve().parent
    paket = tmp_path / "paket"
    (paket / "sub").mkdir(parents=True)
    (paket / "a.py").write_text("x = 1\n")
    (paket / "sub" / "b.csv").write_text("1\n")
    (paket / "c.pyc").write_bytes(b"\0")  # byte code outside __pycache__ is ignored too
    (paket / "d.pyo").write_bytes(b"\0")
    (paket / "sub" / "__pycache__").mkdir()
    (paket / "sub" / "__pycache__" / "catatan.txt").write_text("tembolok")  # any file in it
    h = hashlib.sha256()
    for rel in ("a.py", "sub/b.csv"):
        h.update(rel.encode() + b"\0")
        h.update(k.sha256_berkas(paket / rel).encode() + b"\n")
    assert k.sidik_jari_kode(paket) == h.hexdigest()


def test_lock_file_fingerprint(tmp_path):
    assert k.sidik_jari_lock(tmp_path) == "tidak-ada"
    (tmp_path / "uv.lock").write_text("versi = 1\n")
    assert k.sidik_jari_lock(tmp_path) == _sha("versi = 1\n")


def test_key_parts_are_typed_and_named():
    b = k.KomponenBersama(notebook="n", kode="c", uv_lock="l", data="d")
    assert b.sebagai_dict() == {"notebook": "n", "kode": "c", "uv_lock": "l", "data": "d"}
    par = k.parameter_kunci(
        6303, "2024", tahun_awal="2020", pembanding="nasional", hanya_data_bawaan=1, kernel="k"
    )
    assert par == {
        "kode_wilayah": "6303",
        "tahun": 2024,
        "tahun_awal": 2020,
        "pembanding": "nasional",
        "hanya_data_bawaan": True,
        "kernel": "k",
    }
    assert k.parameter_kunci(
        "6303", 2024, tahun_awal=None, pembanding=None, hanya_data_bawaan=0, kernel="python3"
    ) == {
        "kode_wilayah": "6303",
        "tahun": 2024,
        "tahun_awal": None,
        "pembanding": None,
        "hanya_data_bawaan": False,
        "kernel": "python3",
    }
    komp = k.komponen_wilayah(b, "y", par)
    assert komp == {
        "notebook": "n",
        "kode": "c",
        "uv_lock": "l",
        "data": "d",
        "params_yaml": "y",
        "parameter": k.sha256_json(par),
        "skema": str(k.VERSI_SKEMA_KUNCI),
    }
    assert k.kunci_dari(komp) == k.sha256_json(komp)


def test_changed_components_are_named_in_indonesian():
    baru = {"notebook": "2", "kode": "1", "data": "3", "lain": "x"}
    assert k.komponen_berubah(None, baru) == []
    assert k.komponen_berubah({}, baru) == []
    lama = {"notebook": "1", "kode": "1", "data": "2"}
    assert k.komponen_berubah(lama, baru) == ["notebook", "data", "lain"]
    assert k.NAMA_KOMPONEN["uv_lock"] == "uv.lock (versi dependensi)"


def test_sidecar_file(tmp_path):
    from analisis.tata_letak import TataLetak

    ft = TataLetak(tmp_path).tahun("63", 2024)
    p = k.tulis_sidecar(ft, "6303", status="berhasil", kunci="abc", pesan="é")
    assert p == ft.sidecar("6303") == tmp_path / "6300" / "2024" / ".cache" / "6303.json"
    teks = p.read_text("utf-8")
    isi = json.loads(teks)
    assert isi["schema_version"] == 2 and isi["kode"] == "6303" and isi["status"] == "berhasil"
    assert isi["pesan"] == "é" and "é" in teks
    p.write_text(json.dumps({"versi_skema": 1, "status": "berhasil"}), "utf-8")
    assert k.baca_sidecar(ft, "6303") is None  # another schema: no cache
    p.write_text(json.dumps([1, 2]), "utf-8")
    assert k.baca_sidecar(ft, "6303") is None
    assert ft.keluaran_wilayah("6371") == {
        "html": "wilayah/6371.html",
        "json": "hasil/6371.json",
        "nc": "hasil/6371.nc",
    }
    assert ft.subfolder_wilayah() == [
        ft.folder / "wilayah",
        ft.folder / "hasil",
        ft.folder / "dokumen",
        ft.folder / ".cache",
        ft.folder / "log",
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", k.sekarang())


def test_lock_message_exit_code_and_release(tmp_path):
    folder = tmp_path / "baru" / "laporan"
    kode = (
        "import sys\n"
        "from analisis.runner.kunci import gembok_folder\n"
        "with gembok_folder(sys.argv[1]):\n"
        "    print('pegang', flush=True)\n"
        "    sys.stdin.read()\n"
    )
    p = subprocess.Popen(
        [sys.executable, "-c", kode, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert p.stdout.readline().strip() == "pegang"
        assert (folder / ".jalan.lock").is_file()
        with pytest.raises(GalatAnalisis) as e, k.gembok_folder(folder):
            pass
        assert str(e.value) == (
            "Folder laporan laporan sedang dipakai oleh jalan lain (analisis jalankan). "
            "Tunggu sampai selesai, lalu ulangi."
        )
        assert e.value.kode_keluar == 1
    finally:
        p.stdin.close()  # the holder returns from its block and releases the lock
        assert p.wait(60) == 0
    with k.gembok_folder(folder) as f:
        assert f == folder.resolve()
        with k.gembok_folder(folder):
            pass
        assert k._gembok_dipegang[f][1] == 1
    assert folder.resolve() not in k._gembok_dipegang


@pytest.mark.parametrize(
    ("nama", "sementara"),
    [
        (".6303.json.ab12.tmp", True),
        (".6303.x9.tmp.nc", True),
        (".6303.tmp", True),
        (".6303.json.tmpx", False),
        ("6303.json.tmp", False),
        (".tersembunyi", False),
        (".6303.tmp.nc.gz", False),
    ],
)
def test_temporary_file_names(tmp_path, nama, sementara):
    (tmp_path / nama).write_text("x")
    assert (k.berkas_sementara(tmp_path) == [tmp_path / nama]) is sementara


def test_temporary_files_by_region_and_recursively(tmp_path):
    assert k.berkas_sementara(tmp_path / "tidak-ada") == []
    (tmp_path / "hasil" / "dalam").mkdir(parents=True)
    a = tmp_path / "hasil" / ".6303.json.a.tmp"
    b = tmp_path / "hasil" / "dalam" / ".6371.json.b.tmp"
    (tmp_path / "hasil" / ".6303.folder.tmp").mkdir()  # a folder is never a temp file
    for p in (a, b):
        p.write_text("x")
    assert k.berkas_sementara(tmp_path / "hasil") == [a]
    assert sorted(k.berkas_sementara(tmp_path, rekursif=True)) == sorted([a, b])
    assert k.berkas_sementara(tmp_path, "6371", rekursif=True) == [b]
    assert k.berkas_sementara(tmp_path / "hasil", "630") == []  # whole code only
    assert sorted(k.sapu_sementara([tmp_path], rekursif=True)) == sorted([a, b])
    assert not a.exists() and not b.exists()
