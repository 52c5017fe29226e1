"""The one ranking entry point: a joined indicator table and a framework → the whole ranking.

:func:`susun_peringkat` is called by the ranking run (notebook, runner, ``analisis peringkat``)
and by the app when an evaluator re-weights; nothing else computes a ranking. It returns, once:
scores, ranks and contributions (:class:`~analisis.peringkat.indeks.HasilPeringkat`), the
effective dimension weights, the Monte Carlo robustness, the rows of the published table
(:class:`~analisis.kontrak.BarisPeringkat`, the one row layout), the non-robust pairs, the
caveats that follow from the data, and every parameter actually applied.

With ``dengan_sensitivitas`` (the published ranking run asks for it; a live re-weighting in the
app and the single-draw input check do not) it also returns the variance-based sensitivity of
the ranks (:func:`~analisis.peringkat.sensitivitas.analisis_sensitivitas`, seeded from the
framework's ``sensitivitas`` block, under the same missing-data policy and Monte Carlo settings
as the ranking) and the statistical coherence of the index
(:func:`~analisis.peringkat.koherensi.analisis_koherensi`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analisis.kontrak.dasar import nilai_json
from analisis.kontrak.peringkat import BarisPeringkat, PasanganTidakRobust, tabel_dari_baris
from analisis.peringkat.indeks import HasilPeringkat
from analisis.peringkat.kerangka import Kerangka
from analisis.peringkat.koherensi import HasilKoherensi, analisis_koherensi
from analisis.peringkat.robust import HasilRobust, uji_robust
from analisis.peringkat.sensitivitas import HasilSensitivitas, analisis_sensitivitas

MINIMAL_WILAYAH_SENSITIVITAS = 2
"""Sensitivity needs at least two ranked regions (one region has no rank to move)."""

DIMENSI_HASIL_SUMBER = "statistik"
"""Indicators of this source form the outcome dimension(s) ("peringkat hasil saja" when only
they have data)."""


@dataclass
class Susunan:
    """A complete ranking of one table under one framework."""

    kerangka: Kerangka
    indeks: HasilPeringkat
    robust: HasilRobust
    bobot_efektif: dict[str, float]
    """Dimension weights as applied to a region that has every dimension with data."""
    baris: list[BarisPeringkat]
    pasangan: list[PasanganTidakRobust]
    dimensi_tanpa_data: list[str]
    wilayah_tidak_lengkap: list[str]
    parameter: dict[str, Any] = field(default_factory=dict)
    sensitivitas: HasilSensitivitas | None = None
    """Sobol sensitivity of the ranks (``None`` when not asked for or fewer than
    :data:`MINIMAL_WILAYAH_SENSITIVITAS` regions are ranked)."""
    koherensi: HasilKoherensi | None = None
    """Correlations, Cronbach's alpha and variance shares (``None`` when not asked for)."""

    @property
    def hanya_dimensi_hasil(self) -> bool:
        """Only dimensions made of outcome statistics have data."""
        berdata = [d for d in self.kerangka.dimensi if d.kode not in self.dimensi_tanpa_data]
        return bool(berdata) and all(
            i.sumber == DIMENSI_HASIL_SUMBER for d in berdata for i in d.indikator
        )

    def tabel(self) -> pd.DataFrame:
        """The rows as the published table (:data:`analisis.kontrak.KOLOM_BARIS` layout)."""
        return tabel_dari_baris(self.baris, [d.kode for d in self.kerangka.dimensi])


def dimensi_berdata(kerangka: Kerangka, data: pd.DataFrame) -> dict[str, bool]:
    """Whether each dimension has at least one value in ``data``."""
    terisi = {str(c) for c, ada in data.notna().any().items() if ada}
    return {d.kode: any(i.kode in terisi for i in d.indikator) for d in kerangka.dimensi}


def bobot_efektif(kerangka: Kerangka, data: pd.DataFrame, izinkan: bool) -> dict[str, float]:
    """Dimension weights after removing dimensions without any data and renormalising (when
    allowed), as :func:`~analisis.peringkat.indeks.hitung_indeks` applies them."""
    if not izinkan:
        return {d.kode: d.bobot for d in kerangka.dimensi}
    ada = dimensi_berdata(kerangka, data)
    total = sum(d.bobot for d in kerangka.dimensi if ada[d.kode])
    return {
        d.kode: (d.bobot / total if ada[d.kode] and total > 0 else 0.0) for d in kerangka.dimensi
    }


def _baris(indeks: HasilPeringkat, robust: HasilRobust, kerangka: Kerangka) -> list[BarisPeringkat]:
    t = indeks.tabel.join(
        robust.ringkasan[
            [
                c
                for c in (
                    "median_peringkat",
                    "peringkat_p05",
                    "peringkat_p95",
                    "peluang_teratas",
                    "jumlah_pasangan_tidak_robust",
                )
                if c in robust.ringkasan.columns
            ]
        ],
        how="left",
    )
    hasil = []
    for kode, r in t.iterrows():
        v = nilai_json(r.to_dict())
        hasil.append(
            BarisPeringkat(
                kode_wilayah=str(kode),
                nama=str(v["wilayah"]),
                peringkat=v["peringkat"],
                skor=v["skor_komposit"],
                interval_bawah=v.get("peringkat_p05"),
                interval_atas=v.get("peringkat_p95"),
                median_peringkat=v.get("median_peringkat"),
                peluang_3_besar=v.get("peluang_teratas"),
                jumlah_pasangan_tidak_robust=v.get("jumlah_pasangan_tidak_robust"),
                ditandai=bool(v.get("ditandai")),
                indikator_hilang=[x for x in str(v.get("indikator_hilang") or "").split(", ") if x],
                keterangan=str(v.get("keterangan") or ""),
                skor_dimensi={d.kode: v.get(f"skor_{d.kode}") for d in kerangka.dimensi},
            )
        )
    return hasil


def susun_peringkat(
    data: pd.DataFrame,
    kerangka: Kerangka,
    *,
    izinkan_dimensi_hilang: bool | None = None,
    kebijakan_data_hilang: str | None = None,
    jumlah_iterasi: int | None = None,
    benih: int | None = None,
    konsentrasi_dimensi: float | None = None,
    konsentrasi_indikator: float | None = None,
    skala_galat: float | None = None,
    berkas: str | None = None,
    dengan_sensitivitas: bool = False,
) -> Susunan:
    """Rank ``data`` (index ``kode_wilayah``, ``wilayah`` and one column per indicator) under
    ``kerangka``. Keywords left ``None`` take the framework's settings (``benih`` included);
    the values applied are in :attr:`Susunan.parameter`. ``dengan_sensitivitas`` adds the
    sensitivity and coherence analyses (see the module doc)."""
    opsi: dict[str, Any] = {
        k: v
        for k, v in {
            "izinkan_dimensi_hilang": izinkan_dimensi_hilang,
            "kebijakan_data_hilang": kebijakan_data_hilang,
            "jumlah_iterasi": jumlah_iterasi,
            "benih": benih,
            "konsentrasi_dimensi": konsentrasi_dimensi,
            "konsentrasi_indikator": konsentrasi_indikator,
            "skala_galat": skala_galat,
        }.items()
        if v is not None
    }
    robust = uji_robust(data, kerangka, berkas=berkas, **opsi)
    indeks = robust.deterministik
    izinkan = bool(robust.parameter.get("izinkan_dimensi_hilang"))
    ada = dimensi_berdata(kerangka, data.drop(columns=["wilayah"], errors="ignore"))
    pasangan = [
        PasanganTidakRobust(**nilai_json(p))
        for p in robust.pasangan_tidak_robust.to_dict("records")
    ]
    sensitivitas = koherensi = None
    if dengan_sensitivitas:
        koherensi = analisis_koherensi(indeks)
        if int(np.asarray(indeks.tabel["diperingkat"], dtype=bool).sum()) >= (
            MINIMAL_WILAYAH_SENSITIVITAS
        ):
            sensitivitas = _sensitivitas(data, kerangka, robust.parameter, berkas)
    return Susunan(
        kerangka=kerangka,
        indeks=indeks,
        robust=robust,
        bobot_efektif=bobot_efektif(kerangka, data, izinkan),
        baris=_baris(indeks, robust, kerangka),
        pasangan=pasangan,
        dimensi_tanpa_data=[k for k, v in ada.items() if not v],
        wilayah_tidak_lengkap=[
            str(k) for k in indeks.tabel.index[np.asarray(indeks.tabel["ditandai"], dtype=bool)]
        ],
        parameter=nilai_json(dict(robust.parameter)),
        sensitivitas=sensitivitas,
        koherensi=koherensi,
    )


def _sensitivitas(
    data: pd.DataFrame, kerangka: Kerangka, terapan: dict[str, Any], berkas: str | None
) -> HasilSensitivitas:
    """Sensitivity under the ranking's applied policy and Monte Carlo settings (the seed, sample
    size and bootstrap count come from the framework's ``sensitivitas`` block)."""
    return analisis_sensitivitas(
        data,
        kerangka,
        kebijakan_data_hilang=terapan.get("kebijakan_data_hilang"),
        izinkan_dimensi_hilang=terapan.get("izinkan_dimensi_hilang"),
        konsentrasi_dimensi=terapan.get("konsentrasi_dimensi"),
        konsentrasi_indikator=terapan.get("konsentrasi_indikator"),
        normalisasi_alternatif=terapan.get("normalisasi_alternatif"),
        skala_galat=terapan.get("skala_galat"),
        berkas=berkas,
    )
