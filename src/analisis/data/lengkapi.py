"""``analisis data lengkapi``: fill a province's data gaps from BPS in one command.

1. :func:`celah_provinsi` lists every missing cell the evaluation uses: the province's
   kab/kota, the province and Indonesia (its references) × the years × the evaluation's series
   (``indikator_tren`` of the province parameter file: P0, jumlah penduduk miskin, P1, P2,
   garis kemiskinan), each with the BPS table that holds it (:mod:`analisis.data.tabel_bps`).
2. With a WebAPI token, :func:`ambil_semua` requests each table-year that has a gap, once
   (:func:`rencana_permintaan`), at most one request per :data:`JEDA_BAWAAN` seconds
   (:class:`PembatasLaju`), and saves every response as it arrives
   (``<penyimpanan>/unduhan/bps/webapi_<domain>_<var>_<th>.json``, without the token). A run
   stopped halfway (network, Ctrl-C) resumes: saved responses are not requested again.
3. :func:`kandidat_respons` narrows each response to the province's regions (a national table
   holds all of Indonesia) and reads it with the WebAPI importer; the import then goes
   through the same validation, change and conflict rules as ``analisis data impor``.

The network is one function, :func:`unduh_json` (replaced in tests by recorded responses).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from analisis.berkas import tulis_teks_atomik
from analisis.data.celah import SelKosong, sel_kosong
from analisis.data.model import Basisdata
from analisis.data.tabel_bps import KODE_NASIONAL, TabelBps, tabel_untuk, th_webapi
from analisis.data.validasi import Kandidat
from analisis.data.wilayah import kode_provinsi_baku, wilayah_provinsi
from analisis.galat import GalatAnalisis

JEDA_BAWAAN = 1.0
"""Seconds between two WebAPI requests (BPS asks clients not to flood the service)."""
FOLDER_UNDUHAN = Path("unduhan") / "bps"
"""Where responses are saved, inside the import store folder."""
BATAS_WAKTU = 60.0
"""Seconds to wait for one WebAPI response."""
KODE_INDONESIA_WEBAPI = "9999"
"""Indonesia's row in the WebAPI tables by province."""


def wilayah_lengkapi(provinsi: str) -> list[str]:
    """The regions an evaluation in ``provinsi`` uses: itself, its kab/kota and Indonesia."""
    kp = kode_provinsi_baku(provinsi)
    return [kp, *wilayah_provinsi(kp), KODE_NASIONAL]


def celah_provinsi(
    basis: Basisdata, provinsi: str, tahun: Iterable[int], indikator: Iterable[str]
) -> list[SelKosong]:
    """Every missing cell of the province's regions × ``tahun`` × ``indikator``."""
    return sel_kosong(basis, wilayah_lengkapi(provinsi), tahun, indikator)


# --------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class Permintaan:
    """One WebAPI request: one table, one year."""

    tabel: TabelBps
    tahun: int

    @property
    def nama_berkas(self) -> str:
        return f"webapi_{self.tabel.domain}_{self.tabel.var}_{th_webapi(self.tahun)}.json"


def rencana_permintaan(celah: Iterable[SelKosong]) -> tuple[list[Permintaan], list[SelKosong]]:
    """The table-years to request for ``celah`` (each once), and the cells no known table
    holds (download by hand)."""
    permintaan: dict[tuple[int, int], Permintaan] = {}
    tanpa_tabel = []
    for s in celah:
        tabel = tabel_untuk(s.kode_wilayah, s.indikator)
        if tabel is None:
            tanpa_tabel.append(s)
            continue
        permintaan.setdefault((tabel.var, s.tahun), Permintaan(tabel, s.tahun))
    return sorted(permintaan.values(), key=lambda p: (p.tahun, p.tabel.var)), tanpa_tabel


class PembatasLaju:
    """At most one request per ``jeda`` seconds (``jam``/``tidur`` replaceable in tests)."""

    def __init__(
        self,
        jeda: float = JEDA_BAWAAN,
        jam: Callable[[], float] = time.monotonic,
        tidur: Callable[[float], None] = time.sleep,
    ) -> None:
        self.jeda, self._jam, self._tidur = jeda, jam, tidur
        self._terakhir: float | None = None

    def tunggu(self) -> None:
        """Wait until the next request is allowed, then mark it sent."""
        if self._terakhir is not None:
            sisa = self.jeda - (self._jam() - self._terakhir)
            if sisa > 0:
                self._tidur(sisa)
        self._terakhir = self._jam()


def unduh_json(alamat: str, batas_waktu: float = BATAS_WAKTU) -> dict:
    """GET one WebAPI URL and parse its JSON (the only network call)."""
    permintaan = urllib.request.Request(alamat, headers={"User-Agent": "analisis"})
    with urllib.request.urlopen(permintaan, timeout=batas_waktu) as r:
        return json.loads(r.read().decode("utf-8"))


def _tersimpan(berkas: Path) -> bool:
    """A saved response that answered with data (reused when resuming)."""
    try:
        respons = json.loads(berkas.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return respons.get("status") == "OK" and respons.get("data-availability") == "available"


@dataclass
class HasilAmbil:
    """What :func:`ambil_semua` did."""

    berkas: list[Path] = field(default_factory=list)
    """Every response file of the plan (fetched now or earlier)."""
    diambil: int = 0
    dari_simpanan: int = 0


def ambil_semua(
    permintaan: list[Permintaan],
    token: str,
    folder: Path,
    *,
    pembatas: PembatasLaju | None = None,
    progres: Callable[[Permintaan], None] | None = None,
) -> HasilAmbil:
    """Fetch and save every planned response not saved before (see the module doc).

    A network failure or a refusal stops with one Indonesian line (exit code 3) saying how
    many responses are saved; running again continues from there.
    """
    pembatas = pembatas or PembatasLaju()
    hasil = HasilAmbil()
    for i, p in enumerate(permintaan):
        berkas = folder / p.nama_berkas
        if _tersimpan(berkas):
            hasil.dari_simpanan += 1
        else:
            pembatas.tunggu()
            respons = _minta(p, token, tersimpan=i, jumlah=len(permintaan))
            tulis_teks_atomik(berkas, json.dumps(respons, ensure_ascii=False, indent=1))
            hasil.diambil += 1
        hasil.berkas.append(berkas)
        if progres:
            progres(p)
    return hasil


def _minta(p: Permintaan, token: str, *, tersimpan: int, jumlah: int) -> dict:
    lanjut = (
        f"{tersimpan} dari {jumlah} respons sudah tersimpan; jalankan perintah yang sama lagi "
        "untuk melanjutkan. Sel kosong di atas tetap dapat diunduh manual dari tabel BPS-nya."
    )
    try:
        respons = unduh_json(p.tabel.alamat_webapi(p.tahun, token))
    except urllib.error.HTTPError as e:
        raise GalatAnalisis(
            f"WebAPI BPS menjawab HTTP {e.code} untuk var {p.tabel.var} tahun {p.tahun}; {lanjut}",
            3,
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        alasan = str(getattr(e, "reason", e)).replace(token, "***") if token else str(e)
        raise GalatAnalisis(f"Tidak dapat menghubungi WebAPI BPS ({alasan}); {lanjut}", 3) from None
    except ValueError:
        raise GalatAnalisis(
            f"Respons WebAPI BPS untuk var {p.tabel.var} tahun {p.tahun} bukan JSON; {lanjut}", 3
        ) from None
    if not isinstance(respons, dict) or respons.get("status") != "OK":
        pesan = respons.get("message", respons.get("status")) if isinstance(respons, dict) else ""
        raise GalatAnalisis(f"WebAPI BPS menolak permintaan ({pesan}); {lanjut}", 3)
    return respons


# --------------------------------------------------------------------------- reading


def tersedia(respons: dict) -> bool:
    """Whether a response carries data (BPS answers "list-not-available" for a year it has
    not published)."""
    return respons.get("data-availability") == "available"


def kandidat_respons(berkas: Path, wilayah: Iterable[str]) -> Kandidat | None:
    """The rows of a saved response for ``wilayah`` (None when BPS had no data for it).

    The response is narrowed to the regions asked for by their BPS code (the tables by
    province call Indonesia ``INDONESIA`` with code 9999), never by name alone: a national
    table also holds namesakes elsewhere (Kota Banjar in West Java). It is then read by the
    WebAPI importer, so its checks (units, breakdowns, periods, values) apply unchanged.
    """
    from analisis.data.impor.webapi import baca_webapi
    from analisis.data.wilayah import normalisasi_nama

    respons = json.loads(berkas.read_text("utf-8"))
    if not tersedia(respons):
        return None
    pilih = set(wilayah)

    def dipilih(v: dict) -> bool:
        val = str(v.get("val"))
        if val in pilih:
            return True
        indonesia = (
            val == KODE_INDONESIA_WEBAPI or normalisasi_nama(str(v.get("label", ""))) == "indonesia"
        )
        return KODE_NASIONAL in pilih and indonesia

    sempit = {**respons, "vervar": [v for v in respons.get("vervar", []) if dipilih(v)]}
    return baca_webapi(berkas, respons=sempit)


# --------------------------------------------------------------------------- listing


def baris_celah(celah: list[SelKosong]) -> list[str]:
    """The gaps as Indonesian lines: per indicator, the BPS table (title, page, WebAPI var),
    then each region with its missing years."""
    from analisis.data.celah import per_wilayah, ringkas_tahun
    from analisis.data.katalog import muat_katalog
    from analisis.data.wilayah import nama_wilayah

    katalog = muat_katalog()
    baris: list[str] = []
    for ind in dict.fromkeys(s.indikator for s in celah):
        sel = [s for s in celah if s.indikator == ind]
        nama = katalog[ind].nama if ind in katalog else ind
        baris.append(f"{nama}: {len(sel)} sel kosong")
        per_tabel: dict[TabelBps | None, list[SelKosong]] = {}
        for s in sel:
            per_tabel.setdefault(tabel_untuk(s.kode_wilayah, s.indikator), []).append(s)
        for tabel, isi in per_tabel.items():
            if tabel is None:
                baris.append("  Tabel BPS: tidak diketahui; cari di www.bps.go.id lalu impor.")
            else:
                baris.append(f'  Tabel BPS "{tabel.judul}" ({tabel.keterangan_webapi}):')
                baris.append(f"  {tabel.url}")
            for kode, tahun in per_wilayah(isi).items():
                baris.append(f"    {nama_wilayah(kode)} ({kode}): {ringkas_tahun(tahun)}")
    return baris


KOLOM_CSV = [
    "kode_wilayah",
    "wilayah",
    "tahun",
    "indikator",
    "nama_indikator",
    "tabel_bps",
    "webapi_domain",
    "webapi_var",
    "url",
]


def tabel_celah(celah: list[SelKosong]) -> list[dict[str, object]]:
    """One record per missing cell (for ``--format csv``)."""
    from analisis.data.katalog import muat_katalog
    from analisis.data.wilayah import nama_wilayah

    katalog = muat_katalog()
    rekaman = []
    for s in celah:
        tabel = tabel_untuk(s.kode_wilayah, s.indikator)
        rekaman.append(
            {
                "kode_wilayah": s.kode_wilayah,
                "wilayah": nama_wilayah(s.kode_wilayah),
                "tahun": s.tahun,
                "indikator": s.indikator,
                "nama_indikator": katalog[s.indikator].nama if s.indikator in katalog else "",
                "tabel_bps": tabel.judul if tabel else "",
                "webapi_domain": tabel.domain if tabel else "",
                "webapi_var": tabel.var if tabel else "",
                "url": tabel.url if tabel else "",
            }
        )
    return rekaman


def perintah_lengkapi(provinsi: str, tahun_awal: int, tahun_akhir: int) -> str:
    """The command that fills a province's gaps for a span of years."""
    kp = kode_provinsi_baku(provinsi)
    tahun = str(tahun_awal) if tahun_awal == tahun_akhir else f"{tahun_awal}-{tahun_akhir}"
    return f"analisis data lengkapi --provinsi {kp[:2]} --tahun {tahun}"
