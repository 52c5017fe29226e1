"""Static site of the reports folder (Bahasa Indonesia, offline, relative links only).

- :func:`bangun_situs` writes ``<laporan>/<prov>/<tahun>/index.html`` (ranking summary when
  ``peringkat/peringkat.json`` exists, a table of every kab/kota with P0, its change, quadrant,
  report link and run status, a P0 chart in inline SVG, CSV/XLSX downloads built from the
  per-region JSON, the run manifest, data sources and quality grades) and the top
  ``<laporan>/index.html``;
- :func:`tabel_ringkasan` is the one-row-per-region table behind the page and the downloads.
"""

from analisis.situs.data import tabel_ringkasan
from analisis.situs.halaman import bangun_indeks_utama, bangun_situs

__all__ = ["bangun_indeks_utama", "bangun_situs", "tabel_ringkasan"]
