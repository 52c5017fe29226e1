"""The parameters of the project's notebooks, checked by the one library call of their first cell.

A notebook's ``parameters`` cell declares its parameters with their defaults; they are exactly
the keyword names of the library function its first cell calls (e.g.
:func:`analisis.evaluasi.evaluasi_dan_simpan`). Papermill puts the values it was given in a
cell of its own right after that cell (tagged ``injected-parameters``, its source starting with
``# Parameters``), and only *warns* about a name the notebook does not declare: a misspelt
``-p kode_wilyah 6471`` would silently produce the report of the default region. So the first
cell checks

- the names papermill injected (:func:`periksa_nama_papermill`): an unknown name is an error
  that names the closest known parameter;
- every value (:func:`kode_kabkota`, :func:`tahun`, :func:`pilihan`, :func:`ya_tidak`,
  :func:`bilangan_bulat`, :func:`berkas`, :func:`folder`): one Indonesian line naming the
  parameter and the offending value.

The errors are :class:`~analisis.galat.GalatAnalisis`; a kernel shows them as that line, with no
traceback (:meth:`~analisis.galat.GalatAnalisis._render_traceback_`).
"""

from __future__ import annotations

import ast
import difflib
import inspect
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from analisis.galat import GalatAnalisis

KODE_KELUAR = 2
"""Exit code of a wrong parameter (README: "penggunaan salah")."""

AWAL_SEL_PAPERMILL = "# Parameters"
"""First line of the cell papermill injects (its Python translator's comment)."""


def _galat(pesan: str) -> GalatAnalisis:
    return GalatAnalisis(pesan, KODE_KELUAR)


# --------------------------------------------------------------------------- names


def _riwayat_masukan() -> list[str]:
    """The sources of the cells this kernel ran, oldest first (empty outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency (ipykernel)
        return []
    shell = get_ipython()
    if shell is None:
        return []
    return [str(s) for s in shell.history_manager.input_hist_raw]


def nama_disuntik_papermill(riwayat: Iterable[str] | None = None) -> list[str]:
    """Names assigned in the latest cell papermill injected into this kernel (in order).

    ``riwayat`` is the kernel's input history (default: the running IPython's). Empty when
    papermill injected nothing (a notebook run from JupyterLab, or outside a kernel).
    """
    sumber = list(_riwayat_masukan() if riwayat is None else riwayat)
    for sel in reversed(sumber):
        if sel.lstrip().splitlines()[:1] != [AWAL_SEL_PAPERMILL]:
            continue
        try:
            pohon = ast.parse(sel)
        except SyntaxError:
            return []
        nama: list[str] = []
        for node in pohon.body:
            if isinstance(node, ast.Assign):
                nama += [t.id for t in node.targets if isinstance(t, ast.Name)]
        return list(dict.fromkeys(nama))
    return []


def nama_parameter(fungsi: Callable[..., Any]) -> list[str]:
    """The notebook's parameters: the keyword names of its first cell's library call."""
    return list(inspect.signature(fungsi).parameters)


def periksa_nama_papermill(
    fungsi: Callable[..., Any], riwayat: Iterable[str] | None = None
) -> None:
    """Refuse a name papermill injected that is not a parameter of the notebook.

    ``fungsi`` is the first cell's library call; its keyword names are the notebook's
    parameters.
    """
    dikenal = nama_parameter(fungsi)
    asing = [n for n in nama_disuntik_papermill(riwayat) if n not in dikenal]
    if not asing:
        return
    bagian = []
    for n in asing:
        mirip = difflib.get_close_matches(n, dikenal, n=1, cutoff=0.6)
        bagian.append(f"'{n}'" + (f" (mungkin maksud Anda '{mirip[0]}')" if mirip else ""))
    raise _galat(
        f"Parameter notebook tidak dikenal: {', '.join(bagian)}. "
        f"Parameter yang dikenal: {', '.join(dikenal)}."
    )


# --------------------------------------------------------------------------- values


def kode_kabkota(nilai: object, nama: str = "kode_wilayah") -> str:
    """A kab/kota BPS code as text (``6303``), else one line naming the parameter."""
    from analisis.data.wilayah import muat_wilayah

    kode = str(nilai).strip()
    w = muat_wilayah()
    if isinstance(nilai, bool) or kode not in w.index:
        raise _galat(
            f"Parameter {nama}: wilayah '{kode}' tidak dikenal; gunakan kode BPS 4 digit "
            "kabupaten/kota (mis. 6303)."
        )
    if w.at[kode, "tingkat"] not in ("kabupaten", "kota"):
        raise _galat(
            f"Parameter {nama}: '{kode}' ({w.at[kode, 'wilayah']}) bukan kabupaten/kota; "
            "gunakan kode BPS 4 digit kabupaten/kota (mis. 6303)."
        )
    return kode


def kode_provinsi(nilai: object, nama: str = "kode_provinsi") -> str:
    """A province code normalised to ``XX00``, else one line naming the parameter."""
    from analisis.data.wilayah import kode_provinsi_baku

    try:
        return kode_provinsi_baku(nilai)
    except GalatAnalisis as e:
        raise _galat(f"Parameter {nama}: {e.pesan}") from None


def tahun(nilai: object, nama: str = "tahun") -> int:
    """A year (``2024`` or ``"2024"``), else one line naming the parameter."""
    teks = str(nilai).strip()
    if isinstance(nilai, bool) or not teks.isdigit():
        raise _galat(f"Parameter {nama}: '{nilai}' bukan tahun (mis. 2024).")
    th = int(teks)
    if not 2000 <= th <= 2100:
        raise _galat(f"Parameter {nama}: tahun {th} tidak masuk akal (mis. 2024).")
    return th


def pilihan(nilai: object, nama: str, daftar: Iterable[str]) -> str | None:
    """``None`` or one of ``daftar``."""
    daftar = list(daftar)
    if nilai is None or nilai in daftar:
        return None if nilai is None else str(nilai)
    raise _galat(
        f"Parameter {nama}: '{nilai}' tidak dikenal; pilih {' atau '.join(daftar)} "
        "(atau None untuk bawaan)."
    )


def ya_tidak(nilai: object, nama: str) -> bool:
    """A boolean written as ``True``/``False``."""
    if isinstance(nilai, bool):
        return nilai
    raise _galat(f"Parameter {nama}: harus True atau False, bukan '{nilai}'.")


def bilangan_bulat(nilai: object, nama: str, minimal: int = 0) -> int | None:
    """``None`` or a whole number ≥ ``minimal``."""
    if nilai is None:
        return None
    teks = str(nilai).strip()
    if isinstance(nilai, int) and not isinstance(nilai, bool):
        n = nilai
    elif isinstance(nilai, float) and nilai.is_integer():
        n = int(nilai)
    elif isinstance(nilai, str) and teks.lstrip("-").isdigit():
        n = int(teks)
    else:
        raise _galat(f"Parameter {nama}: '{nilai}' bukan bilangan bulat.")
    if n < minimal:
        raise _galat(f"Parameter {nama}: harus paling sedikit {minimal}, bukan {n}.")
    return n


def _jalur(nilai: object, nama: str) -> Path:
    if not isinstance(nilai, (str, Path)) or not str(nilai).strip():
        raise _galat(f"Parameter {nama}: '{nilai}' bukan jalur berkas atau folder.")
    return Path(str(nilai).strip()).expanduser()


def berkas(nilai: object, nama: str) -> Path | None:
    """``None`` or an existing file (a relative path is relative to the kernel's folder)."""
    if nilai is None:
        return None
    p = _jalur(nilai, nama)
    if not p.is_file():
        raise _galat(
            f"Parameter {nama}: berkas '{nilai}' tidak ditemukan"
            + ("" if p.is_absolute() else f" (dicari dari folder kerja {Path.cwd().name}/)")
            + "."
        )
    return p


def folder(nilai: object, nama: str, *, harus_ada: bool = False) -> Path | None:
    """``None`` or a folder (``harus_ada``: it must exist; a file is always refused)."""
    if nilai is None:
        return None
    p = _jalur(nilai, nama)
    if p.exists() and not p.is_dir():
        raise _galat(f"Parameter {nama}: '{nilai}' adalah berkas, bukan folder.")
    if harus_ada and not p.is_dir():
        raise _galat(f"Parameter {nama}: folder '{nilai}' tidak ditemukan.")
    return p
