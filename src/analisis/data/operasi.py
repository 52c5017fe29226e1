"""Checking and merging imports: what is added, what changes (old → new), what conflicts.

A cell already in the data with a different value is *changed* when the incoming grade is
at least as good as the existing one (a BPS revision replaces an older figure), and is a
*conflict* when the existing value has a better grade (A better than B better than C):
conflicts are reported and not applied unless the user asks with ``--timpa``. Replaced values
are not lost: the import log keeps every old value, and the bundled data never changes.

:func:`impor` applies while holding the store's lock, re-planning under the lock when another
import changed the store meanwhile, so two imports into the same store at the same time run one
after the other and both updates are kept. An invalid import takes no lock and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analisis.data.impor import baca_berkas
from analisis.data.model import KUNCI_SEL, Basisdata, gabung_lapisan
from analisis.data.penyimpanan import KOLOM_TIDY, Penyimpanan
from analisis.data.validasi import KOLOM_LOKASI, Kandidat, validasi
from analisis.galat import GalatValidasi, Masalah, hanya_galat

_PERINGKAT_MUTU = {"A": 0, "B": 1, "C": 2}


@dataclass
class RencanaImpor:
    """The effect an import would have, computed without writing anything."""

    berkas: list[str]
    ditambah: pd.DataFrame
    diubah: pd.DataFrame
    konflik: pd.DataFrame
    sama: int
    peringatan: list[Masalah] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    timpa: bool = False

    @property
    def diterapkan(self) -> pd.DataFrame:
        """Rows that will be written to the store."""
        bagian = [self.ditambah, self.diubah]
        if self.timpa:
            bagian.append(self.konflik)
        bagian = [b for b in bagian if not b.empty]
        if not bagian:
            return pd.DataFrame(columns=KOLOM_TIDY)
        return pd.concat(bagian, ignore_index=True)[KOLOM_TIDY]


def baca_dan_validasi(
    berkas: list[Path], basis: Basisdata, **opsi
) -> tuple[Kandidat, list[Masalah]]:
    """Read all files, validate them together; raise GalatValidasi when any error exists."""
    return validasi_kandidat([baca_berkas(p, **opsi) for p in berkas], basis)


def validasi_kandidat(kandidat: list[Kandidat], basis: Basisdata) -> tuple[Kandidat, list[Masalah]]:
    """Validate already read inputs together; raise GalatValidasi when any error exists."""
    gabung = Kandidat.kosong(", ".join(k.berkas for k in kandidat))
    tabel = [k.tabel for k in kandidat if not k.tabel.empty]
    if tabel:
        gabung.tabel = pd.concat(tabel, ignore_index=True)
    for k in kandidat:
        gabung.masalah.extend(k.masalah)
        gabung.info.extend(k.info)
    masalah = gabung.masalah + validasi(gabung, basis.tabel)
    galat = hanya_galat(masalah)
    if galat:
        raise GalatValidasi(
            f"Data tidak valid: {len(galat)} masalah ditemukan; tidak ada yang disimpan.",
            masalah=masalah,
        )
    if gabung.tabel.empty:
        raise GalatValidasi(
            "Tidak ada nilai yang dapat diimpor dari berkas ini; tidak ada yang disimpan.",
            masalah=[
                Masalah(
                    "berkas tidak memuat satu pun nilai data.",
                    berkas=gabung.berkas,
                    kode="tanpa_data",
                )
            ],
        )
    return gabung, [m for m in masalah if m.tingkat != "galat"]


def rencanakan(
    berkas: list[Path], basis: Basisdata, *, timpa: bool = False, **opsi
) -> RencanaImpor:
    """Validate the files and compute what an import would add, change and conflict."""
    return rencanakan_kandidat(
        [baca_berkas(p, **opsi) for p in berkas],
        basis,
        timpa=timpa,
        berkas=[str(b) for b in berkas],
    )


def rencanakan_kandidat(
    kandidat_list: list[Kandidat], basis: Basisdata, *, timpa: bool = False, berkas: list[str]
) -> RencanaImpor:
    """:func:`rencanakan` for inputs already read (e.g. WebAPI responses narrowed to a
    province); ``berkas`` names them in the import log."""
    kandidat, peringatan = validasi_kandidat(kandidat_list, basis)
    baru = kandidat.tabel.drop_duplicates(KUNCI_SEL, keep="last")
    lama = basis.tabel[KOLOM_TIDY]
    gabung = baru.merge(lama, on=KUNCI_SEL, how="left", suffixes=("", "_lama"), indicator=True)
    ditambah = gabung[gabung["_merge"] == "left_only"]
    ada = gabung[gabung["_merge"] == "both"]
    sama_nilai = (ada["nilai"] - ada["nilai_lama"]).abs() <= 1e-9 * ada["nilai_lama"].abs().clip(
        lower=1
    )
    berbeda = ada[~sama_nilai]
    lebih_buruk = berbeda["kualitas"].map(_PERINGKAT_MUTU) > berbeda["kualitas_lama"].map(
        _PERINGKAT_MUTU
    )
    kolom = KOLOM_TIDY + KOLOM_LOKASI
    kolom_lama = kolom + ["nilai_lama", "kualitas_lama", "sumber_lama"]
    return RencanaImpor(
        berkas=list(berkas),
        ditambah=ditambah[kolom].reset_index(drop=True),
        diubah=berbeda[~lebih_buruk][kolom_lama].reset_index(drop=True),
        konflik=berbeda[lebih_buruk][kolom_lama].reset_index(drop=True),
        sama=int(sama_nilai.sum()),
        peringatan=peringatan,
        info=kandidat.info,
        timpa=timpa,
    )


def impor(
    berkas: list[Path],
    penyimpanan: Penyimpanan,
    *,
    timpa: bool = False,
    saat_menunggu: Callable[[], object] | None = None,
    **opsi,
) -> tuple[RencanaImpor, int]:
    """Validate, plan and apply an import; (plan, cells written).

    The plan is made without the lock (an invalid file raises before anything is touched);
    writing happens under the store's lock, and when another import changed the store since
    the plan was made, the plan (added / changed / conflicts) is made again against it.
    """
    versi = penyimpanan.versi()
    rencana = rencanakan(berkas, Basisdata.muat(penyimpanan), timpa=timpa, **opsi)
    if rencana.diterapkan.empty:
        return rencana, 0
    with penyimpanan.kunci(saat_menunggu):
        if penyimpanan.versi() != versi:
            rencana = rencanakan(berkas, Basisdata.muat(penyimpanan), timpa=timpa, **opsi)
        return rencana, terapkan(rencana, penyimpanan)


def terapkan(rencana: RencanaImpor, penyimpanan: Penyimpanan) -> int:
    """Write the planned rows into the store (atomically). Returns the number of cells written."""
    tulis = rencana.diterapkan
    if tulis.empty:
        return 0
    lama = penyimpanan.baca()
    baru = gabung_lapisan(lama, tulis)

    def sel(df: pd.DataFrame) -> list[dict]:
        return [
            {k: (None if pd.isna(v) else v) for k, v in r.items()}
            for r in df[[c for c in df.columns if not c.startswith("_")]].to_dict("records")
        ]

    penyimpanan.simpan(
        baru,
        {
            "waktu": datetime.now(UTC).isoformat(timespec="seconds"),
            "berkas": rencana.berkas,
            "ditambah": len(rencana.ditambah),
            "diubah": sel(rencana.diubah),
            "konflik": sel(rencana.konflik),
            "konflik_ditimpa": rencana.timpa,
        },
    )
    return len(tulis)
