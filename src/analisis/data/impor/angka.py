"""Reading numbers the way BPS tables write them, and saying what was converted.

BPS website downloads mix conventions: a decimal comma (``4,65``) in Indonesian tables, a
decimal point (``4.65``) in English ones and in CSV exports, dots as thousands separators
(``589.165``), and placeholders for "no data" (``-``, ``–``, ``…``, ``NA``). The separator is
decided once per file (:func:`deteksi_desimal`) and applied to every cell, never guessed cell
by cell; ambiguous files must be told with ``--desimal``.

Conversions that change how a cell is written are accepted only when unambiguous and are
always reported (:class:`Konversi`): thousands separators removed (``589.165`` → 589165 in a
file without decimals or with decimal commas), a percent sign removed from a value of a
percentage indicator (``85,5%`` → 85,5; refused for any other unit), and numeric XLSX cells
formatted as percentages (0,0236 shown as 2,36 %) read as percent.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

PENANDA_KOSONG = frozenset(
    {
        "",
        "-",
        "–",
        "—",
        "…",
        "...",
        "..",
        "na",
        "n/a",
        "n.a",
        "n.a.",
        "(na)",
        "x",
        "nan",
        "tidak ada data",
    }
)

_POLA_KOMA_DESIMAL = re.compile(r"^[-−]?\d{1,3}(\.\d{3})*,\d+$|^[-−]?\d+,\d+$")
_POLA_TITIK_DESIMAL = re.compile(r"^[-−]?\d+\.\d+$")
# A thousands group never starts with 0: "0.385" is a decimal, "589.165" may be thousands.
_POLA_RIBUAN_TITIK = re.compile(r"^[-−]?[1-9]\d{0,2}(\.\d{3})+$")
_POLA_RIBUAN_KOMA = re.compile(r"^[-−]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
_TANDA_CATATAN = re.compile(r"[*\u00b9\u00b2\u00b3\u2070-\u2079]+\)?$")

#: Kinds of conversion reported by :class:`Konversi`.
RIBUAN, PERSEN, SEL_PERSEN = "ribuan", "persen", "sel_persen"


@dataclass(frozen=True)
class HasilAngka:
    """Outcome of reading one cell: a value, an explicit "no data", or an error.

    ``konversi`` names a change of writing that was applied (:data:`RIBUAN`, :data:`PERSEN`).
    """

    nilai: float | None
    kosong: bool = False
    bertanda: bool = False
    galat: str | None = None
    konversi: str | None = None


def bersihkan(teks: str) -> str:
    s = str(teks).replace("\u00a0", " ").strip()
    s = s.replace(" ", "")
    return s


def _tanpa_hiasan(teks: str) -> str:
    s = _TANDA_CATATAN.sub("", bersihkan(teks))
    return s.removesuffix("%")


def deteksi_desimal(sel: list[str]) -> str | None:
    """Decide the decimal separator of a file from its value cells.

    Returns ``"koma"`` or ``"titik"``, or None when the file holds no decimals at all
    (then both readings agree, except for dotted thousands handled in :func:`baca_angka`).
    Raises ValueError when the file mixes both conventions.
    """
    ada_koma = ada_titik = False
    for s in sel:
        s = _tanpa_hiasan(s)
        if _POLA_KOMA_DESIMAL.match(s):
            ada_koma = True
        elif (
            _POLA_TITIK_DESIMAL.match(s)
            and not _POLA_RIBUAN_TITIK.match(s)
            or _POLA_RIBUAN_KOMA.match(s)
        ):
            ada_titik = True
    if ada_koma and ada_titik:
        raise ValueError(
            "berkas mencampur koma dan titik sebagai pemisah desimal; tentukan dengan "
            "--desimal koma atau --desimal titik"
        )
    if ada_koma:
        return "koma"
    if ada_titik:
        return "titik"
    return None


def _teks_ke_angka(s: str, desimal: str | None) -> tuple[float, bool] | None:
    """(value, thousands separator removed) for a bare number text, or None."""
    if desimal == "koma":
        if re.fullmatch(r"-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?|-?\d+(,\d+)?", s):
            return float(s.replace(".", "").replace(",", ".")), "." in s
    elif desimal == "titik":
        if re.fullmatch(r"-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?|-?\d+(\.\d+)?", s):
            return float(s.replace(",", "")), "," in s
    else:
        if re.fullmatch(r"-?\d+", s):
            return float(s), False
        if _POLA_RIBUAN_TITIK.match(s):
            # Only dotted thousands in a file without decimals: "589.165" is 589165.
            return float(s.replace(".", "")), True
    return None


def baca_angka(sel: object, desimal: str | None, *, persen_boleh: bool = False) -> HasilAngka:
    """Read one cell. ``desimal`` is ``"koma"``, ``"titik"`` or None (file has no decimals).

    Numbers stored as numbers (XLSX numeric cells) are taken as they are. A trailing ``%`` is
    removed only when ``persen_boleh`` (the value's unit is percent).
    """
    if isinstance(sel, bool):
        return HasilAngka(None, galat=f"'{sel}' bukan angka")
    if isinstance(sel, (int, float)):
        if isinstance(sel, float) and math.isnan(sel):
            return HasilAngka(None, kosong=True)
        if not math.isfinite(float(sel)):
            return HasilAngka(None, galat=f"'{sel}' bukan angka hingga")
        return HasilAngka(float(sel))
    if sel is None:
        return HasilAngka(None, kosong=True)
    mentah = str(sel)
    s = bersihkan(mentah)
    if s.lower() in PENANDA_KOSONG:
        return HasilAngka(None, kosong=True)
    bertanda = bool(_TANDA_CATATAN.search(s))
    s = _TANDA_CATATAN.sub("", s).replace("−", "-")
    persen = s.endswith("%")
    if persen:
        if not persen_boleh:
            return HasilAngka(
                None,
                galat=f"'{mentah.strip()}' memakai tanda %, padahal satuan kolom ini bukan persen",
            )
        s = s.removesuffix("%")
    hasil = _teks_ke_angka(s, desimal)
    if hasil is None:
        return HasilAngka(None, galat=f"'{mentah.strip()}' bukan angka yang dapat dibaca")
    nilai, ribuan = hasil
    konversi = PERSEN if persen else (RIBUAN if ribuan else None)
    return HasilAngka(nilai, bertanda=bertanda, konversi=konversi)


_URAIAN_KONVERSI = {
    RIBUAN: "memakai pemisah ribuan dan dibaca sebagai bilangan utuh",
    PERSEN: "memakai tanda % dan dibaca sebagai persen tanpa tanda itu",
    SEL_PERSEN: "adalah sel berformat persen di Excel dan dibaca sebagai persen (dikali 100)",
}


@dataclass
class Konversi:
    """Counts conversions per kind with one example each, for the import report."""

    jumlah: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    contoh: dict[str, str] = field(default_factory=dict)

    def catat(self, jenis: str | None, mentah: object, nilai: float | None) -> None:
        if jenis is None or nilai is None:
            return
        self.jumlah[jenis] += 1
        angka = format(nilai, ".10g").replace(".", ",")
        self.contoh.setdefault(jenis, f"'{mentah}' dibaca {angka}")

    def info(self, tempat: str) -> list[str]:
        """One Indonesian line per conversion kind, e.g. for :attr:`Kandidat.info`."""
        baris = []
        for jenis, n in self.jumlah.items():
            tambahan = ""
            if jenis == RIBUAN:
                tambahan = "; bila titik/koma itu tanda desimal, tentukan dengan --desimal"
            baris.append(
                f"{tempat}: {n} sel {_URAIAN_KONVERSI[jenis]} (mis. {self.contoh[jenis]})"
                f"{tambahan}."
            )
        return baris
