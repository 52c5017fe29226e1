"""Chart helpers with Indonesian labels: Vega-Lite charts for reports, Bokeh formatters for the app.

Report charts (:func:`grafik_tren`, :func:`grafik_batang`, :func:`grafik_sebar`,
:func:`grafik_interval`, :func:`grafik_batang_tumpuk`, :func:`grafik_batang_selang`, the
choropleth :func:`grafik_peta`) are `Vega-Lite
<https://vega.github.io/vega-lite/>`_ specifications wrapped in :class:`Grafik`: a chart is
a small JSON document that the browser draws with Vega. Building one costs a few ms in
Python, against ~90 ms through Altair's objects with validation, ~0.2 s for the same
figure as a Bokeh document and ~0.5 s through HoloViews (measured in this session's
profiling, see ``benchmarks/bench_runner.py`` for the end-to-end effect); a report has a
dozen charts and the runner renders hundreds of reports. The specification (~3 KB) is also
far smaller in the HTML. Every chart is validated against the Vega-Lite schema in the
tests; :meth:`Grafik.ke_altair` hands it to Altair for further changes.

What this module guarantees, and why it exists:

* **Indonesian numbers everywhere.** Every chart carries a d3 number locale
  (:data:`LOKAL_ANGKA`: ``1.234,5``, true minus sign) in its configuration, so axes read
  the Indonesian way in JupyterLab and in exported reports alike. Bokeh's
  ``NumeralTickFormatter`` has no Indonesian language, so for Bokeh plots (the Panel app,
  analysts' own hvplot charts) :func:`format_sumbu` is a ``CustomJSTickFormatter`` with
  half-up rounding identical to :func:`analisis.laporan.format.angka`.
* **Tooltip text equals report text.** Tooltips show pre-formatted strings computed in
  Python with :mod:`analisis.laporan.format` (``"4,65 persen"``).
* **Gaps stay gaps.** :func:`grafik_tren` splits every series at missing years into
  segments (``segmen``): the line breaks there, markers keep isolated years visible.
  Nothing is interpolated; missing years are listed in the data as such.
* **One palette** (Okabe–Ito, colour-blind safe), see :data:`PALET`.
* **Offline.** In a notebook a chart displays as the Vega-Lite MIME type JupyterLab draws
  itself, no CDN. Exported reports draw them with the Vega files copied once into the
  shared ``_static`` folder (:mod:`analisis.laporan.sumber_daya`).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analisis.laporan.format import angka, kolom_tahun, teks_penanda, teks_tampil

__all__ = [
    "LOKAL_ANGKA",
    "MIME_VEGALITE",
    "PALET",
    "PALET_KATEGORI",
    "Grafik",
    "bundel_mime",
    "format_hover",
    "format_sumbu",
    "grafik_batang",
    "grafik_batang_selang",
    "grafik_batang_tumpuk",
    "grafik_interval",
    "grafik_sebar",
    "grafik_tren",
    "kode_js_format",
    "siapkan_spesifikasi",
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


def _wajib_kolom(df: pd.DataFrame, kolom: Iterable[str]) -> None:
    hilang = [k for k in kolom if k not in df.columns]
    if hilang:
        raise KeyError(f"kolom tidak ada di data: {hilang}; kolom tersedia: {list(df.columns)}")


def _tahun_bulat(nilai: pd.Series, nama: str) -> pd.Series:
    angka_x = pd.to_numeric(nilai, errors="raise")
    if (angka_x.dropna() % 1 != 0).any():
        raise ValueError(f"kolom {nama!r} harus berisi tahun bulat")
    return angka_x


def _hilang(v: Any) -> bool:
    """A missing cell as pandas' ``dropna`` sees it (None, NaN, ``pd.NA``, ``NaT``)."""
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)  # noqa: PLR0124


def _teks_kategori(kolom: pd.Series, nama: str) -> list[str]:
    """A column naming bars, points or series, as text. A missing cell is an error: it would
    be drawn under the name "nan" (or "None", "<NA>")."""
    isi = kolom.tolist()
    for i, v in enumerate(isi):
        if _hilang(v):
            raise ValueError(
                f"kategori kosong di kolom {nama!r} (baris ke-{i + 1}): setiap batang, titik "
                "atau seri grafik perlu nama"
            )
    return [v if type(v) is str else str(v) for v in isi]


def _teks_info(kolom: pd.Series) -> list[str]:
    """A tooltip column as display text (:func:`~analisis.laporan.format.teks_tampil`: numbers in
    Indonesian format, a missing cell the gap marker, never "nan"; a year column's years as
    their digits, :func:`~analisis.laporan.format.kolom_tahun`)."""
    ubah = teks_penanda if kolom_tahun(kolom.name) else teks_tampil
    return [v if type(v) is str else ubah(v) for v in kolom.tolist()]


def _nilai_float(nilai: pd.Series) -> pd.Series:
    """A value column as floats (numbers in text converted; anything else is an error)."""
    if nilai.dtype == "float64":
        return nilai
    return pd.to_numeric(nilai, errors="raise").astype(float)


def _tolak_ganda(kolom_seri: Sequence[str], kolom_x: Sequence[Any], seri: str, x: str) -> None:
    """A ``ValueError`` naming up to five (series, year) pairs that occur more than once."""
    contoh = [k for k, n in Counter(zip(kolom_seri, kolom_x)).items() if n > 1][:5]
    if contoh:
        raise ValueError(f"ada lebih dari satu nilai per ({seri}, {x}): {contoh}")


def _angka_rekaman(nilai: list[float]) -> list[float]:
    """Floats exactly as :func:`_rekaman` leaves them (pandas ``to_json`` with 15 decimals,
    read back), without building a frame when it changes nothing: a value of at most 10
    decimals and 15 digits comes back unchanged (zero as ``0.0``); others go through pandas."""
    hasil: list[float] = []
    lain: list[int] = []
    for i, v in enumerate(nilai):
        teks = repr(v)
        bulat, _, pecahan = teks.lstrip("-").partition(".")
        if "e" in teks or "n" in teks or len(pecahan) > 10 or len(bulat) + len(pecahan) > 15:
            lain.append(i)
        hasil.append(0.0 if v == 0 else v)
    if lain:
        dibaca = json.loads(
            pd.Series([nilai[i] for i in lain], dtype=float).to_json(
                orient="values", double_precision=15
            )
        )
        for i, v in zip(lain, dibaca, strict=True):
            hasil[i] = v
    return hasil


def _centang_tahun(tahun_semua: Sequence[int], maks: int = 12) -> list[int]:
    if not tahun_semua:
        return []
    langkah = max(1, -(-len(tahun_semua) // maks))
    return list(tahun_semua[::langkah])


# --------------------------------------------------------------------------- Vega-Lite: display

MIME_VEGALITE = "application/vnd.vegalite.v5+json"
"""MIME type of a chart in notebook outputs: JupyterLab 4 draws Vega-Lite v3–v5 natively.
The same specification is drawn with Vega-Lite 6 in exported reports (only features common to
both are used; tests validate every chart against the Vega-Lite schema)."""

SKEMA_V5 = "https://vega.github.io/schema/vega-lite/v5.json"

LOKAL_ANGKA: dict[str, Any] = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["Rp", ""],
    "minus": "\u2212",
    "nan": "\u2013",
}
"""d3-format locale for Indonesian numbers (axes, legends): ``1.234,5``, ``−0,5``."""

_SUMBU = {
    "labelFontSize": 11,
    "titleFontSize": 12,
    "titleFontWeight": "normal",
    "titleLimit": 0,  # axis titles are never cut ("Perubahan P0 per tahun 2021–2024 (poin)")
    "gridColor": "#e6e6e6",
}


def siapkan_spesifikasi(spesifikasi: Mapping[str, Any]) -> dict[str, Any]:
    """A Vega-Lite dict ready to draw: Indonesian number locale in ``config`` (unless one is
    set), no ``$schema`` (a URL; reports must not reference the network)."""
    hasil = dict(spesifikasi)
    hasil.pop("$schema", None)
    config = dict(hasil.get("config") or {})
    lokal = dict(config.get("locale") or {})
    lokal.setdefault("number", LOKAL_ANGKA)
    config["locale"] = lokal
    hasil["config"] = config
    return hasil


def _judul_spesifikasi(spes: Mapping[str, Any]) -> str:
    judul = spes.get("title")
    if isinstance(judul, Mapping):
        judul = judul.get("text")
    if isinstance(judul, list):
        judul = " ".join(map(str, judul))
    return str(judul or "tanpa judul")


def bundel_mime(spes: Mapping[str, Any], **_: Any) -> dict[str, Any]:
    """Notebook display of a Vega-Lite chart: the Vega-Lite MIME type (drawn by JupyterLab
    without any CDN, embedded by :mod:`analisis.laporan.ekspor` into reports) and a text
    fallback. Also registered as the Altair renderer ``analisis`` (:meth:`Grafik.ke_altair`)."""
    data = siapkan_spesifikasi(spes)
    data["$schema"] = SKEMA_V5
    return {MIME_VEGALITE: data, "text/plain": f"<Grafik: {_judul_spesifikasi(spes)}>"}


class Grafik:
    """A report chart: a Vega-Lite specification (``.spesifikasi``) that displays itself.

    Built as a plain dict (~1–5 ms) rather than through Altair's objects (~90 ms per chart
    with validation, measured): a report has a dozen charts and the runner renders hundreds
    of reports. For further changes with Altair's API use :meth:`ke_altair`.
    ``.meta`` holds what the chart shows beyond the drawing (e.g. missing years), also
    carried in the specification's ``usermeta``.
    """

    __slots__ = ("spesifikasi",)

    def __init__(self, spesifikasi: dict[str, Any]) -> None:
        self.spesifikasi = spesifikasi

    @property
    def meta(self) -> dict[str, Any]:
        return dict((self.spesifikasi.get("usermeta") or {}).get("analisis") or {})

    @property
    def judul(self) -> str:
        return _judul_spesifikasi(self.spesifikasi)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return bundel_mime(self.spesifikasi)

    def __repr__(self) -> str:
        return f"<Grafik: {self.judul}>"

    def ke_altair(self):
        """The chart as an Altair object (validated; displays through the ``analisis`` renderer)."""
        import altair as alt

        if "analisis" not in alt.renderers.names():
            alt.renderers.register("analisis", bundel_mime)
        if alt.renderers.active == "default":
            alt.renderers.enable("analisis")
        spes = siapkan_spesifikasi(self.spesifikasi)
        kelas = alt.LayerChart if "layer" in spes else alt.Chart
        return kelas.from_dict(spes)


def _rekaman(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-safe records (NaN → null, numpy scalars → Python)."""
    return json.loads(df.to_json(orient="records", force_ascii=False, double_precision=15))


def _grafik(
    lapisan: list[dict] | dict,
    *,
    data: pd.DataFrame | list[dict[str, Any]],
    judul: str | None,
    lebar: Any,
    tinggi: Any,
    meta: dict[str, Any],
    **lain: Any,
) -> Grafik:
    """A chart from its layers (or single mark spec) with the shared title, config (Indonesian
    locale) and ``usermeta``; ``data`` is a table or ready JSON-safe records."""
    spes: dict[str, Any] = {
        "data": {"values": _rekaman(data) if isinstance(data, pd.DataFrame) else data}
    }
    if isinstance(lapisan, list):
        spes["layer"] = lapisan
    else:
        spes.update(lapisan)
    if judul:
        spes["title"] = {"text": judul, "anchor": "start", "fontSize": 14}
    spes.update(width=lebar, height=tinggi, **lain)
    spes["config"] = {
        "axis": _SUMBU,
        "legend": {"labelFontSize": 11, "titleFontSize": 12},
        "view": {"stroke": None},
        "locale": {"number": LOKAL_ANGKA},
    }
    spes["usermeta"] = {"analisis": meta}
    return Grafik(spes)


def _aturan(nilai: float, kanal: str, **gaya: Any) -> dict[str, Any]:
    """A dashed reference line at ``nilai`` on channel ``x`` or ``y`` (its own one-row data)."""
    return {
        "data": {"values": [{"acuan": float(nilai)}]},
        "mark": {"type": "rule", "color": PALET["acuan"], "strokeDash": [6, 4], **gaya},
        "encoding": {kanal: {"field": "acuan", "type": "quantitative"}},
    }


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
    format_sumbu_y: str | None = None,
    rentang_lengkap: bool = True,
    bawah: str | None = None,
    atas: str | None = None,
    label_interval: str = "Rentang 95%",
    lebar: int = 720,
    tinggi: int = 360,
) -> Grafik:
    """Lines over years, one per series (e.g. kabupaten vs provinsi vs Indonesia).

    ``df`` is tidy: one row per (``seri``, ``x``) with the value in ``y``. Every series is
    laid on the full year range (``rentang_lengkap=True``: every integer year from the first
    to the last year in ``df``; ``False``: the union of years present); a missing year —
    absent row or NaN — splits the series into separate line segments (field ``segmen``)
    instead of being bridged, and is listed in ``meta["tahun_kosong"]``. Markers show every
    observed year, so an isolated year stays visible.

    Colours follow ``urutan`` (default: order of first appearance): focus region,
    province, Indonesia, then :data:`PALET_KATEGORI`; ``warna`` overrides per series; the
    first series is drawn thicker. Tooltips show the series, the year and
    ``format_nilai(value)`` (e.g. ``format_nilai=persen`` → ``"4,65 persen"``).
    ``format_sumbu_y`` is a d3 format for the value axis (default: automatic, Indonesian).
    ``bawah``/``atas`` name columns with an interval (e.g. the 95 % range of a sample
    estimate), drawn as a vertical bar through each point that has one and named in its
    tooltip as ``label_interval``.
    """
    kolom_interval = [k for k in (bawah, atas) if k]
    _wajib_kolom(df, [x, y, seri, *kolom_interval])
    # Plain lists from the start: a report draws a dozen of these, each a few rows per series,
    # where every small pandas step (copy, dropna, duplicated, a frame for the records) costs
    # more than the chart itself.
    ada_interval = bool(bawah and atas)
    kolom_x = _tahun_bulat(df[x], x).tolist()
    kolom_y = _nilai_float(df[y]).tolist()
    kolom_s = df[seri].tolist()
    kolom_b = df[bawah].tolist() if ada_interval else []
    kolom_a = df[atas].tolist() if ada_interval else []
    dipakai = [
        j for j in range(len(kolom_x)) if not _hilang(kolom_x[j]) and not _hilang(kolom_s[j])
    ]
    kolom_seri = [str(kolom_s[j]) for j in dipakai]
    kolom_x = [kolom_x[j] for j in dipakai]
    kolom_nilai = [kolom_y[j] for j in dipakai]
    kolom_bawah = [kolom_b[j] for j in dipakai] if ada_interval else []
    kolom_atas = [kolom_a[j] for j in dipakai] if ada_interval else []
    _tolak_ganda(kolom_seri, kolom_x, seri, x)

    nama_seri = list(dict.fromkeys(kolom_seri))
    if urutan is not None:
        tak_dikenal = [s for s in urutan if s not in nama_seri]
        if tak_dikenal:
            raise ValueError(f"seri tidak ada di data: {tak_dikenal}")
        nama_seri = list(urutan) + [s for s in nama_seri if s not in urutan]

    kolom_tahun = [int(t) for t in kolom_x]
    tahun_ada = sorted(set(kolom_tahun))
    tahun_semua = (
        list(range(tahun_ada[0], tahun_ada[-1] + 1)) if rentang_lengkap and tahun_ada else tahun_ada
    )

    warna = dict(warna or {})
    baris: list[dict[str, Any]] = []
    kosong: dict[str, list[int]] = {}
    interval: list[dict[str, Any]] = []
    baris_seri: dict[str, list[int]] = {}
    for j, nama in enumerate(kolom_seri):
        baris_seri.setdefault(nama, []).append(j)
    for i, nama in enumerate(nama_seri):
        milik = baris_seri.get(nama, [])
        for j in milik if ada_interval else ():
            lo, hi = float(kolom_bawah[j]), float(kolom_atas[j])
            if math.isfinite(lo) and math.isfinite(hi) and math.isfinite(kolom_nilai[j]):
                interval.append(
                    {
                        "seri": nama,
                        "tahun": kolom_tahun[j],
                        "bawah": lo,
                        "atas": hi,
                        "teks_interval": f"{format_nilai(lo)} – {format_nilai(hi)}",
                    }
                )
        per_tahun = {kolom_tahun[j]: kolom_nilai[j] for j in milik}
        nilai = [per_tahun.get(t, math.nan) for t in tahun_semua]
        kosong[nama] = [t for t, v in zip(tahun_semua, nilai) if v != v]  # noqa: PLR0124 - NaN test
        segmen = 0
        for t, v in zip(tahun_semua, nilai):
            if v != v:  # noqa: PLR0124 - NaN: a new segment starts after every missing year
                segmen += 1
                continue
            baris.append(
                {
                    "seri": nama,
                    "tahun": t,
                    "nilai": v,
                    "segmen": f"{i}-{segmen}",
                    "teks_nilai": format_nilai(v),
                }
            )
    for r, v in zip(baris, _angka_rekaman([r["nilai"] for r in baris]), strict=True):
        r["nilai"] = v

    judul_y = label_y or y
    skala_x: dict[str, Any] = {"nice": False, "zero": False, "padding": 14}
    if tahun_semua:
        awal, akhir = tahun_semua[0], tahun_semua[-1]
        skala_x["domain"] = [awal - 0.5, akhir + 0.5] if awal == akhir else [awal, akhir]
    sumbu_y: dict[str, Any] = {"format": format_sumbu_y} if format_sumbu_y else {}
    encoding = {
        "x": {
            "field": "tahun",
            "type": "quantitative",
            "title": label_x,
            "scale": skala_x,
            "axis": {"format": "d", "values": _centang_tahun(tahun_semua)},
        },
        "y": {
            "field": "nilai",
            "type": "quantitative",
            "title": judul_y,
            "scale": {"zero": False, "padding": 10},
            "axis": sumbu_y,
        },
        "color": {
            "field": "seri",
            "type": "nominal",
            "title": label_seri,
            "sort": nama_seri,
            "scale": {
                "domain": nama_seri,
                "range": [
                    warna.get(n, PALET_KATEGORI[i % len(PALET_KATEGORI)])
                    for i, n in enumerate(nama_seri)
                ],
            },
            "legend": {"orient": "right"},
        },
        "tooltip": [
            {"field": "seri", "type": "nominal", "title": label_seri},
            {"field": "tahun", "type": "ordinal", "title": label_x},
            {"field": "teks_nilai", "type": "nominal", "title": judul_y},
        ],
    }
    garis = {
        "mark": {"type": "line"},
        "encoding": {
            **encoding,
            "detail": {"field": "segmen", "type": "nominal"},
            "strokeWidth": _fokus(nama_seri, 3, 2),
        },
    }
    titik = {
        "mark": {"type": "point", "filled": True, "opacity": 1},
        "encoding": {
            **encoding,
            "size": _fokus(nama_seri, 60, 40),
        },
    }
    lapisan: list[dict[str, Any]] = [garis, titik]
    if interval:
        lapisan.insert(
            0,
            {
                "data": {"values": interval},
                "mark": {"type": "rule", "strokeWidth": 2, "opacity": 0.45},
                "encoding": {
                    "x": encoding["x"],
                    "y": {
                        "field": "bawah",
                        "type": "quantitative",
                        "scale": {"zero": False, "padding": 10},
                    },
                    "y2": {"field": "atas"},
                    "color": encoding["color"],
                    "tooltip": [
                        {"field": "seri", "type": "nominal", "title": label_seri},
                        {"field": "tahun", "type": "ordinal", "title": label_x},
                        {"field": "teks_interval", "type": "nominal", "title": label_interval},
                    ],
                },
            },
        )
    return _grafik(
        lapisan,
        data=baris,
        judul=judul,
        lebar=max(240, lebar - 170),
        tinggi=max(160, tinggi - 70),
        meta={
            "jenis": "tren",
            "seri": nama_seri,
            "tahun": tahun_semua,
            "tahun_kosong": kosong,
            "interval": len(interval),
        },
    )


def _fokus(nama_seri: Sequence[str], fokus: float, lain: float) -> dict[str, Any]:
    """A channel value that is ``fokus`` for the first series (the region) and ``lain`` else."""
    if not nama_seri:
        return {"value": lain}
    return {
        "condition": {"test": f"datum.seri === {json.dumps(nama_seri[0])}", "value": fokus},
        "value": lain,
    }


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
    format_sumbu_nilai: str | None = None,
    lebar: int = 720,
    tinggi: int | None = None,
) -> Grafik:
    """Sorted bars (one per ``kategori``), ``sorot`` highlighted, optional reference line.

    Sorting is by value, largest first when ``menurun`` (top of a horizontal chart,
    left of a vertical one); missing values go last and draw no bar but keep their row.
    ``acuan`` draws a dashed line (e.g. the provincial value) labelled
    ``"{label_acuan}: {format_nilai(acuan)}"``.
    """
    _wajib_kolom(df, [kategori, nilai])
    # Plain lists: a report has several of these, each a dozen bars, where every small pandas
    # step (duplicated, sort, new columns, a frame for the records) costs more than the chart.
    kolom_kat = _teks_kategori(df[kategori], kategori)
    kolom_nilai = _nilai_float(df[nilai]).tolist()
    ganda = sorted(k for k, n in Counter(kolom_kat).items() if n > 1)
    if ganda:
        raise ValueError(f"kategori ganda di kolom {kategori!r}: {ganda}")

    if sorot is None:
        disorot: set[str] = set()
    elif isinstance(sorot, str):
        disorot = {sorot}
    else:
        disorot = {str(s) for s in sorot}
    tak_ada = disorot - set(kolom_kat)
    if tak_ada:
        raise ValueError(f"kategori yang disorot tidak ada di data: {sorted(tak_ada)}")

    # Stable sort by value (ties keep their order in both directions), missing values last:
    # what pandas' sort_values(kind="stable", na_position="last") gives.
    ada = [j for j, v in enumerate(kolom_nilai) if v == v]  # noqa: PLR0124 - NaN test
    tanpa = [j for j, v in enumerate(kolom_nilai) if v != v]  # noqa: PLR0124 - NaN test
    urut = sorted(ada, key=kolom_nilai.__getitem__, reverse=menurun) + tanpa
    urutan = [kolom_kat[j] for j in urut]
    angka_json = _angka_rekaman([kolom_nilai[j] for j in urut])
    data = [
        {
            "kategori": kolom_kat[j],
            "nilai": v,
            "warna": PALET["sorotan"] if kolom_kat[j] in disorot else PALET["lainnya"],
            "teks_nilai": format_nilai(kolom_nilai[j]),
        }
        for j, v in zip(urut, angka_json, strict=True)
    ]

    label_nilai = label_nilai or nilai
    kat = {
        "field": "kategori",
        "type": "nominal",
        "title": label_kategori,
        "sort": urutan,
        "scale": {"domain": urutan},
    }
    nil = {
        "field": "nilai",
        "type": "quantitative",
        "title": label_nilai,
        "axis": {"format": format_sumbu_nilai} if format_sumbu_nilai else {},
    }
    if horizontal:
        posisi = {"y": kat, "x": nil}
        lebar_plot, tinggi_plot = max(240, lebar - 230), 22 * max(1, len(data))
    else:
        posisi = {"x": {**kat, "axis": {"labelAngle": -40}}, "y": nil}
        lebar_plot, tinggi_plot = max(240, lebar - 90), (tinggi or 380) - 120
    batang = {
        "mark": {"type": "bar"},
        "encoding": {
            **posisi,
            "color": {"field": "warna", "type": "nominal", "scale": None},
            "tooltip": [
                {"field": "kategori", "type": "nominal", "title": label_kategori},
                {"field": "teks_nilai", "type": "nominal", "title": label_nilai},
            ],
        },
    }
    lapisan = [batang]
    meta: dict[str, Any] = {"jenis": "batang", "urutan": urutan, "sorot": sorted(disorot)}
    if acuan is not None and not pd.isna(acuan):
        teks_acuan = format_nilai(acuan)
        teks_acuan = f"{label_acuan}: {teks_acuan}" if label_acuan else teks_acuan
        kanal_nilai = "x" if horizontal else "y"
        lapisan.append(_aturan(float(acuan), kanal_nilai, strokeWidth=1.5))
        teks: dict[str, Any] = {
            "data": {"values": [{"acuan": float(acuan), "teks": teks_acuan}]},
            "mark": {
                "type": "text",
                "fontSize": 11,
                "color": PALET["acuan"],
                "baseline": "bottom",
                "dy": -3,
            },
            "encoding": {
                kanal_nilai: {"field": "acuan", "type": "quantitative"},
                "text": {"field": "teks", "type": "nominal"},
            },
        }
        if horizontal:  # bottom of the chart, right of the line (shortest bars are there)
            teks["mark"].update(align="left", dx=4)
            teks["encoding"]["y"] = {"value": tinggi_plot}
        else:  # right end, above the line
            teks["mark"].update(align="right", dx=-4)
            teks["encoding"]["x"] = {"value": lebar_plot}
        lapisan.append(teks)
        meta.update(acuan=float(acuan), teks_acuan=teks_acuan)
    return _grafik(lapisan, data=data, judul=judul, lebar=lebar_plot, tinggi=tinggi_plot, meta=meta)


# --------------------------------------------------------------------------- scatter (quadrants)


def grafik_sebar(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    label: str = "wilayah",
    sorot: str | Sequence[str] | None = None,
    ambang_x: float | None = None,
    ambang_y: float | None = None,
    info: Sequence[tuple[str, str]] = (),
    format_x: Callable[[Any], str] = angka,
    format_y: Callable[[Any], str] = angka,
    judul: str | None = None,
    label_x: str | None = None,
    label_y: str | None = None,
    label_titik: str = "Wilayah",
    lebar: int = 720,
    tinggi: int = 440,
) -> Grafik:
    """Labelled points (e.g. the kab/kota of a province) with dashed threshold lines.

    Rows whose ``label`` is in ``sorot`` are drawn as larger vermillion diamonds, on top;
    rows with a missing ``x`` or ``y`` are left out (listed in ``meta["tanpa_nilai"]``).
    ``info`` adds tooltip lines as ``(title, column)``.
    """
    _wajib_kolom(df, [x, y, label, *[k for _, k in info]])
    disorot = {sorot} if isinstance(sorot, str) else {str(s) for s in (sorot or ())}
    data = pd.DataFrame(
        {
            "label": _teks_kategori(df[label], label),
            "x": pd.to_numeric(df[x], errors="raise").astype(float).to_numpy(),
            "y": pd.to_numeric(df[y], errors="raise").astype(float).to_numpy(),
            **{f"info_{i}": _teks_info(df[k]) for i, (_, k) in enumerate(info)},
        }
    )
    tak_ada = disorot - set(data["label"])
    if tak_ada:
        raise ValueError(f"titik yang disorot tidak ada di data: {sorted(tak_ada)}")
    hilang = data["x"].isna() | data["y"].isna()
    tanpa_nilai = data.loc[hilang, "label"].tolist()
    data = data[~hilang].reset_index(drop=True)
    fokus = data["label"].isin(disorot).to_numpy()
    data["warna"] = np.where(fokus, PALET["sorotan"], PALET["lainnya"])
    data["bentuk"] = np.where(fokus, "diamond", "circle")
    data["ukuran"] = np.where(fokus, 220, 90)
    data["teks_x"] = [format_x(v) for v in data["x"].tolist()]
    data["teks_y"] = [format_y(v) for v in data["y"].tolist()]
    data = pd.concat(
        [data[~fokus], data[fokus]], ignore_index=True
    )  # the focus is drawn last, on top

    label_x, label_y = label_x or x, label_y or y
    tooltip = [
        {"field": "label", "type": "nominal", "title": label_titik},
        {"field": "teks_x", "type": "nominal", "title": label_x},
        {"field": "teks_y", "type": "nominal", "title": label_y},
    ]
    tooltip += [
        {"field": f"info_{i}", "type": "nominal", "title": t} for i, (t, _) in enumerate(info)
    ]
    posisi = {
        "x": {
            "field": "x",
            "type": "quantitative",
            "title": label_x,
            "scale": {"zero": False, "padding": 16},
        },
        "y": {
            "field": "y",
            "type": "quantitative",
            "title": label_y,
            "scale": {"zero": False, "padding": 16},
        },
    }
    titik = {
        "mark": {"type": "point", "filled": True, "opacity": 0.9},
        "encoding": {
            **posisi,
            "color": {"field": "warna", "type": "nominal", "scale": None},
            "shape": {"field": "bentuk", "type": "nominal", "scale": None},
            "size": {"field": "ukuran", "type": "quantitative", "scale": None},
            "tooltip": tooltip,
        },
    }
    nama = {
        "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 10, "color": "#333333"},
        "encoding": {**posisi, "text": {"field": "label", "type": "nominal"}},
    }
    lapisan = [titik, nama]
    for nilai_ambang, kanal in ((ambang_x, "x"), (ambang_y, "y")):
        if nilai_ambang is not None and not pd.isna(nilai_ambang):
            lapisan.append(_aturan(float(nilai_ambang), kanal))
    return _grafik(
        lapisan,
        data=data,
        judul=judul,
        lebar=max(240, lebar - 80),
        tinggi=max(200, tinggi - 80),
        meta={
            "jenis": "sebar",
            "sorot": sorted(disorot),
            "tanpa_nilai": tanpa_nilai,
            "ambang_x": None if ambang_x is None or pd.isna(ambang_x) else float(ambang_x),
            "ambang_y": None if ambang_y is None or pd.isna(ambang_y) else float(ambang_y),
        },
    )


# --------------------------------------------------------------------------- rank intervals


def grafik_interval(
    df: pd.DataFrame,
    *,
    kategori: str = "wilayah",
    titik: str = "peringkat",
    bawah: str = "peringkat_p05",
    atas: str = "peringkat_p95",
    teks: str | None = None,
    judul: str | None = None,
    label_kategori: str = "Wilayah",
    label_nilai: str = "peringkat (1 = terbaik)",
    lebar: int = 760,
) -> Grafik:
    """Interval bars (``bawah``–``atas``) with a point (``titik``) per category, sorted by the
    point (smallest at the top): rank uncertainty from a Monte Carlo simulation.

    Rows without a point are left out; ``teks`` is an optional tooltip column.
    """
    _wajib_kolom(df, [kategori, titik, bawah, atas] + ([teks] if teks else []))
    data = (
        pd.DataFrame(
            {
                "kategori": _teks_kategori(df[kategori], kategori),
                "titik": pd.to_numeric(df[titik], errors="raise").astype(float).to_numpy(),
                "bawah": pd.to_numeric(df[bawah], errors="raise").astype(float).to_numpy(),
                "atas": pd.to_numeric(df[atas], errors="raise").astype(float).to_numpy(),
                "teks": _teks_info(df[teks]) if teks else "",
            }
        )
        .dropna(subset=["titik"])
        .sort_values("titik", kind="stable")
        .reset_index(drop=True)
    )
    urutan = data["kategori"].tolist()
    n = len(data)
    y = {
        "field": "kategori",
        "type": "nominal",
        "title": None,
        "sort": urutan,
        "scale": {"domain": urutan},
    }
    skala_x = {"domain": [0.5, max(n, 1) + 0.5], "nice": False, "zero": False}
    tooltip = [{"field": "kategori", "type": "nominal", "title": label_kategori}]
    if teks:
        tooltip.append({"field": "teks", "type": "nominal", "title": "Rincian"})
    rentang = {
        "mark": {"type": "rule", "strokeWidth": 7, "opacity": 0.5, "color": PALET["provinsi"]},
        "encoding": {
            "y": y,
            "x": {
                "field": "bawah",
                "type": "quantitative",
                "title": label_nilai,
                "scale": skala_x,
                "axis": {"format": "d", "values": list(range(1, n + 1))},
            },
            "x2": {"field": "atas"},
            "tooltip": tooltip,
        },
    }
    pusat = {
        "mark": {
            "type": "point",
            "filled": True,
            "size": 110,
            "opacity": 1,
            "color": PALET["wilayah"],
        },
        "encoding": {
            "y": y,
            "x": {"field": "titik", "type": "quantitative", "scale": skala_x},
            "tooltip": tooltip,
        },
    }
    return _grafik(
        [rentang, pusat],
        data=data,
        judul=judul,
        lebar=max(240, lebar - 220),
        tinggi=24 * max(1, n),
        meta={"jenis": "interval", "urutan": urutan},
    )


# --------------------------------------------------------------------------- stacked bars


def grafik_batang_tumpuk(
    df: pd.DataFrame,
    *,
    kategori: str = "wilayah",
    nilai: str = "nilai",
    tumpukan: str = "dimensi",
    urutan: Sequence[str] | None = None,
    format_nilai: Callable[[Any], str] = angka,
    judul: str | None = None,
    label_kategori: str = "Wilayah",
    label_nilai: str | None = None,
    label_tumpukan: str = "Dimensi",
    lebar: int = 760,
) -> Grafik:
    """Horizontal stacked bars: the parts (``tumpukan``) of each category's total, e.g. the
    contribution of every dimension to a composite score. ``urutan`` lists categories top
    to bottom (default: largest total first)."""
    _wajib_kolom(df, [kategori, nilai, tumpukan])
    data = pd.DataFrame(
        {
            "kategori": _teks_kategori(df[kategori], kategori),
            "bagian": _teks_kategori(df[tumpukan], tumpukan),
            "nilai": pd.to_numeric(df[nilai], errors="raise").astype(float).to_numpy(),
        }
    )
    if urutan is None:
        urutan = (
            data.groupby("kategori", sort=False)["nilai"]
            .sum()
            .sort_values(ascending=False, kind="stable")
            .index.tolist()
        )
    urutan = [str(u) for u in urutan]
    bagian = list(dict.fromkeys(data["bagian"]))
    data["urutan_bagian"] = [bagian.index(b) for b in data["bagian"]]
    data["teks_nilai"] = [format_nilai(v) for v in data["nilai"].tolist()]
    label_nilai = label_nilai or nilai
    batang = {
        "mark": {"type": "bar"},
        "encoding": {
            "y": {
                "field": "kategori",
                "type": "nominal",
                "title": None,
                "sort": urutan,
                "scale": {"domain": urutan},
            },
            "x": {
                "field": "nilai",
                "type": "quantitative",
                "aggregate": "sum",
                "title": label_nilai,
            },
            "color": {
                "field": "bagian",
                "type": "nominal",
                "title": label_tumpukan,
                "sort": bagian,
                "scale": {
                    "domain": bagian,
                    "range": [PALET_KATEGORI[i % len(PALET_KATEGORI)] for i in range(len(bagian))],
                },
                "legend": {"orient": "bottom", "columns": 2},
            },
            "order": {"field": "urutan_bagian", "type": "quantitative"},
            "tooltip": [
                {"field": "kategori", "type": "nominal", "title": label_kategori},
                {"field": "bagian", "type": "nominal", "title": label_tumpukan},
                {"field": "teks_nilai", "type": "nominal", "title": label_nilai},
            ],
        },
    }
    return _grafik(
        batang,
        data=data,
        judul=judul,
        lebar=max(240, lebar - 220),
        tinggi=24 * max(1, len(urutan)),
        meta={"jenis": "batang_tumpuk", "urutan": urutan, "bagian": bagian},
    )


# --------------------------------------------------------------------------- grouped bars with intervals


WARNA_SELANG = ["#56B4E9", "#0072B2", "#E69F00", "#009E73"]
"""Series colours of :func:`grafik_batang_selang`: light enough for a black interval on top."""


def grafik_batang_selang(
    df: pd.DataFrame,
    *,
    kategori: str,
    seri: str,
    nilai: str,
    bawah: str,
    atas: str,
    teks: str | None = None,
    urutan: Sequence[str] | None = None,
    judul: str | None = None,
    label_kategori: str = "Kategori",
    label_nilai: str | None = None,
    label_seri: str = "Seri",
    lebar: int = 720,
) -> Grafik:
    """Horizontal grouped bars, one per ``seri`` within each ``kategori``, each with its
    interval (``bawah``–``atas``, a black rule), e.g. first-order and total Sobol indices of every
    factor with their confidence intervals. ``urutan`` lists categories top to bottom (default:
    as in ``df``); series keep their order of first appearance. ``teks`` is a pre-formatted
    tooltip column. Missing values draw nothing but keep their row."""
    _wajib_kolom(df, [kategori, seri, nilai, bawah, atas] + ([teks] if teks else []))
    data = pd.DataFrame(
        {
            "kategori": _teks_kategori(df[kategori], kategori),
            "seri": _teks_kategori(df[seri], seri),
            "nilai": pd.to_numeric(df[nilai], errors="raise").astype(float).to_numpy(),
            "bawah": pd.to_numeric(df[bawah], errors="raise").astype(float).to_numpy(),
            "atas": pd.to_numeric(df[atas], errors="raise").astype(float).to_numpy(),
            "teks": _teks_info(df[teks]) if teks else "",
        }
    )
    urutan = [str(u) for u in (urutan if urutan is not None else dict.fromkeys(data["kategori"]))]
    daftar_seri = list(dict.fromkeys(data["seri"]))
    label_nilai = label_nilai or nilai
    y = {
        "field": "kategori",
        "type": "nominal",
        "title": None,
        "sort": urutan,
        "scale": {"domain": urutan},
    }
    offset = {
        "field": "seri",
        "type": "nominal",
        "sort": daftar_seri,
        "scale": {"paddingInner": 0.1},
    }
    tooltip = [
        {"field": "kategori", "type": "nominal", "title": label_kategori},
        {"field": "seri", "type": "nominal", "title": label_seri},
    ]
    if teks:
        tooltip.append({"field": "teks", "type": "nominal", "title": label_nilai})
    batang = {
        "mark": {"type": "bar"},
        "encoding": {
            "y": y,
            "yOffset": offset,
            "x": {"field": "nilai", "type": "quantitative", "title": label_nilai},
            "color": {
                "field": "seri",
                "type": "nominal",
                "title": label_seri,
                "sort": daftar_seri,
                "scale": {
                    "domain": daftar_seri,
                    "range": [WARNA_SELANG[i % len(WARNA_SELANG)] for i in range(len(daftar_seri))],
                },
                "legend": {"orient": "bottom", "labelLimit": 0},
            },
            "tooltip": tooltip,
        },
    }
    selang = {
        "mark": {"type": "rule", "color": PALET["acuan"], "strokeWidth": 1.5},
        "encoding": {
            "y": y,
            "yOffset": offset,
            "x": {"field": "bawah", "type": "quantitative"},
            "x2": {"field": "atas"},
            "tooltip": tooltip,
        },
    }
    return _grafik(
        [batang, selang],
        data=data,
        judul=judul,
        lebar=max(240, lebar - 230),
        tinggi=(12 * max(1, len(daftar_seri)) + 10) * max(1, len(urutan)),
        meta={"jenis": "batang_selang", "urutan": urutan, "seri": daftar_seri},
    )
