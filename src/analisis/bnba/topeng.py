"""Bit layout of the packed per-row flags of the typed table ``rek`` and of the check masks.

The typed table keeps one ``UINTEGER`` column ``bit`` per row instead of a dozen BOOLEAN
columns: materialising ten million rows costs per column, and every later pass (families, the
aggregate cube) needs the flags packed anyway. The cube mask (``UBIGINT``) adds the checks that
need the whole file (duplicate NIK, family address, exclusion, age) above bit 32.

=====  ====================  ======================================================
bit    name                  meaning (row level, known when the file is read)
=====  ====================  ======================================================
0      ``nik_tidak_valid``   NIK is not 16 digits
1      ``nik_tanggal_beda``  NIK date part ≠ birth date
2      ``nik_jk_beda``       NIK +40 marker ≠ sex
3      ``nik_wilayah_beda``  NIK region ≠ kecamatan
4      ``kk_tidak_valid``    No KK is not 16 digits
5      ``meninggal``         deceased flag
6      ``verval_sudah``      verval status counts as done
7      ``sintetis``          ``sumber_data = 'SINTETIS'``
8 …    ``p_<programme>``     programme flags, in the order of the programmes in the data
32     ``nik_ganda``         (cube mask) NIK on more than one row
33     ``kk_alamat_ganda``   (cube mask) family under more than one desa + address
34     ``eksklusi``          (cube mask) low-desil family without any programme
35     ``umur_tidak_wajar``  (cube mask) implausible age
=====  ====================  ======================================================
"""

from __future__ import annotations

from collections.abc import Iterable

BIT_BARIS: dict[str, int] = {
    "nik_tidak_valid": 0,
    "nik_tanggal_beda": 1,
    "nik_jk_beda": 2,
    "nik_wilayah_beda": 3,
    "kk_tidak_valid": 4,
    "meninggal": 5,
    "verval_sudah": 6,
    "sintetis": 7,
}
#: First bit of the programme flags.
BIT_PROGRAM_AWAL = 8
#: At most this many programmes fit below bit 31 (bit 31 marks inclusion in the family pass).
MAKS_PROGRAM = 23
#: Family pass only: some member is an inclusion suspect.
BIT_INKLUSI_KELUARGA = 31

BIT_KUBUS: dict[str, int] = {
    "nik_ganda": 32,
    "kk_alamat_ganda": 33,
    "eksklusi": 34,
    "umur_tidak_wajar": 35,
}


def bit_program(program: Iterable[str]) -> dict[str, int]:
    """Bit of each programme flag (in the given order)."""
    hasil = {k: BIT_PROGRAM_AWAL + i for i, k in enumerate(program)}
    if len(hasil) > MAKS_PROGRAM:
        raise ValueError(f"paling banyak {MAKS_PROGRAM} program dapat diperiksa sekaligus")
    return hasil


def nilai(bit: int) -> int:
    """The integer with only ``bit`` set."""
    return 1 << bit


def topeng_program(program: Iterable[str]) -> int:
    """Mask of all programme bits."""
    return sum(nilai(b) for b in bit_program(program).values())
