"""The choropleth map of the reports and the app: Vega-Lite over GeoJSON features.

Regions without a value stay grey (:data:`WARNA_KOSONG`), never a colour of the scale; the
selected region is outlined; hover and aria texts are Indonesian.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analisis.laporan.format import NILAI_KOSONG
from analisis.laporan.grafik import PALET, Grafik, _grafik, _wajib_kolom

WARNA_KOSONG = "#d9d9d9"
"""Fill of a region without a value on a map (grey, never a colour of the scale)."""


def grafik_peta(
    fitur: Sequence[Mapping[str, Any]],
    df: pd.DataFrame,
    *,
    kode: str = "kode_wilayah",
    nilai: str = "nilai",
    tooltip: Sequence[tuple[str, str]] = (),
    judul_legenda: str = "Nilai",
    naik_baik: bool = True,
    terpilih: str | None = None,
    judul: str | None = None,
    lebar: Any = 460,
    tinggi: int = 420,
    seleksi: str | None = "pilih",
    url_batas: str | None = None,
) -> Grafik:
    """Choropleth of regions coloured by ``nilai``: dark blue = good whichever way the
    indicator runs (``naik_baik`` = higher is better).

    ``fitur`` are GeoJSON Features with ``properties.kode_bps`` and ``properties.wilayah``
    (the bundled boundaries, wound for d3-geo: exterior rings clockwise); ``df`` has one row
    per region: the BPS code (``kode``), the value (``nilai``, NaN = no data) and the text
    columns named in ``tooltip`` as ``(column, title)`` pairs, pre-formatted in Python so hover
    text equals report text. Regions without a value are drawn grey (:data:`WARNA_KOSONG`),
    never dropped; regions of ``df`` without a boundary are listed in ``meta["tanpa_batas"]``.
    ``terpilih`` outlines one region. ``seleksi`` names a click selection on ``kode`` (a
    Vega-Lite point parameter a host such as Panel's Vega pane can listen to); ``None`` for none.

    The values (``data.values``, one small row per region) and the shapes are joined in the
    browser (a ``lookup`` on the BPS code): the shapes are inlined from ``fitur`` or, with
    ``url_batas``, fetched from that URL (a GeoJSON FeatureCollection with the same features) —
    what a live app does, so that a new colouring sends a few hundred bytes, not the geometry.
    """
    _wajib_kolom(df, [kode, nilai, *(k for k, _ in tooltip)])
    baris = {str(k): i for i, k in enumerate(df[kode].astype(str))}
    angka_nilai = pd.to_numeric(df[nilai], errors="raise").astype(float).to_numpy()
    teks = {k: df[k].astype(object).where(df[k].notna(), None).tolist() for k, _ in tooltip}
    rekaman: list[dict[str, Any]] = []
    tanpa_nilai: list[str] = []
    for f in fitur:
        pr = f.get("properties") or {}
        k = str(pr.get("kode_bps"))
        i = baris.get(k)
        v = None if i is None or not np.isfinite(angka_nilai[i]) else float(angka_nilai[i])
        if v is None:
            tanpa_nilai.append(k)
        r: dict[str, Any] = {"kode": k, "nama": str(pr.get("wilayah") or k), "nilai": v}
        for kolom, _ in tooltip:
            r[kolom] = None if i is None or teks[kolom][i] is None else str(teks[kolom][i])
        # What screen readers announce (Vega's default would read the raw float).
        r["deskripsi"] = "; ".join(
            [f"{r['nama']} ({k})", *(f"{t}: {r[c] or NILAI_KOSONG}" for c, t in tooltip)]
        )
        rekaman.append(r)
    ada_batas = {r["kode"] for r in rekaman}
    if url_batas is None:
        sumber_batas: dict[str, Any] = {
            "values": [
                {
                    "type": "Feature",
                    "geometry": f["geometry"],
                    "properties": {"kode_bps": str(f["properties"]["kode_bps"])},
                }
                for f in fitur
            ]
        }
    else:
        sumber_batas = {"url": url_batas, "format": {"type": "json", "property": "features"}}
    ada = [r["nilai"] for r in rekaman if r["nilai"] is not None]
    ranah = [min(ada), max(ada)] if ada else [0.0, 1.0]
    if ranah[0] == ranah[1]:
        ranah = [ranah[0] - 1, ranah[1] + 1]
    arah = "makin tinggi makin baik" if naik_baik else "makin rendah makin baik"
    legenda: dict[str, Any] | None = {
        "title": [judul_legenda, f"({arah}; warna gelap = baik)"],
        "orient": "bottom",
        "gradientLength": 240,
        "titleLimit": 440,
    }
    if not ada:  # nothing to scale: no colour legend, the title says so
        legenda = None
        judul = judul or f"{judul_legenda}: tidak ada data"
    petunjuk = [
        {"field": "nama", "type": "nominal", "title": "Kabupaten/kota"},
        {"field": "kode", "type": "nominal", "title": "Kode BPS"},
    ]
    petunjuk += [{"field": k, "type": "nominal", "title": t} for k, t in tooltip]
    dasar: dict[str, Any] = {
        "mark": {
            "type": "geoshape",
            "stroke": "white",
            "strokeWidth": 1,
            "cursor": "pointer",
            "invalid": None,
        },
        "encoding": {
            "color": {
                "condition": {
                    "test": "!isValid(datum.nilai) || !isFinite(datum.nilai)",
                    "value": WARNA_KOSONG,
                },
                "field": "nilai",
                "type": "quantitative",
                "scale": {
                    "scheme": {"name": "blues", "extent": [0.15, 1.0]},
                    "domain": ranah,
                    "reverse": not naik_baik,
                    "zero": False,
                    "nice": False,
                },
                "legend": legenda,
            },
            "tooltip": petunjuk,
            "description": {"field": "deskripsi"},
        },
    }
    if seleksi:
        dasar["params"] = [
            {
                "name": seleksi,
                "select": {
                    "type": "point",
                    "fields": ["kode"],
                    "on": "click",
                    "toggle": False,
                    "clear": False,
                },
            }
        ]
    lapisan = [dasar]
    if terpilih is not None and str(terpilih) in ada_batas:
        lapisan.append(
            {
                "transform": [{"filter": {"field": "kode", "equal": str(terpilih)}}],
                "mark": {
                    "type": "geoshape",
                    "filled": False,
                    "stroke": PALET["wilayah"],
                    "strokeWidth": 3,
                },
            }
        )
    return _grafik(
        lapisan,
        data=rekaman,
        judul=judul,
        lebar=lebar,
        tinggi=tinggi,
        meta={
            "jenis": "peta",
            "tanpa_nilai": sorted(tanpa_nilai),
            "tanpa_batas": sorted(set(baris) - ada_batas),
            "ranah": ranah,
            "url_batas": url_batas,
            "terpilih": str(terpilih)
            if terpilih is not None and str(terpilih) in ada_batas
            else None,
        },
        transform=[
            {
                "lookup": "kode",
                "from": {"data": sumber_batas, "key": "properties.kode_bps"},
                "as": "geo",
            }
        ],
        projection={"type": "mercator"},
        encoding={"shape": {"field": "geo", "type": "geojson"}},
    )
