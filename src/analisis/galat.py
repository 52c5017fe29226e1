"""Shared error types: every user-facing problem names where it was found.

A :class:`Masalah` is one problem in one place (file, sheet, row, column). Validators
collect all of them first and raise a single :class:`GalatValidasi`, so the user sees
every problem of a file in one run instead of fixing them one at a time.

User-facing text is Bahasa Indonesia; identifiers and docstrings are English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict


class Lokasi(TypedDict, total=False):
    """File, sheet and row of a problem, as keyword arguments for :class:`Masalah` (``**lokasi``)."""

    berkas: str | None
    lembar: str | None
    baris: int | None


@dataclass(frozen=True, order=True)
class Masalah:
    """One problem found in an input.

    Attributes:
        pesan: what is wrong and what was expected, in Indonesian.
        berkas: file name (not the full path, so messages stay short and shareable).
        lembar: sheet name for spreadsheets.
        baris: 1-based row number as the user sees it in a spreadsheet/text editor.
        kolom: column name (or letter) in the source.
        kode: a stable machine code for the kind of problem (e.g. ``wilayah_tidak_dikenal``),
            used by tests and by tools that post-process the report.
        tingkat: ``galat`` (blocks the operation) or ``peringatan`` (reported, not blocking).
        token: the offending text or value exactly as found in the input, for tools and
            tests (the message quotes it for people).
    """

    pesan: str
    berkas: str | None = None
    lembar: str | None = None
    baris: int | None = None
    kolom: str | None = None
    kode: str = "umum"
    tingkat: str = "galat"
    token: str | None = None

    def lokasi(self) -> str:
        """Location as Indonesian text, e.g. ``data.xlsx, lembar 'P0', baris 7, kolom '2023'``."""
        bagian: list[str] = []
        if self.berkas:
            bagian.append(self.berkas)
        if self.lembar:
            bagian.append(f"lembar '{self.lembar}'")
        if self.baris is not None:
            bagian.append(f"baris {self.baris}")
        if self.kolom:
            bagian.append(f"kolom '{self.kolom}'")
        return ", ".join(bagian)

    def __str__(self) -> str:
        lokasi = self.lokasi()
        return f"{lokasi}: {self.pesan}" if lokasi else self.pesan


@dataclass
class GalatAnalisis(Exception):
    """Base class for errors shown to users (message already in Indonesian)."""

    pesan: str
    kode_keluar: int = 1

    def __str__(self) -> str:
        return self.pesan

    def _render_traceback_(self) -> list[str]:
        """How IPython shows this error in a notebook: the message alone, no traceback.

        The message already says what is wrong and where; a library traceback above it would
        only push it out of sight (papermill's error and the failed cell show these lines).
        """
        return str(self).splitlines()


@dataclass
class GalatValidasi(GalatAnalisis):
    """Input failed validation; carries every problem found."""

    masalah: list[Masalah] = field(default_factory=list)
    kode_keluar: int = 1

    def __str__(self) -> str:
        return format_masalah(self.masalah, judul=self.pesan)


def format_masalah(masalah: Sequence[Masalah], judul: str | None = None, batas: int = 200) -> str:
    """Render problems as a numbered Indonesian list (at most ``batas`` lines)."""
    baris: list[str] = []
    if judul:
        baris.append(judul)
    for i, m in enumerate(masalah[:batas], start=1):
        awalan = "PERINGATAN" if m.tingkat == "peringatan" else "GALAT"
        baris.append(f"  {i}. [{awalan}] {m}")
    sisa = len(masalah) - batas
    if sisa > 0:
        baris.append(f"  … dan {sisa} masalah lain.")
    return "\n".join(baris)


def hanya_galat(masalah: Iterable[Masalah]) -> list[Masalah]:
    """Problems that block the operation (not warnings)."""
    return [m for m in masalah if m.tingkat == "galat"]


def nama_berkas(path: str | Path | None) -> str | None:
    """Short file name for messages."""
    if path is None:
        return None
    return Path(path).name


# --------------------------------------------------------------------------- pydantic errors
_PESAN_JENIS_PYDANTIC: dict[str, str] = {
    "missing": "kunci wajib diisi",
    "float_parsing": "harus berupa angka",
    "float_type": "harus berupa angka",
    "int_parsing": "harus berupa bilangan bulat",
    "int_type": "harus berupa bilangan bulat",
    "int_from_float": "harus berupa bilangan bulat",
    "string_type": "harus berupa teks",
    "string_too_short": "tidak boleh kosong",
    "too_short": "tidak boleh kosong",
    "bool_parsing": "harus berupa ya/tidak (true/false)",
    "bool_type": "harus berupa ya/tidak (true/false)",
    "list_type": "harus berupa daftar",
    "dict_type": "harus berupa pemetaan kunci: nilai",
    "model_type": "harus berupa pemetaan kunci: nilai",
    "finite_number": "harus berupa angka terhingga",
}


def jalur_kunci(loc: Iterable[object]) -> str:
    """Pydantic location → key path as users read it: ``target_bawaan[0].tahun``."""
    teks = ""
    for bagian in loc:
        if isinstance(bagian, int):
            teks += f"[{bagian}]"
        else:
            teks += ("." if teks else "") + str(bagian)
    return teks


def _model_di(model: object, loc: Sequence[object]) -> object:
    """The pydantic model class found by walking ``loc`` from ``model`` (best effort)."""
    import typing

    from pydantic import BaseModel

    def cari_model(anotasi: object) -> object:
        if isinstance(anotasi, type) and issubclass(anotasi, BaseModel):
            return anotasi
        for arg in typing.get_args(anotasi):
            m = cari_model(arg)
            if m is not None:
                return m
        return None

    sekarang = model
    for bagian in loc:
        if isinstance(bagian, int) or sekarang is None:
            continue
        fields = getattr(sekarang, "model_fields", {})
        if bagian in fields:
            sekarang = cari_model(fields[bagian].annotation) or sekarang
    return sekarang


def pesan_pydantic(err: Mapping[str, Any], model: object | None = None) -> str:
    """One pydantic error as an Indonesian sentence (``model`` lists valid keys)."""
    jenis = err.get("type", "")
    ctx = err.get("ctx") or {}
    masukan = err.get("input")
    if jenis == "literal_error":
        pilihan = str(ctx.get("expected", "")).replace(" or ", " atau ")
        return f"nilai {masukan!r} tidak dikenal; pilihan: {pilihan}"
    batas = {
        "greater_than": ("lebih besar dari", "gt"),
        "greater_than_equal": ("lebih besar dari atau sama dengan", "ge"),
        "less_than": ("lebih kecil dari", "lt"),
        "less_than_equal": ("lebih kecil dari atau sama dengan", "le"),
    }
    if jenis in batas:
        kata, kunci = batas[jenis]
        from analisis.teks import angka_id

        return f"harus {kata} {angka_id(ctx.get(kunci))}, bukan {masukan!r}"
    if jenis == "value_error":
        return str(err.get("msg", "")).removeprefix("Value error, ")
    if jenis == "string_pattern_mismatch":
        return f"format tidak sah: {masukan!r} (huruf kecil, angka, garis bawah)"
    if jenis == "extra_forbidden":
        import difflib

        loc = list(err.get("loc", ()))
        nama = str(loc[-1]) if loc else ""
        induk = _model_di(model, loc[:-1]) if model is not None else None
        dikenal = list(getattr(induk, "model_fields", {})) if induk is not None else []
        mirip = difflib.get_close_matches(nama, dikenal, n=1, cutoff=0.75)
        if mirip:
            return f"kunci '{nama}' tidak dikenal. Mungkin maksud Anda '{mirip[0]}'?"
        return f"kunci '{nama}' tidak dikenal" + (
            f"; kunci yang dikenal: {', '.join(dikenal)}" if dikenal else ""
        )
    if jenis in _PESAN_JENIS_PYDANTIC:
        pesan = _PESAN_JENIS_PYDANTIC[jenis]
        return (
            pesan if jenis == "missing" or "input" not in err else f"{pesan}, tertulis {masukan!r}"
        )
    return f"nilai tidak valid ({jenis})"


def masalah_dari_pydantic(
    galat: object,
    *,
    berkas: str | None = None,
    model: object | None = None,
    awalan: str = "",
    kode: str = "parameter_tidak_valid",
) -> list[Masalah]:
    """A pydantic ``ValidationError`` as a list of :class:`Masalah` with key paths."""
    hasil = []
    for err in galat.errors():  # type: ignore[attr-defined]
        jalur = jalur_kunci(err["loc"])
        if awalan:
            jalur = f"{awalan}.{jalur}" if jalur else awalan
        hasil.append(
            Masalah(pesan_pydantic(err, model), berkas=berkas, kolom=jalur or None, kode=kode)
        )
    return hasil
