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
- ``kode``: every file of the installed ``analisis`` package (``**/*.py`` plus its data,
  templates and bundled CSVs, which change results just as much), ``__pycache__`` excluded;
- ``uv_lock``: the bytes of the project's ``uv.lock`` (dependency versions).

**Sidecar** ``<laporan>/<prov>/<tahun>/.cache/<kode>.json`` (written atomically): status
(``berjalan`` before the notebook starts, then ``berhasil`` or ``gagal``), key, key components,
duration, relative output paths. A region is a cache hit only when its sidecar says
``berhasil`` with the same key **and** its HTML/JSON/NC outputs still exist. Because the
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

from analisis.berkas import tulis_teks_atomik
from analisis.galat import GalatAnalisis

VERSI_SKEMA_KUNCI = 1
VERSI_SKEMA_SIDECAR = 1

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


def komponen_wilayah(bersama: KomponenBersama, params_yaml: str, parameter: dict) -> dict[str, str]:
    return {
        **bersama.sebagai_dict(),
        "params_yaml": params_yaml,
        "parameter": sha256_json(parameter),
        "skema": str(VERSI_SKEMA_KUNCI),
    }


def kunci_dari(komponen: dict[str, str]) -> str:
    return sha256_json(komponen)


def komponen_berubah(lama: dict | None, baru: dict[str, str]) -> list[str]:
    """Indonesian names of the components that differ (all when there is no previous record)."""
    if not lama:
        return []
    return [NAMA_KOMPONEN.get(k, k) for k in baru if lama.get(k) != baru[k]]


# --------------------------------------------------------------------------- sidecar


def path_sidecar(folder_tahun: Path, kode: str) -> Path:
    return Path(folder_tahun) / ".cache" / f"{kode}.json"


def baca_sidecar(folder_tahun: Path, kode: str) -> dict | None:
    p = path_sidecar(folder_tahun, kode)
    try:
        data = json.loads(p.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return (
        data if isinstance(data, dict) and data.get("versi_skema") == VERSI_SKEMA_SIDECAR else None
    )


def tulis_sidecar(folder_tahun: Path, kode: str, isi: dict) -> Path:
    isi = {"versi_skema": VERSI_SKEMA_SIDECAR, "kode_wilayah": kode, **isi}
    return tulis_teks_atomik(
        path_sidecar(folder_tahun, kode), json.dumps(isi, ensure_ascii=False, indent=1)
    )


def berkas_keluaran(kode: str) -> dict[str, str]:
    """Outputs of a region, relative to its ``<prov>/<tahun>`` folder."""
    return {"html": f"wilayah/{kode}.html", "json": f"hasil/{kode}.json", "nc": f"hasil/{kode}.nc"}


def keluaran_lengkap(folder_tahun: Path, kode: str) -> bool:
    return all((Path(folder_tahun) / r).is_file() for r in berkas_keluaran(kode).values())


def sekarang() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- lock


_gembok_lokal = threading.RLock()
_gembok_dipegang: dict[Path, list] = {}  # folder -> [fd, depth]


@contextmanager
def gembok_folder(folder_laporan: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the exclusive run lock of a reports folder (re-entrant within this process).

    A second process gets a clear Indonesian error instead of waiting or racing.
    """
    folder = Path(folder_laporan).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with _gembok_lokal:
        entri = _gembok_dipegang.get(folder)
        if entri is not None:
            entri[1] += 1
        else:
            fd = os.open(folder / ".jalan.lock", os.O_RDWR | os.O_CREAT, 0o644)
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


def folder_wilayah_semua(folder_tahun: Path) -> list[Path]:
    """The per-region folders of a province-year (where region temp files can be)."""
    return [Path(folder_tahun) / n for n in ("wilayah", "hasil", ".cache", "log")]
