"""Atomic file writes: a reader sees the old file or the complete new one, never a part.

Every output of the package (stores, results, reports, templates, worklists) is written
through these functions: write to a temporary file in the target folder, flush it to disk,
give it normal permissions (mkstemp makes 0600 files; reports must stay readable by a web
server), then rename it over the target. On any error the temporary file is removed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _izin_biasa(path: str) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def _sementara(tujuan: Path) -> str:
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    fd, nama = tempfile.mkstemp(prefix=f".{tujuan.name}.", suffix=".tmp", dir=tujuan.parent)
    os.close(fd)
    return nama


@contextmanager
def tulis_atomik(tujuan: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO[Any]]:
    """Open a temporary file next to ``tujuan`` (``mode`` "wb" or "w"); rename on success."""
    tujuan = Path(tujuan)
    nama = _sementara(tujuan)
    try:
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
    tujuan = Path(tujuan)
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    fd, nama = tempfile.mkstemp(
        prefix=f".{tujuan.stem}.", suffix=f".tmp{tujuan.suffix}", dir=tujuan.parent
    )
    os.close(fd)
    try:
        penulis(Path(nama))
        with open(nama, "rb+") as f:
            os.fsync(f.fileno())
        _izin_biasa(nama)
        os.replace(nama, tujuan)
    except BaseException:
        Path(nama).unlink(missing_ok=True)
        raise
    return tujuan
