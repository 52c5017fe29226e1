"""Evaluator template: write it (XLSX + CSV) for a province and year.

The columns are described in :mod:`analisis.peringkat.kolom_evaluator`; the reader of a filled
template is :mod:`analisis.peringkat.evaluator` (its names are re-exported here). Every cell
that comes from the framework or the caller (indicator names and notes, the example marker) is
written so it cannot run as a formula (:mod:`analisis.lembar.tulis`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analisis.berkas import tulis_dengan
from analisis.data.wilayah import muat_wilayah, wilayah_provinsi
from analisis.galat import GalatAnalisis
from analisis.lembar import huruf_kolom, isi_sel, netralkan_baris, tambah_baris
from analisis.peringkat.evaluator import HasilEvaluator, baca_evaluator
from analisis.peringkat.kerangka import Indikator, Kerangka, kerangka_bawaan
from analisis.peringkat.kolom_evaluator import (
    KOLOM_TETAP,
    LEMBAR_DATA,
    LEMBAR_PETUNJUK,
    PENANDA_CONTOH,
    keterangan_nilai,
    kode_provinsi_baku,
    kolom_templat,
)
from analisis.peringkat.siap import kosong
from analisis.teks import angka_id

__all__ = [
    "LEMBAR_DATA",
    "LEMBAR_PETUNJUK",
    "PENANDA_CONTOH",
    "BerkasTemplat",
    "HasilEvaluator",
    "baca_evaluator",
    "keterangan_nilai",
    "kode_provinsi_baku",
    "kolom_templat",
    "tulis_templat",
]


def _cara_skor(ind: Indikator, kerangka: Kerangka) -> str:
    if ind.kategorik:
        return ", ".join(f"{k} = {angka_id(v)}" for k, v in ind.rubrik(kerangka).items())
    if ind.normalisasi == "capaian_target":
        return f"min(nilai / {angka_id(ind.target)}, 1) × 100"
    return {
        "max_rasio": "nilai / nilai tertinggi × 100",
        "min_maks": "(nilai − terendah) / (tertinggi − terendah) × 100",
        "skor_z": "skor z dipetakan ke 0–100",
    }.get(ind.normalisasi, ind.normalisasi)


def _daftar_pilihan(pilihan: Iterable[object]) -> str:
    """A data-validation list formula; quotes in config values are doubled (Excel's escape)."""
    return '"' + ",".join(str(p).replace('"', '""') for p in pilihan) + '"'


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BerkasTemplat:
    """Paths written by :func:`tulis_templat`."""

    xlsx: Path | None
    csv: Path | None


def _baris_templat(
    kode_prov: str, tahun: int, kerangka: Kerangka, nilai: pd.DataFrame | None, penanda: str | None
) -> list[list[Any]]:
    w = muat_wilayah()
    kolom = kolom_templat(kerangka)
    baris = []
    for kode in wilayah_provinsi(kode_prov):
        isi: list[Any] = []
        for k, _ in kolom:
            if k == "kode_wilayah":
                isi.append(kode)
            elif k == "wilayah":
                isi.append(str(w.at[kode, "wilayah"]))
            elif k == "tahun":
                isi.append(int(tahun))
            elif (
                nilai is not None
                and k in nilai.columns
                and kode in nilai.index
                and not kosong(nilai.at[kode, k])
            ):
                v = nilai.at[kode, k]
                if isinstance(v, float) and v.is_integer():
                    v = int(v)
                isi.append(v.item() if hasattr(v, "item") else v)
            elif k == "catatan" and penanda:
                isi.append(penanda)
            else:
                isi.append(None)
        baris.append(isi)
    return baris


def _tulis_csv(path: Path, header: list[str], baris: list[list[Any]], penanda: str | None) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        tulis = csv.writer(f)
        if penanda:
            tulis.writerow(netralkan_baris([f"# {penanda}"]))
        tulis.writerow(netralkan_baris(header))
        for b in baris:
            tulis.writerow(netralkan_baris(["" if v is None else v for v in b]))


_LEBAR_KOLOM = {"kode_wilayah": 10, "tahun": 10, "wilayah": 22, "catatan": 40}
_KETERANGAN_TETAP = {
    "kode_wilayah": ("kode BPS 4 angka", "Kode BPS kabupaten/kota; jangan diubah."),
    "wilayah": ("nama resmi BPS", "Nama kabupaten/kota (dipakai bila kode kosong)."),
    "tahun": ("", "Tahun yang dinilai."),
    "catatan": ("teks bebas", "Sumber bukti, nomor dokumen, atau catatan lain."),
}


def _lembar_penilaian(
    wb: Any,
    kerangka: Kerangka,
    kolom: list[tuple[str, str]],
    baris: list[list[Any]],
    penanda: str | None,
) -> tuple[Any, int]:
    """The data sheet: optional '#' marker row, header with notes, region rows; (sheet, header row)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.active
    ws.title = LEMBAR_DATA
    r0 = 1
    if penanda:
        isi_sel(ws.cell(row=1, column=1), f"# {penanda}").font = Font(bold=True, color="C00000")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(kolom))
        r0 = 2
    evaluator = {i.kode for i in kerangka.indikator_evaluator()}
    for j, (k, teks) in enumerate(kolom, start=1):
        c = isi_sel(ws.cell(row=r0, column=j), teks)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if k in evaluator and kerangka.indikator(k).keterangan:
            c.comment = Comment(kerangka.indikator(k).keterangan, "analisis")
        ws.column_dimensions[huruf_kolom(j - 1)].width = _LEBAR_KOLOM.get(k, 24)
    ws.row_dimensions[r0].height = 60
    for i, b in enumerate(baris, start=r0 + 1):
        for j, v in enumerate(b, start=1):
            c = isi_sel(ws.cell(row=i, column=j), v)
            if kolom[j - 1][0] == "kode_wilayah":
                c.number_format = "@"
    ws.freeze_panes = ws.cell(row=r0 + 1, column=3)
    return ws, r0


def _validasi_indikator(ind: Indikator, kerangka: Kerangka) -> Any:
    """The drop-down (grades) or numeric check of one indicator column, with its messages."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if ind.kategorik:
        dv = DataValidation(
            type="list", formula1=_daftar_pilihan(ind.rubrik(kerangka)), allow_blank=True
        )
    else:
        jenis = "whole" if ind.bilangan_bulat else "decimal"
        lo, hi = ind.rentang if ind.rentang is not None and len(ind.rentang) == 2 else (None, None)
        if lo is not None and hi is not None:
            batas = {"operator": "between", "formula1": f"{lo:g}", "formula2": f"{hi:g}"}
        elif lo is not None:
            batas = {"operator": "greaterThanOrEqual", "formula1": f"{lo:g}"}
        elif hi is not None:
            batas = {"operator": "lessThanOrEqual", "formula1": f"{hi:g}"}
        else:
            batas = {"operator": "between", "formula1": "-1E+300", "formula2": "1E+300"}
        dv = DataValidation(type=jenis, allow_blank=True, **batas)
    ket = keterangan_nilai(ind, kerangka)
    dv.error = f"Nilai tidak sah untuk {ind.nama}. Yang diizinkan: {ket}."[:255]
    dv.errorTitle = "Nilai tidak sah"
    dv.prompt = f"{ket}. Kosongkan bila data tidak tersedia."[:255]
    dv.promptTitle = ind.kode[:32]
    dv.showErrorMessage = True
    dv.showInputMessage = True
    return dv


def _pasang_validasi(
    ws: Any, kerangka: Kerangka, kolom: list[tuple[str, str]], r0: int, akhir: int
) -> None:
    """Drop-downs and numeric checks on the data rows (plus spare rows for additions)."""
    evaluator = {i.kode for i in kerangka.indikator_evaluator()}
    for j, (k, _) in enumerate(kolom):
        if k in evaluator:
            dv = _validasi_indikator(kerangka.indikator(k), kerangka)
            ws.add_data_validation(dv)
            dv.add(f"{huruf_kolom(j)}{r0 + 1}:{huruf_kolom(j)}{akhir}")


def _baris_petunjuk(
    kode_prov: str,
    tahun: int,
    kerangka: Kerangka,
    kolom: list[tuple[str, str]],
    penanda: str | None,
) -> tuple[list[list[Any]], int]:
    """Rows of the instructions sheet and the row number of its column table header.

    Long because it is the sheet's text, one list per line.
    """
    nama_prov = str(muat_wilayah().at[kode_prov, "wilayah"])
    baris_p: list[list[Any]] = [
        [
            (
                f"Petunjuk pengisian templat penilaian kinerja TKPK — Provinsi {nama_prov}, "
                f"tahun {tahun}"
            )
        ],
        [],
        [
            (
                "1. Isi satu baris untuk setiap kabupaten/kota pada lembar 'Penilaian'. Jangan mengubah "
                "baris judul: kode dalam kurung siku, mis. [jumlah_rakor], dipakai untuk mengenali "
                "kolom."
            )
        ],
        [
            (
                "2. Kolom kode_wilayah memakai kode BPS (4 angka); jangan mengubah kode, nama wilayah, "
                f"dan tahun ({tahun})."
            )
        ],
        ["3. Nilai ya/tidak dan A–D dipilih dari daftar pilihan (dropdown) pada sel."],
        ["4. Persentase ditulis sebagai angka 0–100 (mis. 85 atau 85,5), tanpa tanda %."],
        [
            (
                "5. Sel yang dibiarkan kosong berarti data tidak tersedia. Jangan mengisi 0 untuk data "
                "yang tidak diketahui: sel kosong ditangani menurut kebijakan data hilang kerangka "
                f"('{kerangka.kebijakan_data_hilang}'), dan wilayahnya ditandai atau tidak "
                "diperingkat."
            )
        ],
        [
            (
                "6. Simpan sebagai .xlsx, atau .csv (pemisah koma atau titik koma). Periksa berkas dengan "
                f"perintah: analisis peringkat cek-evaluator BERKAS --provinsi {kode_prov[:2]} "
                f"--tahun {tahun}"
            )
        ],
        [
            f"7. Kerangka penilaian: {kerangka.nama}. "
            + (kerangka.catatan.strip() + " " if kerangka.catatan else "")
            + "Tidak ada bobot resmi untuk peringkat kinerja TKPK: bobot kerangka bawaan "
            "(params/peringkat/kerangka_bawaan.yaml) BUKAN bobot resmi."
        ],
        [],
    ]
    if penanda:
        baris_p.insert(1, [f"# {penanda}"])
    baris_judul_tabel = len(baris_p) + 1
    baris_p.append(
        [
            "Kolom",
            "Kode",
            "Wajib",
            "Satuan dan nilai yang diizinkan",
            "Cara menjadi skor (0–100)",
            "Keterangan",
        ]
    )
    for k, teks in kolom:
        if k in KOLOM_TETAP or k == "catatan":
            ket, uraian = _KETERANGAN_TETAP[k]
            wajib = "ya" if k in ("kode_wilayah", "tahun") else "tidak"
            baris_p.append([teks, k, wajib, ket or str(tahun), "—", uraian])
        else:
            ind = kerangka.indikator(k)
            baris_p.append(
                [
                    teks,
                    k,
                    "ya (boleh kosong = data tidak tersedia)",
                    keterangan_nilai(ind, kerangka),
                    _cara_skor(ind, kerangka),
                    ind.keterangan or "",
                ]
            )
    return baris_p, baris_judul_tabel


def _lembar_petunjuk(
    wb: Any,
    kode_prov: str,
    tahun: int,
    kerangka: Kerangka,
    kolom: list[tuple[str, str]],
    penanda: str | None,
) -> None:
    from openpyxl.styles import Font

    wp = wb.create_sheet(LEMBAR_PETUNJUK)
    baris_p, baris_judul_tabel = _baris_petunjuk(kode_prov, tahun, kerangka, kolom, penanda)
    for b in baris_p:
        tambah_baris(wp, b)
    wp["A1"].font = Font(bold=True, size=13)
    if penanda:
        wp["A2"].font = Font(bold=True, color="C00000")
    for j in range(1, 7):
        wp.cell(row=baris_judul_tabel, column=j).font = Font(bold=True)
    for huruf, lebar in zip("ABCDEF", (48, 22, 18, 30, 34, 60)):
        wp.column_dimensions[huruf].width = lebar


def _tulis_xlsx(
    path: Path,
    kode_prov: str,
    tahun: int,
    kerangka: Kerangka,
    kolom: list[tuple[str, str]],
    baris: list[list[Any]],
    penanda: str | None,
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws, r0 = _lembar_penilaian(wb, kerangka, kolom, baris, penanda)
    _pasang_validasi(ws, kerangka, kolom, r0, r0 + len(baris) + 20)
    _lembar_petunjuk(wb, kode_prov, tahun, kerangka, kolom, penanda)
    wb.save(path)


def tulis_templat(
    provinsi: str | int,
    tahun: int,
    keluaran: str | Path = ".",
    kerangka: Kerangka | None = None,
    *,
    nilai: pd.DataFrame | None = None,
    penanda: str | None = None,
    nama_dasar: str = "templat_evaluator",
    format: Iterable[str] = ("xlsx", "csv"),
) -> BerkasTemplat:
    """Write the evaluator template for a province and year as XLSX and/or CSV.

    Files: ``<keluaran>/<nama_dasar>_<XX00>_<tahun>.xlsx|csv``, written atomically.
    ``nilai`` (index ``kode_wilayah``, indicator-code columns) pre-fills cells, and ``penanda``
    adds a ``#`` comment row at the top and fills ``catatan`` — both used for the shipped
    example file.
    """
    kerangka = kerangka or kerangka_bawaan()
    kode_prov = kode_provinsi_baku(provinsi)
    if not kerangka.indikator_evaluator():
        raise GalatAnalisis(
            f"Kerangka '{kerangka.nama}' tidak memuat indikator bersumber "
            "'evaluator'; tidak ada yang perlu diisi di templat."
        )
    format = tuple(format)
    folder = Path(keluaran)
    kolom = kolom_templat(kerangka)
    header = [t for _, t in kolom]
    baris = _baris_templat(kode_prov, int(tahun), kerangka, nilai, penanda)
    dasar = f"{nama_dasar}_{kode_prov}_{int(tahun)}"
    xlsx = csv_ = None
    if "xlsx" in format:
        xlsx = tulis_dengan(
            folder / f"{dasar}.xlsx",
            lambda p: _tulis_xlsx(p, kode_prov, int(tahun), kerangka, kolom, baris, penanda),
        )
    if "csv" in format:
        csv_ = tulis_dengan(
            folder / f"{dasar}.csv", lambda p: _tulis_csv(p, header, baris, penanda)
        )
    return BerkasTemplat(xlsx=xlsx, csv=csv_)
