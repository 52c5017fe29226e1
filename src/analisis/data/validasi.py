"""Validation of candidate tidy rows before they enter the store.

Importers turn any input (tidy CSV, BPS website tables, WebAPI JSON) into a
:class:`Kandidat`: tidy rows plus, for every row, where its value was read (file, sheet,
row, column). :func:`validasi` then checks every row and collects *all* problems:

- unknown region codes (with the closest names), years out of range, unknown indicators,
  units that do not match the catalogue, unknown periods or quality grades;
- impossible values (outside the catalogue range: P0 outside 0–100, negative counts or
  lines, a Gini above 1 …) and FGT consistency P1 ≤ P0 and P2 ≤ P1, checked against the
  data the rows will be merged into;
- duplicate cells: different values for the same cell are an error, identical repeats a
  warning.

Nothing is coerced or dropped silently: every correction an importer made (a placeholder
read as "no value", a unit converted) is listed in :attr:`Kandidat.info`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analisis.data.katalog import KUALITAS, PERIODE, muat_katalog, saran_indikator
from analisis.data.model import KUNCI_SEL, gabung_lapisan
from analisis.data.penyimpanan import KOLOM_TIDY
from analisis.data.wilayah import PencocokWilayah, muat_wilayah
from analisis.galat import Masalah
from analisis.teks import angka_id

TAHUN_MIN = 2000
KOLOM_LOKASI = ["_berkas", "_lembar", "_baris", "_kolom"]


def tahun_maks() -> int:
    """Latest acceptable reference year: the current year (March figures come out mid-year)."""
    return _dt.date.today().year


@dataclass
class Kandidat:
    """Rows read from one input, not yet validated."""

    tabel: pd.DataFrame
    masalah: list[Masalah] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    berkas: str = ""

    @staticmethod
    def kosong(berkas: str = "") -> Kandidat:
        return Kandidat(pd.DataFrame(columns=KOLOM_TIDY + KOLOM_LOKASI), berkas=berkas)


def _lokasi(baris: pd.Series) -> dict:
    def bersih(v):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            return None
        return v

    b = bersih(baris.get("_baris"))
    return {
        "berkas": bersih(baris.get("_berkas")),
        "lembar": bersih(baris.get("_lembar")),
        "baris": int(b) if b is not None else None,
        "kolom": bersih(baris.get("_kolom")),
    }


def validasi(kandidat: Kandidat, dasar: pd.DataFrame | None = None) -> list[Masalah]:
    """All problems of the candidate rows (errors and warnings), in input order.

    ``dasar`` is the tidy table the rows will be layered over; it is used for the FGT
    consistency checks (an imported P1 must not exceed the P0 already in the data).
    """
    t = kandidat.tabel
    masalah: list[Masalah] = []
    if t.empty:
        return masalah
    katalog = muat_katalog()
    wilayah = muat_wilayah()
    pencocok: PencocokWilayah | None = None
    maks = tahun_maks()

    for _, r in t.iterrows():
        lok = _lokasi(r)
        kode = str(r["kode_wilayah"])
        if kode not in wilayah.index:
            pencocok = pencocok or PencocokWilayah()
            saran = pencocok.saran(kode)
            tambahan = f" Mungkin maksud Anda: {', '.join(saran)}." if saran else ""
            masalah.append(
                Masalah(
                    f"kode wilayah '{kode}' tidak dikenal; diharapkan kode BPS 4 digit "
                    f"dari daftar wilayah (mis. 6303 untuk Banjar).{tambahan}",
                    kode="wilayah_tidak_dikenal",
                    **lok,
                )
            )
        tahun = r["tahun"]
        if pd.isna(tahun) or not (TAHUN_MIN <= int(tahun) <= maks):
            masalah.append(
                Masalah(
                    f"tahun {tahun} di luar rentang; diharapkan {TAHUN_MIN}–{maks}.",
                    kode="tahun_di_luar_rentang",
                    **lok,
                )
            )
        ind_kode = str(r["indikator"])
        ind = katalog.get(ind_kode)
        if ind is None:
            saran_ind = saran_indikator(ind_kode)
            tambahan = f" Mungkin maksud Anda: {', '.join(saran_ind)}." if saran_ind else ""
            masalah.append(
                Masalah(
                    f"indikator '{ind_kode}' tidak dikenal; lihat daftar dengan "
                    f"'analisis data indikator'.{tambahan}",
                    kode="indikator_tidak_dikenal",
                    **lok,
                )
            )
        if str(r["periode"]) not in PERIODE:
            masalah.append(
                Masalah(
                    f"periode '{r['periode']}' tidak dikenal; diharapkan salah satu dari "
                    f"{', '.join(PERIODE)}.",
                    kode="periode_tidak_dikenal",
                    **lok,
                )
            )
        if str(r["kualitas"]) not in KUALITAS:
            masalah.append(
                Masalah(
                    f"mutu '{r['kualitas']}' tidak dikenal; diharapkan A, B, atau C.",
                    kode="kualitas_tidak_dikenal",
                    **lok,
                )
            )
        if ind is None:
            continue
        if not ind.satuan_cocok(str(r["satuan"])):
            masalah.append(
                Masalah(
                    f"satuan '{r['satuan']}' tidak cocok untuk {ind_kode}; diharapkan "
                    f"'{ind.satuan}'.",
                    kode="satuan_tidak_cocok",
                    **lok,
                )
            )
        nilai = r["nilai"]
        if pd.isna(nilai):
            masalah.append(
                Masalah(
                    "nilai kosong; setiap baris data harus berisi angka.",
                    kode="nilai_kosong",
                    **lok,
                )
            )
        elif not (ind.min <= float(nilai) <= ind.maks):
            if ind.min == 0 and float(nilai) < 0:
                pesan = f"nilai {angka_id(nilai)} untuk {ind_kode} tidak boleh negatif."
                kode_m = "nilai_negatif"
            else:
                pesan = (
                    f"nilai {angka_id(nilai)} untuk {ind_kode} di luar rentang yang mungkin "
                    f"({angka_id(ind.min)}–{angka_id(ind.maks)} {ind.satuan})."
                )
                kode_m = "nilai_di_luar_rentang"
                if ind_kode == "garis_kemiskinan" and float(nilai) < ind.min:
                    pesan += (
                        " Periksa pemisah desimal: '589.165' dibaca 589,165 bila titik adalah "
                        "pemisah desimal; gunakan --desimal koma bila titik adalah pemisah ribuan."
                    )
            masalah.append(Masalah(pesan, kode=kode_m, **lok))

    masalah.extend(_cek_duplikat(t))
    masalah.extend(_cek_fgt(t, dasar))
    return masalah


def _cek_duplikat(t: pd.DataFrame) -> list[Masalah]:
    hasil: list[Masalah] = []
    dup = t[t.duplicated(KUNCI_SEL, keep=False)]
    for _, grup in dup.groupby(KUNCI_SEL, sort=False):
        pertama = grup.iloc[0]
        lok_lain = "; ".join(
            Masalah("", **_lokasi(r)).lokasi() for _, r in grup.iloc[1:].iterrows()
        )
        sel = f"{pertama['indikator']} {pertama['kode_wilayah']} {pertama['tahun']} ({pertama['periode']})"
        if grup["nilai"].nunique(dropna=False) > 1:
            nilai = ", ".join(angka_id(v) for v in grup["nilai"])
            hasil.append(
                Masalah(
                    f"sel {sel} muncul lebih dari sekali dengan nilai berbeda ({nilai}); "
                    f"juga di: {lok_lain}. Sisakan satu nilai.",
                    kode="duplikat_berbeda",
                    **_lokasi(pertama),
                )
            )
        else:
            hasil.append(
                Masalah(
                    f"sel {sel} muncul lebih dari sekali dengan nilai sama; juga di: {lok_lain}. "
                    "Satu nilai dipakai.",
                    kode="duplikat_sama",
                    tingkat="peringatan",
                    **_lokasi(pertama),
                )
            )
    return hasil


def _cek_fgt(t: pd.DataFrame, dasar: pd.DataFrame | None) -> list[Masalah]:
    """P1 ≤ P0 and P2 ≤ P1 for every cell touched by the candidate rows."""
    hasil: list[Masalah] = []
    fgt = t[t["indikator"].isin(["p0", "p1", "p2"])].drop_duplicates(KUNCI_SEL, keep="last")
    if fgt.empty:
        return hasil
    gabung = gabung_lapisan(
        dasar[dasar["indikator"].isin(["p0", "p1", "p2"])]
        if dasar is not None
        else fgt[KOLOM_TIDY].iloc[0:0],
        fgt,
    )
    lebar = gabung.pivot_table(
        index=["kode_wilayah", "tahun", "periode"],
        columns="indikator",
        values="nilai",
        aggfunc="last",
    )
    for a, b in (("p1", "p0"), ("p2", "p1")):
        if a not in lebar or b not in lebar:
            continue
        salah = lebar[(lebar[a] > lebar[b]) & lebar[a].notna() & lebar[b].notna()]
        for (kode, tahun, periode), r in salah.iterrows():
            # Report at the candidate cell that takes part in the violation.
            sumber = fgt[
                (fgt["kode_wilayah"] == kode)
                & (fgt["tahun"] == tahun)
                & (fgt["periode"] == periode)
                & (fgt["indikator"].isin([a, b]))
            ]
            if sumber.empty:
                continue
            lok = _lokasi(sumber.iloc[0])
            hasil.append(
                Masalah(
                    f"{a.upper()} ({angka_id(r[a])}) lebih besar dari {b.upper()} "
                    f"({angka_id(r[b])}) untuk wilayah {kode} tahun {tahun}; menurut definisi "
                    f"FGT {a.upper()} ≤ {b.upper()}.",
                    kode=f"{a}_melebihi_{b}",
                    **lok,
                )
            )
    return hasil
