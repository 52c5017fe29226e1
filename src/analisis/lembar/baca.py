"""Entry points of the reading layer: a path → tables (CSV/XLSX) or a parsed JSON value.

Every failure to read a file as a table is a :class:`~analisis.lembar.masalah.GalatBerkas`
with one Indonesian problem naming the file (and sheet): missing file, folder instead of a
file, no permission, unknown or unsupported extension, any problem of
:mod:`~analisis.lembar.enkode`, :mod:`~analisis.lembar.teks_csv` or :mod:`~analisis.lembar.xlsx`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from analisis.lembar.enkode import dekode
from analisis.lembar.masalah import GalatBerkas
from analisis.lembar.model import Lembar
from analisis.lembar.teks_csv import baca_teks_csv
from analisis.lembar.xlsx import BukuXlsx, buka_xlsx

AKHIRAN_CSV = (".csv", ".txt", ".tsv")
AKHIRAN_XLSX = (".xlsx", ".xlsm")
#: Nesting deeper than this is refused in JSON inputs (BPS responses are 3 levels deep).
KEDALAMAN_JSON_MAKS = 64


def _periksa_ada(path: Path, berkas: str) -> None:
    if not path.exists():
        raise GalatBerkas.satu(
            "berkas tidak ada.",
            berkas=berkas,
            kode="berkas_tidak_ada",
            judul=f"Berkas tidak ditemukan: {path}",
        )
    if not path.is_file():
        raise GalatBerkas.satu(
            "ini folder, bukan berkas; sebutkan berkas di dalamnya.",
            berkas=berkas,
            kode="bukan_berkas",
        )


def baca_bita(path: str | Path, berkas: str | None = None) -> bytes:
    """The bytes of an input file, or :class:`GalatBerkas` (missing, folder, no permission)."""
    path = Path(path)
    berkas = berkas or path.name
    _periksa_ada(path, berkas)
    try:
        return path.read_bytes()
    except OSError as e:
        raise GalatBerkas.satu(
            f"berkas tidak dapat dibuka ({e.strerror or e}).",
            berkas=berkas,
            kode="berkas_tidak_terbaca",
        ) from None


def baca_csv(path: str | Path, berkas: str | None = None) -> Lembar:
    """Read a CSV file (UTF-8, any of the usual separators) into one :class:`Lembar`."""
    path = Path(path)
    berkas = berkas or path.name
    teks = dekode(baca_bita(path, berkas), berkas, akhiran="CSV")
    return baca_teks_csv(teks.isi, berkas, enkode=teks.enkode)


def buka_buku(path: str | Path, berkas: str | None = None) -> BukuXlsx:
    """Open an XLSX workbook (see :func:`analisis.lembar.xlsx.buka_xlsx`)."""
    path = Path(path)
    berkas = berkas or path.name
    _periksa_ada(path, berkas)
    try:
        return buka_xlsx(path, berkas)
    except PermissionError as e:
        raise GalatBerkas.satu(
            f"berkas tidak dapat dibuka ({e.strerror or e}).",
            berkas=berkas,
            kode="berkas_tidak_terbaca",
        ) from None


def galat_akhiran(path: Path, diterima: str = ".csv atau .xlsx") -> GalatBerkas:
    """The error for an extension no reader handles (``.xls`` gets its own advice)."""
    akhiran = path.suffix.lower()
    if akhiran == ".xls":
        pesan = "format .xls (Excel lama) tidak didukung; simpan ulang sebagai .xlsx atau .csv."
        kode = "berkas_xls_lama"
    else:
        pesan = (
            f"jenis berkas '{akhiran or '(tanpa akhiran)'}' tidak dikenal; diharapkan {diterima}."
        )
        kode = "berkas_tidak_dikenal"
    return GalatBerkas.satu(pesan, berkas=path.name, kode=kode, token=path.suffix or None)


def baca_tabel(path: str | Path, *, lembar: str | None = None) -> list[Lembar]:
    """Read a CSV (one table) or an XLSX workbook (every sheet, or only ``lembar``)."""
    path = Path(path)
    akhiran = path.suffix.lower()
    if akhiran in AKHIRAN_CSV:
        return [baca_csv(path)]
    if akhiran in AKHIRAN_XLSX:
        buku = buka_buku(path)
        if lembar is None:
            return list(buku.semua())
        if lembar not in buku.nama_lembar:
            ada = ", ".join(f"'{n}'" for n in buku.nama_lembar)
            raise GalatBerkas.satu(
                f"lembar '{lembar}' tidak ada; lembar yang ada: {ada}.",
                berkas=path.name,
                kode="lembar_tidak_ada",
                token=lembar,
            )
        return [buku.lembar(lembar)]
    _periksa_ada(path, path.name)
    raise galat_akhiran(path, ".csv, .xlsx atau .json")


def _kedalaman(teks: str) -> int:
    """Deepest nesting of ``[``/``{`` outside strings."""
    dalam = maks = 0
    dalam_teks = lolos = False
    for ch in teks:
        if dalam_teks:
            if lolos:
                lolos = False
            elif ch == "\\":
                lolos = True
            elif ch == '"':
                dalam_teks = False
        elif ch == '"':
            dalam_teks = True
        elif ch in "[{":
            dalam += 1
            maks = max(maks, dalam)
        elif ch in "]}":
            dalam -= 1
    return maks


def baca_json(path: str | Path, berkas: str | None = None) -> Any:
    """Parse a JSON file (UTF-8, at most :data:`KEDALAMAN_JSON_MAKS` levels deep)."""
    path = Path(path)
    berkas = berkas or path.name
    teks = dekode(baca_bita(path, berkas), berkas, akhiran="JSON").isi
    dalam = _kedalaman(teks)
    if dalam > KEDALAMAN_JSON_MAKS:
        raise GalatBerkas.satu(
            f"JSON bersarang terlalu dalam ({dalam} tingkat; batas {KEDALAMAN_JSON_MAKS}); "
            "bukan respons WebAPI BPS.",
            berkas=berkas,
            kode="json_terlalu_dalam",
        )
    try:
        return json.loads(teks, parse_constant=_tolak_konstanta)
    except json.JSONDecodeError as e:
        raise GalatBerkas.satu(
            f"bukan JSON yang sah ({e.msg}, posisi {e.colno}).",
            berkas=berkas,
            baris=e.lineno,
            kode="json_rusak",
        ) from None
    except ValueError as e:
        raise GalatBerkas.satu(str(e), berkas=berkas, kode="json_rusak") from None


def _tolak_konstanta(nama: str) -> Any:
    raise ValueError(f"nilai '{nama}' bukan angka JSON yang sah (JSON tidak mengenal {nama}).")
