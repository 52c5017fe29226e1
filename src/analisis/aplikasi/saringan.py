"""Search and number filters of the ranking table, as an Indonesian desk types them (no Panel).

* The search matches a region's code (prefix) or any of its names, case-insensitive: the name
  in the table ("Banjar", "Kota Banjarmasin"), the full name with its level ("Kabupaten Banjar",
  "Kota Banjarmasin"), the short forms "Kab. Banjar" / "Kab Banjar", and other known names.
  So "kabupaten banjar" finds Banjar only and "kab" finds every kabupaten.
* Numbers use a decimal comma ("60,5"; "1.234,5" with dot thousands); "60.5" without a comma is
  also read as 60,5.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from analisis.galat import GalatAnalisis
from analisis.laporan import format as fmt


def baca_angka(teks: str | None, nama: str) -> float | None:
    """A number typed the Indonesian way (``None`` for an empty box); :class:`GalatAnalisis`
    naming the box ``nama`` and the token otherwise."""
    t = (teks or "").strip().replace(" ", "").replace("\u2212", "-")
    if not t:
        return None
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", t):
        raise GalatAnalisis(f"{nama}: '{teks}' bukan angka (contoh: 60,5)", 2)
    x = float(t)
    if not math.isfinite(x):
        raise GalatAnalisis(f"{nama}: '{teks}' bukan angka (contoh: 60,5)", 2)
    return x


@cache
def _nama_lain() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Region code → (name, level, other names) from the bundled region list."""
    from analisis.data.wilayah import muat_wilayah

    w = muat_wilayah()
    return {
        str(k): (str(r["wilayah"]), str(r["tingkat"]), tuple(r["nama_lain"] or ()))
        for k, r in w.iterrows()
    }


@cache
def teks_cari(kode: str, nama: str) -> str:
    """Everything a search for region ``kode`` may match, case-folded, one name per line."""
    _, tingkat, lain = _nama_lain().get(str(kode), (nama, "", ()))
    nama_dasar = re.sub(r"^(kota|kabupaten|kab\.?)\s+", "", nama, flags=re.IGNORECASE)
    bentuk = [nama, *lain]
    if tingkat == "kabupaten":
        bentuk += [f"Kabupaten {nama_dasar}", f"Kab. {nama_dasar}", f"Kab {nama_dasar}"]
    elif tingkat == "kota":
        bentuk += [f"Kota {nama_dasar}"]
    return "\n".join(b.casefold() for b in bentuk)


@dataclass(frozen=True)
class Saringan:
    """The active search text and number filters (``None`` = not set)."""

    cari: str = ""
    skor_min: float | None = None
    peringkat_maks: float | None = None

    @property
    def aktif(self) -> bool:
        return (
            bool(self.cari.strip()) or self.skor_min is not None or self.peringkat_maks is not None
        )

    def terapkan(self, baris: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``baris`` (``kode_wilayah``, ``nama``, ``skor``, ``peringkat``) that pass."""
        if not self.aktif or baris.empty:
            return baris
        cocok = np.ones(len(baris), dtype=bool)
        pola = self.cari.strip().casefold()
        if pola:
            cocok &= np.array(
                [
                    str(k).startswith(pola) or pola in teks_cari(str(k), str(n))
                    for k, n in zip(baris["kode_wilayah"], baris["nama"], strict=True)
                ],
                dtype=bool,
            )
        if self.skor_min is not None:
            skor = pd.to_numeric(baris["skor"], errors="coerce").to_numpy(dtype=float)
            cocok &= np.nan_to_num(skor, nan=-np.inf) >= self.skor_min
        if self.peringkat_maks is not None:
            rank = pd.to_numeric(baris["peringkat"], errors="coerce").to_numpy(dtype=float)
            cocok &= np.nan_to_num(rank, nan=np.inf) <= self.peringkat_maks
        return baris[cocok]

    def uraian(self) -> str:
        """The active filters in Indonesian (empty when none)."""
        bagian = []
        if self.cari.strip():
            bagian.append(f"pencarian '{self.cari.strip()}'")
        if self.skor_min is not None:
            bagian.append(f"skor ≥ {fmt.angka(self.skor_min, 2)}")
        if self.peringkat_maks is not None:
            bagian.append(f"peringkat ≤ {fmt.angka(self.peringkat_maks, 0)}")
        return ", ".join(bagian)
