"""Cache keys, cache sidecars, the run lock and stale temporary files.

**Cache key of a region** (sha256 of the canonical JSON of these components; each component
is itself a sha256 so the sidecar can say *which* one changed):

- ``notebook``: the evaluation notebook's cells (type, source, tags), outputs and execution
  counts stripped, so re-saving the notebook from JupyterLab does not invalidate anything;
- ``parameter``: the region's notebook parameters that change its result (code, year,
  start year, reference, bundled-data-only flag, kernel name); paths are left out because the
  sidecar lives next to the outputs it describes;
- ``data``: :meth:`analisis.data.model.Basisdata.sidik_jari` of the data the notebook reads
  (bundled data plus the store's imports unless ``hanya_data_bawaan``);
- ``params_yaml``: the bytes of the province parameter file the notebook loads;
- ``berkas <kunci>`` (one component per file): the bytes of every file that parameter file
  points to and the region's evaluation reads (``anggaran[0]``, ``bnba.6303``, …), so an edited
  budget or BNBA file re-runs the regions that read it;
- ``kode``: every file of the installed ``analisis`` package (``**/*.py`` plus its data,
  templates and bundled CSVs, which change results just as much), ``__pycache__`` excluded;
- ``uv_lock``: the bytes of the project's ``uv.lock`` (dependency versions).

**Stage key** (e.g. the provincial ranking): every region key of the province, the package
code, the ranking notebook, ``uv.lock``, the params YAML and every file the ranking reads
(framework, evaluator, budget and BNBA inputs of the year), one component each.

**Sidecar** :class:`analisis.kontrak.Sidecar` at ``.cache/<kode>.json`` (atomically): status
(``berjalan`` before the notebook starts, then ``berhasil`` or ``gagal``), key, key components,
duration, relative output paths and the sha256 of each file as written
(:func:`sidik_jari_keluaran`). A region or stage is a cache hit only when its sidecar says
``berhasil`` with the same key **and** its files are still the bytes it wrote (a file
overwritten or truncated since, e.g. by hand or by a manual ``analisis peringkat``, makes it
run again, and the plan says which file: :func:`keluaran_berubah`). Because the
``berjalan`` sidecar is written before a region starts and the ``berhasil`` one only after all
its outputs, a region whose worker was killed is never a hit: it is simply redone.

**Lock**: one runner at a time per reports folder (``<laporan>/.jalan.lock``, ``flock``; the
OS releases it when the process dies, even on SIGKILL). Holding it makes it safe to delete
temporary files left by a killed run (:func:`sapu_sementara`).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analisis.galat import GalatAnalisis
from analisis.kontrak import Sidecar
from analisis.tata_letak import FolderTahun, TataLetak

VERSI_SKEMA_KUNCI = 2

#: Indonesian names of the key components (used in "why was this region run" messages).
NAMA_KOMPONEN = {
    "notebook": "notebook",
    "parameter": "parameter wilayah",
    "data": "data",
    "params_yaml": "berkas parameter provinsi",
    "kode": "kode paket analisis",
    "uv_lock": "uv.lock (versi dependensi)",
    "skema": "skema kunci",
}

# Temporary files of analisis.berkas: ".<name>.<random>.tmp" (tulis_atomik) and
# ".<stem>.<random>.tmp<suffix>" (tulis_dengan).
POLA_SEMENTARA = re.compile(r"^\..+\.tmp(\.[A-Za-z0-9]+)?$")


def sha256_berkas(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def sha256_json(obj: object) -> str:
    return hashlib.sha256(
        json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    ).hexdigest()


def sidik_jari_notebook(path: str | os.PathLike[str]) -> str:
    """sha256 of a notebook's cells without outputs, execution counts or cell metadata (tags kept)."""
    nb = json.loads(Path(path).read_text("utf-8"))
    sel = []
    for c in nb.get("cells", []):
        sumber = c.get("source", "")
        if isinstance(sumber, list):
            sumber = "".join(sumber)
        sel.append([c.get("cell_type"), sumber, sorted(c.get("metadata", {}).get("tags", []))])
    return sha256_json(sel)


def folder_paket() -> Path:
    import analisis

    return Path(analisis.__file__).resolve().parent


def sidik_jari_kode(folder: Path | None = None) -> str:
    """sha256 over (relative path, sha256) of every file of the package, ``__pycache__`` excluded."""
    folder = folder or folder_paket()
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or "__pycache__" in p.parts or p.suffix in (".pyc", ".pyo"):
            continue
        h.update(p.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        h.update(sha256_berkas(p).encode("ascii") + b"\n")
    return h.hexdigest()


def sidik_jari_lock(akar: Path) -> str:
    p = Path(akar) / "uv.lock"
    return sha256_berkas(p) if p.is_file() else "tidak-ada"


@dataclass(frozen=True)
class KomponenBersama:
    """Key components shared by every region of a run (computed once, in the main process)."""

    notebook: str
    kode: str
    uv_lock: str
    data: str

    def sebagai_dict(self) -> dict[str, str]:
        return {
            "notebook": self.notebook,
            "kode": self.kode,
            "uv_lock": self.uv_lock,
            "data": self.data,
        }


def parameter_kunci(
    kode_wilayah: str,
    tahun: int,
    *,
    tahun_awal: int | None,
    pembanding: str | None,
    hanya_data_bawaan: bool,
    kernel: str,
) -> dict:
    """The parameters of a region that enter its key (no paths)."""
    return {
        "kode_wilayah": str(kode_wilayah),
        "tahun": int(tahun),
        "tahun_awal": None if tahun_awal is None else int(tahun_awal),
        "pembanding": pembanding,
        "hanya_data_bawaan": bool(hanya_data_bawaan),
        "kernel": kernel,
    }


AWALAN_BERKAS = "berkas "
"""Prefix of the key components that fingerprint a referenced input file."""


def komponen_berkas(berkas: dict[str, Path]) -> dict[str, str]:
    """One key component per referenced file (``berkas <YAML key>`` → sha256 of its bytes)."""
    return {f"{AWALAN_BERKAS}{k}": sha256_berkas(p) for k, p in sorted(berkas.items())}


def komponen_wilayah(
    bersama: KomponenBersama,
    params_yaml: str,
    parameter: dict,
    berkas: dict[str, str] | None = None,
) -> dict[str, str]:
    """A region's key components; ``berkas`` from :func:`komponen_berkas`."""
    return {
        **bersama.sebagai_dict(),
        "params_yaml": params_yaml,
        "parameter": sha256_json(parameter),
        **(berkas or {}),
        "skema": str(VERSI_SKEMA_KUNCI),
    }


def komponen_tahap(
    nama: str,
    kunci_wilayah: list[str],
    *,
    kode: str,
    notebook: str,
    uv_lock: str,
    params_yaml: str,
    berkas: dict[str, str],
) -> dict[str, str]:
    """A follow-up stage's key components (see the module docstring)."""
    return {
        "tahap": nama,
        "wilayah": sha256_json(sorted(kunci_wilayah)),
        "kode": kode,
        "notebook": notebook,
        "uv_lock": uv_lock,
        "params_yaml": params_yaml,
        **berkas,
        "skema": str(VERSI_SKEMA_KUNCI),
    }


def kunci_dari(komponen: dict[str, str]) -> str:
    return sha256_json(komponen)


def nama_komponen(k: str) -> str:
    """Indonesian name of a key component."""
    if k.startswith(AWALAN_BERKAS):
        return f"berkas {k[len(AWALAN_BERKAS) :]}"
    return NAMA_KOMPONEN.get(k, k)


def komponen_berubah(lama: dict | None, baru: dict[str, str]) -> list[str]:
    """Indonesian names of the components that differ, were added or removed (empty when
    there is no previous record)."""
    if not lama:
        return []
    semua = list(baru) + [k for k in lama if k not in baru]
    return [nama_komponen(k) for k in semua if lama.get(k) != baru.get(k)]


# --------------------------------------------------------------------------- sidecar


def baca_sidecar(ft: FolderTahun, kode: str) -> Sidecar | None:
    """The cache record of a region (or ``tahap_<nama>``); ``None`` when absent, unreadable or
    from another version (the region is then simply run again)."""
    return Sidecar.baca_jika_ada(ft.sidecar(kode))


def tulis_sidecar(ft: FolderTahun, kode: str, **isi: Any) -> Path:
    """Write a region's (or stage's) cache record atomically."""
    return Sidecar(kode=kode, **isi).tulis(ft.sidecar(kode))


def sidik_jari_keluaran(folder: Path, relatif: Iterable[str]) -> dict[str, str]:
    """sha256 of each output file (relative path → digest), recorded in a sidecar so that a
    later run can tell the files are still those the run wrote (:func:`keluaran_berubah`)."""
    return {r: sha256_berkas(folder / r) for r in relatif}


def keluaran_berubah(folder: Path, relatif: Iterable[str], sidik: dict[str, str]) -> list[str]:
    """The outputs (relative paths) that are missing, have no recorded digest or whose bytes
    differ from it: overwritten, truncated or replaced since the run that recorded them."""
    berubah = []
    for r in relatif:
        p = folder / r
        if r not in sidik or not p.is_file() or sha256_berkas(p) != sidik[r]:
            berubah.append(r)
    return berubah


def sekarang() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- lock


_gembok_lokal = threading.RLock()
_gembok_dipegang: dict[Path, list] = {}  # folder -> [fd, depth]


@contextmanager
def gembok_folder(laporan: TataLetak | str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the exclusive run lock of a reports folder (re-entrant within this process).

    A second process gets a clear Indonesian error instead of waiting or racing; a folder that
    cannot be written gets a clear error too.
    """
    tl = laporan if isinstance(laporan, TataLetak) else TataLetak(Path(laporan))
    folder = tl.akar
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise GalatAnalisis(
            f"Folder laporan {folder.name} tidak dapat dibuat: {e.strerror}.", kode_keluar=3
        ) from None
    with _gembok_lokal:
        entri = _gembok_dipegang.get(folder)
        if entri is not None:
            entri[1] += 1
        else:
            try:
                fd = os.open(tl.gembok, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as e:
                raise GalatAnalisis(
                    f"Folder laporan {folder.name} tidak dapat ditulis ({e.strerror}); periksa "
                    "izin folder atau pilih folder lain dengan --keluaran.",
                    kode_keluar=3,
                ) from None
            try:
                _kunci_fd(fd)
            except BlockingIOError:
                os.close(fd)
                raise GalatAnalisis(
                    f"Folder laporan {folder.name} sedang dipakai oleh jalan lain (analisis jalankan). "
                    "Tunggu sampai selesai, lalu ulangi.",
                    kode_keluar=1,
                ) from None
            _gembok_dipegang[folder] = [fd, 1]
    try:
        yield folder
    finally:
        with _gembok_lokal:
            entri = _gembok_dipegang[folder]
            entri[1] -= 1
            if entri[1] == 0:
                del _gembok_dipegang[folder]
                os.close(entri[0])  # closing the descriptor releases the flock


def _kunci_fd(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; single-user use assumed
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            raise BlockingIOError from e
        raise


# --------------------------------------------------------------------------- stale temp files


def berkas_sementara(folder: Path, awalan: str | None = None, rekursif: bool = False) -> list[Path]:
    """Temporary files of :mod:`analisis.berkas` under ``folder`` (``awalan``: a region code)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    calon = folder.rglob(".*") if rekursif else folder.glob(".*")
    hasil = []
    for p in calon:
        if not POLA_SEMENTARA.match(p.name) or not p.is_file():
            continue
        if awalan is not None and not p.name.startswith(f".{awalan}."):
            continue
        hasil.append(p)
    return hasil


def sapu_sementara(
    folders: Iterable[Path],
    awalan: str | None = None,
    *,
    rekursif: bool = False,
    usia_min: float = 0.0,
) -> list[Path]:
    """Delete temporary files left by an interrupted write; return what was removed.

    Call only while holding :func:`gembok_folder` (otherwise a concurrent writer's file could
    be removed). ``usia_min`` (seconds) spares recent files in folders that other commands
    (e.g. ``analisis evaluasi``) may be writing at the same time.
    """
    batas = time.time() - usia_min
    dihapus = []
    for folder in folders:
        for p in berkas_sementara(folder, awalan, rekursif):
            try:
                if usia_min and p.stat().st_mtime > batas:
                    continue
                p.unlink()
                dihapus.append(p)
            except FileNotFoundError:
                pass
    return dihapus
