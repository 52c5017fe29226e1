"""One data model: validated tidy rows → labelled xarray/pandas structures.

:class:`Basisdata` holds the tidy table (one row per region × year × period × indicator with
its unit, source, quality grade and note) made of the bundled BPS figures with the user's
imports layered on top. From it:

- :meth:`Basisdata.dataset` gives an ``xarray.Dataset`` with dims ``wilayah`` × ``tahun``, one
  variable per indicator (and period), region attributes as coordinates (``nama``,
  ``provinsi``, ``tingkat``, ``kode_kemendagri``, ``kode_provinsi``), unit/period/direction as
  variable attributes and a companion ``<var>_kualitas`` variable with the grade per value;
- :meth:`Basisdata.seri` gives one region's series as a pandas Series indexed by year;
- :meth:`Basisdata.provenans` answers where one value came from.

Years without a value stay NaN (gaps), never interpolated. Everything is keyed by the BPS code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analisis.data.katalog import Indikator, muat_katalog, nama_variabel
from analisis.data.penyimpanan import KOLOM_TIDY, Penyimpanan
from analisis.data.wilayah import muat_wilayah

if TYPE_CHECKING:
    import xarray as xr

BERKAS_BUNDEL = ("kemiskinan_kalimantan_long.csv", "determinan_kalimantan_long.csv")
KUNCI_SEL = ["kode_wilayah", "tahun", "periode", "indikator"]


def _baca_bundel_csv(nama: str) -> pd.DataFrame:
    berkas = resources.files("analisis.data") / "bundel" / nama
    with berkas.open("r", encoding="utf-8") as f:
        df = pd.read_csv(
            f,
            dtype={"kode_wilayah": str, "kode_kemendagri": str, "catatan": str, "sumber": str},
            keep_default_na=False,
            na_values={"nilai": [""]},
        )
    return df


@lru_cache(maxsize=1)
def muat_bundel() -> pd.DataFrame:
    """The bundled official figures as a tidy table (``asal`` = ``bundel``)."""
    bagian = [_baca_bundel_csv(n) for n in BERKAS_BUNDEL]
    df = pd.concat(bagian, ignore_index=True)
    df["asal"] = "bundel"
    df["tahun"] = df["tahun"].astype("int64")
    df["nilai"] = df["nilai"].astype("float64")
    return df[KOLOM_TIDY]


@lru_cache(maxsize=1)
def muat_konflik_bundel() -> pd.DataFrame:
    """Cells where two sources of the bundled data disagree (kept value and the other)."""
    berkas = resources.files("analisis.data") / "bundel" / "konflik_sumber.csv"
    with berkas.open("r", encoding="utf-8") as f:
        return pd.read_csv(f, dtype={"kode_wilayah": str}, keep_default_na=False)


def gabung_lapisan(dasar: pd.DataFrame, atas: pd.DataFrame) -> pd.DataFrame:
    """Layer ``atas`` over ``dasar``: a cell present in both takes the ``atas`` row."""
    if atas.empty:
        return dasar.reset_index(drop=True)
    semua = pd.concat([dasar, atas[KOLOM_TIDY]], ignore_index=True)
    return semua.drop_duplicates(KUNCI_SEL, keep="last").reset_index(drop=True)


#: :meth:`Basisdata.muat`'s loads: one entry per kind, bundle only (``True``) and bundle plus
#: a store (``False``), each with the :func:`_kunci_muat` it was loaded for. Separate entries:
#: a bundle-only read within an evaluation (BPS figures of the BNBA reconciliation) must not
#: evict the evaluation's data, whose identity keys the cross-region memo.
_CACHE_MUAT: dict[bool, tuple[tuple, Basisdata]] = {}


def _kunci_muat(store: Penyimpanan | None) -> tuple:
    """Identity of what :meth:`Basisdata.muat` would read: the store folder and the size and
    modification time of its data file (None when absent)."""
    if store is None:
        return (None,)
    berkas = store.berkas_data
    try:
        st = berkas.stat()
        tanda: tuple | None = (st.st_size, st.st_mtime_ns, st.st_ino)
    except OSError:
        tanda = None
    return (str(Path(store.folder).resolve()), tanda)


@dataclass
class Basisdata:
    """The layered data: bundled figures plus imports, with region master and catalogue."""

    tabel: pd.DataFrame
    penyimpanan: Penyimpanan | None = None
    _cache: tuple | None = field(default=None, init=False, repr=False, compare=False)
    _rekaman: list | None = field(default=None, init=False, repr=False, compare=False)
    _sidik_jari: str | None = field(default=None, init=False, repr=False, compare=False)
    wilayah: pd.DataFrame = field(default_factory=muat_wilayah)
    katalog: dict[str, Indikator] = field(default_factory=muat_katalog)

    @classmethod
    def muat(
        cls, penyimpanan: Penyimpanan | str | Path | None = None, *, impor: bool = True
    ) -> Basisdata:
        """Bundled data plus the imports of ``penyimpanan`` (default store when None).

        With ``impor=False`` only the bundled data is used (reproducible default runs).

        The result is shared within a process while its inputs are unchanged (the store's
        data file has the same size and modification time): a batch runner's kernel
        evaluates hundreds of regions from one load and one set of lookup tables. The
        bundle-only load and the load with a store are kept side by side. Treat it as
        read-only.
        """
        store: Penyimpanan | None = None
        if impor:
            if penyimpanan is None:
                store = Penyimpanan.bawaan()
            elif isinstance(penyimpanan, Penyimpanan):
                store = penyimpanan
            else:
                store = Penyimpanan(Path(penyimpanan))
        kunci = _kunci_muat(store)
        ada = _CACHE_MUAT.get(store is None)
        if ada is not None and ada[0] == kunci:
            return ada[1]
        tabel = muat_bundel()
        if store is not None:
            tabel = gabung_lapisan(tabel, store.baca())
        basis = cls(tabel=tabel.copy(), penyimpanan=store)
        _CACHE_MUAT[store is None] = (kunci, basis)  # one entry per kind, replaced on change
        return basis

    # ------------------------------------------------------------------ queries
    def sidik_jari(self) -> str:
        """A content hash of the data (for caches and the run manifest); computed once per
        instance (the table is not modified after loading; ~50 ms)."""
        sidik = self._sidik_jari
        if sidik is None:
            kanonik = self.tabel.sort_values(KUNCI_SEL)[KOLOM_TIDY].to_csv(index=False)
            sidik = hashlib.sha256(kanonik.encode("utf-8")).hexdigest()
            object.__setattr__(self, "_sidik_jari", sidik)
        return sidik

    def _indeks(self) -> tuple:
        """Lookup tables built once: row positions per (kode, indikator, periode) and per cell."""
        if getattr(self, "_cache", None) is None:
            t = self.tabel
            tahun = np.arange(int(t["tahun"].min()), int(t["tahun"].max()) + 1)
            posisi = {
                (str(k), str(i), str(p)): idx
                for (k, i, p), idx in t.groupby(
                    ["kode_wilayah", "indikator", "periode"], sort=False
                ).indices.items()
            }
            baris = {
                (k, int(th), i, p): n
                for n, (k, th, i, p) in enumerate(
                    zip(t["kode_wilayah"], t["tahun"], t["indikator"], t["periode"])
                )
            }
            object.__setattr__(
                self,
                "_cache",
                (posisi, baris, tahun, t["tahun"].to_numpy(), t["nilai"].to_numpy(dtype="float64")),
            )
        return self._cache  # type: ignore[return-value]

    def seri(self, kode_wilayah: str, indikator: str, periode: str | None = None) -> pd.Series:
        """One region's series, indexed by every year in the data (NaN = no value)."""
        periode = periode or self.katalog[indikator].periode
        posisi, _, tahun, tahun_baris, nilai_baris = self._indeks()
        nilai = np.full(len(tahun), np.nan)
        idx = posisi.get((kode_wilayah, indikator, periode))
        if idx is not None:
            nilai[tahun_baris[idx] - tahun[0]] = nilai_baris[idx]
        return pd.Series(nilai, index=pd.Index(tahun, name="tahun"), name=indikator)

    def provenans(
        self, kode_wilayah: str, tahun: int, indikator: str, periode: str | None = None
    ) -> dict | None:
        """Source, grade, note and origin of one value (None when there is no value)."""
        periode = periode or self.katalog[indikator].periode
        baris = self._indeks()[1]
        n = baris.get((kode_wilayah, int(tahun), indikator, periode))
        if n is None:
            return None
        rekaman = self._rekaman
        if rekaman is None:
            rekaman = self.tabel.to_dict("records")
            object.__setattr__(self, "_rekaman", rekaman)
        return dict(rekaman[n])

    def dataset(
        self,
        indikator: list[str] | None = None,
        wilayah: list[str] | None = None,
    ) -> xr.Dataset:
        """Labelled Dataset with dims ``wilayah`` × ``tahun`` (see the module docstring)."""
        import xarray as xr

        t = self.tabel
        if indikator is not None:
            t = t[t["indikator"].isin(indikator)]
        kode = list(self.wilayah.index) if wilayah is None else list(wilayah)
        t = t[t["kode_wilayah"].isin(kode)]
        semua_tahun = np.arange(int(self.tabel["tahun"].min()), int(self.tabel["tahun"].max()) + 1)
        w = self.wilayah.reindex(kode)
        ds = xr.Dataset(
            coords={
                "wilayah": ("wilayah", np.array(kode, dtype=object)),
                "tahun": ("tahun", semua_tahun),
                "nama": ("wilayah", w["wilayah"].to_numpy(dtype=object)),
                "provinsi": ("wilayah", w["provinsi"].to_numpy(dtype=object)),
                "tingkat": ("wilayah", w["tingkat"].to_numpy(dtype=object)),
                "kode_kemendagri": ("wilayah", w["kode_kemendagri"].to_numpy(dtype=object)),
                "kode_provinsi": ("wilayah", w["kode_provinsi"].to_numpy(dtype=object)),
            }
        )
        # Scatter the tidy rows into (variable, wilayah, tahun) arrays by position: O(rows).
        t = t.assign(_var=[nama_variabel(i, p) for i, p in zip(t["indikator"], t["periode"])])
        pos_w = pd.Index(kode).get_indexer(t["kode_wilayah"])
        pos_t = (t["tahun"] - semua_tahun[0]).to_numpy()
        for var, idx in t.groupby("_var", sort=False).indices.items():
            baris = t.iloc[idx]
            nilai = np.full((len(kode), len(semua_tahun)), np.nan)
            nilai[pos_w[idx], pos_t[idx]] = baris["nilai"].to_numpy(dtype="float64")
            mutu = np.full((len(kode), len(semua_tahun)), "", dtype=object)
            mutu[pos_w[idx], pos_t[idx]] = baris["kualitas"].to_numpy(dtype=object)
            ind = str(baris["indikator"].iloc[0])
            meta = self.katalog.get(ind)
            attrs = {
                "indikator": ind,
                "periode": str(baris["periode"].iloc[0]),
                "satuan": meta.satuan if meta else str(baris["satuan"].iloc[0]),
                "nama": meta.nama if meta else ind,
                "arah": meta.arah if meta else 0,
            }
            ds[var] = (("wilayah", "tahun"), nilai, attrs)
            ds[f"{var}_kualitas"] = (
                ("wilayah", "tahun"),
                mutu,
                {"keterangan": "Mutu per nilai: A, B, C; kosong = tidak ada nilai"},
            )
        ds.attrs = {
            "judul": "Data kemiskinan dan determinan (BPS), kunci: kode wilayah BPS",
            "sidik_jari_data": self.sidik_jari()[:16],
            "catatan": "Tahun tanpa nilai dibiarkan kosong (NaN), tidak diinterpolasi.",
        }
        return ds
