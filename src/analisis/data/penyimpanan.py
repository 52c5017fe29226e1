"""The user data store: imported rows layered over the bundled data.

The bundled data never changes. Imports go to a store folder (default: the user data folder
from ``platformdirs``, or ``$ANALISIS_PENYIMPANAN``, or ``--penyimpanan`` on the CLI):

- ``data_impor.parquet``: imported tidy rows (one per region × year × period × indicator);
  a newer import of the same cell replaces the older one, the old value is kept in the log;
- ``riwayat_impor.jsonl``: one JSON line per import: file, time, counts, every changed cell
  (old → new) and every conflict;
- ``unduhan/``: raw BPS WebAPI responses fetched with ``analisis data ambil``.

Every write goes to a temporary file in the same folder and is then renamed over the
target, so an interrupted import never leaves a half-written store; the data and its log are
both complete on disk before either is renamed (:func:`~analisis.berkas.tulis_semua`). An
import holds :meth:`Penyimpanan.kunci` (``.impor.lock``) from reading the store to writing it,
so two imports into the same store run one after the other and never lose an update.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import platformdirs

from analisis.berkas import tulis_semua
from analisis.galat import GalatAnalisis
from analisis.gembok import gembok

BERKAS_DATA = "data_impor.parquet"
BERKAS_RIWAYAT = "riwayat_impor.jsonl"
BERKAS_KUNCI = ".impor.lock"

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

    @contextmanager
    def kunci(self, saat_menunggu: Callable[[], object] | None = None) -> Iterator[None]:
        """Hold the store's lock (waiting for another import; ``saat_menunggu`` says so)."""
        with gembok(self.folder / BERKAS_KUNCI, saat_menunggu):
            yield

    def versi(self) -> tuple[int, int, int] | None:
        """Identity of the stored data file (changes with every write), None when absent."""
        try:
            st = self.berkas_data.stat()
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

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
        baris_lama = self.berkas_riwayat.read_text("utf-8") if self.berkas_riwayat.exists() else ""
        baris_baru = json.dumps(catatan_riwayat, ensure_ascii=False, default=str) + "\n"

        def tulis_riwayat(p: Path) -> None:
            p.write_text(baris_lama + baris_baru, "utf-8")

        tulis_semua(
            [
                (self.berkas_data, lambda p: tabel.to_parquet(p, index=False)),
                (self.berkas_riwayat, tulis_riwayat),
            ]
        )

    def riwayat(self) -> list[dict]:
        """The import log, oldest first."""
        if not self.berkas_riwayat.exists():
            return []
        return [json.loads(b) for b in self.berkas_riwayat.read_text("utf-8").splitlines() if b]
