"""Reading and validating a filled budget workbook (XLSX) or its CSV tables.

:func:`baca_anggaran` collects **every** problem of the input first and raises one
:class:`~analisis.galat.GalatValidasi` when any of them blocks use; warnings alone do not block
and are returned in :attr:`DataAnggaran.peringatan`. Every problem names the file, the sheet
(XLSX), the row as seen in Excel (header = row 1) and the column header as written in the file.

Errors (``tingkat="galat"``; ``kode`` in parentheses):

* unreadable or unknown file (``berkas_tidak_ada``, ``berkas_tidak_terbaca``,
  ``berkas_tidak_dikenal``); missing sheet or required column (``lembar_hilang``,
  ``kolom_hilang``; ``judul_bukan_baris_1`` when the header sits lower), duplicated column
  (``kolom_ganda``), money column in a unit other than whole Rupiah (``satuan_salah``);
* empty required cell (``isian_kosong``); an amount that is not an unambiguous number
  (``angka_tidak_sah``, see :mod:`analisis.anggaran.angka`); negative pagu/realisasi/target
  (``nilai_negatif``); target 0 (``target_nol``); a code stored as a decimal number
  (``kode_berupa_angka``); a formula without a stored value (``rumus_tanpa_nilai``);
* unknown cluster or tagging, with the closest suggestion (``klaster_tidak_dikenal``,
  ``penandaan_tidak_dikenal``); unknown region or year out of range (``wilayah_tidak_dikenal``,
  ``tahun_tidak_sah``); region/year other than the expected one (``wilayah_tidak_sesuai``,
  ``tahun_tidak_sesuai``);
* the same sub-kegiatan code twice for one OPD and year with different amounts
  (``subkegiatan_ganda``); Ringkasan rows for one region and year that disagree
  (``ringkasan_ganda``);
* totals that do not add up: the poverty budget (sum of pagu, or of realisasi) above total
  regional spending (``melebihi_belanja_daerah``); a stated ``JUMLAH`` row that differs from the
  sum of the rows by more than Rp1 (``total_tidak_cocok``), or that cannot be attributed to one
  region and year (``total_tanpa_kunci``); no data rows (``tanpa_data``).

Warnings (``tingkat="peringatan"``): realisasi above pagu (``realisasi_melebihi_pagu``, one per
row), identical duplicate rows (``baris_ganda_identik``), codes that do not nest
program ⊃ kegiatan ⊃ sub-kegiatan (``kode_tidak_berjenjang``), cluster filled from the code
mapping (``klaster_dari_pemetaan``), unknown columns (``kolom_tidak_dikenal``), a region/year
without Ringkasan (``ringkasan_hilang``, ``ringkasan_tidak_ada``) or a Ringkasan row without
budget rows (``ringkasan_tanpa_anggaran``), identical Ringkasan duplicates
(``ringkasan_ganda_identik``), implausibly small total spending (``belanja_daerah_kecil``),
realised total spending above its budget (``realisasi_melebihi_pagu`` on the Ringkasan), a name
that does not match the code (``nama_wilayah_berbeda``), RAT rows not linked to a budget row
(``rat_tanpa_anggaran``), CSV read as Windows-1252 (``enkode_bukan_utf8``).

Decisions: an empty realisasi cell means "not yet reported" (not zero); an empty penandaan
cell means "tidak ditandai"; ``Kode wilayah`` and ``Tahun`` may be left empty when the Ringkasan
holds exactly one region / one year (they are taken from there).
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import zipfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analisis.anggaran._umum import (
    BELANJA_DAERAH_MIN_WAJAR,
    TOLERANSI_RP,
    pencocok_wilayah,
    periksa_tahun,
    periksa_wilayah,
)
from analisis.anggaran.angka import GalatAngka, HasilAngka, cek_konsistensi_kolom, urai_angka
from analisis.anggaran.kolom import (
    KOLOM_ANGGARAN,
    KOLOM_RAT,
    KOLOM_RINGKASAN,
    LABEL_TOTAL,
    LEMBAR_ANGGARAN,
    LEMBAR_RAT,
    LEMBAR_RINGKASAN,
    Kolom,
    peta_judul,
    pisah_judul,
    satuan_sah,
)
from analisis.anggaran.konfigurasi import (
    TANPA_PENANDAAN,
    KonfigurasiAnggaran,
    muat_konfigurasi,
    normalisasi_label,
)
from analisis.data.wilayah import muat_wilayah
from analisis.galat import GalatValidasi, Lokasi, Masalah, hanya_galat
from analisis.laporan.format import rupiah

KOLOM_DATA_ANGGARAN = [k.kunci for k in KOLOM_ANGGARAN] + ["berkas", "lembar", "baris"]
KOLOM_DATA_RINGKASAN = [k.kunci for k in KOLOM_RINGKASAN] + ["berkas", "lembar", "baris"]
KOLOM_DATA_RAT = [k.kunci for k in KOLOM_RAT] + ["berkas", "lembar", "baris"]

_JENIS_ANGKA = ("rupiah", "angka")


@dataclass
class DataAnggaran:
    """A validated budget input.

    Attributes:
        anggaran: one row per sub-kegiatan; columns ``kode_wilayah``, ``tahun`` (int),
            ``opd``, ``kode_program``, ``nama_program``, ``kode_kegiatan``, ``nama_kegiatan``,
            ``kode_subkegiatan``, ``nama_subkegiatan``, ``klaster`` (cluster code),
            ``pagu`` and ``realisasi`` (float Rp; realisasi NaN = not reported),
            ``penandaan`` (tagging code or ``tidak_ditandai``), ``keterangan``, and the source
            location ``berkas``, ``lembar``, ``baris``.
        ringkasan: one row per region and year: ``kode_wilayah``, ``nama_wilayah`` (official
            name), ``tahun``, ``belanja_daerah`` and ``realisasi_belanja_daerah`` (float Rp,
            NaN when not given), ``keterangan`` and source location.
        rat: annual action plan rows: ``kode_wilayah``, ``tahun``, ``opd``,
            ``kode_subkegiatan``, ``kegiatan``, ``indikator``, ``satuan``, ``target``,
            ``capaian`` (float; NaN = not reported), ``keterangan`` and source location.
        peringatan: warnings (nothing blocking).
        berkas: names of the files read.
        contoh: True when the rows carry the "CONTOH — data fiktif" marker.
        konfigurasi: the cluster/tagging taxonomy used.
    """

    anggaran: pd.DataFrame
    ringkasan: pd.DataFrame
    rat: pd.DataFrame
    peringatan: list[Masalah] = field(default_factory=list)
    berkas: list[str] = field(default_factory=list)
    contoh: bool = False
    konfigurasi: KonfigurasiAnggaran = field(default_factory=muat_konfigurasi)

    @property
    def wilayah(self) -> list[str]:
        """Region codes present in the budget rows, sorted."""
        return sorted(self.anggaran["kode_wilayah"].unique().tolist())

    @property
    def tahun(self) -> list[int]:
        """Years present in the budget rows, sorted."""
        return sorted(int(t) for t in self.anggaran["tahun"].unique())


# =========================================================================== raw tables
@dataclass
class _Tabel:
    berkas: str
    lembar: str | None
    judul: list[Any]
    baris: list[tuple[int, list[Any]]]
    cari_rumus: Callable[[int, int], str | None] | None = None


def _kosong(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _bersih(v: Any) -> Any:
    if isinstance(v, str):
        v = v.replace("\u00a0", " ").strip()
        return v or None
    return v


def _baca_xlsx(path: Path, masalah: list[Masalah]) -> dict[str, _Tabel]:
    from openpyxl import load_workbook

    nama = path.name
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        masalah.append(
            Masalah(
                f"bukan berkas XLSX yang dapat dibaca ({type(e).__name__}: {e})",
                berkas=nama,
                kode="berkas_tidak_terbaca",
            )
        )
        return {}
    rumus_wb: dict[str, Any] = {}

    def pencari(judul_lembar: str) -> Callable[[int, int], str | None]:
        def cari(baris: int, kolom: int) -> str | None:
            if "wb" not in rumus_wb:
                rumus_wb["wb"] = load_workbook(path, read_only=False, data_only=False)
            v = rumus_wb["wb"][judul_lembar].cell(row=baris, column=kolom + 1).value
            return v if isinstance(v, str) and v.startswith("=") else None

        return cari

    hasil: dict[str, _Tabel] = {}
    try:
        peta = {normalisasi_label(n): n for n in wb.sheetnames}
        for lembar in (LEMBAR_ANGGARAN, LEMBAR_RINGKASAN, LEMBAR_RAT):
            asli = peta.get(normalisasi_label(lembar))
            if asli is None:
                continue
            baris_semua = [list(r) for r in wb[asli].iter_rows(values_only=True)]
            judul = baris_semua[0] if baris_semua else []
            isi = [(i, r) for i, r in enumerate(baris_semua[1:], start=2)]
            hasil[lembar] = _Tabel(nama, asli, list(judul), isi, pencari(asli))
    finally:
        wb.close()
    if LEMBAR_ANGGARAN not in hasil:
        masalah.append(
            Masalah(
                f"lembar '{LEMBAR_ANGGARAN}' tidak ada; lembar yang ada: {', '.join(wb.sheetnames)}",
                berkas=nama,
                kode="lembar_hilang",
            )
        )
    return hasil


def _baca_csv(path: Path, masalah: list[Masalah]) -> _Tabel | None:
    nama = path.name
    try:
        mentah = path.read_bytes()
    except OSError as e:
        masalah.append(
            Masalah(
                f"berkas tidak dapat dibuka ({e.strerror})",
                berkas=nama,
                kode="berkas_tidak_terbaca",
            )
        )
        return None
    try:
        teks = mentah.decode("utf-8-sig")
    except UnicodeDecodeError:
        teks = mentah.decode("cp1252", errors="replace")
        masalah.append(
            Masalah(
                "berkas bukan UTF-8; dibaca sebagai Windows-1252. Periksa huruf "
                "khusus; simpan sebagai 'CSV UTF-8' bila bisa.",
                berkas=nama,
                kode="enkode_bukan_utf8",
                tingkat="peringatan",
            )
        )
    baris_pertama = teks.split("\n", 1)[0]
    pemisah = max([";", ",", "\t"], key=baris_pertama.count)
    if baris_pertama.count(pemisah) == 0:
        pemisah = ";"
    rekaman = list(csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah))
    if not rekaman:
        return _Tabel(nama, None, [], [])
    isi = [(i, list(r)) for i, r in enumerate(rekaman[1:], start=2)]
    return _Tabel(nama, None, list(rekaman[0]), isi)


def _pendamping(path: Path, tabel: str) -> Path | None:
    """``contoh_anggaran_6303.csv`` → ``contoh_ringkasan_6303.csv`` (if it exists)."""
    nama = path.name
    i = nama.lower().rfind("anggaran")
    if i < 0:
        return None
    calon = path.with_name(nama[:i] + tabel + nama[i + len("anggaran") :])
    return calon if calon.is_file() else None


# =========================================================================== column map
@dataclass
class _Peta:
    indeks: dict[str, int]
    judul: dict[str, str]

    def ada(self, kunci: str) -> bool:
        return kunci in self.indeks


def _judul_mirip(kolom: Kolom, judul: list[str]) -> str | None:
    """The unknown header most like a missing column (contains its name, or ≥ 0.6 similar)."""
    label = [pisah_judul(x)[0] for x in (kolom.judul, kolom.kunci, *kolom.alias)]
    terbaik, skor_terbaik = None, 0.6
    for t in judul:
        dasar = pisah_judul(t)[0]
        if not dasar:
            continue
        skor = max(
            0.9 if (x in dasar or dasar in x) else difflib.SequenceMatcher(None, x, dasar).ratio()
            for x in label
        )
        if skor >= skor_terbaik:
            terbaik, skor_terbaik = t, skor
    return terbaik


def _petakan(tabel: _Tabel, spesifikasi: Sequence[Kolom], masalah: list[Masalah]) -> _Peta:
    peta = peta_judul(tuple(spesifikasi))
    indeks: dict[str, int] = {}
    judul: dict[str, str] = {k.kunci: k.judul for k in spesifikasi}
    tak_dikenal: list[tuple[int, str]] = []
    lokasi: Lokasi = {"berkas": tabel.berkas, "lembar": tabel.lembar, "baris": 1}
    for j, h in enumerate(tabel.judul):
        if _kosong(h):
            continue
        teks = str(h).strip()
        dasar, satuan = pisah_judul(teks)
        k = peta.get(dasar)
        if k is None:
            tak_dikenal.append((j, teks))
            continue
        if k.kunci in indeks:
            masalah.append(
                Masalah(
                    f"kolom '{teks}' muncul dua kali (juga '{judul[k.kunci]}'); hapus salah satu",
                    kolom=teks,
                    kode="kolom_ganda",
                    **lokasi,
                )
            )
            continue
        if not satuan_sah(k, satuan):
            masalah.append(
                Masalah(
                    f"satuan '{satuan}' tidak diterima; nilai uang harus dalam rupiah "
                    f"penuh dengan judul '{k.judul}'",
                    kolom=teks,
                    kode="satuan_salah",
                    **lokasi,
                )
            )
        indeks[k.kunci] = j
        judul[k.kunci] = teks
    hilang = [k for k in spesifikasi if k.wajib and k.kunci not in indeks]
    for k in hilang:
        mirip = _judul_mirip(k, [t for _, t in tak_dikenal])
        saran = f"; mungkin kolom '{mirip}' yang dimaksud" if mirip else ""
        masalah.append(
            Masalah(
                f"kolom wajib '{k.judul}' tidak ada{saran}",
                kolom=k.judul,
                kode="kolom_hilang",
                **lokasi,
            )
        )
    if hilang and len(hilang) >= len([k for k in spesifikasi if k.wajib]) // 2:
        # Perhaps a title row sits above the header.
        for nomor, isi in tabel.baris[:10]:
            cocok = sum(1 for v in isi if not _kosong(v) and pisah_judul(v)[0] in peta)
            if cocok >= 3:
                masalah.append(
                    Masalah(
                        f"judul kolom tampaknya ada di baris {nomor}; judul kolom "
                        "harus di baris 1 (hapus baris di atasnya)",
                        kode="judul_bukan_baris_1",
                        **lokasi,
                    )
                )
                break
    for _, teks in tak_dikenal:
        masalah.append(
            Masalah(
                f"kolom '{teks}' tidak dikenal dan diabaikan",
                kolom=teks,
                kode="kolom_tidak_dikenal",
                tingkat="peringatan",
                **lokasi,
            )
        )
    return _Peta(indeks, judul)


# =========================================================================== row reader
class _Pembaca:
    """Turns the raw rows of one table into dicts of raw cells, with a problem factory."""

    def __init__(self, tabel: _Tabel, spesifikasi: Sequence[Kolom], masalah: list[Masalah]):
        self.tabel = tabel
        self.spes = {k.kunci: k for k in spesifikasi}
        self.masalah = masalah
        self.peta = _petakan(tabel, spesifikasi, masalah)
        self.baris: list[tuple[int, dict[str, Any]]] = []
        for nomor, isi in tabel.baris:
            sel = {}
            for kunci, j in self.peta.indeks.items():
                sel[kunci] = _bersih(isi[j]) if j < len(isi) else None
            self.baris.append((nomor, sel))
        self.angka: dict[tuple[int, str], HasilAngka | None] = {}

    def m(
        self, pesan: str, baris: int | None, kunci: str | None, kode: str, tingkat: str = "galat"
    ) -> None:
        self.masalah.append(
            Masalah(
                pesan,
                berkas=self.tabel.berkas,
                lembar=self.tabel.lembar,
                baris=baris,
                kolom=self.peta.judul.get(kunci) if kunci else None,
                kode=kode,
                tingkat=tingkat,
            )
        )

    def urai_angka_kolom(self, nomor_dipakai: set[int]) -> None:
        """Parse every numeric cell of the used rows, then apply the per-column ambiguity rule."""
        for kunci, k in self.spes.items():
            if k.jenis not in _JENIS_ANGKA or not self.peta.ada(kunci):
                continue
            bentuk, posisi = [], []
            for nomor, sel in self.baris:
                if nomor not in nomor_dipakai:
                    continue
                try:
                    h = urai_angka(sel[kunci])
                except GalatAngka as e:
                    self.m(str(e), nomor, kunci, "angka_tidak_sah")
                    self.angka[(nomor, kunci)] = None
                    continue
                self.angka[(nomor, kunci)] = h
                bentuk.append(h.bentuk)
                posisi.append((nomor, h))
            for i, alasan in cek_konsistensi_kolom(bentuk):
                nomor, h = posisi[i]
                self.m(f"'{h.teks}' {alasan}", nomor, kunci, "angka_tidak_sah")
                self.angka[(nomor, kunci)] = None

    def nilai(self, nomor: int, kunci: str) -> float | None | bool:
        """Parsed number; ``None`` for empty; ``False`` when the cell was invalid (already reported)."""
        if not self.peta.ada(kunci):
            return None
        h = self.angka.get((nomor, kunci))
        if h is None:
            return False
        return h.nilai

    def cek_rumus(self, nomor: int, kunci: str) -> bool:
        """Report a formula without a cached value in an empty cell; True if found."""
        if self.tabel.cari_rumus is None or not self.peta.ada(kunci):
            return False
        rumus = self.tabel.cari_rumus(nomor, self.peta.indeks[kunci])
        if rumus:
            self.m(
                f"sel berisi rumus {rumus} tanpa nilai tersimpan; buka dan simpan ulang berkas "
                "di Excel/LibreOffice, atau ketik nilainya",
                nomor,
                kunci,
                "rumus_tanpa_nilai",
            )
            return True
        return False

    def teks(self, sel: dict[str, Any], kunci: str) -> str:
        v = sel.get(kunci)
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v).strip()

    def kode(self, nomor: int, sel: dict[str, Any], kunci: str) -> str:
        v = sel.get(kunci)
        if isinstance(v, float) and not v.is_integer():
            self.m(
                f"kode tersimpan sebagai angka ({v}) sehingga titik/nol bisa hilang; format kolom "
                "sebagai teks lalu ketik ulang kodenya",
                nomor,
                kunci,
                "kode_berupa_angka",
            )
        return self.teks(sel, kunci)


def _wajib_teks(p: _Pembaca, nomor: int, sel: dict[str, Any], kunci: str) -> str:
    t = p.teks(sel, kunci)
    if not t and p.peta.ada(kunci):
        p.m(f"'{p.peta.judul[kunci]}' wajib diisi", nomor, kunci, "isian_kosong")
    return t


def _wilayah_tahun(
    p: _Pembaca,
    nomor: int,
    sel: dict[str, Any],
    bawaan_w: str | None,
    bawaan_t: int | None,
    harap_w: str | None,
    harap_t: int | None,
) -> tuple[str | None, int | None]:
    kode: str | None = None
    v = sel.get("kode_wilayah")
    if _kosong(v):
        if bawaan_w is not None:
            kode = bawaan_w
        elif p.peta.ada("kode_wilayah") or not p.spes["kode_wilayah"].wajib:
            p.m(
                "kode wilayah kosong dan tidak dapat diambil dari lembar Ringkasan (Ringkasan tidak "
                "berisi tepat satu wilayah); isi kode BPS, mis. 6303",
                nomor,
                "kode_wilayah",
                "isian_kosong",
            )
    else:
        kode, pesan = periksa_wilayah(v)
        if kode is None:
            p.m(str(pesan), nomor, "kode_wilayah", "wilayah_tidak_dikenal")
        elif harap_w is not None and kode != harap_w:
            p.m(
                f"wilayah {kode} tidak sesuai; berkas ini diharapkan untuk wilayah {harap_w}",
                nomor,
                "kode_wilayah",
                "wilayah_tidak_sesuai",
            )
    tahun: int | None = None
    v = sel.get("tahun")
    if _kosong(v) and bawaan_t is not None:
        tahun = bawaan_t
    elif _kosong(v) and p.peta.ada("tahun"):
        p.m(
            "tahun kosong dan tidak dapat diambil dari lembar Ringkasan (Ringkasan tidak berisi "
            "tepat satu tahun)",
            nomor,
            "tahun",
            "isian_kosong",
        )
    else:
        tahun, pesan = periksa_tahun(v)
        if tahun is None:
            p.m(str(pesan), nomor, "tahun", "tahun_tidak_sah")
        elif harap_t is not None and tahun != harap_t:
            p.m(
                f"tahun {tahun} tidak sesuai; berkas ini diharapkan untuk tahun {harap_t}",
                nomor,
                "tahun",
                "tahun_tidak_sesuai",
            )
    return kode, tahun


def _baris_terisi(sel: dict[str, Any], abaikan: Sequence[str]) -> bool:
    return any(not _kosong(v) for k, v in sel.items() if k not in abaikan)


def _contoh(sel: dict[str, Any]) -> bool:
    """The example marker ("CONTOH — data fiktif ...") in the Keterangan cell."""
    teks = normalisasi_label(sel.get("keterangan"))
    return teks.startswith("contoh") and "fiktif" in teks


# =========================================================================== Ringkasan
def _proses_ringkasan(
    p: _Pembaca, harap_w: str | None, harap_t: int | None
) -> tuple[list[dict], bool]:
    dipakai = {n for n, sel in p.baris if _baris_terisi(sel, ("keterangan",))}
    p.urai_angka_kolom(dipakai)
    hasil: list[dict] = []
    contoh = False
    w = muat_wilayah()
    pencocok = pencocok_wilayah()
    for nomor, sel in p.baris:
        if nomor not in dipakai:
            continue
        contoh |= _contoh(sel)
        kode, tahun = _wilayah_tahun(p, nomor, sel, None, None, harap_w, harap_t)
        if kode is not None and p.peta.ada("nama_wilayah") and not _kosong(sel.get("nama_wilayah")):
            nama = str(sel["nama_wilayah"])
            resmi = str(w.at[kode, "wilayah"])
            if pencocok.cocokkan(nama).kode != kode:
                p.m(
                    f"nama wilayah '{nama}' tidak cocok dengan kode {kode} ({resmi}); kode yang dipakai",
                    nomor,
                    "nama_wilayah",
                    "nama_wilayah_berbeda",
                    "peringatan",
                )
        belanja = p.nilai(nomor, "belanja_daerah")
        if belanja is None:
            if not p.cek_rumus(nomor, "belanja_daerah") and p.peta.ada("belanja_daerah"):
                p.m(
                    "total belanja daerah wajib diisi (rupiah penuh)",
                    nomor,
                    "belanja_daerah",
                    "isian_kosong",
                )
        elif belanja is not False:
            if belanja <= 0:
                p.m(
                    f"total belanja daerah harus lebih dari nol, bukan {rupiah(belanja)}",
                    nomor,
                    "belanja_daerah",
                    "nilai_negatif",
                )
                belanja = False
            elif belanja < BELANJA_DAERAH_MIN_WAJAR:
                p.m(
                    f"total belanja daerah {rupiah(belanja)} sangat kecil untuk APBD; apakah diisi "
                    "dalam ribu atau juta rupiah? Isi dalam rupiah penuh",
                    nomor,
                    "belanja_daerah",
                    "belanja_daerah_kecil",
                    "peringatan",
                )
        real = p.nilai(nomor, "realisasi_belanja_daerah")
        if real is None:
            p.cek_rumus(nomor, "realisasi_belanja_daerah")
        elif real is not False and real < 0:
            p.m(
                f"realisasi belanja daerah tidak boleh negatif ({rupiah(real)})",
                nomor,
                "realisasi_belanja_daerah",
                "nilai_negatif",
            )
            real = False
        elif real is not False and belanja not in (None, False) and real > belanja:
            p.m(
                f"realisasi belanja daerah {rupiah(real)} melebihi pagu belanja daerah "
                f"{rupiah(belanja)}",
                nomor,
                "realisasi_belanja_daerah",
                "realisasi_melebihi_pagu",
                "peringatan",
            )
        hasil.append(
            {
                "kode_wilayah": kode,
                "tahun": tahun,
                "nama_wilayah": str(w.at[kode, "wilayah"]) if kode else "",
                "belanja_daerah": belanja,
                "realisasi_belanja_daerah": real,
                "keterangan": p.teks(sel, "keterangan"),
                "baris": nomor,
            }
        )
    # Duplicates for one region and year.
    kelompok: dict[tuple, list[dict]] = defaultdict(list)
    for r in hasil:
        if r["kode_wilayah"] and r["tahun"]:
            kelompok[(r["kode_wilayah"], r["tahun"])].append(r)
    for (kode, tahun), rs in kelompok.items():
        if len(rs) < 2:
            continue
        nilai = {(r["belanja_daerah"], r["realisasi_belanja_daerah"]) for r in rs}
        daftar_baris = ", ".join(str(r["baris"]) for r in rs)
        if len(nilai) > 1:
            p.m(
                f"wilayah {kode} tahun {tahun} muncul di beberapa baris ({daftar_baris}) dengan nilai "
                "berbeda; sisakan satu baris",
                rs[1]["baris"],
                "belanja_daerah",
                "ringkasan_ganda",
            )
        else:
            p.m(
                f"wilayah {kode} tahun {tahun} tercatat dua kali dengan nilai sama (baris {daftar_baris})",
                rs[1]["baris"],
                "kode_wilayah",
                "ringkasan_ganda_identik",
                "peringatan",
            )
    return hasil, contoh


# =========================================================================== Anggaran
def _adalah_total(sel: dict[str, Any]) -> bool:
    for kunci in ("opd", "kode_subkegiatan", "nama_subkegiatan", "kode_program", "nama_program"):
        if normalisasi_label(sel.get(kunci)) in LABEL_TOTAL:
            return True
    return False


def _proses_anggaran(
    p: _Pembaca,
    konf: KonfigurasiAnggaran,
    bawaan_w: str | None,
    bawaan_t: int | None,
    harap_w: str | None,
    harap_t: int | None,
) -> tuple[list[dict], list[tuple[int, dict]], bool]:
    abaikan = ("kode_wilayah", "tahun", "keterangan")
    dipakai = {n for n, sel in p.baris if _baris_terisi(sel, abaikan)}
    p.urai_angka_kolom(dipakai)
    hasil: list[dict] = []
    total: list[tuple[int, dict]] = []
    contoh = False
    for nomor, sel in p.baris:
        if nomor not in dipakai:
            continue
        contoh |= _contoh(sel)
        if _adalah_total(sel):
            total.append((nomor, sel))
            continue
        kode_w, tahun = _wilayah_tahun(p, nomor, sel, bawaan_w, bawaan_t, harap_w, harap_t)
        opd = _wajib_teks(p, nomor, sel, "opd")
        kode_prog = p.kode(nomor, sel, "kode_program")
        kode_keg = p.kode(nomor, sel, "kode_kegiatan")
        kode_sub = p.kode(nomor, sel, "kode_subkegiatan")
        if not kode_sub and p.peta.ada("kode_subkegiatan"):
            p.m("kode sub-kegiatan wajib diisi", nomor, "kode_subkegiatan", "isian_kosong")
        nama_sub = _wajib_teks(p, nomor, sel, "nama_subkegiatan")
        if kode_sub and kode_keg and not kode_sub.startswith(kode_keg):
            p.m(
                f"kode sub-kegiatan '{kode_sub}' tidak diawali kode kegiatan '{kode_keg}'",
                nomor,
                "kode_subkegiatan",
                "kode_tidak_berjenjang",
                "peringatan",
            )
        if kode_keg and kode_prog and not kode_keg.startswith(kode_prog):
            p.m(
                f"kode kegiatan '{kode_keg}' tidak diawali kode program '{kode_prog}'",
                nomor,
                "kode_kegiatan",
                "kode_tidak_berjenjang",
                "peringatan",
            )
        # Cluster.
        klaster: str | None = None
        if p.peta.ada("klaster"):
            mentah = sel.get("klaster")
            if _kosong(mentah):
                klaster = konf.klaster_dari_kode_subkegiatan(kode_sub) if kode_sub else None
                if klaster is None:
                    p.m(
                        "klaster wajib diisi; pilihan: " + "; ".join(k.label for k in konf.klaster),
                        nomor,
                        "klaster",
                        "isian_kosong",
                    )
                else:
                    p.m(
                        f"klaster kosong diisi {klaster} dari pemetaan kode sub-kegiatan",
                        nomor,
                        "klaster",
                        "klaster_dari_pemetaan",
                        "peringatan",
                    )
            else:
                klaster = konf.cari_klaster(mentah)
                if klaster is None:
                    saran = konf.saran_klaster(mentah)
                    teks_saran = f"; mungkin maksudnya '{saran[0]}'" if saran else ""
                    p.m(
                        f"klaster '{mentah}' tidak dikenal{teks_saran}. Pilihan: "
                        + "; ".join(k.label for k in konf.klaster),
                        nomor,
                        "klaster",
                        "klaster_tidak_dikenal",
                    )
        # Tagging.
        penandaan: str | None = TANPA_PENANDAAN
        if p.peta.ada("penandaan"):
            mentah = sel.get("penandaan")
            penandaan = konf.cari_penandaan(mentah)
            if penandaan is None:
                saran = konf.saran_penandaan(mentah)
                teks_saran = f"; mungkin maksudnya '{saran[0]}'" if saran else ""
                p.m(
                    f"penandaan '{mentah}' tidak dikenal{teks_saran}. Pilihan: "
                    + ", ".join(konf.label_penandaan),
                    nomor,
                    "penandaan",
                    "penandaan_tidak_dikenal",
                )
        # Amounts.
        pagu = p.nilai(nomor, "pagu")
        if pagu is None:
            if not p.cek_rumus(nomor, "pagu") and p.peta.ada("pagu"):
                p.m("pagu wajib diisi (rupiah penuh)", nomor, "pagu", "isian_kosong")
        elif pagu is not False and pagu < 0:
            p.m(f"pagu tidak boleh negatif ({rupiah(pagu)})", nomor, "pagu", "nilai_negatif")
            pagu = False
        real = p.nilai(nomor, "realisasi")
        if real is None:
            p.cek_rumus(nomor, "realisasi")
        elif real is not False and real < 0:
            p.m(
                f"realisasi tidak boleh negatif ({rupiah(real)})",
                nomor,
                "realisasi",
                "nilai_negatif",
            )
            real = False
        elif real is not False and pagu not in (None, False) and real > pagu + TOLERANSI_RP:
            p.m(
                f"realisasi {rupiah(real)} melebihi pagu {rupiah(pagu)} "
                f"(selisih {rupiah(real - pagu)}); periksa kembali baris {nomor}",
                nomor,
                "realisasi",
                "realisasi_melebihi_pagu",
                "peringatan",
            )
        hasil.append(
            {
                "kode_wilayah": kode_w,
                "tahun": tahun,
                "opd": opd,
                "kode_program": kode_prog,
                "nama_program": p.teks(sel, "nama_program"),
                "kode_kegiatan": kode_keg,
                "nama_kegiatan": p.teks(sel, "nama_kegiatan"),
                "kode_subkegiatan": kode_sub,
                "nama_subkegiatan": nama_sub,
                "klaster": klaster,
                "pagu": pagu,
                "realisasi": real,
                "penandaan": penandaan,
                "keterangan": p.teks(sel, "keterangan"),
                "baris": nomor,
            }
        )
    return hasil, total, contoh


def _cek_ganda(p: _Pembaca, rows: list[dict]) -> None:
    kelompok: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        if r["kode_subkegiatan"] and r["kode_wilayah"] and r["tahun"]:
            kunci = (
                r["kode_wilayah"],
                r["tahun"],
                normalisasi_label(r["opd"]),
                r["kode_subkegiatan"],
            )
            kelompok[kunci].append(r)
    for (kode_w, tahun, _, kode_sub), rs in kelompok.items():
        if len(rs) < 2:
            continue
        nomor = ", ".join(str(r["baris"]) for r in rs)
        nilai = {(r["pagu"], r["realisasi"]) for r in rs}
        if len(nilai) > 1:
            rincian = "; ".join(
                f"baris {r['baris']}: pagu {rupiah(r['pagu']) if r['pagu'] is not False else '?'}"
                for r in rs
            )
            p.m(
                f"sub-kegiatan '{kode_sub}' ({rs[0]['opd']}, {kode_w}, {tahun}) muncul di baris "
                f"{nomor} dengan nilai berbeda ({rincian}); gabungkan menjadi satu baris",
                rs[1]["baris"],
                "kode_subkegiatan",
                "subkegiatan_ganda",
            )
        else:
            p.m(
                f"sub-kegiatan '{kode_sub}' ({rs[0]['opd']}, {kode_w}, {tahun}) tercatat identik di "
                f"baris {nomor} dan akan dihitung dua kali; hapus salah satu",
                rs[1]["baris"],
                "kode_subkegiatan",
                "baris_ganda_identik",
                "peringatan",
            )


def _cek_total(p: _Pembaca, rows: list[dict], total: list[tuple[int, dict]]) -> None:
    if not total:
        return
    wilayah = {r["kode_wilayah"] for r in rows if r["kode_wilayah"]}
    tahun = {r["tahun"] for r in rows if r["tahun"]}
    for nomor, sel in total:
        if _kosong(sel.get("kode_wilayah")):
            kode_w = next(iter(wilayah)) if len(wilayah) == 1 else None
        else:
            kode_w, _ = periksa_wilayah(sel["kode_wilayah"])
        if _kosong(sel.get("tahun")):
            th = next(iter(tahun)) if len(tahun) == 1 else None
        else:
            th, _ = periksa_tahun(sel["tahun"])
        if kode_w is None or th is None:
            p.m(
                "baris JUMLAH harus menyebut kode wilayah dan tahun karena berkas berisi beberapa "
                "wilayah/tahun",
                nomor,
                "tahun" if th is None else "kode_wilayah",
                "total_tanpa_kunci",
            )
            continue
        grup = [r for r in rows if r["kode_wilayah"] == kode_w and r["tahun"] == th]
        for kunci, nama in (("pagu", "pagu"), ("realisasi", "realisasi")):
            tertulis = p.nilai(nomor, kunci)
            if tertulis in (None, False):
                continue
            nilai = [r[kunci] for r in grup]
            if any(v is False for v in nilai):
                continue  # an invalid cell is already reported; the sum would mislead
            jumlah = sum(v for v in nilai if v is not None)
            if abs(jumlah - tertulis) > TOLERANSI_RP:
                p.m(
                    f"baris JUMLAH menulis {nama} {rupiah(tertulis)}, tetapi jumlah {len(grup)} baris "
                    f"{kode_w} tahun {th} adalah {rupiah(jumlah)} (selisih {rupiah(tertulis - jumlah)})",
                    nomor,
                    kunci,
                    "total_tidak_cocok",
                )


# =========================================================================== RAT
def _proses_rat(
    p: _Pembaca,
    bawaan_w: str | None,
    bawaan_t: int | None,
    harap_w: str | None,
    harap_t: int | None,
) -> tuple[list[dict], bool]:
    dipakai = {
        n for n, sel in p.baris if _baris_terisi(sel, ("kode_wilayah", "tahun", "keterangan"))
    }
    p.urai_angka_kolom(dipakai)
    hasil: list[dict] = []
    contoh = False
    for nomor, sel in p.baris:
        if nomor not in dipakai:
            continue
        contoh |= _contoh(sel)
        kode_w, tahun = _wilayah_tahun(p, nomor, sel, bawaan_w, bawaan_t, harap_w, harap_t)
        kegiatan = _wajib_teks(p, nomor, sel, "kegiatan")
        indikator = _wajib_teks(p, nomor, sel, "indikator")
        satuan = _wajib_teks(p, nomor, sel, "satuan")
        target = p.nilai(nomor, "target")
        if target is None:
            if not p.cek_rumus(nomor, "target") and p.peta.ada("target"):
                p.m("target wajib diisi", nomor, "target", "isian_kosong")
        elif target is not False and target < 0:
            p.m("target tidak boleh negatif", nomor, "target", "nilai_negatif")
            target = False
        elif target is not False and target == 0:
            p.m("target nol tidak dapat dipakai menghitung capaian", nomor, "target", "target_nol")
            target = False
        capaian = p.nilai(nomor, "capaian")
        if capaian is None:
            p.cek_rumus(nomor, "capaian")
        elif capaian is not False and capaian < 0:
            p.m("capaian tidak boleh negatif", nomor, "capaian", "nilai_negatif")
            capaian = False
        hasil.append(
            {
                "kode_wilayah": kode_w,
                "tahun": tahun,
                "opd": p.teks(sel, "opd"),
                "kode_subkegiatan": p.kode(nomor, sel, "kode_subkegiatan"),
                "kegiatan": kegiatan,
                "indikator": indikator,
                "satuan": satuan,
                "target": target,
                "capaian": capaian,
                "keterangan": p.teks(sel, "keterangan"),
                "baris": nomor,
            }
        )
    return hasil, contoh


# =========================================================================== main entry
def _tunggal(nilai: list[Any]) -> Any:
    unik = {v for v in nilai if v is not None}
    return next(iter(unik)) if len(unik) == 1 else None


_KOLOM_FLOAT = frozenset(
    {"pagu", "realisasi", "belanja_daerah", "realisasi_belanja_daerah", "target", "capaian"}
)
_KOLOM_INT = frozenset({"tahun", "baris"})


def _kerangka(rows: list[dict], kolom: list[str], berkas: str, lembar: str | None) -> pd.DataFrame:
    """Typed DataFrame: amounts float64 (NaN = empty), year/row int64, everything else str."""
    tetap = {"berkas": berkas, "lembar": lembar or ""}
    data: dict[str, pd.Series] = {}
    for k in kolom:
        if k in tetap:
            nilai: list[Any] = [tetap[k]] * len(rows)
        else:
            nilai = [r.get(k) for r in rows]
        if k in _KOLOM_FLOAT:
            data[k] = pd.Series(
                [math.nan if v is None else float(v) for v in nilai], dtype="float64"
            )
        elif k in _KOLOM_INT:
            data[k] = pd.Series(nilai, dtype="int64")
        else:
            data[k] = pd.Series(["" if v is None else str(v) for v in nilai], dtype="str")
    return pd.DataFrame(data, columns=kolom)


def baca_anggaran(
    berkas: str | Path,
    *,
    ringkasan: str | Path | None = None,
    rat: str | Path | None = None,
    wilayah: str | None = None,
    tahun: int | str | None = None,
    konfigurasi: KonfigurasiAnggaran | None = None,
) -> DataAnggaran:
    """Read and validate a budget workbook (``.xlsx``) or budget table (``.csv``).

    For a CSV, the Ringkasan and RAT tables are separate files: pass them as ``ringkasan`` /
    ``rat``, or let them be found next to ``berkas`` by replacing ``anggaran`` in its name
    (``x_anggaran_6303_2024.csv`` → ``x_ringkasan_6303_2024.csv``, ``x_rat_6303_2024.csv``).
    ``wilayah``/``tahun``, when given, are the expected region and year: other values are
    errors, and empty cells take them as defaults.

    Raises :class:`GalatValidasi` listing every error (and the warnings) when anything blocks use.
    """
    konf = konfigurasi or muat_konfigurasi()
    path = Path(berkas)
    masalah: list[Masalah] = []
    harap_w: str | None = None
    if wilayah is not None:
        harap_w, pesan = periksa_wilayah(wilayah)
        if harap_w is None:
            raise GalatValidasi(
                "Wilayah yang diharapkan tidak sah.",
                masalah=[Masalah(str(pesan), kode="wilayah_tidak_dikenal")],
            )
    harap_t: int | None = None
    if tahun is not None:
        harap_t, pesan = periksa_tahun(tahun)
        if harap_t is None:
            raise GalatValidasi(
                "Tahun yang diharapkan tidak sah.",
                masalah=[Masalah(str(pesan), kode="tahun_tidak_sah")],
            )

    tabel: dict[str, _Tabel | None] = {}
    dibaca = [path.name]
    if not path.is_file():
        raise GalatValidasi(
            "Berkas anggaran tidak ditemukan.",
            masalah=[Masalah("berkas tidak ada", berkas=path.name, kode="berkas_tidak_ada")],
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        tabel.update(_baca_xlsx(path, masalah))
        for nama, tambahan in ((LEMBAR_RINGKASAN, ringkasan), (LEMBAR_RAT, rat)):
            if tambahan is not None:
                t = _baca_csv(Path(tambahan), masalah)
                tabel[nama] = t
                dibaca.append(Path(tambahan).name)
    elif path.suffix.lower() in (".csv", ".txt"):
        tabel[LEMBAR_ANGGARAN] = _baca_csv(path, masalah)
        for nama, tambahan, kata in (
            (LEMBAR_RINGKASAN, ringkasan, "ringkasan"),
            (LEMBAR_RAT, rat, "rat"),
        ):
            p = Path(tambahan) if tambahan is not None else _pendamping(path, kata)
            if p is not None:
                if not p.is_file():
                    masalah.append(
                        Masalah("berkas tidak ada", berkas=p.name, kode="berkas_tidak_ada")
                    )
                    continue
                tabel[nama] = _baca_csv(p, masalah)
                dibaca.append(p.name)
    else:
        raise GalatValidasi(
            "Jenis berkas tidak dikenal.",
            masalah=[
                Masalah(
                    f"akhiran '{path.suffix}' tidak dikenal; gunakan .xlsx atau .csv",
                    berkas=path.name,
                    kode="berkas_tidak_dikenal",
                )
            ],
        )

    contoh = False
    # Ringkasan first: it provides the default region/year.
    ring_rows: list[dict] = []
    t_ring = tabel.get(LEMBAR_RINGKASAN)
    p_ring = None
    if t_ring is not None:
        p_ring = _Pembaca(t_ring, KOLOM_RINGKASAN, masalah)
        ring_rows, c = _proses_ringkasan(p_ring, harap_w, harap_t)
        contoh |= c
    bawaan_w = harap_w or _tunggal([r["kode_wilayah"] for r in ring_rows])
    bawaan_t = harap_t or _tunggal([r["tahun"] for r in ring_rows])

    rows: list[dict] = []
    t_ang = tabel.get(LEMBAR_ANGGARAN)
    p_ang = None
    if t_ang is not None:
        p_ang = _Pembaca(t_ang, KOLOM_ANGGARAN, masalah)
        rows, total, c = _proses_anggaran(p_ang, konf, bawaan_w, bawaan_t, harap_w, harap_t)
        contoh |= c
        if not rows:
            p_ang.m("tidak ada baris anggaran yang terisi", None, None, "tanpa_data")
        _cek_ganda(p_ang, rows)
        _cek_total(p_ang, rows, total)

    rat_rows: list[dict] = []
    t_rat = tabel.get(LEMBAR_RAT)
    if t_rat is not None:
        p_rat = _Pembaca(t_rat, KOLOM_RAT, masalah)
        rat_rows, c = _proses_rat(p_rat, bawaan_w, bawaan_t, harap_w, harap_t)
        contoh |= c
        ada_sub = {(r["kode_wilayah"], r["tahun"], r["kode_subkegiatan"]) for r in rows}
        for r in rat_rows:
            if (
                r["kode_subkegiatan"]
                and (r["kode_wilayah"], r["tahun"], r["kode_subkegiatan"]) not in ada_sub
            ):
                p_rat.m(
                    f"kode sub-kegiatan '{r['kode_subkegiatan']}' tidak ada di lembar Anggaran untuk "
                    f"wilayah {r['kode_wilayah']} tahun {r['tahun']}",
                    r["baris"],
                    "kode_subkegiatan",
                    "rat_tanpa_anggaran",
                    "peringatan",
                )

    # Cross-table checks: totals against total regional spending.
    if t_ang is not None and p_ang is not None:
        ring_per = {(r["kode_wilayah"], r["tahun"]): r for r in ring_rows}
        kelompok: dict[tuple, list[dict]] = defaultdict(list)
        for r in rows:
            if r["kode_wilayah"] and r["tahun"]:
                kelompok[(r["kode_wilayah"], r["tahun"])].append(r)
        for (kode_w, th), rs in sorted(kelompok.items()):
            ring = ring_per.get((kode_w, th))
            if ring is None:
                if t_ring is not None:  # otherwise one warning for the missing table below
                    p_ang.m(
                        f"tidak ada total belanja daerah untuk wilayah {kode_w} tahun {th} "
                        "di tabel Ringkasan; porsi APBD tidak dapat dihitung",
                        None,
                        None,
                        "ringkasan_hilang",
                        "peringatan",
                    )
                continue
            for kunci, kunci_total, nama in (
                ("pagu", "belanja_daerah", "pagu"),
                ("realisasi", "realisasi_belanja_daerah", "realisasi"),
            ):
                batas = ring[kunci_total]
                if batas in (None, False) or any(r[kunci] is False for r in rs):
                    continue
                jumlah = sum(r[kunci] for r in rs if r[kunci] is not None)
                if jumlah > batas + TOLERANSI_RP:
                    assert p_ring is not None
                    p_ring.m(
                        f"jumlah {nama} anggaran kemiskinan {kode_w} tahun {th} "
                        f"({rupiah(jumlah)}, {len(rs)} baris di lembar Anggaran) melebihi "
                        f"{p_ring.peta.judul[kunci_total]} {rupiah(batas)}",
                        ring["baris"],
                        kunci_total,
                        "melebihi_belanja_daerah",
                    )
        if t_ring is None:
            masalah.append(
                Masalah(
                    "tabel Ringkasan (total belanja daerah) tidak ada; porsi APBD dan "
                    "skor penandaan tidak dapat dihitung",
                    berkas=path.name,
                    kode="ringkasan_tidak_ada",
                    tingkat="peringatan",
                )
            )
        elif p_ring is not None:
            for r in ring_rows:
                if (
                    r["kode_wilayah"]
                    and r["tahun"]
                    and (r["kode_wilayah"], r["tahun"]) not in kelompok
                    and rows
                ):
                    p_ring.m(
                        f"wilayah {r['kode_wilayah']} tahun {r['tahun']} tidak punya baris di lembar "
                        "Anggaran",
                        r["baris"],
                        "kode_wilayah",
                        "ringkasan_tanpa_anggaran",
                        "peringatan",
                    )

    urutan = {LEMBAR_ANGGARAN: 0, LEMBAR_RINGKASAN: 1, LEMBAR_RAT: 2}
    masalah.sort(key=lambda m: (m.berkas or "", urutan.get(m.lembar or "", 3), m.baris or 0))
    galat = hanya_galat(masalah)
    if galat:
        n_p = len(masalah) - len(galat)
        raise GalatValidasi(
            f"{path.name}: {len(galat)} galat"
            + (f" dan {n_p} peringatan" if n_p else "")
            + "; berkas belum dapat dipakai. Perbaiki lalu periksa ulang.",
            masalah=masalah,
        )
    lembar_a = t_ang.lembar if t_ang else None
    return DataAnggaran(
        anggaran=_kerangka(
            rows, KOLOM_DATA_ANGGARAN, t_ang.berkas if t_ang else path.name, lembar_a
        ),
        ringkasan=_kerangka(
            ring_rows,
            KOLOM_DATA_RINGKASAN,
            t_ring.berkas if t_ring else "",
            t_ring.lembar if t_ring else None,
        ),
        rat=_kerangka(
            rat_rows, KOLOM_DATA_RAT, t_rat.berkas if t_rat else "", t_rat.lembar if t_rat else None
        ),
        peringatan=masalah,
        berkas=dibaca,
        contoh=contoh,
        konfigurasi=konf,
    )
