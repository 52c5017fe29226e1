"""Importer for BPS WebAPI responses (dynamic tables), and an optional live fetch.

A response of ``/api/list/model/data`` carries the dimension lists ``vervar`` (regions),
``var`` (variables, with ``unit``), ``turvar`` (breakdowns), ``tahun`` and ``turtahun``
(periods within a year), and ``datacontent``, whose keys are the concatenation
``vervar.val + var.val + turvar.val + tahun.val + turtahun.val``.

Only the total breakdown (``turvar`` "Tidak Ada", "Jumlah", "Perkotaan+Perdesaan" …) is
imported; other breakdowns (Perkotaan, Perdesaan, Laki-laki …) are counted and reported as
skipped. Periods come from ``turtahun`` ("Semester 1 (Maret)" → Maret).

The live fetch uses the same endpoint the ``stadata`` client calls. (``stadata`` itself
pins pandas < 3 and cannot be installed beside this package.) The token is never saved.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import pandas as pd

from analisis.berkas import tulis_atomik
from analisis.data.impor.kenali import faktor_satuan, kenali_indikator, kenali_periode
from analisis.data.katalog import muat_katalog
from analisis.data.penyimpanan import KOLOM_TIDY
from analisis.data.validasi import KOLOM_LOKASI, Kandidat
from analisis.data.wilayah import PencocokWilayah
from analisis.galat import GalatAnalisis, Masalah, nama_berkas

ALAMAT_WEBAPI = "https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/{domain}/var/{var}/key/{token}/"
_TURVAR_TOTAL = re.compile(
    r"^(tidak ada|jumlah|total|perkotaan\s*\+\s*perdesaan|kota\s*\+\s*desa|semua)$", re.IGNORECASE
)


def baca_webapi(
    path: str | Path | None = None,
    *,
    respons: dict | None = None,
    indikator: str | None = None,
    kualitas: str = "A",
    sumber: str | None = None,
) -> Kandidat:
    """Read a WebAPI JSON response (from a file or an already-parsed dict)."""
    berkas = nama_berkas(path) or "respons WebAPI"
    hasil = Kandidat.kosong(berkas)
    if respons is None:
        assert path is not None
        p = Path(path)
        if not p.exists():
            raise GalatAnalisis(f"Berkas tidak ditemukan: {p}", kode_keluar=3)
        try:
            respons = json.loads(p.read_text("utf-8-sig"))
        except json.JSONDecodeError as e:
            hasil.masalah.append(
                Masalah(
                    f"bukan JSON yang sah ({e.msg}).",
                    berkas=berkas,
                    baris=e.lineno,
                    kode="json_rusak",
                )
            )
            return hasil
    if not isinstance(respons, dict):
        hasil.masalah.append(
            Masalah(
                "isi JSON bukan objek respons WebAPI BPS.", berkas=berkas, kode="json_bukan_webapi"
            )
        )
        return hasil
    if respons.get("status") not in (None, "OK"):
        hasil.masalah.append(
            Masalah(
                f"respons WebAPI berstatus '{respons.get('status')}': {respons.get('message', '')}",
                berkas=berkas,
                kode="webapi_status",
            )
        )
        return hasil
    if respons.get("data-availability") in ("list-not-available", "not-available"):
        hasil.masalah.append(
            Masalah(
                "respons WebAPI menyatakan data tidak tersedia.",
                berkas=berkas,
                kode="webapi_kosong",
            )
        )
        return hasil
    kurang = [k for k in ("var", "vervar", "tahun", "datacontent") if k not in respons]
    if kurang:
        hasil.masalah.append(
            Masalah(
                f"kunci wajib respons WebAPI tidak ada: {', '.join(kurang)}.",
                berkas=berkas,
                kode="webapi_kunci_tidak_ada",
            )
        )
        return hasil

    isi: dict = respons["datacontent"] or {}
    turvar = respons.get("turvar") or [{"val": 0, "label": "Tidak Ada"}]
    turtahun = respons.get("turtahun") or [{"val": 0, "label": "Tahun"}]
    katalog = muat_katalog()
    pencocok = PencocokWilayah()
    rekaman: list[dict] = []
    n_lewat_turvar = 0

    # Regions: match the label; fall back to the code; refuse a label/code disagreement.
    wilayah: list[tuple[str, str, str]] = []  # (val, kode, label)
    for v in respons["vervar"]:
        val, label = str(v.get("val")), str(v.get("label", "")).strip()
        lewat_label = pencocok.cocokkan(label).kode
        lewat_kode = val if val in pencocok.wilayah.index else None
        if lewat_label and lewat_kode and lewat_label != lewat_kode:
            hasil.masalah.append(
                Masalah(
                    f"vervar {val} berlabel '{label}', tetapi label itu adalah wilayah {lewat_label}; "
                    "periksa respons.",
                    berkas=berkas,
                    kolom=f"vervar[{val}]",
                    kode="wilayah_tidak_cocok",
                )
            )
            continue
        kode = lewat_label or lewat_kode
        if kode is None:
            saran = pencocok.saran(label)
            tambahan = f" Mungkin maksud Anda: {', '.join(saran)}." if saran else ""
            hasil.masalah.append(
                Masalah(
                    f"wilayah '{label}' (vervar {val}) tidak dikenal.{tambahan}",
                    berkas=berkas,
                    kolom=f"vervar[{val}]",
                    kode="wilayah_tidak_dikenal",
                )
            )
            continue
        wilayah.append((val, kode, label))

    for var in respons["var"]:
        var_val, var_label = str(var.get("val")), str(var.get("label", ""))
        if indikator:
            ind = indikator
        else:
            calon = kenali_indikator(var_label)
            if len(calon) != 1:
                hasil.masalah.append(
                    Masalah(
                        f"indikator variabel {var_val} '{var_label}' tidak dapat dikenali; tentukan dengan --indikator.",
                        berkas=berkas,
                        kolom=f"var[{var_val}]",
                        kode="indikator_tidak_dikenali",
                    )
                )
                continue
            ind = calon[0]
        meta = katalog.get(ind)
        faktor = 1.0
        unit = str(var.get("unit") or "").strip()
        if meta is not None and unit:
            f = faktor_satuan(unit, meta)
            if f is None:
                hasil.masalah.append(
                    Masalah(
                        f"satuan '{unit}' variabel {var_val} tidak cocok untuk {ind}; diharapkan '{meta.satuan}'.",
                        berkas=berkas,
                        kolom=f"var[{var_val}].unit",
                        kode="satuan_tidak_cocok",
                    )
                )
                continue
            faktor = f
            if f != 1.0:
                hasil.info.append(
                    f"{berkas}: satuan '{unit}' dikonversi ke '{meta.satuan}' (dikali {f:g})."
                )
        for tv in turvar:
            tv_val, tv_label = str(tv.get("val")), str(tv.get("label", ""))
            total = tv_val == "0" or bool(_TURVAR_TOTAL.match(tv_label.strip()))
            for th in respons["tahun"]:
                th_val = str(th.get("val"))
                try:
                    tahun = int(str(th.get("label")).strip()[:4])
                except ValueError:
                    hasil.masalah.append(
                        Masalah(
                            f"label tahun '{th.get('label')}' bukan tahun.",
                            berkas=berkas,
                            kolom=f"tahun[{th_val}]",
                            kode="tahun_bukan_angka",
                        )
                    )
                    continue
                for tt in turtahun:
                    tt_val, tt_label = str(tt.get("val")), str(tt.get("label", ""))
                    per = kenali_periode(tt_label) or (meta.periode if meta else "Maret")
                    for val, kode, label in wilayah:
                        kunci = f"{val}{var_val}{tv_val}{th_val}{tt_val}"
                        if kunci not in isi:
                            continue
                        if not total:
                            n_lewat_turvar += 1
                            continue
                        mentah = isi[kunci]
                        try:
                            nilai = float(mentah) * faktor
                        except (TypeError, ValueError):
                            if str(mentah).strip() in ("", "-", "…", "NA"):
                                continue
                            hasil.masalah.append(
                                Masalah(
                                    f"nilai '{mentah}' bukan angka.",
                                    berkas=berkas,
                                    kolom=f"datacontent[{kunci}]",
                                    kode="bukan_angka",
                                )
                            )
                            continue
                        rekaman.append(
                            {
                                "kode_wilayah": kode,
                                "tahun": tahun,
                                "periode": per,
                                "indikator": ind,
                                "nilai": nilai,
                                "satuan": meta.satuan if meta else unit,
                                "sumber": sumber
                                or f"BPS WebAPI var {var_val} ({var_label}), berkas {berkas}",
                                "kualitas": kualitas,
                                "catatan": "",
                                "asal": f"impor:{berkas}",
                                "_berkas": berkas,
                                "_lembar": None,
                                "_baris": None,
                                "_kolom": f"datacontent[{kunci}]",
                            }
                        )
    if n_lewat_turvar:
        hasil.info.append(
            f"{berkas}: {n_lewat_turvar} nilai rincian (turunan variabel selain total, mis. Perkotaan/Perdesaan) dilewati; hanya total yang diimpor."
        )
    if rekaman:
        hasil.tabel = pd.DataFrame(rekaman, columns=KOLOM_TIDY + KOLOM_LOKASI)
    return hasil


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
