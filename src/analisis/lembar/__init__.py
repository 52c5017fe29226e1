"""One reading layer for the package's spreadsheet and CSV inputs (and its table writers).

Readers of BPS tables, tidy CSV, WebAPI JSON, evaluator files and budget files are built on it;
each keeps only its domain checks. Layers, bottom up:

- :mod:`~analisis.lembar.sel`: the empty-cell rule, cell text, column letters, the
  formula-injection guard;
- :mod:`~analisis.lembar.enkode`: bytes → text (UTF-8 only; every other encoding, binary
  content and empty files are named);
- :mod:`~analisis.lembar.teks_csv` / :mod:`~analisis.lembar.xlsx`: CSV and XLSX into
  :class:`Lembar` grids that keep merged ranges, hidden rows/sheets, formulas without stored
  values and percent formats;
- :mod:`~analisis.lembar.baca`: the entry points (path → tables, path → JSON);
- :mod:`~analisis.lembar.kepala`: header location and column specifications;
- :mod:`~analisis.lembar.periksa`: structural checks of the used area;
- :mod:`~analisis.lembar.masalah`: problem collection (:class:`Pengumpul`) and
  :class:`GalatBerkas` for files that cannot be read as tables;
- :mod:`~analisis.lembar.tulis`: writing CSV/XLSX cells that cannot run as formulas.
"""

from analisis.lembar.baca import (
    AKHIRAN_CSV,
    AKHIRAN_XLSX,
    baca_bita,
    baca_csv,
    baca_json,
    baca_tabel,
    buka_buku,
    galat_akhiran,
)
from analisis.lembar.enkode import Teks, dekode
from analisis.lembar.kepala import (
    PetaKolom,
    SpesKolom,
    baris_komentar,
    cari_baris_kepala,
    judul_mirip,
    petakan_kolom,
    ringkas,
)
from analisis.lembar.masalah import GalatBerkas, Pengumpul
from analisis.lembar.model import Gabungan, Lembar
from analisis.lembar.periksa import (
    SARAN_RUMUS,
    masalah_gabungan,
    masalah_lebar_baris,
    masalah_lembar_tersembunyi,
    masalah_rumus,
    masalah_struktur,
    masalah_tersembunyi,
)
from analisis.lembar.sel import (
    AWALAN_RUMUS,
    berbahaya,
    bersihkan_teks,
    huruf_kolom,
    kosong,
    netralkan,
    pulihkan,
    teks_sel,
)
from analisis.lembar.teks_csv import baca_teks_csv, deteksi_pemisah
from analisis.lembar.tulis import isi_sel, netralkan_baris, netralkan_tabel, tambah_baris
from analisis.lembar.xlsx import BukuXlsx

__all__ = [
    "AKHIRAN_CSV",
    "AKHIRAN_XLSX",
    "AWALAN_RUMUS",
    "SARAN_RUMUS",
    "BukuXlsx",
    "Gabungan",
    "GalatBerkas",
    "Lembar",
    "Pengumpul",
    "PetaKolom",
    "SpesKolom",
    "Teks",
    "baca_bita",
    "baca_csv",
    "baca_json",
    "baca_tabel",
    "baca_teks_csv",
    "baris_komentar",
    "berbahaya",
    "bersihkan_teks",
    "buka_buku",
    "cari_baris_kepala",
    "dekode",
    "deteksi_pemisah",
    "galat_akhiran",
    "huruf_kolom",
    "isi_sel",
    "judul_mirip",
    "kosong",
    "masalah_gabungan",
    "masalah_lebar_baris",
    "masalah_lembar_tersembunyi",
    "masalah_rumus",
    "masalah_struktur",
    "masalah_tersembunyi",
    "netralkan",
    "netralkan_baris",
    "netralkan_tabel",
    "petakan_kolom",
    "pulihkan",
    "ringkas",
    "tambah_baris",
    "teks_sel",
]
