"""Hardened outputs (issue 15): injection, write faults and concurrent imports, through the CLI.

- Injection: text from a framework or cluster file that starts with ``=``/``+``/``-``/``@``
  never becomes a live formula in a template, a ranking download or a contribution table, and
  a dimension name with ``<img onerror>`` reaches the ranking report escaped.
- Faults: a full disk and a read-only or forbidden folder end with one Indonesian message, exit
  code 3, and no half-written or temporary file; the old store stays as it was.
- Concurrency: two ``analisis data impor`` into the same store at the same time keep both
  updates (real processes, synchronised on events, never on sleeps).
"""

from __future__ import annotations

import csv
import errno
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conftest import AKAR, FOLDER_DATA_UJI

IMPOR = FOLDER_DATA_UJI / "impor"
RUMUS = '=HYPERLINK("http://contoh.invalid/","klik")'
TAG = "<img src=x onerror=alert(1)>"


def _kerangka_jahat(tmp_path: Path) -> Path:
    """The default framework with a hostile dimension name and indicator names."""
    k = yaml.safe_load((AKAR / "params/peringkat/kerangka_bawaan.yaml").read_text("utf-8"))
    k["dimensi"][0]["nama"] = TAG
    k["dimensi"][2]["indikator"][3]["nama"] = RUMUS
    k["dimensi"][1]["indikator"][0]["nama"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    p = tmp_path / "kerangka_jahat.yaml"
    p.write_text(yaml.safe_dump(k, allow_unicode=True, sort_keys=False), "utf-8")
    return p


def _sel_xlsx(path: Path):
    wb = load_workbook(path)
    return [sel for ws in wb.worksheets for baris in ws.iter_rows() for sel in baris]


def _tanpa_rumus(path: Path) -> None:
    rumus = [f"{s.parent.title}!{s.coordinate}" for s in _sel_xlsx(path) if s.data_type == "f"]
    assert rumus == [], f"sel berisi rumus: {rumus}"


# ------------------------------------------------------------------------------ injection
def test_evaluator_template_keeps_config_text_as_text(cli, tmp_path):
    kerangka = _kerangka_jahat(tmp_path)
    hasil = cli(
        "peringkat", "templat", "--provinsi", "63", "--tahun", "2024",
        "--keluaran", tmp_path / "keluar", "--kerangka", kerangka,
    )  # fmt: skip
    assert hasil.exit_code == 0, hasil.output
    csv_ = next((tmp_path / "keluar").glob("*.csv"))
    with open(csv_, encoding="utf-8-sig", newline="") as f:
        judul = next(csv.reader(f))
    berbahaya = [t for t in judul if t.lstrip("'").startswith(("=", "+", "-", "@"))]
    assert berbahaya and all(t.startswith("'") for t in berbahaya), judul
    xlsx = next((tmp_path / "keluar").glob("*.xlsx"))
    _tanpa_rumus(xlsx)
    sel = next(s for s in _sel_xlsx(xlsx) if s.value and str(s.value).startswith(RUMUS))
    assert (sel.data_type, sel.quotePrefix) == ("s", True)
    # The template still reads back: columns are recognised by their bracketed codes.
    hasil = cli(
        "peringkat", "cek-evaluator", csv_, "--provinsi", "63", "--tahun", "2024",
        "--kerangka", kerangka,
    )  # fmt: skip
    assert hasil.exit_code == 0, hasil.output


def test_budget_template_keeps_cluster_names_as_text(cli, tmp_path):
    konf = yaml.safe_load((AKAR / "params/anggaran/klaster.yaml").read_text("utf-8"))
    konf["klaster"][0]["nama"] = RUMUS
    konf["klaster"][1]["deskripsi"] = "+62 812 0000 (telepon)"
    p = tmp_path / "klaster.yaml"
    p.write_text(yaml.safe_dump(konf, allow_unicode=True, sort_keys=False), "utf-8")
    hasil = cli(
        "anggaran", "templat", "--wilayah", "6303", "--tahun", "2024",
        "--keluaran", tmp_path / "keluar", "--konfigurasi", p,
    )  # fmt: skip
    assert hasil.exit_code == 0, hasil.output
    xlsx = tmp_path / "keluar" / "templat_anggaran_6303_2024.xlsx"
    _tanpa_rumus(xlsx)
    daftar = load_workbook(xlsx)["Daftar"]
    assert any(str(s.value).startswith(RUMUS) and s.quotePrefix for s in daftar["A"])


@pytest.fixture(scope="module")
def laporan_jahat(tmp_path_factory) -> Path:
    """A ranking run with the hostile framework, through `analisis peringkat`."""
    from analisis.data.model import Basisdata
    from analisis.data.wilayah import wilayah_provinsi
    from analisis.evaluasi import evaluasi_wilayah, simpan_hasil

    folder = tmp_path_factory.mktemp("laporan")
    basis = Basisdata.muat(impor=False)
    for kode in wilayah_provinsi("63"):
        simpan_hasil(evaluasi_wilayah(kode, 2024, basis=basis), folder)
    kerangka = _kerangka_jahat(folder)
    exe = Path(sys.executable).with_name("analisis")
    r = subprocess.run(
        [
            str(exe), "peringkat", "--provinsi", "63", "--tahun", "2024", "--keluaran",
            str(folder), "--iterasi", "100", "--kerangka", str(kerangka),
        ],
        check=False, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    return folder / "6300" / "2024" / "peringkat"


def test_ranking_outputs_neutralise_and_escape_config_text(laporan_jahat):
    for nama in ("peringkat.csv", "kontribusi.csv"):
        with open(laporan_jahat / nama, encoding="utf-8-sig", newline="") as f:
            sel = [s for baris in csv.reader(f, delimiter=";") for s in baris]
        assert not [s for s in sel if s[:1] in ("=", "+", "-", "@") and not _angka(s)], nama
    with open(laporan_jahat / "kontribusi.csv", encoding="utf-8-sig", newline="") as f:
        sel = {s for baris in csv.reader(f, delimiter=";") for s in baris}
    assert "'" + RUMUS in sel
    _tanpa_rumus(laporan_jahat / "peringkat.xlsx")
    html = (laporan_jahat / "peringkat.html").read_text("utf-8")
    assert "<img src=x onerror" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def _angka(s: str) -> bool:
    try:
        float(s.replace(",", "."))  # downloads use the decimal comma
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------------ faults
def _isi(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_during_import_keeps_the_old_store(cli, tmp_path, penyimpanan, monkeypatch):
    rapi = tmp_path / "a.csv"
    rapi.write_text("kode_wilayah,tahun,indikator,nilai,kualitas\n6303,2014,p0,3.1,A\n", "utf-8")
    assert cli("data", "impor", rapi).exit_code == 0
    sebelum = _isi(penyimpanan)
    rapi.write_text("kode_wilayah,tahun,indikator,nilai,kualitas\n6303,2013,p0,3.2,A\n", "utf-8")
    monkeypatch.setattr(os, "fsync", _enospc)
    hasil = cli("data", "impor", rapi)
    assert hasil.exit_code == 3, hasil.output
    assert hasil.output.strip() == (
        f"Tidak dapat menulis {penyimpanan / 'data_impor.parquet'}: disk penuh (tidak ada ruang "
        "tersisa); kosongkan ruang disk lalu ulangi. Tidak ada berkas yang ditulis sebagian; "
        "berkas lama (bila ada) tetap utuh."
    )
    assert _isi(penyimpanan) == sebelum  # same files, same bytes, no temporary file


def test_disk_full_while_writing_a_template(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fsync", _enospc)
    hasil = cli(
        "anggaran", "templat", "--wilayah", "6303", "--tahun", "2024",
        "--keluaran", tmp_path / "keluar",
    )  # fmt: skip
    assert hasil.exit_code == 3, hasil.output
    assert hasil.output.strip() == (
        f"Galat: Tidak dapat menulis {tmp_path / 'keluar' / 'templat_anggaran_6303_2024.xlsx'}: "
        "disk penuh (tidak ada ruang tersisa); kosongkan ruang disk lalu ulangi. Tidak ada berkas "
        "yang ditulis sebagian; berkas lama (bila ada) tetap utuh."
    )
    assert list((tmp_path / "keluar").iterdir()) == []


@pytest.mark.parametrize(
    "kode_errno,sebab",
    [
        (errno.EROFS, "folder {f} hanya-baca (read-only); pilih folder keluaran lain"),
        (errno.EACCES, "tidak ada izin menulis ke folder {f}; pilih folder lain atau ubah izinnya"),
    ],
)
def test_read_only_output_folder(cli, tmp_path, monkeypatch, kode_errno, sebab):
    """A read-only mount (EROFS) and a folder without write permission (EACCES)."""
    import tempfile

    keluar = tmp_path / "keluar"
    keluar.mkdir()

    def tolak(*args, **kwargs):
        raise OSError(kode_errno, os.strerror(kode_errno))

    monkeypatch.setattr(tempfile, "mkstemp", tolak)
    hasil = cli("peringkat", "templat", "--provinsi", "63", "--tahun", "2024", "--keluaran", keluar)
    assert hasil.exit_code == 3, hasil.output
    tujuan = keluar / "templat_evaluator_6300_2024.xlsx"
    assert hasil.output.strip() == (
        f"GALAT: Tidak dapat menulis {tujuan}: {sebab.format(f=keluar)}. Tidak ada berkas yang "
        "ditulis sebagian; berkas lama (bila ada) tetap utuh."
    )
    assert list(keluar.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root menulis ke folder 0555; EACCES diuji di atas")
def test_real_read_only_folder(cli_proses, tmp_path, penyimpanan):
    rapi = tmp_path / "a.csv"
    rapi.write_text("kode_wilayah,tahun,indikator,nilai,kualitas\n6303,2014,p0,3.1,A\n", "utf-8")
    penyimpanan.mkdir()
    penyimpanan.chmod(0o555)
    try:
        r = cli_proses("data", "impor", rapi)
        assert r.returncode == 3, r.stdout + r.stderr
        assert r.stderr.strip() == (
            f"Tidak dapat menulis {penyimpanan / '.impor.lock'}: tidak ada izin menulis ke folder "
            f"{penyimpanan}; pilih folder lain atau ubah izinnya. Tidak ada berkas yang ditulis "
            "sebagian; berkas lama (bila ada) tetap utuh."
        )
        assert list(penyimpanan.iterdir()) == []
    finally:
        penyimpanan.chmod(0o755)


# ------------------------------------------------------------------------------ concurrency
def _impor_dalam_proses(berkas: str, folder: str, tahan: bool, masuk, lanjut, menunggu, hasil):
    """Child process: ``analisis data impor`` in-process, with test hooks around the lock."""
    from click.testing import CliRunner

    import analisis.cli as modul_cli
    from analisis.cli import utama
    from analisis.data.penyimpanan import Penyimpanan

    asli_simpan = Penyimpanan.simpan
    asli_tunggu = modul_cli._tunggu_impor_lain

    def simpan_ditahan(self, tabel, catatan):
        masuk.set()  # inside the lock, store read, about to write
        if not lanjut.wait(120):
            raise TimeoutError("proses uji tidak dilanjutkan")
        return asli_simpan(self, tabel, catatan)

    def tunggu_ditandai():
        menunggu.set()  # the lock is held by the other import: this one waits
        asli_tunggu()

    if tahan:
        Penyimpanan.simpan = simpan_ditahan  # type: ignore[method-assign]
    modul_cli._tunggu_impor_lain = tunggu_ditandai
    r = CliRunner().invoke(utama, ["--penyimpanan", folder, "data", "impor", berkas])
    hasil.put((r.exit_code, r.output))


def test_two_concurrent_imports_keep_both_updates(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    kepala = "kode_wilayah,tahun,indikator,nilai,kualitas\n"
    a.write_text(kepala + "6303,2014,p0,3.1,A\n", "utf-8")
    b.write_text(kepala + "6304,2014,p0,5.2,A\n", "utf-8")
    folder = str(tmp_path / "penyimpanan")
    ctx = multiprocessing.get_context("fork")
    masuk, lanjut, menunggu = ctx.Event(), ctx.Event(), ctx.Event()
    tak_dipakai = ctx.Event()
    hasil = ctx.Queue()
    pa = ctx.Process(
        target=_impor_dalam_proses, args=(str(a), folder, True, masuk, lanjut, tak_dipakai, hasil)
    )
    pb = ctx.Process(
        target=_impor_dalam_proses,
        args=(str(b), folder, False, tak_dipakai, lanjut, menunggu, hasil),
    )
    pa.start()
    try:
        assert masuk.wait(120), "impor pertama tidak sampai ke penulisan"
        pb.start()
        assert menunggu.wait(120), "impor kedua tidak menunggu kunci penyimpanan"
        lanjut.set()
        keluaran = [hasil.get(timeout=120), hasil.get(timeout=120)]
    finally:
        lanjut.set()
        for p in (pa, pb):
            if p.pid is not None:
                p.join(120)
    assert [k for k, _ in keluaran] == [0, 0], keluaran
    assert any("menunggu sampai selesai" in o for _, o in keluaran)
    from analisis.data.penyimpanan import Penyimpanan

    simpan = Penyimpanan(Path(folder))
    t = simpan.baca()
    assert sorted(zip(t["kode_wilayah"], t["nilai"])) == [("6303", 3.1), ("6304", 5.2)]
    assert len(simpan.riwayat()) == 2
    assert not [p for p in Path(folder).iterdir() if ".tmp" in p.name]
    shutil.rmtree(folder)
