"""Writer of the PRIVATE per-person lists (worklist of ``bnba cek``, movement list of
``bnba banding``): XLSX with an explanation sheet, NIK/No KK as text, optionally pseudonymised
keys instead of NIK/No KK (:mod:`analisis.bnba.pseudonim`), written atomically and readable by
the owner only.
"""

from __future__ import annotations

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
    from analisis.bnba._xlsx import tulis_xlsx

    path = Path(path)
    ket: list[list[object]] = [[PERINGATAN], *[list(b) for b in keterangan]]
    if garam is not None:
        df = samarkan(df, garam, {k: v for k, v in KOLOM_NIK_KK.items() if k in df})
        ket.insert(
            1,
            [
                (
                    "NIK dan No KK diganti kunci samaran (HMAC-SHA256 dengan garam yang "
                    "disimpan terpisah oleh pengendali data). Nama dan alamat tetap data pribadi."
                )
            ],
        )
    kolom = list(df.columns)
    isi = _isi_kolom(df, set(ya_tidak), set(bulat))
    lembar: list[tuple[str, object, bool]] = [("KETERANGAN", ket, False)]
    for i, mulai in enumerate(range(0, max(len(df), 1), _BATAS_BARIS), start=1):
        akhir = min(mulai + _BATAS_BARIS, len(df))

        def baris(mulai: int = mulai, akhir: int = akhir) -> Iterator[list[object]]:
            yield kolom
            for r in range(mulai, akhir):
                yield [arr[r] for arr in isi]

        lembar.append((nama_lembar if i == 1 else f"{nama_lembar}_{i}", baris(), True))

    def tulis(tmp: Path) -> None:
        tulis_xlsx(
            str(tmp),
            lembar,  # type: ignore[arg-type]
            judul=f"RAHASIA - {judul}",
            subjek="Berisi data pribadi (UU 27/2022 PDP). Jangan dipublikasikan.",
        )
        os.chmod(tmp, 0o600)

    hasil = tulis_dengan(path, tulis)
    os.chmod(hasil, 0o600)
    return hasil
