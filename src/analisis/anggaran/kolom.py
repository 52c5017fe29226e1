"""Column specification of the budget workbook (shared by the template writer and the reader).

Each table has a machine key per column (used in DataFrames) and an Indonesian header with
its unit (used in the files). The reader recognises a header after normalisation (case,
spaces, punctuation and the unit in parentheses are ignored) and also accepts the key and a
few aliases, so ``Kode sub-kegiatan``, ``KODE SUB KEGIATAN`` and ``kode_subkegiatan`` are the
same column. Money columns must be in whole Rupiah: a header unit other than ``Rp``/``rupiah``
(``Pagu (Rp ribu)``) is refused, because a silent factor of 1.000 is the classic error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Sheet names in the XLSX workbook.
LEMBAR_ANGGARAN = "Anggaran"
LEMBAR_RINGKASAN = "Ringkasan"
LEMBAR_RAT = "RAT"
LEMBAR_PETUNJUK = "Petunjuk"
LEMBAR_DAFTAR = "Daftar"

#: Marker written into every row of the shipped example files.
PENANDA_CONTOH = "CONTOH — data fiktif untuk demonstrasi"


@dataclass(frozen=True)
class Kolom:
    """One column: key, header with unit, whether the column must exist, kind and aliases."""

    kunci: str
    judul: str
    wajib: bool = True
    jenis: str = "teks"  # teks | kode | tahun | rupiah | angka | wilayah
    alias: tuple[str, ...] = ()
    lebar: int = 16
    keterangan: str = ""


KOLOM_ANGGARAN: tuple[Kolom, ...] = (
    Kolom(
        "kode_wilayah",
        "Kode wilayah (BPS)",
        wajib=False,
        jenis="wilayah",
        alias=("kode bps", "kode wilayah bps", "wilayah"),
        lebar=12,
        keterangan="Kode BPS 4 digit, mis. 6303. Boleh kosong bila lembar Ringkasan hanya "
        "berisi satu wilayah.",
    ),
    Kolom(
        "tahun",
        "Tahun",
        jenis="tahun",
        alias=("tahun anggaran", "ta"),
        lebar=8,
        keterangan="Tahun anggaran, mis. 2024.",
    ),
    Kolom(
        "opd",
        "OPD (perangkat daerah)",
        alias=("perangkat daerah", "skpd", "nama opd"),
        lebar=34,
        keterangan="Perangkat daerah pelaksana.",
    ),
    Kolom(
        "kode_program",
        "Kode program",
        jenis="kode",
        lebar=12,
        keterangan="Kode program (nomenklatur Kepmendagri), sebagai teks.",
    ),
    Kolom("nama_program", "Nama program", alias=("program",), lebar=36),
    Kolom("kode_kegiatan", "Kode kegiatan", jenis="kode", lebar=15),
    Kolom("nama_kegiatan", "Nama kegiatan", alias=("kegiatan",), lebar=36),
    Kolom(
        "kode_subkegiatan",
        "Kode sub-kegiatan",
        jenis="kode",
        alias=("kode sub kegiatan",),
        lebar=20,
        keterangan="Wajib diisi; kunci baris (satu sub-kegiatan per OPD per tahun).",
    ),
    Kolom("nama_subkegiatan", "Nama sub-kegiatan", alias=("sub kegiatan", "subkegiatan"), lebar=44),
    Kolom(
        "klaster",
        "Klaster",
        alias=("klaster strategi", "cluster"),
        lebar=36,
        keterangan="Pilih dari daftar (kode atau nama klaster).",
    ),
    Kolom(
        "pagu",
        "Pagu (Rp)",
        jenis="rupiah",
        alias=("pagu anggaran", "anggaran"),
        lebar=20,
        keterangan="Rupiah penuh, bukan ribu/juta. Wajib, tidak boleh negatif.",
    ),
    Kolom(
        "realisasi",
        "Realisasi (Rp)",
        jenis="rupiah",
        alias=("realisasi anggaran",),
        lebar=20,
        keterangan="Rupiah penuh. Kosong = belum dilaporkan. Di atas pagu = peringatan.",
    ),
    Kolom(
        "penandaan",
        "Penandaan kemiskinan ekstrem",
        alias=("penandaan", "penandaan pke", "tagging", "penandaan kemiskinan"),
        lebar=26,
        keterangan="Langsung / Tidak langsung / Penunjang / Tidak ditandai (kosong = tidak "
        "ditandai).",
    ),
    Kolom("keterangan", "Keterangan", wajib=False, alias=("catatan",), lebar=40),
)

KOLOM_RINGKASAN: tuple[Kolom, ...] = (
    Kolom(
        "kode_wilayah",
        "Kode wilayah (BPS)",
        jenis="wilayah",
        alias=("kode bps", "wilayah"),
        lebar=12,
    ),
    Kolom("nama_wilayah", "Nama wilayah", wajib=False, alias=("kabupaten kota", "nama"), lebar=26),
    Kolom("tahun", "Tahun", jenis="tahun", alias=("tahun anggaran",), lebar=8),
    Kolom(
        "belanja_daerah",
        "Belanja daerah APBD (Rp)",
        jenis="rupiah",
        alias=(
            "belanja daerah",
            "total belanja daerah",
            "total belanja",
            "apbd",
            "total apbd",
            "belanja apbd",
        ),
        lebar=24,
        keterangan="Total belanja daerah (pagu APBD, setelah perubahan bila ada), rupiah penuh.",
    ),
    Kolom(
        "realisasi_belanja_daerah",
        "Realisasi belanja daerah (Rp)",
        wajib=False,
        jenis="rupiah",
        alias=("realisasi belanja", "realisasi apbd", "realisasi total belanja"),
        lebar=24,
        keterangan="Realisasi total belanja daerah; dipakai skor penandaan.",
    ),
    Kolom("keterangan", "Keterangan", wajib=False, alias=("catatan",), lebar=40),
)

KOLOM_RAT: tuple[Kolom, ...] = (
    Kolom(
        "kode_wilayah",
        "Kode wilayah (BPS)",
        wajib=False,
        jenis="wilayah",
        alias=("kode bps", "wilayah"),
        lebar=12,
    ),
    Kolom("tahun", "Tahun", jenis="tahun", alias=("tahun anggaran",), lebar=8),
    Kolom(
        "opd", "OPD (perangkat daerah)", wajib=False, alias=("perangkat daerah", "skpd"), lebar=30
    ),
    Kolom(
        "kode_subkegiatan",
        "Kode sub-kegiatan",
        wajib=False,
        jenis="kode",
        alias=("kode sub kegiatan",),
        lebar=20,
        keterangan="Menghubungkan baris RAT dengan baris di lembar Anggaran.",
    ),
    Kolom(
        "kegiatan",
        "Kegiatan",
        alias=("nama kegiatan", "sub kegiatan", "aksi", "rencana aksi"),
        lebar=40,
    ),
    Kolom("indikator", "Indikator kinerja", alias=("indikator", "indikator keluaran"), lebar=40),
    Kolom("satuan", "Satuan", alias=("satuan target",), lebar=14),
    Kolom("target", "Target", jenis="angka", lebar=12),
    Kolom(
        "capaian",
        "Capaian",
        jenis="angka",
        alias=("realisasi capaian", "realisasi"),
        lebar=12,
        keterangan="Kosong = belum dilaporkan.",
    ),
    Kolom("keterangan", "Keterangan", wajib=False, alias=("catatan",), lebar=40),
)

#: Texts that mark a stated total row in the Anggaran sheet (column OPD, sub-kegiatan code or name).
LABEL_TOTAL = frozenset(
    {
        "jumlah",
        "total",
        "jumlah total",
        "grand total",
        "total keseluruhan",
        "jumlah keseluruhan",
        "total anggaran",
        "jumlah anggaran",
    }
)

_SATUAN_RUPIAH = {"rp", "rupiah", "idr"}


def pisah_judul(judul: object) -> tuple[str, str | None]:
    """``'Pagu (Rp)'`` → ``('pagu', 'rp')``; the base is compacted (letters and digits only)."""
    s = "" if judul is None else str(judul).replace("\u00a0", " ").strip().lower()
    satuan = None
    m = re.search(r"\(([^)]*)\)\s*$", s)
    if m:
        satuan = re.sub(r"\s+", " ", m.group(1)).strip().rstrip(".")
        s = s[: m.start()]
    return re.sub(r"[^0-9a-z]+", "", s), satuan


def satuan_sah(kolom: Kolom, satuan: str | None) -> bool:
    """Whether a header unit is acceptable for the column (only checked for money columns)."""
    if kolom.jenis != "rupiah" or satuan is None:
        return True
    return satuan.lower() in _SATUAN_RUPIAH


def peta_judul(spesifikasi: tuple[Kolom, ...]) -> dict[str, Kolom]:
    """Compacted header/alias → column."""
    peta: dict[str, Kolom] = {}
    for k in spesifikasi:
        for label in (k.judul, k.kunci, *k.alias):
            peta.setdefault(pisah_judul(label)[0], k)
    return peta
