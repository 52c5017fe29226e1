"""Reading a filled evaluator template (CSV or XLSX) through :mod:`analisis.lembar`.

Reading validates a filled template like any input and collects ALL problems before raising one
:class:`~analisis.galat.GalatValidasi`: a file that cannot be read (encoding, binary content,
damaged workbook), unknown region code or name, rows of another province, duplicate regions,
wrong year, values that are not ``ya``/``tidak`` or a grade, negative counts, percentages
outside 0–100, non-numbers, a ``%`` sign or a percent-formatted cell in a column that is not a
percentage, missing required columns, formulas without stored values, merged or hidden data
cells and CSV rows shifted by an unquoted decimal comma. Every problem names the file, the sheet
(XLSX), the row as the user sees it in Excel (header = row 1 in a fresh template) and the column.
Leading rows whose first cell starts with ``#`` are comments (used to mark example files) and
keep the real row numbering. Empty indicator cells are not errors: they are reported as
warnings and left missing for the index's missing-data policy.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analisis.data.wilayah import PencocokWilayah, muat_wilayah, wilayah_provinsi
from analisis.galat import GalatAnalisis, GalatValidasi, Masalah, nama_berkas
from analisis.lembar import (
    AKHIRAN_CSV,
    AKHIRAN_XLSX,
    GalatBerkas,
    Lembar,
    Pengumpul,
    SpesKolom,
    baca_csv,
    baris_komentar,
    buka_buku,
    cari_baris_kepala,
    masalah_struktur,
    petakan_kolom,
    teks_sel,
)
from analisis.peringkat.kerangka import Indikator, Kerangka, kerangka_bawaan
from analisis.peringkat.kolom_evaluator import (
    LEMBAR_DATA,
    kode_kolom,
    kode_provinsi_baku,
    kolom_templat,
    satuan_persen,
)
from analisis.peringkat.siap import angka, baca_nilai, kosong


@dataclass
class HasilEvaluator:
    """A validated evaluator file.

    ``data``: index ``kode_wilayah`` (code order), columns ``wilayah``, ``tahun``, one column per
    evaluator indicator (canonical grades such as ``'ya'``/``'B'``, floats for numbers, None/NaN
    where empty) and ``catatan``; ready to join with the other indicators and pass to
    :func:`analisis.peringkat.indeks.hitung_indeks`. ``peringatan``: non-blocking problems.
    """

    data: pd.DataFrame
    peringatan: list[Masalah] = field(default_factory=list)
    berkas: str | None = None
    lembar: str | None = None


# --------------------------------------------------------------------------- file → table
def _baca_lembar(p: Path, masalah: list[Masalah]) -> Lembar | None:
    """The data table of the file (CSV, or the 'Penilaian'/only sheet of an XLSX)."""
    try:
        if p.suffix.lower() in AKHIRAN_CSV:
            return baca_csv(p)
        buku = buka_buku(p)
        if LEMBAR_DATA in buku.nama_lembar:
            return buku.lembar(LEMBAR_DATA)
        if len(buku.nama_lembar) == 1:
            return buku.lembar(buku.nama_lembar[0])
    except GalatBerkas as e:
        masalah.extend(e.masalah)
        return None
    masalah.append(
        Masalah(
            f"lembar '{LEMBAR_DATA}' tidak ada; lembar yang ada: {', '.join(buku.nama_lembar)}",
            berkas=p.name,
            kode="lembar_tidak_ada",
        )
    )
    return None


# --------------------------------------------------------------------------- header
@dataclass
class _Kepala:
    baris: int
    posisi: dict[str, int]
    label: dict[str, str]


def _kepala(lembar: Lembar, kerangka: Kerangka, g: Pengumpul) -> _Kepala | None:
    i = cari_baris_kepala(lembar)
    if i is None:
        g.galat("berkas kosong: tidak ada baris judul maupun data", kode="berkas_kosong")
        return None
    kode_ind = [ind.kode for ind in kerangka.indikator_evaluator()]
    dikenal = {"kode_wilayah", "wilayah", "tahun", "catatan", *kode_ind}
    spes = [SpesKolom(k, k, wajib=False) for k in sorted(dikenal)]
    teks = lembar.teks_baris(i)
    peta = petakan_kolom(teks, spes, lambda t: kode_kolom(t, dikenal))
    for k, pertama, j, _ in peta.ganda:
        g.galat(
            f"kolom '{k}' muncul dua kali (juga di kolom {lembar.huruf(pertama)})",
            baris=i + 1,
            kolom=f"{k} ({lembar.huruf(j)})",
            kode="kolom_ganda",
            token=k,
        )
    for j, t in peta.asing:
        cocok = difflib.get_close_matches(
            kode_kolom(t, dikenal) or "", sorted(dikenal), n=1, cutoff=0.6
        )
        saran = f" Mungkin maksud Anda '{cocok[0]}'?" if cocok else ""
        g.peringatan(
            f"kolom '{t}' tidak dikenal dan diabaikan.{saran}",
            baris=i + 1,
            kolom=f"{t} ({lembar.huruf(j)})",
            kode="kolom_tidak_dikenal",
            token=t,
        )
    wajib = ["tahun", *kode_ind]
    if not peta.ada("kode_wilayah") and not peta.ada("wilayah"):
        wajib.insert(0, "kode_wilayah")
    judul = dict(kolom_templat(kerangka))
    for k in wajib:
        if not peta.ada(k):
            g.galat(
                f"kolom wajib '{k}' tidak ada; judul yang diharapkan: '{judul.get(k, k)}'",
                baris=i + 1,
                kolom=k,
                kode="kolom_wajib_hilang",
            )
    label = {k: f"{k} ({lembar.huruf(j)})" for k, j in peta.indeks.items()}
    return _Kepala(i, dict(peta.indeks), label)


# --------------------------------------------------------------------------- rows
@dataclass
class _Baca:
    """State while reading the data rows of one file."""

    lembar: Lembar
    kepala: _Kepala
    g: Pengumpul
    kode_prov: str
    tahun: int
    terlihat: dict[str, int] = field(default_factory=dict)
    kosong: dict[str, list[int]] = field(default_factory=dict)
    persen: list[str] = field(default_factory=list)

    def sel(self, r: int, k: str) -> Any:
        j = self.kepala.posisi.get(k)
        return self.lembar.ambil(r, j) if j is not None else None

    def label(self, k: str) -> str | None:
        return self.kepala.label.get(k)


def _kode_dari_kode(b: _Baca, nomor: int, kode_teks: str, nama_teks: str) -> str | None:
    w, pencocok = muat_wilayah(), _pencocok()
    if kode_teks not in w.index:
        saran = ""
        if nama_teks:
            c = pencocok.cocokkan(nama_teks)
            if c.kode:
                saran = f" Nama '{nama_teks}' berkode {c.kode}."
        b.g.galat(
            f"kode wilayah '{kode_teks}' tidak dikenal.{saran}",
            baris=nomor,
            kolom=b.label("kode_wilayah"),
            kode="wilayah_tidak_dikenal",
            token=kode_teks,
        )
        return None
    if not nama_teks:
        return kode_teks
    c = pencocok.cocokkan(nama_teks)
    if c.kode is not None and c.kode != kode_teks:
        b.g.galat(
            f"nama '{nama_teks}' adalah {w.at[c.kode, 'wilayah']} ({c.kode}), "
            f"tidak cocok dengan kode {kode_teks} ({w.at[kode_teks, 'wilayah']})",
            baris=nomor,
            kolom=b.label("wilayah"),
            kode="nama_kode_tidak_cocok",
            token=nama_teks,
        )
        return None
    if c.kode is None:
        b.g.peringatan(
            f"nama '{nama_teks}' tidak dikenali; kode {kode_teks} "
            f"({w.at[kode_teks, 'wilayah']}) yang dipakai",
            baris=nomor,
            kolom=b.label("wilayah"),
            kode="nama_tidak_dikenal",
            token=nama_teks,
        )
    return kode_teks


def _kode_dari_nama(b: _Baca, nomor: int, nama_teks: str) -> str | None:
    if not nama_teks:
        b.g.galat(
            "baris tanpa kode maupun nama wilayah",
            baris=nomor,
            kolom=b.label("kode_wilayah"),
            kode="wilayah_kosong",
        )
        return None
    c = _pencocok().cocokkan(nama_teks)
    if c.kode is None:
        saran = f" Mungkin maksud Anda: {', '.join(c.saran)}." if c.saran else ""
        b.g.galat(
            f"nama wilayah '{nama_teks}' tidak dikenal.{saran}",
            baris=nomor,
            kolom=b.label("wilayah"),
            kode="wilayah_tidak_dikenal",
            token=nama_teks,
        )
    return c.kode


def _wilayah(b: _Baca, r: int) -> tuple[str | None, str]:
    """The region of a row (None when reported), and the name as written."""
    nomor = r + 1
    kode_teks = teks_sel(b.sel(r, "kode_wilayah"))
    nama_teks = teks_sel(b.sel(r, "wilayah"))
    if kode_teks:
        kode = _kode_dari_kode(b, nomor, kode_teks, nama_teks)
    else:
        kode = _kode_dari_nama(b, nomor, nama_teks)
    if kode is None:
        return None, nama_teks
    w = muat_wilayah()
    kolom = b.label("kode_wilayah") or b.label("wilayah")
    if kode not in set(wilayah_provinsi(b.kode_prov)):
        tk = w.at[kode, "tingkat"]
        if tk in ("provinsi", "nasional"):
            alasan = f"{w.at[kode, 'wilayah']} ({kode}) adalah {tk}, bukan kabupaten/kota"
        else:
            alasan = (
                f"{w.at[kode, 'wilayah']} ({kode}) termasuk Provinsi {w.at[kode, 'provinsi']}, "
                f"bukan {w.at[b.kode_prov, 'wilayah']}"
            )
        b.g.galat(
            f"wilayah di luar provinsi: {alasan}",
            baris=nomor,
            kolom=kolom,
            kode="wilayah_provinsi_lain",
            token=kode,
        )
        return None, nama_teks
    if kode in b.terlihat:
        b.g.galat(
            f"wilayah {kode} ({w.at[kode, 'wilayah']}) sudah ada di baris {b.terlihat[kode]}; "
            "setiap wilayah hanya boleh satu baris",
            baris=nomor,
            kolom=kolom,
            kode="wilayah_ganda",
            token=kode,
        )
        return None, nama_teks
    b.terlihat[kode] = nomor
    return kode, nama_teks


def _tahun(b: _Baca, r: int) -> None:
    if "tahun" not in b.kepala.posisi:
        return
    v = b.sel(r, "tahun")
    lok: dict[str, Any] = {"baris": r + 1, "kolom": b.label("tahun")}
    if kosong(v):
        b.g.galat(f"tahun kosong; isi {b.tahun}", kode="tahun_kosong", **lok)
        return
    t = angka(v)
    if t is None or not float(t).is_integer():
        b.g.galat(
            f"tahun '{teks_sel(v)}' bukan tahun; isi {b.tahun}",
            kode="tahun_tidak_sah",
            token=teks_sel(v),
            **lok,
        )
    elif int(t) != b.tahun:
        b.g.galat(
            f"tahun {int(t)} tidak sesuai: berkas ini untuk penilaian tahun {b.tahun}",
            kode="tahun_salah",
            token=teks_sel(v),
            **lok,
        )


def _persen(b: _Baca, r: int, ind: Indikator, v: Any) -> tuple[Any, bool]:
    """(value to parse, ok): a % sign or percent-formatted cell only for percentages."""
    di_sel = (r, b.kepala.posisi[ind.kode]) in b.lembar.persen
    bertanda = isinstance(v, str) and v.strip().endswith("%")
    if not di_sel and not bertanda:
        return v, True
    if not satuan_persen(ind):
        b.g.galat(
            f"{ind.nama}: nilai '{teks_sel(v)}' bertanda/berformat persen, padahal satuannya "
            f"'{ind.satuan or 'angka'}'; tulis angkanya saja",
            baris=r + 1,
            kolom=b.label(ind.kode),
            kode="nilai_tidak_sah",
            token=teks_sel(v),
        )
        return None, False
    b.persen.append(f"baris {r + 1}, {ind.kode}: '{teks_sel(v)}'")
    return (float(v) * 100 if di_sel else v), True


def _nilai(b: _Baca, r: int, ind: Indikator, kerangka: Kerangka) -> Any:
    v = b.sel(r, ind.kode)
    if kosong(v) and (r, b.kepala.posisi[ind.kode]) not in b.lembar.rumus:
        b.kosong.setdefault(ind.kode, []).append(r + 1)
        return None
    if kosong(v):
        return None  # formula without a stored value: reported by the structural checks
    v, ok = _persen(b, r, ind, v)
    if not ok:
        return None
    x, pesan = baca_nilai(ind, v, kerangka)
    if pesan is not None:
        b.g.galat(
            f"{ind.nama}: {pesan}",
            baris=r + 1,
            kolom=b.label(ind.kode),
            kode="nilai_tidak_sah",
            token=teks_sel(v),
        )
    return x


def _rekaman(b: _Baca, r: int, kerangka: Kerangka) -> dict[str, Any] | None:
    kode, nama_teks = _wilayah(b, r)
    _tahun(b, r)
    rek: dict[str, Any] = {
        "kode_wilayah": kode,
        "wilayah": str(muat_wilayah().at[kode, "wilayah"]) if kode else nama_teks,
        "tahun": b.tahun,
    }
    for ind in kerangka.indikator_evaluator():
        if ind.kode in b.kepala.posisi:
            rek[ind.kode] = _nilai(b, r, ind, kerangka)
    c = b.sel(r, "catatan")
    rek["catatan"] = None if kosong(c) else teks_sel(c)
    return rek if kode is not None else None


def _ringkasan(b: _Baca) -> None:
    """Warnings for empty cells, % conversions and regions missing from the file."""
    for k, nomor in b.kosong.items():
        daftar = ", ".join(map(str, nomor[:15])) + (" …" if len(nomor) > 15 else "")
        b.g.peringatan(
            f"{len(nomor)} sel kosong (baris {daftar}): dianggap data tidak tersedia dan "
            "ditangani menurut kebijakan data hilang",
            kolom=b.label(k) or k,
            kode="nilai_kosong",
        )
    if b.persen:
        b.g.peringatan(
            f"{len(b.persen)} sel bertanda atau berformat persen dibaca sebagai persen tanpa "
            f"tanda itu (mis. {b.persen[0]})",
            kode="persen_dibaca",
        )
    if not b.terlihat and not b.g.ada_galat:
        b.g.galat("tidak ada baris data wilayah", baris=b.kepala.baris + 2, kode="tanpa_data")
    daftar_prov = set(wilayah_provinsi(b.kode_prov))
    hilang = sorted(daftar_prov - set(b.terlihat))
    if hilang and b.terlihat:
        w = muat_wilayah()
        teks = ", ".join(f"{k} ({w.at[k, 'wilayah']})" for k in hilang)
        b.g.peringatan(
            f"{len(hilang)} kabupaten/kota {w.at[b.kode_prov, 'wilayah']} tidak ada di berkas: "
            f"{teks}",
            kode="wilayah_tidak_ada",
        )


def _tabel(rekaman: list[dict[str, Any]], kerangka: Kerangka) -> pd.DataFrame:
    kode_ind = [i.kode for i in kerangka.indikator_evaluator()]
    data = pd.DataFrame(rekaman, columns=["kode_wilayah", "wilayah", "tahun", *kode_ind, "catatan"])
    for ind in kerangka.indikator_evaluator():
        if not ind.kategorik:
            data[ind.kode] = pd.to_numeric(data[ind.kode], errors="coerce").astype(float)
        else:  # grades as text, None where empty (not NaN)
            data[ind.kode] = pd.Series(
                [r.get(ind.kode) for r in rekaman], dtype=object, index=data.index
            )
    return data.set_index("kode_wilayah").sort_index()


_pencocok_bersama: PencocokWilayah | None = None


def _pencocok() -> PencocokWilayah:
    global _pencocok_bersama
    if _pencocok_bersama is None:
        _pencocok_bersama = PencocokWilayah()
    return _pencocok_bersama


def _selesai(
    masalah: list[Masalah], data: pd.DataFrame, nama: str | None, lembar: str | None
) -> HasilEvaluator:
    blok = [m for m in masalah if m.tingkat == "galat"]
    if blok:
        jumlah_p = len(masalah) - len(blok)
        raise GalatValidasi(
            f"Berkas evaluator '{nama}' tidak valid: {len(blok)} galat"
            + (f", {jumlah_p} peringatan" if jumlah_p else ""),
            masalah=list(masalah),
        )
    return HasilEvaluator(data=data, peringatan=list(masalah), berkas=nama, lembar=lembar)


def baca_evaluator(
    path: str | Path,
    provinsi: str | int,
    tahun: int,
    kerangka: Kerangka | None = None,
) -> HasilEvaluator:
    """Read and validate a filled evaluator template (``.csv`` or ``.xlsx``).

    Raises :class:`GalatValidasi` listing every blocking problem (plus the warnings), each with
    file, sheet, Excel row and column.
    """
    kerangka = kerangka or kerangka_bawaan()
    kode_prov = kode_provinsi_baku(provinsi)
    p = Path(path)
    nama = nama_berkas(p)
    if not p.is_file():
        raise GalatAnalisis(f"Berkas evaluator tidak ditemukan: {p}")
    if p.suffix.lower() not in AKHIRAN_CSV + AKHIRAN_XLSX:
        raise GalatAnalisis(
            f"Format berkas '{p.suffix}' tidak didukung; pakai .xlsx atau .csv ({nama})."
        )
    masalah: list[Masalah] = []
    kosong_df = _tabel([], kerangka)
    lembar = _baca_lembar(p, masalah)
    if lembar is None:
        return _selesai(masalah, kosong_df, nama, None)
    g = Pengumpul(lembar.berkas, lembar.nama, masalah)
    kepala = _kepala(lembar, kerangka, g)
    if kepala is None:
        return _selesai(masalah, kosong_df, nama, lembar.nama)
    b = _Baca(lembar, kepala, g, kode_prov, int(tahun))
    data = [
        r
        for r in range(kepala.baris + 1, lembar.n_baris)
        if not lembar.baris_kosong(r) and not baris_komentar(lembar, r)
    ]
    g.tambah(
        masalah_struktur(
            lembar,
            data,
            kepala.posisi.values(),
            baris_kepala=kepala.baris,
            nama_kolom=lambda c: next(
                (lb for k, lb in kepala.label.items() if kepala.posisi[k] == c), lembar.huruf(c)
            ),
        )
    )
    rekaman = [rek for r in data if (rek := _rekaman(b, r, kerangka)) is not None]
    _ringkasan(b)
    return _selesai(masalah, _tabel(rekaman, kerangka), nama, lembar.nama)
