"""The published BNBA tables of an evaluation result, for readers: Indonesian headings with
units, the village-quadrant summary and the per-desa download.

The evaluation keeps the suppressed tables of :func:`analisis.bnba.ringkasan_publik` in its
``bnba`` section under their code names (``indikator_kualitas``, ``sasaran_program``, …). The
report (notebook) and the Word chapter read them through :func:`tabel_tampil`: only the columns
named in :data:`KOLOM`, headed in Indonesian with their unit, every cell a published value in
Indonesian number format or the suppression marker (a suppressed percentage says so in words,
as in :mod:`analisis.evaluasi.triwulan_bnba`). The per-desa tables (a kabupaten has hundreds of
desa) are published in full in ``unduhan/bnba_desa_<kode>.xlsx`` (:func:`tulis_unduhan_desa`);
the report shows their summary (:func:`kalimat_kuadran`) and links the download.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analisis.evaluasi.triwulan_bnba import tabel_hasil
from analisis.laporan import format as fmt

if TYPE_CHECKING:
    from analisis.bnba.konfigurasi import Aturan, Privasi

#: Captions of the published tables.
JUDUL_TABEL = {
    "indikator_kualitas": "Indikator kualitas data BNBA",
    "sasaran_program": "Ketepatan sasaran per program",
    "rekonsiliasi_bps": "Rekonsiliasi dengan angka BPS",
    "kuadran_desa": "Kuadran desa (jumlah × persentase miskin)",
    "kualitas_desa": "Kualitas data per desa",
}
#: Tables shown in the report; the per-desa ones are in the download.
TABEL_LAPORAN = ("indikator_kualitas", "sasaran_program", "rekonsiliasi_bps")
#: Tables of the per-desa download, with their sheet names.
TABEL_DESA = {"kualitas_desa": "Kualitas per desa", "kuadran_desa": "Kuadran desa"}

_PER_UNIT = "KK/jiwa"  # programmes count families or persons: the "Dihitung per" column says
#: Shown columns of each table: code name → (Indonesian heading with unit, kind; ``{desil}``
#: is the quadrants' desil range). Kinds:
#: ``jumlah`` (a count), ``persen``, ``desimal`` (a threshold), ``kode`` (an identifier),
#: ``teks``, ``unit`` (what a programme counts), ``desil`` (a programme's desil threshold).
KOLOM: dict[str, dict[str, tuple[str, str]]] = {
    "indikator_kualitas": {
        "jumlah_individu": ("Individu (jiwa)", "jumlah"),
        "jumlah_keluarga": ("Keluarga (KK)", "jumlah"),
        "progres_verval": ("Progres verval (persen baris)", "persen"),
        "persen_nik_valid": ("NIK valid (persen baris)", "persen"),
        "persen_duplikat": ("NIK ganda (persen baris)", "persen"),
        "cakupan_desil1": ("Keluarga desil 1 penerima program (persen)", "persen"),
    },
    "sasaran_program": {
        "label": ("Program", "teks"),
        "unit": ("Dihitung per", "unit"),
        "desil_maks": ("Sasaran", "desil"),
        "layak": (f"Layak ({_PER_UNIT})", "jumlah"),
        "penerima": (f"Penerima ({_PER_UNIT})", "jumlah"),
        "layak_penerima": (f"Layak dan menerima ({_PER_UNIT})", "jumlah"),
        "inklusi": (f"Penerima tidak layak ({_PER_UNIT})", "jumlah"),
        "eksklusi": (f"Layak tidak menerima ({_PER_UNIT})", "jumlah"),
        "cakupan": ("Cakupan (persen layak)", "persen"),
        "galat_inklusi": ("Galat inklusi (persen penerima)", "persen"),
        "galat_eksklusi": ("Galat eksklusi (persen layak)", "persen"),
    },
    "rekonsiliasi_bps": {
        "sumber": ("Sumber", "teks"),
        "ukuran": ("Ukuran", "teks"),
        "nilai": ("Nilai (jiwa/KK)", "jumlah"),
        "batas_bawah": ("Batas bawah (jiwa)", "jumlah"),
        "batas_atas": ("Batas atas (jiwa)", "jumlah"),
    },
    "kualitas_desa": {
        "kode_kecamatan": ("Kode kecamatan", "kode"),
        "kode_desa": ("Kode desa", "kode"),
        "n_individu": ("Individu (jiwa)", "jumlah"),
        "n_keluarga": ("Keluarga (KK)", "jumlah"),
        "n_bermasalah": ("Baris bermasalah (jiwa)", "jumlah"),
        "persen_nik_valid": ("NIK valid (persen)", "persen"),
        "persen_nik_unik": ("NIK tidak ganda (persen)", "persen"),
        "persen_kk_valid": ("No KK valid (persen)", "persen"),
        "persen_umur_wajar": ("Umur wajar (persen)", "persen"),
        "persen_tanpa_meninggal_penerima": (
            "Bukan penerima yang meninggal (persen)",
            "persen",
        ),
        "persen_progres_verval": ("Sudah diverval (persen)", "persen"),
        "skor_kualitas": ("Skor kualitas (0–100)", "persen"),
    },
    "kuadran_desa": {
        "kode_kecamatan": ("Kode kecamatan", "kode"),
        "kode_desa": ("Kode desa", "kode"),
        "penduduk": ("Penduduk terdaftar (jiwa)", "jumlah"),
        "jumlah_miskin": ("Penduduk {desil} (jiwa)", "jumlah"),
        "persen_miskin": ("Penduduk {desil} (persen)", "persen"),
        "ambang_jumlah": ("Ambang jumlah (jiwa)", "desimal"),
        "ambang_persen": ("Ambang persentase (persen)", "desimal"),
        "label_kuadran": ("Kuadran", "teks"),
    },
}

_UNIT = {"keluarga": "keluarga (KK)", "individu": "orang (jiwa)"}


def _kosong(v: object) -> bool:
    return v is None or (not isinstance(v, str) and fmt.nilai_hilang(v))


def _desil_terbit(v: Any) -> str:
    """A programme's desil threshold: the marker text as it is, "–" when missing."""
    if isinstance(v, str):
        return v
    return fmt.NILAI_KOSONG if _kosong(v) else _desil(int(v))


_FORMAT: dict[str, Callable[[Any], str]] = {
    "jumlah": fmt.angka_terbit,
    "persen": fmt.persen_terbit,
    "desimal": lambda v: fmt.angka_terbit(v, 1),
    "kode": fmt.formatter("teks"),
    "teks": fmt.formatter("teks"),
    "unit": lambda v: _UNIT.get(str(v), str(v)),
    "desil": _desil_terbit,
}


def _desil(d: int) -> str:
    return f"desil 1–{d}" if d > 1 else "desil 1"


KUNCI_KEBIJAKAN = "kebijakan_publikasi"
"""Key of the BNBA part of a result holding the publication policy and rules its tables were
published with (:func:`kebijakan_publikasi`): the tables' own ``attrs`` are not kept in the
result JSON, and the project read back later may have other parameters."""


def kebijakan_publikasi(privasi: Privasi, aturan: Aturan) -> dict[str, Any]:
    """The record stored under :data:`KUNCI_KEBIJAKAN` (plain values, JSON-ready)."""
    return {
        "n_minimum": int(privasi.n_minimum),
        "penanda": privasi.tanda,
        "k_anonimitas": int(privasi.k),
        "desil_kuadran_maks": int(aturan.desil_kuadran_maks),
    }


def _kebijakan(bnba: Mapping[str, Any]) -> Mapping[str, Any]:
    k = bnba.get(KUNCI_KEBIJAKAN)
    return k if isinstance(k, Mapping) else {}


def _desil_kuadran(bnba: Mapping[str, Any]) -> str:
    """The desil range counted in the village quadrants (``desil 1–2``)."""
    d = bnba.get("kuadran_desa")
    maks = getattr(d, "attrs", {}).get("desil_maks") or _kebijakan(bnba).get("desil_kuadran_maks")
    if maks is None:  # a result written before the record: the default rules
        from analisis.bnba.konfigurasi import muat_aturan

        maks = muat_aturan().desil_kuadran_maks
    return _desil(int(maks))


def kolom_tampil(
    bnba: Mapping[str, Any], kunci: str, kolom: Iterable[str] | None = None
) -> dict[str, tuple[str, str]]:
    """The shown columns of a table (of those in ``kolom``, when given): code name →
    (heading, kind), the quadrants' desil range filled in."""
    desil = _desil_kuadran(bnba) if kunci == "kuadran_desa" else ""
    ada = None if kolom is None else set(kolom)
    return {
        k: (judul.format(desil=desil), jenis)
        for k, (judul, jenis) in KOLOM[kunci].items()
        if ada is None or k in ada
    }


def kolom_kode(kunci: str) -> list[str]:
    """Headings of the identifier columns of a shown table (rendered as code, not values)."""
    return [judul for judul, jenis in KOLOM[kunci].values() if jenis == "kode"]


def tabel_tampil(bnba: Mapping[str, Any], kunci: str) -> pd.DataFrame | None:
    """A published BNBA table as display text under Indonesian headings, or None when absent.

    Columns not in :data:`KOLOM` (the region code, the programme code) are left out. In the
    reconciliation table so is the ``keterangan`` (its first row holds the whole explanation,
    the others repeat a part of it: the report prints it once under the table,
    :func:`catatan_rekonsiliasi`), and the BPS interval columns when no row has one (no
    standard error)."""
    d = tabel_hasil(bnba, kunci)
    if d is None:
        return None
    spesifikasi = kolom_tampil(bnba, kunci, d.columns)
    d = d[list(spesifikasi)]
    if kunci == "rekonsiliasi_bps":
        batas = [k for k in ("batas_bawah", "batas_atas") if k in d and d[k].isna().all()]
        d = d.drop(columns=batas)
    teks = fmt.format_tabel(d, {k: _FORMAT[spesifikasi[k][1]] for k in d.columns})
    return teks.rename(columns={k: spesifikasi[k][0] for k in d.columns})


def catatan_rekonsiliasi(bnba: Mapping[str, Any]) -> str:
    """The reconciliation's explanation (its first non-empty ``keterangan``), or ""."""
    d = tabel_hasil(bnba, "rekonsiliasi_bps")
    if d is None or "keterangan" not in d:
        return ""
    return next((str(x) for x in d["keterangan"] if isinstance(x, str) and x), "")


def kalimat_kuadran(bnba: Mapping[str, Any]) -> str | None:
    """How many desa fall in each priority quadrant, and the thresholds (one sentence)."""
    d = tabel_hasil(bnba, "kuadran_desa")
    if d is None:
        return None
    hitung = d.groupby(["kuadran", "label_kuadran"], sort=True).size()
    bagian = [f"{fmt.angka(n, 0)} desa di {label}" for (_, label), n in hitung.items()]
    r = d.iloc[0]
    return (
        f"Kuadran desa menurut jumlah dan persentase penduduk {_desil_kuadran(bnba)} "
        f"({fmt.angka(len(d), 0)} desa; ambang = rata-rata desa, "
        f"{fmt.angka(r['ambang_jumlah'], 1)} jiwa dan {fmt.angka(r['ambang_persen'], 1)} "
        f"persen): {'; '.join(bagian)}."
    )


def ada_tabel_desa(bnba: Mapping[str, Any]) -> bool:
    """Whether the result holds a per-desa table (the download is written)."""
    return any(tabel_hasil(bnba, k) is not None for k in TABEL_DESA)


def tulis_unduhan_desa(
    bnba: Mapping[str, Any], nama_wilayah: str, tujuan: str | os.PathLike[str]
) -> Path:
    """The per-desa tables (data quality, quadrants) as an XLSX download, atomically.

    Cells are the published values (numbers stay numbers, the suppression marker text);
    the ``Catatan`` sheet says what the tables are, the suppression rule and, for a synthetic
    extract, that the data are SINTETIS."""
    from analisis.laporan.unduhan import tulis_xlsx

    lembar: dict[str, pd.DataFrame] = {}
    privasi: dict[str, Any] = {}
    for kunci, nama in TABEL_DESA.items():
        d = tabel_hasil(bnba, kunci)
        if d is None:
            continue
        privasi = privasi or dict(d.attrs.get("privasi", {}))
        spesifikasi = kolom_tampil(bnba, kunci, d.columns)
        lembar[nama] = d[list(spesifikasi)].rename(
            columns={k: judul for k, (judul, _) in spesifikasi.items()}
        )
    privasi = privasi or dict(_kebijakan(bnba))
    catatan = [
        f"Tabel BNBA per desa: {nama_wilayah} (agregat yang diterbitkan; tanpa data pribadi).",
        kalimat_penekanan(privasi.get("n_minimum"), privasi.get("penanda")),
    ]
    if bnba.get("sintetis"):
        catatan.insert(0, "SINTETIS — data BNBA buatan untuk demonstrasi, bukan data penduduk.")
    return tulis_xlsx(lembar, tujuan, catatan)


def kalimat_penekanan_hasil(bnba: Mapping[str, Any]) -> str:
    """:func:`kalimat_penekanan` of the policy a result's BNBA tables were published with."""
    k = _kebijakan(bnba)
    return kalimat_penekanan(k.get("n_minimum"), k.get("penanda"))


def kalimat_penekanan(n_minimum: int | None = None, penanda: str | None = None) -> str:
    """The suppression rule in one sentence, for the report, the download and the Word chapter.

    Without arguments (results read back from JSON), the policy the evaluation publishes with:
    :func:`~analisis.bnba.konfigurasi.muat_privasi`'s."""
    if n_minimum is None or penanda is None:
        from analisis.bnba.konfigurasi import muat_privasi

        baku = muat_privasi()
        n_minimum, penanda = baku.n_minimum, baku.tanda
    return (
        f"Sel dengan kurang dari {n_minimum} orang atau keluarga ditampilkan sebagai "
        f"'{penanda}' (beserta penekanan komplementer)."
    )
