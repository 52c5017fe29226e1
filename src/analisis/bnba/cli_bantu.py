"""Shared pieces of the ``bnba`` commands: click settings, Indonesian number formatting,
date parsing and the options every run that writes private outputs takes."""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

import click

KONTEKS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def angka(x: object, desimal: int = 0) -> str:
    """Indonesian number: ``12345`` → ``12.345``; ``12.5`` → ``12,5``; NaN → ``–``."""
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(v):
        return "–"
    teks = f"{v:,.{desimal}f}"
    return teks.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def persen(x: object) -> str:
    teks = angka(x, 2)
    return teks if teks == "–" else f"{teks}%"


def tanggal(ctx: click.Context, param: click.Parameter, nilai: str | None) -> date | None:
    if nilai is None:
        return None
    try:
        return datetime.strptime(nilai, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter("gunakan format YYYY-MM-DD, mis. 2025-06-30") from None


OPSI_KUNCI_SAMARAN = click.option(
    "--kunci-samaran",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="BERKAS_GARAM",
    help="Ganti NIK/No KK di daftar RAHASIA dengan kunci samaran (HMAC); garam dibuat bila "
    "belum ada dan harus disimpan di luar folder keluaran.",
)
OPSI_PELAKSANA = click.option(
    "--pelaksana", metavar="NAMA", help="Nama/jabatan pelaksana untuk catatan pemrosesan."
)
OPSI_MASA_SIMPAN = click.option(
    "--masa-simpan",
    type=click.IntRange(1, 3650),
    default=90,
    show_default=True,
    help="Masa simpan keluaran RAHASIA (hari) di catatan retensi.",
)

OPSI_PEMETAAN = click.option(
    "--pemetaan",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML pemetaan kolom (bawaan: params/bnba/pemetaan_kolom.yaml).",
)
OPSI_ATURAN = click.option(
    "--aturan",
    "aturan_yaml",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML aturan (bawaan: params/bnba/aturan.yaml).",
)
OPSI_PRIVASI = click.option(
    "--privasi",
    "privasi_yaml",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML kebijakan privasi (bawaan: params/bnba/privasi.yaml).",
)
