"""Region master: BPS codes, Kemendagri codes, names and the names used in sources.

Statistics are always keyed and joined on the BPS code (``kode_wilayah``). Kemendagri codes
differ from BPS codes for 23 Kalimantan kabupaten, so they are carried as an attribute only.
Names are used solely to *recognise* regions in imported tables (BPS spelling, old names such
as "Kota Baru" for Kotabaru or "Pontianak" for Mempawah); every match is reported back with its
code, and unknown names come with the closest suggestion.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

TINGKAT = ("nasional", "provinsi", "kabupaten", "kota")

_AWALAN_KABUPATEN = ("kabupaten ", "kab. ", "kab ")
_AWALAN_PROVINSI = ("provinsi ", "prov. ", "prov ")


def _bundel(nama: str):
    return resources.files("analisis.data") / "bundel" / nama


@lru_cache(maxsize=1)
def muat_wilayah() -> pd.DataFrame:
    """The bundled region master, one row per region, indexed by BPS code.

    Columns: ``kode_kemendagri``, ``kode_kemendagri_bertitik``, ``provinsi``, ``wilayah``
    (official name), ``tingkat`` (nasional/provinsi/kabupaten/kota), ``kode_provinsi``
    (BPS code of the province, ``XX00``; ``0000`` for Indonesia), ``nama_lain`` (tuple of
    names used in sources) and ``kode_sama`` (BPS code equals Kemendagri code).
    """
    with _bundel("wilayah_kalimantan.csv").open("r", encoding="utf-8") as f:
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df = df.rename(columns={"kode_bps": "kode_wilayah", "jenis": "tingkat"})
    df["nama_lain"] = [tuple(n for n in s.split("|") if n) for s in df["nama_lain_di_sumber"]]
    df["kode_sama"] = (
        df["kode_bps_sama_dengan_kemendagri"].str.lower().map({"ya": True, "tidak": False})
    )
    df["kode_provinsi"] = ["0000" if k == "0000" else k[:2] + "00" for k in df["kode_wilayah"]]
    df = df.drop(columns=["nama_lain_di_sumber", "kode_bps_sama_dengan_kemendagri"])
    return df.set_index("kode_wilayah")


def normalisasi_nama(nama: str) -> str:
    """Lower-case, strip punctuation and extra spaces: ``' KAB.  Hulu-Sungai Utara '`` →
    ``'kab hulu sungai utara'``."""
    s = str(nama).strip().lower()
    s = re.sub(r"[\u00a0\s]+", " ", s)
    s = re.sub(r"[^\w ]+", " ", s)
    return re.sub(r" +", " ", s).strip()


@dataclass(frozen=True)
class HasilCocok:
    """Result of matching a region label."""

    kode: str | None
    label: str
    saran: tuple[str, ...] = ()


class PencocokWilayah:
    """Recognises region labels as written in BPS tables and maps them to BPS codes.

    Explicit old names from the region master win over derived forms, so "Kota Baru" is
    Kotabaru (a kabupaten) and "Pontianak" alone is Mempawah, while "Kota Pontianak" is the
    kota. A derived alias that would point to two regions is dropped (never guessed).
    """

    def __init__(self, wilayah: pd.DataFrame | None = None) -> None:
        self.wilayah = muat_wilayah() if wilayah is None else wilayah
        eksplisit: dict[str, str] = {}
        turunan: dict[str, set[str]] = {}
        for kode, baris in self.wilayah.iterrows():
            kode = str(kode)
            nama = baris["wilayah"]
            for lain in baris["nama_lain"]:
                eksplisit[normalisasi_nama(lain)] = kode
            eksplisit.setdefault(normalisasi_nama(nama), kode)
            eksplisit.setdefault(kode, kode)
            for sebutan in (nama, *baris["nama_lain"]):
                for alias in self._bentuk_turunan(sebutan, baris["tingkat"]):
                    turunan.setdefault(alias, set()).add(kode)
        self._alias = dict(eksplisit)
        for alias, kode_set in turunan.items():
            if alias not in self._alias and len(kode_set) == 1:
                self._alias[alias] = next(iter(kode_set))

    @staticmethod
    def _bentuk_turunan(nama: str, tingkat: str) -> list[str]:
        n = normalisasi_nama(nama)
        if tingkat == "kabupaten":
            return [normalisasi_nama(a + n) for a in _AWALAN_KABUPATEN]
        if tingkat == "kota":
            tanpa = n.removeprefix("kota ")
            return [tanpa, normalisasi_nama("kotamadya " + tanpa)]
        if tingkat == "provinsi":
            return [normalisasi_nama(a + n) for a in _AWALAN_PROVINSI]
        return []

    def cocokkan(self, label: object) -> HasilCocok:
        """Match one label (a name or a BPS code). Unknown labels carry suggestions."""
        teks = "" if label is None else str(label).strip()
        kunci = normalisasi_nama(teks)
        # Strip footnote markers such as "Banjar¹" or "Banjar*".
        kunci_bersih = re.sub(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+$", "", kunci).strip()
        for k in (kunci, kunci_bersih):
            if k in self._alias:
                return HasilCocok(self._alias[k], teks)
        return HasilCocok(None, teks, self.saran(teks))

    def saran(self, label: str, n: int = 3) -> tuple[str, ...]:
        """Closest official names for an unknown label (with their BPS codes)."""
        kunci = normalisasi_nama(label)
        kandidat = difflib.get_close_matches(kunci, list(self._alias), n=n * 3, cutoff=0.6)
        hasil: list[str] = []
        for k in kandidat:
            kode = self._alias[k]
            teks = f"{self.wilayah.at[kode, 'wilayah']} ({kode})"
            if teks not in hasil:
                hasil.append(teks)
        return tuple(hasil[:n])


def nama_wilayah(kode: str) -> str:
    """Official name of a BPS region code (the code itself when unknown)."""
    w = muat_wilayah()
    return str(w.at[kode, "wilayah"]) if kode in w.index else kode


def daftar_provinsi_teks() -> str:
    """``61 (Kalimantan Barat), 62 (…), …`` for messages."""
    w = muat_wilayah()
    return ", ".join(f"{k[:2]} ({w.at[k, 'wilayah']})" for k in daftar_provinsi())


def kode_provinsi_baku(kode: object) -> str:
    """The one normalisation of a province code: ``63``, ``"63"``, ``"6300"`` → ``"6300"``.

    Anything else (a kab/kota code, an unknown province, text) is refused with the list of
    known provinces, so a typo never silently selects another province.
    """
    teks = str(kode).strip()
    if teks.isdigit() and (len(teks) == 2 or (len(teks) == 4 and teks.endswith("00"))):
        kp = teks[:2] + "00"
        if kp in daftar_provinsi():
            return kp
    from analisis.galat import GalatAnalisis

    raise GalatAnalisis(
        f"Provinsi '{teks}' tidak dikenal; gunakan kode BPS {daftar_provinsi_teks()}.", 2
    )


def provinsi_dari_wilayah(kode_wilayah: str) -> str:
    """The BPS province code (``XX00``) of a region in the master (clear error when unknown)."""
    w = muat_wilayah()
    kode = str(kode_wilayah).strip()
    if kode not in w.index:
        from analisis.galat import GalatAnalisis

        raise GalatAnalisis(
            f"Wilayah '{kode}' tidak dikenal; gunakan kode BPS 4 digit (mis. 6303).", 2
        )
    return str(w.at[kode, "kode_provinsi"])


def wilayah_provinsi(kode_provinsi: str, termasuk_provinsi: bool = False) -> list[str]:
    """BPS codes of the kabupaten/kota of a province (``"63"`` or ``"6300"``), in code order."""
    kp = kode_provinsi_baku(kode_provinsi)
    return ([kp] if termasuk_provinsi else []) + list(_kabkota_provinsi(kp))


@lru_cache(maxsize=64)
def _kabkota_provinsi(kp: str) -> tuple[str, ...]:
    """The kab/kota codes of a province of the (bundled, cached) master: asked for every region
    of a run, so kept rather than filtered from the master each time."""
    w = muat_wilayah()
    pilih = w[(w["kode_provinsi"] == kp) & w["tingkat"].isin(["kabupaten", "kota"])]
    return tuple(pilih.index)


def daftar_provinsi() -> list[str]:
    """BPS codes of the provinces in the master (``XX00``)."""
    return list(_kode_provinsi())


@lru_cache(maxsize=1)
def _kode_provinsi() -> tuple[str, ...]:
    w = muat_wilayah()
    return tuple(w.index[w["tingkat"] == "provinsi"])
