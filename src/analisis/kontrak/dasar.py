"""Base of the versioned file contracts: read and write a JSON file only through its model.

Every file passed between stages is a subclass of :class:`BerkasKontrak` with a top-level
``schema_version``. Reading checks the version first: a file from another version of the tool
gets one Indonesian sentence naming the file, the version found, the version expected and the
command that rewrites it, never a traceback or a silently half-read dict. Writing is atomic.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from analisis.berkas import tulis_teks_atomik
from analisis.galat import GalatAnalisis, jalur_kunci, pesan_pydantic

KODE_KELUAR_BERKAS = 3
"""Exit code of an unreadable or outdated file (README: "berkas tidak dapat dibaca")."""


class Model(BaseModel):
    """Base of every model inside a contract: unknown keys are refused (typos never pass)."""

    model_config = ConfigDict(extra="forbid")


class BerkasKontrak(Model):
    """A JSON file with a version. Subclasses set :attr:`SKEMA`, :attr:`JENIS`, :attr:`PERINTAH`
    and declare ``schema_version: Literal[SKEMA] = SKEMA``.

    Infinite values (e.g. a Dirichlet concentration of ``.inf`` = fixed weights) are written as
    the strings ``"Infinity"``/``"-Infinity"`` and read back as floats; missing numbers are
    ``null``.
    """

    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="strings")

    SKEMA: ClassVar[int]
    JENIS: ClassVar[str]
    """What the file is, in Indonesian (``hasil evaluasi wilayah``)."""
    PERINTAH: ClassVar[str]
    """The command that (re)writes it, for messages."""

    schema_version: int

    @classmethod
    def _galat(cls, nama: str, pesan: str) -> GalatAnalisis:
        return GalatAnalisis(
            f"{nama}: {pesan} Jalankan ulang: {cls._perintah(nama)}",
            kode_keluar=KODE_KELUAR_BERKAS,
        )

    @classmethod
    def _perintah(cls, nama: str) -> str:
        """:attr:`PERINTAH` with the province and year filled in from a reports-tree path."""
        m = re.search(r"(\d\d)00/(\d{4})/", nama)
        if not m:
            return cls.PERINTAH
        return cls.PERINTAH.replace("<kode>", m.group(1)).replace("<tahun>", m.group(2))

    @classmethod
    def dari_dict(cls, data: object, nama: str = "berkas") -> Self:
        """Validate parsed JSON (version first, then every field)."""
        if not isinstance(data, dict):
            raise cls._galat(nama, f"isi bukan {cls.JENIS} (bukan objek JSON).")
        versi = data.get("schema_version", data.get("versi_skema"))
        if versi != cls.SKEMA:
            ditemukan = "tidak ada" if versi is None else repr(versi)
            raise cls._galat(
                nama,
                f"versi skema {cls.JENIS} {ditemukan} tidak dikenal oleh versi analisis ini "
                f"(diharapkan {cls.SKEMA}).",
            )
        try:
            return cls.model_validate(data)
        except ValidationError as e:
            rinci = "; ".join(
                f"{jalur_kunci(err['loc']) or '(akar)'}: {pesan_pydantic(dict(err), cls)}"
                for err in e.errors()[:5]
            )
            raise cls._galat(nama, f"{cls.JENIS} tidak sah ({rinci}).") from None

    @classmethod
    def baca(cls, path: str | os.PathLike[str], nama: str | None = None) -> Self:
        """Read and validate ``path``; ``nama`` names it in messages (default: its last
        three path parts, never an absolute path)."""
        p = Path(path)
        nama = nama or nama_tampil(p)
        try:
            teks = p.read_text("utf-8")
        except FileNotFoundError:
            raise cls._galat(nama, f"{cls.JENIS} belum ada.") from None
        except (OSError, UnicodeDecodeError) as e:
            raise cls._galat(
                nama, f"{cls.JENIS} tidak dapat dibaca ({type(e).__name__})."
            ) from None
        try:
            data = json.loads(teks)
        except (ValueError, RecursionError) as e:
            raise cls._galat(nama, f"{cls.JENIS} rusak (bukan JSON yang sah: {e}).") from None
        return cls.dari_dict(data, nama)

    @classmethod
    def baca_jika_ada(cls, path: str | os.PathLike[str]) -> Self | None:
        """The file's model, or ``None`` when it is absent, damaged or of another version (for
        readers that show a gap instead of failing, e.g. the site or the cache check)."""
        try:
            return cls.baca(path)
        except GalatAnalisis:
            return None

    def ke_json(self) -> str:
        return self.model_dump_json(indent=1)

    def tulis(self, path: str | os.PathLike[str]) -> Path:
        """Write atomically (a reader sees the old file or the new one)."""
        return tulis_teks_atomik(path, self.ke_json())


def nama_tampil(p: Path) -> str:
    """A file's name for messages: from its ``<XX00>/<tahun>/`` folder on inside a reports tree,
    else its last two parts (never an absolute path)."""
    bagian = p.parts
    for i in range(len(bagian) - 2, -1, -1):
        if re.fullmatch(r"\d\d00", bagian[i]) and re.fullmatch(r"\d{4}", bagian[i + 1]):
            return "/".join(bagian[i:])
    return "/".join(bagian[-2:])


def _kolom_json(kolom: Any) -> list:
    """:func:`nilai_json` of every cell of a DataFrame column: a float column's cells are Python
    floats (NaN → None, nothing else to convert), text cells are kept, others converted."""
    import math

    import numpy as np

    isi = kolom.tolist()
    if kolom.dtype == np.float64:
        isnan = math.isnan
        return [None if isnan(v) else v for v in isi]
    return [v if type(v) is str else nilai_json(v) for v in isi]


def nilai_json(x: Any) -> Any:
    """A plain value for a contract field: NaN/NA → None, numpy scalars → Python, tuples →
    lists, DataFrames → lists of records. Infinity is kept (contracts write it as a string)."""
    import math

    t = type(x)
    if t is str or t is int or t is bool:  # most leaves: nothing to convert
        return x
    if t is float:
        return None if math.isnan(x) else x

    import numpy as np
    import pandas as pd

    if isinstance(x, dict):
        return {str(k): nilai_json(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [nilai_json(v) for v in x]
    if isinstance(x, pd.DataFrame):
        # Column by column (``to_dict("records")`` boxes every cell through a generic path:
        # most of a result's conversion time); the same plain values once converted.
        kolom = [str(k) for k in x.columns]
        if len(set(kolom)) != len(kolom):
            return [nilai_json(r) for r in x.to_dict("records")]
        isi = [_kolom_json(x[k]) for k in x.columns]
        return [dict(zip(kolom, baris, strict=True)) for baris in zip(*isi, strict=True)] or [
            {} for _ in range(len(x))
        ]
    if isinstance(x, np.ndarray):
        return [nilai_json(v) for v in x.tolist()]
    if isinstance(x, np.generic):
        x = x.item()
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, float) and math.isnan(x):
        return None
    return x
