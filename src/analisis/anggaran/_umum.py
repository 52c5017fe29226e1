"""Internal helpers shared by the ``analisis.anggaran`` modules (not public API)."""

from __future__ import annotations

import datetime as _dt
import functools

from analisis.data.wilayah import PencocokWilayah, muat_wilayah

#: Earliest budget year accepted (the Permendagri 90/2019 nomenclature starts with TA 2021;
#: older years are still accepted for trend series).
TAHUN_MIN = 2010

#: Tolerance (Rp) when a stated total is compared with the sum of rows.
TOLERANSI_RP = 1.0

#: A total regional spending below this (Rp) is reported as a warning: probably typed in
#: thousands or millions of Rupiah. The smallest kab/kota APBD is several hundred billion.
BELANJA_DAERAH_MIN_WAJAR = 100e9

_TINGKAT_SAH = ("kabupaten", "kota", "provinsi")


def tahun_maks() -> int:
    """Latest budget year accepted: next year (the RKPD/APBD being planned)."""
    return _dt.date.today().year + 1


@functools.lru_cache(maxsize=1)
def pencocok_wilayah() -> PencocokWilayah:
    """One shared region-name matcher (building it walks the whole region master)."""
    return PencocokWilayah()


def periksa_wilayah(kode: object) -> tuple[str | None, str | None]:
    """``(kode, None)`` for a known kab/kota/province BPS code, else ``(None, pesan)``.

    Numeric cells (``6303`` or ``6303.0``) are accepted. A name instead of a code gets the
    code as a suggestion but is not accepted: the column is a code column.
    """
    if kode is None:
        return None, "kode wilayah kosong"
    if isinstance(kode, float) and kode.is_integer():
        kode = int(kode)
    teks = str(kode).strip()
    w = muat_wilayah()
    if teks in w.index:
        tingkat = w.at[teks, "tingkat"]
        if tingkat not in _TINGKAT_SAH:
            return (
                None,
                f"kode wilayah '{teks}' adalah tingkat {tingkat}; yang diterima kabupaten/kota atau provinsi",
            )
        return teks, None
    cocok = pencocok_wilayah().cocokkan(teks)
    if cocok.kode is not None:
        return None, (
            f"'{teks}' bukan kode wilayah BPS; maksudnya {w.at[cocok.kode, 'wilayah']} "
            f"(kode {cocok.kode})?"
        )
    saran = pencocok_wilayah().saran(teks)
    tambahan = f"; mungkin maksudnya: {', '.join(saran)}" if saran else ""
    return (
        None,
        f"kode wilayah '{teks}' tidak dikenal (harus kode BPS 4 digit, mis. 6303){tambahan}",
    )


def periksa_tahun(nilai: object) -> tuple[int | None, str | None]:
    """``(tahun, None)`` for an integer year within [TAHUN_MIN, tahun_maks()], else ``(None, pesan)``."""
    if nilai is None or (isinstance(nilai, str) and not nilai.strip()):
        return None, "tahun kosong"
    if isinstance(nilai, bool):
        return None, f"tahun '{nilai}' bukan bilangan bulat"
    if isinstance(nilai, float):
        if not nilai.is_integer():
            return None, f"tahun '{nilai}' bukan bilangan bulat"
        nilai = int(nilai)
    teks = str(nilai).strip()
    if not teks.isdigit():
        return None, f"tahun '{teks}' bukan bilangan bulat 4 digit"
    t = int(teks)
    if not TAHUN_MIN <= t <= tahun_maks():
        return None, f"tahun {t} di luar rentang yang diterima ({TAHUN_MIN}–{tahun_maks()})"
    return t, None
