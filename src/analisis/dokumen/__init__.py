"""Word documents of the evaluation and the ranking (``analisis dokumen``).

- :mod:`~analisis.dokumen.sumber`: the inputs, read only through the file contracts;
- :mod:`~analisis.dokumen.templat`: the reference template (page, margins, styles);
- :mod:`~analisis.dokumen.penulis`: numbered headings and captions, text, table of contents;
- :mod:`~analisis.dokumen.tabel` / :mod:`~analisis.dokumen.grafik`: native tables, charts
  rendered offline from the report's Vega-Lite specifications;
- :mod:`~analisis.dokumen.bab_wilayah`, :mod:`~analisis.dokumen.bab_peringkat`,
  :mod:`~analisis.dokumen.ringkas`: the region chapter, the ranking chapter, the overview;
- :mod:`~analisis.dokumen.tulis`: where the files go (atomic writes).
"""

from analisis.dokumen.tulis import Penyusun

__all__ = ["Penyusun"]
