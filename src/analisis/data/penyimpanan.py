"""The user data store: imported rows layered over the bundled data.

The bundled data never changes. Imports go to a store folder (default: the user data folder
from ``platformdirs``, or ``$ANALISIS_PENYIMPANAN``, or ``--penyimpanan`` on the CLI):

- ``data_impor.parquet``: imported tidy rows (one per region × year × period × indicator);
  a newer import of the same cell replaces the older one, the old value is kept in the log;
- ``riwayat_impor.jsonl``: one JSON line per import: file, time, counts, every changed cell
  (old → new) and every conflict;
- ``unduhan/``: raw BPS WebAPI responses fetched with ``analisis data ambil``.

Every write goes to a temporary file in the same folder and is then renamed over the
target, so an interrupted import never leaves a half-written store.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import platformdirs

from analisis.berkas import tulis_atomik
from analisis.galat import GalatAnalisis

BERKAS_DATA = "data_impor.parquet"
BERKAS_RIWAYAT = "riwayat_impor.jsonl"

KOLOM_TIDY = [
    "kode_wilayah",
    "tahun",
    "periode",
    "indikator",
    "nilai",
    "satuan",
    "sumber",
    "kualitas",
    "catatan",
    "asal",
]


def folder_bawaan() -> Path:
    """Default store folder: ``$ANALISIS_PENYIMPANAN`` or the platform user-data folder."""
    env = os.environ.get("ANALISIS_PENYIMPANAN")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("analisis", appauthor=False))


def tabel_kosong() -> pd.DataFrame:
    """An empty tidy table with the right dtypes."""
    df = pd.DataFrame({k: pd.Series(dtype="str") for k in KOLOM_TIDY})
    df["tahun"] = df["tahun"].astype("int64")
    df["nilai"] = df["nilai"].astype("float64")
    return df


@dataclass
class Penyimpanan:
    """A store folder holding imported data."""

    folder: Path

    @classmethod
    def bawaan(cls) -> Penyimpanan:
        return cls(folder_bawaan())

    @property
    def berkas_data(self) -> Path:
        return self.folder / BERKAS_DATA

    @property
    def berkas_riwayat(self) -> Path:
        return self.folder / BERKAS_RIWAYAT

    def baca(self) -> pd.DataFrame:
        """Imported rows (empty table when nothing was imported yet)."""
        if not self.berkas_data.exists():
            return tabel_kosong()
        try:
            df = pd.read_parquet(self.berkas_data)
        except Exception as e:  # pragma: no cover - depends on a corrupted file
            raise GalatAnalisis(
                f"Penyimpanan data rusak: {self.berkas_data} tidak dapat dibaca ({e}). "
                "Pindahkan berkas itu lalu impor ulang data Anda.",
                kode_keluar=3,
            ) from e
        return df[KOLOM_TIDY]

    def simpan(self, tabel: pd.DataFrame, catatan_riwayat: dict) -> None:
        """Replace the imported rows and append one log entry, both atomically."""
        tabel = tabel[KOLOM_TIDY].sort_values(
            ["kode_wilayah", "indikator", "periode", "tahun"], ignore_index=True
        )
        with tulis_atomik(self.berkas_data) as f:
            tabel.to_parquet(f, index=False)
        baris_lama = self.berkas_riwayat.read_text("utf-8") if self.berkas_riwayat.exists() else ""
        with tulis_atomik(self.berkas_riwayat, "w") as f:
            f.write(baris_lama)
            f.write(json.dumps(catatan_riwayat, ensure_ascii=False, default=str) + "\n")

    def riwayat(self) -> list[dict]:
        """The import log, oldest first."""
        if not self.berkas_riwayat.exists():
            return []
        return [json.loads(b) for b in self.berkas_riwayat.read_text("utf-8").splitlines() if b]
