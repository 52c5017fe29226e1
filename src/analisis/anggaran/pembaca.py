"""Row reader for one budget table: column map, cells per row, numbers, problems.

The header must be row 1 (a title row above it is reported with the row where the header
seems to be). Columns are recognised after normalisation (case, spaces, punctuation and the
unit in parentheses are ignored) through :func:`analisis.lembar.petakan_kolom`; money columns
in a unit other than whole Rupiah are refused. Every problem names the file, the sheet, the
row as seen in Excel and the column header as written in the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analisis.anggaran._umum import periksa_tahun, periksa_wilayah
from analisis.anggaran.angka import GalatAngka, HasilAngka, cek_konsistensi_kolom, urai_angka
from analisis.anggaran.kolom import Kolom, peta_judul, pisah_judul, satuan_sah
from analisis.anggaran.konfigurasi import normalisasi_label
from analisis.galat import Masalah
from analisis.lembar import (
    Lembar,
    Pengumpul,
    judul_mirip,
    kosong,
    masalah_struktur,
    petakan_kolom,
    teks_sel,
)

_JENIS_ANGKA = ("rupiah", "angka")


class Pembaca:
    """Turns the raw rows of one table into dicts of raw cells, with a problem factory."""

    def __init__(self, lembar: Lembar, spesifikasi: Sequence[Kolom], masalah: list[Masalah]):
        self.lembar = lembar
        self.spes = {k.kunci: k for k in spesifikasi}
        self.p = Pengumpul(lembar.berkas, lembar.nama, masalah)
        self.peta = self._petakan(spesifikasi)
        self.baris: list[tuple[int, dict[str, Any]]] = []
        for r in range(1, lembar.n_baris):
            sel = {kunci: lembar.ambil(r, j) for kunci, j in self.peta.indeks.items()}
            self.baris.append((r + 1, sel))
        self.angka: dict[tuple[int, str], HasilAngka | None] = {}

    # ------------------------------------------------------------------ header
    def _petakan(self, spesifikasi: Sequence[Kolom]):
        kepala = self.lembar.teks_baris(0) if self.lembar.n_baris else []
        peta_teks = peta_judul(tuple(spesifikasi))

        def kenali(teks: str) -> str | None:
            k = peta_teks.get(pisah_judul(teks)[0])
            return k.kunci if k else None

        peta = petakan_kolom(kepala, spesifikasi, kenali)
        lok: dict[str, Any] = {"baris": 1}
        for kunci, _, _, teks in peta.ganda:
            self.p.galat(
                f"kolom '{teks}' muncul dua kali (juga '{peta.judul[kunci]}'); hapus salah satu",
                kolom=teks,
                kode="kolom_ganda",
                token=teks,
                **lok,
            )
        for kunci, j in peta.indeks.items():
            k, (_, satuan) = self.spes[kunci], pisah_judul(kepala[j])
            if not satuan_sah(k, satuan):
                self.p.galat(
                    f"satuan '{satuan}' tidak diterima; nilai uang harus dalam rupiah "
                    f"penuh dengan judul '{k.judul}'",
                    kolom=kepala[j],
                    kode="satuan_salah",
                    token=satuan,
                    **lok,
                )
        asing = [t for _, t in peta.asing]
        for hilang in peta.hilang:
            mirip = judul_mirip(hilang, asing)
            saran = f"; mungkin kolom '{mirip}' yang dimaksud" if mirip else ""
            self.p.galat(
                f"kolom wajib '{hilang.judul}' tidak ada{saran}",
                kolom=hilang.judul,
                kode="kolom_hilang",
                **lok,
            )
        if peta.hilang and len(peta.hilang) >= len([k for k in spesifikasi if k.wajib]) // 2:
            self._cari_judul_lebih_bawah(peta_teks)
        for t in asing:
            self.p.peringatan(
                f"kolom '{t}' tidak dikenal dan diabaikan",
                kolom=t,
                kode="kolom_tidak_dikenal",
                **lok,
            )
        return peta

    def _cari_judul_lebih_bawah(self, peta_teks: dict[str, Kolom]) -> None:
        """Perhaps a title row sits above the header."""
        for r in range(1, min(self.lembar.n_baris, 11)):
            teks = self.lembar.teks_baris(r)
            if sum(1 for t in teks if t and pisah_judul(t)[0] in peta_teks) >= 3:
                self.p.galat(
                    f"judul kolom tampaknya ada di baris {r + 1}; judul kolom harus di baris 1 "
                    "(hapus baris di atasnya)",
                    baris=1,
                    kode="judul_bukan_baris_1",
                )
                return

    # ------------------------------------------------------------------ problems
    def m(
        self, pesan: str, baris: int | None, kunci: str | None, kode: str, tingkat: str = "galat"
    ) -> None:
        kolom = self.peta.judul.get(kunci) if kunci else None
        if tingkat == "galat":
            self.p.galat(pesan, baris=baris, kolom=kolom, kode=kode)
        else:
            self.p.peringatan(pesan, baris=baris, kolom=kolom, kode=kode)

    def periksa_struktur(self, nomor_dipakai: set[int]) -> None:
        """Formulas without values, merged or hidden cells, shifted CSV cells in the used rows."""
        judul = {j: self.peta.judul[k] for k, j in self.peta.indeks.items()}
        self.p.tambah(
            masalah_struktur(
                self.lembar,
                [n - 1 for n in sorted(nomor_dipakai)],
                judul,
                baris_kepala=0,
                nama_kolom=lambda c: judul.get(c, self.lembar.huruf(c)),
            )
        )

    # ------------------------------------------------------------------ cells
    def baris_dipakai(self, abaikan: Sequence[str]) -> set[int]:
        """Rows (Excel numbers) holding something outside ``abaikan``, or a formula."""
        rumus = {r + 1 for (r, c) in self.lembar.rumus if c in self.peta.indeks.values()}
        return {n for n, sel in self.baris if baris_terisi(sel, abaikan) or n in rumus}

    def urai_angka_kolom(self, nomor_dipakai: set[int]) -> None:
        """Parse every numeric cell of the used rows, then apply the per-column ambiguity rule."""
        self.periksa_struktur(nomor_dipakai)
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
                posisi.append(nomor)
            for i, alasan in cek_konsistensi_kolom(bentuk):
                nomor = posisi[i]
                ambigu = self.angka[(nomor, kunci)]
                teks = ambigu.teks if ambigu is not None else ""
                self.m(f"'{teks}' {alasan}", nomor, kunci, "angka_tidak_sah")
                self.angka[(nomor, kunci)] = None

    def nilai(self, nomor: int, kunci: str) -> float | None | bool:
        """Parsed number; ``None`` for empty; ``False`` when the cell was invalid (already reported)."""
        if not self.peta.ada(kunci):
            return None
        h = self.angka.get((nomor, kunci))
        if h is None:
            return False
        return h.nilai

    def ada_rumus(self, nomor: int, kunci: str) -> bool:
        """Whether the cell holds a formula without a stored value (reported by the layer)."""
        return self.peta.ada(kunci) and (nomor - 1, self.peta.indeks[kunci]) in self.lembar.rumus

    def teks(self, sel: dict[str, Any], kunci: str) -> str:
        return teks_sel(sel.get(kunci))

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


# ---------------------------------------------------------------------- row helpers
def wajib_teks(p: Pembaca, nomor: int, sel: dict[str, Any], kunci: str) -> str:
    t = p.teks(sel, kunci)
    if not t and p.peta.ada(kunci):
        p.m(f"'{p.peta.judul[kunci]}' wajib diisi", nomor, kunci, "isian_kosong")
    return t


def baris_terisi(sel: dict[str, Any], abaikan: Sequence[str]) -> bool:
    return any(not kosong(v) for k, v in sel.items() if k not in abaikan)


def bertanda_contoh(sel: dict[str, Any]) -> bool:
    """The example marker ("CONTOH — data fiktif ...") in the Keterangan cell."""
    teks = normalisasi_label(sel.get("keterangan"))
    return teks.startswith("contoh") and "fiktif" in teks


def _wilayah(
    p: Pembaca, nomor: int, sel: dict[str, Any], bawaan: str | None, harap: str | None
) -> str | None:
    v = sel.get("kode_wilayah")
    if kosong(v):
        if bawaan is None and (p.peta.ada("kode_wilayah") or not p.spes["kode_wilayah"].wajib):
            p.m(
                "kode wilayah kosong dan tidak dapat diambil dari lembar Ringkasan (Ringkasan tidak "
                "berisi tepat satu wilayah); isi kode BPS, mis. 6303",
                nomor,
                "kode_wilayah",
                "isian_kosong",
            )
        return bawaan
    kode, pesan = periksa_wilayah(v)
    if kode is None:
        p.m(str(pesan), nomor, "kode_wilayah", "wilayah_tidak_dikenal")
    elif harap is not None and kode != harap:
        p.m(
            f"wilayah {kode} tidak sesuai; berkas ini diharapkan untuk wilayah {harap}",
            nomor,
            "kode_wilayah",
            "wilayah_tidak_sesuai",
        )
    return kode


def _tahun(
    p: Pembaca, nomor: int, sel: dict[str, Any], bawaan: int | None, harap: int | None
) -> int | None:
    v = sel.get("tahun")
    if kosong(v) and bawaan is not None:
        return bawaan
    if kosong(v) and p.peta.ada("tahun"):
        p.m(
            "tahun kosong dan tidak dapat diambil dari lembar Ringkasan (Ringkasan tidak berisi "
            "tepat satu tahun)",
            nomor,
            "tahun",
            "isian_kosong",
        )
        return None
    tahun, pesan = periksa_tahun(v)
    if tahun is None:
        p.m(str(pesan), nomor, "tahun", "tahun_tidak_sah")
    elif harap is not None and tahun != harap:
        p.m(
            f"tahun {tahun} tidak sesuai; berkas ini diharapkan untuk tahun {harap}",
            nomor,
            "tahun",
            "tahun_tidak_sesuai",
        )
    return tahun


def wilayah_tahun(
    p: Pembaca,
    nomor: int,
    sel: dict[str, Any],
    bawaan: tuple[str | None, int | None],
    harap: tuple[str | None, int | None],
) -> tuple[str | None, int | None]:
    """Region code and year of a row: the cell, or the default from the Ringkasan."""
    return (
        _wilayah(p, nomor, sel, bawaan[0], harap[0]),
        _tahun(p, nomor, sel, bawaan[1], harap[1]),
    )
