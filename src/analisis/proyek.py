"""The project configuration: where the project, its params, notebooks, reports and store are.

One object, :class:`Proyek`, resolves every folder once and is then passed explicitly (to the
runner's workers, to the notebooks as parameters, to the ranking and the app). Each folder is
resolved in this order:

==============  ==========================  ==========================  ==========================
folder          1. explicit (CLI option)    2. environment variable     3. default
==============  ==========================  ==========================  ==========================
``akar``        ``akar=``                   –                           the nearest folder upward
                                                                        from the working folder
                                                                        holding ``notebooks/`` and
                                                                        ``params/``; else the
                                                                        source checkout of the
                                                                        installed package
``params``      ``--params``                ``ANALISIS_PARAMS``         ``<akar>/params``
``laporan``     ``--keluaran``/``--laporan``  ``ANALISIS_LAPORAN``      ``<akar>/reports``
``penyimpanan`` ``--penyimpanan``           ``ANALISIS_PENYIMPANAN``    the platform's user-data
                                                                        folder (``platformdirs``)
==============  ==========================  ==========================  ==========================

Every default is resolved against the project root, never the working folder, so a notebook
started by JupyterLab in ``notebooks/`` writes where ``analisis jalankan`` writes.

Configuration files (``*.yaml``) are found by one rule (:meth:`Proyek.berkas_konfigurasi`):
``<params>/<name>``, else the project's own ``<akar>/params/<name>`` (so a custom params folder
only needs the files it changes). The defaults exist once, in the project's ``params/``; the
package keeps no copies. Path-valued keys inside them are resolved against the params folder
and refused when they leave it (:meth:`Proyek.jalur_params`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analisis.galat import GalatAnalisis

if TYPE_CHECKING:
    from analisis.tata_letak import TataLetak

ENV_PARAMS = "ANALISIS_PARAMS"
ENV_LAPORAN = "ANALISIS_LAPORAN"
ENV_PENYIMPANAN = "ANALISIS_PENYIMPANAN"

NAMA_LAPORAN = "reports"
NAMA_PARAMS = "params"
NAMA_NOTEBOOKS = "notebooks"
NAMA_SINTETIS = "sintetis"


def _ciri_akar(folder: Path) -> bool:
    return (folder / NAMA_NOTEBOOKS).is_dir() and (folder / NAMA_PARAMS).is_dir()


def cari_akar(mulai: Path | None = None) -> Path:
    """The project root: upward from ``mulai`` (the working folder), else the package checkout."""
    awal = (mulai or Path.cwd()).resolve()
    for calon in (awal, *awal.parents):
        if _ciri_akar(calon):
            return calon
    sumber = Path(__file__).resolve().parents[2]  # <akar>/src/analisis/proyek.py
    if _ciri_akar(sumber):
        return sumber
    raise GalatAnalisis(
        "Folder proyek analisis tidak ditemukan (folder dengan 'notebooks/' dan 'params/'). "
        "Jalankan perintah dari dalam folder proyek.",
        kode_keluar=3,
    )


def folder_penyimpanan_bawaan() -> Path:
    """``$ANALISIS_PENYIMPANAN`` or the platform user-data folder."""
    env = os.environ.get(ENV_PENYIMPANAN)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("analisis", appauthor=False))


def _dari(eksplisit: str | os.PathLike[str] | None, env: str, bawaan: Path) -> Path:
    if eksplisit is not None and str(eksplisit) != "":
        return Path(eksplisit).expanduser().resolve()
    nilai = os.environ.get(env)
    if nilai:
        return Path(nilai).expanduser().resolve()
    return bawaan.resolve()


@dataclass(frozen=True)
class Proyek:
    """The folders of one analisis project (absolute paths; picklable; see the module doc)."""

    akar: Path
    params: Path
    laporan: Path
    penyimpanan: Path = field(default_factory=folder_penyimpanan_bawaan)

    @classmethod
    def muat(
        cls,
        *,
        akar: str | os.PathLike[str] | None = None,
        params: str | os.PathLike[str] | None = None,
        laporan: str | os.PathLike[str] | None = None,
        penyimpanan: str | os.PathLike[str] | None = None,
    ) -> Proyek:
        """Resolve the project (explicit values, then environment variables, then defaults)."""
        a = Path(akar).expanduser().resolve() if akar else cari_akar()
        return cls(
            akar=a,
            params=_dari(params, ENV_PARAMS, a / NAMA_PARAMS),
            laporan=_dari(laporan, ENV_LAPORAN, a / NAMA_LAPORAN),
            penyimpanan=_dari(penyimpanan, ENV_PENYIMPANAN, folder_penyimpanan_bawaan()),
        )

    def dengan(self, **ubah: str | os.PathLike[str] | None) -> Proyek:
        """A copy with some folders replaced (``None`` values are ignored)."""
        baru = {k: Path(v).expanduser().resolve() for k, v in ubah.items() if v is not None}
        return Proyek(**{**self.__dict__, **baru})

    # -- folders and files of the project ----------------------------------------------------

    @property
    def notebooks(self) -> Path:
        return self.akar / NAMA_NOTEBOOKS

    def notebook(self, nama: str) -> Path:
        """``notebooks/<nama>.ipynb`` (clear error when absent)."""
        p = self.notebooks / f"{nama}.ipynb"
        if not p.is_file():
            raise GalatAnalisis(
                f"Notebook tidak ditemukan: {self.relatif(p)} (folder proyek {self.akar}).", 3
            )
        return p

    @property
    def folder_sintetis(self) -> Path:
        """``<akar>/sintetis/``: synthetic inputs generated from a seed for the demo (cached,
        git-ignored, outside the reports tree so nothing there is ever published)."""
        return self.akar / NAMA_SINTETIS

    @property
    def tata_letak(self) -> TataLetak:
        """The reports layout of this project's reports folder."""
        from analisis.tata_letak import TataLetak

        return TataLetak(self.laporan)

    @property
    def uv_lock(self) -> Path:
        return self.akar / "uv.lock"

    def relatif(self, p: str | os.PathLike[str]) -> str:
        """A path relative to the project root (POSIX), else its name: no absolute paths
        (user or host names) in anything published."""
        try:
            return Path(p).resolve().relative_to(self.akar).as_posix() or "."
        except ValueError:
            return Path(p).name

    # -- configuration files -------------------------------------------------------------------

    def berkas_konfigurasi(self, nama: str) -> Path:
        """The config file ``nama`` (e.g. ``anggaran/klaster.yaml``): ``<params>/<nama>``, else
        the project's default ``<akar>/params/<nama>``."""
        for folder in dict.fromkeys((self.params, self.akar / NAMA_PARAMS)):
            if (folder / nama).is_file():
                return folder / nama
        raise GalatAnalisis(
            f"Berkas konfigurasi '{nama}' tidak ditemukan di {self.params} "
            f"(juga tidak di {self.akar / NAMA_PARAMS}).",
            3,
        )

    def berkas_params_provinsi(self, kode_provinsi: str) -> Path:
        """``params/provinsi/<XX00>_*.yaml`` of a province."""
        from analisis.data.wilayah import kode_provinsi_baku

        kp = kode_provinsi_baku(kode_provinsi)
        folder = self.params / "provinsi"
        calon = sorted(folder.glob(f"{kp}_*.yaml"))
        if not calon:
            raise GalatAnalisis(
                f"Berkas parameter provinsi {kp} tidak ditemukan di {self.relatif(folder)} "
                f"(diharapkan {kp}_<nama>.yaml).",
                kode_keluar=3,
            )
        return calon[0]

    def jalur_params(self, nilai: str, kunci: str, berkas: str | None = None) -> Path:
        """A path-valued config key, resolved against the params folder.

        Absolute paths and paths that leave the params folder (``../``) are refused with the
        key and the token. The check is lexical, so a symbolic link the user placed inside
        ``params/`` (e.g. to private BNBA extracts) is allowed.
        """
        from analisis.galat import GalatValidasi, Masalah

        teks = str(nilai).strip()
        p = Path(teks)
        if not teks or p.is_absolute() or p.drive:
            alasan = "kosong" if not teks else "jalur mutlak tidak diizinkan"
        else:
            gabung = Path(os.path.normpath(self.params / p))
            try:
                gabung.relative_to(self.params)
                return gabung
            except ValueError:
                alasan = "jalur keluar dari folder params"
        raise GalatValidasi(
            f"Jalur di {berkas or 'berkas parameter'} tidak sah.",
            masalah=[
                Masalah(
                    f"{alasan}: '{teks}'. Jalur berkas ditulis relatif terhadap folder params "
                    "(mis. 'peringkat/evaluator_6300_2024.csv') dan harus berada di dalamnya.",
                    berkas=berkas,
                    kolom=kunci,
                    kode="jalur_tidak_sah",
                )
            ],
        )


def proyek_aktif() -> Proyek:
    """The project of the running command line (``analisis --folder-params … <perintah>``: the
    one the top-level command put in the click context), else :meth:`Proyek.muat`'s. Every
    subcommand that reads configuration takes it from here."""
    import click

    ctx = click.get_current_context(silent=True)
    proyek = ctx.find_object(Proyek) if ctx is not None else None
    return proyek or Proyek.muat()
