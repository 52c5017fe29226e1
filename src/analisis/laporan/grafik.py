"""Chart helpers (HoloViews/Bokeh, the objects hvplot produces) with Indonesian labels.

What this module guarantees, and why it exists:

* **Indonesian axis numbers.** Bokeh's ``NumeralTickFormatter`` has no Indonesian
  language (its ``language`` enum stops at ``uk-UA``; ``"id"`` is rejected), so
  :func:`format_sumbu` is a ``CustomJSTickFormatter`` producing ``1.234,5`` with a
  true minus sign and half-up rounding identical to :func:`analisis.laporan.format.angka`.
* **Hover text equals report text.** Tooltips show pre-formatted strings computed in
  Python with :mod:`analisis.laporan.format` (``"4,65 persen"``), not Bokeh's English
  numeral formats.
* **Gaps stay gaps.** :func:`grafik_tren` reindexes every series to the full year range
  so a missing year is a NaN and the line breaks there; markers make isolated years
  visible. Nothing is interpolated.
* **One palette** (Okabe–Ito, colour-blind safe), see :data:`PALET`.

The results are ordinary HoloViews objects: they display in a notebook after
``import hvplot.pandas`` (or ``hv.extension("bokeh")``), combine with hvplot plots via
``*``/``+`` and accept further ``.opts(...)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analisis.laporan.format import angka, tahun

__all__ = [
    "PALET",
    "PALET_KATEGORI",
    "format_hover",
    "format_sumbu",
    "grafik_batang",
    "grafik_tren",
    "kode_js_format",
]

PALET: dict[str, str] = {
    "wilayah": "#D55E00",  # the region in focus (vermillion)
    "provinsi": "#0072B2",  # its province (blue)
    "indonesia": "#4D4D4D",  # national figure (dark grey)
    "sorotan": "#D55E00",  # highlighted bar = the region in focus
    "lainnya": "#BDBDBD",  # other regions / context bars
    "acuan": "#222222",  # reference lines
}
"""Role → colour. Use the roles, not hex codes, in notebooks."""

PALET_KATEGORI: list[str] = [
    "#D55E00",
    "#0072B2",
    "#4D4D4D",
    "#009E73",
    "#E69F00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
]
"""Series colours in order: focus, province, Indonesia, then Okabe–Ito."""

# --------------------------------------------------------------------------- JS formatting

# Shared JS: shortest decimal string of a double, half-up rounding on that string,
# '.' thousands, ',' decimals, U+2212 minus, en dash for missing. Mirrors format.angka.
_JS_INTI = r"""
function _bulat(s, d) {
  const bagian = s.split(".");
  const ip = bagian[0];
  const fp = bagian.length > 1 ? bagian[1] : "";
  if (fp.length <= d) return [ip, fp.padEnd(d, "0")];
  const digit = (ip + fp.slice(0, d)).split("").map(Number);
  if (fp.charCodeAt(d) >= 53) {
    let i = digit.length - 1;
    while (i >= 0 && digit[i] === 9) { digit[i] = 0; i--; }
    if (i >= 0) digit[i] += 1; else digit.unshift(1);
  }
  const semua = digit.join("");
  const n = semua.length - d;
  return [semua.slice(0, n) || "0", semua.slice(n)];
}
function _teks(x, d) {
  if (x === null || x === undefined || typeof x !== "number" || !isFinite(x)) return "\u2013";
  let s = String(Math.abs(x));
  if (s.indexOf("e") >= 0) {
    s = Math.abs(x) < 1 ? Math.abs(x).toFixed(20) : BigInt(Math.round(Math.abs(x))).toString();
  }
  const r = _bulat(s, d);
  let ip = r[0];
  if (RIBUAN) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const badan = d > 0 ? ip + "," + r[1] : ip;
  const negatif = x < 0 && /[1-9]/.test(badan);
  return (negatif ? "\u2212" : "") + AWALAN + badan + AKHIRAN;
}
function _desimal_dari(v) {
  if (typeof v !== "number" || !isFinite(v) || v === 0) return 0;
  const s = String(Number(Math.abs(v).toPrecision(12)));
  const e = s.match(/e-(\d+)$/);
  if (e) return parseInt(e[1], 10);
  const i = s.indexOf(".");
  return i < 0 ? 0 : s.length - i - 1;
}
"""


def kode_js_format(
    desimal: int | None = None,
    awalan: str = "",
    akhiran: str = "",
    *,
    ribuan: bool = True,
    maks_desimal: int = 4,
    nilai: str = "tick",
) -> str:
    """JS function body formatting the variable ``nilai`` the Indonesian way.

    ``desimal=None`` chooses the smallest number of decimals that shows every value in
    ``ticks`` exactly (capped at ``maks_desimal``), so an axis reads ``4,5 · 5,0 · 5,5``.
    Exposed for tests (run with Node) and for custom Bokeh callbacks.
    """
    konstanta = (
        f"const DESIMAL = {json.dumps(-1 if desimal is None else int(desimal))};\n"
        f"const MAKS = {json.dumps(int(maks_desimal))};\n"
        f"const AWALAN = {json.dumps(awalan)};\n"
        f"const AKHIRAN = {json.dumps(akhiran)};\n"
        f"const RIBUAN = {json.dumps(bool(ribuan))};\n"
    )
    pilih = (
        "let d = DESIMAL;\n"
        "if (d < 0) {\n"
        "  d = 0;\n"
        "  const semua = (typeof ticks !== 'undefined' && ticks) ? ticks : [" + nilai + "];\n"
        "  for (const t of semua) d = Math.max(d, _desimal_dari(t));\n"
        "  d = Math.min(d, MAKS);\n"
        "}\n"
    )
    return konstanta + _JS_INTI + pilih + f"return _teks({nilai}, d);\n"


def format_sumbu(
    desimal: int | None = None,
    awalan: str = "",
    akhiran: str = "",
    *,
    ribuan: bool = True,
    maks_desimal: int = 4,
):
    """Bokeh tick formatter: ``1.234,5``, ``−0,5``, ``Rp581.229`` (``awalan="Rp"``), ``4,5%``.

    Use as ``df.hvplot(..., yformatter=format_sumbu(akhiran="%"))`` or
    ``element.opts(yformatter=format_sumbu())``. ``ribuan=False`` for years.
    """
    from bokeh.models import CustomJSTickFormatter

    return CustomJSTickFormatter(
        code=kode_js_format(desimal, awalan, akhiran, ribuan=ribuan, maks_desimal=maks_desimal)
    )


def format_hover(desimal: int = 2, awalan: str = "", akhiran: str = "", *, ribuan: bool = True):
    """Bokeh ``CustomJSHover`` for raw numeric columns: ``tooltips=[("P0", "@p0{custom}")]``,
    ``formatters={"@p0": format_hover(akhiran="%")}``.

    The chart helpers below prefer pre-formatted text columns; use this when a plot is
    built elsewhere (e.g. plain hvplot) and only a numeric column is available.
    """
    from bokeh.models import CustomJSHover

    kode = kode_js_format(desimal, awalan, akhiran, ribuan=ribuan, nilai="value")
    return CustomJSHover(code="const ticks = null;\n" + kode)


# --------------------------------------------------------------------------- helpers


def _hv():
    """HoloViews with the Bokeh backend registered (no notebook output side effects)."""
    import holoviews as hv
    import holoviews.plotting.bokeh  # noqa: F401  (registers options for the backend)

    return hv


def _tanpa_zoom_gulir(plot, element) -> None:
    """Hook: no scroll-wheel zoom, so scrolling a long report never gets captured."""
    plot.state.toolbar.active_scroll = None


def _wajib_kolom(df: pd.DataFrame, kolom: Iterable[str]) -> None:
    hilang = [k for k in kolom if k not in df.columns]
    if hilang:
        raise KeyError(f"kolom tidak ada di data: {hilang}; kolom tersedia: {list(df.columns)}")


def _tahun_bulat(nilai: pd.Series, nama: str) -> pd.Series:
    angka_x = pd.to_numeric(nilai, errors="raise")
    if (angka_x.dropna() % 1 != 0).any():
        raise ValueError(f"kolom {nama!r} harus berisi tahun bulat")
    return angka_x


def _centang_tahun(tahun_semua: Sequence[int], maks: int = 12) -> list[int]:
    if not tahun_semua:
        return []
    langkah = max(1, -(-len(tahun_semua) // maks))
    return list(tahun_semua[::langkah])


# --------------------------------------------------------------------------- trend chart


def grafik_tren(
    df: pd.DataFrame,
    *,
    x: str = "tahun",
    y: str = "nilai",
    seri: str = "wilayah",
    urutan: Sequence[str] | None = None,
    warna: Mapping[str, str] | None = None,
    format_nilai: Callable[[Any], str] = angka,
    judul: str | None = None,
    label_x: str = "Tahun",
    label_y: str | None = None,
    label_seri: str = "Wilayah",
    format_sumbu_y=None,
    rentang_lengkap: bool = True,
    lebar: int = 720,
    tinggi: int = 360,
):
    """Lines over years, one per series (e.g. kabupaten vs provinsi vs Indonesia).

    ``df`` is tidy: one row per (``seri``, ``x``) with the value in ``y``. Every series is
    reindexed to the full year range (``rentang_lengkap=True``: every integer year from
    the first to the last year in ``df``; ``False``: the union of years present), so a
    missing year — absent row or NaN — breaks the line instead of being bridged.
    Markers show every observed year, so an isolated year stays visible.

    Colours follow ``urutan`` (default: order of first appearance): focus region,
    province, Indonesia, then :data:`PALET_KATEGORI`; ``warna`` overrides per series.
    Hover shows the series, the year and ``format_nilai(value)`` (e.g.
    ``format_nilai=persen`` → ``"4,65 persen"``).
    """
    hv = _hv()
    _wajib_kolom(df, [x, y, seri])
    data = df[[seri, x, y]].copy()
    data[x] = _tahun_bulat(data[x], x)
    data[y] = pd.to_numeric(data[y], errors="raise").astype(float)
    data = data.dropna(subset=[x, seri])
    dobel = data.duplicated([seri, x], keep=False)
    if dobel.any():
        contoh = data.loc[dobel, [seri, x]].drop_duplicates().head(5)
        contoh = contoh.to_records(index=False).tolist()
        raise ValueError(f"ada lebih dari satu nilai per ({seri}, {x}): {contoh}")

    nama_seri = list(dict.fromkeys(data[seri].tolist()))
    if urutan is not None:
        tak_dikenal = [s for s in urutan if s not in nama_seri]
        if tak_dikenal:
            raise ValueError(f"seri tidak ada di data: {tak_dikenal}")
        nama_seri = list(urutan) + [s for s in nama_seri if s not in urutan]

    tahun_ada = sorted(int(t) for t in data[x].unique())
    if rentang_lengkap and tahun_ada:
        tahun_semua = list(range(tahun_ada[0], tahun_ada[-1] + 1))
    else:
        tahun_semua = tahun_ada

    warna = dict(warna or {})
    elemen = []
    for i, nama in enumerate(nama_seri):
        bagian = data[data[seri] == nama].set_index(x)[y]
        bagian.index = bagian.index.astype(int)
        bagian = bagian.reindex(tahun_semua)
        tabel = pd.DataFrame(
            {
                "tahun": np.asarray(tahun_semua, dtype=int),
                "nilai": bagian.to_numpy(dtype=float),
                "seri": [str(nama)] * len(tahun_semua),
                "teks_tahun": [tahun(t) for t in tahun_semua],
                "teks_nilai": [format_nilai(v) for v in bagian.tolist()],
            }
        )
        w = warna.get(nama, PALET_KATEGORI[i % len(PALET_KATEGORI)])
        tebal = 3 if i == 0 else 2
        kd = [hv.Dimension("tahun", label=label_x)]
        vd = [hv.Dimension("nilai", label=label_y or y), "seri", "teks_tahun", "teks_nilai"]
        garis = hv.Curve(tabel, kdims=kd, vdims=vd, label=str(nama)).opts(
            color=w, line_width=tebal, tools=[]
        )
        titik = hv.Scatter(tabel, kdims=kd, vdims=vd, label=str(nama)).opts(
            color=w,
            size=6 if i == 0 else 5,
            tools=["hover"],
            hover_tooltips=[
                (label_seri, "@{seri}"),
                (label_x, "@{teks_tahun}"),
                (label_y or "Nilai", "@{teks_nilai}"),
            ],
        )
        elemen += [garis, titik]

    hasil = hv.Overlay(elemen).opts(
        title=judul or "",
        width=lebar,
        height=tinggi,
        xlabel=label_x,
        ylabel=label_y or y,
        xticks=_centang_tahun(tahun_semua),
        xformatter=format_sumbu(0, ribuan=False),
        yformatter=format_sumbu_y if format_sumbu_y is not None else format_sumbu(),
        legend_position="right",
        show_grid=True,
        padding=(0.03, 0.08),  # markers at the first/last year are not cut in half
        hooks=[_tanpa_zoom_gulir],
    )
    return hasil


# --------------------------------------------------------------------------- bar chart


def grafik_batang(
    df: pd.DataFrame,
    *,
    kategori: str = "wilayah",
    nilai: str = "nilai",
    sorot: str | Sequence[str] | None = None,
    acuan: float | None = None,
    label_acuan: str | None = None,
    format_nilai: Callable[[Any], str] = angka,
    menurun: bool = True,
    horizontal: bool = True,
    judul: str | None = None,
    label_kategori: str = "Wilayah",
    label_nilai: str | None = None,
    format_sumbu_nilai=None,
    lebar: int = 720,
    tinggi: int | None = None,
):
    """Sorted bars (one per ``kategori``), ``sorot`` highlighted, optional reference line.

    Sorting is by value, largest first when ``menurun`` (top of a horizontal chart,
    left of a vertical one); missing values go last and draw no bar but keep their row
    (hover shows ``–``). ``acuan`` draws a dashed line (e.g. the provincial value)
    labelled ``"{label_acuan}: {format_nilai(acuan)}"``.
    """
    hv = _hv()
    _wajib_kolom(df, [kategori, nilai])
    data = pd.DataFrame(
        {
            "kategori": df[kategori].astype(str).to_numpy(),
            "nilai": pd.to_numeric(df[nilai], errors="raise").astype(float).to_numpy(),
        }
    )
    dobel = data["kategori"].duplicated(keep=False)
    if dobel.any():
        ganda = sorted(set(data.loc[dobel, "kategori"]))
        raise ValueError(f"kategori ganda di kolom {kategori!r}: {ganda}")

    if sorot is None:
        disorot: set[str] = set()
    elif isinstance(sorot, str):
        disorot = {sorot}
    else:
        disorot = {str(s) for s in sorot}
    tak_ada = disorot - set(data["kategori"])
    if tak_ada:
        raise ValueError(f"kategori yang disorot tidak ada di data: {sorted(tak_ada)}")

    data = data.sort_values("nilai", ascending=not menurun, na_position="last", kind="stable")
    if horizontal:
        # Bokeh lists categorical factors bottom-up: reverse so the first row is on top.
        data = data.iloc[::-1]
    data["warna"] = [
        PALET["sorotan"] if k in disorot else PALET["lainnya"] for k in data["kategori"]
    ]
    data["teks_nilai"] = [format_nilai(v) for v in data["nilai"].tolist()]
    data = data.reset_index(drop=True)

    label_nilai = label_nilai or nilai
    batang = hv.Bars(
        data,
        kdims=[hv.Dimension("kategori", label=label_kategori)],
        vdims=[hv.Dimension("nilai", label=label_nilai), "warna", "teks_nilai"],
    ).opts(
        color="warna",
        line_color=None,
        invert_axes=horizontal,
        tools=["hover"],
        hover_tooltips=[(label_kategori, "@{kategori}"), (label_nilai, "@{teks_nilai}")],
    )
    if tinggi is None:
        tinggi = max(240, 22 * len(data) + 90) if horizontal else 380

    lapisan = [batang]
    kait = [_tanpa_zoom_gulir]
    if acuan is not None and not pd.isna(acuan):
        # Pitfall: an Overlay containing inverted Bars inverts *all* its elements, so an
        # HLine is the right element for both orientations (it becomes vertical here).
        garis_acuan = hv.HLine(float(acuan)).opts(
            color=PALET["acuan"], line_dash="dashed", line_width=1.5
        )
        lapisan.append(garis_acuan)
        teks_acuan = format_nilai(acuan)
        teks_acuan = f"{label_acuan}: {teks_acuan}" if label_acuan else teks_acuan
        kait.append(_kait_label_acuan(float(acuan), teks_acuan, len(data), horizontal))

    sumbu = format_sumbu_nilai if format_sumbu_nilai is not None else format_sumbu()
    opsi: dict[str, Any] = {
        "title": judul or "",
        "width": lebar,
        "height": tinggi,
        "show_grid": True,
        "hooks": kait,
    }
    # After inversion the value axis is x for horizontal bars, y for vertical bars.
    opsi["xformatter" if horizontal else "yformatter"] = sumbu
    return hv.Overlay(lapisan).opts(**opsi)


def _kait_label_acuan(nilai_acuan: float, teks: str, jumlah: int, horizontal: bool):
    """Hook adding a text label at the reference line, at the end of the category axis.

    Pitfall: BokehJS rejects a factor name as ``Label.x``/``Label.y`` ("given invalid
    value") although the Python model accepts it. On a categorical axis factor ``i`` is
    centred at synthetic coordinate ``i + 0.5``, so ``0`` is the bottom/left edge and
    ``jumlah`` the right edge.
    """

    def kait(plot, element) -> None:
        from bokeh.models import Label

        if horizontal:  # bottom of the chart, right of the line (shortest bars are there)
            label = Label(x=nilai_acuan, y=0, x_offset=4, y_offset=3, text=teks)
        else:  # right end, above the line
            label = Label(x=float(jumlah), y=nilai_acuan, x_offset=-4, y_offset=3, text=teks,
                          text_align="right")
        label.text_font_size = "9pt"
        label.text_color = PALET["acuan"]
        label.background_fill_color = "white"
        label.background_fill_alpha = 0.75
        label.name = "label_acuan"
        plot.state.add_layout(label)

    return kait
