"""The shareable view of the app as a URL query (no Panel import).

``?provinsi=6300&tahun=2024&normalisasi=min_maks&bobot_hasil=0.8&bobot_kualitas_data=0&wilayah=6303``

Province, year, normalisation, the selected region and — only for a re-weighted ranking — one
``bobot_<dimensi>`` per dimension. Reading a query never fails: a value that cannot be used is
left out and named in an Indonesian message (the page shows it), the rest is applied.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from analisis.aplikasi.ulang import PILIHAN_NORMALISASI
from analisis.peringkat.kerangka import BAWAAN

AWALAN_BOBOT = "bobot_"


@dataclass(frozen=True)
class Tampilan:
    """What the URL query holds. ``bobot`` empty = the published weights."""

    provinsi: str | None = None
    tahun: int | None = None
    normalisasi: str = BAWAAN
    bobot: dict[str, float] = field(default_factory=dict)
    wilayah: str | None = None

    def ke_query(self) -> dict[str, str]:
        """The query parameters (only what differs from a fresh page)."""
        q: dict[str, str] = {}
        if self.provinsi:
            q["provinsi"] = self.provinsi
        if self.tahun is not None:
            q["tahun"] = str(self.tahun)
        if self.normalisasi != BAWAAN:
            q["normalisasi"] = self.normalisasi
        for kode, nilai in self.bobot.items():
            q[AWALAN_BOBOT + kode] = f"{nilai:g}"
        if self.wilayah:
            q["wilayah"] = self.wilayah
        return q


def _satu(nilai: Any) -> str:
    """One query value as text (Tornado gives lists of bytes)."""
    if isinstance(nilai, Sequence) and not isinstance(nilai, (str, bytes)):
        nilai = nilai[-1] if nilai else ""
    if isinstance(nilai, bytes):
        return nilai.decode("utf-8", "replace")
    return str(nilai)


def _tahun(teks: str, masalah: list[str]) -> int | None:
    if teks.isdigit() and len(teks) == 4:
        return int(teks)
    masalah.append(f"tahun '{teks}' bukan tahun")
    return None


def _bobot(kunci: str, teks: str, masalah: list[str]) -> float | None:
    try:
        x = float(teks.replace(",", "."))
    except ValueError:
        x = math.nan
    if math.isfinite(x) and 0 <= x <= 1:
        return x
    masalah.append(f"{kunci} '{teks}' harus angka 0 sampai 1")
    return None


def dari_query(query: Mapping[str, Any]) -> tuple[Tampilan, list[str]]:
    """The view a query asks for, and what in it could not be used (Indonesian)."""
    q = {str(k): _satu(v).strip() for k, v in query.items()}
    masalah: list[str] = []
    tahun = _tahun(q["tahun"], masalah) if q.get("tahun") else None
    normalisasi = q.get("normalisasi") or BAWAAN
    if normalisasi not in PILIHAN_NORMALISASI:
        masalah.append(f"normalisasi '{normalisasi}' tidak dikenal")
        normalisasi = BAWAAN
    bobot = {}
    for kunci, teks in q.items():
        if kunci.startswith(AWALAN_BOBOT) and (x := _bobot(kunci, teks, masalah)) is not None:
            bobot[kunci.removeprefix(AWALAN_BOBOT)] = x
    t = Tampilan(
        provinsi=q.get("provinsi") or None,
        tahun=tahun,
        normalisasi=normalisasi,
        bobot=bobot,
        wilayah=q.get("wilayah") or None,
    )
    return t, masalah
