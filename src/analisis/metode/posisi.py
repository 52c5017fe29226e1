"""Analisis posisi relatif: rank among kab/kota and position against the reference (§1.4a).

Rank 1 = best, direction-aware (lowest first when lower is better). Ties share the minimum
rank ("1, 2, 2, 4"). Values equal within :data:`analisis.metode._umum.TOLERANSI` count as
ties, so a rank on computed changes is not decided by floating-point noise. Regions without a
value are not ranked and are listed separately; the rank is out of the regions that have one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analisis.galat import GalatAnalisis
from analisis.metode._umum import TOLERANSI, cek_angka, cek_arah, fmt, lebih_baik, penampang

LEBIH_BAIK = "lebih baik dari pembanding"
LEBIH_BURUK = "lebih buruk dari pembanding"
SAMA = "sama dengan pembanding"


@dataclass(frozen=True)
class HasilPeringkat:
    """Ranking of a cross-section.

    Attributes:
        tabel: indexed by ``kode_wilayah``, sorted best first (unranked regions last), with
            columns ``nilai``, ``peringkat`` (nullable Int64, 1 = best) and ``seri`` (True when
            the rank is shared).
        tidak_diperingkat: codes of regions without a value.
        jumlah_diperingkat: number of ranked regions (the "n" of "rank k of n").
    """

    tabel: pd.DataFrame
    tidak_diperingkat: tuple[str, ...]
    jumlah_diperingkat: int


@dataclass(frozen=True)
class PosisiRelatif:
    """Position of one region: its rank and its gap to the reference value.

    ``selisih`` = X_k − X_R (raw), ``selisih_relatif_persen`` = (X_k − X_R)/|X_R| × 100, and
    ``posisi`` says whether that is better or worse given the direction.
    """

    kode_wilayah: str
    nilai: float
    peringkat: int | None
    jumlah_diperingkat: int
    seri_dengan: tuple[str, ...]
    nilai_ref: float
    selisih: float
    selisih_relatif_persen: float
    posisi: str | None
    keterangan: tuple[str, ...] = field(default_factory=tuple)


def peringkat(nilai: pd.Series, arah: int) -> HasilPeringkat:
    """Rank regions (1 = best) with ties sharing the minimum rank.

    Args:
        nilai: cross-section indexed by ``kode_wilayah`` (kab/kota only; leave the province out).
        arah: −1 if lower is better, +1 if higher is better.
    """
    d = cek_arah(arah)
    s = penampang(nilai, "nilai")
    ada = s.dropna()
    # Snap values equal within tolerance onto one representative before ranking.
    kunci = _rapatkan(ada.to_numpy(float))
    rank = pd.Series(-d * kunci, index=ada.index).rank(method="min").astype("int64")
    seri = rank.duplicated(keep=False)

    tabel = pd.DataFrame(
        {
            "nilai": s,
            "peringkat": rank.reindex(s.index).astype("Int64"),
            "seri": seri.reindex(s.index, fill_value=False).astype(bool),
        }
    )
    tabel["_urut"] = tabel["peringkat"].astype("float").fillna(np.inf)
    tabel["_kode"] = tabel.index
    tabel = tabel.sort_values(["_urut", "_kode"], kind="stable").drop(columns=["_urut", "_kode"])
    tabel.index.name = "kode_wilayah"
    kosong = tuple(str(k) for k in s.index[s.isna()])
    return HasilPeringkat(tabel, kosong, len(ada))


def posisi_terhadap_pembanding(nilai: pd.Series, nilai_ref: float, arah: int) -> pd.DataFrame:
    """Each region against the reference: ``selisih``, ``selisih_relatif_persen``, ``posisi``."""
    d = cek_arah(arah)
    ref = cek_angka(nilai_ref, "nilai_ref")
    s = penampang(nilai, "nilai")
    x = s.to_numpy(float)
    banding = lebih_baik(x, ref, d)
    # numpy's stubs reject None as the default; at run time it gives an object array
    posisi = np.select(  # type: ignore[call-overload]
        [banding > 0, banding < 0, banding == 0], [LEBIH_BAIK, LEBIH_BURUK, SAMA], None
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        relatif = (x - ref) / abs(ref) * 100.0 if ref != 0 else np.full(len(x), np.nan)
    return pd.DataFrame(
        {
            "nilai": x,
            "nilai_ref": ref,
            "selisih": x - ref,
            "selisih_relatif_persen": relatif,
            "posisi": pd.Series(posisi, index=s.index, dtype="str"),
        },
        index=s.index,
    )


def posisi_relatif(
    nilai: pd.Series,
    kode_wilayah: str,
    arah: int,
    nilai_ref: float | None = None,
    *,
    hasil_peringkat: HasilPeringkat | None = None,
) -> PosisiRelatif:
    """Rank of one region among the cross-section and its gap to the reference.

    Args:
        nilai: cross-section of all kab/kota in the comparison.
        kode_wilayah: the region of interest (must be in ``nilai``).
        arah: −1 if lower is better, +1 if higher is better.
        nilai_ref: reference value (e.g. province P0); ``None`` = no reference comparison.
        hasil_peringkat: ``peringkat(nilai, arah)`` when the caller already has it (a ranking
            shared by every region of the cross-section); computed here otherwise.

    Raises:
        GalatAnalisis: when ``kode_wilayah`` is not in ``nilai``.
    """
    hasil = hasil_peringkat if hasil_peringkat is not None else peringkat(nilai, arah)
    kode = str(kode_wilayah)
    if kode not in hasil.tabel.index:
        raise GalatAnalisis(f"Kode wilayah {kode} tidak ada dalam data penampang.")
    baris = hasil.tabel.loc[kode]
    x = float(baris["nilai"])
    ref = cek_angka(nilai_ref, "nilai_ref", boleh_kosong=True)
    catatan: list[str] = []
    nan = float("nan")

    n = hasil.jumlah_diperingkat
    if np.isnan(x):
        catatan.append(f"wilayah {kode} tidak ada data: tidak diperingkat")
        return PosisiRelatif(kode, x, None, n, (), ref, nan, nan, None, tuple(catatan))

    rank = int(baris["peringkat"])
    sama_rank = (hasil.tabel["peringkat"] == rank).fillna(False)
    seri = tuple(str(k) for k in hasil.tabel.index[sama_rank] if k != kode)
    if seri:
        catatan.append(f"peringkat {rank} sama dengan " + ", ".join(seri))
    if hasil.tidak_diperingkat:
        catatan.append(
            f"{len(hasil.tidak_diperingkat)} wilayah tanpa data tidak diperingkat: "
            + ", ".join(hasil.tidak_diperingkat)
        )
    if np.isnan(ref):
        return PosisiRelatif(kode, x, rank, n, seri, ref, nan, nan, None, tuple(catatan))

    pos = posisi_terhadap_pembanding(pd.Series([x], index=[kode]), ref, arah).iloc[0]
    if ref == 0:
        catatan.append("nilai pembanding = 0: selisih relatif tidak terdefinisi")
    catatan.append(f"nilai {fmt(x)} vs pembanding {fmt(ref)}")
    return PosisiRelatif(
        kode,
        x,
        rank,
        n,
        seri,
        ref,
        float(pos["selisih"]),
        float(pos["selisih_relatif_persen"]),
        str(pos["posisi"]),
        tuple(catatan),
    )


def _rapatkan(x: np.ndarray) -> np.ndarray:
    """Replace values within tolerance of their sorted predecessor by that predecessor."""
    if len(x) == 0:
        return x
    urut = np.argsort(x, kind="stable")
    xs = x[urut].copy()
    for i in range(1, len(xs)):
        if abs(xs[i] - xs[i - 1]) <= TOLERANSI * max(1.0, abs(xs[i]), abs(xs[i - 1])):
            xs[i] = xs[i - 1]
    hasil = np.empty_like(x)
    hasil[urut] = xs
    return hasil
