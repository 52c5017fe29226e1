"""Publishable BNBA outputs under UU 27/2022 (Pelindungan Data Pribadi): aggregates with
small-cell suppression, and a scanner for personal data left in files.

Policy (parameters in ``params/bnba/privasi.yaml``):

1. Only aggregates are published (kabupaten, kecamatan, desa). NIK, No KK, names, addresses and
   birth dates never appear; the per-person worklist (``DAFTAR_KERJA_RAHASIA_*.xlsx``) is for
   analysts only and is written to a separate ``RAHASIA`` folder.
2. Primary suppression: a count of people or families between 1 and ``n_minimum − 1``
   (default 5 → 1..4) is replaced by the marker (``"<5"``). Zero stays visible.
3. Complementary (secondary) suppression: in a row whose cells add up to a published total
   (e.g. desil 1..10 of one desa), a single suppressed cell could be recovered by subtraction,
   so the smallest other non-zero cell of that row is suppressed too. The same holds down each
   column among the desa of one kecamatan (kecamatan totals are published) — the ``grup``
   argument. Rows and columns are repeated until nothing changes.
4. Percentages and rates are suppressed when their numerator is suppressed or their
   denominator is below ``n_minimum``.
5. The data-quality score of a desa with fewer than ``n_minimum`` records is suppressed; above
   that it is a weighted mix of several rates, rounded to one decimal.
6. Before publishing, every file is scanned by :func:`pindai_privasi` for 16-digit numbers
   (NIK/No KK) and for names (e.g. :data:`~analisis.bnba.sintetis.NAMA_SINTETIS`).

Known limit: suppression is per table. Linked tables built from the same cube (desil by desa and
desil by kecamatan) are protected for the desa → kecamatan relation through ``grup``; other
cross-table differencing (e.g. a programme table by desa with a different breakdown) is not
checked automatically — publish only the tables produced by :func:`ringkasan_publik`.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analisis.bnba.konfigurasi import Aturan, Privasi, muat_aturan, muat_privasi
from analisis.galat import GalatAnalisis

POLA_16_DIGIT = re.compile(r"(?<!\d\.)(?<!\d)\d{16}(?!\d)")


# --------------------------------------------------------------------------------------------
# Suppression


def _tandai_komplementer(
    nilai: np.ndarray, tekan: np.ndarray, kelompok: Iterable[np.ndarray]
) -> bool:
    """Within each group of cells (indices into the flattened table), if exactly one is
    suppressed, also suppress the smallest other non-zero unsuppressed cell. Returns changed."""
    berubah = False
    for idx in kelompok:
        if len(idx) < 2:
            continue
        t = tekan.flat[idx]
        if t.sum() != 1:
            continue
        v = nilai.flat[idx].astype("float64")
        calon = np.where(~t & (v > 0), v, np.inf)
        if np.isinf(calon).all():
            continue
        j = idx[int(np.argmin(calon))]
        tekan.flat[j] = True
        berubah = True
    return berubah


def tekan_sel_kecil(
    df: pd.DataFrame,
    kolom: Sequence[str],
    privasi: Privasi | None = None,
    grup: str | None = None,
    komplementer: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Suppress small counts in ``kolom`` (see the module policy).

    Args:
        df: a table of counts (one row per area).
        kolom: count columns forming one breakdown (their sum is treated as a published total).
        privasi: policy (default ``privasi.yaml``).
        grup: optional column; rows with the same value form a group whose column totals are
            published elsewhere (e.g. ``kode_kecamatan`` for desa rows), so complementary
            suppression also runs down each column within a group.
        komplementer: override ``privasi.supresi_komplementer``.

    Returns:
        ``(tabel, tertekan)``: the table with suppressed cells replaced by the marker (those
        columns become ``object``), and a boolean mask of suppressed cells.
    """
    privasi = privasi or muat_privasi()
    komplementer = privasi.supresi_komplementer if komplementer is None else komplementer
    kolom = list(kolom)
    nilai = df[kolom].to_numpy(dtype="float64", na_value=np.nan)
    tekan = (nilai > 0) & (nilai < privasi.n_minimum)
    if komplementer and len(df):
        n_baris, n_kolom = nilai.shape
        grid = np.arange(n_baris * n_kolom).reshape(n_baris, n_kolom)
        kelompok_baris = [grid[i] for i in range(n_baris)] if n_kolom > 1 else []
        kelompok_kolom: list[np.ndarray] = []
        if grup is not None:
            kode = df[grup].to_numpy()
            for g in pd.unique(kode):
                baris_g = np.flatnonzero(kode == g)
                if len(baris_g) > 1:
                    kelompok_kolom.extend(grid[baris_g, j] for j in range(n_kolom))
        for _ in range(100):
            a = _tandai_komplementer(nilai, tekan, kelompok_baris)
            b = _tandai_komplementer(nilai, tekan, kelompok_kolom)
            if not (a or b):
                break
    hasil = df.copy()
    mask = pd.DataFrame(False, index=df.index, columns=df.columns)
    for j, k in enumerate(kolom):
        kol = hasil[k].astype(object)
        kol[tekan[:, j]] = privasi.tanda
        hasil[k] = kol
        mask[k] = tekan[:, j]
    return hasil, mask


def tekan_rasio(
    df: pd.DataFrame,
    kolom_rasio: str,
    pembilang: pd.Series | None,
    penyebut: pd.Series,
    privasi: Privasi | None = None,
    pembilang_tertekan: pd.Series | None = None,
) -> pd.DataFrame:
    """Replace a rate by the marker when its numerator is suppressed/small or its denominator
    is below ``n_minimum``."""
    privasi = privasi or muat_privasi()
    hasil = df.copy()
    buruk = penyebut.astype("float64") < privasi.n_minimum
    if pembilang is not None:
        p = pembilang.astype("float64")
        buruk |= (p > 0) & (p < privasi.n_minimum)
    if pembilang_tertekan is not None:
        buruk |= pembilang_tertekan.astype(bool)
    kol = hasil[kolom_rasio].astype(object)
    kol[buruk.to_numpy()] = privasi.tanda
    hasil[kolom_rasio] = kol
    return hasil


# --------------------------------------------------------------------------------------------
# Publishable summary


def ringkasan_publik(
    hasil_atau_kubus,
    aturan: Aturan | None = None,
    privasi: Privasi | None = None,
    bps: dict | None = None,
) -> dict[str, pd.DataFrame]:
    """Every publishable aggregate, suppressed (pandas DataFrames only).

    Args:
        hasil_atau_kubus: a :class:`~analisis.bnba.cek.HasilCek` or its cube.
        aturan, privasi: parameters (defaults from ``params/bnba``).
        bps: optional ``{"p0", "penduduk", "rse", "tahun", "tahun_penduduk"}`` for the
            reconciliation (the bundled BPS figures are used when omitted).

    Returns (keys):

    - ``indikator_kualitas``: one row per kabupaten with ``progres_verval``,
      ``persen_nik_valid``, ``persen_duplikat``, ``cakupan_desil1`` (percent) and counts — the
      data-quality indicators for the evaluation report and the ranking;
    - ``kualitas_desa``: per-desa quality components and score;
    - ``desil_kecamatan``, ``desil_desa``: people by desil;
    - ``sasaran_program``: coverage / inclusion / exclusion error per programme (kabupaten) and
      ``sasaran_kecamatan`` per kecamatan;
    - ``kuadran_desa``: count × share quadrant;
    - ``rekonsiliasi_bps``: BPS estimate beside BNBA desil counts (with the caveat).
    """
    from analisis.bnba.cek import HasilCek, indikator_kualitas, jumlah_per, skor_kualitas
    from analisis.bnba.sasaran import (
        angka_bps,
        distribusi_desil,
        kinerja_sasaran,
        kuadran_wilayah,
        rekonsiliasi_bps,
    )

    kubus = hasil_atau_kubus.kubus if isinstance(hasil_atau_kubus, HasilCek) else hasil_atau_kubus
    aturan = aturan or (
        hasil_atau_kubus.aturan if isinstance(hasil_atau_kubus, HasilCek) else muat_aturan()
    )
    privasi = privasi or muat_privasi()
    n_min = privasi.n_minimum
    keluaran: dict[str, pd.DataFrame] = {}

    # Kab-level quality indicators (ranking inputs).
    baris = []
    for kode, bagian in kubus.groupby("kode_wilayah", sort=True):
        ind = indikator_kualitas(bagian)
        tot = jumlah_per(bagian, "kabupaten").iloc[0]
        baris.append(
            {
                "kode_wilayah": kode,
                "jumlah_individu": int(tot["n_individu"]),
                "jumlah_keluarga": int(tot["n_keluarga"]),
                **ind,
            }
        )
    ind = pd.DataFrame(baris)
    for k in ("jumlah_individu", "jumlah_keluarga"):
        ind, _ = tekan_sel_kecil(ind, [k], privasi, komplementer=False)
    for k in ("progres_verval", "persen_nik_valid", "persen_duplikat", "cakupan_desil1"):
        ind = tekan_rasio(ind, k, None, pd.Series([b["jumlah_individu"] for b in baris]), privasi)
    keluaran["indikator_kualitas"] = ind

    # Per-desa quality.
    kd = skor_kualitas(kubus, aturan, "desa")
    kecil = kd["n_individu"] < n_min
    for k in [c for c in kd.columns if c.startswith("persen_")] + ["skor_kualitas"]:
        kd = tekan_rasio(kd, k, None, kd["n_individu"], privasi)
    kd, _ = tekan_sel_kecil(
        kd, ["n_individu", "n_keluarga", "n_bermasalah"], privasi, komplementer=False
    )
    kd.loc[kecil.to_numpy(), "n_bermasalah"] = privasi.tanda
    keluaran["kualitas_desa"] = kd

    # Desil distributions (people).
    dk = distribusi_desil(kubus, "kecamatan", "individu")
    kol_desil = [f"desil_{d}" for d in range(1, 11)]
    dk, _ = tekan_sel_kecil(dk, kol_desil, privasi, grup="kode_wilayah")
    dk, _ = tekan_sel_kecil(dk, ["jumlah"], privasi, komplementer=False)
    keluaran["desil_kecamatan"] = dk
    dd = distribusi_desil(kubus, "desa", "individu")
    dd, _ = tekan_sel_kecil(dd, kol_desil, privasi, grup="kode_kecamatan")
    dd, _ = tekan_sel_kecil(dd, ["jumlah"], privasi, komplementer=False)
    keluaran["desil_desa"] = dd

    # Targeting.
    for tingkat, nama in (("kabupaten", "sasaran_program"), ("kecamatan", "sasaran_kecamatan")):
        try:
            ks = kinerja_sasaran(kubus, aturan, tingkat)
        except GalatAnalisis:
            continue
        hitung = ["layak", "penerima", "layak_penerima", "inklusi", "eksklusi"]
        asli = ks.copy()
        ks, _m = tekan_sel_kecil(ks, hitung, privasi, komplementer=False)
        ks = tekan_rasio(ks, "cakupan", asli["layak_penerima"], asli["layak"], privasi)
        ks = tekan_rasio(ks, "galat_inklusi", asli["inklusi"], asli["penerima"], privasi)
        ks = tekan_rasio(ks, "galat_eksklusi", asli["eksklusi"], asli["layak"], privasi)
        keluaran[nama] = ks

    # Quadrant of desa.
    kw = kuadran_wilayah(kubus, aturan, "desa")
    asli = kw.copy()
    kw, _ = tekan_sel_kecil(kw, ["jumlah_miskin", "penduduk"], privasi, komplementer=False)
    kw = tekan_rasio(kw, "persen_miskin", asli["jumlah_miskin"], asli["penduduk"], privasi)
    keluaran["kuadran_desa"] = kw

    # Reconciliation (kabupaten level: large numbers, no suppression needed unless tiny).
    rek = []
    for kode, bagian in kubus.groupby("kode_wilayah", sort=True):
        info = dict(bps or {})
        if not {"p0", "penduduk"} <= set(info):
            dasar = angka_bps(str(kode), info.get("tahun"))
            for k, v in dasar.items():
                info.setdefault(k, v)
        r = rekonsiliasi_bps(
            bagian,
            info.get("p0"),
            info.get("penduduk"),
            info.get("rse"),
            info.get("tahun"),
            info.get("tahun_penduduk"),
        )
        r.insert(0, "kode_wilayah", kode)
        asli = r["nilai"].copy()
        kecil = (asli > 0) & (asli < n_min) & (r["sumber"] == "BNBA")
        r["nilai"] = r["nilai"].astype(object)
        r.loc[kecil.to_numpy(), "nilai"] = privasi.tanda
        rek.append(r)
    rr = pd.concat(rek, ignore_index=True)
    from analisis.bnba.sasaran import CATATAN_REKONSILIASI

    rr.attrs["catatan"] = CATATAN_REKONSILIASI
    keluaran["rekonsiliasi_bps"] = rr
    for df in keluaran.values():
        df.attrs["privasi"] = {"n_minimum": n_min, "penanda": privasi.tanda}
    return keluaran


# --------------------------------------------------------------------------------------------
# Privacy scan


@dataclass(frozen=True)
class TemuanPrivasi:
    """One hit of :func:`pindai_privasi` (the matched text itself is NOT kept)."""

    berkas: str
    jenis: str  # angka_16_digit | nama
    baris: int | None
    keterangan: str = ""

    def __str__(self) -> str:
        lok = f"{self.berkas}" + (f", baris {self.baris}" if self.baris else "")
        return f"{lok}: {'angka 16 digit (NIK/No KK?)' if self.jenis == 'angka_16_digit' else 'nama dari daftar'}"


def _teks_berkas(path: Path) -> Iterable[tuple[int | None, str]]:
    """Lines of text of a file (XLSX: every XML part; Parquet: cell values as text)."""
    akhir = path.suffix.lower()
    if akhir in (".xlsx", ".xlsm", ".docx", ".pptx", ".ods", ".odt", ".zip"):
        with zipfile.ZipFile(path) as z:
            for nama in z.namelist():
                if nama.endswith((".xml", ".rels", ".txt", ".csv", ".json", ".html")):
                    teks = z.read(nama).decode("utf-8", errors="replace")
                    # XML cell boundaries → separators, so adjacent cells do not merge.
                    teks = re.sub(r"<[^>]+>", "\n", teks)
                    for i, b in enumerate(teks.splitlines(), start=1):
                        if b:
                            yield None, b
        return
    if akhir == ".parquet":
        import pyarrow.parquet as pq

        t = pq.read_table(path)
        for nama in t.column_names:
            for i, v in enumerate(t[nama].to_pylist(), start=1):
                if v is not None:
                    yield i, str(v)
        return
    data = path.read_bytes()
    teks = data.decode("utf-8", errors="replace")
    for i, b in enumerate(teks.splitlines(), start=1):
        yield i, b


def pindai_privasi(
    paths: str | Path | Iterable[str | Path],
    nama_sintetis: Iterable[str] | None = None,
    kecuali: Iterable[str | Path] = (),
) -> list[TemuanPrivasi]:
    """Scan files (HTML, CSV, JSON, XLSX, TXT/logs, Parquet; folders recursively) for 16-digit
    numbers and for the given names (case-insensitive, whole words).

    Args:
        paths: files or folders.
        nama_sintetis: names to look for (default: :data:`analisis.bnba.sintetis.NAMA_SINTETIS`).
        kecuali: files or folders to skip (e.g. the private worklist).

    Returns:
        Hits with file, kind and line (never the matched value).
    """
    from analisis.bnba.sintetis import NAMA_SINTETIS

    if isinstance(paths, (str, Path)):
        paths = [paths]
    nama = [n for n in (NAMA_SINTETIS if nama_sintetis is None else nama_sintetis) if n.strip()]
    pola_nama = (
        re.compile(
            r"(?<!\w)("
            + "|".join(re.escape(n) for n in sorted(nama, key=len, reverse=True))
            + r")(?!\w)",
            re.IGNORECASE,
        )
        if nama
        else None
    )
    lewati = {Path(k).resolve() for k in kecuali}
    berkas: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            berkas.extend(sorted(x for x in p.rglob("*") if x.is_file()))
        elif p.is_file():
            berkas.append(p)
        else:
            raise GalatAnalisis(f"Berkas atau folder '{p}' tidak ditemukan untuk dipindai.")
    temuan: list[TemuanPrivasi] = []
    for b in berkas:
        rb = b.resolve()
        if rb in lewati or any(k in rb.parents for k in lewati):
            continue
        try:
            for i, teks in _teks_berkas(b):
                if POLA_16_DIGIT.search(teks):
                    temuan.append(TemuanPrivasi(str(b), "angka_16_digit", i))
                if pola_nama is not None and pola_nama.search(teks):
                    temuan.append(TemuanPrivasi(str(b), "nama", i))
        except (zipfile.BadZipFile, OSError) as e:
            temuan.append(TemuanPrivasi(str(b), "tidak_terbaca", None, str(e)[:80]))
    return temuan


def simpan_publik(
    keluaran: dict[str, pd.DataFrame], folder: str | Path, meta: dict | None = None
) -> list[Path]:
    """Write the publishable tables as CSV plus ``ringkasan_publik.json`` (each file atomic)."""
    import os
    import tempfile

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ditulis = []

    def atomik(path: Path, teks: str) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".sementara_", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(teks)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    isi_json: dict = {"meta": meta or {}, "tabel": {}}
    for nama, df in keluaran.items():
        p = folder / f"{nama}.csv"
        atomik(p, df.to_csv(index=False))
        ditulis.append(p)
        isi_json["tabel"][nama] = json.loads(df.to_json(orient="records", force_ascii=False))
    from analisis.bnba.sasaran import CATATAN_REKONSILIASI

    isi_json["catatan_rekonsiliasi"] = CATATAN_REKONSILIASI
    p = folder / "ringkasan_publik.json"
    atomik(p, json.dumps(isi_json, ensure_ascii=False, indent=1))
    ditulis.append(p)
    return ditulis
