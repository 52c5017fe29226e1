"""Pseudonymised keys for the private worklists shared with desa operators.

A worklist for a desa operator needs a key to refer to each person, not the NIK itself. With
``--kunci-samaran GARAM`` the NIK and No KK columns of the private lists are replaced by
``HMAC-SHA256(garam, nilai)`` (the first 20 hexadecimal characters in groups of five, prefixed
``NS-`` / ``KS-``, e.g. ``NS-2D850-93947-17769-798E0``: no run of digits long enough to pass
for a NIK):
the same person always gets the same key under the same salt, the key reveals nothing about the
NIK, and only whoever holds the salt can compute the key of a known NIK
(:func:`kunci_samaran`) to find a person again.

The salt (``garam``) is 32 random bytes in a file of its own, created on first use with
owner-only permissions and kept APART from the outputs: a salt inside the output folder is
refused. Pseudonymised data is still personal data (UU 27/2022): the lists stay RAHASIA.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

from analisis.galat import GalatAnalisis

PANJANG = 20


def muat_garam(path: str | Path, folder_keluaran: str | Path | None = None) -> bytes:
    """Read the salt file, creating it (32 random bytes, mode 0600) when missing.

    Raises:
        GalatAnalisis: the salt would sit inside the output folder, or cannot be read.
    """
    p = Path(path).expanduser()
    if folder_keluaran is not None:
        keluar = Path(folder_keluaran).resolve()
        if p.resolve() == keluar or keluar in p.resolve().parents:
            raise GalatAnalisis(
                f"Berkas garam kunci samaran '{p}' berada di dalam folder keluaran '{keluar}'. "
                "Simpan garam terpisah dari daftar kerja (mis. di folder pribadi pengendali "
                "data), agar kunci samaran tidak dapat dibuka oleh penerima daftar."
            )
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
    try:
        garam = p.read_bytes()
    except OSError as e:
        raise GalatAnalisis(f"Berkas garam '{p}' tidak dapat dibaca ({e.strerror}).") from None
    if len(garam) < 16:
        raise GalatAnalisis(f"Berkas garam '{p}' terlalu pendek (minimal 16 byte acak).")
    return garam


def kunci_samaran(nilai: object, garam: bytes, awalan: str = "NS-") -> str | None:
    """Key of one value (digits only; NULL/blank → None)."""
    if nilai is None or (isinstance(nilai, float) and pd.isna(nilai)):
        return None
    teks = "".join(ch for ch in str(nilai) if not ch.isspace()).lstrip("'")
    if not teks:
        return None
    kode = hmac.new(garam, teks.encode("utf-8"), hashlib.sha256).hexdigest()[:PANJANG].upper()
    return awalan + "-".join(kode[i : i + 5] for i in range(0, PANJANG, 5))


def samarkan(df: pd.DataFrame, garam: bytes, kolom: dict[str, str]) -> pd.DataFrame:
    """Replace identifier columns by their keys: ``kolom`` maps column → key prefix; the
    column is renamed ``kunci_samaran_<column>``."""
    hasil = df.copy()
    for k, awalan in kolom.items():
        if k not in hasil:
            continue
        hasil[k] = [kunci_samaran(v, garam, awalan) for v in hasil[k]]
        hasil = hasil.rename(columns={k: f"kunci_samaran_{k}"})
    return hasil
