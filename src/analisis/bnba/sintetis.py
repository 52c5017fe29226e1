"""Synthetic BNBA extracts with defects injected at known, recorded counts.

:func:`buat_contoh` writes a realistic but entirely invented extract of one kabupaten/kota
(Parquet and/or CSV), vectorised with numpy/pyarrow (1,000,000 rows in a few seconds). It is
marked SINTETIS three ways: a column ``sumber_data = 'SINTETIS'`` on every row, the file name
(``..._SINTETIS_...``) and, for Parquet, the file metadata (``sumber_data`` and the manifest).
Any size is written in parts of at most :data:`BARIS_PER_BAGIAN` rows (whole families, one
Parquet row group each), so 100 million rows need the memory of one part (see
:func:`buat_contoh`).

What is generated (reference date ``tanggal_acuan``):

- kecamatan and desa with Kemendagri-style codes under the kabupaten's **Kemendagri** code
  (``kab(4) + kec(2)``, ``kec(6) + desa(4)``; desa 2001…, kelurahan 1001…);
- families (sizes 1–8) with a head, usually a spouse, children and sometimes grandchildren,
  parents/in-laws or other relatives, with ages plausible for each relation;
- NIK = kecamatan code (6) + DDMMYY of birth (+40 on DD for women) + serial (4), unique;
  No KK = kecamatan code (6) + DDMMYY of issue + serial (4), unique;
- a family welfare desil (1–10) from a latent score with a desa effect (so some desa are poorer);
- programme flags with realistic targeting: PKH and Sembako/BPNT per family, PBI-JK per person,
  only in desil 1–4 with probabilities falling with the desil; every desil-1/2 family has at
  least one programme before defects are injected;
- verval status with a desa-level progress rate; names from the fixed list :data:`NAMA_SINTETIS`
  (so :func:`analisis.bnba.privasi.pindai_privasi` can search for them).

Defects (disjoint sets of rows/families, counts from :data:`LAJU_BAWAAN` × size):

================================  ===========================================================
``nik_tidak_valid``               NIK not 16 digits (15/17 digits, a letter, blank)
``nik_tanggal_beda``              NIK date part ≠ birth date
``nik_jk_beda``                   NIK +40 marker ≠ sex
``nik_wilayah_beda``              NIK issued in another kecamatan/kabupaten (warning only)
``nik_ganda``                     a person listed again in another family of the same kecamatan
                                  (as "famili lain"): 2 flagged rows per pair
``kk_tidak_valid``                whole family's No KK not 16 digits (17 digits or a hyphen)
``kk_alamat_ganda``               one member of a family under a different address
``umur_tidak_wajar``              child too old for the head, or spouse younger than 15
``meninggal_penerima``            deceased person in a recipient family/with PBI-JK
``meninggal_bukan_penerima``      deceased non-recipient (NOT a defect: must not be flagged)
``inklusi``                       family in desil ≥ 5 given one programme
``eksklusi``                      desil-1/2 family with every programme removed
================================  ===========================================================

The returned :class:`ManifestSintetis` (also written as ``<file>.manifest.json``) records the
exact counts and ``harapan_bendera``: the number of rows each check of
:mod:`analisis.bnba.cek` must flag under the default rules (desil ≤ 4 eligibility, exclusion
desil ≤ 2, ages in ``aturan.yaml``).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analisis.bnba.skema import info_wilayah
from analisis.galat import GalatAnalisis

VERSI_GENERATOR = 2

#: Rows generated and written at a time: a larger extract is written in consecutive parts of at
#: most this many rows (each its own Parquet row group), so memory does not grow with the file.
BARIS_PER_BAGIAN = 1_000_000

_DEPAN_L = (
    "AHMAD",
    "BAMBANG",
    "CAHYO",
    "DARMAWAN",
    "EKO",
    "FAJAR",
    "GUNAWAN",
    "HENDRA",
    "IRWAN",
    "JOKO",
    "KURNIA",
    "LUKMAN",
    "MULYADI",
    "NURDIN",
    "OKTAVIAN",
    "PRAYOGA",
    "RAHMAT",
    "SUPRIADI",
    "TAUFIK",
    "UJANG",
    "WAHYUDI",
    "YUSRAN",
    "ZAINAL",
    "ARIFIN",
    "BASUKI",
    "DEDI",
    "FIRMAN",
    "HAMDANI",
    "ISKANDAR",
    "MASRANI",
)
_DEPAN_P = (
    "AMINAH",
    "BADRIAH",
    "CITRA",
    "DEWINTA",
    "ERNAWATI",
    "FITRIANI",
    "GUSTINA",
    "HALIMAH",
    "INDRIYANI",
    "JUBAIDAH",
    "KARTINI",
    "LESTARI",
    "MASITAH",
    "NORHASANAH",
    "OKTAVIANI",
    "PURNAMASARI",
    "RAHMAWATI",
    "SITI",
    "TRIWULAN",
    "UMMIYATI",
    "WAHIDAH",
    "YULIANTI",
    "ZAHRATUL",
    "ASMAWATI",
    "BAIDAH",
    "DAHLIANI",
    "FAUZIAH",
    "HERLINA",
    "IDAWATI",
    "MAISARAH",
)
_BELAKANG = (
    "SINTESANTO",
    "WIRAPRADJA",
    "SUKMARANI",
    "PURBAYUDA",
    "DANUKUSUMA",
    "KERTAWIDJAJA",
    "LARASWATI",
    "MANGUNDIRJO",
    "NATADIPRAJA",
    "PRAWIRASENO",
    "RANGGAWUNI",
    "SASTRAMIHARJA",
    "TIRTOSUDIRO",
    "WANGSADIREJA",
    "ADIWINOTO",
    "BRATAKUSUMA",
    "CAKRAWINATA",
    "DIPANEGORO",
    "GANDASUBRATA",
    "HARDJOWIGENO",
)

#: Every full name the generator can produce ("DEPAN BELAKANG"), men first then women.
NAMA_SINTETIS: tuple[str, ...] = tuple(f"{d} {b}" for d in _DEPAN_L for b in _BELAKANG) + tuple(
    f"{d} {b}" for d in _DEPAN_P for b in _BELAKANG
)
_N_NAMA_L = len(_DEPAN_L) * len(_BELAKANG)
_N_NAMA_P = len(_DEPAN_P) * len(_BELAKANG)

_JALAN = (
    "JL. MAWAR",
    "JL. MELATI",
    "JL. KENANGA",
    "JL. ANGGREK",
    "JL. CEMPAKA",
    "JL. FLAMBOYAN",
    "JL. PERMATA",
    "JL. BERINGIN",
    "JL. SAWO",
    "JL. NANGKA",
    "JL. RAMBUTAN",
    "JL. DURIAN",
    "GG. SEPAKAT",
    "GG. MUFAKAT",
    "GG. KELUARGA",
    "KOMP. PERMAI",
    "DUSUN HULU",
    "DUSUN HILIR",
    "JL. TRANS KALIMANTAN",
    "JL. LINTAS DESA",
)

#: Relations used by the generator (subset of :data:`analisis.bnba.konfigurasi.HUBUNGAN`).
_HUB = (
    "kepala keluarga",
    "istri",
    "suami",
    "anak",
    "menantu",
    "cucu",
    "orang tua",
    "mertua",
    "famili lain",
)
H_KEPALA, H_ISTRI, H_SUAMI, H_ANAK, H_MENANTU, H_CUCU, H_ORTU, H_MERTUA, H_FAMILI = range(9)

_STATUS = ("SUDAH VERVAL", "BELUM VERVAL", "TIDAK DITEMUKAN")

#: Default defect rates. Row-level rates are × rows; ``kk_*`` × families; ``inklusi`` × families
#: in desil ≥ 5; ``eksklusi`` × families in desil ≤ 2; ``nik_ganda`` pairs × rows.
LAJU_BAWAAN: dict[str, float] = {
    "nik_tidak_valid": 0.004,
    "nik_tanggal_beda": 0.003,
    "nik_jk_beda": 0.002,
    "nik_wilayah_beda": 0.01,
    "nik_ganda": 0.002,
    "kk_tidak_valid": 0.002,
    "kk_alamat_ganda": 0.004,
    "umur_tidak_wajar": 0.002,
    "meninggal_penerima": 0.002,
    "meninggal_bukan_penerima": 0.003,
    "inklusi": 0.03,
    "eksklusi": 0.08,
}

# Probability of each programme by desil 1..10 before defects (0 above desil 4).
_PELUANG_PROGRAM = {
    "pkh": (0.45, 0.35, 0.22, 0.12, 0, 0, 0, 0, 0, 0),
    "bpnt": (0.65, 0.50, 0.35, 0.20, 0, 0, 0, 0, 0, 0),
    "pbi_jk": (0.85, 0.80, 0.60, 0.45, 0, 0, 0, 0, 0, 0),
}
_Z_DESIL = np.array([-1.2816, -0.8416, -0.5244, -0.2533, 0.0, 0.2533, 0.5244, 0.8416, 1.2816])


@dataclass
class ManifestSintetis:
    """Exact description of a synthetic extract (JSON-serialisable via :meth:`ke_dict`).

    ``cacat`` maps each defect to its injected counts (``baris`` rows, ``keluarga`` families,
    ``pasangan`` pairs …); ``harapan_bendera`` maps each check flag of
    :mod:`analisis.bnba.cek` to the exact number of rows it must flag under the default rules
    (and ``harapan_keluarga`` the families for family-level checks).
    """

    sumber_data: str
    versi_generator: int
    kode_wilayah: str
    kode_kemendagri: str
    nama_wilayah: str
    seed: int
    tanggal_acuan: str
    jumlah_baris: int
    jumlah_keluarga: int
    jumlah_kecamatan: int
    jumlah_desa: int
    berkas: list[str]
    laju: dict[str, float]
    aturan: dict[str, Any]
    cacat: dict[str, dict[str, int]]
    harapan_bendera: dict[str, int]
    harapan_keluarga: dict[str, int]
    keluarga_per_desil: dict[str, int]
    sasaran: dict[str, dict[str, Any]]
    catatan: str = (
        "DATA SINTETIS untuk uji dan pelatihan; tidak mewakili orang atau keluarga mana pun."
    )
    kolom: list[str] = field(default_factory=list)
    jumlah_bagian: int = 1

    def ke_dict(self) -> dict[str, Any]:
        return asdict(self)

    def ke_json(self) -> str:
        return json.dumps(self.ke_dict(), ensure_ascii=False, indent=2)


@dataclass
class _Wilayah:
    """Kecamatan and desa of one synthetic kabupaten, shared by all parts of a file."""

    kec_kode: np.ndarray
    desa_kec: np.ndarray
    desa_kode: np.ndarray
    bobot_desa: np.ndarray
    efek_desa: np.ndarray
    progres_desa: np.ndarray


class _Penomoran:
    """NIK and No KK serial numbers handed out so far, shared by the parts of one file.

    A key is kecamatan code (6) + DDMMYY; clean NIK serials (1–4999) and No KK serials
    (1–9999) continue per key from part to part, so they never repeat. The changed NIKs of the
    injected defects (serials 5000–9999, drawn at random) are remembered so that a later part
    redraws any that an earlier part already used. Memory: two counters of 2 bytes per
    possible key (1,000,000 per kecamatan) and 8 bytes per changed NIK.
    """

    def __init__(self, kec_kode: np.ndarray) -> None:
        self._dasar = int(kec_kode[0]) * 1_000_000
        ukuran = (int(kec_kode[-1]) - int(kec_kode[0]) + 1) * 1_000_000
        self._nik = np.zeros(ukuran, dtype=np.uint16)
        self._kk = np.zeros(ukuran, dtype=np.uint16)
        self._nik_ubah = np.empty(0, dtype=np.uint64)

    def serial_nik(self, kunci: np.ndarray) -> np.ndarray:
        return self._lanjutkan(self._nik, kunci)

    def serial_kk(self, kunci: np.ndarray) -> np.ndarray:
        return self._lanjutkan(self._kk, kunci)

    def _lanjutkan(self, hitungan: np.ndarray, kunci: np.ndarray) -> np.ndarray:
        posisi = kunci - self._dasar
        serial = _serial_unik(kunci) + hitungan[posisi].astype(np.int64)
        unik, banyak = np.unique(posisi, return_counts=True)
        hitungan[unik] = np.minimum(hitungan[unik].astype(np.int64) + banyak, 65_535)
        return serial

    def bentrok(self, nik: np.ndarray, diubah: np.ndarray) -> np.ndarray:
        """Indices of changed rows whose NIK an earlier part already used."""
        if len(self._nik_ubah) == 0:
            return np.empty(0, dtype=np.int64)
        calon = np.flatnonzero(diubah)
        return calon[np.isin(nik[calon], self._nik_ubah, assume_unique=False)]

    def catat_nik_ubah(self, nik: np.ndarray) -> None:
        self._nik_ubah = np.union1d(self._nik_ubah, nik.astype(np.uint64))


# --------------------------------------------------------------------------------------------
# Vectorised string helpers


def _digit_str(angka: np.ndarray, lebar: int) -> pa.StringArray:
    """Non-negative integers → zero-padded fixed-width strings (zero copy into Arrow)."""
    a = np.asarray(angka, dtype=np.uint64)
    n = len(a)
    mat = np.empty((n, lebar), dtype=np.uint8)
    sisa = a.copy()
    for j in range(lebar - 1, -1, -1):
        mat[:, j] = (sisa % 10).astype(np.uint8) + 48
        sisa //= 10
    offsets = np.arange(0, (n + 1) * lebar, lebar, dtype=np.int32)
    return pa.StringArray.from_buffers(
        n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(mat).reshape(-1))
    )


def _ganti(arr: pa.Array, idx: np.ndarray, nilai: pa.Array) -> pa.Array:
    """Replace ``arr[idx]`` (idx ascending) by ``nilai``."""
    if len(idx) == 0:
        return arr
    mask = np.zeros(len(arr), dtype=bool)
    mask[idx] = True
    return pc.replace_with_mask(arr, pa.array(mask), nilai)


def _tanggal_komponen(hari: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = hari.astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    m = d.astype("datetime64[M]")
    tahun = y.astype(np.int64) + 1970
    bulan = (m - y.astype("datetime64[M]")).astype(np.int64) + 1
    hari_ke = (d - m.astype("datetime64[D]")).astype(np.int64) + 1
    return tahun, bulan, hari_ke


def _ddmmyy(hari: np.ndarray, perempuan: np.ndarray | None = None) -> np.ndarray:
    t, b, h = _tanggal_komponen(hari)
    if perempuan is not None:
        h = h + 40 * perempuan.astype(np.int64)
    return h * 10000 + b * 100 + (t % 100)


def _serial_unik(kunci: np.ndarray) -> np.ndarray:
    """1-based rank of each element within its key group (vectorised cumcount)."""
    urut = np.argsort(kunci, kind="stable")
    k = kunci[urut]
    awal = np.r_[True, k[1:] != k[:-1]]
    posisi = np.arange(len(k))
    mulai = np.maximum.accumulate(np.where(awal, posisi, 0))
    serial = np.empty(len(k), dtype=np.int64)
    serial[urut] = posisi - mulai + 1
    return serial


def _pilih(rng: np.random.Generator, calon: np.ndarray, k: int) -> np.ndarray:
    k = int(min(k, len(calon)))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    return np.sort(rng.choice(calon, size=k, replace=False))


# --------------------------------------------------------------------------------------------


def buat_contoh(
    kode_wilayah_bps: str,
    jumlah: int,
    seed: int = 0,
    tujuan: str | Path = ".",
    format: Literal["parquet", "csv", "keduanya"] = "parquet",
    tanggal_acuan: date | None = None,
    laju: dict[str, float] | None = None,
    gaya_kolom: Literal["kanonik", "ekspor"] = "kanonik",
    tulis_manifest: bool = True,
    baris_per_bagian: int = BARIS_PER_BAGIAN,
) -> ManifestSintetis:
    """Write a synthetic BNBA extract of ``jumlah`` rows for one kabupaten/kota.

    Args:
        kode_wilayah_bps: BPS code (e.g. ``"6303"``); NIK and region codes use its Kemendagri code.
        jumlah: number of rows (people), at least 50.
        seed: random seed (same seed, same file).
        tujuan: a folder (file named ``BNBA_SINTETIS_<kode>_<jumlah>.<ext>``) or a file path
            (``SINTETIS_`` is prefixed when the name does not contain "sintetis").
        format: ``parquet``, ``csv`` or ``keduanya``.
        tanggal_acuan: reference date for ages (default: today).
        laju: defect rates overriding :data:`LAJU_BAWAAN`.
        gaya_kolom: ``kanonik`` (canonical names/values) or ``ekspor`` (DTKS-like headers such as
            ``NIK``, ``JNS_KEL``, ``TGL_LAHIR`` DD-MM-YYYY, ``YA``/``TIDAK`` — exercises the
            column mapping).
        tulis_manifest: also write ``<file>.manifest.json``.
        baris_per_bagian: rows generated and written at a time (at least 1,000). A larger
            extract is made of consecutive parts of whole families, each from its own seed
            derived from ``seed`` and written as its own Parquet row group (or appended to the
            CSV), so memory depends on this size, not on ``jumlah``; NIK and No KK stay unique
            across parts and the manifest sums the parts' exact counts.

    Returns:
        The manifest (exact injected counts and expected check flags).
    """
    kode, kode_kmd, nama_wil = info_wilayah(kode_wilayah_bps)
    jumlah = int(jumlah)
    if jumlah < 50:
        raise GalatAnalisis("Jumlah baris data sintetis minimal 50.")
    if format not in ("parquet", "csv", "keduanya"):
        raise GalatAnalisis(f"Format '{format}' tidak dikenal: pilih parquet, csv atau keduanya.")
    laju_pakai = dict(LAJU_BAWAAN)
    for k, v in (laju or {}).items():
        if k not in laju_pakai:
            raise GalatAnalisis(f"Laju cacat '{k}' tidak dikenal: {', '.join(LAJU_BAWAAN)}.")
        if not 0 <= float(v) <= 0.5:
            raise GalatAnalisis(f"Laju cacat '{k}' harus antara 0 dan 0,5.")
        laju_pakai[k] = float(v)
    if int(baris_per_bagian) < 1_000:
        raise GalatAnalisis("Jumlah baris per bagian minimal 1.000.")
    acuan = tanggal_acuan or date.today()
    rng = np.random.default_rng(seed)
    wilayah = _rancang_wilayah(kode_kmd, jumlah - round(laju_pakai["nik_ganda"] * jumlah), rng)
    penomoran = _Penomoran(wilayah.kec_kode)
    ukuran = _ukuran_bagian(jumlah, int(baris_per_bagian))

    def bagian() -> Iterator[tuple[pa.Table, ManifestSintetis]]:
        for i, n in enumerate(ukuran):
            # one part continues the region's stream; several parts each get a derived seed
            rng_bagian = rng if len(ukuran) == 1 else np.random.default_rng([seed, i])
            # no local reference: a part is freed once written, before the next is generated
            yield _bergaya(
                _bangkitkan(
                    kode,
                    kode_kmd,
                    nama_wil,
                    n,
                    seed,
                    acuan,
                    laju_pakai,
                    wilayah,
                    penomoran,
                    rng_bagian,
                ),
                gaya_kolom,
            )

    manifest, berkas = _tulis(bagian(), Path(tujuan), kode, jumlah, format)
    manifest.berkas = [str(b) for b in berkas]
    if tulis_manifest:
        for b in berkas:
            _tulis_atomik_teks(Path(str(b) + ".manifest.json"), manifest.ke_json())
    return manifest


def _rancang_wilayah(kode_kmd: str, n_dasar: int, rng: np.random.Generator) -> _Wilayah:
    """Kecamatan and desa of the kabupaten (Kemendagri-style codes), sized for ``n_dasar`` rows."""
    n_kec = int(np.clip(n_dasar // 2500, 3, 15))
    desa_per_kec = rng.integers(5, 13, size=n_kec)
    if n_dasar < 2000:
        desa_per_kec = np.minimum(desa_per_kec, 3)
    kec_kode = int(kode_kmd) * 100 + np.arange(1, n_kec + 1)
    desa_kec = np.repeat(np.arange(n_kec), desa_per_kec)
    n_desa = len(desa_kec)
    urut_dalam = _serial_unik(desa_kec)
    kelurahan = rng.random(n_desa) < 0.12
    desa_kode = (
        kec_kode[desa_kec].astype(np.int64) * 10000 + np.where(kelurahan, 1000, 2000) + urut_dalam
    )
    return _Wilayah(
        kec_kode=kec_kode,
        desa_kec=desa_kec,
        desa_kode=desa_kode,
        bobot_desa=rng.lognormal(0.0, 0.5, n_desa),
        efek_desa=rng.normal(0.0, 0.6, n_desa),
        progres_desa=rng.beta(6, 3, n_desa),
    )


def _bangkitkan(
    kode: str,
    kode_kmd: str,
    nama_wil: str,
    jumlah: int,
    seed: int,
    acuan: date,
    laju: dict[str, float],
    wilayah: _Wilayah,
    penomoran: _Penomoran,
    rng: np.random.Generator,
) -> tuple[pa.Table, ManifestSintetis]:
    """One part of ``jumlah`` rows (whole families) and its exact counts."""
    hari_acuan = np.datetime64(acuan, "D").astype(np.int64)
    n_pasangan_ganda = round(laju["nik_ganda"] * jumlah)
    n_dasar = jumlah - n_pasangan_ganda
    kec_kode, desa_kec, desa_kode = wilayah.kec_kode, wilayah.desa_kec, wilayah.desa_kode
    bobot_desa, efek_desa, progres_desa = (
        wilayah.bobot_desa,
        wilayah.efek_desa,
        wilayah.progres_desa,
    )
    n_kec, n_desa = len(kec_kode), len(desa_kode)

    # ---- families
    p_ukuran = np.array([0.08, 0.17, 0.22, 0.23, 0.15, 0.08, 0.045, 0.025])
    perkiraan = int(n_dasar / 3.7 * 1.1) + 10
    ukuran = rng.choice(np.arange(1, 9), size=perkiraan, p=p_ukuran)
    kum = np.cumsum(ukuran)
    n_kel = int(np.searchsorted(kum, n_dasar) + 1)
    ukuran = ukuran[:n_kel]
    ukuran[-1] -= int(kum[n_kel - 1] - n_dasar)
    if ukuran[-1] <= 0:
        ukuran = ukuran[:-1]
        n_kel -= 1
        ukuran[-1] += n_dasar - int(ukuran.sum())
    # every desa gets at least two families, the rest by weight
    kel_desa = np.empty(n_kel, dtype=np.int64)
    wajib = np.repeat(np.arange(n_desa), 2)[:n_kel]
    kel_desa[: len(wajib)] = wajib
    sisa = n_kel - len(wajib)
    if sisa > 0:
        kel_desa[len(wajib) :] = rng.choice(n_desa, size=sisa, p=bobot_desa / bobot_desa.sum())
    kel_desa = np.sort(kel_desa)  # families listed desa by desa, as in real exports
    kel_kec = desa_kec[kel_desa]
    skor = efek_desa[kel_desa] + rng.normal(0.0, 1.0, n_kel) - 0.15
    desil = (1 + np.searchsorted(_Z_DESIL * np.sqrt(1 + 0.36), skor)).astype(np.int64)

    # programmes (family-level draw; PBI-JK is per person but drawn per family here)
    prog_kel: dict[str, np.ndarray] = {}
    for p, peluang in _PELUANG_PROGRAM.items():
        prog_kel[p] = rng.random(n_kel) < np.asarray(peluang)[desil - 1]
    tanpa = (desil <= 2) & ~(prog_kel["pkh"] | prog_kel["bpnt"] | prog_kel["pbi_jk"])
    prog_kel["bpnt"] = prog_kel["bpnt"] | tanpa

    umur_kepala = np.clip(np.round(rng.gamma(9.0, 5.0, n_kel) + 8), 20, 85).astype(np.int64)
    kepala_p = rng.random(n_kel) < 0.15

    # KK numbers: kec(6) + DDMMYY issue + serial(4)
    terbit = rng.integers(hari_acuan - 20 * 365, hari_acuan - 30, size=n_kel)
    kunci_kk = kec_kode[kel_kec].astype(np.int64) * 1_000_000 + _ddmmyy(terbit)
    serial_kk = penomoran.serial_kk(kunci_kk)
    if serial_kk.max() > 9999:
        raise GalatAnalisis("Terlalu banyak KK untuk nomor seri 4 digit; kurangi jumlah.")
    kk_num = kunci_kk.astype(np.uint64) * np.uint64(10000) + serial_kk.astype(np.uint64)

    # addresses
    jalan = rng.integers(0, len(_JALAN), n_kel)
    nomor = rng.integers(1, 150, n_kel)
    rt = rng.integers(1, 25, n_kel)
    rw = rng.integers(1, 8, n_kel)

    # ---- members
    kel = np.repeat(np.arange(n_kel), ukuran)
    n = len(kel)
    awal_kel = np.r_[0, np.cumsum(ukuran)[:-1]]
    pos = np.arange(n) - awal_kel[kel]
    uk = ukuran[kel]
    uh = umur_kepala[kel]
    ada_pasangan = rng.random(n_kel) < 0.85
    hub = np.full(n, H_ANAK, dtype=np.int64)
    hub[pos == 0] = H_KEPALA
    pasangan = (pos == 1) & ada_pasangan[kel] & (uk >= 2)
    hub[pasangan] = np.where(kepala_p[kel][pasangan], H_SUAMI, H_ISTRI)
    lain = (pos >= 1) & ~pasangan
    u = rng.random(n)
    hub[lain & (u < 0.07) & (uh >= 52)] = H_CUCU
    hub[lain & (u >= 0.07) & (u < 0.11) & (uh <= 70)] = H_ORTU
    hub[lain & (u >= 0.11) & (u < 0.13) & (uh <= 70)] = H_MERTUA
    hub[lain & (u >= 0.13) & (u < 0.15) & (uh >= 45)] = H_MENANTU
    hub[lain & (u >= 0.15) & (u < 0.18)] = H_FAMILI

    perempuan = rng.random(n) < 0.5
    perempuan[hub == H_KEPALA] = kepala_p[kel][hub == H_KEPALA]
    perempuan[hub == H_ISTRI] = True
    perempuan[hub == H_SUAMI] = False

    umur = np.zeros(n, dtype=np.int64)
    umur[hub == H_KEPALA] = uh[hub == H_KEPALA]
    m = (hub == H_ISTRI) | (hub == H_SUAMI)
    umur[m] = np.clip(uh[m] + np.round(rng.normal(-3, 4, m.sum())), 17, 95)
    m = hub == H_ANAK
    batas = np.minimum(uh[m] - 16, 40)
    umur[m] = np.floor(rng.random(m.sum()) * (batas + 1)).astype(np.int64)
    m = hub == H_CUCU
    umur[m] = np.floor(rng.random(m.sum()) * (uh[m] - 34 + 1)).astype(np.int64)
    m = (hub == H_ORTU) | (hub == H_MERTUA)
    umur[m] = uh[m] + rng.integers(18, 29, m.sum())
    m = hub == H_MENANTU
    umur[m] = rng.integers(18, 40, m.sum())
    m = hub == H_FAMILI
    umur[m] = rng.integers(1, 71, m.sum())
    lahir = hari_acuan - np.floor(umur * 365.25).astype(np.int64) - rng.integers(0, 364, n)
    lahir = np.minimum(lahir, hari_acuan)

    nama_idx = np.where(
        perempuan, _N_NAMA_L + rng.integers(0, _N_NAMA_P, n), rng.integers(0, _N_NAMA_L, n)
    )
    status = np.where(
        rng.random(n) < progres_desa[kel_desa[kel]],
        np.where(rng.random(n) < 0.07, 2, 0),
        1,
    )
    meninggal = np.zeros(n, dtype=bool)
    pkh = prog_kel["pkh"][kel].copy()
    bpnt = prog_kel["bpnt"][kel].copy()
    pbi = prog_kel["pbi_jk"][kel].copy()

    # ---- choose disjoint defect sets: families first
    terpakai_kel = np.zeros(n_kel, dtype=bool)
    semua_kel = np.arange(n_kel)

    def ambil_kel(kond: np.ndarray, k: int) -> np.ndarray:
        pilih = _pilih(rng, semua_kel[kond & ~terpakai_kel], k)
        terpakai_kel[pilih] = True
        return pilih

    kel_inklusi = ambil_kel(desil >= 5, round(laju["inklusi"] * int((desil >= 5).sum())))
    kel_eksklusi = ambil_kel(desil <= 2, round(laju["eksklusi"] * int((desil <= 2).sum())))
    kel_alamat = ambil_kel(ukuran >= 2, round(laju["kk_alamat_ganda"] * n_kel))
    kel_kk = ambil_kel(np.ones(n_kel, bool), round(laju["kk_tidak_valid"] * n_kel))
    kel_bersih = ~terpakai_kel

    # inclusion: one programme for a family in desil >= 5
    pilihan = rng.choice(3, size=len(kel_inklusi), p=[0.3, 0.4, 0.3])
    inkl_per_program = {}
    for j, p in enumerate(("pkh", "bpnt", "pbi_jk")):
        fam = kel_inklusi[pilihan == j]
        inkl_per_program[p] = len(fam)
        prog_kel[p][fam] = True
    # exclusion: all programmes removed
    for bendera in prog_kel.values():
        bendera[kel_eksklusi] = False
    pkh = prog_kel["pkh"][kel].copy()
    bpnt = prog_kel["bpnt"][kel].copy()
    pbi = prog_kel["pbi_jk"][kel].copy()

    # ---- rows of clean families for row-level defects
    terpakai = np.zeros(n, dtype=bool)
    semua = np.arange(n)
    baris_bersih = kel_bersih[kel]

    def ambil(kond: np.ndarray, k: int) -> np.ndarray:
        pilih = _pilih(rng, semua[kond & baris_bersih & ~terpakai], k)
        terpakai[pilih] = True
        return pilih

    penerima = pkh | bpnt | pbi
    b_mp = ambil(penerima, round(laju["meninggal_penerima"] * n))
    b_mb = ambil(~penerima, round(laju["meninggal_bukan_penerima"] * n))
    meninggal[b_mp] = True
    meninggal[b_mb] = True
    b_umur_anak = ambil(hub == H_ANAK, round(laju["umur_tidak_wajar"] * n * 0.6))
    b_umur_pas = ambil(
        (hub == H_ISTRI) | (hub == H_SUAMI),
        round(laju["umur_tidak_wajar"] * n) - len(b_umur_anak),
    )
    b_format = ambil(np.ones(n, bool), round(laju["nik_tidak_valid"] * n))
    b_tgl = ambil(np.ones(n, bool), round(laju["nik_tanggal_beda"] * n))
    b_jk = ambil(np.ones(n, bool), round(laju["nik_jk_beda"] * n))
    b_wil = ambil(np.ones(n, bool), round(laju["nik_wilayah_beda"] * n))
    b_sumber_ganda = ambil(~meninggal, n_pasangan_ganda)

    # implausible ages (birth date and NIK date part changed together)
    lahir_kepala = np.full(n_kel, 0, dtype=np.int64)
    lahir_kepala[kel[pos == 0]] = lahir[pos == 0]
    lk = lahir_kepala[kel[b_umur_anak]]
    lahir[b_umur_anak] = np.minimum(
        lk + rng.integers(-5 * 365, 8 * 365, len(b_umur_anak)), hari_acuan
    )
    lahir[b_umur_pas] = hari_acuan - rng.integers(7 * 365, 11 * 365, len(b_umur_pas))

    # ---- NIK: kec(6) + DDMMYY(+40) + serial(4)
    kec_baris = kec_kode[kel_kec[kel]].astype(np.int64)
    kunci = kec_baris * 1_000_000 + _ddmmyy(lahir, perempuan)
    serial = penomoran.serial_nik(kunci)
    if serial.max() > 4999:
        raise GalatAnalisis("Terlalu banyak NIK untuk nomor seri; kurangi jumlah.")
    ubah = np.zeros(n, dtype=bool)
    # date part differs from the birth date
    geser = rng.integers(1, 400, len(b_tgl)) * np.where(rng.random(len(b_tgl)) < 0.5, -1, 1)
    kunci[b_tgl] = kec_baris[b_tgl] * 1_000_000 + _ddmmyy(lahir[b_tgl] + geser, perempuan[b_tgl])
    # +40 marker flipped
    kunci[b_jk] = kec_baris[b_jk] * 1_000_000 + _ddmmyy(lahir[b_jk], ~perempuan[b_jk])
    # issued in another kecamatan or kabupaten
    if n_kec >= 2:
        lain_kec = (kel_kec[kel[b_wil]] + rng.integers(1, n_kec, len(b_wil))) % n_kec
        asal = kec_kode[lain_kec].astype(np.int64)
    else:
        asal = np.full(len(b_wil), int(kode_kmd) * 100 + 99, dtype=np.int64)
    kunci[b_wil] = asal * 1_000_000 + _ddmmyy(lahir[b_wil], perempuan[b_wil])
    ubah[np.r_[b_tgl, b_jk, b_wil, b_umur_anak, b_umur_pas]] = True
    serial[ubah] = rng.integers(5000, 10000, int(ubah.sum()))
    nik_num = kunci.astype(np.uint64) * np.uint64(10000) + serial.astype(np.uint64)
    for _ in range(50):
        urut = np.argsort(nik_num, kind="stable")
        s = nik_num[urut]
        sama = np.r_[False, s[1:] == s[:-1]]
        tabrakan = urut[sama]
        lama = penomoran.bentrok(nik_num, ubah)  # changed NIKs already used by earlier parts
        if len(lama):
            tabrakan = np.union1d(tabrakan, lama)
        if len(tabrakan) == 0:
            break
        tabrakan = tabrakan[ubah[tabrakan]] if ubah[tabrakan].any() else tabrakan
        serial[tabrakan] = rng.integers(5000, 10000, len(tabrakan))
        ubah[tabrakan] = True
        nik_num = kunci.astype(np.uint64) * np.uint64(10000) + serial.astype(np.uint64)
    else:  # pragma: no cover - astronomically unlikely
        raise GalatAnalisis("Gagal membuat NIK unik; coba seed lain.")
    penomoran.catat_nik_ubah(nik_num[ubah])

    # ---- duplicates: the person again as "famili lain" in another clean family, same kecamatan
    kel_a = kel[b_sumber_ganda]
    kec_a = kel_kec[kel_a]
    bersih_idx = semua_kel[kel_bersih]
    urut_kec = bersih_idx[np.argsort(kel_kec[bersih_idx], kind="stable")]
    hitung = np.bincount(kel_kec[urut_kec], minlength=n_kec)
    mulai = np.r_[0, np.cumsum(hitung)[:-1]]
    bisa = hitung[kec_a] >= 2
    b_sumber_ganda = b_sumber_ganda[bisa]
    kel_a, kec_a = kel_a[bisa], kec_a[bisa]
    pilih = rng.integers(0, hitung[kec_a]) if len(kec_a) else np.empty(0, np.int64)
    f2 = urut_kec[mulai[kec_a] + pilih]
    sama = f2 == kel_a
    f2[sama] = urut_kec[mulai[kec_a[sama]] + (pilih[sama] + 1) % hitung[kec_a[sama]]]
    n_ganda = len(b_sumber_ganda)

    # ---- assemble rows (base + duplicates), ordered family by family
    kel_all = np.r_[kel, f2]
    pos_all = np.r_[pos, np.full(n_ganda, 99)]
    urutan = np.lexsort((pos_all, kel_all))
    g = b_sumber_ganda

    def gabung(dasar: np.ndarray, ganda: np.ndarray) -> np.ndarray:
        return np.r_[dasar, ganda][urutan]

    f_kel = gabung(kel, f2)
    f_hub = gabung(hub, np.full(n_ganda, H_FAMILI))
    f_perempuan = gabung(perempuan, perempuan[g])
    f_lahir = gabung(lahir, lahir[g])
    f_nik = gabung(nik_num, nik_num[g])
    f_nama = gabung(nama_idx, nama_idx[g])
    f_status = gabung(status, rng.integers(0, 2, n_ganda))
    f_meninggal = gabung(meninggal, np.zeros(n_ganda, bool))
    f_pkh = gabung(pkh, prog_kel["pkh"][f2])
    f_bpnt = gabung(bpnt, prog_kel["bpnt"][f2])
    f_pbi = gabung(pbi, np.zeros(n_ganda, bool))
    asal_baris = gabung(np.arange(n), np.full(n_ganda, -1))
    n_total = len(f_kel)
    assert n_total == jumlah

    # ---- string columns
    nik_arr = _digit_str(f_nik, 16)
    posisi_baru = np.empty(n, dtype=np.int64)
    posisi_baru[asal_baris[asal_baris >= 0]] = np.flatnonzero(asal_baris >= 0)
    rusak = np.sort(posisi_baru[b_format])
    if len(rusak):
        sub = nik_arr.take(pa.array(rusak))
        jenis = rng.integers(0, 4, len(rusak))
        v15 = pc.utf8_slice_codeunits(sub, 0, 15)
        v17 = pc.binary_join_element_wise(sub, pa.scalar("7"), "")
        vhuruf = pc.utf8_replace_slice(sub, 12, 13, "O")
        vkosong = pa.array([""] * len(rusak), pa.string())
        baru = pc.case_when(
            pa.StructArray.from_arrays(
                [pa.array(jenis == 0), pa.array(jenis == 1), pa.array(jenis == 2)], ["a", "b", "c"]
            ),
            v15,
            v17,
            vhuruf,
            vkosong,
        )
        nik_arr = _ganti(nik_arr, rusak, baru)

    kk_arr = _digit_str(kk_num, 16)
    if len(kel_kk):
        sub = kk_arr.take(pa.array(kel_kk))
        tambah_nol = rng.random(len(kel_kk)) < 0.5
        baru = pc.if_else(
            pa.array(tambah_nol),
            pc.binary_join_element_wise(sub, pa.scalar("0"), ""),
            pc.utf8_replace_slice(sub, 6, 6, "-"),
        )
        kk_arr = _ganti(kk_arr, kel_kk, baru)
    kk_baris = kk_arr.take(pa.array(f_kel))

    alamat_kel = _alamat(jalan, nomor, rt, rw)
    alamat_baris = alamat_kel.take(pa.array(f_kel))
    # address defect: one non-head member of each chosen family under another RT
    if len(kel_alamat):
        cari = np.isin(f_kel, kel_alamat) & (f_hub != H_KEPALA)
        idx_calon = np.flatnonzero(cari)
        fam_calon = f_kel[idx_calon]
        _, pertama = np.unique(fam_calon, return_index=True)
        target = np.sort(idx_calon[pertama])
        fk = f_kel[target]
        rt_baru = (rt[fk] + rng.integers(1, 20, len(fk)) - 1) % 24 + 1
        baru = _alamat(jalan[fk], nomor[fk], rt_baru, rw[fk])
        alamat_baris = _ganti(alamat_baris, target, baru)

    nama_arr = pa.array(NAMA_SINTETIS, pa.string()).take(pa.array(f_nama))
    desa_baris = desa_kode[kel_desa[f_kel]]
    kec_baris = kec_kode[kel_kec[f_kel]]
    tabel = pa.table(
        {
            "sumber_data": pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(n_total, np.int32)), pa.array(["SINTETIS"])
            ),
            "nik": nik_arr,
            "no_kk": kk_baris,
            "nama": nama_arr,
            "jenis_kelamin": pa.DictionaryArray.from_arrays(
                pa.array(f_perempuan.astype(np.int32)), pa.array(["L", "P"])
            ),
            "tanggal_lahir": pa.array(f_lahir.astype("datetime64[D]"), pa.date32()),
            "hubungan_keluarga": pa.DictionaryArray.from_arrays(
                pa.array(f_hub.astype(np.int32)), pa.array(list(_HUB))
            ),
            "alamat": alamat_baris,
            "kode_kecamatan": _digit_str(kec_baris, 6),
            "kode_desa": _digit_str(desa_baris, 10),
            "desil": pa.array(desil[f_kel].astype(np.int8)),
            "pkh": pa.array(f_pkh.astype(np.int8)),
            "bpnt": pa.array(f_bpnt.astype(np.int8)),
            "pbi_jk": pa.array(f_pbi.astype(np.int8)),
            "status_verval": pa.DictionaryArray.from_arrays(
                pa.array(f_status.astype(np.int32)), pa.array(list(_STATUS))
            ),
            "meninggal": pa.array(f_meninggal.astype(np.int8)),
        }
    )

    # ---- manifest: exact counts
    uk_fam = np.bincount(f_kel, minlength=n_kel)
    n_umur = len(b_umur_anak) + len(b_umur_pas)
    cacat = {
        "nik_tidak_valid": {"baris": len(b_format)},
        "nik_tanggal_beda": {"baris": len(b_tgl)},
        "nik_jk_beda": {"baris": len(b_jk)},
        "nik_wilayah_beda": {"baris": len(b_wil)},
        "nik_ganda": {
            "pasangan": int(n_ganda),
            "baris": int(2 * n_ganda),
            "baris_tambahan": int(n_ganda),
        },
        "kk_tidak_valid": {"keluarga": len(kel_kk), "baris": int(uk_fam[kel_kk].sum())},
        "kk_alamat_ganda": {
            "keluarga": len(kel_alamat),
            "baris": int(uk_fam[kel_alamat].sum()),
        },
        "umur_tidak_wajar": {
            "baris": int(n_umur),
            "anak_lebih_tua": len(b_umur_anak),
            "pasangan_di_bawah_umur": len(b_umur_pas),
        },
        "meninggal_penerima": {"baris": len(b_mp)},
        "meninggal_bukan_penerima": {"baris": len(b_mb)},
        "inklusi": {
            "keluarga": len(kel_inklusi),
            "baris": int(uk_fam[kel_inklusi].sum()),
            **{f"keluarga_{p}": v for p, v in inkl_per_program.items()},
        },
        "eksklusi": {"keluarga": len(kel_eksklusi), "baris": int(uk_fam[kel_eksklusi].sum())},
    }
    harapan = {
        "nik_tidak_valid": cacat["nik_tidak_valid"]["baris"],
        "nik_tanggal_beda": cacat["nik_tanggal_beda"]["baris"],
        "nik_jk_beda": cacat["nik_jk_beda"]["baris"],
        "nik_wilayah_beda": cacat["nik_wilayah_beda"]["baris"],
        "nik_ganda": cacat["nik_ganda"]["baris"],
        "kk_tidak_valid": cacat["kk_tidak_valid"]["baris"],
        "kk_alamat_ganda": cacat["kk_alamat_ganda"]["baris"],
        "umur_tidak_wajar": cacat["umur_tidak_wajar"]["baris"],
        "meninggal_penerima": cacat["meninggal_penerima"]["baris"],
        "inklusi": cacat["inklusi"]["baris"],
        "eksklusi": cacat["eksklusi"]["baris"],
    }
    harapan_kel = {
        "kk_tidak_valid": cacat["kk_tidak_valid"]["keluarga"],
        "kk_alamat_ganda": cacat["kk_alamat_ganda"]["keluarga"],
        "inklusi": cacat["inklusi"]["keluarga"],
        "eksklusi": cacat["eksklusi"]["keluarga"],
    }
    d_baris = desil[f_kel]
    sasaran: dict[str, dict[str, Any]] = {}
    for p, unit in (("pkh", "keluarga"), ("bpnt", "keluarga"), ("pbi_jk", "individu")):
        if unit == "keluarga":
            r = prog_kel[p]
            e = desil <= 4
        else:
            r = f_pbi
            e = d_baris <= 4
        sasaran[p] = {
            "unit": unit,
            "layak": int(e.sum()),
            "penerima": int(r.sum()),
            "layak_dan_penerima": int((e & r).sum()),
        }
    manifest = ManifestSintetis(
        sumber_data="SINTETIS",
        versi_generator=VERSI_GENERATOR,
        kode_wilayah=kode,
        kode_kemendagri=kode_kmd,
        nama_wilayah=nama_wil,
        seed=int(seed),
        tanggal_acuan=acuan.isoformat(),
        jumlah_baris=int(n_total),
        jumlah_keluarga=int(n_kel),
        jumlah_kecamatan=int(n_kec),
        jumlah_desa=int(n_desa),
        berkas=[],
        laju=laju,
        aturan={"desil_maks_kelayakan": 4, "desil_eksklusi_maks": 2},
        cacat=cacat,
        harapan_bendera=harapan,
        harapan_keluarga=harapan_kel,
        keluarga_per_desil={str(d): int((desil == d).sum()) for d in range(1, 11)},
        sasaran=sasaran,
    )
    return tabel, manifest


def _alamat(jalan: np.ndarray, nomor: np.ndarray, rt: np.ndarray, rw: np.ndarray) -> pa.Array:
    j = pa.array(_JALAN, pa.string()).take(pa.array(jalan))
    no = pc.cast(pa.array(nomor), pa.string())
    rt_s = pc.utf8_lpad(pc.cast(pa.array(rt), pa.string()), 3, "0")
    rw_s = pc.utf8_lpad(pc.cast(pa.array(rw), pa.string()), 3, "0")
    return pc.binary_join_element_wise(j, " NO. ", no, " RT ", rt_s, "/RW ", rw_s, "")


def _bergaya(
    bagian: tuple[pa.Table, ManifestSintetis], gaya_kolom: str
) -> tuple[pa.Table, ManifestSintetis]:
    tabel, manifest = bagian
    return (_gaya_ekspor(tabel) if gaya_kolom == "ekspor" else tabel), manifest


_EKSPOR = {
    "sumber_data": "SUMBER_DATA",
    "nik": "NIK",
    "no_kk": "NO_KK",
    "nama": "NAMA",
    "jenis_kelamin": "JNS_KEL",
    "tanggal_lahir": "TGL_LAHIR",
    "hubungan_keluarga": "HUB_KRT",
    "alamat": "ALAMAT",
    "kode_kecamatan": "KD_KEC",
    "kode_desa": "KD_DESA",
    "desil": "DESIL",
    "pkh": "PKH",
    "bpnt": "SEMBAKO",
    "pbi_jk": "PBI",
    "status_verval": "STATUS_VERVAL",
    "meninggal": "MENINGGAL",
}


def _gaya_ekspor(t: pa.Table) -> pa.Table:
    """Canonical table → DTKS-like headers and values (to exercise the column mapping)."""
    kol = {}
    for nama in t.column_names:
        c = t[nama].combine_chunks()
        if nama == "jenis_kelamin":
            c = pc.if_else(pc.equal(c.cast(pa.string()), "P"), "PEREMPUAN", "LAKI-LAKI")
        elif nama == "tanggal_lahir":
            c = pc.strftime(c.cast(pa.timestamp("s")), format="%d-%m-%Y")
        elif nama == "hubungan_keluarga":
            c = pc.utf8_upper(c.cast(pa.string()))
        elif nama in ("pkh", "bpnt", "pbi_jk", "meninggal"):
            c = pc.if_else(pc.equal(c, 1), "YA", "TIDAK")
        elif nama == "kode_kecamatan":
            c = pc.binary_join_element_wise(
                pc.utf8_slice_codeunits(c, 0, 2),
                pc.utf8_slice_codeunits(c, 2, 4),
                pc.utf8_slice_codeunits(c, 4, 6),
                ".",
            )
        elif nama == "kode_desa":
            c = pc.binary_join_element_wise(
                pc.utf8_slice_codeunits(c, 0, 2),
                pc.utf8_slice_codeunits(c, 2, 4),
                pc.utf8_slice_codeunits(c, 4, 6),
                pc.utf8_slice_codeunits(c, 6, 10),
                ".",
            )
        elif nama == "desil":
            c = pc.binary_join_element_wise("Desil ", pc.cast(c, pa.string()), "")
        kol[_EKSPOR[nama]] = c
    return pa.table(kol)


def _nama_berkas(tujuan: Path, kode: str, jumlah: int, ext: str, keduanya: bool) -> Path:
    if tujuan.exists() and tujuan.is_dir() or (not tujuan.suffix):
        return tujuan / f"BNBA_SINTETIS_{kode}_{jumlah}.{ext}"
    nama = tujuan.name
    if "sintetis" not in nama.lower():
        nama = "SINTETIS_" + nama
    p = tujuan.with_name(nama)
    if keduanya or p.suffix.lower() != f".{ext}":
        p = p.with_suffix(f".{ext}")
    return p


def _ukuran_bagian(jumlah: int, baris_per_bagian: int) -> list[int]:
    """``jumlah`` split into the fewest near-equal parts of at most ``baris_per_bagian`` rows."""
    n = max(1, -(-jumlah // baris_per_bagian))
    return [jumlah // n + (1 if i < jumlah % n else 0) for i in range(n)]


def _jumlahkan(a: Any, b: Any) -> Any:
    """Two parts' counts added (nested dicts of ints); anything else must agree."""
    if isinstance(a, dict):
        return {k: _jumlahkan(a[k], b[k]) for k in a}
    if isinstance(a, int) and not isinstance(a, bool):
        return a + b
    if a != b:  # pragma: no cover - parts share region, rules and labels
        raise AssertionError(f"parts disagree: {a!r} != {b!r}")
    return a


def _gabung_manifest(bagian: list[ManifestSintetis]) -> ManifestSintetis:
    """The manifest of a whole file: the parts' exact counts summed."""
    hasil = bagian[0]
    for m in bagian[1:]:
        hasil = replace(
            hasil,
            **{f: _jumlahkan(getattr(hasil, f), getattr(m, f)) for f in _BIDANG_DIJUMLAH},
        )
    return replace(hasil, jumlah_bagian=len(bagian))


_BIDANG_DIJUMLAH = (
    "jumlah_baris",
    "jumlah_keluarga",
    "cacat",
    "harapan_bendera",
    "harapan_keluarga",
    "keluarga_per_desil",
    "sasaran",
)


def _tanpa_kamus(t: pa.Table) -> pa.Table:
    """Dictionary columns as plain strings (for CSV)."""
    return pa.table(
        {
            n: (c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c)
            for n, c in zip(t.column_names, t.columns, strict=True)
        }
    )


def _tulis(
    bagian: Iterator[tuple[pa.Table, ManifestSintetis]],
    tujuan: Path,
    kode: str,
    jumlah: int,
    format: str,
) -> tuple[ManifestSintetis, list[Path]]:
    """Write the parts one after the other into temporary files, then put each in place.

    Parquet: one row group per million rows of each part; the schema carries
    ``sumber_data = SINTETIS`` and the file metadata (footer) the whole-file manifest.
    """
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    ext = ["parquet", "csv"] if format == "keduanya" else [format]
    jalur = [_nama_berkas(tujuan, kode, jumlah, e, format == "keduanya") for e in ext]
    sementara: list[str] = []
    penulis: list[Any] = []
    manifest_bagian: list[ManifestSintetis] = []
    kolom: list[str] = []
    try:
        for p, e in zip(jalur, ext, strict=True):
            p.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".sementara_", suffix="." + e, dir=p.parent)
            os.close(fd)
            sementara.append(tmp)
        for tabel, m in bagian:
            manifest_bagian.append(m)
            if not penulis:
                kolom = list(tabel.column_names)
                for tmp, e in zip(sementara, ext, strict=True):
                    if e == "parquet":
                        skema = tabel.schema.with_metadata({b"sumber_data": b"SINTETIS"})
                        penulis.append(pq.ParquetWriter(tmp, skema, compression="snappy"))
                    else:
                        penulis.append(pcsv.CSVWriter(tmp, _tanpa_kamus(tabel.slice(0, 0)).schema))
            for w, e in zip(penulis, ext, strict=True):
                if e == "parquet":
                    w.write_table(tabel, row_group_size=1_000_000)
                else:
                    w.write_table(_tanpa_kamus(tabel))
            del tabel
        manifest = _gabung_manifest(manifest_bagian)
        manifest.kolom = kolom
        for w, e in zip(penulis, ext, strict=True):
            if e == "parquet":
                w.add_key_value_metadata(
                    {
                        "sumber_data": "SINTETIS",
                        "analisis.bnba.manifest": manifest.ke_json(),
                    }
                )
            w.close()
        for tmp, p in zip(sementara, jalur, strict=True):
            os.replace(tmp, p)
    except BaseException:
        for w in penulis:
            with contextlib.suppress(Exception):
                w.close()
        for tmp in sementara:
            Path(tmp).unlink(missing_ok=True)
        raise
    return manifest, jalur


def _tulis_atomik_teks(path: Path, teks: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".sementara_", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(teks)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def baca_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest stored next to (``.manifest.json``) or inside (Parquet metadata) a file."""
    p = Path(path)
    samping = Path(str(p) + ".manifest.json")
    if samping.is_file():
        return json.loads(samping.read_text("utf-8"))
    if p.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        meta = pq.read_metadata(p).metadata or {}
        if b"analisis.bnba.manifest" in meta:
            return json.loads(meta[b"analisis.bnba.manifest"].decode("utf-8"))
    raise GalatAnalisis(f"Manifest data sintetis untuk '{p.name}' tidak ditemukan.")
