"""Importer for BPS WebAPI responses (dynamic tables), and an optional live fetch.

A response of ``/api/list/model/data`` carries the dimension lists ``vervar`` (regions),
``var`` (variables, with ``unit``), ``turvar`` (breakdowns), ``tahun`` and ``turtahun``
(periods within a year), and ``datacontent``, whose keys are the concatenation
``vervar.val + var.val + turvar.val + tahun.val + turtahun.val``.

Only the total breakdown (``turvar`` "Tidak Ada", "Jumlah", "Perkotaan+Perdesaan" …) is
imported; other breakdowns (Perkotaan, Perdesaan, Laki-laki …) are counted and reported as
skipped. Periods come from ``turtahun`` ("Semester 1 (Maret)" → Maret).

The response is checked before use: the shape of ``vervar``/``var``/``tahun``/``turvar``/
``turtahun``/``datacontent`` (a wrong nesting names the key path), and every value must be a
JSON number: ``true``/``false``, nested objects and non-numeric text are refused naming the
key; numeric text (``"2.36"``) is read and reported; ``null``, ``""``, ``"-"`` mean no data.

The live fetch uses the same endpoint the ``stadata`` client calls. (``stadata`` itself
pins pandas < 3 and cannot be installed beside this package.) The token is never saved.
"""

from __future__ import annotations

import json
import math
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError

from analisis.berkas import tulis_atomik
from analisis.data.impor.kenali import faktor_satuan, kenali_indikator, kenali_periode
from analisis.data.katalog import Indikator, muat_katalog
from analisis.data.penyimpanan import KOLOM_TIDY
from analisis.data.validasi import KOLOM_LOKASI, Kandidat
from analisis.data.wilayah import PencocokWilayah
from analisis.galat import GalatAnalisis, Masalah, masalah_dari_pydantic, nama_berkas
from analisis.lembar import baca_json

ALAMAT_WEBAPI = "https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/{domain}/var/{var}/key/{token}/"
TURVAR_TOTAL = re.compile(
    r"^(tidak ada|jumlah|total|perkotaan\s*\+\s*perdesaan|kota\s*\+\s*desa|semua)$", re.IGNORECASE
)
_TANPA_DATA = ("", "-", "…", "NA")
_ANGKA_TEKS = re.compile(r"^-?\d+(\.\d+)?$")


class _Item(BaseModel):
    """One entry of a dimension list (``vervar``, ``tahun``, ``turvar``, ``turtahun``)."""

    model_config = ConfigDict(extra="allow")
    val: StrictInt | StrictStr
    label: StrictStr | StrictInt = ""


class _Var(_Item):
    unit: StrictStr | None = None


class ResponsWebapi(BaseModel):
    """The parts of a WebAPI response the importer reads (other keys are ignored)."""

    model_config = ConfigDict(extra="allow")
    var: list[_Var]
    vervar: list[_Item]
    tahun: list[_Item]
    turvar: list[_Item] | None = None
    turtahun: list[_Item] | None = None
    datacontent: dict[StrictStr, Any] | None = None


@dataclass
class _Baca:
    """State of one response being read."""

    berkas: str
    sumber: str | None
    kualitas: str
    hasil: Kandidat
    rekaman: list[dict] = field(default_factory=list)
    n_rinci: int = 0
    n_teks: int = 0
    n_lain: int = 0
    contoh_teks: str = ""

    def galat(self, pesan: str, kolom: str | None, kode: str, token: str | None = None) -> None:
        self.hasil.masalah.append(
            Masalah(pesan, berkas=self.berkas, kolom=kolom, kode=kode, token=token)
        )


def _periksa_awal(respons: object, b: _Baca) -> ResponsWebapi | None:
    """Status, availability, required keys and shape; problems recorded, None when unusable."""
    if not isinstance(respons, dict):
        b.galat("isi JSON bukan objek respons WebAPI BPS.", None, "json_bukan_webapi")
        return None
    if respons.get("status") not in (None, "OK"):
        b.galat(
            f"respons WebAPI berstatus '{respons.get('status')}': {respons.get('message', '')}",
            None,
            "webapi_status",
        )
        return None
    if respons.get("data-availability") in ("list-not-available", "not-available"):
        b.galat("respons WebAPI menyatakan data tidak tersedia.", None, "webapi_kosong")
        return None
    kurang = [k for k in ("var", "vervar", "tahun", "datacontent") if k not in respons]
    if kurang:
        b.galat(
            f"kunci wajib respons WebAPI tidak ada: {', '.join(kurang)}.",
            None,
            "webapi_kunci_tidak_ada",
        )
        return None
    try:
        return ResponsWebapi.model_validate(respons)
    except ValidationError as e:
        _galat_struktur(e, b)
        return None


def _galat_struktur(e: ValidationError, b: _Baca) -> None:
    """One problem per key path (a union field gives pydantic one error per member)."""
    terlihat: set[str | None] = set()
    for m in masalah_dari_pydantic(e, berkas=b.berkas, kode="webapi_struktur"):
        kolom = re.sub(r"\.(int|str|float|bool)$", "", m.kolom or "") or None
        if kolom in terlihat:
            continue
        terlihat.add(kolom)
        pesan = m.pesan
        if pesan.startswith(("harus berupa bilangan bulat", "harus berupa teks")):
            pesan = (
                "harus berupa angka atau teks" + pesan.partition(",")[1] + pesan.partition(",")[2]
            )
        b.galat(f"struktur respons WebAPI tidak sesuai: {pesan}", kolom, "webapi_struktur")


def _wilayah(r: ResponsWebapi, b: _Baca, pencocok: PencocokWilayah) -> list[tuple[str, str]]:
    """(val, BPS code) of every region; label/code disagreements and unknowns reported."""
    hasil: list[tuple[str, str]] = []
    for v in r.vervar:
        val, label = str(v.val), str(v.label).strip()
        lewat_label = pencocok.cocokkan(label).kode
        lewat_kode = val if val in pencocok.wilayah.index else None
        if lewat_label and lewat_kode and lewat_label != lewat_kode:
            b.galat(
                f"vervar {val} berlabel '{label}', tetapi label itu adalah wilayah {lewat_label}; "
                "periksa respons.",
                f"vervar[{val}]",
                "wilayah_tidak_cocok",
                label,
            )
            continue
        kode = lewat_label or lewat_kode
        if kode is None:
            saran = pencocok.saran(label)
            tambahan = f" Mungkin maksud Anda: {', '.join(saran)}." if saran else ""
            b.galat(
                f"wilayah '{label}' (vervar {val}) tidak dikenal.{tambahan}",
                f"vervar[{val}]",
                "wilayah_tidak_dikenal",
                label,
            )
            continue
        hasil.append((val, kode))
    return hasil


@dataclass(frozen=True)
class _Variabel:
    val: str
    label: str
    indikator: str
    meta: Indikator | None
    faktor: float
    unit: str


def _variabel(var: _Var, indikator: str | None, b: _Baca) -> _Variabel | None:
    val, label = str(var.val), str(var.label)
    ind = indikator
    if not ind:
        calon = kenali_indikator(label)
        if len(calon) != 1:
            b.galat(
                f"indikator variabel {val} '{label}' tidak dapat dikenali; tentukan dengan "
                "--indikator.",
                f"var[{val}]",
                "indikator_tidak_dikenali",
                label,
            )
            return None
        ind = calon[0]
    meta = muat_katalog().get(ind)
    unit = (var.unit or "").strip()
    faktor = 1.0
    if meta is not None and unit:
        f = faktor_satuan(unit, meta)
        if f is None:
            b.galat(
                f"satuan '{unit}' variabel {val} tidak cocok untuk {ind}; diharapkan "
                f"'{meta.satuan}'.",
                f"var[{val}].unit",
                "satuan_tidak_cocok",
                unit,
            )
            return None
        faktor = f
        if f != 1.0:
            b.hasil.info.append(
                f"{b.berkas}: satuan '{unit}' dikonversi ke '{meta.satuan}' (dikali {f:g})."
            )
    return _Variabel(val, label, ind, meta, faktor, unit)


def _tahun(th: _Item, b: _Baca) -> int | None:
    from analisis.data.impor.kepala_bps import baca_tahun

    t = baca_tahun(str(th.label).strip())
    if t is None:
        b.galat(
            f"label tahun '{th.label}' bukan tahun.",
            f"tahun[{th.val}]",
            "tahun_bukan_angka",
            str(th.label),
        )
        return None
    return t.tahun


def _nilai(mentah: Any, kunci: str, b: _Baca) -> float | None:
    """A datacontent value as a number; None for no data or a reported problem."""
    kolom = f"datacontent[{kunci}]"
    if mentah is None or (isinstance(mentah, str) and mentah.strip() in _TANPA_DATA):
        return None
    if isinstance(mentah, bool):
        return None  # reported by _periksa_nilai
    if isinstance(mentah, (dict, list)):
        b.galat("nilai bersarang (objek/daftar), bukan angka.", kolom, "bukan_angka")
        return None
    if isinstance(mentah, (int, float)):
        if not math.isfinite(float(mentah)):
            b.galat(f"nilai {mentah} bukan angka hingga.", kolom, "bukan_angka", str(mentah))
            return None
        return float(mentah)
    teks = str(mentah).strip()
    if _ANGKA_TEKS.match(teks):
        b.n_teks += 1
        b.contoh_teks = b.contoh_teks or teks
        return float(teks)
    b.galat(
        f"nilai '{mentah}' bukan angka; WebAPI menulis angka tanpa tanda kutip, mis. 2.36.",
        kolom,
        "bukan_angka",
        teks,
    )
    return None


def _periksa_nilai(isi: dict[str, Any], b: _Baca) -> None:
    """Booleans and nested values anywhere in datacontent (pydantic already typed the rest)."""
    for kunci, mentah in isi.items():
        if isinstance(mentah, bool):
            b.galat(
                f"nilai {str(mentah).lower()} (logika) bukan angka.",
                f"datacontent[{kunci}]",
                "bukan_angka",
                str(mentah).lower(),
            )


def _rekam(
    b: _Baca, var: _Variabel, kode: str, tahun: int, per: str, kunci: str, nilai: float
) -> None:
    b.rekaman.append(
        {
            "kode_wilayah": kode,
            "tahun": tahun,
            "periode": per,
            "indikator": var.indikator,
            "nilai": nilai * var.faktor,
            "satuan": var.meta.satuan if var.meta else var.unit,
            "sumber": b.sumber or f"BPS WebAPI var {var.val} ({var.label}), berkas {b.berkas}",
            "kualitas": b.kualitas,
            "catatan": "",
            "asal": f"impor:{b.berkas}",
            "_berkas": b.berkas,
            "_lembar": None,
            "_baris": None,
            "_kolom": f"datacontent[{kunci}]",
        }
    )


def _isi(r: ResponsWebapi, b: _Baca, indikator: str | None, pencocok: PencocokWilayah) -> None:
    isi: dict[str, Any] = dict(r.datacontent or {})
    dibaca: set[str] = set()
    turvar = r.turvar or [_Item(val=0, label="Tidak Ada")]
    turtahun = r.turtahun or [_Item(val=0, label="Tahun")]
    wilayah = _wilayah(r, b, pencocok)
    tahun = [(str(th.val), t) for th in r.tahun if (t := _tahun(th, b)) is not None]
    for v in r.var:
        var = _variabel(v, indikator, b)
        if var is None:
            continue
        for tv in turvar:
            total = str(tv.val) == "0" or bool(TURVAR_TOTAL.match(str(tv.label).strip()))
            for th_val, th in tahun:
                for tt in turtahun:
                    per = kenali_periode(str(tt.label)) or (
                        var.meta.periode if var.meta else "Maret"
                    )
                    for val, kode in wilayah:
                        kunci = f"{val}{var.val}{tv.val}{th_val}{tt.val}"
                        if kunci not in isi:
                            continue
                        dibaca.add(kunci)
                        if not total:
                            b.n_rinci += 1
                            continue
                        nilai = _nilai(isi[kunci], kunci, b)
                        if nilai is not None:
                            _rekam(b, var, kode, th, per, kunci, nilai)
    b.n_lain = len(set(isi) - dibaca)


def baca_webapi(
    path: str | Path | None = None,
    *,
    respons: dict | None = None,
    indikator: str | None = None,
    kualitas: str = "A",
    sumber: str | None = None,
) -> Kandidat:
    """Read a WebAPI JSON response (from a file or an already-parsed dict).

    A file that is not readable JSON raises :class:`~analisis.lembar.GalatBerkas`; every other
    problem is collected in the result.
    """
    berkas = nama_berkas(path) or "respons WebAPI"
    b = _Baca(berkas, sumber, kualitas, Kandidat.kosong(berkas))
    if respons is None:
        if path is None:
            raise GalatAnalisis("Tidak ada respons WebAPI yang dibaca.", kode_keluar=2)
        mentah = baca_json(path, berkas)
    else:
        mentah = respons
    if isinstance(mentah, dict) and isinstance(mentah.get("datacontent"), dict):
        _periksa_nilai(mentah["datacontent"], b)
    r = _periksa_awal(mentah, b)
    if r is None:
        return b.hasil
    _isi(r, b, indikator, PencocokWilayah())
    if b.n_rinci:
        b.hasil.info.append(
            f"{berkas}: {b.n_rinci} nilai rincian (turunan variabel selain total, mis. "
            "Perkotaan/Perdesaan) dilewati; hanya total yang diimpor."
        )
    if b.n_lain:
        b.hasil.info.append(
            f"{berkas}: {b.n_lain} kunci datacontent tidak cocok dengan wilayah, variabel atau "
            "tahun respons (atau wilayahnya tidak dikenal) dan dilewati."
        )
    if b.n_teks:
        b.hasil.info.append(
            f"{berkas}: {b.n_teks} nilai ditulis sebagai teks dan dibaca sebagai angka "
            f'(mis. "{b.contoh_teks}").'
        )
    if b.rekaman:
        b.hasil.tabel = pd.DataFrame(b.rekaman, columns=KOLOM_TIDY + KOLOM_LOKASI)
    return b.hasil


def _unduh_json(alamat: str, batas_waktu: float = 60) -> dict:
    """GET a URL and parse JSON (the single network call; replaced in tests)."""
    permintaan = urllib.request.Request(alamat, headers={"User-Agent": "analisis"})
    with urllib.request.urlopen(permintaan, timeout=batas_waktu) as r:
        return json.loads(r.read().decode("utf-8"))


def ambil_webapi(domain: str, var: str, token: str, folder: Path, th: str | None = None) -> Path:
    """Fetch one dynamic table and save the raw response (without the token) into ``folder``.

    Returns the saved file; import it with :func:`baca_webapi`.
    """
    if not token:
        raise GalatAnalisis(
            "Token WebAPI BPS belum diberikan: isi --token atau variabel lingkungan BPS_TOKEN "
            "(daftar di webapi.bps.go.id).",
            kode_keluar=2,
        )
    alamat = ALAMAT_WEBAPI.format(
        domain=urllib.parse.quote(str(domain)),
        var=urllib.parse.quote(str(var)),
        token=urllib.parse.quote(token),
    )
    if th:
        alamat = alamat.replace("/key/", f"/th/{urllib.parse.quote(str(th))}/key/")
    try:
        respons = _unduh_json(alamat)
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise GalatAnalisis(
            f"Gagal mengambil data dari WebAPI BPS: {getattr(e, 'reason', e)}", kode_keluar=3
        ) from e
    except json.JSONDecodeError as e:
        raise GalatAnalisis(f"Respons WebAPI BPS bukan JSON: {e.msg}", kode_keluar=3) from e
    if respons.get("status") != "OK":
        raise GalatAnalisis(
            f"WebAPI BPS menolak permintaan: {respons.get('message', respons.get('status'))}",
            kode_keluar=3,
        )
    waktu = datetime.now().strftime("%Y%m%dT%H%M%S")
    tujuan = Path(folder) / f"webapi_{domain}_{var}{'_' + th if th else ''}_{waktu}.json"
    with tulis_atomik(tujuan, "w") as f:
        json.dump(respons, f, ensure_ascii=False, indent=1)
    return tujuan
