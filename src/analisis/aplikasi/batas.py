"""Kab/kota boundaries for the app's map (no Panel import: the CLI prepares them fast).

The bundled GeoJSON (``analisis/data/bundel/batas_kabkota_kalimantan.geojson``) follows RFC 7946
(exterior rings counter-clockwise); d3-geo, which Vega draws maps with, reads that as "the whole
globe except the region", so features are rewound (``geojson-rewind``) before they are drawn.

The live app does not put the geometry into every session's document: ``analisis sajikan``
writes one FeatureCollection per province into a cache folder and serves it as a static folder
(:data:`AWALAN_URL_BATAS`); the map's Vega-Lite spec fetches it by URL (the browser caches it)
and a re-colouring only sends the values. Without that folder (e.g. a plain ``panel serve`` of
``app.py``) the geometry is inlined instead — slower, same picture.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import platformdirs

from analisis.berkas import tulis_teks_atomik

AWALAN_URL_BATAS = "batas"
"""URL slug of the boundaries folder (``panel serve --static-dirs batas=<folder>``)."""

ENV_URL_BATAS = "ANALISIS_URL_BATAS"
"""Set by ``analisis sajikan`` to :data:`AWALAN_URL_BATAS` when the folder is served."""

PROVINSI_KALIMANTAN = ("6100", "6200", "6300", "6400", "6500")


def _berkas_bundel():
    return resources.files("analisis.data") / "bundel" / "batas_kabkota_kalimantan.geojson"


@lru_cache(maxsize=1)
def _geojson() -> dict:
    with _berkas_bundel().open("r", encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=8)
def fitur_provinsi(kode_provinsi: str) -> tuple[dict, ...]:
    """GeoJSON Features of the kab/kota of a province from the bundled boundaries (56 for all of
    Kalimantan), each with ``properties.kode_bps`` and ``properties.wilayah``, wound for d3-geo
    (exterior rings clockwise, holes counter-clockwise). Cached and shared: do not modify
    (:func:`analisis.laporan.grafik_peta.grafik_peta` copies what it needs)."""
    from geojson_rewind import rewind

    awal = str(kode_provinsi)[:2]
    return tuple(
        rewind(f, rfc7946=False)
        for f in _geojson()["features"]
        if str(f["properties"]["kode_bps"]).startswith(awal)
    )


def folder_batas(akar: str | Path | None = None) -> Path:
    """The served boundaries folder, ``<akar>/batas-<hash>/<kode_provinsi>.json`` (written
    atomically once per version of the bundled file; default ``akar``: the user cache folder)."""
    from importlib.metadata import version

    isi = _berkas_bundel().read_bytes()
    kunci = hashlib.sha256(isi + version("geojson-rewind").encode()).hexdigest()[:12]
    akar = (
        Path(akar)
        if akar is not None
        else Path(platformdirs.user_cache_dir("analisis", appauthor=False))
    )
    folder = akar / f"batas-{kunci}"
    for kode in PROVINSI_KALIMANTAN:
        p = folder / f"{kode}.json"
        if not p.is_file():
            teks = json.dumps(
                {"type": "FeatureCollection", "features": list(fitur_provinsi(kode))},
                ensure_ascii=False,
                separators=(",", ":"),
            )
            tulis_teks_atomik(p, teks)
    return folder


def url_batas(kode_provinsi: str) -> str | None:
    """Relative URL of a province's boundaries when the app serves them (see module docstring)."""
    awalan = os.environ.get(ENV_URL_BATAS)
    return f"{awalan}/{kode_provinsi}.json" if awalan else None
