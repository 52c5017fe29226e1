"""Reading the runner's outputs for the app (never recomputing them) and the bundled boundaries.

Layout read (written by ``analisis jalankan`` / ``analisis evaluasi`` / ``analisis peringkat``)::

    <laporan>/<kode_prov>/<tahun>/peringkat/peringkat.json   ranking + masukan + bobot
    <laporan>/<kode_prov>/<tahun>/peringkat/peringkat.html   provincial ranking report
    <laporan>/<kode_prov>/<tahun>/hasil/<kode>.json|.nc      per-region results and series
    <laporan>/<kode_prov>/<tahun>/wilayah/<kode>.html        per-region HTML report

Every loader is wrapped in ``pn.cache`` and keyed on ``(path, size, mtime_ns)``, so all sessions
of one server share a single parsed copy and a re-run of the runner is picked up without a
restart. Cached objects are shared: callers must not modify them (copy first).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import panel as pn

from analisis.aplikasi.batas import fitur_provinsi, url_batas  # noqa: F401  (re-exported)
from analisis.aplikasi.keluaran import (  # noqa: F401  (re-exported)
    PERINTAH_MEMBUAT,
    Keluaran,
    daftar_keluaran,
    pesan_tanpa_keluaran,
)
from analisis.galat import GalatAnalisis

ATRIBUSI_BATAS = (
    "Batas wilayah: BIG via ardian28/GeoJson-Indonesia-38-Provinsi (MIT); bukan batas resmi"
)
"""Attribution shown under the map (licence notice of the bundled GeoJSON)."""

AWALAN_URL_LAPORAN = "reports"
"""URL slug under which ``panel serve --static-dirs reports=<folder>`` serves the reports.
``/static`` is reserved by Panel. Links are relative (``reports/...``) so ``--prefix`` works."""


def _sidik(p: Path) -> tuple[str, int, int]:
    st = p.stat()
    return str(p.resolve()), st.st_size, st.st_mtime_ns


# --------------------------------------------------------------------------- ranking


@dataclass
class DataPeringkat:
    """``peringkat.json`` of one province-year, as tables.

    ``baris``    the published ranking (columns as in the JSON ``baris``), in rank order.
    ``masukan``  the joined raw indicator table the ranking used: index ``kode_wilayah``,
                 ``wilayah`` plus one column per framework indicator (input of
                 :func:`~analisis.peringkat.hitung_indeks`).
    ``bobot``    ``{dimensi: {"bobot": W, "indikator": {kode: w}}}``.
    """

    kode_provinsi: str
    provinsi: str
    tahun: int
    meta: dict
    baris: pd.DataFrame
    masukan: pd.DataFrame
    bobot: dict
    pasangan_tidak_robust: list[dict] = field(default_factory=list)
    html: str | None = None
    folder: Path | None = None
    """``<laporan>/<kode_provinsi>/<tahun>``."""

    @property
    def parameter_robust(self) -> dict:
        return dict(self.meta.get("parameter_robust") or {})


def _baca_peringkat(path: str, ukuran: int, mtime: int) -> DataPeringkat:
    p = Path(path)
    try:
        isi = json.loads(p.read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise GalatAnalisis(
            f"{p}: peringkat.json tidak dapat dibaca ({e}).", kode_keluar=3
        ) from None
    for kunci in ("meta", "baris", "masukan", "bobot"):
        if kunci not in isi:
            raise GalatAnalisis(f"{p}: kunci '{kunci}' tidak ada; jalankan ulang peringkat.", 3)
    meta = isi["meta"]
    baris = pd.DataFrame(isi["baris"])
    if not baris.empty:
        baris["kode_wilayah"] = baris["kode_wilayah"].astype(str)
    masukan = pd.DataFrame(isi["masukan"])
    masukan["kode_wilayah"] = masukan["kode_wilayah"].astype(str)
    masukan = masukan.set_index("kode_wilayah")
    # JSON null → NaN in numeric columns; text (rubric) columns keep None for missing.
    for c in masukan.columns:
        if c == "wilayah":
            continue
        nilai = masukan[c]
        if all(v is None or isinstance(v, (int, float)) and not isinstance(v, bool) for v in nilai):
            masukan[c] = pd.to_numeric(nilai, errors="coerce").astype(float)
    return DataPeringkat(
        kode_provinsi=str(meta.get("kode_provinsi") or p.parts[-4]),
        provinsi=str(meta.get("provinsi") or ""),
        tahun=int(meta.get("tahun") or p.parts[-3]),
        meta=meta,
        baris=baris,
        masukan=masukan,
        bobot=isi["bobot"],
        pasangan_tidak_robust=list(isi.get("pasangan_tidak_robust") or []),
        html=isi.get("html"),
        folder=p.parent.parent,
    )


_baca_peringkat_cache = pn.cache(_baca_peringkat, max_items=64)


def muat_peringkat(keluaran: Keluaran | str | Path) -> DataPeringkat:
    """``peringkat.json`` of a province-year (cached; do not modify the result)."""
    p = keluaran.berkas_peringkat if isinstance(keluaran, Keluaran) else Path(keluaran)
    if not p.is_file():
        raise GalatAnalisis(f"Berkas peringkat tidak ada: {p}. Jalankan: {PERINTAH_MEMBUAT}", 3)
    return _baca_peringkat_cache(*_sidik(p))


# --------------------------------------------------------------------------- per region


def _baca_hasil(path: str, ukuran: int, mtime: int) -> dict:
    from analisis.evaluasi.simpan import muat_hasil

    p = Path(path)
    return muat_hasil(p.parent, p.stem)


def _baca_seri(path: str, ukuran: int, mtime: int):
    from analisis.evaluasi.simpan import muat_seri

    p = Path(path)
    return muat_seri(p.parent, p.stem)


_baca_hasil_cache = pn.cache(_baca_hasil, max_items=256)
_baca_seri_cache = pn.cache(_baca_seri, max_items=256)


def muat_hasil_wilayah(folder: Path, kode_wilayah: str) -> dict | None:
    """A region's result JSON (``<folder>/hasil/<kode>.json``), or ``None`` when absent."""
    p = Path(folder) / "hasil" / f"{kode_wilayah}.json"
    if not p.is_file():
        return None
    return _baca_hasil_cache(*_sidik(p))


def muat_seri_wilayah(folder: Path, kode_wilayah: str):
    """A region's series Dataset (``<folder>/hasil/<kode>.nc``), or ``None`` when absent."""
    p = Path(folder) / "hasil" / f"{kode_wilayah}.nc"
    if not p.is_file():
        return None
    return _baca_seri_cache(*_sidik(p))


def url_laporan(folder_laporan: str | Path, berkas: Path) -> str | None:
    """Relative URL (``reports/<…>``) of a file inside the reports folder, ``None`` if absent.

    Relative, so the link works at ``/app``, at the root index and behind ``--prefix``.
    """
    akar = Path(folder_laporan).resolve()
    try:
        rel = Path(berkas).resolve().relative_to(akar)
    except ValueError:
        return None
    if not (akar / rel).is_file():
        return None
    return f"{AWALAN_URL_LAPORAN}/" + "/".join(quote(b) for b in rel.parts)


def url_laporan_wilayah(folder_laporan: str | Path, keluaran_folder: Path, kode: str) -> str | None:
    """URL of ``<prov>/<tahun>/wilayah/<kode>.html`` when that report exists."""
    return url_laporan(folder_laporan, Path(keluaran_folder) / "wilayah" / f"{kode}.html")


# --------------------------------------------------------------------------- boundaries


def _baca_kerangka(path: str, ukuran: int, mtime: int):
    from analisis.peringkat.kerangka import muat_kerangka

    return muat_kerangka(path)


_baca_kerangka_cache = pn.cache(_baca_kerangka, max_items=16)


def muat_kerangka_cache(path: str | Path | None = None):
    """:func:`analisis.peringkat.muat_kerangka` cached per file version (the model is frozen)."""
    from analisis.peringkat.kerangka import LOKASI_KERANGKA_BAWAAN

    p = Path(path) if path is not None else LOKASI_KERANGKA_BAWAAN
    if not p.is_file():
        raise GalatAnalisis(f"Berkas kerangka peringkat tidak ditemukan: {p}", 2)
    return _baca_kerangka_cache(*_sidik(p))


def folder_laporan_bawaan() -> Path:
    """``$ANALISIS_LAPORAN`` (set by ``analisis sajikan``) or ``./reports``."""
    return Path(os.environ.get("ANALISIS_LAPORAN") or "reports")
