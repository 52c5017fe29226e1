"""Missing cells: region × year × indicator with no value in the data.

Gaps are never interpolated; they are listed, with the BPS table that holds them
(:mod:`analisis.data.tabel_bps`), so an analyst can fill them (``analisis data lengkapi``) and
a report can say which missing figures limited it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from analisis.data.model import Basisdata
from analisis.galat import GalatAnalisis


@dataclass(frozen=True, order=True)
class SelKosong:
    """One missing cell (in the indicator's standard period, e.g. March for poverty)."""

    indikator: str
    kode_wilayah: str
    tahun: int


def sel_kosong(
    basis: Basisdata, wilayah: Iterable[str], tahun: Iterable[int], indikator: Iterable[str]
) -> list[SelKosong]:
    """The cells of ``wilayah`` × ``tahun`` × ``indikator`` without a value (by indicator,
    region and year, in the order given)."""
    daftar_tahun = sorted(set(tahun))
    hasil = []
    for ind in indikator:
        for kode in wilayah:
            seri = basis.seri(kode, ind)
            for t in daftar_tahun:
                nilai = seri.get(t)
                if nilai is None or math.isnan(float(nilai)):
                    hasil.append(SelKosong(ind, kode, t))
    return hasil


_RENTANG = re.compile(r"^\s*(\d{4})\s*(?:[-–—]|s/d|sampai)\s*(\d{4})\s*$")


def rentang_tahun(teks: str) -> list[int]:
    """``"2015-2025"`` (or ``2015–2025``) → the years; ``"2023"`` → ``[2023]``."""
    teks = str(teks).strip()
    m = _RENTANG.match(teks)
    if m:
        awal, akhir = int(m.group(1)), int(m.group(2))
    elif teks.isdigit() and len(teks) == 4:
        awal = akhir = int(teks)
    else:
        raise GalatAnalisis(
            f"Rentang tahun '{teks}' tidak dikenal; tulis mis. 2015-2025 atau 2023.", 2
        )
    if awal > akhir:
        raise GalatAnalisis(f"Rentang tahun '{teks}': {awal} sesudah {akhir}.", 2)
    return list(range(awal, akhir + 1))


def ringkas_tahun(tahun: Iterable[int]) -> str:
    """``[2015, 2016, 2017, 2022]`` → ``"2015–2017, 2022"``."""
    urut = sorted(set(tahun))
    bagian = []
    for _, grup in groupby(enumerate(urut), key=lambda it: it[1] - it[0]):
        deret = [t for _, t in grup]
        bagian.append(str(deret[0]) if len(deret) == 1 else f"{deret[0]}–{deret[-1]}")
    return ", ".join(bagian)


def per_wilayah(celah: Iterable[SelKosong]) -> dict[str, list[int]]:
    """Missing years by region (in the order of the cells)."""
    hasil: dict[str, list[int]] = {}
    for s in celah:
        hasil.setdefault(s.kode_wilayah, []).append(s.tahun)
    return hasil
