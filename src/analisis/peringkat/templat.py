"""Evaluator template: write it (XLSX + CSV) for a province and year, and read a filled one back.

The template lists every kabupaten/kota of the province (BPS code and name), the year, one
column per evaluator-sourced indicator of the framework (``sumber: evaluator``) and a free
``catatan`` column. Header cells are Indonesian and carry the machine code in brackets, the unit
and the allowed values, e.g. ``Jumlah rapat koordinasi TKPK dalam setahun [jumlah_rakor]
(kali/tahun; bilangan bulat ≥ 0)``; the reader recognises columns by that bracketed code (or by a
bare code as header), so headers may be re-worded as long as the code stays.

Reading validates a filled template like any input and collects ALL problems before raising one
:class:`~analisis.galat.GalatValidasi`: unknown region code or name, rows of another province,
duplicate regions, wrong year, values that are not ``ya``/``tidak`` or a grade, negative
counts, percentages outside 0–100, non-numbers, missing required columns. Every problem names
the file, the sheet (XLSX), the row as the user sees it in Excel (header = row 1 in a fresh
template) and the column. Leading rows whose first cell starts with ``#`` are comments (used to
mark example files) and keep the real row numbering. Empty indicator cells are not errors: they
are reported as warnings and left missing for the index's missing-data policy.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analisis.berkas import tulis_dengan
from analisis.data.wilayah import PencocokWilayah, muat_wilayah, wilayah_provinsi
from analisis.galat import GalatAnalisis, GalatValidasi, Masalah, nama_berkas
from analisis.peringkat.indeks import angka, baca_nilai, kosong
from analisis.peringkat.kerangka import Indikator, Kerangka, kerangka_bawaan
from analisis.teks import angka_id

LEMBAR_DATA = "Penilaian"
LEMBAR_PETUNJUK = "Petunjuk"
PENANDA_CONTOH = "CONTOH — data fiktif untuk demonstrasi, bukan penilaian resmi"

_KOLOM_TETAP = {
    "kode_wilayah": "Kode wilayah BPS",
    "wilayah": "Nama kabupaten/kota",
    "tahun": "Tahun penilaian",
}
_KOLOM_CATATAN = ("catatan", "Catatan penilai")
_POLA_KODE_KOLOM = re.compile(r"\[\s*([A-Za-z][A-Za-z0-9_]*)\s*\]")


# ---------------------------------------------------------------------------------------------
# Province and column helpers
# ---------------------------------------------------------------------------------------------


def kode_provinsi_baku(provinsi: str | int) -> str:
    """Province as its 4-digit BPS code (``63``, ``6300`` or a province name → ``6300``).

    Raises :class:`GalatAnalisis` with the known provinces when not recognised.
    """
    w = muat_wilayah()
    provinsi_w = w[w["tingkat"] == "provinsi"]
    teks = str(provinsi).strip()
    if re.fullmatch(r"\d{2}", teks):
        teks += "00"
    if teks in provinsi_w.index:
        return teks
    hasil = PencocokWilayah().cocokkan(teks)
    if hasil.kode is not None and hasil.kode in provinsi_w.index:
        return hasil.kode
    daftar = ", ".join(f"{k[:2]} ({n})" for k, n in provinsi_w["wilayah"].items())
    raise GalatAnalisis(f"Provinsi '{provinsi}' tidak dikenal. Provinsi yang tersedia: {daftar}.")


def _huruf_kolom(i: int) -> str:
    """0-based column index → Excel letter (0 → A, 26 → AA)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def keterangan_nilai(ind: Indikator, kerangka: Kerangka) -> str:
    """Unit and allowed values of an evaluator indicator, in Indonesian."""
    if ind.kategorik:
        return "/".join(map(str, ind.rubrik(kerangka)))
    bagian = []
    if ind.satuan:
        bagian.append(ind.satuan)
    if ind.rentang is not None and len(ind.rentang) == 2:
        lo, hi = ind.rentang
        if lo is not None and hi is not None:
            bagian.append(f"{angka_id(lo)}–{angka_id(hi)}")
        elif lo is not None:
            bagian.append(f"≥ {angka_id(lo)}")
        elif hi is not None:
            bagian.append(f"≤ {angka_id(hi)}")
    if ind.bilangan_bulat:
        bagian.insert(1 if ind.satuan else 0, "bilangan bulat")
    return "; ".join(bagian) if bagian else "angka"


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


def kolom_templat(kerangka: Kerangka) -> list[tuple[str, str]]:
    """``(code, header text)`` of every template column, in order."""
    kol = [(k, f"{v} [{k}]") for k, v in _KOLOM_TETAP.items()]
    for ind in kerangka.indikator_evaluator():
        kol.append((ind.kode, f"{ind.nama} [{ind.kode}] ({keterangan_nilai(ind, kerangka)})"))
    kol.append((_KOLOM_CATATAN[0], f"{_KOLOM_CATATAN[1]} [{_KOLOM_CATATAN[0]}]"))
    return kol


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
            tulis.writerow([f"# {penanda}"])
        tulis.writerow(header)
        for b in baris:
            tulis.writerow(["" if v is None else v for v in b])


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
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = LEMBAR_DATA
    r0 = 1
    if penanda:
        ws.cell(row=1, column=1, value=f"# {penanda}").font = Font(bold=True, color="C00000")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(kolom))
        r0 = 2
    isi_judul = PatternFill("solid", fgColor="DDEBF7")
    for j, (k, teks) in enumerate(kolom, start=1):
        c = ws.cell(row=r0, column=j, value=teks)
        c.font = Font(bold=True)
        c.fill = isi_judul
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if k in {i.kode for i in kerangka.indikator_evaluator()}:
            ind = kerangka.indikator(k)
            if ind.keterangan:
                c.comment = Comment(ind.keterangan, "analisis")
        ws.column_dimensions[_huruf_kolom(j - 1)].width = (
            10
            if k in ("kode_wilayah", "tahun")
            else 22
            if k == "wilayah"
            else 40
            if k == "catatan"
            else 24
        )
    ws.row_dimensions[r0].height = 60
    for i, b in enumerate(baris, start=r0 + 1):
        for j, v in enumerate(b, start=1):
            c = ws.cell(row=i, column=j, value=v)
            if kolom[j - 1][0] == "kode_wilayah":
                c.number_format = "@"
    ws.freeze_panes = ws.cell(row=r0 + 1, column=3)

    # Drop-downs and numeric checks on the data rows (plus spare rows for additions).
    akhir = r0 + len(baris) + 20
    for j, (k, _) in enumerate(kolom):
        if k not in {i.kode for i in kerangka.indikator_evaluator()}:
            continue
        ind = kerangka.indikator(k)
        huruf = _huruf_kolom(j)
        jangkauan = f"{huruf}{r0 + 1}:{huruf}{akhir}"
        ket = keterangan_nilai(ind, kerangka)
        if ind.kategorik:
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(map(str, ind.rubrik(kerangka))) + '"',
                allow_blank=True,
            )
        else:
            jenis = "whole" if ind.bilangan_bulat else "decimal"
            lo, hi = (
                ind.rentang if ind.rentang is not None and len(ind.rentang) == 2 else (None, None)
            )
            if lo is not None and hi is not None:
                dv = DataValidation(
                    type=jenis,
                    operator="between",
                    formula1=f"{lo:g}",
                    formula2=f"{hi:g}",
                    allow_blank=True,
                )
            elif lo is not None:
                dv = DataValidation(
                    type=jenis, operator="greaterThanOrEqual", formula1=f"{lo:g}", allow_blank=True
                )
            elif hi is not None:
                dv = DataValidation(
                    type=jenis, operator="lessThanOrEqual", formula1=f"{hi:g}", allow_blank=True
                )
            else:
                dv = DataValidation(
                    type=jenis,
                    operator="between",
                    formula1="-1E+300",
                    formula2="1E+300",
                    allow_blank=True,
                )
        dv.error = f"Nilai tidak sah untuk {ind.nama}. Yang diizinkan: {ket}."[:255]
        dv.errorTitle = "Nilai tidak sah"
        dv.prompt = f"{ket}. Kosongkan bila data tidak tersedia."[:255]
        dv.promptTitle = ind.kode[:32]
        dv.showErrorMessage = True
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(jangkauan)

    # Instructions sheet.
    wp = wb.create_sheet(LEMBAR_PETUNJUK)
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
        if k in _KOLOM_TETAP or k == "catatan":
            ket = {
                "kode_wilayah": "kode BPS 4 angka",
                "wilayah": "nama resmi BPS",
                "tahun": str(tahun),
                "catatan": "teks bebas",
            }[k]
            wajib = "ya" if k in ("kode_wilayah", "tahun") else "tidak"
            uraian = {
                "kode_wilayah": "Kode BPS kabupaten/kota; jangan diubah.",
                "wilayah": "Nama kabupaten/kota (dipakai bila kode kosong).",
                "tahun": "Tahun yang dinilai.",
                "catatan": "Sumber bukti, nomor dokumen, atau catatan lain.",
            }[k]
            baris_p.append([teks, k, wajib, ket, "—", uraian])
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
    for b in baris_p:
        wp.append(b)
    wp["A1"].font = Font(bold=True, size=13)
    if penanda:
        wp["A2"].font = Font(bold=True, color="C00000")
    for j in range(1, 7):
        wp.cell(row=baris_judul_tabel, column=j).font = Font(bold=True)
    for huruf, lebar in zip("ABCDEF", (48, 22, 18, 30, 34, 60)):
        wp.column_dimensions[huruf].width = lebar
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


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


@dataclass
class HasilEvaluator:
    """A validated evaluator file.

    ``data``: index ``kode_wilayah`` (code order), columns ``wilayah``, ``tahun``, one column per
    evaluator indicator (canonical grades such as ``'ya'``/``'B'``, floats for numbers, None/NaN
    where empty) and ``catatan``; ready to join with the other indicators and pass to
    :func:`analisis.peringkat.indeks.hitung_indeks`. ``peringatan``: non-blocking problems.
    """

    data: pd.DataFrame
    peringatan: list[Masalah] = field(default_factory=list)
    berkas: str | None = None
    lembar: str | None = None


def _baca_baris_csv(path: Path) -> list[list[Any]]:
    mentah = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            teks = mentah.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    baris_teks = teks.splitlines()
    # Delimiter from the first non-comment, non-empty line (Indonesian Excel writes ';').
    contoh = next((b for b in baris_teks if b.strip() and not b.lstrip('"').startswith("#")), "")
    pemisah = max([",", ";", "\t"], key=contoh.count) if contoh else ","
    pembaca = csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah)
    # csv.reader yields one list per record; records never span lines in these files, so the
    # record index + 1 is the line (= Excel row) number.
    return [list(r) for r in pembaca]


def _baca_baris_xlsx(path: Path, masalah: list[Masalah]) -> tuple[list[list[Any]], str | None]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as e:  # noqa: BLE001 — any openpyxl failure means "not a readable xlsx"
        masalah.append(
            Masalah(
                f"berkas tidak dapat dibaca sebagai XLSX ({type(e).__name__}: {e})",
                berkas=path.name,
                kode="berkas_tidak_terbaca",
            )
        )
        return [], None
    if LEMBAR_DATA in wb.sheetnames:
        ws = wb[LEMBAR_DATA]
    elif len(wb.sheetnames) == 1:
        ws = wb[wb.sheetnames[0]]
    else:
        masalah.append(
            Masalah(
                f"lembar '{LEMBAR_DATA}' tidak ada; lembar yang ada: {', '.join(wb.sheetnames)}",
                berkas=path.name,
                kode="lembar_tidak_ada",
            )
        )
        return [], None
    rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=ws.max_row, values_only=True)]
    return rows, ws.title


def _teks_sel(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _kode_kolom(header: Any, dikenal: set[str]) -> str | None:
    teks = _teks_sel(header)
    m = _POLA_KODE_KOLOM.search(teks)
    if m:
        return m.group(1).lower()
    polos = re.sub(r"\s+", "_", teks.lower())
    return polos if polos in dikenal else (polos or None)


def baca_evaluator(
    path: str | Path,
    provinsi: str | int,
    tahun: int,
    kerangka: Kerangka | None = None,
) -> HasilEvaluator:
    """Read and validate a filled evaluator template (``.csv`` or ``.xlsx``).

    Raises :class:`GalatValidasi` listing every blocking problem (plus the warnings), each with
    file, sheet, Excel row and column.
    """
    kerangka = kerangka or kerangka_bawaan()
    kode_prov = kode_provinsi_baku(provinsi)
    p = Path(path)
    nama = nama_berkas(p)
    if not p.is_file():
        raise GalatAnalisis(f"Berkas evaluator tidak ditemukan: {p}")
    masalah: list[Masalah] = []
    lembar: str | None = None
    akhiran = p.suffix.lower()
    if akhiran in (".xlsx", ".xlsm"):
        rows, lembar = _baca_baris_xlsx(p, masalah)
    elif akhiran in (".csv", ".txt"):
        rows = _baca_baris_csv(p)
    else:
        raise GalatAnalisis(
            f"Format berkas '{p.suffix}' tidak didukung; pakai .xlsx atau .csv ({nama})."
        )

    def galat(
        pesan: str,
        baris: int | None = None,
        kolom: str | None = None,
        kode: str = "umum",
        tingkat: str = "galat",
    ) -> None:
        masalah.append(
            Masalah(
                pesan,
                berkas=nama,
                lembar=lembar,
                baris=baris,
                kolom=kolom,
                kode=kode,
                tingkat=tingkat,
            )
        )

    def selesai(data: pd.DataFrame) -> HasilEvaluator:
        blok = [m for m in masalah if m.tingkat == "galat"]
        if blok:
            jumlah_p = len(masalah) - len(blok)
            raise GalatValidasi(
                f"Berkas evaluator '{nama}' tidak valid: {len(blok)} galat"
                + (f", {jumlah_p} peringatan" if jumlah_p else ""),
                masalah=list(masalah),
            )
        return HasilEvaluator(data=data, peringatan=list(masalah), berkas=nama, lembar=lembar)

    indikator = kerangka.indikator_evaluator()
    kode_ind = [i.kode for i in indikator]
    kolom_kosong = pd.DataFrame(columns=["wilayah", "tahun", *kode_ind, "catatan"])
    kolom_kosong.index.name = "kode_wilayah"
    if masalah:
        return selesai(kolom_kosong)

    # Header: first row that is neither empty nor a '#' comment.
    def kosong_baris(r: list[Any]) -> bool:
        return all(_teks_sel(v) == "" for v in r)

    def komentar(r: list[Any]) -> bool:
        pertama = next((_teks_sel(v) for v in r if _teks_sel(v) != ""), "")
        return pertama.startswith("#")

    i_header = next(
        (i for i, r in enumerate(rows) if not kosong_baris(r) and not komentar(r)), None
    )
    if i_header is None:
        galat("berkas kosong: tidak ada baris judul maupun data", kode="berkas_kosong")
        return selesai(kolom_kosong)
    baris_header = i_header + 1
    dikenal = {"kode_wilayah", "wilayah", "tahun", "catatan", *kode_ind}
    posisi: dict[str, int] = {}
    label: dict[str, str] = {}
    for j, h in enumerate(rows[i_header]):
        if _teks_sel(h) == "":
            continue
        k = _kode_kolom(h, dikenal)
        huruf = _huruf_kolom(j)
        if k in dikenal:
            if k in posisi:
                galat(
                    f"kolom '{k}' muncul dua kali (juga di kolom {_huruf_kolom(posisi[k])})",
                    baris_header,
                    f"{k} ({huruf})",
                    "kolom_ganda",
                )
            else:
                posisi[k] = j
                label[k] = f"{k} ({huruf})"
        else:
            saran = _saran(k or "", sorted(dikenal))
            galat(
                f"kolom '{_teks_sel(h)}' tidak dikenal dan diabaikan.{saran}",
                baris_header,
                f"{_teks_sel(h)} ({huruf})",
                "kolom_tidak_dikenal",
                "peringatan",
            )
    wajib = ["tahun", *kode_ind]
    if "kode_wilayah" not in posisi and "wilayah" not in posisi:
        wajib.insert(0, "kode_wilayah")
    for k in wajib:
        if k not in posisi:
            teks = dict(kolom_templat(kerangka)).get(k, k)
            galat(
                f"kolom wajib '{k}' tidak ada; judul yang diharapkan: '{teks}'",
                baris_header,
                k,
                "kolom_wajib_hilang",
            )

    # Data rows.
    w = muat_wilayah()
    daftar_prov = set(wilayah_provinsi(kode_prov))
    nama_prov = str(w.at[kode_prov, "wilayah"])
    pencocok = PencocokWilayah()
    terlihat: dict[str, int] = {}
    rekaman: list[dict[str, Any]] = []
    kosong_per_kolom: dict[str, list[int]] = {k: [] for k in kode_ind}

    def sel(r: list[Any], k: str) -> Any:
        j = posisi.get(k)
        return r[j] if j is not None and j < len(r) else None

    for i in range(i_header + 1, len(rows)):
        r = rows[i]
        nomor = i + 1
        if kosong_baris(r) or komentar(r):
            continue
        # Region.
        kode_teks = _teks_sel(sel(r, "kode_wilayah"))
        nama_teks = _teks_sel(sel(r, "wilayah"))
        kode: str | None = None
        if kode_teks:
            if kode_teks in w.index:
                kode = kode_teks
                if nama_teks:
                    c = pencocok.cocokkan(nama_teks)
                    if c.kode is not None and c.kode != kode:
                        galat(
                            f"nama '{nama_teks}' adalah {w.at[c.kode, 'wilayah']} ({c.kode}), "
                            f"tidak cocok dengan kode {kode} ({w.at[kode, 'wilayah']})",
                            nomor,
                            label.get("wilayah"),
                            "nama_kode_tidak_cocok",
                        )
                        kode = None
                    elif c.kode is None:
                        galat(
                            f"nama '{nama_teks}' tidak dikenali; kode {kode} "
                            f"({w.at[kode, 'wilayah']}) yang dipakai",
                            nomor,
                            label.get("wilayah"),
                            "nama_tidak_dikenal",
                            "peringatan",
                        )
            else:
                saran = ""
                if nama_teks:
                    c = pencocok.cocokkan(nama_teks)
                    if c.kode:
                        saran = f" Nama '{nama_teks}' berkode {c.kode}."
                galat(
                    f"kode wilayah '{kode_teks}' tidak dikenal.{saran}",
                    nomor,
                    label.get("kode_wilayah"),
                    "wilayah_tidak_dikenal",
                )
        elif nama_teks:
            c = pencocok.cocokkan(nama_teks)
            if c.kode is None:
                saran = f" Mungkin maksud Anda: {', '.join(c.saran)}." if c.saran else ""
                galat(
                    f"nama wilayah '{nama_teks}' tidak dikenal.{saran}",
                    nomor,
                    label.get("wilayah"),
                    "wilayah_tidak_dikenal",
                )
            else:
                kode = c.kode
        else:
            galat(
                "baris tanpa kode maupun nama wilayah",
                nomor,
                label.get("kode_wilayah"),
                "wilayah_kosong",
            )
        if kode is not None and kode not in daftar_prov:
            tk = w.at[kode, "tingkat"]
            if tk in ("provinsi", "nasional"):
                alasan = f"{w.at[kode, 'wilayah']} ({kode}) adalah {tk}, bukan kabupaten/kota"
            else:
                alasan = (
                    f"{w.at[kode, 'wilayah']} ({kode}) termasuk Provinsi "
                    f"{w.at[kode, 'provinsi']}, bukan {nama_prov}"
                )
            galat(
                f"wilayah di luar provinsi: {alasan}",
                nomor,
                label.get("kode_wilayah") or label.get("wilayah"),
                "wilayah_provinsi_lain",
            )
            kode = None
        if kode is not None:
            if kode in terlihat:
                galat(
                    f"wilayah {kode} ({w.at[kode, 'wilayah']}) sudah ada di baris "
                    f"{terlihat[kode]}; setiap wilayah hanya boleh satu baris",
                    nomor,
                    label.get("kode_wilayah") or label.get("wilayah"),
                    "wilayah_ganda",
                )
                kode = None
            else:
                terlihat[kode] = nomor
        # Year.
        if "tahun" in posisi:
            v = sel(r, "tahun")
            if kosong(v):
                galat(f"tahun kosong; isi {tahun}", nomor, label["tahun"], "tahun_kosong")
            else:
                t = angka(v)
                if t is None or not float(t).is_integer():
                    galat(
                        f"tahun '{_teks_sel(v)}' bukan tahun; isi {tahun}",
                        nomor,
                        label["tahun"],
                        "tahun_tidak_sah",
                    )
                elif int(t) != int(tahun):
                    galat(
                        f"tahun {int(t)} tidak sesuai: berkas ini untuk penilaian tahun {tahun}",
                        nomor,
                        label["tahun"],
                        "tahun_salah",
                    )
        # Indicators.
        rek: dict[str, Any] = {
            "kode_wilayah": kode,
            "wilayah": str(w.at[kode, "wilayah"]) if kode else nama_teks,
            "tahun": int(tahun),
        }
        for ind in indikator:
            if ind.kode not in posisi:
                continue
            v = sel(r, ind.kode)
            if kosong(v):
                kosong_per_kolom[ind.kode].append(nomor)
                rek[ind.kode] = None
                continue
            x, pesan = baca_nilai(ind, v, kerangka)
            if pesan is not None:
                galat(f"{ind.nama}: {pesan}", nomor, label[ind.kode], "nilai_tidak_sah")
            rek[ind.kode] = x
        c = sel(r, "catatan")
        rek["catatan"] = None if kosong(c) else _teks_sel(c)
        if kode is not None:
            rekaman.append(rek)

    for k, nomor_kosong in kosong_per_kolom.items():
        if nomor_kosong:
            daftar = ", ".join(map(str, nomor_kosong[:15])) + (
                " …" if len(nomor_kosong) > 15 else ""
            )
            galat(
                f"{len(nomor_kosong)} sel kosong (baris {daftar}): dianggap data tidak tersedia dan "
                "ditangani menurut kebijakan data hilang",
                None,
                label.get(k, k),
                "nilai_kosong",
                "peringatan",
            )
    if not terlihat and not [m for m in masalah if m.tingkat == "galat"]:
        galat("tidak ada baris data wilayah", baris_header + 1, None, "tanpa_data")
    hilang = sorted(daftar_prov - set(terlihat))
    if hilang and terlihat:
        teks = ", ".join(f"{k} ({w.at[k, 'wilayah']})" for k in hilang)
        galat(
            f"{len(hilang)} kabupaten/kota {nama_prov} tidak ada di berkas: {teks}",
            kode="wilayah_tidak_ada",
            tingkat="peringatan",
        )

    data = pd.DataFrame(rekaman, columns=["kode_wilayah", "wilayah", "tahun", *kode_ind, "catatan"])
    for ind in indikator:
        if not ind.kategorik:
            data[ind.kode] = pd.to_numeric(data[ind.kode], errors="coerce").astype(float)
        else:  # grades as text, None where empty (not NaN)
            data[ind.kode] = pd.Series(
                [r.get(ind.kode) for r in rekaman], dtype=object, index=data.index
            )
    data = data.set_index("kode_wilayah").sort_index()
    return selesai(data)


def _saran(nilai: str, pilihan: list[str]) -> str:
    import difflib

    cocok = difflib.get_close_matches(nilai, pilihan, n=1, cutoff=0.6)
    return f" Mungkin maksud Anda '{cocok[0]}'?" if cocok else ""
