"""The state of one app session, in plain Python (no Panel import; unit-tested without it).

:class:`SesiPeringkat` holds what the page shows and answers every question the page asks:

* what can be opened (province-years of the reports folder) and what is open
  (:class:`~analisis.aplikasi.data.DataPeringkat`; a file that cannot be read leaves the open
  ranking as it was and raises the Indonesian message);
* the weights and the normalisation, whether they are valid (and if not, why), the re-ranked
  result (:func:`analisis.aplikasi.ulang.hitung_ulang`, the one ranking entry point);
* the current table (published or re-ranked) with each region's change against the published
  rank, the search and number filters, the selected region and its non-robust pairs, and why
  its published rank is uncertain (the stored sensitivity results);
* the caveats (``peringatan.kalimat()``), the view as a URL query (:mod:`analisis.aplikasi.alamat`)
  and what the downloads contain (:mod:`analisis.aplikasi.unduh`, written by
  :mod:`analisis.laporan.unduhan` like the runner's).

The Panel page (:mod:`analisis.aplikasi.halaman`) turns widget events into calls of this object
and shows its answers; it never computes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from analisis.aplikasi import peta, unduh
from analisis.aplikasi.alamat import Tampilan
from analisis.aplikasi.data import (
    DataPeringkat,
    Keluaran,
    daftar_keluaran,
    folder_laporan_bawaan,
    muat_peringkat,
)
from analisis.aplikasi.saringan import Saringan, baca_angka
from analisis.aplikasi.ulang import (
    HasilUlang,
    Opsi,
    hitung_ulang,
    kerangka_disesuaikan,
    metode_normalisasi,
    normalisasi_bobot,
)
from analisis.galat import GalatAnalisis
from analisis.kontrak import PasanganTidakRobust
from analisis.peringkat.entri import bobot_efektif
from analisis.peringkat.kerangka import BAWAAN, Kerangka
from analisis.peringkat.uraian_sensitivitas import PenjelasanWilayah, penjelasan_wilayah

T = TypeVar("T")

PROVINSI_AWAL = "6300"
"""Opened first when present (Kalimantan Selatan, the project's reference province)."""


@dataclass(frozen=True)
class BarisBobot:
    """One dimension in the weights summary."""

    kode: str
    nama: str
    mentah: float
    ternormal: float | None
    efektif: float
    tanpa_data: bool


@dataclass(frozen=True)
class Tetangga:
    """A region whose order against the selected one is not robust."""

    kode: str
    nama: str
    peringkat: int
    proporsi_terbalik: float


def _pasangan_dari(p: PasanganTidakRobust, kode: str) -> Tetangga | None:
    if p.kode_atas == kode:
        return Tetangga(p.kode_bawah, p.wilayah_bawah, p.peringkat_bawah, p.proporsi_terbalik)
    if p.kode_bawah == kode:
        return Tetangga(p.kode_atas, p.wilayah_atas, p.peringkat_atas, p.proporsi_terbalik)
    return None


class SesiPeringkat:
    """Everything one browser session has open and has chosen (see the module docstring)."""

    def __init__(self, folder_laporan: str | Path | None = None) -> None:
        self.folder = Path(folder_laporan or folder_laporan_bawaan()).resolve()
        self.keluaran: list[Keluaran] = daftar_keluaran(self.folder)
        self.data: DataPeringkat | None = None
        self.bobot: dict[str, float] = {}
        self.normalisasi: str = BAWAAN
        self.hasil: HasilUlang | None = None
        self.galat_bobot: str | None = None
        self.kode_terpilih: str | None = None
        self.saringan = Saringan()
        self.detik_hitung: float | None = None
        self._baris_kini: tuple[object, object, pd.DataFrame] | None = None

    # ------------------------------------------------------------------ what can be opened

    def pilihan_provinsi(self) -> dict[str, str]:
        """Label ``"Kalimantan Selatan (63)"`` → province code, for the provinces present."""
        pilihan: dict[str, str] = {}
        for k in self.keluaran:
            pilihan.setdefault(f"{k.provinsi} ({k.kode_provinsi[:2]})", k.kode_provinsi)
        return pilihan

    def tahun_untuk(self, kode_provinsi: str | None) -> list[int]:
        return sorted({k.tahun for k in self.keluaran if k.kode_provinsi == kode_provinsi})

    def pilihan_awal(self) -> tuple[str, int] | None:
        """The province-year a fresh page opens: Kalimantan Selatan when present, else the
        first province; its latest year."""
        kode = [k.kode_provinsi for k in self.keluaran]
        if not kode:
            return None
        prov = PROVINSI_AWAL if PROVINSI_AWAL in kode else kode[0]
        return prov, max(self.tahun_untuk(prov))

    def _keluaran(self, kode_provinsi: str, tahun: int) -> Keluaran:
        for k in self.keluaran:
            if k.kode_provinsi == kode_provinsi and k.tahun == tahun:
                return k
        raise GalatAnalisis(
            f"Tidak ada peringkat provinsi {kode_provinsi} tahun {tahun} di folder laporan.", 3
        )

    # ------------------------------------------------------------------ opening a ranking

    def muat(self, kode_provinsi: str, tahun: int | None = None) -> DataPeringkat:
        """Open a province-year (its latest year when ``tahun`` is ``None``) with its published
        weights. On :class:`GalatAnalisis` (missing, corrupt or outdated file) nothing changes."""
        if tahun is None:
            tahun = max(self.tahun_untuk(kode_provinsi), default=0)
        data = muat_peringkat(self._keluaran(kode_provinsi, tahun))
        self.data = data
        self.kode_terpilih = None
        self.kembalikan()
        return data

    @property
    def data_dimuat(self) -> DataPeringkat:
        if self.data is None:
            raise GalatAnalisis("Belum ada peringkat yang dibuka.", 3)
        return self.data

    @property
    def kode_provinsi(self) -> str | None:
        return self.data.kode_provinsi if self.data else None

    @property
    def tahun(self) -> int | None:
        return self.data.tahun if self.data else None

    @property
    def kerangka(self) -> Kerangka:
        """The framework in force: the re-ranked one, else the published one."""
        return self.hasil.kerangka if self.hasil is not None else self.data_dimuat.kerangka

    @property
    def dimensi_tanpa_data(self) -> list[str]:
        """Dimension codes without any data (their weight cannot be set)."""
        return list(self.data_dimuat.peringatan.dimensi_tanpa_data)

    def kalimat_peringatan(self) -> list[str]:
        """Every caveat of the open ranking as Indonesian sentences (for the banner)."""
        d = self.data_dimuat
        return d.peringatan.kalimat(d.kerangka)

    # ------------------------------------------------------------------ weights

    @property
    def disesuaikan(self) -> bool:
        """The table shows a re-weighted ranking (not the published one)."""
        return self.hasil is not None

    @property
    def sah(self) -> bool:
        """The weights on the sliders can be used (else table, map and downloads are stale)."""
        return self.galat_bobot is None

    def bobot_terbit(self) -> dict[str, float]:
        return {d.kode: d.bobot for d in self.data_dimuat.kerangka.dimensi}

    def kembalikan(self) -> None:
        """Back to the published weights, normalisation and ranking."""
        self.bobot = self.bobot_terbit()
        self.normalisasi = BAWAAN
        self.hasil = None
        self.galat_bobot = None
        self.detik_hitung = None

    def atur_bobot(
        self, bobot: Mapping[str, float] | None = None, normalisasi: str | None = None
    ) -> bool:
        """Take new raw weights (by dimension code) and/or a normalisation and re-rank.

        Returns whether they are valid. When not, :attr:`galat_bobot` says why and the previous
        ranking stays in :attr:`hasil` (shown greyed, downloads off) until valid weights come."""
        self.bobot = {**self.bobot, **{k: float(v) for k, v in (bobot or {}).items()}}
        if normalisasi is not None:
            self.normalisasi = normalisasi
        t0 = time.perf_counter()
        try:
            self._periksa_dimensi_berdata()
            k = kerangka_disesuaikan(self.data_dimuat.kerangka, self.bobot, self.normalisasi)
            h = hitung_ulang(self.data_dimuat.masukan, k, self._opsi())
        except GalatAnalisis as e:
            self.galat_bobot = e.pesan
            return False
        self.galat_bobot, self.hasil = None, h
        self.detik_hitung = time.perf_counter() - t0
        return True

    def _periksa_dimensi_berdata(self) -> None:
        if not any(v > 0 for k, v in self.bobot.items() if k not in self.dimensi_tanpa_data):
            raise GalatAnalisis(
                "semua dimensi yang memiliki data berbobot 0; beri bobot > 0 pada minimal satu "
                "dimensi yang memiliki data",
                2,
            )

    def _opsi(self) -> Opsi:
        return Opsi.dari_meta(self.data_dimuat.parameter_robust)

    def bobot_ternormal(self) -> dict[str, float] | None:
        """The slider weights divided by their sum, ``None`` when they cannot be."""
        try:
            return normalisasi_bobot(self.bobot)
        except GalatAnalisis:
            return None

    def bobot_efektif(self) -> dict[str, float]:
        """Dimension weights as applied (dimensions without data get 0)."""
        if self.hasil is not None:
            return self.hasil.bobot_efektif
        d = self.data_dimuat
        izinkan = bool(self._opsi().izinkan_dimensi_hilang)
        return d.turunan("bobot_efektif", lambda: bobot_efektif(d.kerangka, d.masukan, izinkan))

    def ringkas_bobot(self) -> list[BarisBobot]:
        """The weights summary: raw, normalised and effective weight of every dimension."""
        norm = self.bobot_ternormal() or {}
        efektif = self.bobot_efektif() if self.sah else {}
        kosong = set(self.dimensi_tanpa_data)
        return [
            BarisBobot(
                kode=d.kode,
                nama=d.nama,
                mentah=self.bobot.get(d.kode, 0.0),
                ternormal=norm.get(d.kode),
                efektif=efektif.get(d.kode, 0.0),
                tanpa_data=d.kode in kosong,
            )
            for d in self.data_dimuat.kerangka.dimensi
        ]

    def indikator_diganti(self) -> list[str]:
        """Names of the indicators whose normalisation the chosen scheme replaces."""
        k = self.data_dimuat.kerangka
        metode = metode_normalisasi(k, self.normalisasi)
        return [
            k.indikator(kode).nama
            for kode, m in metode.items()
            if m != k.indikator(kode).normalisasi
        ]

    # ------------------------------------------------------------------ the table

    def baris_kini(self) -> pd.DataFrame:
        """The current ranking rows (published or re-ranked, rank order) with
        ``peringkat_terbit`` and ``perubahan`` (published rank − current rank: > 0 = up).
        Kept until the ranking changes: do not modify."""
        if self.hasil is None:
            return self.data_dimuat.turunan("baris_kini", self._susun_baris_kini)
        simpan = self._baris_kini
        if simpan is None or simpan[0] is not self.data_dimuat or simpan[1] is not self.hasil:
            simpan = self._baris_kini = (self.data_dimuat, self.hasil, self._susun_baris_kini())
        return simpan[2]

    def bersama(self, kunci: str, hitung: Callable[[], T]) -> T:
        """``hitung()``, shared by every session while this one shows the published ranking
        unfiltered (what most sessions show: computed once per ranking file)."""
        if self.hasil is not None or self.saringan.aktif:
            return hitung()
        return self.data_dimuat.turunan(kunci, hitung)

    def _susun_baris_kini(self) -> pd.DataFrame:
        terbit = self.data_dimuat.baris
        t = (self.hasil.tabel if self.hasil is not None else terbit).reset_index(drop=True)
        asal = dict(zip(terbit["kode_wilayah"], terbit["peringkat"], strict=True))
        t = t.copy()
        t["peringkat_terbit"] = pd.array([asal.get(k) for k in t["kode_wilayah"]], dtype="Int64")
        t["perubahan"] = t["peringkat_terbit"] - t["peringkat"].astype("Int64")
        return t

    def baris_tampil(self) -> pd.DataFrame:
        """:meth:`baris_kini` through the active search and number filters."""
        return self.saringan.terapkan(self.baris_kini())

    def atur_saringan(
        self,
        cari: str | None = None,
        skor_min: str | None = None,
        peringkat_maks: str | None = None,
    ) -> list[str]:
        """Set the search text and the number filters as typed ("60,5"); a box that cannot be
        read is left unset and named in the returned messages."""
        masalah: list[str] = []

        def angka(teks: str | None, nama: str) -> float | None:
            try:
                return baca_angka(teks, nama)
            except GalatAnalisis as e:
                masalah.append(e.pesan)
                return None

        self.saringan = Saringan(
            cari=(cari or "").strip(),
            skor_min=angka(skor_min, "Skor minimal"),
            peringkat_maks=angka(peringkat_maks, "Peringkat sampai"),
        )
        return masalah

    def jumlah_diperingkat(self) -> int:
        return int(self.baris_kini()["peringkat"].notna().sum())

    def indikator_kosong_provinsi(self) -> list[str]:
        """Indicators without a value for any region (a province-wide gap, not a row's own)."""
        d = self.data_dimuat

        def hitung() -> list[str]:
            m = d.masukan
            return [
                i.kode
                for _, _, _, i in d.kerangka.iter_indikator()
                if i.kode not in m.columns or not m[i.kode].notna().any()
            ]

        return d.turunan("indikator_kosong_provinsi", hitung)

    # ------------------------------------------------------------------ the map

    def opsi_warna(self) -> dict[str, str]:
        """What can colour the map (label → key)."""
        d = self.data_dimuat
        return d.turunan("opsi_warna", lambda: peta.opsi_warna(d.kerangka, d.masukan))

    def nilai_peta(self, pilihan: str) -> peta.NilaiPeta:
        """The map values of a colouring key (``skor``, ``peringkat``, ``skor_<dim>``,
        ``ind:<indikator>``) for the current ranking."""
        kode = peta.kode_peta(self.data_dimuat.kode_provinsi)
        if pilihan.startswith("ind:"):
            d = self.data_dimuat
            return peta.nilai_indikator(d.kerangka, d.masukan, pilihan[4:], kode)
        return peta.nilai_tabel(self.kerangka, self.baris_kini(), pilihan, kode)

    def spesifikasi_peta(self, pilihan: str) -> dict:
        """The Vega-Lite spec of the map for a colouring, outlining the selected region."""
        return self.bersama(
            f"peta:{pilihan}:{self.kode_terpilih}",
            lambda: peta.spesifikasi(
                self.data_dimuat.kode_provinsi,
                self.baris_kini(),
                self.nilai_peta(pilihan),
                self.kode_terpilih,
            ),
        )

    # ------------------------------------------------------------------ selection, robustness

    def pilih(self, kode: str | None) -> None:
        """Select a region (``None`` clears); codes not in the ranking are ignored."""
        if kode is None or kode in set(self.data_dimuat.baris["kode_wilayah"]):
            self.kode_terpilih = kode

    def pasangan_kini(self) -> list[PasanganTidakRobust]:
        """Non-robust pairs of the current ranking."""
        if self.hasil is not None:
            return list(self.hasil.pasangan)
        return list(self.data_dimuat.kontrak.pasangan_tidak_robust)

    def tetangga_tidak_robust(self, kode: str) -> list[Tetangga]:
        """Regions the region ``kode`` cannot be told apart from, most often reversed first."""
        hasil = [t for p in self.pasangan_kini() if (t := _pasangan_dari(p, kode)) is not None]
        return sorted(hasil, key=lambda t: (-t.proporsi_terbalik, t.peringkat))

    def penjelasan_sensitivitas(self, kode: str) -> PenjelasanWilayah | None:
        """Why the region's *published* rank is uncertain, from the sensitivity results stored
        in ``peringkat.json`` (never recomputed; ``None`` when the file has none or the region
        is not in them). A re-weighted ranking does not change it: the caller says so."""
        sens = self.data_dimuat.kontrak.sensitivitas
        return penjelasan_wilayah(sens, kode) if sens else None

    def parameter_robust(self) -> dict:
        """Monte Carlo settings of the current ranking (draws, threshold, top positions)."""
        if self.hasil is not None:
            return dict(self.hasil.robust.parameter)
        return self.data_dimuat.parameter_robust

    # ------------------------------------------------------------------ downloads

    def _periksa_unduh(self) -> None:
        if not self.sah:
            raise GalatAnalisis(f"Unduhan tidak tersedia: bobot tidak sah ({self.galat_bobot}).", 2)

    def posisi_teratas(self) -> int:
        return int(self.parameter_robust().get("posisi_teratas") or 3)

    def tabel_unduh(self) -> pd.DataFrame:
        """The rows the table shows, as downloaded (see :func:`analisis.aplikasi.unduh.tabel_unduh`)."""
        return unduh.tabel_unduh(self.baris_tampil(), self.kerangka, self.posisi_teratas())

    def catatan_unduh(self) -> list[str]:
        """The note lines of a download (caveats, weights if re-weighted, filters, rounding)."""
        tambahan = []
        if self.disesuaikan:
            tambahan.append(
                unduh.catatan_bobot(self.kerangka, self.bobot_efektif(), self.normalisasi)
            )
        return unduh.catatan_unduh(
            self.data_dimuat.kontrak,
            tambahan,
            len(self.baris_tampil()),
            len(self.data_dimuat.baris),
            self.saringan.uraian(),
        )

    def nama_unduhan(self, akhiran: str) -> str:
        """``peringkat_<XX00>_<tahun>[_disesuaikan][_tersaring].<akhiran>``."""
        nama = f"peringkat_{self.kode_provinsi}_{self.tahun}"
        nama += "_disesuaikan" if self.disesuaikan else ""
        nama += "_tersaring" if self.saringan.aktif else ""
        return f"{nama}.{akhiran}"

    def isi_csv(self) -> bytes:
        """The CSV download (Indonesian Excel: ``;``, decimal comma, ``ya``/``tidak``, notes)."""
        self._periksa_unduh()
        return unduh.bita_csv(self.tabel_unduh(), self.catatan_unduh())

    def isi_xlsx(self) -> bytes:
        """The XLSX download: ``Catatan``, ``Peringkat``, ``Bobot``, ``Indikator``."""
        self._periksa_unduh()
        lembar = {
            "Peringkat": self.tabel_unduh(),
            "Bobot": unduh.lembar_bobot(self.kerangka, self.bobot_efektif()),
            "Indikator": unduh.lembar_indikator(self.kerangka),
        }
        return unduh.bita_xlsx(lembar, self.catatan_unduh())

    # ------------------------------------------------------------------ the view as a URL

    def tampilan(self) -> Tampilan:
        """The view to put in the URL query."""
        return Tampilan(
            provinsi=self.kode_provinsi,
            tahun=self.tahun,
            normalisasi=self.normalisasi,
            bobot=dict(self.bobot) if (self.disesuaikan or not self.sah) else {},
            wilayah=self.kode_terpilih,
        )

    def terapkan(self, t: Tampilan) -> list[str]:
        """Open the view a shared URL asks for; returns what could not be applied (Indonesian).
        A province-year that cannot be opened leaves the current one."""
        masalah: list[str] = []
        if t.provinsi and (t.provinsi, t.tahun) != (self.kode_provinsi, self.tahun):
            try:
                self.muat(t.provinsi, t.tahun)
            except GalatAnalisis as e:
                masalah.append(e.pesan)
        if self.data is None:
            return masalah
        masalah += self._terapkan_bobot(t)
        if t.wilayah:
            self.pilih(t.wilayah)
            if self.kode_terpilih != t.wilayah:
                masalah.append(f"wilayah '{t.wilayah}' tidak ada di peringkat ini")
        return masalah

    def _terapkan_bobot(self, t: Tampilan) -> list[str]:
        dikenal = {d.kode for d in self.data_dimuat.kerangka.dimensi}
        asing = sorted(set(t.bobot) - dikenal)
        bobot = {k: v for k, v in t.bobot.items() if k in dikenal}
        masalah = [f"dimensi '{k}' tidak ada di kerangka peringkat ini" for k in asing]
        if (bobot or t.normalisasi != BAWAAN) and not self.atur_bobot(bobot, t.normalisasi):
            masalah.append(f"bobot dari alamat tidak dapat dipakai: {self.galat_bobot}")
        return masalah
