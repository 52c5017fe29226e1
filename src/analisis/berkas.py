"""Atomic file writes: a reader sees the old file or the complete new one, never a part.

Every output of the package (stores, results, reports, templates, worklists) is written
through these functions: write to a temporary file in the target folder, flush it to disk,
give it normal permissions (mkstemp makes 0600 files; reports must stay readable by a web
server), then rename it over the target. On any error the temporary file is removed.

A write that fails because the disk is full, the folder is read-only or not writable raises
:class:`GalatTulis` with an Indonesian message naming the folder (no traceback, and the old
file, if any, is untouched). :func:`tulis_semua` writes several files that belong together
(the data store and its log): all temporary files are complete before the first rename.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from analisis.galat import GalatAnalisis

#: errno values that mean "this folder cannot be written" (reported as :class:`GalatTulis`).
ERRNO_TULIS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}
)


@dataclass
class GalatTulis(GalatAnalisis):
    """An output file could not be written (disk full, read-only or forbidden folder)."""

    kode_keluar: int = 3


def galat_tulis(tujuan: Path, e: OSError) -> GalatTulis:
    """The Indonesian error for a failed write of ``tujuan``."""
    folder = tujuan.parent
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        sebab = "disk penuh (tidak ada ruang tersisa); kosongkan ruang disk lalu ulangi"
    elif e.errno == errno.EROFS:
        sebab = f"folder {folder} hanya-baca (read-only); pilih folder keluaran lain"
    else:
        sebab = f"tidak ada izin menulis ke folder {folder}; pilih folder lain atau ubah izinnya"
    return GalatTulis(
        f"Tidak dapat menulis {tujuan}: {sebab}. Tidak ada berkas yang ditulis sebagian; "
        "berkas lama (bila ada) tetap utuh."
    )


@contextmanager
def _laporkan_galat_tulis(tujuan: Path) -> Iterator[None]:
    try:
        yield
    except OSError as e:
        if e.errno in ERRNO_TULIS:
            raise galat_tulis(tujuan, e) from None
        raise


def _izin_biasa(path: str) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def _sementara(tujuan: Path, awalan: str | None = None, akhiran: str = ".tmp") -> str:
    with _laporkan_galat_tulis(tujuan):
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        fd, nama = tempfile.mkstemp(
            prefix=awalan or f".{tujuan.name}.", suffix=akhiran, dir=tujuan.parent
        )
    os.close(fd)
    return nama


@contextmanager
def tulis_atomik(tujuan: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO[Any]]:
    """Open a temporary file next to ``tujuan`` (``mode`` "wb" or "w"); rename on success."""
    tujuan = Path(tujuan)
    nama = _sementara(tujuan)
    try:
        with _laporkan_galat_tulis(tujuan):
            kw: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
            with open(nama, mode, **kw) as f:
                yield f
                f.flush()
                os.fsync(f.fileno())
            _izin_biasa(nama)
            os.replace(nama, tujuan)
    except BaseException:
        Path(nama).unlink(missing_ok=True)
        raise


def tulis_teks_atomik(tujuan: str | os.PathLike[str], teks: str) -> Path:
    """Write UTF-8 text atomically; return the path."""
    with tulis_atomik(tujuan, "w") as f:
        f.write(teks)
    return Path(tujuan)


def tulis_dengan(tujuan: str | os.PathLike[str], penulis: Callable[[Path], object]) -> Path:
    """Atomic write for libraries that write to a path (openpyxl, pyarrow, shutil.copy…).

    ``penulis`` receives the temporary path (same folder, same suffix as ``tujuan`` so
    format detection by extension keeps working).
    """
    return tulis_semua([(tujuan, penulis)])[0]


def tulis_semua(
    berkas: Sequence[tuple[str | os.PathLike[str], Callable[[Path], object]]],
) -> list[Path]:
    """Write several files that belong together: every temporary file first, then the renames.

    A failure while writing any of them leaves every target untouched.
    """
    sementara: list[tuple[str, Path]] = []
    try:
        for tujuan, penulis in berkas:
            t = Path(tujuan)
            nama = _sementara(t, f".{t.stem}.", f".tmp{t.suffix}")
            sementara.append((nama, t))
            with _laporkan_galat_tulis(t):
                penulis(Path(nama))
                with open(nama, "rb+") as f:
                    os.fsync(f.fileno())
        for nama, t in sementara:
            with _laporkan_galat_tulis(t):
                _izin_biasa(nama)
                os.replace(nama, t)
    except BaseException:
        for nama, _ in sementara:
            Path(nama).unlink(missing_ok=True)
        raise
    return [t for _, t in sementara]
