"""Quadrant charts for reports: shaded, labelled quadrants and point labels that never overlap.

:func:`grafik_kuadran` draws the province's kab/kota as points on two axes split by two
threshold lines (level × change, P0 × indicator). Each quadrant is shaded in its own colour and
named in its outer corner; points take the colour of their quadrant; the region in focus is a
large outlined diamond with a bold label.

Labels are placed in Python before the chart is drawn (Vega-Lite has no label-collision
layout): the plot's pixel size and scale domains are fixed here, so every label's box can be
computed, and each label takes the first of a list of positions around its point that stays
inside the plot and overlaps no placed label and no other point. A label that fits nowhere is
left out (the point keeps its tooltip) and listed in ``meta["tanpa_label"]``. The boxes placed
are in ``meta["kotak_label"]`` (pixels) so tests can check that none overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analisis.laporan.format import angka
from analisis.laporan.grafik import (
    PALET,
    Grafik,
    _angka_rekaman,
    _aturan,
    _grafik,
    _hilang,
    _wajib_kolom,
)

__all__ = ["WARNA_KUADRAN", "grafik_kuadran"]

WARNA_KUADRAN: dict[str, str] = {
    "unggul": "#1b7837",
    "mengejar": "#2166ac",
    "prioritas": "#b2182b",
    "waspada": "#e08214",
    "kemiskinan tinggi, indikator baik": "#2166ac",
    "kemiskinan rendah, indikator buruk": "#e08214",
    "kemiskinan rendah, indikator baik": "#1b7837",
}
"""Quadrant label → colour (red = priority, green = good on both axes)."""

UKURAN_FONT = 10
LEBAR_HURUF = 0.58  # average glyph width / font size of the sans-serif label font
_JARI_TITIK = 5.0  # pixel radius of a point kept free of labels

# Candidate label positions (dx, dy, align) around a point, in order of preference.
_POSISI: tuple[tuple[float, float, str], ...] = (
    (8, 0, "left"),
    (-8, 0, "right"),
    (0, -11, "center"),
    (0, 13, "center"),
    (8, -10, "left"),
    (8, 10, "left"),
    (-8, -10, "right"),
    (-8, 10, "right"),
    (12, -20, "left"),
    (12, 20, "left"),
    (-12, -20, "right"),
    (-12, 20, "right"),
    (0, -24, "center"),
    (0, 26, "center"),
)


@dataclass(frozen=True)
class _Kotak:
    x0: float
    y0: float
    x1: float
    y1: float

    def tumpang(self, lain: _Kotak) -> bool:
        return self.x0 < lain.x1 and lain.x0 < self.x1 and self.y0 < lain.y1 and lain.y0 < self.y1


def _kotak_label(px: float, py: float, teks: str, dx: float, dy: float, align: str) -> _Kotak:
    lebar = len(teks) * UKURAN_FONT * LEBAR_HURUF + 2
    tinggi = UKURAN_FONT + 2
    x = px + dx
    x0 = x if align == "left" else (x - lebar if align == "right" else x - lebar / 2)
    y = py + dy
    return _Kotak(x0, y - tinggi / 2, x0 + lebar, y + tinggi / 2)


def tata_label(
    px: Sequence[float],
    py: Sequence[float],
    teks: Sequence[str],
    lebar: float,
    tinggi: float,
    urutan: Sequence[int] | None = None,
    rintangan: Sequence[_Kotak] = (),
) -> list[tuple[float, float, str] | None]:
    """Choose a position (dx, dy, align) for each label, or None when none fits.

    Labels are placed in ``urutan`` (default: as given); each keeps clear of the plot edge,
    of every other point, of the ``rintangan`` boxes (e.g. the quadrant names) and of the
    labels placed before it.
    """
    n = len(teks)
    titik = [
        _Kotak(x - _JARI_TITIK, y - _JARI_TITIK, x + _JARI_TITIK, y + _JARI_TITIK)
        for x, y in zip(px, py, strict=True)
    ]
    terpasang: list[_Kotak] = list(rintangan)
    hasil: list[tuple[float, float, str] | None] = [None] * n
    for i in urutan if urutan is not None else range(n):
        for dx, dy, align in _POSISI:
            k = _kotak_label(px[i], py[i], teks[i], dx, dy, align)
            if k.x0 < 0 or k.y0 < 0 or k.x1 > lebar or k.y1 > tinggi:
                continue
            if any(k.tumpang(t) for j, t in enumerate(titik) if j != i):
                continue
            if any(k.tumpang(t) for t in terpasang):
                continue
            terpasang.append(k)
            hasil[i] = (dx, dy, align)
            break
    return hasil


def _ranah(nilai: np.ndarray, ambang: float | None) -> list[float]:
    ada = [float(v) for v in nilai if np.isfinite(v)]
    if ambang is not None and np.isfinite(ambang):
        ada.append(float(ambang))
    lo, hi = (min(ada), max(ada)) if ada else (0.0, 1.0)
    jarak = hi - lo or max(abs(hi), 1.0)
    return [lo - 0.12 * jarak, hi + 0.12 * jarak]


def grafik_kuadran(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    kuadran: str = "kuadran",
    label: str = "nama",
    sorot: str | None = None,
    ambang_x: float,
    ambang_y: float,
    label_sudut: Mapping[tuple[bool, bool], str],
    format_x: Callable[[Any], str] | str = angka,
    format_y: Callable[[Any], str] | str = angka,
    info: Sequence[tuple[str, str]] = (),
    judul: str | None = None,
    label_x: str | None = None,
    label_y: str | None = None,
    lebar: int = 560,
    tinggi: int = 340,
) -> Grafik:
    """Points split into four shaded, named quadrants by ``ambang_x`` and ``ambang_y``.

    ``label_sudut`` names the quadrants by corner: keys ``(kanan, atas)`` (True = right of the
    X threshold / above the Y threshold), values quadrant labels (coloured by
    :data:`WARNA_KUADRAN`). ``format_x``/``format_y`` format the tooltip values: a function
    (pre-formatted text in the data, e.g. with a unit) or a d3 format string such as ``",.2f"``
    (formatted by Vega with the Indonesian locale: smaller pages when the unit is in the axis
    title). Points are coloured by their ``kuadran`` column; rows without
    ``x`` or ``y`` are left out (``meta["tanpa_nilai"]``). ``info`` adds tooltip lines
    ``(title, column)``.
    """
    _wajib_kolom(df, [x, y, kuadran, label, *[k for _, k in info]])
    # Columns as numpy arrays (a point per kab/kota; pandas per-operation overhead would cost
    # more than the chart), assembled into the chart's table once, at the end.
    kolom: dict[str, np.ndarray] = {
        "label": df[label].astype(str).to_numpy(),
        "x": pd.to_numeric(df[x], errors="coerce").astype(float).to_numpy(),
        "y": pd.to_numeric(df[y], errors="coerce").astype(float).to_numpy(),
        "kuadran": df[kuadran].astype(object).where(df[kuadran].notna(), "").to_numpy(),
        **{f"info_{i}": df[k].astype(str).to_numpy() for i, (_, k) in enumerate(info)},
    }
    hilang = np.isnan(kolom["x"]) | np.isnan(kolom["y"])
    tanpa_nilai = kolom["label"][hilang].tolist()
    kolom = {k: v[~hilang] for k, v in kolom.items()}
    rx, ry = _ranah(kolom["x"], ambang_x), _ranah(kolom["y"], ambang_y)
    x_piksel = (kolom["x"] - rx[0]) / (rx[1] - rx[0]) * lebar
    y_piksel = tinggi - (kolom["y"] - ry[0]) / (ry[1] - ry[0]) * tinggi
    nama_titik = kolom["label"].tolist()
    fokus = np.array([n == sorot for n in nama_titik], dtype=bool)
    urutan = [int(i) for i in np.argsort(~fokus, kind="stable")]
    posisi = tata_label(
        x_piksel.tolist(),
        y_piksel.tolist(),
        nama_titik,
        lebar,
        tinggi,
        urutan,
        rintangan=_kotak_sudut(label_sudut, lebar, tinggi),
    )

    kolom["fokus"] = fokus
    for kanal, f in (("x", format_x), ("y", format_y)):
        if callable(f):
            kolom[f"teks_{kanal}"] = np.array([f(v) for v in kolom[kanal].tolist()], dtype=object)
    kotak: list[list[float]] = []
    label_rows = []
    for i, pos in enumerate(posisi):
        if pos is None:
            continue
        dx, dy, align = pos
        k = _kotak_label(float(x_piksel[i]), float(y_piksel[i]), nama_titik[i], dx, dy, align)
        kotak.append([k.x0, k.y0, k.x1, k.y1])
        label_rows.append(
            {
                "teks": nama_titik[i],
                "lx": rx[0] + (x_piksel[i] + dx) / lebar * (rx[1] - rx[0]),
                "ly": ry[0] + (tinggi - y_piksel[i] - dy) / tinggi * (ry[1] - ry[0]),
                "align": align,
                "tebal": "bold" if fokus[i] else "normal",
            }
        )
    tanpa_label = [nama_titik[i] for i, p in enumerate(posisi) if p is None]
    atas = np.concatenate([np.flatnonzero(~fokus), np.flatnonzero(fokus)])  # focus drawn on top
    # The chart's records straight from the columns (what a frame through to_json would give).
    isi = {k: v[atas].tolist() for k, v in kolom.items()}
    isi["x"], isi["y"] = _angka_rekaman(isi["x"]), _angka_rekaman(isi["y"])
    for nama_kolom in isi.keys() - {"x", "y"}:  # a missing text is JSON null, as to_json gave
        isi[nama_kolom] = [None if _hilang(v) else v for v in isi[nama_kolom]]
    data = [dict(zip(isi, baris, strict=True)) for baris in zip(*isi.values(), strict=True)]

    skala_x = {"domain": rx, "nice": False, "zero": False}
    skala_y = {"domain": ry, "nice": False, "zero": False}
    label_x, label_y = label_x or x, label_y or y
    sumbu: dict[str, Any] = {
        "x": {"field": "x", "type": "quantitative", "title": label_x, "scale": skala_x},
        "y": {"field": "y", "type": "quantitative", "title": label_y, "scale": skala_y},
    }
    lapisan: list[dict[str, Any]] = [
        _latar(rx, ry, ambang_x, ambang_y, label_sudut),
        _nama_sudut(rx, ry, label_sudut),
        _aturan(float(ambang_x), "x"),
        _aturan(float(ambang_y), "y"),
        {
            "mark": {"type": "point", "filled": True, "opacity": 0.95, "stroke": "#111111"},
            "encoding": {
                **sumbu,
                "color": {
                    "field": "kuadran",
                    "type": "nominal",
                    "scale": {
                        "domain": [*label_sudut.values(), ""],
                        "range": [
                            *(WARNA_KUADRAN.get(n, PALET["lainnya"]) for n in label_sudut.values()),
                            PALET["lainnya"],
                        ],
                    },
                    "legend": None,
                },
                "shape": {
                    "condition": {"test": "datum.fokus", "value": "diamond"},
                    "value": "circle",
                },
                "size": {"condition": {"test": "datum.fokus", "value": 260}, "value": 70},
                "strokeWidth": {"condition": {"test": "datum.fokus", "value": 2}, "value": 0},
                "tooltip": [
                    {"field": "label", "type": "nominal", "title": "Wilayah"},
                    _tooltip_nilai("x", format_x, label_x),
                    _tooltip_nilai("y", format_y, label_y),
                    {"field": "kuadran", "type": "nominal", "title": "Kuadran"},
                    *[
                        {"field": f"info_{i}", "type": "nominal", "title": t}
                        for i, (t, _) in enumerate(info)
                    ],
                ],
            },
        },
    ]
    for align in ("left", "right", "center"):
        for tebal in ("normal", "bold"):
            baris = [r for r in label_rows if r["align"] == align and r["tebal"] == tebal]
            if baris:
                lapisan.append(_lapisan_label(baris, align, tebal))
    return _grafik(
        lapisan,
        data=data,
        judul=judul,
        lebar=lebar,
        tinggi=tinggi,
        meta={
            "jenis": "kuadran",
            "sorot": sorot,
            "tanpa_nilai": tanpa_nilai,
            "tanpa_label": tanpa_label,
            "kotak_label": kotak,
            "ambang_x": float(ambang_x),
            "ambang_y": float(ambang_y),
            "ranah_x": rx,
            "ranah_y": ry,
        },
    )


def _tooltip_nilai(kanal: str, f: Callable[[Any], str] | str, judul: str) -> dict[str, Any]:
    if callable(f):
        return {"field": f"teks_{kanal}", "type": "nominal", "title": judul}
    return {"field": kanal, "type": "quantitative", "format": f, "title": judul}


def _latar(
    rx: list[float],
    ry: list[float],
    ax: float,
    ay: float,
    label_sudut: Mapping[tuple[bool, bool], str],
) -> dict[str, Any]:
    """Four shaded rectangles, one per quadrant, in the quadrant's colour."""
    kotak = []
    for (kanan, atas), nama in label_sudut.items():
        kotak.append(
            {
                "x": ax if kanan else rx[0],
                "x2": rx[1] if kanan else ax,
                "y": ay if atas else ry[0],
                "y2": ry[1] if atas else ay,
                "warna": WARNA_KUADRAN.get(nama, PALET["lainnya"]),
            }
        )
    return {
        "data": {"values": kotak},
        "mark": {"type": "rect", "opacity": 0.09},
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "x2": {"field": "x2"},
            "y": {"field": "y", "type": "quantitative"},
            "y2": {"field": "y2"},
            "color": {"field": "warna", "type": "nominal", "scale": None},
        },
    }


TEPI_SUDUT = 0.05
"""Distance of a quadrant name from the top/bottom edge, as a share of the plot height."""


def _teks_sudut(nama: str) -> str:
    return nama.upper() if len(nama) < 12 else nama


def _kotak_sudut(
    label_sudut: Mapping[tuple[bool, bool], str], lebar: float, tinggi: float
) -> list[_Kotak]:
    """Pixel boxes of the quadrant names (bold, a little wider than plain labels)."""
    kotak = []
    for (kanan, atas), nama in label_sudut.items():
        teks = _teks_sudut(nama)
        w = len(teks) * UKURAN_FONT * (LEBAR_HURUF + 0.06) + 6
        y = TEPI_SUDUT * tinggi if atas else (1 - TEPI_SUDUT) * tinggi
        x0 = lebar - 4 - w if kanan else 4
        kotak.append(_Kotak(x0, y - UKURAN_FONT / 2 - 2, x0 + w, y + UKURAN_FONT / 2 + 2))
    return kotak


def _nama_sudut(
    rx: list[float],
    ry: list[float],
    label_sudut: Mapping[tuple[bool, bool], str],
) -> dict[str, Any]:
    """Each quadrant's name in its outer corner, in its colour (one text layer per side)."""
    tepi_y = TEPI_SUDUT * (ry[1] - ry[0])
    baris = [
        {
            "x": rx[1] if kanan else rx[0],
            "y": ry[1] - tepi_y if atas else ry[0] + tepi_y,
            "teks": _teks_sudut(nama),
            "warna": WARNA_KUADRAN.get(nama, PALET["lainnya"]),
            "kanan": kanan,
        }
        for (kanan, atas), nama in label_sudut.items()
    ]
    lapis = []
    for kanan in (False, True):
        lapis.append(
            {
                "data": {"values": [r for r in baris if r["kanan"] == kanan]},
                "mark": {
                    "type": "text",
                    "align": "right" if kanan else "left",
                    "dx": -4 if kanan else 4,
                    "fontSize": 10,
                    "fontWeight": "bold",
                    "opacity": 0.75,
                },
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"field": "y", "type": "quantitative"},
                    "text": {"field": "teks", "type": "nominal"},
                    "color": {"field": "warna", "type": "nominal", "scale": None},
                },
            }
        )
    return {"layer": lapis}


def _lapisan_label(baris: list[dict[str, Any]], align: str, tebal: str) -> dict[str, Any]:
    return {
        "data": {"values": [{k: r[k] for k in ("teks", "lx", "ly")} for r in baris]},
        "mark": {
            "type": "text",
            "align": align,
            "baseline": "middle",
            "fontSize": UKURAN_FONT,
            "fontWeight": tebal,
            "color": "#222222",
        },
        "encoding": {
            "x": {"field": "lx", "type": "quantitative"},
            "y": {"field": "ly", "type": "quantitative"},
            "text": {"field": "teks", "type": "nominal"},
        },
    }
