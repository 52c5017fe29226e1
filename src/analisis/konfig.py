"""The one YAML loader for every configuration file (province params, ranking frameworks,
budget taxonomy, BNBA rules): safe, bounded, with line-numbered Indonesian errors.

What it guarantees, whatever the file:

* the bytes are UTF-8 (with or without BOM); UTF-16, Windows-1252 and binary files are refused
  naming the encoding problem, files over :data:`BATAS_UKURAN` are refused;
* YAML syntax errors give the line; a duplicate key is an error naming both lines (PyYAML would
  silently keep the last one);
* alias expansion is bounded: the document, with every alias expanded, may hold at most
  :data:`BATAS_SIMPUL` nodes and nest at most :data:`BATAS_KEDALAMAN` levels, and recursive
  aliases are refused ("billion laughs" files end in a clear message, in bounded time and memory);
* validation against a pydantic model gives every problem at once, each with its key path
  (``target_bawaan[0].tahun``) and the line number of that key.

Path-valued keys are resolved with :meth:`analisis.proyek.Proyek.jalur_params` (inside the
params folder only).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from analisis.galat import GalatAnalisis, GalatValidasi, Masalah, jalur_kunci, pesan_pydantic

BATAS_UKURAN = 2 * 1024 * 1024
"""Largest configuration file read (bytes)."""
BATAS_SIMPUL = 200_000
"""Largest number of YAML nodes after alias expansion."""
BATAS_KEDALAMAN = 64
"""Deepest nesting of mappings/sequences."""

M = TypeVar("M", bound=BaseModel)


def _galat(nama: str, pesan: str, kode: str, baris: int | None = None) -> GalatValidasi:
    return GalatValidasi(
        f"Berkas konfigurasi '{nama}' tidak dapat dibaca.",
        masalah=[Masalah(pesan, berkas=nama, baris=baris, kode=kode)],
    )


def dekode_teks(isi: bytes, nama: str) -> str:
    """UTF-8 text of a configuration file; other encodings are refused with a named reason."""
    if isi.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _galat(
            nama,
            "berkas tersimpan dalam UTF-16; simpan ulang sebagai UTF-8 (di Notepad: Simpan "
            "Sebagai → Pengodean UTF-8)",
            "pengodean_utf16",
        )
    if b"\x00" in isi[:4096]:
        raise _galat(
            nama,
            "berkas memuat byte nol: berkas biner atau UTF-16 tanpa BOM, bukan teks YAML UTF-8",
            "bukan_teks",
        )
    try:
        return isi.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        baris = isi[: e.start].count(b"\n") + 1
        byte = isi[e.start : e.start + 1].hex().upper()
        try:
            isi.decode("cp1252")
            dugaan = " (kemungkinan Windows-1252/ANSI)"
        except UnicodeDecodeError:
            dugaan = ""
        raise _galat(
            nama,
            f"berkas bukan UTF-8{dugaan}: byte 0x{byte} tidak sah; simpan ulang sebagai UTF-8",
            "pengodean_bukan_utf8",
            baris,
        ) from None


class _Pemuat(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (explicit keys; merge keys keep YAML's rules)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        dilihat: dict[Any, int] = {}
        for kunci_node, _ in node.value:
            if kunci_node.tag == "tag:yaml.org,2002:merge":
                continue
            kunci = self.construct_object(kunci_node, deep=True)
            try:
                if kunci in dilihat:
                    raise _KunciGanda(str(kunci), dilihat[kunci], kunci_node.start_mark.line + 1)
            except TypeError:  # unhashable key: the base class reports it
                continue
            dilihat[kunci] = kunci_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


@dataclass
class _KunciGanda(Exception):
    kunci: str
    baris_pertama: int
    baris: int


def _periksa_ukuran(akar: yaml.Node, nama: str) -> None:
    """Bound the expanded size and depth of a composed document (aliases share nodes)."""
    ukuran: dict[int, int] = {}
    sedang: set[int] = set()

    def hitung(node: yaml.Node, dalam: int) -> int:
        kunci = id(node)
        if kunci in ukuran:
            return ukuran[kunci]
        if kunci in sedang:
            raise _galat(
                nama,
                "alias merujuk dirinya sendiri (struktur rekursif)",
                "yaml_rekursif",
                node.start_mark.line + 1,
            )
        if dalam > BATAS_KEDALAMAN:
            raise _galat(
                nama,
                f"struktur bersarang lebih dari {BATAS_KEDALAMAN} tingkat",
                "yaml_terlalu_dalam",
                node.start_mark.line + 1,
            )
        sedang.add(kunci)
        n = 1
        if isinstance(node, yaml.SequenceNode):
            n += sum(hitung(c, dalam + 1) for c in node.value)
        elif isinstance(node, yaml.MappingNode):
            n += sum(hitung(k, dalam + 1) + hitung(v, dalam + 1) for k, v in node.value)
        sedang.discard(kunci)
        if n > BATAS_SIMPUL:
            raise _galat(
                nama,
                f"isi terlalu besar setelah alias (&/*) dijabarkan: lebih dari {BATAS_SIMPUL:,} "
                "unsur".replace(",", "."),
                "yaml_alias_berlebihan",
                node.start_mark.line + 1,
            )
        ukuran[kunci] = n
        return n

    hitung(akar, 0)


def peta_baris(akar: yaml.Node | None) -> dict[str, int]:
    """Key path → 1-based line number, from the composed node tree."""
    peta: dict[str, int] = {}

    def jalan(node: yaml.Node, jalur: str) -> None:
        peta.setdefault(jalur or "(akar)", node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for kn, vn in node.value:
                j = f"{jalur}.{kn.value}" if jalur else str(kn.value)
                jalan(vn, j)
                peta[j] = kn.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, vn in enumerate(node.value):
                jalan(vn, f"{jalur}[{i}]")

    if akar is not None:
        try:
            jalan(akar, "")
        except RecursionError:  # pragma: no cover - bounded by _periksa_ukuran
            pass
    return peta


def baris_kunci(jalur: str, peta: dict[str, int]) -> int | None:
    """Line of a key path, walking up to the nearest parent that has one."""
    j = jalur
    while j:
        if j in peta:
            return peta[j]
        m = re.match(r"^(.*)(\[\d+\]|\.[^.\[]+)$", j)
        if not m:
            break
        j = m.group(1)
    return peta.get("(akar)")


@dataclass
class DokumenYaml:
    """A parsed configuration file: its data, its name for messages and key-path lines."""

    data: Any
    nama: str
    peta: dict[str, int] = field(default_factory=dict)
    path: Path | None = None

    def baris(self, jalur: str) -> int | None:
        return baris_kunci(jalur, self.peta)

    def masalah(self, jalur: str, pesan: str, kode: str, tingkat: str = "galat") -> Masalah:
        """A problem at a key path, with this file's name and the key's line."""
        return Masalah(
            f"{jalur}: {pesan}" if jalur else pesan,
            berkas=self.nama or None,
            baris=self.baris(jalur),
            kode=kode,
            tingkat=tingkat,
        )


def urai_yaml(teks: str, nama: str) -> DokumenYaml:
    """Parse YAML text safely (see the module docstring); empty text gives ``data = None``."""
    pemuat = _Pemuat(teks)
    try:
        try:
            akar = pemuat.get_single_node()
        except RecursionError:
            raise _galat(
                nama,
                f"struktur bersarang terlalu dalam (lebih dari {BATAS_KEDALAMAN} tingkat)",
                "yaml_terlalu_dalam",
            ) from None
        except yaml.YAMLError as e:
            tanda = getattr(e, "problem_mark", None)
            masalah = getattr(e, "problem", None) or str(e)
            raise _galat(
                nama,
                f"YAML tidak sah: {masalah}",
                "yaml_tidak_sah",
                tanda.line + 1 if tanda is not None else None,
            ) from None
        if akar is None:
            return DokumenYaml(None, nama)
        _periksa_ukuran(akar, nama)
        try:
            data = pemuat.construct_document(akar)
        except _KunciGanda as e:
            raise _galat(
                nama,
                f"kunci '{e.kunci}' ditulis dua kali (baris {e.baris_pertama} dan {e.baris}); "
                "hapus salah satunya",
                "kunci_ganda",
                e.baris,
            ) from None
        except yaml.YAMLError as e:
            tanda = getattr(e, "problem_mark", None)
            raise _galat(
                nama,
                f"YAML tidak sah: {getattr(e, 'problem', None) or e}",
                "yaml_tidak_sah",
                tanda.line + 1 if tanda is not None else None,
            ) from None
        return DokumenYaml(data, nama, peta_baris(akar))
    finally:
        pemuat.dispose()


def baca_yaml(path: str | os.PathLike[str], nama: str | None = None) -> DokumenYaml:
    """Read and parse a configuration file (every problem as :class:`GalatValidasi`)."""
    p = Path(path)
    nama = nama or p.name
    try:
        if p.stat().st_size > BATAS_UKURAN:
            raise _galat(
                nama,
                f"berkas terlalu besar untuk berkas konfigurasi (> {BATAS_UKURAN // 1024 // 1024} MB)",
                "berkas_terlalu_besar",
            )
        isi = p.read_bytes()
    except FileNotFoundError:
        raise GalatAnalisis(f"Berkas konfigurasi tidak ditemukan: {nama}", 3) from None
    except IsADirectoryError:
        raise GalatAnalisis(f"'{nama}' adalah folder, bukan berkas konfigurasi.", 3) from None
    except OSError as e:
        raise GalatAnalisis(
            f"Berkas konfigurasi {nama} tidak dapat dibaca: {e.strerror}.", 3
        ) from None
    dok = urai_yaml(dekode_teks(isi, nama), nama)
    dok.path = p
    return dok


def validasi(
    dok: DokumenYaml,
    model: type[M],
    *,
    judul: str,
    periksa: Callable[[M], list[tuple[str, str, str]]] | None = None,
) -> M:
    """``dok.data`` as ``model``; every problem (shape, then meaning via ``periksa``) raised
    together as one :class:`GalatValidasi` titled ``judul`` (``{n}`` in it becomes the number of
    problems), with key paths and lines.

    ``periksa`` returns ``(key path, Indonesian message, code)`` tuples.
    """

    def galat(masalah: list[Masalah]) -> GalatValidasi:
        return GalatValidasi(judul.replace("{n}", str(len(masalah))), masalah=masalah)

    if not isinstance(dok.data, dict):
        raise galat(
            [
                dok.masalah(
                    "",
                    "berkas kosong atau bukan pemetaan kunci: nilai"
                    if dok.data is None
                    else "isi berkas harus berupa pemetaan kunci: nilai",
                    "struktur_tidak_sah",
                )
            ]
        )
    try:
        hasil = model.model_validate(dok.data)
    except ValidationError as e:
        masalah = [
            dok.masalah(
                jalur_kunci(err["loc"]), pesan_pydantic(dict(err), model), "struktur_tidak_sah"
            )
            for err in e.errors()
        ]
        raise galat(masalah) from None
    if periksa is not None:
        daftar = periksa(hasil)
        if daftar:
            raise galat([dok.masalah(jalur, pesan, kode) for jalur, pesan, kode in daftar])
    return hasil


def muat_model(
    path: str | os.PathLike[str],
    model: type[M],
    *,
    judul: str,
    periksa: Callable[[M], list[tuple[str, str, str]]] | None = None,
) -> M:
    """Read, parse and validate a configuration file, cached per file version.

    The cache key is (path, size, modification time, model), so an edited file is read again;
    returned models are shared and must be treated as read-only (they are frozen where it
    matters).
    """
    p = Path(path).resolve()
    try:
        st = p.stat()
        tanda = (st.st_size, st.st_mtime_ns)
    except OSError:
        tanda = (-1, -1)
    return _muat_model_cache(str(p), tanda, model, judul, periksa)


@lru_cache(maxsize=64)
def _muat_model_cache(
    path: str, tanda: tuple[int, int], model: type[M], judul: str, periksa: Any
) -> M:
    del tanda
    return validasi(baca_yaml(path), model, judul=judul, periksa=periksa)
