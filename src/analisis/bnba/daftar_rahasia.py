"""Writer of the PRIVATE per-person lists (worklist of ``bnba cek``, movement list of
``bnba banding``): XLSX with an explanation sheet, NIK/No KK as text, optionally pseudonymised
keys instead of NIK/No KK (:mod:`analisis.bnba.pseudonim`), written atomically and readable by
the owner only.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analisis.berkas import tulis_dengan
from analisis.bnba.pseudonim import samarkan

#: Columns holding NIK or No KK (replaced by pseudonymised keys when a salt is given).
KOLOM_NIK_KK = {
    "nik": "NS-",
    "no_kk": "KS-",
    "nik_lama": "NS-",
    "nik_baru": "NS-",
    "no_kk_lama": "KS-",
    "no_kk_baru": "KS-",
}
PERINGATAN = (
    "RAHASIA — berisi data pribadi (NIK, nama, alamat). Hanya untuk analis/verval. JANGAN "
    "dipublikasikan atau dibagikan (UU 27/2022 tentang Pelindungan Data Pribadi)."
)
_BATAS_BARIS = 1_000_000


def _isi_kolom(df: pd.DataFrame, ya_tidak: set[str], bulat: set[str]) -> list[np.ndarray]:
    isi = []
    for k in df.columns:
        arr = df[k].to_numpy(dtype=object)
        if k in ya_tidak:
            arr = np.array(
                ["ya" if (v is not None and not pd.isna(v) and bool(v)) else None for v in arr],
                dtype=object,
            )
        elif k in bulat:
            arr = np.array([None if pd.isna(v) else int(v) for v in arr], dtype=object)
        isi.append(arr)
    return isi


def tulis_daftar_rahasia(
    path: str | Path,
    df: pd.DataFrame,
    keterangan: Sequence[Sequence[object]],
    nama_lembar: str,
    judul: str,
    ya_tidak: Sequence[str] = (),
    bulat: Sequence[str] = (),
    garam: bytes | None = None,
) -> Path:
    """Write a private list: sheet ``KETERANGAN`` then ``nama_lembar`` (more sheets above
    Excel's row limit). With ``garam``, NIK/No KK columns become pseudonymised keys."""
    return tulis_daftar_rahasia_bertahap(
        path,
        list(df.columns),
        len(df),
        iter([df]),
        keterangan,
        nama_lembar,
        judul,
        ya_tidak=ya_tidak,
        bulat=bulat,
        garam=garam,
    )


def tulis_daftar_rahasia_bertahap(
    path: str | Path,
    kolom: Sequence[str],
    jumlah: int,
    potongan: Iterator[pd.DataFrame],
    keterangan: Sequence[Sequence[object]],
    nama_lembar: str,
    judul: str,
    ya_tidak: Sequence[str] = (),
    bulat: Sequence[str] = (),
    garam: bytes | None = None,
) -> Path:
    """:func:`tulis_daftar_rahasia` from consecutive chunks of ``jumlah`` rows in all (columns
    ``kolom``), each converted and written before the next is read, so memory holds one chunk,
    not the list. Fewer or more rows than ``jumlah`` is an error (nothing written)."""
    from analisis.bnba._xlsx import tulis_xlsx

    path = Path(path)
    ket: list[list[object]] = [[PERINGATAN], *[list(b) for b in keterangan]]
    samaran = {k: v for k, v in KOLOM_NIK_KK.items() if k in kolom} if garam is not None else {}
    if garam is not None:
        ket.insert(
            1,
            [
                (
                    "NIK dan No KK diganti kunci samaran (HMAC-SHA256 dengan garam yang "
                    "disimpan terpisah oleh pengendali data). Nama dan alamat tetap data pribadi."
                )
            ],
        )
    judul_kolom: list[object] = [f"kunci_samaran_{k}" if k in samaran else k for k in kolom]

    def semua_baris() -> Iterator[list[object]]:
        for bagian in potongan:
            if garam is not None:
                bagian = samarkan(bagian, garam, samaran)
            isi = _isi_kolom(bagian, set(ya_tidak), set(bulat))
            for r in range(len(bagian)):
                yield [arr[r] for arr in isi]

    aliran = semua_baris()
    ditulis = [0]
    lembar: list[tuple[str, object, bool]] = [("KETERANGAN", ket, False)]
    for i, mulai in enumerate(range(0, max(jumlah, 1), _BATAS_BARIS), start=1):
        banyak = min(_BATAS_BARIS, jumlah - mulai)

        def baris(banyak: int = banyak) -> Iterator[list[object]]:
            yield judul_kolom
            for b in itertools.islice(aliran, banyak):
                ditulis[0] += 1
                yield b

        lembar.append((nama_lembar if i == 1 else f"{nama_lembar}_{i}", baris(), True))

    def tulis(tmp: Path) -> None:
        tulis_xlsx(
            str(tmp),
            lembar,  # type: ignore[arg-type]
            judul=f"RAHASIA - {judul}",
            subjek="Berisi data pribadi (UU 27/2022 PDP). Jangan dipublikasikan.",
        )
        os.chmod(tmp, 0o600)
        sisa = sum(1 for _ in aliran)
        if ditulis[0] != jumlah or sisa:
            raise RuntimeError(
                f"private list: {jumlah} rows announced, {ditulis[0] + sisa} received"
            )

    hasil = tulis_dengan(path, tulis)
    os.chmod(hasil, 0o600)
    return hasil
