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

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analisis.anggaran._umum import periksa_tahun, periksa_wilayah
from analisis.anggaran.kolom import (
    KOLOM_ANGGARAN,
    KOLOM_RAT,
    KOLOM_RINGKASAN,
    LEMBAR_ANGGARAN,
    LEMBAR_RAT,
    LEMBAR_RINGKASAN,
)
from analisis.anggaran.konfigurasi import KonfigurasiAnggaran, muat_konfigurasi
from analisis.anggaran.pembaca import Pembaca
from analisis.anggaran.rat import cek_tautan, proses_rat
from analisis.anggaran.rincian import cek_ganda, cek_total, proses_anggaran
from analisis.anggaran.ringkasan import proses_ringkasan
from analisis.anggaran.silang import cek_silang
from analisis.anggaran.tabel import baca_tabel_anggaran
from analisis.galat import GalatValidasi, Masalah, hanya_galat
from analisis.lembar import Lembar

KOLOM_DATA_ANGGARAN = [k.kunci for k in KOLOM_ANGGARAN] + ["berkas", "lembar", "baris"]
KOLOM_DATA_RINGKASAN = [k.kunci for k in KOLOM_RINGKASAN] + ["berkas", "lembar", "baris"]
KOLOM_DATA_RAT = [k.kunci for k in KOLOM_RAT] + ["berkas", "lembar", "baris"]


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


def _tunggal(nilai: list[Any]) -> Any:
    unik = {v for v in nilai if v is not None}
    return next(iter(unik)) if len(unik) == 1 else None


_KOLOM_FLOAT = frozenset(
    {"pagu", "realisasi", "belanja_daerah", "realisasi_belanja_daerah", "target", "capaian"}
)
_KOLOM_INT = frozenset({"tahun", "baris"})


def _kerangka(
    rows: list[dict], kolom: list[str], lembar: Lembar | None, berkas: str
) -> pd.DataFrame:
    """Typed DataFrame: amounts float64 (NaN = empty), year/row int64, everything else str."""
    tetap = {
        "berkas": lembar.berkas if lembar else berkas,
        "lembar": (lembar.nama if lembar else None) or "",
    }
    data: dict[str, pd.Series] = {}
    for k in kolom:
        nilai: list[Any] = [tetap[k]] * len(rows) if k in tetap else [r.get(k) for r in rows]
        if k in _KOLOM_FLOAT:
            data[k] = pd.Series(
                [math.nan if v is None else float(v) for v in nilai], dtype="float64"
            )
        elif k in _KOLOM_INT:
            data[k] = pd.Series(nilai, dtype="int64")
        else:
            data[k] = pd.Series(["" if v is None else str(v) for v in nilai], dtype="str")
    return pd.DataFrame(data, columns=kolom)


def _harapan(wilayah: str | None, tahun: int | str | None) -> tuple[str | None, int | None]:
    """The expected region and year given by the caller (invalid ones raise)."""
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
    return harap_w, harap_t


def _selesai(masalah: list[Masalah], nama: str) -> None:
    urutan = {LEMBAR_ANGGARAN: 0, LEMBAR_RINGKASAN: 1, LEMBAR_RAT: 2}
    masalah.sort(key=lambda m: (m.berkas or "", urutan.get(m.lembar or "", 3), m.baris or 0))
    galat = hanya_galat(masalah)
    if galat:
        n_p = len(masalah) - len(galat)
        raise GalatValidasi(
            f"{nama}: {len(galat)} galat"
            + (f" dan {n_p} peringatan" if n_p else "")
            + "; berkas belum dapat dipakai. Perbaiki lalu periksa ulang.",
            masalah=masalah,
        )


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
    harap = _harapan(wilayah, tahun)
    if not path.is_file():
        raise GalatValidasi(
            "Berkas anggaran tidak ditemukan.",
            masalah=[Masalah("berkas tidak ada", berkas=path.name, kode="berkas_tidak_ada")],
        )
    masalah: list[Masalah] = []
    tabel, dibaca = baca_tabel_anggaran(path, ringkasan, rat, masalah)
    t_ring, t_ang, t_rat = (tabel.get(n) for n in (LEMBAR_RINGKASAN, LEMBAR_ANGGARAN, LEMBAR_RAT))
    contoh = False
    # Ringkasan first: it provides the default region/year.
    ring_rows: list[dict] = []
    p_ring = Pembaca(t_ring, KOLOM_RINGKASAN, masalah) if t_ring is not None else None
    if p_ring is not None:
        ring_rows, c = proses_ringkasan(p_ring, *harap)
        contoh |= c
    bawaan = (
        harap[0] or _tunggal([r["kode_wilayah"] for r in ring_rows]),
        harap[1] or _tunggal([r["tahun"] for r in ring_rows]),
    )
    rows: list[dict] = []
    if t_ang is not None:
        p_ang = Pembaca(t_ang, KOLOM_ANGGARAN, masalah)
        rows, total, c = proses_anggaran(p_ang, konf, bawaan, harap)
        contoh |= c
        if not rows:
            p_ang.m("tidak ada baris anggaran yang terisi", None, None, "tanpa_data")
        cek_ganda(p_ang, rows)
        cek_total(p_ang, rows, total)
        cek_silang(
            p_ang, p_ring, rows, ring_rows, masalah, path.name, LEMBAR_RINGKASAN not in tabel
        )
    rat_rows: list[dict] = []
    if t_rat is not None:
        p_rat = Pembaca(t_rat, KOLOM_RAT, masalah)
        rat_rows, c = proses_rat(p_rat, bawaan, harap)
        contoh |= c
        if t_ang is not None:  # an unreadable Anggaran table is reported already
            cek_tautan(p_rat, rat_rows, rows)
    _selesai(masalah, path.name)
    return DataAnggaran(
        anggaran=_kerangka(rows, KOLOM_DATA_ANGGARAN, t_ang, path.name),
        ringkasan=_kerangka(ring_rows, KOLOM_DATA_RINGKASAN, t_ring, ""),
        rat=_kerangka(rat_rows, KOLOM_DATA_RAT, t_rat, ""),
        peringatan=masalah,
        berkas=dibaca,
        contoh=contoh,
        konfigurasi=konf,
    )
