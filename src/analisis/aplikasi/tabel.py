"""The ranking table as the page shows it: the display frame and its column settings (no Panel).

Nine columns fit a 1280 px screen next to the sidebar without horizontal scrolling: rank,
code, name, change against the published rank, score, median rank, the rank-interval bar, the
top-N chance and a note. Secondary columns (interval as text, dimension scores, non-robust pair
count, report link) are in the region drill-down instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd
from markupsafe import Markup

from analisis.aplikasi.fragmen import teks
from analisis.laporan import format as fmt

KOLOM_BEKU = ("peringkat", "kode_wilayah", "nama")
"""Frozen on the left of the table (Tabulator shows frozen columns first)."""

KOLOM = (
    "peringkat",
    "kode_wilayah",
    "nama",
    "perubahan",
    "skor",
    "median",
    "sebaran",
    "peluang",
    "catatan",
)

_FMT_SKOR = {"type": "money", "decimal": ",", "thousand": ".", "precision": 2, "symbol": ""}
_FMT_MEDIAN = {"type": "money", "decimal": ",", "thousand": ".", "precision": 1, "symbol": ""}
_FMT_PERSEN = {
    "type": "money",
    "decimal": ",",
    "thousand": ".",
    "precision": 0,
    "symbol": "%",
    "symbolAfter": True,
}


_FORMAT_UANG = {"skor": _FMT_SKOR, "median": _FMT_MEDIAN, "peluang": _FMT_PERSEN}
_RATA = {"peringkat": "tengah", "perubahan": "tengah", "kode_wilayah": "tengah"}
_RATA_KANAN = ("skor", "median", "peluang")


def teks_interval(bawah: Any, atas: Any) -> str:
    """``"2–5"`` (en dash), or the empty-value dash when unranked."""
    if fmt.nilai_hilang(bawah) or fmt.nilai_hilang(atas):
        return fmt.NILAI_KOSONG
    return f"{int(bawah)}–{int(atas)}"


def teks_perubahan(x: Any) -> str:
    """``▲ 2`` (up two places), ``▼ 1``, ``=`` (same), or the empty-value dash."""
    if fmt.nilai_hilang(x):
        return fmt.NILAI_KOSONG
    n = int(x)
    return "=" if n == 0 else (f"▲ {n}" if n > 0 else f"▼ {-n}")


def _posisi(r: float, jumlah: int) -> float:
    """Horizontal position (percent) of the centre of rank ``r`` on a 1…``jumlah`` scale."""
    return max(0.0, min(100.0, (float(r) - 0.5) / jumlah * 100))


def batang_interval(peringkat: Any, bawah: Any, atas: Any, median: Any, jumlah: int) -> str:
    """HTML bar of a rank interval on the scale 1…``jumlah`` (empty text when unranked)."""
    if any(fmt.nilai_hilang(x) for x in (peringkat, bawah, atas)) or jumlah < 1:
        return ""
    kiri, kanan = _posisi(float(bawah), jumlah), _posisi(float(atas) + 1, jumlah)
    interval = teks_interval(bawah, atas)
    judul = f"Interval 90%: {interval}"
    ada_median = not fmt.nilai_hilang(median)
    if ada_median:
        judul += f"; median {fmt.angka(median, 1)}"
    return teks(
        "batang_interval",
        f"{kiri:.2f}",
        f"{max(kanan - kiri, 1):.2f}",
        f"{_posisi(float(median) + 0.5, jumlah):.2f}" if ada_median else None,
        f"{_posisi(float(peringkat) + 0.5, jumlah):.2f}",
        judul,
        interval,
    )


def _catatan(ditandai: Any, hilang: Any, peringkat: Any, kosong_provinsi: set[str]) -> str:
    """The note of a row: unranked, or incomplete beyond the dimensions empty province-wide."""
    if fmt.nilai_hilang(peringkat):
        return "tidak diperingkat"
    sendiri = {k.strip() for k in str(hilang or "").split(",") if k.strip()} - kosong_provinsi
    return "data tidak lengkap" if bool(ditandai) and sendiri else ""


def _angka_atau_kosong(nilai: Iterable[Any], kali: float = 1.0) -> list[float | None]:
    """Numbers as floats, missing ones as ``None`` (Tabulator's money formatter prints NaN)."""
    return [None if fmt.nilai_hilang(x) else float(x) * kali for x in nilai]


def bingkai(
    baris: pd.DataFrame,
    jumlah: int,
    indikator_kosong_provinsi: Iterable[str] = (),
) -> pd.DataFrame:
    """The Tabulator frame of ranking rows (:meth:`SesiPeringkat.baris_tampil` layout);
    ``jumlah`` = number of ranked regions (the scale of the interval bars);
    ``indikator_kosong_provinsi`` = indicators missing for every region (not a row's own gap)."""
    kosong = set(indikator_kosong_provinsi)
    return pd.DataFrame(
        {
            "peringkat": pd.array(baris["peringkat"], dtype="Int64"),
            "perubahan": [teks_perubahan(x) for x in baris["perubahan"]],
            "kode_wilayah": baris["kode_wilayah"].astype(str).to_numpy(),
            "nama": baris["nama"].astype(str).to_numpy(),
            "skor": _angka_atau_kosong(baris["skor"]),
            "median": _angka_atau_kosong(baris["median_peringkat"]),
            "sebaran": [
                batang_interval(r, a, b, m, jumlah)
                for r, a, b, m in zip(
                    baris["peringkat"],
                    baris["interval_bawah"],
                    baris["interval_atas"],
                    baris["median_peringkat"],
                    strict=True,
                )
            ],
            "peluang": _angka_atau_kosong(baris["peluang_3_besar"], 100.0),
            "catatan": [
                _catatan(t, h, r, kosong)
                for t, h, r in zip(
                    baris["ditandai"], baris["indikator_hilang"], baris["peringkat"], strict=True
                )
            ],
        },
        columns=list(KOLOM),
    )


def bingkai_kosong() -> pd.DataFrame:
    """The frame with no rows (nothing opened yet)."""
    return pd.DataFrame({k: pd.Series(dtype=object) for k in KOLOM})


def angka_uang(x: Any, f: Mapping[str, Any]) -> str:
    """A number as Tabulator's ``money`` formatter with the settings ``f`` shows it (``decimal``,
    ``thousand``, ``precision``, ``symbol``, ``symbolAfter``): rounded like JavaScript's
    ``toFixed`` (the exact binary value, halves away from zero); missing → empty."""
    if fmt.nilai_hilang(x):
        return ""
    d = Decimal(float(x))
    tanda = "-" if d < 0 else ""
    presisi = int(f.get("precision", 2))
    bulat, _, pecahan = (
        f"{abs(d).quantize(Decimal(1).scaleb(-presisi), ROUND_HALF_UP):f}".partition(".")
    )
    bulat = f"{int(bulat):,}".replace(",", str(f.get("thousand", ",")))
    angka = bulat + (str(f.get("decimal", ".")) + pecahan if pecahan else "")
    simbol = str(f.get("symbol", ""))
    return tanda + angka + simbol if f.get("symbolAfter") else tanda + simbol + angka


def _sel(kolom: str, nilai: Any) -> str | Markup:
    """One cell of the plain table as the Tabulator column shows it
    (:func:`pengaturan_tabulator`; other columns: Panel's default formatters)."""
    if kolom in _FORMAT_UANG:
        return angka_uang(nilai, _FORMAT_UANG[kolom])
    if kolom == "sebaran":
        return Markup(nilai or "")  # already escaped HTML (batang_interval)
    if kolom == "peringkat":
        return "-" if fmt.nilai_hilang(nilai) else str(int(nilai))  # Bokeh NumberFormatter
    return "" if fmt.nilai_hilang(nilai) else str(nilai)


def urutan_tampil() -> list[str]:
    """The columns in the order the table shows them: frozen ones first."""
    return [*KOLOM_BEKU, *(k for k in KOLOM if k not in KOLOM_BEKU)]


def html_statis(df: pd.DataFrame, posisi_teratas: int) -> str:
    """The frame ``df`` (:func:`bingkai`) as a plain HTML table with the interactive table's
    headers, column order and cell texts: what a new session shows until the interactive table
    arrives (:mod:`analisis.aplikasi.halaman`)."""
    kolom = urutan_tampil()
    judul = judul_kolom(posisi_teratas)
    kelas = {k: "angka" if k in _RATA_KANAN else _RATA.get(k, "") for k in kolom}
    baris = [
        [(kelas[k], _sel(k, v)) for k, v in zip(kolom, r, strict=True)]
        for r in df[kolom].itertuples(index=False, name=None)
    ]
    return teks("tabel_statis", [(kelas[k], k, judul[k]) for k in kolom], baris)


def judul_kolom(posisi_teratas: int) -> dict[str, str]:
    return {
        "peringkat": "Peringkat",
        "perubahan": "Perubahan",
        "kode_wilayah": "Kode",
        "nama": "Kabupaten/kota",
        "skor": "Skor",
        "median": "Median",
        "sebaran": "Sebaran (90%)",
        "peluang": f"Peluang {posisi_teratas} besar",
        "catatan": "Catatan",
    }


def pengaturan_tabulator(posisi_teratas: int) -> dict[str, Any]:
    """Keyword arguments of ``pn.widgets.Tabulator`` for the frame (titles, formatters, widths,
    alignment, tooltips); a read-only table without editors."""
    return {
        "titles": judul_kolom(posisi_teratas),
        "formatters": {
            "skor": _FMT_SKOR,
            "median": _FMT_MEDIAN,
            "peluang": _FMT_PERSEN,
            "sebaran": {"type": "html"},
        },
        "editors": dict.fromkeys(KOLOM),
        "widths": {"sebaran": 150, "nama": 170},
        "text_align": {
            "peringkat": "center",
            "perubahan": "center",
            "kode_wilayah": "center",
            "median": "right",
        },
        "header_tooltips": {
            "perubahan": "Naik (▲) atau turun (▼) dibanding peringkat terbitan setelah bobot diubah",
            "median": "Peringkat tengah dari semua simulasi",
            "sebaran": "Rentang peringkat pada 90 dari 100 simulasi (lihat keterangan di bawah tabel)",
            "peluang": f"Persen simulasi yang menempatkan wilayah di {posisi_teratas} besar",
        },
        "sortable": {"sebaran": False, "perubahan": False, "catatan": False},
    }
