"""``analisis ekspor KELUARAN.ipynb``: an executed evaluation or ranking notebook → its report.

The analyst runs ``notebooks/evaluasi_wilayah.ipynb`` or ``notebooks/peringkat_provinsi.ipynb``
with papermill or in JupyterLab (and may add cells of their own). ``jupyter nbconvert --to html``
would keep the code cells, replace the charts by ``<Grafik: …>`` and load its scripts from the
internet. :func:`ekspor_notebook` instead exports through the same path as ``analisis evaluasi``
(:func:`analisis.laporan.ekspor.ekspor_html`): no code, charts drawn offline from the shared
``_static`` folder.

Which notebook it is comes from its first cell's library call; where the report goes comes from
its parameters (the ``parameters`` cell, then the cell papermill injected), through the reports
layout: ``<laporan>/<XX00>/<tahun>/wilayah/<kode>.html`` or ``…/peringkat/peringkat.html``, the
place ``analisis jalankan`` writes, the app links and the site lists. A notebook that was not
run to the end, or whose cells failed, is refused with one line naming the cell.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analisis.galat import GalatAnalisis
from analisis.notebook import ringkas_galat
from analisis.proyek import Proyek, cari_akar

NOTEBOOK_EVALUASI = "evaluasi_wilayah"
NOTEBOOK_PERINGKAT = "peringkat_provinsi"
_PANGGILAN = {
    "evaluasi_dan_simpan(": NOTEBOOK_EVALUASI,
    "peringkat_untuk_notebook(": NOTEBOOK_PERINGKAT,
}
_TAG_PARAMETER = ("parameters", "injected-parameters")


@dataclass(frozen=True)
class HasilEkspor:
    """The written report and what it holds."""

    html: Path
    jenis: str
    """``evaluasi_wilayah`` or ``peringkat_provinsi``."""
    judul: str
    grafik: int
    """Number of Vega-Lite charts in the report."""


def baca_notebook(path: Path) -> Any:
    """The notebook node of ``path`` (one Indonesian line when it cannot be read)."""
    import nbformat

    if not path.is_file():
        raise GalatAnalisis(f"Notebook tidak ditemukan: {path}.", 3)
    try:
        return nbformat.read(path, as_version=4)
    except (json.JSONDecodeError, UnicodeDecodeError, nbformat.reader.NotJSONError) as e:
        raise GalatAnalisis(f"{path.name} bukan notebook Jupyter yang sah ({e}).", 1) from None


def _sel_kode(nb: Any) -> list[tuple[int, Any]]:
    """Code cells with their 1-based position among all cells (as JupyterLab counts them)."""
    return [(i, c) for i, c in enumerate(nb.cells, start=1) if c.cell_type == "code"]


def jenis_notebook(nb: Any, nama: str) -> str:
    """``evaluasi_wilayah`` or ``peringkat_provinsi``, from the first cell's library call."""
    for _, sel in _sel_kode(nb):
        for panggilan, jenis in _PANGGILAN.items():
            if panggilan in sel.source:
                return jenis
    raise GalatAnalisis(
        f"{nama} bukan notebook evaluasi atau peringkat analisis (tidak ada sel yang memanggil "
        "evaluasi_dan_simpan atau peringkat_untuk_notebook).",
        1,
    )


def periksa_dijalankan(nb: Any, nama: str) -> None:
    """Every code cell ran, and none failed (else one line naming the cell)."""
    for nomor, sel in _sel_kode(nb):
        galat = [o for o in sel.get("outputs", []) if o.get("output_type") == "error"]
        if galat:
            pesan = str(galat[0].get("evalue", "")).splitlines()[:1] or [""]
            raise GalatAnalisis(
                f"{nama}: sel ke-{nomor} (In [{sel.get('execution_count')}]) gagal "
                f"({ringkas_galat(galat[0].get('ename', 'galat'), pesan[0])}); "
                "perbaiki lalu jalankan ulang notebook. Laporan tidak diekspor.",
                1,
            )
        if sel.source.strip() and sel.get("execution_count") is None:
            raise GalatAnalisis(
                f"{nama}: sel ke-{nomor} belum dijalankan. Jalankan semua sel (JupyterLab: Run → "
                "Run All Cells, lalu simpan) atau jalankan dengan papermill, lalu ekspor lagi.",
                1,
            )


def parameter_notebook(nb: Any) -> dict[str, Any]:
    """The parameter values a notebook ran with: its ``parameters`` cell, then papermill's
    injected cell (literal assignments only, as papermill writes them)."""
    nilai: dict[str, Any] = {}
    for tag in _TAG_PARAMETER:
        for sel in nb.cells:
            if sel.cell_type != "code" or tag not in sel.get("metadata", {}).get("tags", []):
                continue
            try:
                pohon = ast.parse(sel.source)
            except SyntaxError:
                continue
            for node in pohon.body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target = node.targets[0]
                    if isinstance(target, ast.Name):
                        try:
                            nilai[target.id] = ast.literal_eval(node.value)
                        except ValueError:
                            continue
    return nilai


def _jumlah_grafik(nb: Any) -> int:
    from analisis.laporan.grafik import MIME_VEGALITE

    return sum(
        MIME_VEGALITE in (o.get("data") or {})
        for _, sel in _sel_kode(nb)
        for o in sel.get("outputs", [])
    )


def _proyek(path: Path, parameter: dict[str, Any], laporan: Path | None) -> Proyek:
    """The project the notebook belongs to (upward from its folder), with its reports folder:
    ``laporan`` if given, else the notebook's ``folder_laporan`` parameter, else the default."""
    folder = laporan or parameter.get("folder_laporan")
    return Proyek.muat(akar=cari_akar(path.resolve().parent), laporan=folder)


def tujuan_dan_judul(jenis: str, parameter: dict[str, Any], proyek: Proyek) -> tuple[Path, str]:
    """Where the report of this notebook goes in the reports layout, and its title."""
    from analisis import parameter_notebook as pn
    from analisis.data.wilayah import nama_wilayah, provinsi_dari_wilayah

    th = pn.tahun(parameter.get("tahun"), "tahun")
    if jenis == NOTEBOOK_EVALUASI:
        from analisis.evaluasi.jalankan import judul_laporan

        kode = pn.kode_kabkota(parameter.get("kode_wilayah"), "kode_wilayah")
        ft = proyek.tata_letak.tahun(provinsi_dari_wilayah(kode), th)
        return ft.laporan_wilayah(kode), judul_laporan(nama_wilayah(kode), th)
    from analisis.peringkat.jalankan import judul_laporan as judul_peringkat

    kp = pn.kode_provinsi(parameter.get("kode_provinsi"), "kode_provinsi")
    return proyek.tata_letak.tahun(kp, th).peringkat_html, judul_peringkat(nama_wilayah(kp), th)


def ekspor_notebook(
    path: str | Path, *, html: str | Path | None = None, laporan: str | Path | None = None
) -> HasilEkspor:
    """Export the executed notebook ``path`` to its offline, code-free HTML report.

    ``html`` writes the report there instead of its place in the reports layout (the chart
    libraries then go to ``_static/`` beside it); ``laporan`` overrides the reports folder.
    """
    from analisis.laporan.ekspor import ekspor_html

    p = Path(path).expanduser()
    nb = baca_notebook(p)
    jenis = jenis_notebook(nb, p.name)
    periksa_dijalankan(nb, p.name)
    parameter = parameter_notebook(nb)
    proyek = _proyek(p, parameter, Path(laporan) if laporan else None)
    tujuan, judul = tujuan_dan_judul(jenis, parameter, proyek)
    static = proyek.tata_letak.static
    tambahan: dict[str, Any] = {}
    if jenis == NOTEBOOK_EVALUASI:  # numbered captions and a table of contents, like the runner's
        from analisis.evaluasi.jalankan import tautan_situs

        tambahan["navigasi"] = True
        if html is None:
            kode = str(parameter.get("kode_wilayah"))
            tambahan["tautan"] = tautan_situs(
                proyek.tata_letak.tahun(kode[:2], int(str(parameter.get("tahun")))), kode
            )
    if html is not None:
        tujuan = Path(html).expanduser().resolve()
        try:
            tujuan.relative_to(proyek.laporan)
        except ValueError:
            static = tujuan.parent / "_static"
    ditulis = ekspor_html(nb, tujuan, static, judul=judul, **tambahan)
    return HasilEkspor(ditulis, jenis, judul, _jumlah_grafik(nb))
