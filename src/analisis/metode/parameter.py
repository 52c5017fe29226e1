"""Method parameters: every [R] convention of ``docs/domain-methods.md`` as a documented choice.

The rules marked [R] in the domain specification are practitioner conventions that could not
be confirmed in official guidance. They are therefore choices, not constants: this module
holds them in one validated pydantic model, :class:`ParameterMetode`, with the default values
used by every function in :mod:`analisis.metode`, and renders an Indonesian summary so each
report can state the methods it used.

How the fields map to function arguments:

======================  =================================================================
field                   used as
======================  =================================================================
``pembanding``          which series the caller passes as reference (province/national)
``relevansi``           ``relevansi_efektivitas(..., relevansi=)``
``efektivitas``         ``relevansi_efektivitas(..., efektivitas=)``
``uji_signifikansi``    guard on (default) or off: SE from :mod:`analisis.metode.presisi`
``z_signifikansi``      ``relevansi_efektivitas(..., z=)``
``rse_bawaan``          a fixed RSE (%) instead of the precision model (``None`` = the model)
``n_efektif_presisi``   ``ModelPresisi(n_efektif=)`` of the precision model
``sumbu_kuadran``       ``kuadran_perkembangan(..., sumbu_y=)``
``ambang_indikator``    ``kuadran_p0_indikator(..., ambang=)``
``seri_ambang``         ``seri_ambang=`` of every quadrant function
``bobot_prioritas``     ``skor_prioritas(..., bobot=)``
``batas_rse``           ``skor_prioritas(..., batas_rse=)``
``rentang_laju_tahun``  ``evaluasi_target(..., rentang_laju=)``
``riwayat_minimum``     ``evaluasi_target(..., riwayat_minimum=)``
``arah_indikator``      ``arah=`` arguments, via :func:`arah_indikator`
======================  =================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple, cast

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from analisis.data.katalog import muat_katalog
from analisis.galat import GalatAnalisis, GalatValidasi, Masalah, pesan_pydantic
from analisis.metode.presisi import N_EFEKTIF_BAWAAN, ModelPresisi
from analisis.teks import angka_id

Pembanding = Literal["provinsi", "nasional"]
Relevansi = Literal["arah", "diinginkan"]
Efektivitas = Literal["absolut", "relatif", "mandiri"]
SumbuKuadran = Literal["absolut", "relatif"]
AmbangIndikator = Literal["provinsi", "rata_rata"]
SeriAmbang = Literal["buruk", "baik"]
Arah = Literal[-1, 1]

BAWAAN_RELEVANSI: Relevansi = "arah"
BAWAAN_EFEKTIVITAS: Efektivitas = "absolut"
BAWAAN_Z = 1.96
BAWAAN_SUMBU_KUADRAN: SumbuKuadran = "absolut"
BAWAAN_AMBANG_INDIKATOR: AmbangIndikator = "provinsi"
BAWAAN_SERI_AMBANG: SeriAmbang = "buruk"
BAWAAN_BOBOT = (0.5, 0.3, 0.2)  # kesenjangan, besaran, tren
BAWAAN_BATAS_RSE = 25.0
BAWAAN_RENTANG_LAJU = 4
BAWAAN_RIWAYAT_MINIMUM = 3

#: Default direction catalogue (d): -1 = lower is better, +1 = higher is better, taken from the
#: bundled indicator catalogue (``analisis.data.katalog``). Indicators without a good or bad
#: direction there (``garis_kemiskinan``, ``penduduk``, food / non-food spending) are absent.
#: The catalogue's ``arah`` is -1, 0 or 1, so without the 0s every value is an :data:`Arah`.
KATALOG_ARAH = cast(
    "dict[str, Arah]", {k: i.arah for k, i in muat_katalog().items() if i.arah != 0}
)

#: Indonesian explanation of every option value, used in the summary.
PENJELASAN_PILIHAN: dict[str, dict[str, str]] = {
    "pembanding": {
        "provinsi": "angka provinsi dipakai sebagai pembanding",
        "nasional": "angka nasional dipakai sebagai pembanding",
    },
    "relevansi": {
        "arah": "relevan bila perubahan kabupaten/kota searah dengan perubahan pembanding",
        "diinginkan": "relevan bila kabupaten/kota dan pembanding sama-sama membaik",
    },
    "efektivitas": {
        "absolut": "efektif bila perbaikan (Δ, poin) lebih besar dari perbaikan pembanding",
        "relatif": "efektif bila perbaikan relatif (g, %) lebih besar dari pembanding",
        "mandiri": "efektif bila membaik dibanding tahun sebelumnya (gaya EKPD)",
    },
    "sumbu_kuadran": {
        "absolut": "sumbu Y = perubahan absolut rata-rata per tahun (poin)",
        "relatif": "sumbu Y = laju majemuk per tahun (%), mengurangi efek dasar rendah",
    },
    "ambang_indikator": {
        "provinsi": "garis ambang = angka provinsi",
        "rata_rata": "garis ambang = rata-rata sederhana kabupaten/kota",
    },
    "seri_ambang": {
        "buruk": "nilai tepat sama dengan ambang digolongkan ke sisi buruk",
        "baik": "nilai tepat sama dengan ambang digolongkan ke sisi baik",
    },
}


class BarisParameter(NamedTuple):
    """One row of the method summary: (nama, nilai, keterangan)."""

    nama: str
    nilai: str
    keterangan: str


class BobotPrioritas(BaseModel):
    """Weights of the §1.5 priority score S = w_g·z(gap) + w_m·z(m) + w_t·z(−d·Δ)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kesenjangan: float = Field(BAWAAN_BOBOT[0], ge=0, description="bobot kesenjangan (w_g)")
    besaran: float = Field(BAWAAN_BOBOT[1], ge=0, description="bobot besaran sasaran (w_m)")
    tren: float = Field(BAWAAN_BOBOT[2], ge=0, description="bobot tren memburuk (w_t)")

    @model_validator(mode="after")
    def _jumlah_satu(self) -> BobotPrioritas:
        total = self.kesenjangan + self.besaran + self.tren
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"jumlah bobot harus 1, sekarang {angka_id(total)}")
        return self

    def sebagai_dict(self) -> dict[str, float]:
        return {"kesenjangan": self.kesenjangan, "besaran": self.besaran, "tren": self.tren}


class ParameterMetode(BaseModel):
    """All [R] method choices with defaults. Build with :meth:`dari_dict` for Indonesian errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pembanding: Pembanding = Field(
        "provinsi", description="Wilayah pembanding untuk relevansi, efektivitas, dan kuadran"
    )
    relevansi: Relevansi = Field(BAWAAN_RELEVANSI, description="Aturan relevansi")
    efektivitas: Efektivitas = Field(BAWAAN_EFEKTIVITAS, description="Aturan efektivitas")
    uji_signifikansi: bool = Field(
        True,
        description=(
            "Uji signifikansi perubahan dengan galat baku model presisi bawaan (atau RSE "
            "BPS yang diimpor)"
        ),
    )
    z_signifikansi: float = Field(
        BAWAAN_Z,
        gt=0,
        description=(
            "Nilai z uji signifikansi perubahan: |Δ| < z·√(SE_t² + SE_t−1²) → 'tidak signifikan'"
        ),
    )
    rse_bawaan: float | None = Field(
        None,
        gt=0,
        description=(
            "RSE (%) tetap untuk semua tahun, menggantikan model presisi bawaan; kosong = "
            "model presisi bawaan"
        ),
    )
    n_efektif_presisi: float = Field(
        N_EFEKTIF_BAWAAN,
        gt=0,
        description=(
            "Ukuran sampel efektif per kabupaten/kota pada model presisi bawaan: "
            "SE(P0) = √(P0 × (100 − P0) / n)"
        ),
    )
    sumbu_kuadran: SumbuKuadran = Field(
        BAWAAN_SUMBU_KUADRAN, description="Sumbu Y kuadran level × perubahan"
    )
    ambang_indikator: AmbangIndikator = Field(
        BAWAAN_AMBANG_INDIKATOR, description="Ambang kuadran P0 × indikator, kedua sumbu"
    )
    seri_ambang: SeriAmbang = Field(
        BAWAAN_SERI_AMBANG, description="Penggolongan nilai yang tepat sama dengan ambang kuadran"
    )
    bobot_prioritas: BobotPrioritas = Field(
        default_factory=BobotPrioritas,
        description="Bobot skor prioritas determinan (kesenjangan/besaran/tren)",
    )
    batas_rse: float = Field(
        BAWAAN_BATAS_RSE,
        gt=0,
        description="Indikator dengan RSE (%) di atas batas ini ditandai kurang andal",
    )
    rentang_laju_tahun: int = Field(
        BAWAAN_RENTANG_LAJU,
        ge=1,
        description=(
            "Panjang jendela (tahun) laju historis untuk target: tahun akhir − n s.d. tahun akhir"
        ),
    )
    riwayat_minimum: int = Field(
        BAWAAN_RIWAYAT_MINIMUM,
        ge=2,
        description="Jumlah tahun data minimum dalam jendela agar laju dipakai untuk proyeksi",
    )
    arah_indikator: dict[str, Arah] = Field(
        default_factory=lambda: dict(KATALOG_ARAH),
        description=(
            "Arah indikator: −1 makin kecil makin baik, 1 makin besar makin baik "
            "(isian pengguna menambah/menimpa katalog bawaan)"
        ),
    )

    @field_validator("arah_indikator", mode="after")
    @classmethod
    def _gabung_katalog(cls, v: dict[str, int]) -> dict[str, int]:
        return {**KATALOG_ARAH, **v}

    @classmethod
    def dari_dict(
        cls, data: Mapping[str, Any] | None, berkas: str | None = None
    ) -> ParameterMetode:
        """Validate a mapping (e.g. parsed YAML); raise :class:`GalatValidasi` in Indonesian.

        Every problem becomes a :class:`Masalah` whose ``kolom`` is the dotted key path
        (``bobot_prioritas.kesenjangan``).
        """
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise GalatValidasi(
                "Parameter metode tidak valid.",
                masalah=[
                    Masalah(
                        "parameter metode harus berupa pemetaan kunci: nilai",
                        berkas=berkas,
                        kode="parameter_tidak_valid",
                    )
                ],
            )
        try:
            return cls.model_validate(dict(data))
        except ValidationError as e:
            masalah = [
                Masalah(
                    _pesan_indonesia(err),
                    berkas=berkas,
                    kolom=".".join(str(p) for p in err["loc"]) or None,
                    kode="parameter_tidak_valid",
                )
                for err in e.errors()
            ]
            raise GalatValidasi("Parameter metode tidak valid.", masalah=masalah) from None

    def ringkasan(self) -> list[BarisParameter]:
        """Indonesian summary rows (nama, nilai, keterangan) for the report's method section."""
        baris: list[BarisParameter] = []
        for nama, info in type(self).model_fields.items():
            nilai = getattr(self, nama)
            keterangan = info.description or ""
            if nama in PENJELASAN_PILIHAN:
                keterangan = f"{keterangan}: {PENJELASAN_PILIHAN[nama][nilai]}"
            baris.append(BarisParameter(nama, _teks_nilai(nama, nilai), keterangan))
        return baris

    def ringkasan_tabel(self) -> pd.DataFrame:
        """The summary as a DataFrame, with a ``bawaan`` column ("ya" when the default is used)."""
        bawaan = type(self)()
        df = pd.DataFrame(self.ringkasan(), columns=["nama", "nilai", "keterangan"])
        df["bawaan"] = [
            "ya" if getattr(self, n) == getattr(bawaan, n) else "tidak" for n in df["nama"]
        ]
        return df

    @property
    def model_presisi(self) -> ModelPresisi:
        """The precision model these parameters select (shared with the ranking)."""
        return ModelPresisi(n_efektif=self.n_efektif_presisi)

    def arah(self, kode: str) -> int:
        """Direction of indicator ``kode`` from this parameter set's catalogue."""
        return arah_indikator(kode, self.arah_indikator)


def arah_indikator(kode: str, katalog: Mapping[str, int] | None = None) -> int:
    """Look up the direction (-1/+1) of an indicator code; Indonesian error when unknown."""
    katalog = KATALOG_ARAH if katalog is None else katalog
    if kode not in katalog:
        raise GalatAnalisis(
            f"Arah indikator '{kode}' tidak dikenal. Tambahkan ke parameter arah_indikator "
            "(-1 bila makin kecil makin baik, 1 bila makin besar makin baik)."
        )
    return int(katalog[kode])


def _teks_nilai(nama: str, nilai: object) -> str:
    if nama == "bobot_prioritas":
        b: BobotPrioritas = nilai  # type: ignore[assignment]
        return f"kesenjangan {angka_id(b.kesenjangan)}; besaran {angka_id(b.besaran)}; tren {angka_id(b.tren)}"
    if nama == "arah_indikator":
        katalog: dict[str, int] = nilai  # type: ignore[assignment]
        nama_ind = {k: i.nama for k, i in muat_katalog().items()}
        beda = {k: v for k, v in katalog.items() if KATALOG_ARAH.get(k) != v}
        if not beda:
            return (
                "katalog indikator bawaan (lihat 'analisis data indikator'): "
                f"{sum(v == -1 for v in katalog.values())} indikator makin kecil makin baik, "
                f"{sum(v == 1 for v in katalog.values())} makin besar makin baik"
            )
        return "katalog bawaan, kecuali " + "; ".join(
            f"{nama_ind.get(k, k)}: {'makin kecil' if v == -1 else 'makin besar'} makin baik"
            for k, v in beda.items()
        )
    if isinstance(nilai, bool):
        return "ya" if nilai else "tidak"
    if nilai is None:
        return "model presisi bawaan" if nama == "rse_bawaan" else "tidak dipakai"
    if isinstance(nilai, float):
        return angka_id(nilai)
    return str(nilai)


def _pesan_indonesia(err: Mapping[str, Any]) -> str:
    return pesan_pydantic(dict(err), ParameterMetode)
