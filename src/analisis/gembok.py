"""An exclusive, blocking lock on a file, released when the holder ends (even when killed).

Used to serialise read–modify–write cycles on a shared folder (the user data store): two
``analisis data impor`` into the same store run one after the other instead of both reading the
old store and the second overwriting the first's rows. POSIX uses ``flock`` (released by the
kernel when the process dies); Windows uses ``msvcrt.locking`` on the first byte.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from analisis.berkas import ERRNO_TULIS, galat_tulis


def _coba(fd: int) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise
    return True


def _tunggu(fd: int) -> None:
    """Take the lock, waiting as long as another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for ~10 s, then raises
                return
            except OSError:
                continue
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


@contextmanager
def gembok(
    path: str | os.PathLike[str], saat_menunggu: Callable[[], object] | None = None
) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed) for the ``with`` block.

    ``saat_menunggu`` is called once when another process holds the lock, before waiting.
    A folder that cannot be written raises :class:`~analisis.berkas.GalatTulis`.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        if e.errno in ERRNO_TULIS:
            raise galat_tulis(path, e) from None
        raise
    try:
        if not _coba(fd):
            if saat_menunggu is not None:
                saat_menunggu()
            _tunggu(fd)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
