"""Indicator catalogue: code, Indonesian name, unit, period, direction and valid range.

The catalogue is bundled (``bundel/katalog_indikator.csv``). ``arah`` is -1 when lower is
better (P0, TPT, stunting…), +1 when higher is better (IPM, sanitasi…), 0 when the indicator
has no better direction (garis kemiskinan, penduduk). ``min``/``maks`` bound plausible values;
values outside are rejected on import, never clipped.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

PERIODE = ("Maret", "September", "Agustus", "tahunan")
KUALITAS = ("A", "B", "C")


@dataclass(frozen=True)
class Indikator:
    """Metadata of one indicator."""

    kode: str
    nama: str
    satuan: str
    periode: str
    arah: int
    min: float
    maks: float
    kelompok: str
    sektor: str
    satuan_alias: tuple[str, ...] = ()

    def satuan_cocok(self, satuan: str) -> bool:
        """Whether a unit label (as written in a source) means this indicator's unit."""
        s = normalisasi_satuan(satuan)
        return s == normalisasi_satuan(self.satuan) or s in {
            normalisasi_satuan(a) for a in self.satuan_alias
        }


def normalisasi_satuan(satuan: str) -> str:
    """``' Rp / Kapita / Bulan '`` → ``'rp/kapita/bulan'``."""
    s = str(satuan).strip().lower()
    s = re.sub(r"\s*/\s*", "/", s)
    return re.sub(r"\s+", " ", s)


@lru_cache(maxsize=1)
def muat_katalog() -> dict[str, Indikator]:
    """The bundled catalogue keyed by indicator code, in catalogue order."""
    berkas = resources.files("analisis.data") / "bundel" / "katalog_indikator.csv"
    with berkas.open("r", encoding="utf-8") as f:
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
    katalog: dict[str, Indikator] = {}
    for r in df.itertuples(index=False):
        katalog[r.indikator] = Indikator(
            kode=r.indikator,
            nama=r.nama,
            satuan=r.satuan,
            periode=r.periode,
            arah=int(r.arah),
            min=float(r.min),
            maks=float(r.maks),
            kelompok=r.kelompok,
            sektor=r.sektor,
            satuan_alias=tuple(a for a in r.satuan_alias.split("|") if a),
        )
    return katalog


def saran_indikator(kode: str, n: int = 3) -> list[str]:
    """Closest catalogue codes for an unknown indicator code."""
    return difflib.get_close_matches(
        str(kode).strip().lower(), list(muat_katalog()), n=n, cutoff=0.5
    )


def nama_variabel(indikator: str, periode: str) -> str:
    """Name of the Dataset variable holding an indicator in a period.

    The catalogue's own period maps to the bare code (``p0`` = Maret); other periods get a
    suffix (``p0_september``, ``p0_ekstrem_tahunan``), so March and September figures are
    never mixed in one series.
    """
    ind = muat_katalog().get(indikator)
    if ind is not None and periode == ind.periode:
        return indikator
    return f"{indikator}_{periode.lower()}"
