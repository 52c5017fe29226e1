"""Fill-in template for the poverty budget (XLSX and CSV), and the writer shared with the examples.

One workbook per region and year (``templat_anggaran_6303_2024.xlsx``) with the sheets

* ``Petunjuk`` – how to fill it, the cluster taxonomy and tagging weights in force;
* ``Anggaran`` – one row per sub-kegiatan (see :data:`~analisis.anggaran.kolom.KOLOM_ANGGARAN`),
  dropdowns for Klaster and Penandaan, amounts formatted ``#.##0``, codes formatted as text
  (so Excel does not turn ``1.02`` into a number or a date), header frozen;
* ``Ringkasan`` – total regional spending (belanja daerah APBD) and its realisation, prefilled
  with the region code, name and year;
* ``RAT`` – optional annual action plan: per activity an indicator, unit, target and capaian;
* ``Daftar`` – hidden lists feeding the dropdowns.

CSV equivalents are one file per table (``templat_anggaran_…``, ``templat_ringkasan_…``,
``templat_rat_…``): UTF-8 with BOM and ``;`` as separator (what Excel with Indonesian regional
settings expects, since the comma is the decimal mark); amounts as plain digits, decimals with
a comma. The reader accepts ``,`` and tab separators too.

Every file is written atomically (temporary file + ``os.replace``). The template contains no
formulas: openpyxl cannot compute them, and a never-calculated formula reads back as empty.
Text from the configuration or the data (cluster names, notes) cannot become a formula either
(:mod:`analisis.lembar.tulis`).
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from analisis.anggaran._umum import (
    TAHUN_MIN,
    periksa_tahun,
    periksa_wilayah,
    tahun_maks,
)
from analisis.anggaran.kolom import (
    KOLOM_ANGGARAN,
    KOLOM_RAT,
    KOLOM_RINGKASAN,
    LEMBAR_ANGGARAN,
    LEMBAR_DAFTAR,
    LEMBAR_PETUNJUK,
    LEMBAR_RAT,
    LEMBAR_RINGKASAN,
    PENANDA_CONTOH,
    Kolom,
)
from analisis.anggaran.konfigurasi import KonfigurasiAnggaran, muat_konfigurasi
from analisis.berkas import tulis_dengan
from analisis.data.wilayah import nama_wilayah
from analisis.galat import GalatAnalisis
from analisis.lembar import isi_sel, netralkan_baris

#: Empty rows pre-formatted (text codes, Rupiah format, dropdowns) in a fresh template.
BARIS_ISIAN = 500

_FORMAT_RUPIAH = "#,##0"
_FORMAT_ANGKA = "#,##0.##"
_ISI_JUDUL = PatternFill("solid", fgColor="DDEBF7")
_ISI_CONTOH = PatternFill("solid", fgColor="FCE4D6")
_HURUF_JUDUL = Font(bold=True)
_HURUF_CONTOH = Font(bold=True, color="C00000", size=13)

SEPARATOR_CSV = ";"
ENKODE_CSV = "utf-8-sig"


def nama_berkas_templat(
    kode_wilayah: str,
    tahun: int | str,
    tabel: str = "anggaran",
    ekstensi: str = "xlsx",
    awalan: str = "templat",
) -> str:
    """``templat_anggaran_6303_2024.xlsx``; ``tabel`` is ``anggaran``, ``ringkasan`` or ``rat``."""
    return f"{awalan}_{tabel}_{kode_wilayah}_{tahun}.{ekstensi}"


# ------------------------------------------------------------------------ Petunjuk text
def teks_petunjuk(
    konfigurasi: KonfigurasiAnggaran, judul: str, contoh: bool = False
) -> list[tuple[str, str]]:
    """Lines of the Petunjuk sheet as ``(gaya, teks)``; gaya is ``judul``, ``sub``, ``contoh`` or ``teks``."""
    b: list[tuple[str, str]] = []
    if contoh:
        b.append(
            (
                "contoh",
                PENANDA_CONTOH.upper() + ": semua angka di buku ini rekaan, "
                "bukan data APBD sebenarnya. Jangan dikutip.",
            )
        )
    b.append(("judul", judul))
    b.append(
        (
            "teks",
            (
                "Buku isian anggaran penanggulangan kemiskinan daerah (TKPK). Dibaca oleh "
                "perintah `analisis anggaran cek BERKAS`, yang memeriksa seluruh isian sekaligus "
                "dan menyebut lembar, baris dan kolom setiap masalah."
            ),
        )
    )
    b.append(("sub", "Cara mengisi"))
    b += [
        (
            "teks",
            (
                "1. Lembar Ringkasan: isi total belanja daerah APBD tahun ini (Rp) dan, bila sudah "
                "ada, realisasinya. Kode wilayah, nama dan tahun sudah terisi."
            ),
        ),
        (
            "teks",
            (
                "2. Lembar Anggaran: satu baris per sub-kegiatan penanggulangan kemiskinan per OPD. "
                "Kode program/kegiatan/sub-kegiatan diketik sebagai teks (mis. 1.06.04.2.02.0005)."
            ),
        ),
        (
            "teks",
            (
                "3. Klaster dan Penandaan dipilih dari daftar tarik-turun. Kolom Kode wilayah boleh "
                "kosong bila buku hanya untuk satu wilayah (diambil dari lembar Ringkasan)."
            ),
        ),
        (
            "teks",
            (
                "4. Lembar RAT (opsional): rencana aksi tahunan, per kegiatan indikator, satuan, "
                "target dan capaian."
            ),
        ),
        (
            "teks",
            (
                "5. Baris JUMLAH (opsional): tulis 'JUMLAH' di kolom OPD dan isi pagu/realisasi "
                "totalnya; pemeriksa mencocokkannya dengan jumlah baris (toleransi Rp1)."
            ),
        ),
    ]
    b.append(("sub", "Aturan angka"))
    b += [
        ("teks", "• Semua nilai uang dalam rupiah penuh (bukan ribu atau juta rupiah)."),
        (
            "teks",
            (
                "• Diterima: sel angka, 1234567, 1.234.567, Rp1.234.567,50, 1234567,5. "
                "Ditolak karena ambigu: 1,234 ; 1,234,567.00 ; 1.2E+09 ; angka dengan spasi."
            ),
        ),
        (
            "teks",
            (
                "• Pagu wajib diisi dan tidak boleh negatif. Realisasi kosong = belum dilaporkan; "
                "realisasi di atas pagu dilaporkan sebagai peringatan."
            ),
        ),
        ("teks", "• Jumlah pagu kemiskinan tidak boleh melebihi total belanja daerah."),
        (
            "teks",
            (
                "• Satu kode sub-kegiatan hanya sekali per OPD per tahun; baris ganda dengan nilai "
                "berbeda adalah galat."
            ),
        ),
    ]
    b.append(("sub", "Klaster strategi (dapat diubah di params/anggaran/klaster.yaml)"))
    for k in konfigurasi.klaster:
        tanda = " [R: rekonstruksi]" if k.tingkat_bukti == "R" else ""
        b.append(("teks", f"{k.kode} — {k.nama}{tanda}: {k.deskripsi} Dasar: {k.dasar}."))
    b.append(
        (
            "teks",
            (
                "Catatan: klaster 4 (kemitraan dan sinergi) berasal dari daftar Perpres 15/2010 "
                "yang lebih lama [R]; klaster 1–3 adalah tiga strategi penghapusan kemiskinan "
                "ekstrem."
            ),
        )
    )
    b.append(("sub", "Penandaan kemiskinan ekstrem dan bobot skor"))
    for p in konfigurasi.penandaan.kategori:
        b.append(("teks", f"{p.nama}: bobot {p.bobot * 100:.0f}%. {p.deskripsi}"))
    b.append(
        (
            "teks",
            "Tidak ditandai: belanja kemiskinan di luar penandaan kemiskinan ekstrem (bobot 0).",
        )
    )
    b.append(
        (
            "teks",
            (
                f"Dasar: {konfigurasi.penandaan.dasar}. Belanja perjalanan dinas tidak "
                "dimasukkan ke baris yang ditandai."
            ),
        )
    )
    b.append(
        (
            "teks",
            (
                "Skor penandaan T = Σ bobot × (belanja kategori / total belanja daerah), "
                "lalu distandarkan antarwilayah dalam satu provinsi: T / T maks × 100."
            ),
        )
    )
    return b


# ------------------------------------------------------------------------ XLSX
def _nilai_sel(kolom: Kolom, nilai: object) -> object:
    if nilai is None:
        return None
    try:
        if pd.isna(nilai):
            return None
    except (TypeError, ValueError):
        pass
    if kolom.jenis in ("rupiah", "angka"):
        x = float(nilai)  # type: ignore[arg-type]
        return int(x) if x.is_integer() else x
    if kolom.jenis == "tahun":
        return int(nilai)  # type: ignore[call-overload]
    return str(nilai)


def _lembar_tabel(
    wb: Workbook,
    judul_lembar: str,
    spesifikasi: Sequence[Kolom],
    data: pd.DataFrame | None,
    baris_isian: int,
    validasi: dict[str, DataValidation],
) -> Worksheet:
    ws = wb.create_sheet(judul_lembar)
    for j, k in enumerate(spesifikasi, start=1):
        sel = isi_sel(ws.cell(row=1, column=j), k.judul)
        sel.font = _HURUF_JUDUL
        sel.fill = _ISI_JUDUL
        sel.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = k.lebar
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    n_data = 0 if data is None else len(data)
    akhir = max(n_data, 0) + 1 + baris_isian
    if data is not None:
        for i, rekaman in enumerate(data.to_dict("records"), start=2):
            for j, k in enumerate(spesifikasi, start=1):
                isi_sel(ws.cell(row=i, column=j), _nilai_sel(k, rekaman.get(k.kunci)))
    for j, k in enumerate(spesifikasi, start=1):
        huruf = get_column_letter(j)
        format_sel = {
            "rupiah": _FORMAT_RUPIAH,
            "angka": _FORMAT_ANGKA,
            "kode": "@",
            "wilayah": "@",
            "tahun": "0",
        }.get(k.jenis)
        if format_sel:
            for i in range(2, akhir + 1):
                ws.cell(row=i, column=j).number_format = format_sel
        if k.kunci in validasi:
            dv = validasi[k.kunci]
            ws.add_data_validation(dv)
            dv.add(f"{huruf}2:{huruf}{akhir}")
    ws.auto_filter.ref = f"A1:{get_column_letter(len(spesifikasi))}{max(n_data + 1, 2)}"
    return ws


def _validasi(konfigurasi: KonfigurasiAnggaran, tabel: str) -> dict[str, DataValidation]:
    n_k = len(konfigurasi.label_klaster)
    n_p = len(konfigurasi.label_penandaan)

    def daftar(rentang: str, judul: str, pesan: str) -> DataValidation:
        dv = DataValidation(type="list", formula1=rentang, allow_blank=True, showDropDown=False)
        dv.errorTitle, dv.error = judul, pesan
        dv.promptTitle, dv.prompt = judul, "Pilih dari daftar."
        dv.showErrorMessage = dv.showInputMessage = True
        return dv

    def tak_negatif(judul: str) -> DataValidation:
        dv = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        dv.errorTitle, dv.error = judul, "Isi angka rupiah penuh, tidak negatif."
        dv.showErrorMessage = True
        return dv

    tahun = DataValidation(
        type="whole",
        operator="between",
        formula1=str(TAHUN_MIN),
        formula2=str(tahun_maks()),
        allow_blank=True,
    )
    tahun.errorTitle, tahun.error = "Tahun", f"Isi tahun {TAHUN_MIN}–{tahun_maks()}."
    tahun.showErrorMessage = True
    if tabel == "anggaran":
        return {
            "klaster": daftar(
                f"{LEMBAR_DAFTAR}!$A$2:$A${n_k + 1}",
                "Klaster",
                "Klaster tidak dikenal; pilih dari daftar.",
            ),
            "penandaan": daftar(
                f"{LEMBAR_DAFTAR}!$B$2:$B${n_p + 1}",
                "Penandaan",
                "Penandaan tidak dikenal; pilih dari daftar.",
            ),
            "pagu": tak_negatif("Pagu (Rp)"),
            "realisasi": tak_negatif("Realisasi (Rp)"),
            "tahun": tahun,
        }
    if tabel == "ringkasan":
        return {
            "belanja_daerah": tak_negatif("Belanja daerah"),
            "realisasi_belanja_daerah": tak_negatif("Realisasi belanja daerah"),
            "tahun": tahun,
        }
    return {"target": tak_negatif("Target"), "capaian": tak_negatif("Capaian"), "tahun": tahun}


def tulis_buku_xlsx(
    path: str | Path,
    *,
    anggaran: pd.DataFrame | None = None,
    ringkasan: pd.DataFrame | None = None,
    rat: pd.DataFrame | None = None,
    judul: str = "Buku isian anggaran penanggulangan kemiskinan",
    konfigurasi: KonfigurasiAnggaran | None = None,
    contoh: bool = False,
    baris_isian: int = BARIS_ISIAN,
    waktu: _dt.datetime | None = None,
) -> Path:
    """Write the workbook (sheets Petunjuk, Anggaran, Ringkasan, RAT, hidden Daftar) atomically.

    DataFrames use the column keys of :mod:`analisis.anggaran.kolom`; missing keys stay empty.
    ``waktu`` fixes the document timestamps (for reproducible example files).
    """
    konfigurasi = konfigurasi or muat_konfigurasi()
    wb = Workbook()
    petunjuk = wb.active
    petunjuk.title = LEMBAR_PETUNJUK
    petunjuk.column_dimensions["A"].width = 120
    for i, (gaya, teks) in enumerate(teks_petunjuk(konfigurasi, judul, contoh), start=1):
        sel = isi_sel(petunjuk.cell(row=i, column=1), teks)
        sel.alignment = Alignment(wrap_text=True, vertical="top")
        if gaya == "judul":
            sel.font = Font(bold=True, size=14)
        elif gaya == "sub":
            sel.font = _HURUF_JUDUL
        elif gaya == "contoh":
            sel.font, sel.fill = _HURUF_CONTOH, _ISI_CONTOH

    _lembar_tabel(
        wb,
        LEMBAR_ANGGARAN,
        KOLOM_ANGGARAN,
        anggaran,
        baris_isian,
        _validasi(konfigurasi, "anggaran"),
    )
    _lembar_tabel(
        wb,
        LEMBAR_RINGKASAN,
        KOLOM_RINGKASAN,
        ringkasan,
        min(baris_isian, 50),
        _validasi(konfigurasi, "ringkasan"),
    )
    _lembar_tabel(wb, LEMBAR_RAT, KOLOM_RAT, rat, baris_isian, _validasi(konfigurasi, "rat"))

    daftar = wb.create_sheet(LEMBAR_DAFTAR)
    daftar["A1"], daftar["B1"], daftar["C1"] = "Klaster", "Penandaan", "Kode klaster"
    for i, (nama, kode) in enumerate(
        zip(konfigurasi.label_klaster, konfigurasi.kode_klaster), start=2
    ):
        isi_sel(daftar.cell(row=i, column=1), nama)
        isi_sel(daftar.cell(row=i, column=3), kode)
    for i, nama in enumerate(konfigurasi.label_penandaan, start=2):
        isi_sel(daftar.cell(row=i, column=2), nama)
    daftar.sheet_state = "hidden"
    wb.active = 1  # open on the Anggaran sheet

    wb.properties.creator = "analisis (templat anggaran)"
    wb.properties.title = judul
    if waktu is not None:
        wb.properties.created = wb.properties.modified = waktu
    return tulis_dengan(path, lambda p: wb.save(p))


# ------------------------------------------------------------------------ CSV
def _teks_csv(kolom: Kolom, nilai: object) -> str:
    v = _nilai_sel(kolom, nilai)
    if v is None:
        return ""
    if isinstance(v, float) and math.isfinite(v):
        return repr(v).replace(".", ",")
    return str(v)


def tulis_csv(
    path: str | Path, spesifikasi: Sequence[Kolom], data: pd.DataFrame | None = None
) -> Path:
    """Write one table as CSV (``;``-separated, UTF-8 with BOM, Indonesian headers) atomically."""

    def tulis(p: Path) -> None:
        with p.open("w", encoding=ENKODE_CSV, newline="") as f:
            w = csv.writer(f, delimiter=SEPARATOR_CSV, lineterminator="\r\n")
            w.writerow(netralkan_baris(k.judul for k in spesifikasi))
            if data is not None:
                for rekaman in data.to_dict("records"):
                    w.writerow(
                        netralkan_baris(_teks_csv(k, rekaman.get(k.kunci)) for k in spesifikasi)
                    )

    return tulis_dengan(path, tulis)


# ------------------------------------------------------------------------ template
def ringkasan_awal(kode_wilayah: str, tahun: int) -> pd.DataFrame:
    """The prefilled Ringkasan row of a fresh template (amounts empty)."""
    return pd.DataFrame(
        [{"kode_wilayah": kode_wilayah, "nama_wilayah": nama_wilayah(kode_wilayah), "tahun": tahun}]
    )


def _titik(pesan: str | None) -> str:
    pesan = str(pesan)
    return pesan if pesan.endswith((".", "?", "!")) else pesan + "."


def tulis_templat(
    kode_wilayah: str,
    tahun: int | str,
    keluaran: str | Path = ".",
    *,
    format: str = "semua",
    konfigurasi: KonfigurasiAnggaran | None = None,
    timpa: bool = False,
    baris_isian: int = BARIS_ISIAN,
) -> list[Path]:
    """Write an empty template for one region and year; returns the paths written.

    ``format``: ``"xlsx"``, ``"csv"`` or ``"semua"`` (both). Existing files are not overwritten
    unless ``timpa=True`` (a filled-in template is precious). ``baris_isian`` empty rows are
    pre-formatted in the XLSX (text codes, Rupiah format, dropdowns). Raises :class:`GalatAnalisis`
    with an Indonesian message for an unknown region, a year out of range or existing files.
    ``tahun`` may be given as text (e.g. straight from a CLI option); it is validated here.
    """
    kode, pesan = periksa_wilayah(kode_wilayah)
    if kode is None:
        raise GalatAnalisis(f"--wilayah: {_titik(pesan)}")
    th, pesan = periksa_tahun(tahun)
    if th is None:
        raise GalatAnalisis(f"--tahun: {_titik(pesan)}")
    if format not in ("semua", "xlsx", "csv"):
        raise GalatAnalisis(f"format '{format}' tidak dikenal; pilihan: semua, xlsx, csv.")
    konfigurasi = konfigurasi or muat_konfigurasi()
    folder = Path(keluaran)
    rencana: list[Path] = []
    if format in ("semua", "xlsx"):
        rencana.append(folder / nama_berkas_templat(kode, th))
    if format in ("semua", "csv"):
        rencana += [
            folder / nama_berkas_templat(kode, th, t, "csv")
            for t in ("anggaran", "ringkasan", "rat")
        ]
    ada = [p for p in rencana if p.exists()]
    if ada and not timpa:
        raise GalatAnalisis(
            "Berkas sudah ada dan tidak ditimpa: "
            + ", ".join(str(p) for p in ada)
            + ". Pakai --timpa untuk menimpa, atau folder --keluaran lain."
        )
    judul = f"Anggaran penanggulangan kemiskinan — {nama_wilayah(kode)} ({kode}), tahun {th}"
    ringkasan = ringkasan_awal(kode, th)
    hasil: list[Path] = []
    for p in rencana:
        if p.suffix == ".xlsx":
            hasil.append(
                tulis_buku_xlsx(
                    p,
                    ringkasan=ringkasan,
                    judul=judul,
                    konfigurasi=konfigurasi,
                    baris_isian=baris_isian,
                )
            )
        elif "_ringkasan_" in p.name:
            hasil.append(tulis_csv(p, KOLOM_RINGKASAN, ringkasan))
        elif "_rat_" in p.name:
            hasil.append(tulis_csv(p, KOLOM_RAT))
        else:
            hasil.append(tulis_csv(p, KOLOM_ANGGARAN))
    return hasil
