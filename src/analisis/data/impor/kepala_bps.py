"""The header of a wide BPS table: where the year row is and what each column holds.

Layout: optional title rows (one filled cell), header rows above the year row (an indicator
header spanning several year columns), the year row, optional period sub-header rows below it
("Semester 1 (Maret)"), then the data rows with the region name in column A.

Year headers are read strictly and never dropped:

- ``2023``, ``2023*``, ``2023*)``, ``2024**)``, ``2023¹``, ``2023 r)`` are years; a footnote
  marker is kept and recorded on every value of the column;
- a header that looks like a year but is not one (``20x3``, ``2O23``, ``2023-2024``) is an
  error naming the column;
- another label in the year row (``Rata-rata``) is reported as a skipped column;
- the same year twice for one indicator and period (March and September columns without a
  period sub-header) is an error naming both columns.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from analisis.data.impor.kenali import (
    faktor_satuan,
    kenali_indikator,
    kenali_periode,
    kenali_satuan,
)
from analisis.data.katalog import muat_katalog
from analisis.data.wilayah import PencocokWilayah
from analisis.lembar import Lembar, Pengumpul

LABEL_KEPALA = re.compile(
    r"^(kabupaten\s*/\s*kota|kab(upaten)?\s*/\s*kota|provinsi|wilayah|region|daerah|nama wilayah)",
    re.IGNORECASE,
)
_POLA_TAHUN = re.compile(
    r"^((?:19|20)\d\d)\s*(\*+\)?|\(\*+\)|[\u00b9\u00b2\u00b3\u2070-\u2079]+|\(?[a-z]\))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Tahun:
    """A year header: the year and its footnote marker as written (``*)``), if any."""

    tahun: int
    catatan: str | None = None


def baca_tahun(v: object) -> Tahun | None:
    """A year header cell, or None."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if float(v).is_integer() and 1990 <= int(v) <= 2100:
            return Tahun(int(v))
        return None
    if v is None:
        return None
    m = _POLA_TAHUN.match(re.sub(r"\s+", " ", str(v)).strip())
    if not m:
        return None
    return Tahun(int(m.group(1)), m.group(2) or None)


def mirip_tahun(teks: str) -> bool:
    """A header that was meant as a year but is not one (``20x3``, ``2O23``, ``2023-2024``)."""
    s = teks.strip()
    if len(s) > 12 or sum(ch.isdigit() for ch in s) < 2:
        return False
    return bool(re.search(r"(19|20)|^\d", s)) or bool(re.fullmatch(r"[\dOoIlxX?*. -]{4,}", s))


@dataclass
class KolomBps:
    """What one value column holds."""

    kolom: int
    tahun: int
    catatan_tahun: str | None
    indikator: str
    periode: str
    faktor: float
    satuan: str
    nama: str

    @property
    def persen(self) -> bool:
        return self.satuan.strip().lower() in ("persen", "%")


@dataclass
class KepalaBps:
    """The header of one sheet."""

    baris_tahun: int
    awal_data: int
    judul: str
    kolom: dict[int, KolomBps] = field(default_factory=dict)
    berjudul: set[int] = field(default_factory=set)
    dilewati: list[str] = field(default_factory=list)
    catatan_tahun: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)


def _baris_tahun(lembar: Lembar, pencocok: PencocokWilayah) -> int | None:
    """The first row whose non-label cells are mostly years."""
    for r in lembar.baris_terisi():
        isi = [c for c in lembar.kolom_terisi(r) if c > 0]
        tahun = [c for c in isi if baca_tahun(lembar.ambil(r, c)) is not None]
        label = lembar.teks(r, 0)
        bukan_wilayah = not label or LABEL_KEPALA.match(label) or not pencocok.cocokkan(label).kode
        if tahun and len(tahun) >= len(isi) - len(tahun) and bukan_wilayah:
            return r
    return None


def _judul_dan_atas(lembar: Lembar, baris_tahun: int) -> tuple[list[str], list[int]]:
    judul: list[str] = []
    atas: list[int] = []
    for r in lembar.baris_terisi():
        if r >= baris_tahun:
            break
        isi = lembar.kolom_terisi(r)
        if isi == [0]:
            judul.append(lembar.teks(r, 0))
        else:
            atas.append(r)
    return judul, atas


def _sub_kepala(lembar: Lembar, baris_tahun: int) -> tuple[list[int], int]:
    """Period sub-header rows below the year row, and the first data row."""
    bawah: list[int] = []
    r = baris_tahun + 1
    while r < lembar.n_baris:
        isi = lembar.kolom_terisi(r)
        label = lembar.teks(r, 0)
        if not isi:
            r += 1
            continue
        if (not label or LABEL_KEPALA.match(label)) and any(
            kenali_periode(lembar.teks(r, c)) for c in isi if c > 0
        ):
            bawah.append(r)
            r += 1
            continue
        break
    return bawah, r


def _tahun_kolom(
    lembar: Lembar, kepala: KepalaBps, bawah: list[int], p: Pengumpul
) -> dict[int, Tahun]:
    """Year of every value column (forward-filled over sub-header spans); bad headers reported."""
    hasil: dict[int, Tahun] = {}
    aktif: Tahun | None = None
    rt = kepala.baris_tahun
    for c in range(1, lembar.n_kolom):
        teks = lembar.teks(rt, c)
        if teks:
            kepala.berjudul.add(c)
        t = baca_tahun(lembar.ambil(rt, c))
        if t is not None:
            aktif = hasil[c] = t
            if t.catatan:
                kepala.catatan_tahun.append(f"'{teks}' ({lembar.huruf(c)}) → {t.tahun}")
        elif not teks and aktif is not None and any(lembar.teks(rb, c) for rb in bawah):
            hasil[c] = aktif
            kepala.berjudul.add(c)
        elif teks and mirip_tahun(teks):
            aktif = None
            p.galat(
                f"judul kolom '{teks}' bukan tahun yang sah; tulis tahun 4 angka (mis. 2023), "
                "boleh dengan tanda catatan kaki seperti 2023*).",
                kode="tahun_tidak_sah",
                baris=rt + 1,
                kolom=f"{teks} ({lembar.huruf(c)})",
                token=teks,
            )
        else:
            aktif = None
            if teks:
                kepala.dilewati.append(f"'{teks}' ({lembar.huruf(c)})")
    return hasil


def _teks_kepala(
    lembar: Lembar, atas: list[int], bawah: list[int], tahun: dict[int, Tahun]
) -> dict[int, str]:
    teks: dict[int, str] = {}
    for rk in atas:
        aktif = ""
        for c in range(1, lembar.n_kolom):
            aktif = lembar.teks(rk, c) or aktif
            if c in tahun:
                teks[c] = (teks.get(c, "") + " " + aktif).strip()
    for rk in bawah:
        for c in tahun:
            if lembar.teks(rk, c):
                teks[c] = (teks.get(c, "") + " " + lembar.teks(rk, c)).strip()
    return teks


def _meta_kolom(
    c: int,
    t: Tahun,
    label: str,
    kepala: KepalaBps,
    lembar: Lembar,
    opsi: dict,
    p: Pengumpul,
) -> KolomBps | None:
    """Indicator, period and unit factor of one column (None when reported as a problem)."""
    nama = f"{label + ' ' if label else ''}{t.tahun} ({lembar.huruf(c)})"
    lok: dict[str, Any] = {"baris": kepala.baris_tahun + 1, "kolom": nama}
    ind = opsi.get("indikator")
    if not ind:
        calon = kenali_indikator(label) or kenali_indikator(kepala.judul)
        if len(calon) != 1:
            alasan = "tidak dikenali" if not calon else f"ambigu ({', '.join(calon)})"
            p.galat(
                f"indikator kolom ini {alasan} dari judul/kepala tabel; tentukan dengan "
                "--indikator (mis. --indikator p0).",
                kode="indikator_tidak_dikenali",
                **lok,
            )
            return None
        ind = calon[0]
    meta = muat_katalog().get(ind)
    periode = opsi.get("periode") or kenali_periode(label) or (meta.periode if meta else "Maret")
    satuan_sumber = kenali_satuan(label) or (
        kenali_satuan(kepala.judul) if len(kenali_indikator(kepala.judul)) <= 1 else None
    )
    faktor = 1.0
    if meta is not None and satuan_sumber is not None:
        f = faktor_satuan(satuan_sumber, meta)
        if f is None:
            p.galat(
                f"satuan '{satuan_sumber}' pada kepala tabel tidak cocok untuk {ind}; "
                f"diharapkan '{meta.satuan}'.",
                kode="satuan_tidak_cocok",
                token=satuan_sumber,
                **lok,
            )
            return None
        faktor = f
    satuan = meta.satuan if meta else (satuan_sumber or "")
    if faktor != 1.0:
        kepala.info.append(
            f"{lembar.nama_tampil}, kolom {nama}: satuan '{satuan_sumber}' dikonversi ke "
            f"'{satuan}' (dikali {faktor:g})."
        )
    return KolomBps(c, t.tahun, t.catatan, ind, periode, faktor, satuan, nama)


def _cek_ganda(kolom: dict[int, KolomBps], baris_tahun: int, p: Pengumpul) -> None:
    """The same indicator, year and period in two columns (e.g. March and September)."""
    kelompok: dict[tuple[str, int, str], list[KolomBps]] = defaultdict(list)
    for k in kolom.values():
        kelompok[(k.indikator, k.tahun, k.periode)].append(k)
    for (ind, tahun, periode), ks in kelompok.items():
        if len(ks) < 2:
            continue
        nama = ", ".join(k.nama for k in ks)
        p.galat(
            f"tahun {tahun} untuk {ind} ({periode}) muncul di {len(ks)} kolom: {nama}. Bila "
            "kolom itu angka Maret dan September, tambahkan baris sub-judul 'Maret' dan "
            "'September' di bawah baris tahun; bila salah satunya keliru, hapus.",
            kode="kolom_tahun_ganda",
            baris=baris_tahun + 1,
            kolom=ks[1].nama,
            token=str(tahun),
        )
        for k in ks:
            del kolom[k.kolom]


def baca_kepala(
    lembar: Lembar, opsi: dict, p: Pengumpul, pencocok: PencocokWilayah
) -> KepalaBps | None:
    """The header of a wide BPS table (None when no year row exists; reported)."""
    baris_tahun = _baris_tahun(lembar, pencocok)
    if baris_tahun is None:
        p.galat(
            "baris tahun tidak ditemukan; tabel BPS yang didukung memuat tahun sebagai judul "
            "kolom (mis. 2021, 2022, 2023) dan wilayah sebagai baris.",
            kode="tahun_tidak_ditemukan",
        )
        return None
    judul, atas = _judul_dan_atas(lembar, baris_tahun)
    bawah, awal_data = _sub_kepala(lembar, baris_tahun)
    kepala = KepalaBps(baris_tahun, awal_data, " ".join(judul))
    tahun = _tahun_kolom(lembar, kepala, bawah, p)
    teks = _teks_kepala(lembar, atas, bawah, tahun)
    for c, t in tahun.items():
        k = _meta_kolom(c, t, teks.get(c, ""), kepala, lembar, opsi, p)
        if k is not None:
            kepala.kolom[c] = k
    _cek_ganda(kepala.kolom, baris_tahun, p)
    return kepala
