"""Bytes → text for CSV and JSON inputs, naming the problem when the bytes are not UTF-8.

Accepted: UTF-8 with or without a byte-order mark (what "CSV UTF-8" in Excel and every
BPS download produce). Refused, each with its own message and the fix ("simpan ulang sebagai
CSV UTF-8"):

- a 0-byte file;
- a binary file with a data extension (an XLSX, an old .xls, Parquet, PDF, an image, an
  archive … renamed to .csv or .json), recognised by its signature, or any text with NUL bytes;
- UTF-16 (or UTF-32) with or without a byte-order mark ("Unicode text" from Excel);
- Windows-1252 (Excel's "CSV (Comma delimited)" on Windows): the message names the first
  byte that is not UTF-8, its line, and the character it stands for in Windows-1252;
- bytes that are neither UTF-8 nor Windows-1252.

Guessing an encoding could change names silently, so none is guessed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from analisis.lembar.masalah import GalatBerkas

#: How to fix an encoding problem, appended to the messages (by kind of file).
SARAN_UTF8 = "Buka berkas di Excel lalu simpan ulang sebagai 'CSV UTF-8 (dipisah koma)'."
SARAN_UTF8_JSON = (
    "Simpan ulang berkas sebagai UTF-8 (respons WebAPI BPS yang asli selalu UTF-8), atau "
    "unduh ulang."
)


def _saran(akhiran: str) -> str:
    return SARAN_UTF8_JSON if akhiran == "JSON" else SARAN_UTF8


_TANDA_BINER: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "arsip zip (mis. buku kerja XLSX)"),
    (b"PK\x05\x06", "arsip zip kosong"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "dokumen Office lama (mis. Excel .xls)"),
    (b"PAR1", "berkas Parquet"),
    (b"%PDF", "dokumen PDF"),
    (b"\x1f\x8b", "arsip gzip"),
    (b"\x89PNG", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
    (b"SQLite format 3\x00", "basis data SQLite"),
    (b"7z\xbc\xaf\x27\x1c", "arsip 7z"),
    (b"Rar!", "arsip RAR"),
)


@dataclass(frozen=True)
class Teks:
    """Decoded text and the encoding it was read with."""

    isi: str
    enkode: str


def jenis_biner(mentah: bytes) -> str | None:
    """What kind of binary file the bytes are (by signature), or None for text."""
    for tanda, nama in _TANDA_BINER:
        if mentah.startswith(tanda):
            return nama
    return None


def _pesan_biner(jenis: str, akhiran: str) -> str:
    saran = ""
    if jenis.startswith("arsip zip"):
        saran = " Bila ini buku kerja Excel, ganti akhiran namanya menjadi .xlsx."
    elif "xls" in jenis:
        saran = " Buka di Excel lalu simpan sebagai .xlsx atau CSV UTF-8."
    return f"berkas ini bukan teks {akhiran} melainkan {jenis}.{saran}"


def _utf16_tanpa_bom(contoh: bytes) -> str | None:
    """'LE'/'BE' when NUL bytes sit at alternating positions (ASCII text in UTF-16)."""
    if len(contoh) < 4:
        return None
    ganjil = contoh[1::2].count(0) / max(len(contoh[1::2]), 1)
    genap = contoh[0::2].count(0) / max(len(contoh[0::2]), 1)
    if ganjil > 0.7 and genap < 0.05:
        return "LE"
    if genap > 0.7 and ganjil < 0.05:
        return "BE"
    return None


def _posisi(mentah: bytes, i: int) -> tuple[int, int]:
    """1-based (line, column) of byte ``i``."""
    awal_baris = mentah.rfind(b"\n", 0, i) + 1
    return mentah.count(b"\n", 0, i) + 1, i - awal_baris + 1


def _galat(pesan: str, berkas: str, kode: str, baris: int | None = None, token: str | None = None):
    return GalatBerkas.satu(pesan, berkas=berkas, kode=kode, baris=baris, token=token)


def _periksa_bukan_teks(mentah: bytes, berkas: str, akhiran: str) -> None:
    if not mentah.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        kata = "0 bita" if not mentah else "hanya berisi spasi"
        raise _galat(f"berkas kosong ({kata}).", berkas, "berkas_kosong")
    for bom, nama in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if mentah.startswith(bom):
            raise _galat(
                f"berkas berpengodean {nama} (dengan BOM), bukan UTF-8. {_saran(akhiran)}",
                berkas,
                "enkode_utf16",
            )
    jenis = jenis_biner(mentah)
    if jenis is not None:
        raise _galat(_pesan_biner(jenis, akhiran), berkas, "berkas_biner")
    contoh = mentah[:4096]
    if b"\x00" in contoh:
        urutan = _utf16_tanpa_bom(contoh)
        if urutan is not None:
            raise _galat(
                f"berkas berpengodean UTF-16 {urutan} tanpa BOM, bukan UTF-8. {_saran(akhiran)}",
                berkas,
                "enkode_utf16",
            )
        baris, _ = _posisi(mentah, contoh.index(b"\x00"))
        raise _galat(
            f"berkas ini bukan teks {akhiran}: memuat bita NUL (0x00) mulai baris {baris}, "
            "ciri berkas biner.",
            berkas,
            "berkas_biner",
            baris,
        )


def dekode(mentah: bytes, berkas: str, *, akhiran: str = "CSV") -> Teks:
    """Decode the bytes of a text input (CSV, JSON) or raise :class:`GalatBerkas`.

    ``berkas`` is the file name used in messages, ``akhiran`` the expected kind ("CSV", "JSON").
    """
    _periksa_bukan_teks(mentah, berkas, akhiran)
    bom = mentah.startswith(codecs.BOM_UTF8)
    try:
        return Teks(mentah.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as e:
        i = e.start
    baris, kolom = _posisi(mentah, i)
    bita = mentah[i : i + 1]
    token = f"0x{bita.hex().upper()}"
    try:
        huruf = bita.decode("cp1252")
        mentah.decode("cp1252")
    except UnicodeDecodeError:
        raise _galat(
            f"bita {token} (posisi {kolom}) bukan UTF-8 maupun Windows-1252; "
            f"berkas rusak atau bukan teks. {_saran(akhiran)}",
            berkas,
            "enkode_tidak_dikenal",
            baris,
            token,
        ) from None
    raise _galat(
        f"berkas bukan UTF-8; tampaknya Windows-1252 (bita {token} di posisi {kolom} berarti "
        f"'{huruf}' dalam Windows-1252). Pengodean tidak ditebak agar huruf tidak berubah "
        f"diam-diam. {_saran(akhiran)}",
        berkas,
        "enkode_windows1252",
        baris,
        token,
    )
