"""Reading CSV/XLSX files as raw grids (no header guessing), with Excel-style positions."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from analisis.galat import GalatAnalisis, nama_berkas


@dataclass
class Grid:
    """One sheet (or a CSV) as a 0-based grid of raw cells.

    Text cells are ``str``; numeric XLSX cells keep their numeric type so they are never
    re-read through a decimal-separator convention. Empty cells are ``None``.
    """

    sel: list[list[object]]
    berkas: str
    lembar: str | None

    @property
    def n_kolom(self) -> int:
        return max((len(r) for r in self.sel), default=0)

    def ambil(self, baris: int, kolom: int) -> object:
        r = self.sel[baris]
        return r[kolom] if kolom < len(r) else None

    def teks(self, baris: int, kolom: int) -> str:
        v = self.ambil(baris, kolom)
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    @staticmethod
    def huruf(kolom: int) -> str:
        """0-based column index → Excel letter (0 → 'A')."""
        return get_column_letter(kolom + 1)


def _baca_csv(path: Path) -> list[list[object]]:
    mentah = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            teks = mentah.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise GalatAnalisis(
            f"{path.name}: pengodean teks tidak dikenal (harap simpan sebagai UTF-8).", 3
        )
    contoh = teks[:4096]
    try:
        dialek = csv.Sniffer().sniff(contoh, delimiters=",;\t")
        pemisah = dialek.delimiter
    except csv.Error:
        pemisah = ","
    baris = list(csv.reader(io.StringIO(teks), delimiter=pemisah))
    return [[(c if c.strip() != "" else None) for c in r] for r in baris]


def baca_grid(path: str | Path, lembar: str | None = None) -> list[Grid]:
    """Read a CSV (one grid) or an XLSX workbook (one grid per sheet, or just ``lembar``)."""
    path = Path(path)
    berkas = nama_berkas(path) or str(path)
    if not path.exists():
        raise GalatAnalisis(f"Berkas tidak ditemukan: {path}", kode_keluar=3)
    akhiran = path.suffix.lower()
    if akhiran in (".csv", ".txt", ".tsv"):
        return [Grid(_baca_csv(path), berkas, None)]
    if akhiran in (".xlsx", ".xlsm"):
        try:
            lembaran = pd.read_excel(
                path, sheet_name=None, header=None, dtype=object, engine="openpyxl"
            )
        except Exception as e:
            raise GalatAnalisis(
                f"{berkas}: berkas Excel tidak dapat dibaca ({e}).", kode_keluar=3
            ) from e
        if lembar is not None:
            if lembar not in lembaran:
                ada = ", ".join(f"'{n}'" for n in lembaran)
                raise GalatAnalisis(
                    f"{berkas}: lembar '{lembar}' tidak ada; lembar yang ada: {ada}.", 3
                )
            lembaran = {lembar: lembaran[lembar]}
        hasil = []
        for nama, df in lembaran.items():
            sel = [
                [
                    None
                    if (isinstance(v, float) and pd.isna(v))
                    or v is None
                    or (isinstance(v, str) and not v.strip())
                    else v
                    for v in r
                ]
                for r in df.itertuples(index=False)
            ]
            hasil.append(Grid(sel, berkas, str(nama)))
        return hasil
    if akhiran == ".xls":
        raise GalatAnalisis(
            f"{berkas}: format .xls (Excel lama) tidak didukung; simpan ulang sebagai .xlsx atau .csv.",
            3,
        )
    raise GalatAnalisis(
        f"{berkas}: jenis berkas '{akhiran or '(tanpa akhiran)'}' tidak dikenal; diharapkan .csv, .xlsx atau .json.",
        3,
    )
